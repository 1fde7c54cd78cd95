"""Whether a target was met, for indicators whose plan states no baseline.

序时进度 needs a baseline (progress is measured from it), so `assess` answers 数据不足 without one.
But "was the target reached" needs only the target: many 十二五 targets are in the running text with
no base figure (到2015年国家工程实验室和重点实验室达到25个), and the statistics show 30 in 2015. This
check gives the answer the evidence supports and nothing more:

* a point value (exact or approximate) or a bound on the good side that meets the target →
  提前实现 if the first such year is before the target year, else 已完成;
* in the target year, a point value (or a bound on the bad side) that misses it → 未完成;
* anything else → 数据不足, saying that progress along the path needs a baseline.

Direction: "≥" targets are met from above, "≤" from below; "≈" and "=" are read as "≥" (the
monitor's rule when no change is planned), with a note.

It uses the monitor's own evidence folding and float tolerance, so both give the same answer when
both apply. (It belongs in `planwatch.monitor` next to `status`; it lives here only until that
module takes it.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.domain.plan import Comparator
from planwatch.domain.progress import ObservationPoint, ProgressStatus
from planwatch.monitor import series
from planwatch.monitor.thresholds import MET_RELATIVE_TOLERANCE
from planwatch.monitor.wording import format_value


@dataclass(frozen=True, slots=True)
class TargetCheck:
    status: ProgressStatus
    message: str
    data_year: int | None = None
    note: str | None = None


def check_target(
    comparator: Comparator,
    target: float,
    target_year: int,
    unit: str,
    observations: Sequence[ObservationPoint],
    as_of_year: int,
) -> TargetCheck:
    """The target-only verdict from observations up to `as_of_year` (and up to the target year)."""
    direction = -1 if comparator is Comparator.LE else 1
    note = None
    if comparator in (Comparator.APPROX, Comparator.EQ):
        note = f"目标为约数或定值（{comparator.value}），按“达到{format_value(target, unit)}及以上”判断。"
    last = min(as_of_year, target_year)
    evidence, _ = series.evidence_by_year(o for o in observations if o.year <= last)
    if not evidence:
        return TargetCheck(
            ProgressStatus.INSUFFICIENT_DATA,
            f"规划未写基期值，且{last}年及以前没有观测值，无法判断目标是否实现。",
            note=note,
        )
    slack = MET_RELATIVE_TOLERANCE * max(abs(target), 1.0)

    def meets(value: float) -> bool:
        return direction * (value - target) >= -slack

    def good(item: series.YearEvidence) -> float | None:
        bound = item.lower if direction > 0 else item.upper
        for value in (bound, item.point):
            if value is not None and meets(value):
                return value
        return None

    newest = evidence[-1]
    text = format_value(target, unit)
    if good(newest) is not None:
        first = next(e for e in evidence if good(e) is not None)
        value = good(first)
        assert value is not None
        early = first.year < target_year
        status = ProgressStatus.ACHIEVED_EARLY if early else ProgressStatus.ACHIEVED
        when = f"，早于目标年（{target_year}年）" if early else ""
        return TargetCheck(
            status,
            f"{first.year}年数值{format_value(value, unit)}已达到目标值{text}{when}，{status.label}"
            "（规划未写基期值，只判断是否达到目标）。",
            first.year,
            note,
        )
    if newest.year >= target_year:
        bad = newest.upper if direction > 0 else newest.lower
        missed = newest.point if newest.point is not None else bad
        if missed is not None:
            return TargetCheck(
                ProgressStatus.NOT_ACHIEVED,
                f"{newest.year}年数值{format_value(missed, unit)}，目标年未达到目标值{text}，未完成。",
                newest.year,
                note,
            )
    return TargetCheck(
        ProgressStatus.INSUFFICIENT_DATA,
        f"{newest.year}年尚未达到目标值{text}；规划未写基期值，无法按序时进度判断快慢。",
        newest.year,
        note,
    )
