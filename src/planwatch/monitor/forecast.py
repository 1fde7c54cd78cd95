"""Forecast of the target-year value from the observed trend, with an interval and a statement.

- ≥ 3 points: least squares on ln(value) against year (constant growth), with an 80 % prediction
  interval from Student's t; if any value is ≤ 0, least squares on the values themselves.
- 2 points: the CAGR between them carried forward, with the heuristic band of `thresholds`
  (linear change when a value is ≤ 0).
- fewer: no forecast, and the reason.
Points are the plan's baseline plus exact and approximate observations after it, on the
baseline's side of any definition break. Bounds (突破1.6万) are never points: a lower bound is not
the value, and fitting it would bias the trend down.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.domain.progress import (
    Calculation,
    FitPoint,
    Forecast,
    ForecastMethod,
    ObservationPoint,
    Outlook,
    Reason,
    ReasonCode,
    Term,
)
from planwatch.monitor import numeric
from planwatch.monitor.frame import Frame
from planwatch.monitor.observed import observed_window
from planwatch.monitor.thresholds import (
    FORECAST_MIN_FIT_POINTS,
    FORECAST_MIN_POINTS,
    PREDICTION_LEVEL,
    TWO_POINT_RATE_BAND_MIN,
    TWO_POINT_RATE_BAND_RELATIVE,
    t_quantile_80,
)
from planwatch.monitor.wording import format_number, format_percent, format_value


@dataclass(frozen=True, slots=True)
class _Estimate:
    value: float
    low: float
    high: float
    level: float | None
    calculation: Calculation


def fit_points(frame: Frame, observations: Sequence[ObservationPoint], year: int) -> tuple[FitPoint, ...]:
    """The baseline and the exact/approximate observations usable for a trend as of `year`."""
    window = observed_window(frame, observations, year)
    baseline = FitPoint(frame.baseline_year, frame.baseline, from_baseline=True)
    observed = tuple(
        FitPoint(e.year, e.point, approximate=e.approximate) for e in window.evidence if e.point is not None
    )
    return (baseline, *observed)


def forecast_target(frame: Frame, observations: Sequence[ObservationPoint], year: int) -> Forecast:
    """Forecast for the target year as of `year`, with the outlook against the target."""
    target_year = frame.target_year
    pts = fit_points(frame, observations, year)
    latest = pts[-1]
    if latest.year >= target_year:
        return Forecast(
            target_year,
            ForecastMethod.NONE,
            Reason(ReasonCode.TARGET_YEAR_REACHED, f"已有{target_year}年（目标年）数值，无需预测。"),
            points=pts,
        )
    if year > target_year:  # a year that is over is not forecast: the plan speaks of its result
        return Forecast(
            target_year,
            ForecastMethod.NONE,
            Reason(
                ReasonCode.TARGET_YEAR_OVER,
                f"目标年（{target_year}年）已过，不再预测，按目标年的实际数据评价。",
            ),
            points=pts,
        )
    if len(pts) < FORECAST_MIN_POINTS:
        window = observed_window(frame, observations, year)
        breaks = [n for n in window.notes if n.code is ReasonCode.DEFINITION_BREAK]
        reason = (
            breaks[0]
            if breaks
            else Reason(
                ReasonCode.TOO_FEW_POINTS,
                "基期之后没有可用于趋势的确切数值（下限/上限值不参与拟合），无法预测。",
            )
        )
        return Forecast(target_year, ForecastMethod.NONE, reason, points=pts)
    positive = all(p.value > 0 for p in pts)
    if len(pts) >= FORECAST_MIN_FIT_POINTS:
        method = ForecastMethod.LOG_LINEAR_LS if positive else ForecastMethod.LINEAR_LS
        estimate = _least_squares(pts, target_year, log=positive)
    else:
        method = ForecastMethod.TWO_POINT_CAGR if positive else ForecastMethod.TWO_POINT_LINEAR
        estimate = _two_point(pts[0], pts[1], target_year, compound=positive)
    if estimate is None:
        return Forecast(
            target_year,
            method,
            Reason(ReasonCode.NUMERIC_RANGE, "趋势外推结果超出可计算范围，无法预测。"),
            points=pts,
        )
    met_in = _year_target_met(frame, observations, year)
    outlook = Outlook.LIKELY if met_in is not None else _outlook(frame, estimate.low, estimate.high)
    statement = _statement(frame, estimate, outlook)
    if met_in is not None:
        statement += f"（{met_in}年已达到目标值）"
    notes: list[str] = []
    if not positive:
        notes.append("存在不为正数的数值，改用线性趋势。")
    if any(p.approximate for p in pts):
        notes.append("拟合中使用了约数。")
    bound_years = _bound_only_years(frame, observations, year)
    if bound_years:
        listed = "、".join(str(y) for y in bound_years)
        notes.append(f"{listed}年只有下限/上限值，未参与拟合。")
    calc = estimate.calculation
    if notes:
        calc = Calculation(calc.name, calc.formula, calc.inputs, calc.result, (*calc.notes, *notes))
    return Forecast(
        target_year,
        method,
        Reason(ReasonCode.PROGRESS_RATIO, statement),
        value=estimate.value,
        low=estimate.low,
        high=estimate.high,
        interval_level=estimate.level,
        outlook=outlook,
        statement=statement,
        points=pts,
        calculations=(calc,),
    )


def _point_terms(pts: Sequence[FitPoint]) -> tuple[Term, ...]:
    def note(p: FitPoint) -> str:
        return "基期值" if p.from_baseline else "约数" if p.approximate else "精确值"

    return tuple(Term(f"{p.year}年", p.value, note(p)) for p in pts)


def _least_squares(pts: Sequence[FitPoint], target_year: int, *, log: bool) -> _Estimate | None:
    n = len(pts)
    ts = [float(p.year) for p in pts]
    ys = [math.log(p.value) if log else p.value for p in pts]
    t_mean = sum(ts) / n
    y_mean = sum(y / n for y in ys)
    sxx = sum((t - t_mean) ** 2 for t in ts)
    sxy = numeric.finite(sum((t - t_mean) * (y - y_mean) for t, y in zip(ts, ys, strict=True)))
    slope = numeric.divide(sxy, sxx)
    if slope is None:
        return None
    residuals = [y - (y_mean + slope * (t - t_mean)) for t, y in zip(ts, ys, strict=True)]
    sse = numeric.finite(sum(r * r for r in residuals))
    if sse is None:
        return None
    sigma = math.sqrt(sse / (n - 2))
    tq = t_quantile_80(n - 2)
    leverage = 1.0 + 1.0 / n + (target_year - t_mean) ** 2 / sxx
    half = numeric.finite(tq * sigma * math.sqrt(leverage))
    centre = numeric.finite(y_mean + slope * (target_year - t_mean))
    if half is None or centre is None:
        return None
    if log:
        value, low, high = numeric.exp(centre), numeric.exp(centre - half), numeric.exp(centre + half)
        formula = (
            "ln(值) = a + b·年份（最小二乘），预测区间 = exp(预测 ± t·s·√(1 + 1/n + (T − 年份均值)²/Sxx))"
        )
    else:
        value, low, high = centre, numeric.finite(centre - half), numeric.finite(centre + half)
        formula = "值 = a + b·年份（最小二乘），预测区间 = 预测 ± t·s·√(1 + 1/n + (T − 年份均值)²/Sxx)"
    if value is None or low is None or high is None:
        return None
    calc = Calculation(
        name="log_linear_least_squares" if log else "linear_least_squares",
        formula=formula,
        inputs=(
            *_point_terms(pts),
            Term("斜率b", slope, "对数尺度：年均增长率 = e^b − 1" if log else "每年变化量"),
            Term("残差标准差s", sigma),
            Term("t分位数", tq, f"{round(PREDICTION_LEVEL * 100)}%预测区间，自由度{n - 2}"),
            Term("目标年", float(target_year)),
        ),
        result=value,
    )
    return _Estimate(value, low, high, PREDICTION_LEVEL, calc)


def _two_point(first: FitPoint, last: FitPoint, target_year: int, *, compound: bool) -> _Estimate | None:
    span = float(last.year - first.year)
    ahead = float(target_year - last.year)
    if compound:
        rate = numeric.compound_rate(first.value, last.value, span)
        if rate is None:
            return None
        band = max(TWO_POINT_RATE_BAND_RELATIVE * abs(rate), TWO_POINT_RATE_BAND_MIN)
        value = _grow(last.value, 1.0 + rate, ahead)
        low = _grow(last.value, max(1.0 + rate - band, 0.0), ahead)
        high = _grow(last.value, 1.0 + rate + band, ahead)
        formula = "预测值 = 末值 × (1 + g)^(目标年 − 末年)，区间按 g ± max(50%·|g|, 2个百分点)"
        rate_note = "年均增速g"
    else:
        rate = numeric.linear_rate(first.value, last.value, span)
        if rate is None:
            return None
        band = TWO_POINT_RATE_BAND_RELATIVE * abs(rate)
        value = numeric.finite(last.value + rate * ahead)
        low = numeric.finite(last.value + (rate - band) * ahead)
        high = numeric.finite(last.value + (rate + band) * ahead)
        formula = "预测值 = 末值 + 年均变化量 × (目标年 − 末年)，区间按年均变化量 ± 50%"
        rate_note = "年均变化量"
    if value is None or low is None or high is None:
        return None
    calc = Calculation(
        name="two_point_cagr" if compound else "two_point_linear",
        formula=formula,
        inputs=(
            *_point_terms((first, last)),
            Term(rate_note, rate),
            Term("区间半宽", band, "经验区间，非统计置信区间"),
            Term("外推年数", ahead),
        ),
        result=value,
        notes=("只有两个数值，区间为经验值（见 monitor/thresholds.py）。",),
    )
    return _Estimate(value, min(low, high), max(low, high), None, calc)


def _bound_only_years(frame: Frame, observations: Sequence[ObservationPoint], year: int) -> tuple[int, ...]:
    window = observed_window(frame, observations, year)
    return tuple(e.year for e in window.evidence if e.point is None)


def _year_target_met(frame: Frame, observations: Sequence[ObservationPoint], year: int) -> int | None:
    """The newest year whose evidence (a value or a good-side bound) already meets the target: the
    outlook is then 可完成 whatever the fitted interval, since bounds are kept out of the fit."""
    newest = observed_window(frame, observations, year).newest
    if newest is None:
        return None
    good = newest.lower if frame.direction > 0 else newest.upper
    if any(v is not None and frame.meets(v) for v in (good, newest.point)):
        return newest.year
    return None


def _grow(value: float, factor: float, years: float) -> float | None:
    grown = numeric.power(factor, years)
    return None if grown is None else numeric.finite(value * grown)


def _outlook(frame: Frame, low: float, high: float) -> Outlook:
    low_meets, high_meets = frame.meets(low), frame.meets(high)
    if low_meets and high_meets:
        return Outlook.LIKELY
    if low_meets or high_meets:
        return Outlook.POSSIBLE
    return Outlook.UNLIKELY


def _statement(frame: Frame, estimate: _Estimate, outlook: Outlook) -> str:
    unit = frame.unit
    interval = f"区间{format_number(estimate.low)}–{format_value(estimate.high, unit)}"
    if frame.compound:
        implied = numeric.compound_rate(frame.baseline, estimate.value, float(frame.years))
        if implied is not None:
            interval += f"，对应{frame.baseline_year}—{frame.target_year}年年均增长{format_percent(implied)}"
    return (
        f"按当前趋势，{frame.target_year}年预计达到{format_value(estimate.value, unit)}（{interval}），"
        f"{outlook.label}"
    )
