"""Every number of an evaluation report goes back to the record it cites.

The report is built on the demo database (both sample plans, the sample observations) for the 14th
plan's final and mid-term evaluations and the 12th plan's final one; each `Number` is checked against
its source: an observation's stored value, an indicator's baseline or target as the current revision
defines it, a count against the items it lists, a calculation recomputed from its inputs.
"""

from __future__ import annotations

import math

import pytest
from service_samples import DemoDatabase
from sqlalchemy.orm import Session

from planwatch.domain.records import ReviewState
from planwatch.evaluate import Number, SourceKind, SourceRef
from planwatch.evaluate.numbers import CAGR, LINEAR_PATH
from planwatch.render.json_writer import render_json
from planwatch.services.evaluation import EvaluationRequest, evaluate_plan, parse_cutoff, parse_kind
from planwatch.store import transaction
from planwatch.store.dashboard_queries import current_definitions
from planwatch.store.models import ObservationRow

CASES = [
    ("14", "final", "2025"),
    ("14", "midterm", "2023-06-30"),
    ("14", "midterm", "2023"),
    ("12", "final", "2015"),
]


def record_value(session: Session, plan_id: int, ref: SourceRef) -> float:
    """The value the record behind `ref` holds (asserting the record exists and matches the ref)."""
    if ref.kind is SourceKind.OBSERVATION:
        assert ref.id is not None
        row = session.get(ObservationRow, ref.id)
        assert row is not None, ref
        assert row.year == ref.year and row.review == ReviewState.ACCEPTED
        return row.value
    if ref.kind in (SourceKind.BASELINE, SourceKind.TARGET):
        definitions, targets = current_definitions(session, plan_id)
        baseline = ref.kind is SourceKind.BASELINE
        for d in definitions:
            if d.id == ref.id and d.line_start == ref.line_start:
                assert (d.baseline_year if baseline else d.target_year) == ref.year
                value = d.baseline_value if baseline else d.target_value
                assert value is not None
                return value
        assert not baseline, ref  # only indicator definitions state baselines
        found = [t for t in targets if t.line_start == ref.line_start and t.year == ref.year]
        assert found, ref
        return found[0].value
    raise AssertionError(f"not a record: {ref}")


def check(session: Session, plan_id: int, number: Number) -> None:
    ref = number.source
    assert ref.label, number
    if ref.kind is SourceKind.COUNT:
        assert number.value == len(ref.members) == len(set(ref.members)), number
        assert number.text == f"{len(ref.members)}{number.unit}"
        return
    if ref.kind is SourceKind.CALCULATION:
        values = [record_value(session, plan_id, i) for i in ref.inputs]
        years = [i.year for i in ref.inputs]
        assert ref.year is not None and None not in years
        if ref.formula == LINEAR_PATH:
            (base, target), (base_year, target_year) = values, years
            assert base_year is not None and target_year is not None
            expected = base + (target - base) * (ref.year - base_year) / (target_year - base_year)
        else:
            assert ref.formula == CAGR
            (start, end), (start_year, end_year) = values, years
            assert start_year is not None and end_year is not None
            expected = ((end / start) ** (1 / (end_year - start_year)) - 1) * 100
        assert math.isclose(number.value, expected, rel_tol=1e-9), (number, expected)
        return
    assert number.value == record_value(session, plan_id, ref), number


@pytest.mark.parametrize(("plan", "kind", "cutoff"), CASES)
def test_every_number_matches_its_source(
    demo_factory: DemoDatabase, plan: str, kind: str, cutoff: str
) -> None:
    plan_id = demo_factory.ids[plan]
    evaluation = evaluate_plan(
        demo_factory.factory, EvaluationRequest(plan_id, parse_kind(kind), parse_cutoff(cutoff))
    )
    numbers = evaluation.report.numbers()
    kinds = {n.source.kind for n in numbers}
    assert {SourceKind.COUNT, SourceKind.OBSERVATION, SourceKind.TARGET} <= kinds
    with transaction(demo_factory.factory, read_only=True) as session:
        for number in numbers:
            check(session, plan_id, number)


def test_midterm_has_progress_values_from_the_linear_path(demo_factory: DemoDatabase) -> None:
    evaluation = evaluate_plan(
        demo_factory.factory,
        EvaluationRequest(demo_factory.ids["14"], parse_kind("midterm"), parse_cutoff("2023")),
    )
    formulas = {
        n.source.formula for n in evaluation.report.numbers() if n.source.kind is SourceKind.CALCULATION
    }
    assert LINEAR_PATH in formulas


def test_figures_of_a_cutoff_year_only(demo_factory: DemoDatabase) -> None:
    """A mid-2023 cut-off uses no figure of 2023 or later (the annual figure does not exist yet)."""
    evaluation = evaluate_plan(
        demo_factory.factory,
        EvaluationRequest(demo_factory.ids["14"], parse_kind("midterm"), parse_cutoff("2023-06-30")),
    )
    years = {n.source.year for n in evaluation.report.numbers() if n.source.kind is SourceKind.OBSERVATION}
    assert years and max(y for y in years if y is not None) <= 2022
    assert evaluation.report.meta.data_year == 2022


def test_same_data_same_content(demo_factory: DemoDatabase) -> None:
    request = EvaluationRequest(demo_factory.ids["14"], parse_kind("final"), parse_cutoff("2025"))
    first = evaluate_plan(demo_factory.factory, request)
    second = evaluate_plan(demo_factory.factory, request)
    assert first == second
    assert render_json(first.report, first.scorecards) == render_json(second.report, second.scorecards)
