"""Expected values between baseline and target: the linear and the compound path, and 序时进度.

Linear: baseline + (year − t0)/(T − t0) · (target − baseline) — equal absolute steps, how Chinese
evaluations read 序时进度 for level targets. Compound: baseline · (target/baseline)^((year − t0)/(T − t0))
— equal growth rates, the path implied by a 年均增速 target; undefined when baseline or target ≤ 0.
"""

from __future__ import annotations

from planwatch.domain.progress import Calculation, ExpectedPoint, Term
from planwatch.monitor import numeric
from planwatch.monitor.frame import Frame


def linear_expected(
    baseline: float, target: float, baseline_year: int, target_year: int, year: int
) -> float | None:
    """Expected value in `year` on the straight line from baseline to target."""
    fraction = numeric.divide(float(year - baseline_year), float(target_year - baseline_year))
    if fraction is None:
        return None
    change = numeric.subtract(target, baseline)
    if change is None:
        return None
    return numeric.finite(baseline + fraction * change)


def compound_expected(
    baseline: float, target: float, baseline_year: int, target_year: int, year: int
) -> float | None:
    """Expected value in `year` on the constant-growth path; None when baseline or target ≤ 0."""
    if baseline <= 0 or target <= 0:
        return None
    fraction = numeric.divide(float(year - baseline_year), float(target_year - baseline_year))
    factor = numeric.power(numeric.divide(target, baseline), fraction)
    return None if factor is None else numeric.finite(baseline * factor)


def scheduled(frame: Frame, year: int) -> float | None:
    """序时进度 value in `year`: compound for growth targets, linear for level targets."""
    path = compound_expected if frame.compound else linear_expected
    return path(frame.baseline, frame.target, frame.baseline_year, frame.target_year, year)


def scheduled_calculation(frame: Frame, year: int) -> Calculation:
    """The 序时进度 value in `year` with its formula and inputs."""
    inputs = (
        Term("基期值", frame.baseline),
        Term("目标值", frame.target),
        Term("已过年数", float(year - frame.baseline_year)),
        Term("规划年数", float(frame.years)),
    )
    if frame.compound:
        return Calculation(
            name="expected_compound",
            formula="序时进度值 = 基期值 × (目标值 / 基期值)^(已过年数 / 规划年数)",
            inputs=inputs,
            result=scheduled(frame, year),
            notes=("增速目标按复合增长路径计算序时进度。",),
        )
    return Calculation(
        name="expected_linear",
        formula="序时进度值 = 基期值 + 已过年数 / 规划年数 × (目标值 − 基期值)",
        inputs=inputs,
        result=scheduled(frame, year),
        notes=("水平目标按线性路径计算序时进度。",),
    )


def expected_path(frame: Frame) -> tuple[ExpectedPoint, ...]:
    """Both paths for every year from the baseline year to the target year."""
    return tuple(
        ExpectedPoint(
            year=year,
            linear=linear_expected(
                frame.baseline, frame.target, frame.baseline_year, frame.target_year, year
            ),
            compound=compound_expected(
                frame.baseline, frame.target, frame.baseline_year, frame.target_year, year
            ),
        )
        for year in range(frame.baseline_year, frame.target_year + 1)
    )


def achievement_share(frame: Frame, actual: float) -> float | None:
    """(actual − baseline) / (target − baseline); None when the target asks for no change."""
    if not frame.requires_change:
        return None
    return numeric.divide(
        numeric.subtract(actual, frame.baseline), numeric.subtract(frame.target, frame.baseline)
    )
