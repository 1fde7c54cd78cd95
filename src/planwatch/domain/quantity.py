"""A number as written in a plan, resolved to a value and a unit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quantity:
    """A value with its unit, e.g. 1.45万家 → value 14500, unit 家; 1300亿元 → value 1300, unit 亿元.

    Magnitude words (万, 亿) multiply the value when they qualify a count (家, 个, 件, 人, 项 …) and stay
    in the unit when they form a currency unit (万元, 亿元), because plans state money in 亿元 and users
    read it that way. A range such as 6—10家 has `value` = low end and `high` = high end.
    """

    value: float
    unit: str
    text: str
    high: float | None = None
    start: int = 0  # offset of `text` in the string it was found in
    end: int = 0

    @property
    def is_range(self) -> bool:
        return self.high is not None
