"""The observed series: definition breaks, and what each year's published figures prove.

Several figures may exist for one year (two newspapers, a lower bound and an exact value).
`YearEvidence` folds them into one point value (exact preferred over approximate) and the tightest
bounds, and says when figures disagreed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planwatch.domain.progress import ObservationPoint, Qualifier, Reason, ReasonCode


@dataclass(frozen=True, slots=True)
class YearEvidence:
    """What the figures of one year prove about the true value."""

    year: int
    point: float | None = None  # exact (or, failing that, approximate) value
    approximate: bool = False  # the point is an approximate value
    lower: float | None = None  # true value ≥ lower (tightest lower bound)
    upper: float | None = None  # true value ≤ upper (tightest upper bound)


def break_years(observations: Iterable[ObservationPoint]) -> frozenset[int]:
    """Every year N at which the series definition changes (values before N not comparable)."""
    return frozenset(o.comparable_from for o in observations if o.comparable_from is not None)


def comparable(year_a: int, year_b: int, breaks: frozenset[int]) -> bool:
    """True when no definition break lies between the two years."""
    low, high = sorted((year_a, year_b))
    return not any(low < n <= high for n in breaks)


def evidence_by_year(
    observations: Iterable[ObservationPoint],
) -> tuple[tuple[YearEvidence, ...], tuple[Reason, ...]]:
    """Fold observations into one `YearEvidence` per year, sorted by year, plus duplicate warnings."""
    grouped: dict[int, list[ObservationPoint]] = {}
    for obs in observations:
        grouped.setdefault(obs.year, []).append(obs)
    result: list[YearEvidence] = []
    warnings: list[Reason] = []
    for year in sorted(grouped):
        result.append(_fold(year, grouped[year], warnings))
    return tuple(result), tuple(warnings)


def _fold(year: int, group: Sequence[ObservationPoint], warnings: list[Reason]) -> YearEvidence:
    exact = [o.value for o in group if o.qualifier is Qualifier.EXACT]
    approx = [o.value for o in group if o.qualifier is Qualifier.APPROXIMATE]
    lowers = [o.value for o in group if o.qualifier is Qualifier.LOWER_BOUND]
    uppers = [o.value for o in group if o.qualifier is Qualifier.UPPER_BOUND]
    values = exact or approx
    point: float | None = None
    if values:
        point = sum(v / len(values) for v in values)  # divide first: no overflow
        if len(set(values)) > 1:
            listed = "、".join(f"{v:g}" for v in values)
            warnings.append(
                Reason(
                    ReasonCode.DUPLICATE_VALUES,
                    f"{year}年有多个不同的数值（{listed}），按平均值 {point:g} 计算，请核对来源。",
                )
            )
    return YearEvidence(
        year=year,
        point=point,
        approximate=not exact and bool(approx),
        lower=max(lowers) if lowers else None,
        upper=min(uppers) if uppers else None,
    )


def points(evidence: Iterable[YearEvidence]) -> tuple[YearEvidence, ...]:
    """Only the years that have a point value (exact or approximate); bounds are never points."""
    return tuple(e for e in evidence if e.point is not None)


def definition_break_reason(start_year: int, years: Sequence[int], breaks: frozenset[int]) -> Reason:
    """Explain which of `years` can and cannot be compared with `start_year`."""
    ok = tuple(y for y in years if y != start_year and comparable(start_year, y, breaks))
    blocked = tuple(y for y in years if not comparable(start_year, y, breaks))
    at = "、".join(f"{n}年" for n in sorted(breaks))
    message = f"统计口径在{at}调整，调整前后数据不可比，不能与{start_year}年数据直接比较"
    if blocked:
        message += f"（不可计算：{'、'.join(str(y) for y in blocked)}年"
        message += f"；可计算：{'、'.join(str(y) for y in ok)}年）" if ok else "；无可计算年份）"
    later = sorted(n for n in breaks if n > start_year)
    if later:
        message += f"。可改从{later[-1]}年起计算。"
    else:
        message += "。"
    return Reason(ReasonCode.DEFINITION_BREAK, message, computable_years=ok, blocked_years=blocked)
