"""Opening the database for a use case: engine, session factory and a schema that matches this version.

Policy (documented in the README): a database that was never migrated (a fresh SQLite file, an empty
PostgreSQL schema) is created automatically on first use, because there is nothing to lose and a first
run should just work. A database at an older or unknown migration is never changed implicitly: the
user is told to run `planwatch db upgrade`, since upgrading real data should be a deliberate act.
Connection failures become one Chinese sentence instead of a driver traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.errors import PlanwatchError
from planwatch.store import default_database_url, make_engine, make_session_factory, upgrade
from planwatch.store.migrate import current_revision, has_table, head_revision, make_config

logger = logging.getLogger(__name__)

POSTGRES_CONNECT_TIMEOUT_S = 10
_FOREIGN_TABLES = "数据库 {url} 中已有不是由 planwatch 迁移脚本建立的表，请换一个空数据库后重试。"


class DatabaseUnavailableError(PlanwatchError):
    """The database cannot be reached or opened."""


class SchemaOutdatedError(PlanwatchError):
    """The database schema is not the one this version of planwatch expects."""


class DatabaseBusyError(DatabaseUnavailableError):
    """Another writer (a long import) holds the lock this operation needed; retrying later works."""


class DiskFullError(DatabaseUnavailableError):
    """The database's disk is full: nothing more can be written until space is freed."""


# PostgreSQL SQLSTATEs: disk_full, and lock_not_available / deadlock_detected / query_canceled (timeouts).
_DISK_FULL_STATES = frozenset({"53100"})
_BUSY_STATES = frozenset({"55P03", "40P01", "57014"})
_DISK_FULL_WORDS = ("database or disk is full", "no space left on device", "could not extend file")
_BUSY_WORDS = ("database is locked", "database table is locked", "lock timeout", "canceling statement due to")


@dataclass(frozen=True, slots=True)
class Database:
    """An open database: the engine (owned by whoever opened it) and a session factory bound to it."""

    url: str
    engine: Engine
    factory: sessionmaker[Session]

    @property
    def display_url(self) -> str:
        """The URL without its password, for messages."""
        return make_url(self.url).render_as_string(hide_password=True)


def _display(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except SQLAlchemyError:
        return url


def connect(url: str | None = None) -> Engine:
    """An engine for `url` (default: `PLANWATCH_DATABASE_URL` or the per-user SQLite file).

    PostgreSQL connections time out after a few seconds, so an unreachable server gives a message
    instead of a long hang.
    """
    resolved = url or default_database_url()
    try:
        if make_url_backend(resolved) == "postgresql":
            return make_engine(resolved, connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S})
        return make_engine(resolved)
    except OSError as exc:  # the SQLite file's folder cannot be created
        raise DatabaseUnavailableError(
            f"无法创建数据库文件所在的目录（{exc.strerror or exc}），请换一个可写的位置或检查权限。",
            detail=repr(exc),
        ) from exc


def make_url_backend(url: str) -> str:
    """'sqlite', 'postgresql' or another backend name; '' when the URL cannot be parsed (make_engine says why)."""
    try:
        return make_url(url).get_backend_name()
    except SQLAlchemyError:
        return ""


def unavailable(url: str, exc: SQLAlchemyError) -> DatabaseUnavailableError:
    """The user-facing error for a database operation that failed: a full disk, a busy database, or
    a database that cannot be reached — each with its own sentence, since what to do differs."""
    original = getattr(exc, "orig", None) or exc
    state = getattr(original, "sqlstate", None)
    text = str(original).lower()
    if state in _DISK_FULL_STATES or any(w in text for w in _DISK_FULL_WORDS):
        return DiskFullError(
            "数据库所在磁盘空间已满，操作未完成、数据没有被修改。请清理磁盘空间或联系管理员后重试。",
            detail=str(exc),
        )
    if state in _BUSY_STATES or any(w in text for w in _BUSY_WORDS):
        return DatabaseBusyError(
            "数据库正忙（可能有大批数据正在导入），操作未完成、数据没有被修改。请稍后重试。",
            detail=str(exc),
        )
    where = f" {_display(url)}" if url else ""
    return DatabaseUnavailableError(
        f"无法连接数据库{where}，请检查数据库地址、服务是否已启动以及访问权限后重试。",
        detail=str(exc),
    )


def schema_state(engine: Engine) -> str | None:
    """The migration the database is at, None for a database without our tables."""
    revision = current_revision(engine)
    if revision is None and has_table(engine, "plans"):
        # Tables without Alembic's bookkeeping: not ours to migrate silently.
        return "unknown"
    return revision


def is_known_revision(revision: str) -> bool:
    """True when `revision` is one of the migrations shipped with this version."""
    try:
        return ScriptDirectory.from_config(make_config()).get_revision(revision) is not None
    except CommandError:
        return False


def ensure_schema(engine: Engine, url: str) -> None:
    """Create the schema of a never-migrated database; refuse an outdated one (see the module docstring)."""
    try:
        revision = schema_state(engine)
    except OperationalError as exc:
        raise unavailable(url, exc) from exc
    head = head_revision()
    if revision == head:
        return
    if revision is None:
        logger.info("database %s has no schema yet; creating it", _display(url))
        upgrade(engine)
        return
    if revision == "unknown":
        raise SchemaOutdatedError(_FOREIGN_TABLES.format(url=_display(url)))
    if not is_known_revision(revision):
        raise SchemaOutdatedError(
            f"数据库结构版本（{revision}）比本程序新，可能由更新版本的 planwatch 建立，请升级 planwatch 后再使用。"
        )
    raise SchemaOutdatedError(
        f"数据库结构版本（{revision}）与本程序（{head}）不一致，请先运行 planwatch db upgrade 再重试。"
    )


@contextmanager
def open_database(url: str | None = None, *, prepare: bool = True) -> Iterator[Database]:
    """Open the database for the length of a block; with `prepare`, make sure the schema is current.

    The engine is disposed when the block ends, so a command leaves no connections behind.
    """
    resolved = url or default_database_url()
    engine = connect(resolved)
    try:
        if prepare:
            ensure_schema(engine, resolved)
        yield Database(resolved, engine, make_session_factory(engine))
    except OperationalError as exc:
        raise unavailable(resolved, exc) from exc
    finally:
        engine.dispose()


def upgrade_database(url: str | None = None) -> tuple[str | None, str | None]:
    """Bring the schema to the newest migration; returns the revision before and after."""
    resolved = url or default_database_url()
    engine = connect(resolved)
    try:
        before = schema_state(engine)
        if before == "unknown":
            raise SchemaOutdatedError(_FOREIGN_TABLES.format(url=_display(resolved)))
        if before is not None and not is_known_revision(before):
            raise SchemaOutdatedError(
                f"数据库结构版本（{before}）比本程序新，可能由更新版本的 planwatch 建立，请升级 planwatch 后再使用。"
            )
        upgrade(engine)
        return before, current_revision(engine)
    except OperationalError as exc:
        raise unavailable(resolved, exc) from exc
    finally:
        engine.dispose()


def connect_database(url: str | None = None) -> Database:
    """Open the database for a long-running process (the web server), making sure the schema is current.

    Unlike `open_database`, the caller owns the engine and disposes it when the process stops.
    """
    resolved = url or default_database_url()
    engine = connect(resolved)
    try:
        ensure_schema(engine, resolved)
    except BaseException:
        engine.dispose()
        raise
    return Database(resolved, engine, make_session_factory(engine))
