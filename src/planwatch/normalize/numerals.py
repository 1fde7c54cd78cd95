"""Numeral spans → values: Arabic (1,253 · １２．５ · 1.45万 · 3千) and Chinese (一千三百 · 两万 · 二〇二五 ·
一点四五万 · 百分之三点五一).

This module reads a span that is already known to be a number; finding numbers in running text is the job
of quantities.py. Arithmetic is done in `Decimal`, so 1.45万 is exactly 14500 and 68.19 stays 68.19 after
scaling; the float is made only at the end.

cn2an (0.5.24) reads positional Chinese integers, but three of its habits are handled here:
it accepts garbage (二百百二 → 220, 百七两千六 → 9700), so every span is checked against a numeral
grammar first; it fails on a 亿 group followed by a group without 万 (一亿五, or 六千零四十七亿九千三百零二
that its own `an2cn` writes), so such spans are split at 亿; and it knows neither ○ (U+25CB) nor 点
decimals with a magnitude (一点四五万) nor 百分之. `cn2an.transform` is never used: it rewrites 第三章
into 第3章.
"""

from __future__ import annotations

import re
from decimal import Decimal

import cn2an

# One-to-one character maps, so offsets stay valid wherever a caller applies them to a whole string.
_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９．，％－−／○",
    "0123456789.,%--/〇",
)
_FINANCIAL = str.maketrans("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟", "一二二三三四五六六七八九十百千")

DIGIT_VALUES: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
MAGNITUDE_VALUES: dict[str, int] = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}

# A figure with more digits than this is a code, an identifier or garbage, never a quantity: 9999万亿 has 16
# digits. Refusing it here keeps Decimal arithmetic finite (a million digits overflowed its exponent).
MAX_FIGURE_DIGITS = 30

# Magnitude words after a figure, largest last: 万, 亿, 千万, 百万, 万亿, 千亿 … (may be empty).
MAGNITUDE_PATTERN = "[十百千]?万?亿?"

_ARABIC_RE = re.compile(
    rf"(?P<int>[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.(?P<frac>[0-9]+))?(?P<mag>{MAGNITUDE_PATTERN})"
)

# Digit-by-digit numerals (years such as 二〇二五): digits only, no positional characters; never 两.
_DIGITWISE_RE = re.compile("[零〇一二三四五六七八九]+")

# Positional integers up to 9999万亿. A group below 万 is 千 百 十 个 with optional 零 gaps; the colloquial
# tail after a unit (一千三 = 1300, 一万五 = 15000) fits the same shape and cn2an reads it correctly.
_D = "[一二两三四五六七八九]"
_GROUP = f"(?:{_D}千)?(?:零?{_D}百)?(?:零?{_D}?十)?(?:零?{_D})?"
_GROUP_NONEMPTY = f"(?=[一二两三四五六七八九十零]){_GROUP}"
_BELOW_YI = f"(?:{_GROUP_NONEMPTY}万)?零?{_GROUP}"
_POSITIONAL_RE = re.compile(f"(?:(?=[一二两三四五六七八九十零]){_BELOW_YI}亿)?零?{_BELOW_YI}")

_CHINESE_DECIMAL_RE = re.compile(
    f"(?P<int>[^点]+)点(?P<frac>[零〇一二三四五六七八九]+)(?P<mag>{MAGNITUDE_PATTERN})"
)


def magnitude_factor(magnitude: str) -> int:
    """Product of magnitude characters: 万 → 10^4, 万亿 → 10^12, 千万 → 10^7; '' → 1."""
    factor = 1
    for char in magnitude:
        factor *= MAGNITUDE_VALUES[char]
    return factor


def chinese_to_int(text: str) -> int | None:
    """Value of a Chinese integer numeral, or None when `text` is not one.

    Positional forms (一千三百, 两万, 十四, 一亿零五), digit-by-digit forms (二〇二五, 二○二五, 零) and
    financial forms (壹万贰仟) are read. 百 and 千 alone mean one hundred and one thousand (百分之百);
    万 and 亿 alone are magnitude words, not numbers.
    """
    span = "".join(text.split()).translate(_FULL_WIDTH).translate(_FINANCIAL)
    if not span or len(span) > 2 * MAX_FIGURE_DIGITS:
        return None  # longer than any numeral (and int() refuses over 4,300 digits)
    if _DIGITWISE_RE.fullmatch(span):
        return int("".join(str(DIGIT_VALUES[char]) for char in span))
    if span[0] in "百千":
        span = "一" + span
    if not _POSITIONAL_RE.fullmatch(span):
        return None
    return _positional_value(span)


def _positional_value(span: str) -> int | None:
    """cn2an on a grammar-checked span, with our own reading of the 亿 groups it rejects."""
    try:
        return int(cn2an.cn2an(span, "normal"))
    except (ValueError, KeyError):
        pass
    head, separator, tail = span.rpartition("亿")
    if not separator:
        return None
    head_value = _positional_value(head)
    if head_value is None:
        return None
    if not tail:
        tail_value: int | None = 0
    elif tail.startswith("零"):
        tail_value = _positional_value(tail.lstrip("零"))
    elif len(tail) == 1 and tail in DIGIT_VALUES:
        tail_value = DIGIT_VALUES[tail] * 10**7  # 一亿五 = 1.5亿, as 一万五 = 1.5万
    else:
        tail_value = _positional_value(tail)
    if tail_value is None or tail_value >= 10**8:
        return None
    return head_value * 10**8 + tail_value


def parse_decimal(text: str) -> Decimal | None:
    """Exact value of a numeral span, or None; see `parse_number` for the forms read."""
    span = "".join(text.split()).translate(_FULL_WIDTH)
    if len(span) > 2 * MAX_FIGURE_DIGITS:
        return None
    negative = span[:1] in ("-", "负")
    if negative:
        span = span[1:]
    for prefix in ("百分之", "千分之"):
        if span.startswith(prefix):
            span = span[len(prefix) :]
            break
    else:
        if span[-1:] in ("%", "‰"):
            span = span[:-1]
    if not span:
        return None
    value = _arabic_value(span)
    if value is None:
        value = _chinese_value(span)
    if value is None:
        return None
    return -value if negative else value


def _arabic_value(span: str) -> Decimal | None:
    """1,253 · 12.5 · 1.45万 · 3千 · 1万亿 (already half-width)."""
    match = _ARABIC_RE.fullmatch(span)
    if match is None or len(match["int"].replace(",", "")) + len(match["frac"] or "") > MAX_FIGURE_DIGITS:
        return None
    core = Decimal(match["int"].replace(",", "") + ("." + match["frac"] if match["frac"] else ""))
    return core * magnitude_factor(match["mag"])


def _chinese_value(span: str) -> Decimal | None:
    """一千三百 · 二〇二五 · 一点四五 · 一点四五万: the fraction after 点 is read digit by digit."""
    match = _CHINESE_DECIMAL_RE.fullmatch(span)
    if match is None:
        integer = chinese_to_int(span)
        return None if integer is None else Decimal(integer)
    integer = chinese_to_int(match["int"])
    if integer is None:
        return None
    fraction = "".join(str(DIGIT_VALUES[char]) for char in match["frac"])
    return Decimal(f"{integer}.{fraction}") * magnitude_factor(match["mag"])


def parse_number(text: str) -> float | None:
    """Value of a numeral span, or None when the span is not a number.

    Reads Arabic digits (thousands separators, decimals, full-width digits and ．), Chinese numerals
    (positional, digit-by-digit with 〇 or ○, 点 decimals), a magnitude suffix on either (1.45万, 一点四五万,
    3千, 1万亿), a percentage or per-mille mark (百分之三点五一, 28%, 千分之五 → the figure before the
    mark: the scanner, not this function, reports the unit) and a leading minus sign or 负. Spaces are
    ignored.
    """
    value = parse_decimal(text)
    return None if value is None else float(value)
