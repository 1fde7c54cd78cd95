"""Shared fixtures: the sample plans shipped in examples/ (public documents, kept exactly as received), and
the database backends.

Every test that asks for `engine` (or `factory`, `session`) runs on SQLite and, when configured,
PostgreSQL. PostgreSQL runs when PLANWATCH_TEST_POSTGRES_URL is set. Each test gets a fresh schema
(dropped after), selected through the connection's search_path, so tests never see each other's rows.
If the variable is set but the server cannot be reached the test fails: a silent skip would hide a
broken CI database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.plan import Plan
from planwatch.services import parse_plan_file
from planwatch.store.engine import make_session_factory
from planwatch.store.migrate import upgrade
from store_backends import Backend, provide_backend

pytest_plugins = ["web_support"]

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "examples" / "plans"
PLAN_14 = PLANS / "wuhan-14th-sci-tech-2021-2025.txt"
PLAN_12 = PLANS / "wuhan-12th-sci-tech-2011-2015.txt"


@pytest.fixture(scope="session")
def plan14() -> Plan:
    return parse_plan_file(PLAN_14)


@pytest.fixture(scope="session")
def plan12() -> Plan:
    return parse_plan_file(PLAN_12)


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    with provide_backend(request.param, tmp_path) as provided:
        yield provided


@pytest.fixture(scope="module", params=BACKENDS)
def module_backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    """Like `backend`, shared by the tests of one module (for read-only tests on an expensive fixture)."""
    with provide_backend(request.param, tmp_path_factory.mktemp("db")) as provided:
        yield provided


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
