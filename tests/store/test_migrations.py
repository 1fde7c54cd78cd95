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


def test_the_origin_constraint_takes_entered_rows_and_nothing_unknown(engine: Engine) -> None:
    """0011: an indicator table typed in by hand (手工录入) is stored with origin `entered`; the CHECK
    constraint still refuses values no code writes."""
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    insert = text(
        "INSERT INTO indicator_definitions (indicator_id, revision_id, position, unit, kind, baseline_text,"
        " target_text, comparator, origin, line_start, line_end)"
        " VALUES (:i, :r, 0, '', 'level', '', '', '>=', :origin, 0, 0)"
    )
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO plans (id, identity_key, title, created_at) VALUES (1, 'p|', 'p', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO plan_revisions (id, plan_id, number, source_path, source_sha256, source_format,"
                " source_line_count, warnings, imported_at)"
                " VALUES (1, 1, 1, 'p.txt', 'x', 'text', 0, '[]', '2026-01-01')"
            )
        )
        conn.execute(
            text("INSERT INTO indicators (id, plan_id, name, created_at) VALUES (1, 1, 'a', '2026-01-01')")
        )
        conn.execute(
            text("INSERT INTO indicators (id, plan_id, name, created_at) VALUES (2, 1, 'b', '2026-01-01')")
        )
        conn.execute(insert, {"i": 1, "r": 1, "origin": "entered"})
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert, {"i": 2, "r": 1, "origin": "guessed"})
