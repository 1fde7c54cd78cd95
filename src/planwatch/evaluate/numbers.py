"""Numbers with their sources: the only way a figure enters a report sentence or table cell.

Each builder takes the record a number comes from and returns a `Number` whose `SourceRef` names that
record, so a test (or a reader of the JSON) can go from any printed figure back to the plan line or
the observation, and nothing is typed in by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.domain.records import ObservationStatus, Qualifier
from planwatch.evaluate.content import Number, SourceKind, SourceRef
from planwatch.evaluate.facts import Figure, IndicatorFacts, PlanFacts
from planwatch.monitor.wording import format_number

LINEAR_PATH = "baseline + (target - baseline) * (year - baseline_year) / (target_year - baseline_year)"
CAGR = "(end / start) ** (1 / (end_year - start_year)) - 1"

_PREFIX = {Qualifier.LOWER_BOUND: "超过", Qualifier.UPPER_BOUND: "不到", Qualifier.APPROXIMATE: "约"}


def plan_lines_label(plan: PlanFacts, start: int | None, end: int | None) -> str:
    if start is None:
        return plan.source_title
    if end is None or end == start:
        return f"{plan.source_title}第{start}行"
    return f"{plan.source_title}第{start}—{end}行"


def figure_label(figure: Figure) -> str:
    """How an observation is cited: its source (URL or document), else its series."""
    return (figure.source or "").strip() or f"“{figure.series}”数据"


def _url(source: str | None) -> str | None:
    if source and source.strip().lower().startswith(("http://", "https://")):
        return source.strip()
    return None


def baseline(plan: PlanFacts, facts: IndicatorFacts) -> Number | None:
    if facts.baseline_value is None:
        return None
    if facts.baseline_observation is not None:
        return figure(facts.baseline_observation)
    ref = SourceRef(
        kind=SourceKind.BASELINE,
        label=plan_lines_label(plan, facts.line_start, facts.line_end),
        id=facts.indicator_id,
        year=facts.baseline_year,
        line_start=facts.line_start,
        line_end=facts.line_end,
    )
    return Number(facts.baseline_value, facts.unit, format_number(facts.baseline_value) + facts.unit, ref)


def target(plan: PlanFacts, facts: IndicatorFacts) -> Number | None:
    if facts.target_value is None:
        return None
    ref = SourceRef(
        kind=SourceKind.TARGET,
        label=plan_lines_label(plan, facts.line_start, facts.line_end),
        id=facts.indicator_id,
        year=facts.target_year,
        line_start=facts.line_start,
        line_end=facts.line_end,
    )
    return Number(facts.target_value, facts.unit, format_number(facts.target_value) + facts.unit, ref)


def figure(item: Figure, *, mark_status: bool = False) -> Number:
    """An observation as printed: 超过2,600亿元 / 约1.45万 …; `mark_status` adds （快报）/（预计）."""
    text = _PREFIX.get(item.qualifier, "") + format_number(item.value) + item.unit
    if mark_status:
        text += status_mark(item)
    ref = SourceRef(
        kind=SourceKind.OBSERVATION,
        label=figure_label(item),
        id=item.observation_id,
        year=item.year,
        url=_url(item.source),
    )
    return Number(item.value, item.unit, text, ref)


def status_mark(item: Figure) -> str:
    if item.status is ObservationStatus.PRELIMINARY:
        return "（快报）"
    if item.status is ObservationStatus.ESTIMATE:
        return "（预计）"
    return ""


def count(members: Sequence[str], unit: str = "项", label: str = "") -> Number:
    """How many items a sentence speaks of; the members' keys are the source."""
    ref = SourceRef(kind=SourceKind.COUNT, label=label or "按所列记录计数", members=tuple(members))
    return Number(float(len(members)), unit, f"{len(members)}{unit}", ref)


def expected(plan: PlanFacts, facts: IndicatorFacts) -> Number | None:
    """The 序时进度 value in the evidence year (linear path from baseline to target), as the monitor has it."""
    base, goal = baseline(plan, facts), target(plan, facts)
    if facts.expected is None or base is None or goal is None or facts.status_year is None:
        return None
    ref = SourceRef(
        kind=SourceKind.CALCULATION,
        label="序时进度值（基期值到目标值的线性路径）",
        year=facts.status_year,
        inputs=(base.source, goal.source),
        formula=LINEAR_PATH,
    )
    return Number(facts.expected, facts.unit, format_number(facts.expected) + facts.unit, ref)


def growth_rate(facts: IndicatorFacts, rate_percent: float) -> Number | None:
    """A 年均增速 computed from two figures of the level series (CAGR), with both figures as inputs."""
    growth = facts.growth
    if growth is None:
        return None
    start, end = facts.figure(growth.start_year), facts.figure(growth.end_year)
    if start is None or end is None:
        return None
    ref = SourceRef(
        kind=SourceKind.CALCULATION,
        label=f"{growth.start_year}—{growth.end_year}年年均增速（按水平序列计算）",
        year=growth.end_year,
        inputs=(figure(start).source, figure(end).source),
        formula=CAGR,
    )
    return Number(rate_percent, "%", f"{format_number(rate_percent)}%", ref)
