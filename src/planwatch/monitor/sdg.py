"""International comparisons: the Statistics Canada ratio (Open SDG) and the UNSD extrapolation.

Statistics Canada: R = observed CAGR (baseline year → latest year) / required CAGR (baseline →
target over the whole period); classes in `thresholds`. The ratio is direction-free: for a
lower-is-better target both rates are negative while progress is made, so R > 0.
UNSD progress chart: projected = latest × (1 + observed CAGR)^(years left); share of required
progress = (projected − baseline) / (target − baseline).
A CAGR is undefined when a value is ≤ 0; both methods then fall back to linear rates (absolute
change per year) and say so. Bounds never enter a rate; a good-side bound can still show the
target achieved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.domain.progress import (
    Calculation,
    ObservationPoint,
    RateKind,
    Reason,
    ReasonCode,
    SdgAssessment,
    SdgClass,
    Term,
    UnsdProjection,
)
from planwatch.monitor import numeric
from planwatch.monitor.frame import Frame
from planwatch.monitor.observed import observed_window
from planwatch.monitor.thresholds import STATCAN_ACCELERATION_MIN, STATCAN_LIMITED_MIN, STATCAN_ON_TRACK_MIN
from planwatch.monitor.wording import format_number, format_value


@dataclass(frozen=True, slots=True)
class _Rates:
    """Observed and required rates, of one kind, with the calculations that produced them."""

    kind: RateKind
    observed: float | None
    required: float | None
    latest_year: int
    latest_value: float
    calculations: tuple[Calculation, ...]
    note: Reason | None


def _rates(frame: Frame, latest_year: int, latest_value: float, approximate: bool) -> _Rates:
    elapsed = float(latest_year - frame.baseline_year)
    period = float(frame.years)
    observed = numeric.compound_rate(frame.baseline, latest_value, elapsed)
    required = numeric.compound_rate(frame.baseline, frame.target, period)
    kind = RateKind.CAGR
    note: Reason | None = None
    if observed is None or required is None:
        kind = RateKind.LINEAR
        observed = numeric.linear_rate(frame.baseline, latest_value, elapsed)
        required = numeric.linear_rate(frame.baseline, frame.target, period)
        note = Reason(
            ReasonCode.NON_POSITIVE_VALUES,
            "基期值、最新值或目标值不为正数，复合年均增速无定义，改用线性年均变化量计算。",
        )
    remarks = ("最新值为约数。",) if approximate else ()
    if kind is RateKind.CAGR:
        formulas = ("(最新值 / 基期值)^(1 / 已过年数) − 1", "(目标值 / 基期值)^(1 / 规划年数) − 1")
    else:
        formulas = ("(最新值 − 基期值) / 已过年数", "(目标值 − 基期值) / 规划年数")
    calcs = (
        Calculation(
            name=f"observed_{kind.value}",
            formula=f"实际年均变化 = {formulas[0]}",
            inputs=(Term("基期值", frame.baseline), Term("最新值", latest_value), Term("已过年数", elapsed)),
            result=observed,
            notes=remarks,
        ),
        Calculation(
            name=f"required_{kind.value}",
            formula=f"所需年均变化 = {formulas[1]}",
            inputs=(Term("基期值", frame.baseline), Term("目标值", frame.target), Term("规划年数", period)),
            result=required,
        ),
    )
    return _Rates(kind, observed, required, latest_year, latest_value, calcs, note)


def classify_sdg_ratio(ratio: float) -> SdgClass:
    """Statistics Canada classes for R (target achieved is decided before R)."""
    if ratio >= STATCAN_ON_TRACK_MIN:
        return SdgClass.ON_TRACK
    if ratio >= STATCAN_ACCELERATION_MIN:
        return SdgClass.ACCELERATION_NEEDED
    if ratio >= STATCAN_LIMITED_MIN:
        return SdgClass.LIMITED_PROGRESS
    return SdgClass.DETERIORATION


def statcan_ratio(frame: Frame, observations: Sequence[ObservationPoint], year: int) -> SdgAssessment:
    """Statistics Canada progress class as of `year`."""
    window = observed_window(frame, observations, year)
    newest = window.newest
    if newest is None or window.empty_reason is not None:
        return SdgAssessment(None, window.empty_reason or _no_data())
    good = newest.lower if frame.direction > 0 else newest.upper
    by_bound = good is not None and frame.meets(good)
    proof = good if by_bound else newest.point
    if proof is not None and frame.meets(proof):
        text = format_value(proof, frame.unit)
        if by_bound:
            text = ("超过" if frame.direction > 0 else "不超过") + text + "（界限值）"
        return SdgAssessment(
            SdgClass.TARGET_ACHIEVED,
            Reason(
                ReasonCode.TARGET_MET,
                f"{newest.year}年数值{text}已达到目标值，{SdgClass.TARGET_ACHIEVED.label}。",
            ),
            latest_year=newest.year,
            latest_value=proof,
        )
    latest = window.latest_point
    if latest is None or latest.point is None:
        return SdgAssessment(
            None,
            Reason(
                ReasonCode.BOUND_INCONCLUSIVE, "基期之后只有下限/上限值，不能计算实际增速；请补充确切数值。"
            ),
        )
    if not frame.requires_change:
        return SdgAssessment(
            SdgClass.DETERIORATION,
            Reason(
                ReasonCode.MAINTAIN_TARGET,
                f"基期已达到目标（保持型目标），{latest.year}年数值{format_value(latest.point, frame.unit)}"
                f"已不满足目标，{SdgClass.DETERIORATION.label}。",
            ),
            latest_year=latest.year,
            latest_value=latest.point,
        )
    rates = _rates(frame, latest.year, latest.point, latest.approximate)
    ratio = numeric.divide(rates.observed, rates.required)
    ratio_calc = Calculation(
        name="statcan_ratio",
        formula="R = 实际年均变化 / 所需年均变化",
        inputs=(Term("实际年均变化", rates.observed), Term("所需年均变化", rates.required)),
        result=ratio,
        notes=("R≥0.95按进度推进；0.6≤R<0.95需加速；0≤R<0.6进展有限；R<0出现倒退（Statistics Canada）。",),
    )
    calcs = (*rates.calculations, ratio_calc)
    if ratio is None:
        return SdgAssessment(
            None,
            Reason(ReasonCode.NUMERIC_RANGE, "增速超出可计算范围，无法计算比值R。"),
            rate_kind=rates.kind,
            latest_year=latest.year,
            latest_value=latest.point,
            calculations=calcs,
        )
    sdg_class = classify_sdg_ratio(ratio)
    message = f"实际年均变化与所需年均变化之比R={format_number(ratio)}，{sdg_class.label}。"
    if rates.note is not None:
        message += rates.note.message
    return SdgAssessment(
        sdg_class,
        Reason(ReasonCode.PROGRESS_RATIO, message),
        ratio=ratio,
        observed_rate=rates.observed,
        required_rate=rates.required,
        rate_kind=rates.kind,
        latest_year=latest.year,
        latest_value=latest.point,
        calculations=calcs,
    )


def unsd_projection(frame: Frame, observations: Sequence[ObservationPoint], year: int) -> UnsdProjection:
    """UNSD progress-chart extrapolation of the latest value to the target year."""
    window = observed_window(frame, observations, year)
    latest = window.latest_point
    if window.empty_reason is not None:
        return UnsdProjection(None, None, window.empty_reason)
    if latest is None or latest.point is None:
        return UnsdProjection(
            None,
            None,
            Reason(ReasonCode.BOUND_INCONCLUSIVE, "基期之后只有下限/上限值，不能外推；请补充确切数值。"),
        )
    rates = _rates(frame, latest.year, latest.point, latest.approximate)
    years_left = max(frame.target_year - latest.year, 0)
    if rates.kind is RateKind.CAGR:
        factor = numeric.power(None if rates.observed is None else 1.0 + rates.observed, float(years_left))
        projected = None if factor is None else numeric.finite(latest.point * factor)
        formula = "外推值 = 最新值 × (1 + 实际年均增速)^(剩余年数)"
    else:
        step = None if rates.observed is None else numeric.finite(rates.observed * years_left)
        projected = None if step is None else numeric.finite(latest.point + step)
        formula = "外推值 = 最新值 + 实际年均变化量 × 剩余年数"
    share = None
    if projected is not None and frame.requires_change:
        share = numeric.divide(
            numeric.subtract(projected, frame.baseline), numeric.subtract(frame.target, frame.baseline)
        )
    calcs = (
        *rates.calculations,
        Calculation(
            name=f"unsd_projection_{rates.kind.value}",
            formula=formula,
            inputs=(
                Term("最新值", latest.point, "约数" if latest.approximate else ""),
                Term("实际年均变化", rates.observed),
                Term("剩余年数", float(years_left)),
            ),
            result=projected,
        ),
        Calculation(
            name="unsd_share_of_required",
            formula="所需进展完成比例 = (外推值 − 基期值) / (目标值 − 基期值)",
            inputs=(Term("外推值", projected), Term("基期值", frame.baseline), Term("目标值", frame.target)),
            result=share,
            notes=() if frame.requires_change else ("目标不要求较基期变化，比例无定义。",),
        ),
    )
    if projected is None:
        reason = Reason(ReasonCode.NUMERIC_RANGE, "外推结果超出可计算范围。")
    else:
        reason = Reason(
            ReasonCode.PROGRESS_RATIO,
            f"按基期至{latest.year}年的实际年均变化外推，"
            f"{frame.target_year}年约为{format_value(projected, frame.unit)}"
            + (f"，相当于所需进展的{format_number(share * 100)}%。" if share is not None else "。")
            + (rates.note.message if rates.note is not None else ""),
        )
    return UnsdProjection(projected, share, reason, years_left, rates.kind, calcs)


def _no_data() -> Reason:
    return Reason(ReasonCode.NO_OBSERVATION, "没有可用的观测值。")
