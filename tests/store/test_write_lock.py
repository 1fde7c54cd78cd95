"""Nobody waits for a long import's write lock where they need not (issue 9, item 3).

A long import holds SQLite's write lock (and PostgreSQL row locks) for minutes. Reading with an API
token, a session check, the schema check at `serve` start and read-only commands must not wait for
it; a write that does time out says "database busy", and a full disk says so, each in its own words.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from planwatch.cli.main import app as cli_app
from planwatch.domain.accounts import UserRole
from planwatch.services import DatabaseBusyError, DiskFullError, accounts, connect_database, sessions
from planwatch.services.database import unavailable
from planwatch.store import transaction
from planwatch.store.models import ApiTokenRow, utcnow
from store_backends import Backend
from web_support import csrf_token, make_app

PASSWORD = "correct-horse-battery"


@contextmanager
def sqlite_write_lock(url: str) -> Iterator[None]:
    """Another process's long write: BEGIN IMMEDIATE held on the same file."""
    connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


@contextmanager
def token_row_lock(engine: Engine, token_id: int) -> Iterator[None]:
    """On PostgreSQL: a transaction holding the token's row (as an import touching it would)."""
    with engine.connect() as connection:
        connection.execute(text("SELECT id FROM api_tokens WHERE id = :i FOR UPDATE"), {"i": token_id})
        yield
        connection.rollback()


def _stale_token(factory: sessionmaker[Session]) -> tuple[int, str]:
    user = accounts.add_user(factory, "script", UserRole.VIEWER, who="t", password=PASSWORD).user
    created = accounts.create_token(factory, user.id, "sync", who="t")
    with transaction(factory) as session:  # last used long ago, so this read wants to update it
        session.execute(
            update(ApiTokenRow)
            .values(last_used_at=utcnow() - timedelta(hours=1))
            .where(ApiTokenRow.id == created.token.id)
        )
    return created.token.id, created.secret


def test_token_read_does_not_wait_for_the_write_lock(
    backend: Backend, engine: Engine, factory: sessionmaker[Session]
) -> None:
    token_id, secret = _stale_token(factory)
    lock = sqlite_write_lock(backend.url) if backend.name == "sqlite" else token_row_lock(engine, token_id)
    result: list[object] = []
    with lock:
        worker = threading.Thread(target=lambda: result.append(accounts.principal_for_token(factory, secret)))
        worker.start()
        worker.join(timeout=20)  # a waiting read would sit out SQLite's 30 s busy timeout, or forever
        assert not worker.is_alive(), "the token read waited for the lock"
    grant = result[0]
    assert isinstance(grant, accounts.TokenGrant) and grant.principal.username == "script"


def test_session_check_does_not_wait_for_the_write_lock(
    backend: Backend, factory: sessionmaker[Session]
) -> None:
    if backend.name != "sqlite":
        pytest.skip("PostgreSQL readers never wait for writers")
    user = accounts.add_user(factory, "browser", UserRole.VIEWER, who="t", password=PASSWORD).user
    secret = sessions.start_session(factory, user.id, "127.0.0.1", lifetime=timedelta(hours=1))
    later = utcnow() + timedelta(minutes=5)  # past the touch interval: the check wants to write
    with sqlite_write_lock(backend.url):
        found: list[int | None] = []
        import planwatch.services.sessions as module

        original = module.utcnow
        module.utcnow = lambda: later  # type: ignore[assignment]
        try:
            worker = threading.Thread(
                target=lambda: found.append(sessions.session_user(factory, secret, idle=timedelta(hours=2)))
            )
            worker.start()
            worker.join(timeout=20)
        finally:
            module.utcnow = original  # type: ignore[assignment]
        assert not worker.is_alive()
    assert found == [user.id]


def test_serve_check_and_read_only_commands_run_during_a_write(tmp_path: object, engine: Engine) -> None:
    url = str(engine.url)
    if not url.startswith("sqlite"):
        pytest.skip("the write lock is SQLite's")
    runner = CliRunner()
    with sqlite_write_lock(url):
        done: list[object] = []

        def reads() -> None:
            connect_database(url).engine.dispose()  # what `serve` does before starting the workers
            for args in (["plans"], ["user", "list"], ["token", "list"], ["tasks"]):
                result = runner.invoke(cli_app, ["--database", url, *args])
                done.append((args, result.exit_code, result.output))

        worker = threading.Thread(target=reads)
        worker.start()
        worker.join(timeout=60)
        assert not worker.is_alive(), "a read-only command waited for the write lock"
    codes = {tuple(args): code for args, code, _ in done}  # type: ignore[misc]
    assert codes[("plans",)] == 0 and codes[("user", "list")] == 0 and codes[("token", "list")] == 0


def test_a_write_that_times_out_says_the_database_is_busy(
    backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend.name != "sqlite":
        pytest.skip("SQLite's busy timeout")
    monkeypatch.setattr("planwatch.store.engine.SQLITE_BUSY_TIMEOUT_MS", 300)
    app = make_app(backend.app_url)
    factory = app.state.planwatch.factory
    accounts.add_user(factory, "boss", UserRole.ADMIN, who="t", password=PASSWORD)
    try:
        with TestClient(app) as client:
            data = {"username": "boss", "password": PASSWORD, "csrf_token": csrf_token(client)}
            assert client.post("/login", data=data, follow_redirects=False).status_code == 303
            token = csrf_token(client)
            with sqlite_write_lock(backend.url):
                response = client.post("/api/v1/tokens", json={"name": "x"}, headers={"X-CSRF-Token": token})
                page = client.post("/account/tokens", data={"name": "x", "csrf_token": token})
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "database_busy"
        assert "数据库正忙" in response.json()["error"]["message"]
        assert page.status_code == 503 and "数据库正忙" in page.text
    finally:
        app.state.planwatch.database.engine.dispose()
    with sqlite_write_lock(backend.url):
        result = CliRunner().invoke(cli_app, ["--database", backend.app_url, "user", "add", "late"])
    assert isinstance(result.exception, DatabaseBusyError), result.output


class _Driver(Exception):
    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("driver", "kind", "words"),
    [
        (_Driver("database or disk is full"), DiskFullError, "磁盘空间已满"),
        (_Driver("could not extend file: No space left on device", "53100"), DiskFullError, "磁盘空间已满"),
        (_Driver("database is locked"), DatabaseBusyError, "数据库正忙"),
        (_Driver("canceling statement due to lock timeout", "55P03"), DatabaseBusyError, "数据库正忙"),
        (_Driver("connection refused"), None, "无法连接数据库"),
    ],
)
def test_disk_full_and_busy_have_their_own_messages(driver: _Driver, kind: type | None, words: str) -> None:
    error = unavailable("sqlite:///x.db", OperationalError("INSERT", {}, driver))
    assert words in error.message
    assert kind is None or isinstance(error, kind)
    assert kind is not None or not isinstance(error, DiskFullError | DatabaseBusyError)
