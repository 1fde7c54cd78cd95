"""One entry point: everything known about one indicator as of one year.

`assess` never raises for finite inputs: whatever cannot be computed comes back as None with a
`Reason` (code + Chinese sentence), so the UI can always show a row.
"""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.domain.plan import IndicatorKind
from planwatch.domain.progress import (
    Assessment,
    Forecast,
    ForecastMethod,
    GrowthResult,
    IndicatorSpec,
    ObservationPoint,
    ProgressStatus,
    Qualifier,
    Reason,
    ReasonCode,
    SdgAssessment,
    StatusJudgement,
    UnsdProjection,
)
from planwatch.monitor import growth, paths
from planwatch.monitor.forecast import forecast_target
from planwatch.monitor.frame import Frame, build_frame
from planwatch.monitor.sdg import statcan_ratio, unsd_projection
from planwatch.monitor.status import judge_in_frame, status_history


def assess(spec: IndicatorSpec, observations: Sequence[ObservationPoint], as_of_year: int) -> Assessment:
    """Status, expected values, SDG comparisons, forecast and history of `spec` as of `as_of_year`.

    Observations after `as_of_year` are ignored, so an assessment can be replayed for any past year.
    """
    known = tuple(o for o in observations if o.year <= as_of_year)
    frame = build_frame(spec, known)
    if isinstance(frame, Reason):
        return _without_frame(spec, as_of_year, frame)
    status = judge_in_frame(frame, known, as_of_year)
    comparison_year = status.data_year
    expected_linear = expected_compound = None
    if comparison_year is not None:
        expected_linear = paths.linear_expected(
            frame.baseline, frame.target, frame.baseline_year, frame.target_year, comparison_year
        )
        expected_compound = paths.compound_expected(
            frame.baseline, frame.target, frame.baseline_year, frame.target_year, comparison_year
        )
    return Assessment(
        spec=spec,
        as_of_year=as_of_year,
        status=status,
        share=status.share,
        expected_linear=expected_linear,
        expected_compound=expected_compound,
        expected_path=paths.expected_path(frame),
        observed_growth=_observed_growth(spec, frame, known, status),
        sdg=statcan_ratio(frame, known, as_of_year),
        unsd=unsd_projection(frame, known, as_of_year),
        forecast=forecast_target(frame, known, as_of_year),
        history=status_history(spec, known, as_of_year),
        warnings=_warnings(frame, status),
    )


def _observed_growth(
    spec: IndicatorSpec, frame: Frame, known: Sequence[ObservationPoint], status: StatusJudgement
) -> GrowthResult | None:
    """For growth indicators: the CAGR of the level series from the baseline to the newest exact or
    approximate year (refused across a definition break)."""
    if spec.kind is not IndicatorKind.GROWTH:
        return None
    years = sorted({o.year for o in known if o.year > frame.baseline_year and _is_point(o)})
    if not years:
        return None
    return growth.level_cagr(known, frame.baseline_year, years[-1], start_level=frame.baseline)


def _is_point(observation: ObservationPoint) -> bool:
    return observation.qualifier in (Qualifier.EXACT, Qualifier.APPROXIMATE)


def _warnings(frame: Frame, status: StatusJudgement) -> tuple[Reason, ...]:
    seen: set[tuple[ReasonCode, str]] = set()
    result: list[Reason] = []
    for reason in (*frame.warnings, *status.notes):
        key = (reason.code, reason.message)
        if key not in seen:
            seen.add(key)
            result.append(reason)
    return tuple(result)


def _without_frame(spec: IndicatorSpec, as_of_year: int, reason: Reason) -> Assessment:
    return Assessment(
        spec=spec,
        as_of_year=as_of_year,
        status=StatusJudgement(year=as_of_year, status=ProgressStatus.INSUFFICIENT_DATA, reason=reason),
        share=None,
        expected_linear=None,
        expected_compound=None,
        expected_path=(),
        observed_growth=None,
        sdg=SdgAssessment(None, reason),
        unsd=UnsdProjection(None, None, reason),
        forecast=Forecast(spec.target_year, ForecastMethod.NONE, reason),
        history=(),
        warnings=(reason,),
    )
