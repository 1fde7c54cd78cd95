"""Plan and task use cases on every backend: import (idempotent), list, default plan, tasks by unit."""

from __future__ import annotations

from pathlib import Path

import pytest
from service_samples import PLAN_12, PLAN_14
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.errors import PlanwatchError
from planwatch.services import PlanImport, find_tasks, import_plan_file, import_plan_files, stored_plans
from planwatch.services.plans import resolve_plan
from planwatch.store import NotFoundError, transaction


def test_import_is_idempotent_and_lists_plans(factory: sessionmaker[Session]) -> None:
    first = import_plan_file(factory, PLAN_14)
    again = import_plan_file(factory, PLAN_14)
    assert first.created and not again.created
    assert again.plan.id == first.plan.id
    assert again.plan.revision_count == 1
    plans = stored_plans(factory)
    assert [p.title for p in plans] == ["武汉市科技创新发展“十四五”规划"]
    assert plans[0].scope == "武汉市"


def test_batch_import_reports_a_bad_file_and_goes_on(factory: sessionmaker[Session], tmp_path: Path) -> None:
    broken = tmp_path / "empty.txt"
    broken.write_bytes(b"")
    results = dict(import_plan_files(factory, [broken, PLAN_12]))
    assert isinstance(results[broken], PlanwatchError)
    imported = results[PLAN_12]
    assert isinstance(imported, PlanImport) and imported.created
    assert len(stored_plans(factory)) == 1


def test_default_plan_is_the_latest_period(factory: sessionmaker[Session], plan_ids: dict[str, int]) -> None:
    with transaction(factory, read_only=True) as session:
        assert resolve_plan(session, None).id == plan_ids["14"]
        assert resolve_plan(session, plan_ids["12"]).period_start == 2011
        with pytest.raises(NotFoundError, match="planwatch plans"):
            resolve_plan(session, 999)


def test_no_plan_yet_says_what_to_do(factory: sessionmaker[Session]) -> None:
    with pytest.raises(NotFoundError, match="planwatch import"):
        find_tasks(factory)


def test_tasks_of_a_plan_and_of_a_unit(factory: sessionmaker[Session], plan_ids: dict[str, int]) -> None:
    listing = find_tasks(factory)
    assert listing.plan is not None and listing.plan.id == plan_ids["14"]
    assert listing.tasks and listing.unit is None
    by_unit = find_tasks(factory, unit="市科技局")
    assert by_unit.unit == "市科技局" and by_unit.plan is None
    assert by_unit.tasks
    assert all(t.lead == "市科技局" or any(d.name == "市科技局" for d in t.supporting) for t in by_unit.tasks)
    assert {t.id for t in by_unit.tasks} <= {t.id for t in listing.tasks}
    with pytest.raises(NotFoundError, match="找不到名为“不存在的局”的责任单位"):
        find_tasks(factory, unit="不存在的局")
