"""Every threshold the progress arithmetic uses, in one place, each with its reason.

Change a number here and every status, class and forecast follows. Tests pin the boundaries, so a
change is a deliberate, reviewed decision.

序时进度 status (our own Chinese evaluation terms)
-------------------------------------------------
The progress ratio is r = (actual − baseline) / (expected − baseline), where `expected` is the
序时进度 value in the year of the data (linear path for level targets, compound path for growth
targets). r = 1 means exactly on the time-proportional path.

AHEAD_MIN_RATIO = 1.10
    r ≥ 1.10 → 快于预期. Symmetric with ON_SCHEDULE_MIN_RATIO: a ±10 % band around the path is
    "on schedule". Yearly statistics are revised by a few percent between the preliminary (快报)
    and final (年报) release, and the Wuhan sample shows preliminary values in brackets; a band
    narrower than that would flip statuses on revisions alone.

ON_SCHEDULE_MIN_RATIO = 0.90
    0.90 ≤ r < 1.10 → 基本符合预期; r < 0.90 → 滞后. 90 % is the line many provincial evaluation
    schemes use for 基本完成 / 基本符合序时进度 (完成率90%以上), and the example given in the issue.
    It is deliberately looser than Statistics Canada's 0.95 "on track" line because it is applied
    to levels (share of the way), not to growth rates, and because a Chinese evaluation reserves
    滞后 for a real shortfall.

提前实现 needs no number: the target counts as met before the target year when the latest evidence
meets it (a lower bound counts for "≥" targets, an upper bound for "≤" targets). MET_RELATIVE_TOLERANCE
only absorbs floating-point noise (1300.0000000001 vs 1300).

Statistics Canada / Open SDG ratio (R = observed CAGR / required CAGR)
----------------------------------------------------------------------
Source: Open SDG "Progress Measurement Methodology" (Statistics Canada), table of categories:
target achieved; R ≥ 95 % on track; 60 % ≤ R < 95 % progress made but acceleration needed;
0 % ≤ R < 60 % limited progress; R < 0 deterioration. Kept exactly so results compare with
published SDG platforms.

Forecast
--------
FORECAST_MIN_FIT_POINTS = 3: least squares with 2 parameters needs ≥ 3 points to leave one degree
of freedom for a residual variance, hence for a prediction interval.
FORECAST_MIN_POINTS = 2: a trend needs two years; with one point there is no forecast.
PREDICTION_LEVEL = 0.80: an 80 % interval (as in common forecast fan charts). With 3–5 yearly
points a 95 % interval is so wide (t = 12.7 at 1 degree of freedom) that it says nothing useful.
T_QUANTILES_80: two-sided 80 % Student-t quantiles t(0.90; df) for df = 1…30 (standard tables);
beyond 30 the normal quantile 1.2816 is used. Tabulated because the package uses stdlib math only.
TWO_POINT_RATE_BAND_RELATIVE = 0.5 and TWO_POINT_RATE_BAND_MIN = 0.02: with only two points there is
no residual variance, so the band is a heuristic: the observed annual rate ± max(50 % of it, 2
percentage points), compounded over the years to the target year. The Wuhan 2013–2018 series show
year-on-year rates of S&T indicators varying by about half of their mean (e.g. 技术合同成交额
+10 % to +38 %), which the 50 % reflects; the 2-point floor keeps a band around flat series.
For a linear two-point projection the same relative band is applied to the yearly change.
"""

from __future__ import annotations

AHEAD_MIN_RATIO: float = 1.10
ON_SCHEDULE_MIN_RATIO: float = 0.90

MET_RELATIVE_TOLERANCE: float = 1e-9

STATCAN_ON_TRACK_MIN: float = 0.95
STATCAN_ACCELERATION_MIN: float = 0.60
STATCAN_LIMITED_MIN: float = 0.0

FORECAST_MIN_FIT_POINTS: int = 3
FORECAST_MIN_POINTS: int = 2
PREDICTION_LEVEL: float = 0.80

T_QUANTILES_80: tuple[float, ...] = (
    3.078,
    1.886,
    1.638,
    1.533,
    1.476,
    1.440,
    1.415,
    1.397,
    1.383,
    1.372,
    1.363,
    1.356,
    1.350,
    1.345,
    1.341,
    1.337,
    1.333,
    1.330,
    1.328,
    1.325,
    1.323,
    1.321,
    1.319,
    1.318,
    1.316,
    1.315,
    1.314,
    1.313,
    1.311,
    1.310,
)
NORMAL_QUANTILE_80: float = 1.2816

TWO_POINT_RATE_BAND_RELATIVE: float = 0.5
TWO_POINT_RATE_BAND_MIN: float = 0.02


def t_quantile_80(degrees_of_freedom: int) -> float:
    """Two-sided 80 % Student-t quantile for the given degrees of freedom (≥ 1)."""
    if degrees_of_freedom < 1:
        raise ValueError("degrees of freedom must be at least 1")
    if degrees_of_freedom <= len(T_QUANTILES_80):
        return T_QUANTILES_80[degrees_of_freedom - 1]
    return NORMAL_QUANTILE_80
