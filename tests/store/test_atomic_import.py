"""An import is one transaction: a failure or a killed process leaves the database exactly as before."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker
from store_builders import counts, make_plan

from planwatch.datasets.observation_files import read_observation_file
from planwatch.store import import_observations, list_indicators, save_plan, transaction
from planwatch.store import observations as observations_module
from planwatch.store import plans as plans_module
from store_backends import Backend

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parents[1] / "examples" / "data" / "wuhan_observations.csv"


def _snapshot(factory: sessionmaker[Session]) -> dict[str, int]:
    with transaction(factory, read_only=True) as session:
        return counts(session)


def _seed(factory: sessionmaker[Session]) -> int:
    with transaction(factory) as session:
        plan_id, _, _ = save_plan(session, make_plan())
    return plan_id


def test_failure_inside_save_plan_leaves_nothing(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(factory)
    before = _snapshot(factory)
    original = plans_module.resolve_department
    calls = {"n": 0}

    def failing(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk on fire")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(plans_module, "resolve_department", failing)
    with pytest.raises(RuntimeError), transaction(factory) as session:
        save_plan(session, make_plan(version="v2", extra_nodes=50))
    assert calls["n"] == 3  # nodes, indicators, targets and observations were flushed before the failure
    assert _snapshot(factory) == before


def test_failure_inside_observation_import_leaves_nothing(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_id = _seed(factory)
    with transaction(factory, read_only=True) as session:
        indicator = next(iter(list_indicators(session, plan_id)))
    before = _snapshot(factory)
    records = read_observation_file(EXAMPLE).records
    original = observations_module.add_observation
    calls = {"n": 0}

    def failing(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 10:
            raise RuntimeError("connection lost")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(observations_module, "add_observation", failing)
    with pytest.raises(RuntimeError), transaction(factory) as session:
        import_observations(session, plan_id, records, who="张", mapping={"高新技术企业数量": indicator})
    assert _snapshot(factory) == before  # neither observations nor the confirmed mapping were kept


@pytest.mark.slow
def test_sigkill_during_a_large_import_leaves_the_database_as_before(
    backend: Backend, engine: Engine, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    _seed(factory)
    before = _snapshot(factory)
    marker = tmp_path / "flushed"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    child = subprocess.Popen(
        [sys.executable, str(HERE / "kill_import_child.py"), backend.url, backend.schema or "", str(marker)],
        env=env,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            if child.poll() is not None:
                stderr = child.stderr.read().decode() if child.stderr else ""
                pytest.fail(f"child ended before the kill point: {stderr}")
            if time.monotonic() > deadline:
                pytest.fail("child never reached the kill point")
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stderr:
            child.stderr.close()

    engine.dispose()  # reopen, as a new process would
    assert _snapshot(factory) == before
    if backend.name == "sqlite":
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    # and the database is usable: the same import now goes through
    with transaction(factory) as session:
        result = save_plan(session, make_plan(version="after-kill", extra_nodes=10))
    assert result.created
