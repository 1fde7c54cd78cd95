"""12th → 14th Wuhan: the crosswalk, continuity and carry-over against labels written by hand.

The expected labels (`fixtures_compare/wuhan-12th-14th-crosswalk.json`) were written from reading
both plan texts; every indicator the reader stores for either plan must be there, so a reader change
that adds, drops or renames an indicator makes this test fail until the fixture is checked again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from service_samples import DemoDatabase

from planwatch.compare.model import CarryRow, PairLabel
from planwatch.services.comparison import ComparisonResult, compare

EXPECTED: dict[str, Any] = json.loads(
    (Path(__file__).parent / "fixtures_compare" / "wuhan-12th-14th-crosswalk.json").read_text("utf-8")
)


@pytest.fixture(scope="module")
def result(demo_factory: DemoDatabase) -> ComparisonResult:
    return compare(demo_factory.factory, demo_factory.ids["12"], demo_factory.ids["14"])


def test_every_indicator_of_both_plans_has_a_hand_written_label(result: ComparisonResult) -> None:
    comparison = result.comparison
    assert sorted(i.name for i in comparison.a.indicators) == sorted(e["name"] for e in EXPECTED["a"])
    assert sorted(i.name for i in comparison.b.indicators) == sorted(e["name"] for e in EXPECTED["b"])


def _cases(entries: list[dict[str, Any]]) -> list[Any]:
    """Hand-written expectations; a known miss of the program is a strict xfail, never tuned away."""
    return [
        pytest.param(e, marks=pytest.mark.xfail(strict=True, reason=e["known_miss"]))
        if "known_miss" in e
        else e
        for e in entries
    ]


@pytest.mark.parametrize("expected", _cases(EXPECTED["a"]), ids=lambda e: e["name"])
def test_label_of_each_12th_indicator(result: ComparisonResult, expected: dict[str, Any]) -> None:
    rows = [r for r in result.comparison.crosswalk if r.a is not None and r.a.name == expected["name"]]
    assert [r.label.value for r in rows] == [expected["label"]], [r.rationale for r in rows]
    partner = rows[0].b.name if rows[0].b is not None else None
    assert partner == expected.get("b")
    assert rows[0].rationale


@pytest.mark.parametrize("expected", _cases(EXPECTED["b"]), ids=lambda e: e["name"])
def test_label_of_each_14th_indicator(result: ComparisonResult, expected: dict[str, Any]) -> None:
    rows = [r for r in result.comparison.crosswalk if r.b is not None and r.b.name == expected["name"]]
    assert {r.label.value for r in rows} == {expected["label"]}
    assert sorted(r.a.name for r in rows if r.a is not None) == sorted(expected.get("a", []))


def test_pairs_carry_their_evidence(result: ComparisonResult) -> None:
    by_a = {r.a.name: r for r in result.comparison.crosswalk if r.a is not None and r.b is not None}
    patents = by_a["每万人发明专利拥有量"].evidence
    assert patents is not None
    assert "高价值" in patents.rule and patents.unit_match == "same"
    share = by_a["高新技术产业增加值占工业增加值的比重"].evidence
    assert share is not None and "gdp" in share.rule.lower()
    contracts = by_a["每万人技术合同成交额"].evidence
    assert contracts is not None and contracts.unit_match == "different"
    assert (contracts.unit_a, contracts.unit_b) == ("万元", "亿元")


@pytest.mark.parametrize("expected", EXPECTED["continuity"], ids=lambda e: e["a"])
def test_continuity_where_both_plans_give_the_value(
    result: ComparisonResult, expected: dict[str, Any]
) -> None:
    row = next(r for r in result.comparison.crosswalk if r.a is not None and r.a.name == expected["a"])
    check = row.continuity
    assert check is not None and check.a_final is not None
    assert check.a_target == expected["a_target"]
    assert (check.a_final.year, check.a_final.value) == (expected["final_year"], expected["final_value"])
    assert check.achieved is expected["achieved"]
    assert any("目标已实现" in s for s in check.sentences)


def test_a_redefined_pair_gets_no_baseline_verdict(result: ComparisonResult) -> None:
    row = next(
        r for r in result.comparison.crosswalk if r.a is not None and r.a.name == "每万人技术合同成交额"
    )
    assert row.label is PairLabel.REDEFINED
    assert row.continuity is not None and row.continuity.baseline_consistent is None


def _find(rows: tuple[CarryRow, ...], expected: dict[str, Any]) -> CarryRow:
    return next(r for r in rows if r.a is not None and r.a.line_start == expected["a_line"])


def _check(row: CarryRow, expected: dict[str, Any]) -> None:
    assert row.a is not None and row.a.title == expected["a_title"]
    assert row.b is not None, f"{expected['a_title']} was not matched"
    assert (row.b.title, row.b.line_start) == (expected["b_title"], expected["b_line"])
    assert row.label.value == expected["label"]


@pytest.mark.parametrize("expected", EXPECTED["tasks"], ids=lambda e: e["a_title"])
def test_tasks_carried_over_with_both_source_lines(
    result: ComparisonResult, expected: dict[str, Any]
) -> None:
    _check(_find(result.comparison.tasks, expected), expected)


@pytest.mark.parametrize(
    "expected",
    [
        pytest.param(e, marks=pytest.mark.xfail(strict=True, reason=e["known_miss"]))
        if "known_miss" in e
        else e
        for e in EXPECTED["projects"]
    ],
    ids=lambda e: e["a_title"],
)
def test_projects_carried_over_with_both_source_lines(
    result: ComparisonResult, expected: dict[str, Any]
) -> None:
    _check(_find(result.comparison.projects, expected), expected)


def test_the_gap_between_the_plans_is_noted(result: ComparisonResult) -> None:
    assert any("相隔5年" in n for n in result.comparison.notes)
