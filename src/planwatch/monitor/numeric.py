"""Guarded float arithmetic: every helper returns None instead of raising or returning inf/nan.

User data is arbitrary (zeros, negatives, 1e300); a monitoring page must show "数据不足" with a
reason, never a ZeroDivisionError or an OverflowError.
"""

from __future__ import annotations

import math


def finite(value: float | None) -> float | None:
    """The value if it is a finite float, else None."""
    if value is None or not math.isfinite(value):
        return None
    return value


def divide(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when undefined (zero denominator, overflow, missing input)."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    try:
        return finite(numerator / denominator)
    except (OverflowError, ZeroDivisionError):
        return None


def power(base: float | None, exponent: float | None) -> float | None:
    """base ** exponent restricted to real, finite results (a negative base with a fractional
    exponent would give a complex number in Python)."""
    if base is None or exponent is None:
        return None
    if base < 0 and not float(exponent).is_integer():
        return None
    if base == 0 and exponent < 0:
        return None
    try:
        result = base**exponent
    except (OverflowError, ZeroDivisionError, ValueError):
        return None
    if isinstance(result, complex):
        return None
    return finite(float(result))


def exp(value: float | None) -> float | None:
    """math.exp without OverflowError."""
    if value is None:
        return None
    try:
        return finite(math.exp(value))
    except OverflowError:
        return None


def compound_rate(start: float, end: float, years: float) -> float | None:
    """Compound annual growth rate (end / start)^(1/years) − 1; None unless both values are positive
    and years > 0, because a CAGR of a non-positive value is undefined."""
    if start <= 0 or end <= 0 or years <= 0:
        return None
    growth = power(divide(end, start), 1.0 / years)
    return None if growth is None else finite(growth - 1.0)


def linear_rate(start: float, end: float, years: float) -> float | None:
    """Average absolute change per year (end − start) / years."""
    if years <= 0:
        return None
    return divide(finite(end - start), years)


def subtract(a: float | None, b: float | None) -> float | None:
    """a − b, None when missing or not finite."""
    if a is None or b is None:
        return None
    return finite(a - b)
