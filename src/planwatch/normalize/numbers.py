"""Numbers in plan text: the entry point the extraction stage imports.

`parse_number` reads a numeral span (numerals.py); `find_quantities` finds every number-with-unit in a
sentence (quantities.py). They live in two modules because reading a numeral and deciding whether a figure in
running text is a quantity are separate jobs with separate rules.
"""

from __future__ import annotations

from planwatch.normalize.numerals import chinese_to_int, parse_decimal, parse_number
from planwatch.normalize.quantities import find_quantities

__all__ = ["chinese_to_int", "find_quantities", "parse_decimal", "parse_number"]
