"""Migrations: `upgrade` builds the schema from nothing on every backend, and it matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from planwatch.store.migrate import current_revision, head_revision, upgrade
from planwatch.store.models import Base, model_tables


def test_upgrade_head_on_an_empty_database(empty_engine: Engine) -> None:
    assert current_revision(empty_engine) is None
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()
    tables = set(inspect(empty_engine).get_table_names())
    assert set(model_tables()) <= tables
    assert "alembic_version" in tables


def test_upgrade_is_idempotent(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    upgrade(empty_engine)
    assert current_revision(empty_engine) == head_revision()


def test_models_match_the_migrations(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_upgrade_accepts_a_url(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "by-url.sqlite3"
    upgrade(f"sqlite:///{path}")
    assert path.exists()
