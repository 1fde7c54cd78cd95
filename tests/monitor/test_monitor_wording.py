"""Number formatting for Chinese readers, and the thresholds' t table."""

from __future__ import annotations

import pytest

from planwatch.monitor.thresholds import t_quantile_80
from planwatch.monitor.wording import format_number, format_percent, format_value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12000.0, "12,000"),
        (15518.468, "15,518"),
        (1156.92, "1,156.9"),
        (942.3, "942.3"),
        (30.0, "30"),
        (3.514, "3.51"),
        (0.5, "0.5"),
        (-1234.56, "-1,234.6"),
        (0.0, "0"),
        (-0.001, "0"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


def test_format_value_and_percent() -> None:
    assert format_value(1300.0, "亿元") == "1,300亿元"
    assert format_percent(0.259022) == "25.9%"


def test_t_quantiles() -> None:
    assert t_quantile_80(1) == pytest.approx(3.078)
    assert t_quantile_80(30) == pytest.approx(1.310)
    assert t_quantile_80(200) == pytest.approx(1.2816)
    with pytest.raises(ValueError):
        t_quantile_80(0)
