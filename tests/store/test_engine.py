"""Engine factory: default location, URL mapping, SQLite pragmas and BEGIN IMMEDIATE for writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import platformdirs
import pytest
from sqlalchemy import Engine, event, text

from planwatch.store.engine import (
    DatabaseConfigError,
    default_database_url,
    make_engine,
    make_session_factory,
    normalize_url,
    transaction,
)


def test_default_url_is_a_sqlite_file_in_the_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLANWATCH_DATABASE_URL", raising=False)
    url = default_database_url()
    assert url.startswith("sqlite:///")
    assert url.endswith("planwatch.sqlite3")
    assert platformdirs.user_data_dir("planwatch") in url


def test_environment_variable_selects_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_DATABASE_URL", "postgresql://u@db.example/plans")
    assert default_database_url() == "postgresql://u@db.example/plans"


@pytest.mark.parametrize("url", ["postgresql://u@h/db", "postgres://u@h/db", "postgresql+psycopg2://u@h/db"])
def test_postgres_urls_use_psycopg3(url: str) -> None:
    assert normalize_url(url).drivername == "postgresql+psycopg"


def test_unsupported_url_is_a_chinese_user_error() -> None:
    with pytest.raises(DatabaseConfigError) as info:
        normalize_url("mysql://u@h/db")
    assert "不支持" in info.value.message
    with pytest.raises(DatabaseConfigError):
        normalize_url("not a url")


def test_make_engine_creates_the_directory_and_sets_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'deep' / 'er' / 'db.sqlite3'}")
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30_000
        assert (tmp_path / "deep" / "er").is_dir()
    finally:
        engine.dispose()


def _begins(engine: Engine) -> list[str]:
    seen: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _capture(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith("BEGIN"):
            seen.append(statement)

    return seen


def test_writes_begin_immediate_and_reads_deferred(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        seen = _begins(engine)
        factory = make_session_factory(engine)
        with transaction(factory) as session:
            session.execute(text("SELECT 1"))
        with transaction(factory, read_only=True) as session:
            session.execute(text("SELECT 1"))
        assert seen == ["BEGIN IMMEDIATE", "BEGIN DEFERRED"]
    finally:
        engine.dispose()


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
        factory = make_session_factory(engine)
        with pytest.raises(RuntimeError), transaction(factory) as session:
            session.execute(text("INSERT INTO t VALUES (1)"))
            raise RuntimeError("boom")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 0
    finally:
        engine.dispose()


def test_write_lock_is_taken_at_begin(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE takes the write lock up front, so a competing writer is refused at its BEGIN."""
    path = tmp_path / "db.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
        with engine.begin():  # nothing written yet, but the lock is held
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            finally:
                other.close()
    finally:
        engine.dispose()
