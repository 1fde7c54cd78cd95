"""Indicator specs and series shared by the monitor tests (figures from examples/data/wuhan_observations.csv
where real, otherwise made up and marked so)."""

from __future__ import annotations

import pytest

from planwatch.domain.plan import Comparator, IndicatorKind
from planwatch.domain.progress import IndicatorSpec, ObservationPoint, Qualifier


@pytest.fixture
def high_tech_firms() -> IndicatorSpec:
    """高新技术企业数量: 2020 6259家 → 2025 12000家 (≥)."""
    return IndicatorSpec(
        "高新技术企业数量", "家", IndicatorKind.LEVEL, Comparator.GE, 2020, 6259.0, 2025, 12000.0
    )


@pytest.fixture
def tech_contracts() -> IndicatorSpec:
    """技术合同成交额: 2020 942.3亿元 → 2025 1300亿元 (≥)."""
    return IndicatorSpec(
        "技术合同成交额", "亿元", IndicatorKind.LEVEL, Comparator.GE, 2020, 942.3, 2025, 1300.0
    )


@pytest.fixture
def tech_contract_series() -> tuple[ObservationPoint, ...]:
    """Made-up 2021–2023 values (the real 2022 figure, 1357.41, already beats the target)."""
    return (
        ObservationPoint(2021, 1000.0),
        ObservationPoint(2022, 1080.0),
        ObservationPoint(2023, 1150.0),
    )


@pytest.fixture
def tech_dependence() -> IndicatorSpec:
    """对外技术依存度 控制在30%以下: 2020 40% → 2025 30% (≤, lower is better; made up)."""
    return IndicatorSpec("对外技术依存度", "%", IndicatorKind.LEVEL, Comparator.LE, 2020, 40.0, 2025, 30.0)


@pytest.fixture
def rd_expenditure() -> tuple[ObservationPoint, ...]:
    """全社会R&D经费内部支出 2013–2018 (亿元), 口径从2016年调整, 2018 is a preliminary [360]."""
    exact = [(2013, 248.00), (2014, 293.38), (2015, 329.26), (2016, 227.11), (2017, 313.68)]
    return (
        *(ObservationPoint(y, v, comparable_from=2016) for y, v in exact),
        ObservationPoint(2018, 360.0, Qualifier.APPROXIMATE, comparable_from=2016),
    )
