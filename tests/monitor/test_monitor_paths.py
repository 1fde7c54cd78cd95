"""Expected values on the linear and compound paths, and the achievement share."""

from __future__ import annotations

import math

import pytest

from planwatch.domain.progress import IndicatorSpec
from planwatch.monitor.frame import Frame, build_frame
from planwatch.monitor.paths import (
    achievement_share,
    compound_expected,
    expected_path,
    linear_expected,
    scheduled,
)


def _frame(spec: IndicatorSpec) -> Frame:
    frame = build_frame(spec, ())
    assert isinstance(frame, Frame)
    return frame


def test_linear_expected_2023_tech_contracts() -> None:
    # 942.3 + 3/5 · (1300 − 942.3) = 942.3 + 0.6 · 357.7 = 942.3 + 214.62 = 1156.92
    assert linear_expected(942.3, 1300.0, 2020, 2025, 2023) == pytest.approx(1156.92)


def test_compound_expected_2023_tech_contracts() -> None:
    # 942.3 · (1300/942.3)^(3/5) = 942.3 · 1.379603^0.6 = 942.3 · e^(0.6 · 0.321795)
    #                           = 942.3 · 1.212975 ≈ 1142.99
    expected = 942.3 * (1300 / 942.3) ** (3 / 5)
    assert compound_expected(942.3, 1300.0, 2020, 2025, 2023) == pytest.approx(expected)
    assert compound_expected(942.3, 1300.0, 2020, 2025, 2023) == pytest.approx(1142.99, abs=0.01)


def test_paths_start_at_baseline_and_end_at_target() -> None:
    assert linear_expected(942.3, 1300.0, 2020, 2025, 2020) == pytest.approx(942.3)
    assert linear_expected(942.3, 1300.0, 2020, 2025, 2025) == pytest.approx(1300.0)
    assert compound_expected(942.3, 1300.0, 2020, 2025, 2020) == pytest.approx(942.3)
    assert compound_expected(942.3, 1300.0, 2020, 2025, 2025) == pytest.approx(1300.0)


def test_compound_path_undefined_for_non_positive_values() -> None:
    # 湖北实验室数量 0 → 7: 7/0 has no power path
    assert compound_expected(0.0, 7.0, 2020, 2025, 2022) is None
    assert compound_expected(-5.0, 7.0, 2020, 2025, 2022) is None
    # the linear path still works: 0 + 2/5 · 7 = 2.8
    assert linear_expected(0.0, 7.0, 2020, 2025, 2022) == pytest.approx(2.8)


def test_lower_is_better_linear_path(tech_dependence: IndicatorSpec) -> None:
    # 40 + 3/5 · (30 − 40) = 40 − 6 = 34
    assert scheduled(_frame(tech_dependence), 2023) == pytest.approx(34.0)


def test_share_tech_contracts(tech_contracts: IndicatorSpec) -> None:
    # (1150 − 942.3) / (1300 − 942.3) = 207.7 / 357.7 = 0.580654
    assert achievement_share(_frame(tech_contracts), 1150.0) == pytest.approx(207.7 / 357.7)
    assert achievement_share(_frame(tech_contracts), 1150.0) == pytest.approx(0.580654, abs=1e-6)


def test_share_lower_is_better(tech_dependence: IndicatorSpec) -> None:
    # (33 − 40) / (30 − 40) = −7 / −10 = 0.7 — positive while the value falls
    assert achievement_share(_frame(tech_dependence), 33.0) == pytest.approx(0.7)
    # rising is moving away: (42 − 40) / (30 − 40) = −0.2
    assert achievement_share(_frame(tech_dependence), 42.0) == pytest.approx(-0.2)


def test_share_none_when_target_equals_baseline(tech_contracts: IndicatorSpec) -> None:
    from dataclasses import replace

    spec = replace(tech_contracts, target_value=942.3)
    assert achievement_share(_frame(spec), 1000.0) is None


def test_expected_path_covers_every_year(tech_contracts: IndicatorSpec) -> None:
    path = expected_path(_frame(tech_contracts))
    assert [p.year for p in path] == [2020, 2021, 2022, 2023, 2024, 2025]
    # linear step 357.7 / 5 = 71.54 a year: 2021 → 942.3 + 71.54 = 1013.84
    assert path[1].linear == pytest.approx(1013.84)
    # compound growth (1300/942.3)^(1/5) = 1.066475 a year: 2021 → 942.3 · 1.066475 ≈ 1004.94
    assert path[1].compound is not None
    assert path[1].compound == pytest.approx(942.3 * math.exp(math.log(1300 / 942.3) / 5))
