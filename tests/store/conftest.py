"""Storage test fixtures: every test that asks for `engine` runs on SQLite and, when configured, PostgreSQL.

PostgreSQL runs when PLANWATCH_TEST_POSTGRES_URL is set. Each test gets a fresh schema (dropped after),
selected through the connection's search_path, so tests never see each other's rows. If the variable is
set but the server cannot be reached the test fails: a silent skip would hide a broken CI database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from store_backends import Backend

from planwatch.store.engine import make_engine, make_session_factory
from planwatch.store.migrate import upgrade

POSTGRES_ENV = "PLANWATCH_TEST_POSTGRES_URL"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "sqlite":
        yield Backend("sqlite", f"sqlite:///{tmp_path / 'planwatch.sqlite3'}", None)
        return
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set; PostgreSQL tests not run")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = make_engine(url, connect_args={"connect_timeout": 5})
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except OperationalError as exc:
        admin.dispose()
        pytest.fail(f"{POSTGRES_ENV} is set to {url!r} but PostgreSQL cannot be reached: {exc}")
    try:
        yield Backend("postgresql", url, schema)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def empty_engine(backend: Backend) -> Iterator[Engine]:
    """An engine on an empty database (no tables)."""
    engine = backend.engine()
    yield engine
    engine.dispose()


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    """An engine on a database migrated to head."""
    upgrade(empty_engine)
    return empty_engine


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def session(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work the test commits itself, as a service would."""
    with factory() as s:
        yield s
