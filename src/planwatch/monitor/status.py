"""序时进度 status: 提前实现 / 快于预期 / 基本符合预期 / 滞后 / 已完成 / 未完成 / 数据不足.

The status in a year uses only observations up to that year, so a status history can be rebuilt
for every year of the period. Evidence is read newest first; the newest year that allows a
conclusion decides:

1. the target is met (a point value, or a bound on the good side: 突破1.6万 for a "≥" target)
   → 提前实现 before the target year, 已完成 in it;
2. in the target year a value (or a bound on the bad side) that misses the target → 未完成;
3. otherwise the progress ratio r = (actual − baseline) / (序时进度值 − baseline) against
   `thresholds` → 快于预期 / 基本符合预期 / 滞后. A bound can only prove what it bounds: a good-side
   bound proves "at least 基本符合预期" (r ≥ 0.90), a bad-side bound proves 滞后.
Nothing conclusive → 数据不足 with the reason. Once the target year is over, only results count: a
序时进度 status from a year before the target year becomes 数据不足 (无法评价: no target-year figure),
with the earlier year quoted for reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from planwatch.domain.progress import (
    Calculation,
    IndicatorSpec,
    ObservationPoint,
    ProgressStatus,
    Qualifier,
    Reason,
    ReasonCode,
    StatusJudgement,
    Term,
)
from planwatch.monitor import numeric, paths
from planwatch.monitor.frame import Frame, build_frame
from planwatch.monitor.observed import observed_window
from planwatch.monitor.series import YearEvidence
from planwatch.monitor.thresholds import AHEAD_MIN_RATIO, ON_SCHEDULE_MIN_RATIO
from planwatch.monitor.wording import format_number, format_value


def judge_status(spec: IndicatorSpec, observations: Sequence[ObservationPoint], year: int) -> StatusJudgement:
    """The 序时进度 status of `spec` in `year`, using observations up to `year` only."""
    frame = build_frame(spec, observations)
    if isinstance(frame, Reason):
        return _insufficient(year, frame)
    return judge_in_frame(frame, observations, year)


def status_history(
    spec: IndicatorSpec, observations: Sequence[ObservationPoint], through_year: int
) -> tuple[StatusJudgement, ...]:
    """One judgement per year from the year after the baseline to `through_year` (at most the target
    year), each blind to later observations."""
    frame = build_frame(spec, observations)
    if isinstance(frame, Reason):
        return ()
    last = min(through_year, frame.target_year)
    return tuple(judge_in_frame(frame, observations, y) for y in range(frame.baseline_year + 1, last + 1))


def judge_in_frame(frame: Frame, observations: Sequence[ObservationPoint], year: int) -> StatusJudgement:
    """`judge_status` for an already built frame."""
    notes: list[Reason] = list(frame.warnings)
    if year <= frame.baseline_year:
        return _insufficient(
            year,
            Reason(
                ReasonCode.AT_OR_BEFORE_BASELINE,
                f"{year}年不晚于基期（{frame.baseline_year}年），尚无进度可评。",
            ),
            notes,
        )
    if year > frame.target_year:
        notes.append(
            Reason(
                ReasonCode.TARGET_YEAR_PASSED,
                f"目标年（{frame.target_year}年）已过，按目标年及以前的数据评价。",
            )
        )
    window = observed_window(frame, observations, year)
    if window.empty_reason is not None:
        return _insufficient(year, window.empty_reason, notes)
    notes.extend(window.notes)
    evidence = window.evidence
    newest = evidence[-1].year
    ended = year > frame.target_year
    for item in reversed(evidence):
        verdict = _judge_evidence(frame, item, year)
        if verdict is None:
            continue
        if ended and verdict.status in _SCHEDULE_STATUSES:
            # 序时进度 of a year before the target year says nothing once the period is over.
            return _insufficient(
                year,
                Reason(
                    ReasonCode.NO_TARGET_YEAR_DATA,
                    f"目标年（{frame.target_year}年）已过，但没有{frame.target_year}年的数据，无法评价"
                    f"（最新数据为{item.year}年，{verdict.status.label}，仅供参考）；请补充目标年实际值。",
                ),
                notes,
            )
        if item.year < year:
            stale = f"{year}年评价所用最新可判断数据为{item.year}年"
            if item.year < newest:
                stale += f"（{newest}年仅有不足以判断的下限/上限值）"
            notes.append(Reason(ReasonCode.STALE_DATA, stale + "。"))
        if item.approximate and verdict.actual_qualifier is Qualifier.APPROXIMATE:
            notes.append(Reason(ReasonCode.APPROXIMATE_USED, f"{item.year}年数值为约数，结论仅供参考。"))
        return _with_notes(verdict, notes)
    return _insufficient(
        year,
        Reason(
            ReasonCode.BOUND_INCONCLUSIVE,
            "现有数据只有下限或上限值，不足以判断是否达到序时进度；请补充确切数值。",
        ),
        notes,
    )


_SCHEDULE_STATUSES = (ProgressStatus.AHEAD, ProgressStatus.ON_SCHEDULE, ProgressStatus.BEHIND)


@dataclass(frozen=True, slots=True)
class _Value:
    """One usable number from a year's evidence and what kind of number it is."""

    value: float
    qualifier: Qualifier


def _judge_evidence(frame: Frame, item: YearEvidence, year: int) -> StatusJudgement | None:
    """The status this one year's evidence proves, or None when it proves nothing."""
    good, bad = _good_and_bad_bounds(frame, item)
    point = None if item.point is None else _Value(item.point, _point_qualifier(item))
    # 1. target met
    for candidate in (good, point):
        if candidate is not None and frame.meets(candidate.value):
            return _met(frame, item.year, year, candidate)
    missed = next((c for c in (point, bad) if c is not None and not frame.meets(c.value)), None)
    # 2. maintain targets and the target year: met or not met, no path to compare with
    if not frame.requires_change or item.year >= frame.target_year:
        if missed is None:
            return None
        return _missed(frame, item.year, year, missed)
    # 3. progress ratio against 序时进度
    expected_calc = paths.scheduled_calculation(frame, item.year)
    expected = expected_calc.result
    if expected is None:
        return None
    if point is not None:
        return _by_ratio(frame, item.year, year, point, expected, expected_calc, bound=None)
    if good is not None:
        verdict = _by_ratio(frame, item.year, year, good, expected, expected_calc, bound="good")
        if verdict is not None and verdict.status is not ProgressStatus.BEHIND:
            return verdict
    if bad is not None:
        verdict = _by_ratio(frame, item.year, year, bad, expected, expected_calc, bound="bad")
        if verdict is not None and verdict.status is ProgressStatus.BEHIND:
            return verdict
    return None


def _good_and_bad_bounds(frame: Frame, item: YearEvidence) -> tuple[_Value | None, _Value | None]:
    """Bounds on the good side (prove at least this much progress) and on the bad side (at most)."""
    lower = None if item.lower is None else _Value(item.lower, Qualifier.LOWER_BOUND)
    upper = None if item.upper is None else _Value(item.upper, Qualifier.UPPER_BOUND)
    return (lower, upper) if frame.direction > 0 else (upper, lower)


def _point_qualifier(item: YearEvidence) -> Qualifier:
    return Qualifier.APPROXIMATE if item.approximate else Qualifier.EXACT


def _describe(frame: Frame, data_year: int, value: _Value) -> str:
    text = format_value(value.value, frame.unit)
    if value.qualifier is Qualifier.LOWER_BOUND:
        return f"{data_year}年数值超过{text}（下限值）"
    if value.qualifier is Qualifier.UPPER_BOUND:
        return f"{data_year}年数值不超过{text}（上限值）"
    if value.qualifier is Qualifier.APPROXIMATE:
        return f"{data_year}年数值约{text}"
    return f"{data_year}年实际值{text}"


def _share_calc(frame: Frame, value: _Value) -> Calculation:
    return Calculation(
        name="achievement_share",
        formula="目标完成度 = (实际值 − 基期值) / (目标值 − 基期值)",
        inputs=(
            Term("实际值", value.value, value.qualifier.label),
            Term("基期值", frame.baseline),
            Term("目标值", frame.target),
        ),
        result=paths.achievement_share(frame, value.value),
        notes=() if frame.requires_change else ("目标不要求较基期变化（保持型目标），完成度无定义。",),
    )


def _met(frame: Frame, data_year: int, year: int, value: _Value) -> StatusJudgement:
    early = data_year < frame.target_year
    status = ProgressStatus.ACHIEVED_EARLY if early else ProgressStatus.ACHIEVED
    target = format_value(frame.target, frame.unit)
    when = f"，早于目标年（{frame.target_year}年）" if early else ""
    message = f"{_describe(frame, data_year, value)}，已达到目标值{target}{when}，{status.label}。"
    share_calc = _share_calc(frame, value)
    expected = paths.scheduled(frame, data_year)
    return StatusJudgement(
        year=year,
        status=status,
        reason=Reason(ReasonCode.TARGET_MET, message),
        data_year=data_year,
        actual=value.value,
        actual_qualifier=value.qualifier,
        share=share_calc.result,
        expected=expected,
        expected_share=_expected_share(frame, expected),
        calculations=(share_calc,),
    )


def _missed(frame: Frame, data_year: int, year: int, value: _Value) -> StatusJudgement:
    final = data_year >= frame.target_year
    status = ProgressStatus.NOT_ACHIEVED if final else ProgressStatus.BEHIND
    target = format_value(frame.target, frame.unit)
    if frame.requires_change:
        code = ReasonCode.TARGET_NOT_MET
        message = f"{_describe(frame, data_year, value)}，目标年未达到目标值{target}，{status.label}。"
    else:
        code = ReasonCode.MAINTAIN_TARGET
        message = (
            f"目标值{target}不要求较基期值{format_value(frame.baseline, frame.unit)}提升（保持型目标），"
            f"{_describe(frame, data_year, value)}，未达到目标，{status.label}。"
        )
    share_calc = _share_calc(frame, value)
    return StatusJudgement(
        year=year,
        status=status,
        reason=Reason(code, message),
        data_year=data_year,
        actual=value.value,
        actual_qualifier=value.qualifier,
        share=share_calc.result,
        calculations=(share_calc,),
    )


def _expected_share(frame: Frame, expected: float | None) -> float | None:
    if expected is None:
        return None
    return paths.achievement_share(frame, expected)


def classify_ratio(ratio: float) -> ProgressStatus:
    """快于预期 / 基本符合预期 / 滞后 from the progress ratio (see `thresholds`)."""
    if ratio >= AHEAD_MIN_RATIO:
        return ProgressStatus.AHEAD
    if ratio >= ON_SCHEDULE_MIN_RATIO:
        return ProgressStatus.ON_SCHEDULE
    return ProgressStatus.BEHIND


def _by_ratio(
    frame: Frame,
    data_year: int,
    year: int,
    value: _Value,
    expected: float,
    expected_calc: Calculation,
    *,
    bound: str | None,
) -> StatusJudgement | None:
    ratio = numeric.divide(
        numeric.subtract(value.value, frame.baseline), numeric.subtract(expected, frame.baseline)
    )
    if ratio is None:
        return None
    status = classify_ratio(ratio)
    ratio_calc = Calculation(
        name="progress_ratio",
        formula="进度比 = (实际值 − 基期值) / (序时进度值 − 基期值)",
        inputs=(
            Term("实际值", value.value, value.qualifier.label),
            Term("基期值", frame.baseline),
            Term("序时进度值", expected),
            Term("快于预期下限", AHEAD_MIN_RATIO),
            Term("基本符合预期下限", ON_SCHEDULE_MIN_RATIO),
        ),
        result=ratio,
        notes=("进度比≥1.10为快于预期，0.90–1.10为基本符合预期，<0.90为滞后（见 monitor/thresholds.py）。",),
    )
    path = "复合增长路径" if frame.compound else "线性路径"
    message = (
        f"{_describe(frame, data_year, value)}，序时进度值（{path}）{format_value(expected, frame.unit)}，"
        f"进度比{format_number(ratio)}，{status.label}。"
    )
    code = ReasonCode.PROGRESS_RATIO
    if bound == "good":
        code = ReasonCode.BOUND_EVIDENCE
        message += "（依据下限/上限值，实际进度至少如此。）"
    elif bound == "bad":
        code = ReasonCode.BOUND_EVIDENCE
        message += "（依据下限/上限值，实际进度至多如此。）"
    share_calc = _share_calc(frame, value)
    return StatusJudgement(
        year=year,
        status=status,
        reason=Reason(code, message),
        data_year=data_year,
        actual=value.value,
        actual_qualifier=value.qualifier,
        share=share_calc.result,
        expected=expected,
        expected_share=_expected_share(frame, expected),
        progress_ratio=ratio,
        calculations=(expected_calc, share_calc, ratio_calc),
    )


def _insufficient(year: int, reason: Reason, notes: Sequence[Reason] = ()) -> StatusJudgement:
    return StatusJudgement(
        year=year, status=ProgressStatus.INSUFFICIENT_DATA, reason=reason, notes=tuple(notes)
    )


def _with_notes(verdict: StatusJudgement, notes: Sequence[Reason]) -> StatusJudgement:
    return replace(verdict, notes=(*verdict.notes, *notes))
