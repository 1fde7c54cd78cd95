"""Character-level hygiene: indentation, stray spaces that PDF extraction puts around Chinese text.

"2015 年的68.19 亿元" → "2015年的68.19亿元": a space next to a Chinese character or full-width
punctuation carries no meaning in Chinese typesetting, while a space between two Latin words does
("Open SDG"), so only the former are removed.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# CJK ideographs, CJK punctuation, full-width forms and the curly quotes Chinese text uses.
CJK_CLASS = "\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201f\u2014\u2026\u00b7"
_SPACE_AFTER_CJK = re.compile(rf"(?<=[{CJK_CLASS}])[ \u00a0\u2002-\u200b\u3000]+(?=\S)")
_SPACE_BEFORE_CJK = re.compile(rf"(?<=\S)[ \u00a0\u2002-\u200b\u3000]+(?=[{CJK_CLASS}])")
_MULTI_SPACE = re.compile(r"[ \u00a0\u2002-\u200b]{2,}")
_LEADING = re.compile(r"^[\s\u3000\u00a0\ufeff]+")


def display_width(text: str) -> int:
    """Width in half-width cells: wide (CJK) characters count 2, others 1; used to spot wrapped lines."""
    if text.isascii():
        return len(text)
    return len(text) + _wide_pattern().subn("", text)[1]  # one C-level pass instead of a Python loop


@functools.cache
def _wide_pattern() -> re.Pattern[str]:
    """A character class of every East Asian Wide or Fullwidth character (built once, on first use)."""
    ranges: list[str] = []
    start: int | None = None
    for code in range(0x20000):  # planes 0 and 1
        wide = unicodedata.east_asian_width(chr(code)) in "WF" and not 0xD800 <= code <= 0xDFFF
        if wide and start is None:
            start = code
        elif not wide and start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = None
    if start is not None:
        ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(0x1FFFF))}")
    # planes 2 and 3 (CJK extensions) are wide throughout
    ranges.append("\U00020000-\U0003ffff")
    return re.compile(f"[{''.join(ranges)}]")


def strip_indent(text: str) -> str:
    """Drop leading indentation, including full-width spaces (　　) and no-break spaces."""
    return _LEADING.sub("", text).rstrip()


def fix_spaces(text: str) -> str:
    """Remove spaces adjacent to Chinese characters; collapse other runs of spaces; keep tabs."""
    text = strip_indent(text)
    text = _SPACE_AFTER_CJK.sub("", text)
    text = _SPACE_BEFORE_CJK.sub("", text)
    return _MULTI_SPACE.sub(" ", text)


def collapse_spaces(text: str) -> str:
    """For table rows, where spaces separate cells: keep one space, drop indentation."""
    return _MULTI_SPACE.sub(" ", strip_indent(text))


def is_cjk(ch: str) -> bool:
    return bool(re.match(f"[{CJK_CLASS}]", ch))
