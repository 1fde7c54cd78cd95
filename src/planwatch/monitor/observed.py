"""The observed side of a comparison: the usable evidence after the baseline, up to a year.

Shared by the SDG ratio, the UNSD projection and the forecast so they all see the same data:
observations after the baseline year, no later than the evaluation year (capped at the target
year), on the baseline's side of any definition break.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.domain.progress import ObservationPoint, Reason, ReasonCode
from planwatch.monitor import series
from planwatch.monitor.frame import Frame
from planwatch.monitor.series import YearEvidence


@dataclass(frozen=True, slots=True)
class ObservedWindow:
    """Evidence usable against the baseline, newest last, with the caveats found on the way."""

    evidence: tuple[YearEvidence, ...]
    notes: tuple[Reason, ...]
    empty_reason: Reason | None  # why there is no usable evidence at all

    @property
    def newest(self) -> YearEvidence | None:
        return self.evidence[-1] if self.evidence else None

    @property
    def latest_point(self) -> YearEvidence | None:
        pts = series.points(self.evidence)
        return pts[-1] if pts else None


def observed_window(frame: Frame, observations: Sequence[ObservationPoint], year: int) -> ObservedWindow:
    """Usable evidence in (baseline year, min(year, target year)], comparable with the baseline."""
    eval_year = min(year, frame.target_year)
    breaks = series.break_years(observations)
    relevant = [o for o in observations if frame.baseline_year < o.year <= eval_year]
    usable = [o for o in relevant if series.comparable(frame.baseline_year, o.year, breaks)]
    notes: list[Reason] = []
    if len(usable) < len(relevant):
        years = sorted({o.year for o in relevant})
        notes.append(series.definition_break_reason(frame.baseline_year, years, breaks))
    evidence, duplicates = series.evidence_by_year(usable)
    notes.extend(duplicates)
    empty: Reason | None = None
    if not evidence:
        empty = (
            notes[0]
            if notes and notes[0].code is ReasonCode.DEFINITION_BREAK
            else Reason(
                ReasonCode.NO_OBSERVATION,
                f"基期（{frame.baseline_year}年）之后至{eval_year}年没有观测值。",
            )
        )
    return ObservedWindow(evidence, tuple(notes), empty)
