"""Deadlines as task breakdowns write them: 2025年底, 2023年6月, 2024年上半年, 持续推进."""

from __future__ import annotations

import re

from planwatch.domain.plan import Due

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_MONTH = re.compile(r"(?<!\d)(1[0-2]|[1-9])\s*月")
_YEAR_END = re.compile(r"年\s*(底|末|前)|年度|全年")
_HALF = re.compile(r"上半年")
_ONGOING = re.compile(r"持续|长期|常态|每年|逐年|年年|按年度|分年度|按期|定期")


def parse_due(text: str) -> Due | None:
    """ "2025年底" → (2025, 12); "2023年6月" → (2023, 6); "持续推进" → ongoing; "" → None."""
    text = text.strip()
    if not text:
        return None
    years = _YEAR.findall(text)
    year = int(years[-1]) if years else None  # "2023年起，2025年底前完成": the last year is the end
    month: int | None = None
    months = _MONTH.findall(text)
    if months:
        month = int(months[-1])
    elif year is not None and _HALF.search(text):
        month = 6
    elif year is not None and _YEAR_END.search(text):
        month = 12
    ongoing = year is None and bool(_ONGOING.search(text))
    return Due(text, year, month, ongoing)
