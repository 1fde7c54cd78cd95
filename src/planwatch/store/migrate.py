"""Run the packaged Alembic migrations from code, so no alembic.ini is needed next to the database."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.engine import URL

from planwatch.store.engine import READ_ONLY_OPTION, make_engine

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def make_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic configuration pointing at the packaged scripts, bound to `connection` or `url`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine_or_url: Engine | str | URL | None = None, revision: str = "head") -> None:
    """Bring the database schema up to `revision` (default: the newest) in one transaction.

    Accepts an engine (used as is), a URL, or nothing (the default database). Safe to run on every
    start: an up-to-date database is left untouched.
    """
    owned = not isinstance(engine_or_url, Engine)
    engine = engine_or_url if isinstance(engine_or_url, Engine) else make_engine(engine_or_url)
    try:
        with engine.begin() as connection:
            command.upgrade(make_config(connection), revision)
        logger.info("database schema upgraded to %s", revision)
    finally:
        if owned:
            engine.dispose()


def head_revision() -> str | None:
    """The newest migration shipped with this version of planwatch."""
    return ScriptDirectory.from_config(make_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at, or None for a database that was never migrated.

    A read: on SQLite it never waits for the write lock, so `serve` starts and read-only commands run
    while a long import is writing.
    """
    with engine.connect() as connection:
        connection.execution_options(**{READ_ONLY_OPTION: True})
        return MigrationContext.configure(connection).get_current_revision()


def has_table(engine: Engine, name: str) -> bool:
    """Whether the table exists, asked without taking SQLite's write lock."""
    with engine.connect() as connection:
        connection.execution_options(**{READ_ONLY_OPTION: True})
        return inspect(connection).has_table(name)
