"""Continuity and ambition of a crosswalk pair, and the sentences a drafting office would write.

Checks, each only when its inputs exist:

* **outcome of A**: A's target against A's last figure up to its target year (the monitoring status
  decides when it is final: 提前实现 / 已完成 / 未完成);
* **baseline continuity**: B's baseline against the series' actual figure for B's base year (for
  successive plans, A's final year); equal within `TOLERANCE`, else a discrepancy to explain;
* **ambition**: the annual rate B's target requires (CAGR for levels, percentage points a year for
  shares, the target itself for a 年均增速) against the rate achieved during A, their ratio, and flags
  for a target below the achieved trend or more than `FAR_ABOVE` times it.

Rates and the ratio are compared only for pairs that measure the same quantity (continued, renamed);
for a redefinition they are given with a caveat, for a replacement not at all.
"""

from __future__ import annotations

import math
from dataclasses import replace

from planwatch.compare.model import (
    Continuity,
    CrosswalkRow,
    Figure,
    IndicatorFacts,
    PairLabel,
    PlanFacts,
)
from planwatch.compare.names import UnitFamily, unit_family
from planwatch.domain.comparison import SAME_SERIES_LABELS
from planwatch.domain.plan import Comparator, IndicatorKind
from planwatch.monitor.wording import format_number

TOLERANCE = 0.01  # relative gap under which two figures are the same figure (rounding in print)
POINT_TOLERANCE = 0.05  # percentage points, for shares
FAR_ABOVE = 2.0
ACHIEVED = ("提前实现", "已完成")
MISSED = ("未完成",)
_ESTIMATE_WORDS = ("预计", "*", "∗", "左右", "约")

FLAG_LABELS = {
    "achieved_early": "上期提前实现",
    "not_achieved": "上期未实现",
    "baseline_mismatch": "基期值与上期实际不一致",
    "baseline_estimate": "基期值为预计数",
    "below_trend": "低于上期实际趋势",
    "far_above_trend": "远高于上期实际趋势",
    "definition_change": "口径调整，仅供参考",
}


def _is_percent(unit: str) -> bool:
    return unit_family(unit) is UnitFamily.PERCENT


def final_figure(a: IndicatorFacts, end_year: int | None) -> Figure | None:
    """A's last figure up to its target year (or the plan's end year)."""
    limit = a.target_year or end_year
    figures = [f for f in a.figures if limit is None or f.year <= limit]
    return max(figures, key=lambda f: f.year) if figures else None


def figure_in(item: IndicatorFacts, year: int | None) -> Figure | None:
    if year is None:
        return None
    return next((f for f in item.figures if f.year == year), None)


def _met(value: float, target: float, comparator: Comparator) -> bool:
    if comparator is Comparator.LE:
        return value <= target
    if comparator in (Comparator.APPROX, Comparator.EQ):
        return value >= target * (1 - 0.05)
    return value >= target


def achieved(a: IndicatorFacts, final: Figure | None) -> bool | None:
    """Whether A's target was met: the monitoring status when final, else the target-year figure."""
    if a.status in ACHIEVED:
        return True
    if a.status in MISSED:
        return False
    if a.kind is IndicatorKind.GROWTH or final is None or a.target_value is None:
        return None
    if a.target_year is not None and final.year != a.target_year:
        return None
    return _met(final.value, a.target_value, a.comparator)


def _cagr(start: float, end: float, years: int) -> float | None:
    if years <= 0 or start <= 0 or end <= 0:
        return None
    return float((end / start) ** (1 / years)) - 1


def achieved_rate(a: IndicatorFacts, final: Figure | None) -> tuple[float | None, str]:
    """The rate achieved during A, from its baseline (or first figure) to its final figure."""
    if final is None:
        return None, "none"
    start_year, start_value = a.baseline_year, a.baseline_value
    if a.kind is IndicatorKind.GROWTH or start_value is None or start_year is None:
        earlier = [f for f in a.figures if f.year < final.year]
        if not earlier:
            return None, "none"
        first = min(earlier, key=lambda f: f.year)
        start_year, start_value = first.year, first.value
    years = final.year - start_year
    if years <= 0:
        return None, "none"
    if _is_percent(a.unit) and a.kind is not IndicatorKind.GROWTH:
        return (final.value - start_value) / years, "points"
    return _cagr(start_value, final.value, years), "cagr"


def required_rate(b: IndicatorFacts) -> tuple[float | None, str]:
    """The annual rate B's target requires from its baseline."""
    if b.target_value is None:
        return None, "none"
    if b.kind is IndicatorKind.GROWTH:
        return b.target_value / 100.0, "cagr"
    if b.baseline_value is None or b.baseline_year is None or b.target_year is None:
        return None, "none"
    years = b.target_year - b.baseline_year
    if years <= 0:
        return None, "none"
    if _is_percent(b.unit):
        return (b.target_value - b.baseline_value) / years, "points"
    return _cagr(b.baseline_value, b.target_value, years), "cagr"


def _rate_text(rate: float, measure: str) -> str:
    if measure == "points":
        return f"每年{format_number(round(rate, 2))}个百分点"
    return f"年均{format_number(round(rate * 100, 2))}%"


def baseline_is_estimate(b: IndicatorFacts) -> bool:
    return any(word in b.baseline_text for word in _ESTIMATE_WORDS)


def same_figure(x: float, y: float, unit: str) -> bool:
    if _is_percent(unit):
        return abs(x - y) <= POINT_TOLERANCE
    return math.isclose(x, y, rel_tol=TOLERANCE, abs_tol=1e-9)


def continuity(row: CrosswalkRow, a_plan: PlanFacts, b_plan: PlanFacts) -> Continuity | None:
    """The checks for one crosswalk row; None for an added indicator (nothing in A to check)."""
    a, b = row.a, row.b
    if a is None:
        return None
    flags: list[str] = []
    sentences: list[str] = []
    final = final_figure(a, a_plan.period_end)
    met = achieved(a, final)
    if final is not None and a.target_value is not None:
        target = f"{format_number(a.target_value)}{a.unit}"
        got = f"{final.year}年{format_number(final.value)}{a.unit}"
        if a.status == "提前实现":
            flags.append("achieved_early")
            sentences.append(f"{a_plan.label}目标已提前实现（{got}，目标{target}）。")
        elif met is True:
            sentences.append(f"{a_plan.label}目标已实现（{got}，目标{target}）。")
        elif met is False:
            flags.append("not_achieved")
            sentences.append(f"{a_plan.label}目标未实现（{got}，目标{target}）。")
    comparable = b is not None and row.label in SAME_SERIES_LABELS
    b_baseline = b.baseline_value if b is not None else None
    b_year = b.baseline_year if b is not None else None
    gap: float | None = None
    consistent: bool | None = None
    if b is not None and b_baseline is not None and comparable:
        actual = figure_in(a, b_year) or figure_in(b, b_year)
        if actual is not None:
            consistent = same_figure(actual.value, b_baseline, b.unit)
            gap = (b_baseline - actual.value) / abs(actual.value) if actual.value else None
            if consistent:
                sentences.append(f"基期值与{b_year}年实际值{format_number(actual.value)}{b.unit}一致。")
            else:
                flags.append("baseline_mismatch")
                gap_text = f"（相差{format_number(round((gap or 0) * 100, 1))}%）" if gap is not None else ""
                sentences.append(
                    f"基期值{format_number(b_baseline)}{b.unit}与{b_year}年实际值"
                    f"{format_number(actual.value)}{b.unit}不一致{gap_text}，需说明是预计数、口径调整还是数据修订。"
                )
    if b is not None and baseline_is_estimate(b):
        flags.append("baseline_estimate")
        sentences.append("新规划基期值为预计数，正式统计数据公布后需核对。")
    if b is not None and comparable and a.target_value is not None and b.target_value is not None:
        sentences.append(_target_sentence(a, b, a_plan))
    rate_a, measure_a = achieved_rate(a, final)
    rate_b, measure_b = required_rate(b) if b is not None else (None, "none")
    ratio: float | None = None
    if b is not None and row.label in (*SAME_SERIES_LABELS, PairLabel.REDEFINED):
        if row.label is PairLabel.REDEFINED:
            flags.append("definition_change")
        if rate_a is not None and rate_b is not None and measure_a == measure_b and rate_a > 0:
            ratio = rate_b / rate_a
            caveat = "（口径不同，仅供参考）" if row.label is PairLabel.REDEFINED else ""
            sentences.append(
                f"新目标要求{_rate_text(rate_b, measure_b)}，{a_plan.label}期间实际"
                f"{_rate_text(rate_a, measure_a)}，雄心系数{format_number(round(ratio, 2))}{caveat}。"
            )
            if ratio < 1:
                flags.append("below_trend")
                sentences.append("新目标低于上期实际趋势，偏于保守。")
            elif ratio > FAR_ABOVE:
                flags.append("far_above_trend")
                sentences.append("新目标远高于上期实际趋势，需论证可行性。")
    return Continuity(
        a_target=a.target_value,
        a_target_year=a.target_year,
        a_final=final,
        achieved=met,
        b_baseline=b_baseline,
        b_baseline_year=b_year,
        baseline_gap=gap,
        baseline_consistent=consistent,
        rate_achieved=rate_a,
        rate_required=rate_b,
        rate_measure=measure_b if rate_b is not None else measure_a,
        ambition_ratio=ratio,
        flags=tuple(dict.fromkeys(flags)),
        sentences=tuple(sentences),
    )


def _target_sentence(a: IndicatorFacts, b: IndicatorFacts, a_plan: PlanFacts) -> str:
    assert a.target_value is not None and b.target_value is not None
    if same_figure(a.target_value, b.target_value, b.unit):
        return f"与{a_plan.label}目标保持一致。"
    diff = b.target_value - a.target_value
    word = "提高" if diff > 0 else "降低"
    if _is_percent(b.unit):
        return f"较上期目标{word}{format_number(round(abs(diff), 2))}个百分点。"
    if a.target_value:
        return f"较上期目标{word}{format_number(round(abs(diff) / abs(a.target_value) * 100, 1))}%。"
    return f"较上期目标{word}{format_number(round(abs(diff), 2))}{b.unit}。"


def with_continuity(rows: list[CrosswalkRow], a_plan: PlanFacts, b_plan: PlanFacts) -> list[CrosswalkRow]:
    """The rows with their continuity checks filled in."""
    return [replace(row, continuity=continuity(row, a_plan, b_plan)) for row in rows]
