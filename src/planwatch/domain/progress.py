"""Progress monitoring types: observed values, the indicator frame, and the results of the arithmetic.

The arithmetic itself lives in `planwatch.monitor` (pure functions). These types carry not only the
answer (a status, a ratio, a forecast) but also how it was reached (`Calculation`: formula, inputs,
result) and why an answer is missing (`Reason`: machine code + Chinese sentence), because a planning
office has to defend every status it publishes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from planwatch.domain.plan import Comparator, IndicatorKind


class Qualifier(StrEnum):
    """How a published figure relates to the true value."""

    EXACT = "exact"  # 1357.41亿元
    LOWER_BOUND = "lower_bound"  # 突破1.6万家 / 超过 / 以上: true value ≥ figure
    UPPER_BOUND = "upper_bound"  # 不到 / 低于 / 以内: true value ≤ figure
    APPROXIMATE = "approximate"  # 约1.45万家 / 左右 / 预计: usable in fits, flagged

    @property
    def label(self) -> str:
        return _QUALIFIER_LABELS[self]


_QUALIFIER_LABELS = {
    Qualifier.EXACT: "精确值",
    Qualifier.LOWER_BOUND: "下限值",
    Qualifier.UPPER_BOUND: "上限值",
    Qualifier.APPROXIMATE: "约数",
}


@dataclass(frozen=True, slots=True)
class ObservationPoint:
    """One actual value of an indicator (for growth indicators: of the underlying level series).

    `comparable_from` = N marks a definition break (统计口径调整): values of years ≥ N cannot be
    compared with values of years < N. Any observation may carry the mark; a series breaks at every
    year named by any of its observations.
    """

    year: int
    value: float
    qualifier: Qualifier = Qualifier.EXACT
    comparable_from: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    """What a plan commits to for one indicator.

    Level indicators: `baseline_value` and `target_value` are levels in `unit`.
    Growth indicators (年均增速): `target_value` (and `baseline_value`, the previous period's average,
    kept for display only) are annual rates in percent (14 means 14 %); observations are the LEVEL
    series (e.g. R&D expenditure in 亿元) and `baseline_level` is its value in the baseline year when
    the observations do not contain it. `level_unit` is that series' unit.
    """

    name: str
    unit: str
    kind: IndicatorKind
    comparator: Comparator
    baseline_year: int | None
    baseline_value: float | None
    target_year: int | None
    target_value: float | None
    baseline_level: float | None = None
    level_unit: str = ""


class ProgressStatus(StrEnum):
    """Status in the terms Chinese mid-term and final evaluations use; `label` is the Chinese text."""

    ACHIEVED_EARLY = "achieved_early"
    AHEAD = "ahead"
    ON_SCHEDULE = "on_schedule"
    BEHIND = "behind"
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    INSUFFICIENT_DATA = "insufficient_data"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ProgressStatus.ACHIEVED_EARLY: "提前实现",
    ProgressStatus.AHEAD: "快于预期",
    ProgressStatus.ON_SCHEDULE: "基本符合预期",
    ProgressStatus.BEHIND: "滞后",
    ProgressStatus.ACHIEVED: "已完成",
    ProgressStatus.NOT_ACHIEVED: "未完成",
    ProgressStatus.INSUFFICIENT_DATA: "数据不足",
}


class SdgClass(StrEnum):
    """Statistics Canada / Open SDG progress categories (ratio of observed to required growth)."""

    TARGET_ACHIEVED = "target_achieved"
    ON_TRACK = "on_track"
    ACCELERATION_NEEDED = "acceleration_needed"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"

    @property
    def label(self) -> str:
        return _SDG_LABELS[self]


_SDG_LABELS = {
    SdgClass.TARGET_ACHIEVED: "已实现目标",
    SdgClass.ON_TRACK: "按进度推进",
    SdgClass.ACCELERATION_NEEDED: "有进展但需加速",
    SdgClass.LIMITED_PROGRESS: "进展有限",
    SdgClass.DETERIORATION: "出现倒退",
}


class ReasonCode(StrEnum):
    """Machine-readable reason for a result, a missing result, or a caveat."""

    # why a status is what it is
    TARGET_MET = "target_met"
    TARGET_NOT_MET = "target_not_met"
    PROGRESS_RATIO = "progress_ratio"
    BOUND_EVIDENCE = "bound_evidence"
    MAINTAIN_TARGET = "maintain_target"
    # why something could not be computed
    MISSING_BASELINE = "missing_baseline"
    MISSING_TARGET = "missing_target"
    MISSING_LEVEL_BASELINE = "missing_level_baseline"
    INVALID_PERIOD = "invalid_period"
    INVALID_GROWTH_TARGET = "invalid_growth_target"
    AT_OR_BEFORE_BASELINE = "at_or_before_baseline"
    NO_OBSERVATION = "no_observation"
    DEFINITION_BREAK = "definition_break"
    BOUND_INCONCLUSIVE = "bound_inconclusive"
    NO_REQUIRED_CHANGE = "no_required_change"
    TOO_FEW_POINTS = "too_few_points"
    TARGET_YEAR_REACHED = "target_year_reached"
    TARGET_YEAR_OVER = "target_year_over"  # the period has ended: results, not forecasts or 序时进度
    NO_TARGET_YEAR_DATA = "no_target_year_data"
    NUMERIC_RANGE = "numeric_range"
    # caveats
    NON_POSITIVE_VALUES = "non_positive_values"
    TARGET_YEAR_PASSED = "target_year_passed"
    DUPLICATE_VALUES = "duplicate_values"
    APPROXIMATE_USED = "approximate_used"
    STALE_DATA = "stale_data"
    DIRECTION_INFERRED = "direction_inferred"


@dataclass(frozen=True, slots=True)
class Reason:
    """Why: a machine code and one Chinese sentence. For definition breaks, the years that can and
    cannot be computed are listed so the UI can offer the computable alternative."""

    code: ReasonCode
    message: str
    computable_years: tuple[int, ...] = ()
    blocked_years: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Term:
    """One named number that went into a calculation."""

    name: str
    value: float | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Calculation:
    """How one number was reached: formula name, formula text, inputs, result, remarks."""

    name: str
    formula: str
    inputs: tuple[Term, ...]
    result: float | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExpectedPoint:
    """The expected value in one year on the linear and on the compound path from baseline to target."""

    year: int
    linear: float | None
    compound: float | None


@dataclass(frozen=True, slots=True)
class StatusJudgement:
    """The 序时进度 status in `year`, judged on observations up to that year only.

    `data_year` is the year of the evidence used (statistics lag, so it is often `year` − 1);
    `expected` is the 序时进度 value in `data_year` (linear path for level targets, compound for growth
    targets); `progress_ratio` = (actual − baseline) / (expected − baseline).
    """

    year: int
    status: ProgressStatus
    reason: Reason
    data_year: int | None = None
    actual: float | None = None
    actual_qualifier: Qualifier | None = None
    share: float | None = None
    expected: float | None = None
    expected_share: float | None = None
    progress_ratio: float | None = None
    calculations: tuple[Calculation, ...] = ()
    notes: tuple[Reason, ...] = ()


class RateKind(StrEnum):
    CAGR = "cagr"  # compound annual growth rate
    LINEAR = "linear"  # absolute change per year (fallback when values are not positive)


@dataclass(frozen=True, slots=True)
class SdgAssessment:
    """Statistics Canada ratio R = observed rate / required rate, as used by Open SDG."""

    sdg_class: SdgClass | None
    reason: Reason
    ratio: float | None = None
    observed_rate: float | None = None
    required_rate: float | None = None
    rate_kind: RateKind = RateKind.CAGR
    latest_year: int | None = None
    latest_value: float | None = None
    calculations: tuple[Calculation, ...] = ()


@dataclass(frozen=True, slots=True)
class UnsdProjection:
    """UNSD progress-chart extrapolation: latest value carried to the target year at the observed rate."""

    projected: float | None
    share_of_required: float | None
    reason: Reason
    years_left: int | None = None
    rate_kind: RateKind = RateKind.CAGR
    calculations: tuple[Calculation, ...] = ()


@dataclass(frozen=True, slots=True)
class GrowthResult:
    """CAGR of a level series between two years, or why it cannot be computed."""

    start_year: int
    end_year: int
    rate: float | None  # fraction: 0.14 means 14 % a year
    reason: Reason | None
    start_value: float | None = None
    end_value: float | None = None
    calculations: tuple[Calculation, ...] = ()


class ForecastMethod(StrEnum):
    LOG_LINEAR_LS = "log_linear_ls"  # ln(y) = a + b·t, least squares, t-based prediction interval
    LINEAR_LS = "linear_ls"  # y = a + b·t (values not all positive)
    TWO_POINT_CAGR = "two_point_cagr"  # CAGR between two points, heuristic band
    TWO_POINT_LINEAR = "two_point_linear"  # linear change between two points, heuristic band
    NONE = "none"


class Outlook(StrEnum):
    """Whether the forecast interval meets the target; `label` is the Chinese phrase."""

    LIKELY = "likely"
    POSSIBLE = "possible"
    UNLIKELY = "unlikely"

    @property
    def label(self) -> str:
        return _OUTLOOK_LABELS[self]


_OUTLOOK_LABELS = {
    Outlook.LIKELY: "可完成目标",
    Outlook.POSSIBLE: "有望完成目标",
    Outlook.UNLIKELY: "难以完成目标",
}


@dataclass(frozen=True, slots=True)
class FitPoint:
    """A value used in a trend fit; `from_baseline` marks the plan's own baseline figure."""

    year: int
    value: float
    approximate: bool = False
    from_baseline: bool = False


@dataclass(frozen=True, slots=True)
class Forecast:
    """Forecast of the target-year value from the observed trend, with an interval and a statement."""

    year: int | None
    method: ForecastMethod
    reason: Reason
    value: float | None = None
    low: float | None = None
    high: float | None = None
    interval_level: float | None = None  # e.g. 0.8 for an 80 % prediction interval; None for heuristics
    outlook: Outlook | None = None
    statement: str | None = None
    points: tuple[FitPoint, ...] = ()
    calculations: tuple[Calculation, ...] = ()


@dataclass(frozen=True, slots=True)
class Assessment:
    """Everything the UI, CLI and reports need about one indicator as of one year.

    `share`, `expected_linear` and `expected_compound` refer to `status.data_year` (the year of the
    evidence); `expected_path` gives both paths for every year of the period.
    """

    spec: IndicatorSpec
    as_of_year: int
    status: StatusJudgement
    share: float | None
    expected_linear: float | None
    expected_compound: float | None
    expected_path: tuple[ExpectedPoint, ...]
    observed_growth: GrowthResult | None
    sdg: SdgAssessment
    unsd: UnsdProjection
    forecast: Forecast
    history: tuple[StatusJudgement, ...]
    warnings: tuple[Reason, ...]
