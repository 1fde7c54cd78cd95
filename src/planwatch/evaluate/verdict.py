"""How one indicator is judged in a report: a result in the target year (总结评估) or 序时进度 (中期评估).

Final evaluation. Once the target year is over, a plan speaks of results: 超额完成 / 完成 / 未完成 from
the target-year figure, never 序时进度 of a year long past. Without a target-year figure the indicator
is 无法评价（缺目标年数据） (unless the rules say a target met earlier counts, see `rules`). A figure
for a stand-in area (湖北省 for a 武汉市 plan) never decides on its own: it is quoted as reference and
the indicator is 无法评价. A bound that does not settle the question (不到 for a "≥" target that is
below it… or 超过 a value still under the target) is 无法评价 too.

Mid-term review. The status is the monitor's 序时进度 status as of the data year (what `planwatch
status --year` shows), except that a stand-in area's figure does not decide it (数据不足); the trend
judgement 预计能否完成 comes from the monitor's forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from planwatch.domain.plan import Comparator, IndicatorKind
from planwatch.domain.progress import Outlook, ProgressStatus
from planwatch.domain.records import Qualifier
from planwatch.evaluate.facts import EvaluationKind, Figure, IndicatorFacts
from planwatch.evaluate.rules import FinalRules

TOLERANCE = 1e-9  # floating-point noise only, as in monitor.thresholds.MET_RELATIVE_TOLERANCE


class Outcome(StrEnum):
    """The 完成情况 of an indicator in a report (both kinds), in the order reports list groups."""

    EXCEEDED = "exceeded"
    ACHIEVED = "achieved"
    ACHIEVED_EARLY = "achieved_early"
    AHEAD = "ahead"
    ON_SCHEDULE = "on_schedule"
    BEHIND = "behind"
    NOT_ACHIEVED = "not_achieved"
    NO_TARGET_YEAR_DATA = "no_target_year_data"
    STAND_IN_ONLY = "stand_in_only"
    INCONCLUSIVE = "inconclusive"
    INSUFFICIENT_DATA = "insufficient_data"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]

    @property
    def short(self) -> str:
        """The group name in the count sentence (4项提前实现、2项无法评价)."""
        return OUTCOME_SHORT.get(self, OUTCOME_LABELS[self])

    @property
    def favourable(self) -> bool | None:
        """True for met / on track, False for behind / missed, None when not judged."""
        if self in (
            Outcome.EXCEEDED,
            Outcome.ACHIEVED,
            Outcome.ACHIEVED_EARLY,
            Outcome.AHEAD,
            Outcome.ON_SCHEDULE,
        ):
            return True
        if self in (Outcome.BEHIND, Outcome.NOT_ACHIEVED):
            return False
        return None


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.EXCEEDED: "超额完成",
    Outcome.ACHIEVED: "完成",
    Outcome.ACHIEVED_EARLY: "提前实现",
    Outcome.AHEAD: "快于预期",
    Outcome.ON_SCHEDULE: "基本符合预期",
    Outcome.BEHIND: "滞后",
    Outcome.NOT_ACHIEVED: "未完成",
    Outcome.NO_TARGET_YEAR_DATA: "无法评价（缺目标年数据）",
    Outcome.STAND_IN_ONLY: "无法评价（仅有参考口径数据）",
    Outcome.INCONCLUSIVE: "无法评价（数据不足以判断）",
    Outcome.INSUFFICIENT_DATA: "数据不足",
}
OUTCOME_SHORT: dict[Outcome, str] = {
    Outcome.NO_TARGET_YEAR_DATA: "因缺目标年数据无法评价",
    Outcome.STAND_IN_ONLY: "仅有参考口径数据、无法评价",
    Outcome.INCONCLUSIVE: "数据不足以判断",
}

_FROM_STATUS: dict[ProgressStatus, Outcome] = {
    ProgressStatus.ACHIEVED_EARLY: Outcome.ACHIEVED_EARLY,
    ProgressStatus.AHEAD: Outcome.AHEAD,
    ProgressStatus.ON_SCHEDULE: Outcome.ON_SCHEDULE,
    ProgressStatus.BEHIND: Outcome.BEHIND,
    ProgressStatus.ACHIEVED: Outcome.ACHIEVED,
    ProgressStatus.NOT_ACHIEVED: Outcome.NOT_ACHIEVED,
    ProgressStatus.INSUFFICIENT_DATA: Outcome.INSUFFICIENT_DATA,
}

TREND_LABELS: dict[Outlook, str] = {
    Outlook.LIKELY: "预计能完成",
    Outlook.POSSIBLE: "有望完成",
    Outlook.UNLIKELY: "预计难以完成",
}


@dataclass(frozen=True, slots=True)
class Judgement:
    """An indicator's outcome, the figure it rests on (None: no figure decided) and the trend."""

    outcome: Outcome
    evidence: Figure | None
    reference: Figure | None  # a figure quoted but not deciding (stand-in area, an earlier year)
    trend: str  # 趋势判断: 预计能完成 / 有望完成 / 预计难以完成 / 已提前实现 / — / 无法判断
    growth_rate: float | None = None  # observed CAGR in percent for growth indicators, when decisive


def is_stand_in(figure: Figure, scope: str | None) -> bool:
    return bool(scope and figure.scope and figure.scope != scope)


def judge(facts: IndicatorFacts, kind: EvaluationKind, scope: str | None, rules: FinalRules) -> Judgement:
    if kind is EvaluationKind.FINAL:
        return judge_final(facts, scope, rules)
    return judge_midterm(facts, scope)


def judge_midterm(facts: IndicatorFacts, scope: str | None) -> Judgement:
    evidence = facts.figure(facts.status_year)
    outcome = _FROM_STATUS[facts.status]
    if evidence is not None and is_stand_in(evidence, scope):
        return Judgement(Outcome.INSUFFICIENT_DATA, None, evidence, "无法判断")
    if outcome is Outcome.INSUFFICIENT_DATA:
        evidence = None
    if outcome in (Outcome.ACHIEVED_EARLY, Outcome.ACHIEVED):
        trend = "已实现目标"
    elif facts.forecast is not None and facts.forecast.outlook is not None:
        trend = TREND_LABELS[facts.forecast.outlook]
    else:
        trend = "无法判断"
    rate = _growth_percent(facts) if facts.kind is IndicatorKind.GROWTH and evidence is not None else None
    return Judgement(outcome, evidence, None, trend, rate)


def judge_final(facts: IndicatorFacts, scope: str | None, rules: FinalRules) -> Judgement:
    year = facts.target_year
    if year is None or facts.target_value is None:
        return Judgement(Outcome.INCONCLUSIVE, None, facts.latest, "—")
    figure = facts.figure(year)
    if figure is not None and is_stand_in(figure, scope):
        return Judgement(Outcome.STAND_IN_ONLY, None, figure, "—")
    if facts.kind is IndicatorKind.GROWTH:
        return _final_growth(facts, figure, rules)
    if figure is None:
        earlier = next(
            (f for f in reversed(facts.figures) if f.year < year and not is_stand_in(f, scope)), None
        )
        if earlier is not None and rules.earlier_year_counts_when_met and _met(facts, earlier) is True:
            return Judgement(Outcome.ACHIEVED, earlier, None, "—")
        return Judgement(Outcome.NO_TARGET_YEAR_DATA, None, earlier, "—")
    met = _met(facts, figure)
    if met is None:
        return Judgement(Outcome.INCONCLUSIVE, None, figure, "—")
    if not met:
        return Judgement(Outcome.NOT_ACHIEVED, figure, None, "—")
    exceeded = _excess(facts, figure.value) >= rules.exceed_margin * _scale(facts) - TOLERANCE
    return Judgement(Outcome.EXCEEDED if exceeded else Outcome.ACHIEVED, figure, None, "—")


def _final_growth(facts: IndicatorFacts, figure: Figure | None, rules: FinalRules) -> Judgement:
    """A 年均增速 target is judged on the CAGR up to the target year, which the monitor computed."""
    rate = _growth_percent(facts)
    if figure is None or rate is None or facts.growth is None or facts.growth.end_year != facts.target_year:
        return Judgement(Outcome.NO_TARGET_YEAR_DATA, None, facts.latest, "—")
    target = facts.target_value or 0.0
    if facts.comparator is Comparator.LE:
        met, excess = rate <= target + TOLERANCE, target - rate
    else:
        met, excess = rate >= target - TOLERANCE, rate - target
    if not met:
        return Judgement(Outcome.NOT_ACHIEVED, figure, None, "—", rate)
    exceeded = excess >= rules.exceed_margin * abs(target) - TOLERANCE
    return Judgement(Outcome.EXCEEDED if exceeded else Outcome.ACHIEVED, figure, None, "—", rate)


def _growth_percent(facts: IndicatorFacts) -> float | None:
    if facts.growth is None or facts.growth.rate is None:
        return None
    return facts.growth.rate * 100.0


def _met(facts: IndicatorFacts, figure: Figure) -> bool | None:
    """Whether a figure meets the target; None when its bound leaves it open."""
    target = facts.target_value
    assert target is not None
    value = figure.value
    margin = abs(target) * TOLERANCE
    if facts.comparator is Comparator.LE:
        if value <= target + margin:
            return None if figure.qualifier is Qualifier.LOWER_BOUND else True
        return None if figure.qualifier is Qualifier.UPPER_BOUND else False
    # ">=", and "=" / "~" targets read as "at least" like the monitor does
    if value >= target - margin:
        return None if figure.qualifier is Qualifier.UPPER_BOUND else True
    return None if figure.qualifier is Qualifier.LOWER_BOUND else False


def _excess(facts: IndicatorFacts, value: float) -> float:
    target = facts.target_value or 0.0
    return target - value if facts.comparator is Comparator.LE else value - target


def _scale(facts: IndicatorFacts) -> float:
    """What the exceed margin is a share of: the planned change, else the target itself."""
    target = facts.target_value or 0.0
    if facts.baseline_value is not None and facts.baseline_value != target:
        return abs(target - facts.baseline_value)
    return abs(target)
