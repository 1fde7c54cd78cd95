"""Service-test fixtures: databases filled the way a user fills them (real sample files, real use cases)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from service_samples import DemoDatabase, load_observations
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.plan import Plan
from planwatch.services.plans import store_plan
from planwatch.store import make_session_factory, upgrade
from store_backends import Backend


def store_samples(factory: sessionmaker[Session], plan12: Plan, plan14: Plan) -> dict[str, int]:
    """Both sample plans stored (12th first, like `make demo`); parsed once per session, not per test."""
    return {"12": store_plan(factory, plan12)[0].id, "14": store_plan(factory, plan14)[0].id}


@pytest.fixture
def plan_ids(factory: sessionmaker[Session], plan12: Plan, plan14: Plan) -> dict[str, int]:
    """Both sample plans imported."""
    return store_samples(factory, plan12, plan14)


@pytest.fixture(scope="module")
def demo_factory(module_backend: Backend, plan12: Plan, plan14: Plan) -> Iterator[DemoDatabase]:
    """What `make demo` loads (both plans, the sample observations for each), once per module and
    backend: the tests using it only read."""
    engine = module_backend.engine()
    upgrade(engine)
    factory = make_session_factory(engine)
    ids = store_samples(factory, plan12, plan14)
    for plan_id in ids.values():
        load_observations(factory, plan_id)
    yield DemoDatabase(factory, ids)
    engine.dispose()
