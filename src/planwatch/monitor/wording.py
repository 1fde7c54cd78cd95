"""Numbers and sentences for Chinese readers: thousands separators, 0–2 decimals, units glued on.

Precision follows size: ≥ 10,000 → whole numbers (企业数 12,000家), ≥ 100 → one decimal
(1,156.9亿元), smaller → two decimals (3.51%). Trailing zeros are dropped (30, not 30.00).
"""

from __future__ import annotations

import math


def format_number(value: float) -> str:
    """12000 → "12,000"; 1156.92 → "1,156.9"; 3.514 → "3.51"; 30.0 → "30"."""
    if not math.isfinite(value):
        return "—"
    size = abs(value)
    decimals = 0 if size >= 10_000 else 1 if size >= 100 else 2
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_value(value: float, unit: str) -> str:
    """A number with its unit glued on, as Chinese text writes it: "1,300亿元", "30%"."""
    return f"{format_number(value)}{unit}"


def format_percent(fraction: float) -> str:
    """A fraction as a percentage with up to two decimals: 0.1436 → "14.36%"."""
    return f"{format_number(fraction * 100.0)}%"
