"""Opening the database: created on first use, an unknown schema refused, connection failures explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from planwatch.services import (
    DatabaseUnavailableError,
    SchemaOutdatedError,
    open_database,
    stored_plans,
    upgrade_database,
)
from planwatch.services.database import ensure_schema
from planwatch.store.migrate import current_revision, head_revision
from store_backends import Backend


def test_first_use_creates_the_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'new.db'}"
    with open_database(url) as db:
        assert stored_plans(db.factory) == []
        assert current_revision(db.engine) == head_revision()
    assert (tmp_path / "sub" / "new.db").is_file()


def test_upgrade_reports_before_and_after(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'up.db'}"
    assert upgrade_database(url) == (None, head_revision())
    assert upgrade_database(url) == (head_revision(), head_revision())


def test_schema_from_a_newer_version_is_refused(backend: Backend, engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaOutdatedError, match="比本程序新"):
        ensure_schema(engine, backend.url)


def test_foreign_tables_are_not_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.db'}"
    with open_database(url, prepare=False) as db, db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE plans (id INTEGER PRIMARY KEY)"))
    with pytest.raises(SchemaOutdatedError, match="换一个空数据库"), open_database(url):
        pass
    with pytest.raises(SchemaOutdatedError, match="换一个空数据库"):
        upgrade_database(url)


def test_unreachable_server_is_one_sentence() -> None:
    with (
        pytest.raises(DatabaseUnavailableError, match="无法连接数据库") as caught,
        open_database("postgresql://nobody@127.0.0.1:1/none"),
    ):
        pass
    assert "127.0.0.1" in caught.value.message and "\n" not in caught.value.message


def test_sqlite_file_in_an_unwritable_place(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(DatabaseUnavailableError), open_database(f"sqlite:///{blocker / 'x' / 'db.sqlite'}"):
        pass
