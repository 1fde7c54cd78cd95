"""The two sample Wuhan plans, parsed by the real pipeline, stored and read back on every backend."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from planwatch.datasets.indicator_matching import suggest_mappings
from planwatch.datasets.observation_files import read_observation_file
from planwatch.domain.plan import Plan
from planwatch.domain.records import IndicatorOrigin
from planwatch.store import (
    get_plan,
    import_observations,
    list_indicators,
    list_plans,
    remembered_mappings,
    save_plan,
    tasks_for_department,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "data" / "wuhan_observations.csv"


def test_both_sample_plans_store_and_read_back(session: Session, plan14: Plan, plan12: Plan) -> None:
    id14, _, created14 = save_plan(session, plan14)
    id12, _, created12 = save_plan(session, plan12)
    session.commit()
    assert created14 and created12
    assert save_plan(session, plan14).created is False
    assert {p.title for p in list_plans(session)} == {plan14.title, plan12.title}

    detail = get_plan(session, id14)
    assert detail.summary.scope == "武汉市"
    assert len(detail.nodes) == len(plan14.nodes)
    table = {i.name for i in plan14.indicators}
    # the table's rows, and an indicator for each in-text target no row measures (国家重大科技基础设施)
    assert {i.name for i in detail.indicators if i.origin is IndicatorOrigin.TABLE} == table
    text_targets = [i for i in detail.indicators if i.origin is IndicatorOrigin.TEXT_TARGET]
    assert [i.name for i in text_targets] == ["国家重大科技基础设施"]
    assert len(detail.targets) == len(plan14.targets)
    assert len(detail.tasks) == len(plan14.responsibilities)
    keyed = {n.key: n for n in detail.nodes}
    for node in plan14.nodes:
        stored = keyed[node.id]
        assert (stored.line_start, stored.line_end, stored.title) == (
            node.lines.start,
            node.lines.end,
            node.title,
        )
        if node.parent is not None:
            assert stored.parent_id == keyed[node.parent].id
    assert tasks_for_department(session, "市科技局")
    assert get_plan(session, id12).summary.period_start == plan12.period.start if plan12.period else True


def test_example_observations_map_onto_the_14th_plan(session: Session, plan14: Plan) -> None:
    plan_id, _, _ = save_plan(session, plan14)
    session.commit()
    file = read_observation_file(EXAMPLE)
    candidates = list_indicators(session, plan_id)
    suggestions = suggest_mappings(file.indicator_names, candidates)
    confirmed = {
        name: group[0].indicator_id for name, group in suggestions.items() if group and group[0].score >= 90
    }
    assert confirmed, "at least the exact names should match"
    summary = import_observations(session, plan_id, file.records, who="测试", mapping=confirmed)
    session.commit()
    assert summary.added > 0
    assert remembered_mappings(session, plan_id) == confirmed
