"""部门考评: per responsible unit, what it leads and supports, how it reported, and an overall score.

The weights and the report deadline come from `rules.ScoreWeights` (one configuration file); the
formula is in `rules`' docstring. Every component is kept next to the score, so a department can see
how its score was reached.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace

from planwatch.domain.records import ReportStatus
from planwatch.evaluate.facts import Cutoff, PlanFacts
from planwatch.evaluate.indicator_section import Assessed
from planwatch.evaluate.rules import ScoreWeights
from planwatch.evaluate.task_state import TaskState


@dataclass(frozen=True, slots=True)
class Scorecard:
    unit: str
    led: int
    supported: int
    reports_due: int  # report slots on its led tasks (task × due year)
    on_time: int
    late: int
    missing: int
    overdue: int
    completed: int
    indicators: int
    indicators_met: int  # met (final) or on track (mid-term)
    indicators_missed: int
    indicators_unjudged: int
    reporting: float | None  # components in [0, 1]; None when the unit has nothing to score there
    completion: float | None
    punctuality: float | None
    indicator_score: float | None
    score: float  # 0–100
    rank: int = 0


def due_years(plan: PlanFacts, cutoff: Cutoff, weights: ScoreWeights) -> list[int]:
    """Years whose annual report is due by the cut-off (a year cut-off: every year up to it)."""
    start = plan.period_start if plan.period_start is not None else cutoff.year
    end = min(plan.period_end, cutoff.year) if plan.period_end is not None else cutoff.year
    years = list(range(start, end + 1))
    if cutoff.date is None:
        return years
    return [y for y in years if due_date(y, weights) <= cutoff.date]


def due_date(year: int, weights: ScoreWeights) -> datetime.date:
    """When the report for `year` is due: the configured month-day of the following year (the last day
    of that month when the day does not exist, e.g. 02-30)."""
    month, day = weights.due_month_day
    first = datetime.date(year + 1, month, 1)
    following = datetime.date(year + 1 + month // 12, month % 12 + 1, 1)
    return min(first + datetime.timedelta(days=day - 1), following - datetime.timedelta(days=1))


def _share(parts: Sequence[tuple[float, float]]) -> float | None:
    """Σ weight·value / Σ weight, None without weight."""
    total = sum(w for w, _ in parts)
    return None if total == 0 else sum(w * v for w, v in parts) / total


def scorecard(
    unit: str,
    plan: PlanFacts,
    states: Sequence[TaskState],
    indicators: Sequence[Assessed],
    cutoff: Cutoff,
    weights: ScoreWeights,
) -> Scorecard:
    led = [s for s in states if s.task.lead == unit]
    supported = [s for s in states if unit in s.task.supporting and s.task.lead != unit]
    years = due_years(plan, cutoff, weights)
    on_time = late = missing = 0
    for state in led:
        for year in years:
            own = [r for r in state.reports if r.period_year == year and r.department == unit]
            if not own:
                missing += 1
            elif min(r.written_on for r in own) <= due_date(year, weights):
                on_time += 1
            else:
                late += 1
    slots = on_time + late + missing
    reporting = (on_time + weights.late_credit * late) / slots if slots else None
    weighted = [(1.0, s) for s in led] + [(weights.support_weight, s) for s in supported]
    completion = _share([(w, 1.0 if s.status == ReportStatus.DONE.value else 0.0) for w, s in weighted])
    punctuality = _share([(w, 0.0 if s.overdue else 1.0) for w, s in weighted])
    mine = [i for i in indicators if unit in i.facts.units]
    met = [i for i in mine if i.judgement.outcome.favourable is True]
    missed = [i for i in mine if i.judgement.outcome.favourable is False]
    indicator_score = len(met) / (len(met) + len(missed)) if met or missed else None
    components = [
        (weights.reporting, reporting),
        (weights.completion, completion),
        (weights.punctuality, punctuality),
        (weights.indicators, indicator_score),
    ]
    present = [(w, v) for w, v in components if v is not None]
    overall = _share(present)
    return Scorecard(
        unit=unit,
        led=len(led),
        supported=len(supported),
        reports_due=slots,
        on_time=on_time,
        late=late,
        missing=missing,
        overdue=sum(1 for _, s in weighted if s.overdue),
        completed=sum(1 for _, s in weighted if s.status == ReportStatus.DONE.value),
        indicators=len(mine),
        indicators_met=len(met),
        indicators_missed=len(missed),
        indicators_unjudged=len(mine) - len(met) - len(missed),
        reporting=reporting,
        completion=completion,
        punctuality=punctuality,
        indicator_score=indicator_score,
        score=round(100.0 * overall, 1) if overall is not None else 0.0,
    )


def scorecards(
    units: Sequence[str],
    plan: PlanFacts,
    states: Sequence[TaskState],
    indicators: Sequence[Assessed],
    cutoff: Cutoff,
    weights: ScoreWeights,
) -> tuple[Scorecard, ...]:
    """Every unit's scorecard, ranked by score (ties share a rank; then by name for a stable order)."""
    cards = sorted(
        (scorecard(u, plan, states, indicators, cutoff, weights) for u in units),
        key=lambda c: (-c.score, c.unit),
    )
    ranked: list[Scorecard] = []
    for index, card in enumerate(cards):
        rank = ranked[-1].rank if ranked and ranked[-1].score == card.score else index + 1
        ranked.append(replace(card, rank=rank))
    return tuple(ranked)


def units_of(states: Sequence[TaskState], indicators: Sequence[Assessed]) -> list[str]:
    """Units named by tasks (lead first) and indicators, in first-seen order."""
    names: dict[str, None] = {}
    for state in states:
        if state.task.lead:
            names.setdefault(state.task.lead)
        for unit in state.task.supporting:
            names.setdefault(unit)
    for item in indicators:
        for unit in item.facts.units:
            names.setdefault(unit)
    return list(names)
