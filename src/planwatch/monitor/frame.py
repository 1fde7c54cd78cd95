"""The frame of an indicator: baseline and target as LEVELS, the period, and the good direction.

Everything downstream (paths, status, SDG ratio, forecast) works on levels. For a growth indicator
(年均增速 g) the target level is implied: baseline level × (1 + g)^(target year − baseline year),
so a growth target is monitored on the underlying level series, never by averaging yearly rates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.domain.plan import Comparator, IndicatorKind
from planwatch.domain.progress import (
    Calculation,
    IndicatorSpec,
    ObservationPoint,
    Reason,
    ReasonCode,
    Term,
)
from planwatch.monitor import numeric, series
from planwatch.monitor.thresholds import MET_RELATIVE_TOLERANCE


@dataclass(frozen=True, slots=True)
class Frame:
    """Baseline and target levels of one indicator and the direction in which progress is good."""

    baseline_year: int
    target_year: int
    baseline: float
    target: float
    direction: int  # +1: higher is better ("≥"); −1: lower is better ("≤")
    compound: bool  # the 序时进度 path is compound (growth targets) rather than linear
    growth_rate: float | None  # growth targets: the target rate as a fraction (0.14)
    unit: str
    calculations: tuple[Calculation, ...] = ()
    warnings: tuple[Reason, ...] = ()

    @property
    def years(self) -> int:
        return self.target_year - self.baseline_year

    @property
    def requires_change(self) -> bool:
        """False when the baseline already meets the target (保持型目标, or target = baseline)."""
        return self.direction * (self.target - self.baseline) > 0

    def meets(self, value: float) -> bool:
        """True when `value` meets the target in the good direction (with float tolerance)."""
        slack = MET_RELATIVE_TOLERANCE * max(abs(self.target), 1.0)
        return self.direction * (value - self.target) >= -slack


def build_frame(spec: IndicatorSpec, observations: Sequence[ObservationPoint]) -> Frame | Reason:
    """The frame of `spec`, or the reason it cannot be built (missing baseline, target, …)."""
    if spec.baseline_year is None:
        return Reason(ReasonCode.MISSING_BASELINE, "缺少基期年份，无法计算进度。请补充规划基期（如2020年）。")
    if spec.target_year is None or spec.target_value is None or not math.isfinite(spec.target_value):
        return Reason(ReasonCode.MISSING_TARGET, "缺少目标年份或目标值，无法计算进度。请补充规划目标。")
    if spec.target_year <= spec.baseline_year:
        return Reason(
            ReasonCode.INVALID_PERIOD,
            f"目标年份（{spec.target_year}年）不晚于基期年份（{spec.baseline_year}年），规划期无效。",
        )
    if spec.kind is IndicatorKind.GROWTH:
        return _growth_frame(spec, observations, spec.baseline_year, spec.target_year, spec.target_value)
    if spec.baseline_value is None or not math.isfinite(spec.baseline_value):
        return Reason(ReasonCode.MISSING_BASELINE, "缺少基期值，无法计算进度。请补充规划基期值。")
    direction, warnings = _direction(spec.comparator, spec.target_value - spec.baseline_value)
    return Frame(
        baseline_year=spec.baseline_year,
        target_year=spec.target_year,
        baseline=spec.baseline_value,
        target=spec.target_value,
        direction=direction,
        compound=False,
        growth_rate=None,
        unit=spec.unit,
        warnings=warnings,
    )


def _growth_frame(
    spec: IndicatorSpec,
    observations: Sequence[ObservationPoint],
    baseline_year: int,
    target_year: int,
    target_percent: float,
) -> Frame | Reason:
    rate = target_percent / 100.0
    if rate <= -1.0:
        return Reason(
            ReasonCode.INVALID_GROWTH_TARGET, f"年均增速目标 {target_percent:g}% 须大于 −100% 才有意义。"
        )
    level = spec.baseline_level
    if level is None:
        evidence, _ = series.evidence_by_year(o for o in observations if o.year == baseline_year)
        level = evidence[0].point if evidence else None
    if level is None or not math.isfinite(level):
        return Reason(
            ReasonCode.MISSING_LEVEL_BASELINE,
            f"增速指标需要基础数据在基期（{baseline_year}年）的水平值（如研发经费亿元数），目前缺失。",
        )
    years = target_year - baseline_year
    factor = numeric.power(1.0 + rate, years)
    target_level = None if factor is None else numeric.finite(level * factor)
    if target_level is None:
        return Reason(ReasonCode.NUMERIC_RANGE, "目标水平值超出可计算范围，请核对基期值与增速目标。")
    calc = Calculation(
        name="implied_target_level",
        formula="目标水平 = 基期水平 × (1 + 年均增速)^(目标年 − 基期年)",
        inputs=(
            Term("基期水平", level),
            Term("年均增速", rate),
            Term("年数", float(years)),
        ),
        result=target_level,
        notes=("增速目标按基础水平序列的复合年均增长率（CAGR）监测，不对各年增速取平均。",),
    )
    direction, warnings = _direction(spec.comparator, rate)
    return Frame(
        baseline_year=baseline_year,
        target_year=target_year,
        baseline=level,
        target=target_level,
        direction=direction,
        compound=True,
        growth_rate=rate,
        unit=spec.level_unit,
        calculations=(calc,),
        warnings=warnings,
    )


def _direction(comparator: Comparator, change: float) -> tuple[int, tuple[Reason, ...]]:
    """+1 for "≥" targets, −1 for "≤"; for "≈"/"=" the sign of the planned change (rising when none)."""
    if comparator is Comparator.GE:
        return 1, ()
    if comparator is Comparator.LE:
        return -1, ()
    direction = -1 if change < 0 else 1
    word = "越低越好" if direction < 0 else "越高越好"
    return direction, (
        Reason(
            ReasonCode.DIRECTION_INFERRED,
            f"目标为约数或定值（{comparator.value}），按基期到目标的变化方向视为“{word}”。",
        ),
    )
