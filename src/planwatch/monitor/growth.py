"""Average annual growth (年均增速) as the CAGR of a level series, refusing across definition breaks.

A plan's 年均增速 is (end / start)^(1/years) − 1 of the level series (e.g. R&D expenditure in 亿元).
Averaging the published yearly rates gives a different, wrong number, and a series whose definition
changed (统计口径调整, e.g. R&D "2016前后不可比") cannot be compared across the change at all, so the
computation is refused with a reason listing the years that can and cannot be computed.
"""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.domain.progress import Calculation, GrowthResult, ObservationPoint, Reason, ReasonCode, Term
from planwatch.monitor import numeric, series


def level_cagr(
    observations: Sequence[ObservationPoint],
    start_year: int,
    end_year: int,
    *,
    start_level: float | None = None,
) -> GrowthResult:
    """CAGR of the level series from `start_year` to `end_year`.

    `start_level` stands in for a missing start-year observation (e.g. the plan's own baseline
    level). Bounds are never used as values; approximate values are used and flagged.
    """
    breaks = series.break_years(observations)
    evidence, _ = series.evidence_by_year(observations)
    by_year = {e.year: e for e in series.points(evidence)}

    if end_year <= start_year:
        return _refused(start_year, end_year, ReasonCode.INVALID_PERIOD, "终止年份须晚于起始年份。")
    if not series.comparable(start_year, end_year, breaks):
        listed = sorted(set(by_year) | {end_year})
        reason = series.definition_break_reason(start_year, [y for y in listed if y > start_year], breaks)
        return GrowthResult(start_year, end_year, None, reason)

    start = by_year.get(start_year)
    start_value = start.point if start is not None else start_level
    end = by_year.get(end_year)
    if start_value is None or end is None or end.point is None:
        missing = start_year if start_value is None else end_year
        return _refused(
            start_year,
            end_year,
            ReasonCode.NO_OBSERVATION,
            f"缺少{missing}年的确切水平值（下限/上限值不能用于计算增速）。",
        )
    end_value = end.point
    years = float(end_year - start_year)
    rate = numeric.compound_rate(start_value, end_value, years)
    notes: list[str] = []
    if (start is not None and start.approximate) or end.approximate:
        notes.append("计算中使用了约数，结果为近似值。")
    calc = Calculation(
        name="cagr",
        formula="年均增速 = (终值 / 起始值)^(1 / 年数) − 1",
        inputs=(Term("起始值", start_value), Term("终值", end_value), Term("年数", years)),
        result=rate,
        notes=tuple(notes),
    )
    if rate is None:
        return GrowthResult(
            start_year,
            end_year,
            None,
            Reason(ReasonCode.NON_POSITIVE_VALUES, "起始值或终值不为正数，复合年均增速无定义。"),
            start_value,
            end_value,
            (calc,),
        )
    return GrowthResult(start_year, end_year, rate, None, start_value, end_value, (calc,))


def _refused(start_year: int, end_year: int, code: ReasonCode, message: str) -> GrowthResult:
    return GrowthResult(start_year, end_year, None, Reason(code, message))
