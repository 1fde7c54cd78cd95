"""Engines and sessions: SQLite in the user's data directory by default, PostgreSQL when configured.

Nothing here runs at import time; callers build an engine with `make_engine` and own its lifetime.

SQLite needs care to behave under concurrent use (see shared/DEPENDENCIES.md): WAL so readers do not
block the writer, a busy timeout so a second writer waits instead of failing, foreign keys switched on
(they are off by default), and ``BEGIN IMMEDIATE`` so a transaction takes the write lock when it starts
rather than failing with "database is locked" when it first writes after reading.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.errors import PlanwatchError

logger = logging.getLogger(__name__)

DATABASE_URL_ENV = "PLANWATCH_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_ONLY_OPTION = "planwatch_read_only"
NO_WAIT_OPTION = "planwatch_no_wait"
POSTGRES_NO_WAIT_LOCK_TIMEOUT = "200ms"
_RESTORE_BUSY = "planwatch_restore_busy_timeout"


class DatabaseConfigError(PlanwatchError):
    """The database URL cannot be used."""


def default_database_url() -> str:
    """The URL to use when the caller gives none: `PLANWATCH_DATABASE_URL`, else a per-user SQLite file."""
    configured = os.environ.get(DATABASE_URL_ENV, "").strip()
    if configured:
        return configured
    path = Path(platformdirs.user_data_dir("planwatch")) / "planwatch.sqlite3"
    return f"sqlite:///{path}"


def normalize_url(url: str | URL) -> URL:
    """Parse `url` and pick our drivers: psycopg 3 for PostgreSQL (plain URLs would ask for psycopg2)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseConfigError(
            f"数据库地址“{url}”无法解析，请改为 sqlite:///文件路径 或 postgresql://用户@主机/库名 的形式。",
            detail=str(exc),
        ) from exc
    if parsed.drivername in {"postgresql", "postgres", "postgresql+psycopg2"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise DatabaseConfigError(
            f"不支持的数据库类型“{parsed.get_backend_name()}”，请使用 SQLite 或 PostgreSQL。",
        )
    return parsed


def make_engine(url: str | URL | None = None, **kwargs: Any) -> Engine:
    """Create an engine for `url` (default: `default_database_url()`), configured for safe concurrent use.

    For SQLite files the parent directory is created, so a first run in a fresh account just works.
    Extra keyword arguments go to `sqlalchemy.create_engine` (tests pass `connect_args`, for instance).
    """
    parsed = normalize_url(url if url is not None else default_database_url())
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        connect_args = dict(kwargs.pop("connect_args", {}))
        connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
        engine = create_engine(parsed, connect_args=connect_args, **kwargs)
        _configure_sqlite(engine)
    else:
        kwargs.setdefault("pool_pre_ping", True)
        engine = create_engine(parsed, **kwargs)
    logger.debug("engine created for %s", parsed.render_as_string(hide_password=True))
    return engine


def _configure_sqlite(engine: Engine) -> None:
    """Install the pragmas and our own BEGIN on every SQLite connection of `engine`."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so that we emit BEGIN ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        if options.get(READ_ONLY_OPTION):
            conn.exec_driver_sql("BEGIN DEFERRED")
            return
        if options.get(NO_WAIT_OPTION):
            # Fail at once with "database is locked" instead of queueing behind a long write.
            conn.exec_driver_sql("PRAGMA busy_timeout=0")
            conn.connection.info[_RESTORE_BUSY] = True
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection: Any, record: Any) -> None:
        if dbapi_connection is not None and record.info.pop(_RESTORE_BUSY, False):
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            finally:
                cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to `engine`. Objects stay readable after commit (expire_on_commit off)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(
    factory: sessionmaker[Session], *, read_only: bool = False, no_wait: bool = False
) -> Iterator[Session]:
    """One unit of work: commit when the block ends, roll back (leaving nothing written) when it raises.

    This is for the service layer, which owns transactions; repository functions never commit. On
    SQLite a writing transaction starts with BEGIN IMMEDIATE; `read_only=True` uses a deferred BEGIN so
    readers never wait for the write lock. `no_wait=True` is for writes that may be skipped (a "last
    used" time): instead of waiting for a lock held by a long import they fail at once with an
    `OperationalError` (SQLite: no busy timeout; PostgreSQL: a short lock timeout) for the caller to ignore.
    """
    with factory() as session, session.begin():
        if read_only:
            # Executed options apply to the BEGIN, which runs when the first connection is taken.
            session.connection(execution_options={READ_ONLY_OPTION: True})
        elif no_wait:
            connection = session.connection(execution_options={NO_WAIT_OPTION: True})
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{POSTGRES_NO_WAIT_LOCK_TIMEOUT}'")
        yield session
