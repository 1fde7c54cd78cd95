"""Find every number-with-unit in a sentence: 1.45万家, 1300亿元, 6—10家, 24%, 百分之二十, 200PFlops.

One compiled regular expression proposes candidates and a few context rules in Python reject what is not a
quantity. The expression does the costly part (every 一 and every digit of a plan is a candidate start), so a
100 KB plan is scanned in a few milliseconds; Python code runs only for matches.

What counts as a quantity
    * An Arabic figure followed by a unit, optionally with a magnitude word and 余/多 between them and one
      space anywhere in between (PDF text: "68.19 亿元", "20 万例", "3.5 GW").
    * An Arabic figure without a unit only when it plainly is a figure: it has a decimal point, a magnitude
      word or at least two digits, and it is not a year (1900–2100), not part of a hyphenated code
      (专栏 2-1, 2016-2020), not a list marker (12. 或 （12）), not next to Latin letters (iPhone 12).
    * A Chinese numeral only with a unit, and only when it has two characters or more (十 excepted),
      because single digits before a classifier are mostly words and slogans (一批, 两个一百年, 四个面向);
      they are kept before 个百分点, 倍 and %. Digit-by-digit Chinese numerals (三五家, 二〇一二年) are
      skipped.
    * 百分之… / 千分之… (unit % / ‰), with an optional range (百分之十到十五).

What is not
    Years and dates (2025年, 2021-2025年, 2012年2月3日: a figure followed by 年 月 日 号 is never one),
    ordinals (第4, 第 13, 第十二个), document numbers (〔2016〕27 号), section and table markers
    (专栏 2-1, 表 3), denominators (每万人, 每10万人口), identifiers (H7N9, COVID-19, 5G, 6G, 3D, 4K: a figure
    directly followed by a Latin letter that is not a known unit; G after a single digit is a mobile
    generation, after more digits (400G) a unit).

Values
    Magnitude words multiply counts (1.45万家 → 14500 家, 50-100 万株/年 → 500000–1000000 株/年) and stay in
    the unit for money (1300亿元 → 1300 亿元, 1.2万亿元 → 1.2 万亿元, 3千万元 → 3000 万元), as the domain type
    documents. 万人 is therefore never a unit by itself: 5万人 → 50000 人; it appears only as a denominator
    (件/万人).

Ranges
    6—10家, 6-10家, 6～10家, 3至5个, 3到5个, 10%-15%, 5万-10万家, 三至五万元: `value` is the low end, `high`
    the high end; an Arabic range needs a unit or magnitude after its high end (so 2016-2020 and 专栏 2-1
    are not ranges). After 从 or 由, "到/至" marks a change, not a range: 从3.02%到3.51% gives two quantities.

Known limits
    A figure and its unit split across lines are not joined (the text cleaner re-joins wrapped lines first);
    numbered programme names (973计划, 3551人才计划, 106工程) read as figures; fractions (三分之一) and
    colloquial 个亿 are not read; single Chinese digits before a classifier are skipped (三项改革), see above.
"""

from __future__ import annotations

import re
from decimal import Decimal

from planwatch.domain.quantity import Quantity
from planwatch.normalize.numerals import MAGNITUDE_PATTERN, magnitude_factor, parse_decimal

# --- units -------------------------------------------------------------------------------------------------

# Chinese units and classifiers. Deliberately absent: 年 月 日 号 (dates, document numbers), 届 期 代 级 款
# (ordinals), 周 (100周年), 分 (三分之一, 分局), 克 and 瓦 alone (so 3千克 and 3千瓦 keep 千 in the unit).
_COUNT_UNITS = (
    *("家", "个", "件", "项", "人", "名", "位", "所", "座", "处", "台", "套", "条", "次", "篇", "部", "只"),
    *("株", "种", "批", "支", "亩", "吨", "例", "层", "户", "张", "床", "辆", "艘", "架", "颗", "栋", "间"),
    *("类", "本", "册", "倍", "岁", "天", "小时", "分钟", "个月", "人次", "度", "℃", "标准箱", "标箱", "斤"),
    *("千瓦", "千瓦时", "兆瓦", "吉瓦", "平方米", "平方公里", "平方千米", "立方米", "公顷", "公里", "千米"),
    *("米", "纳米", "英寸", "微米", "毫米", "厘米", "公斤", "千克", "微克", "个百分点", "百分点"),
)
_MONEY_UNITS = ("元", "美元", "港元", "欧元", "日元", "英镑")
# Latin units, matched case-sensitively and only as a whole token (5Gbps is Gbps, 3D is nothing).
_LATIN_UNITS = (
    *("PFlops", "EFlops", "TFlops", "GFlops", "Flops", "TOPS", "Gbps", "Mbps", "Tbps"),
    *("kWh", "MWh", "GWh", "TWh", "GHz", "MHz", "kHz", "Hz", "mAh", "MW", "GW", "kW", "KW", "TW", "kV"),
    *("nm", "μm", "um", "mm", "cm", "km", "kg", "TB", "PB", "EB", "GB", "MB", "T", "G", "M", "W", "V", "m"),
)
# Denominators of per-units: 件/万人, 株/年, 万元/人, 元/平方米.
_DENOMINATOR_UNITS = (*_COUNT_UNITS, *_MONEY_UNITS, "年", "月", "日", "周", "人口", "秒")
# Units stated with a money prefix keep it: 亿元, 万亿元, 亿美元.
_MONEY_PREFIXES = ("万亿", "亿", "万")
_UNIT_SPELLINGS = {"％": "%", "／": "/"}


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    """Longest first, so 个百分点 wins over 个 and 千瓦时 over 千瓦."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


_SPACE = "[ \u00a0\u3000]?"  # one space at most: PDF text puts one between figure, magnitude and unit
_DENOMINATOR = f"[/／][十百千万亿]?(?:{_alternation(_DENOMINATOR_UNITS)}|[A-Za-z]{{1,5}}(?![A-Za-z]))"
_UNIT = (
    f"(?:(?:{_alternation(_LATIN_UNITS)})(?![A-Za-z0-9])"
    f"|{_alternation([*_COUNT_UNITS, *_MONEY_UNITS])}|[%％‰])"
    f"(?:{_DENOMINATOR})?"
)
# The first characters of every unit: a one-character test before the unit alternation, so that a run of
# numerals backtracking through its positions costs one test per position, not one per unit.
_UNIT_START = (
    "[" + re.escape("".join(sorted({w[0] for w in (*_LATIN_UNITS, *_COUNT_UNITS, *_MONEY_UNITS)}))) + "%％‰]"
)
_MAGNITUDE = f"(?=[十百千万亿]){MAGNITUDE_PATTERN}"  # non-empty
_APPROX = "[余多]?"  # 1000余人, 3万多家
_SEPARATOR = "[-—–－―‐−~～〜]|——|至|到"

_ARABIC = (
    "(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])"
    "|[０-９]{1,3}(?:[,，][０-９]{3})+(?![０-９])"
    "|[0-9０-９]+)"
    "(?:[.．][0-9０-９]+)?"
)
_NOT_MID_NUMBER = "(?<![0-9０-９.．])"
_CHINESE_DIGITS = "零〇○一二两三四五六七八九"
_CHINESE = (
    f"[{_CHINESE_DIGITS}十][{_CHINESE_DIGITS}十百千万亿]*(?:点[零〇○一二三四五六七八九]+[十百千万亿]*)?"
)
# A Chinese numeral is at most 46 characters long (九千零九百零九十零九万… with 亿 groups). A longer run of
# numeral characters is no number, and the scanner would try it from every one of its characters to its
# end (一千二百三十四万 × 1,600 took 16 s), so such runs are blanked out before scanning.
MAX_NUMERAL_CHARS = 64
_LONG_NUMERAL_RUN = re.compile(
    f"(?<![{_CHINESE_DIGITS}十百千万亿])[{_CHINESE_DIGITS}十百千万亿]{{{MAX_NUMERAL_CHARS + 1},}}"
)
_BLANK = "\ufffc"  # OBJECT REPLACEMENT CHARACTER: part of no quantity, no context rule looks for it
_PERCENT_FIGURE = f"(?:{_ARABIC}|{_CHINESE}|百)"


def _tail(name: str) -> str:
    """Unit, magnitude and unit, or magnitude alone; the unit is tried first: 3千瓦 is 3 千瓦, not 3000 瓦."""
    return (
        f"(?:{_SPACE}{_APPROX}{_SPACE}(?P<{name}_unit>{_UNIT})"
        f"|{_SPACE}(?P<{name}_mag>{_MAGNITUDE}){_APPROX}{_SPACE}(?P<{name}_magunit>{_UNIT})"
        f"|{_SPACE}(?P<{name}_bare>{_MAGNITUDE}){_APPROX})"
    )


_QUANTITY_RE = re.compile(
    # 百分之二十, 百分之十到十五, 千分之五
    f"(?P<pct>百分之|千分之)(?P<pct_low>{_PERCENT_FIGURE})"
    f"(?:{_SPACE}(?:{_SEPARATOR}){_SPACE}(?:百分之|千分之)?(?P<pct_high>{_PERCENT_FIGURE}))?"
    # 6—10家, 50-100 万株/年, 10%-15%, 5万-10万家: a range needs a unit or magnitude after its high end
    f"|{_NOT_MID_NUMBER}(?P<range_low>{_ARABIC})(?:{_SPACE}(?P<range_low_mag>{_MAGNITUDE}))?"
    f"(?:{_SPACE}(?P<range_low_pct>[%％]))?"
    f"{_SPACE}(?P<range_sep>{_SEPARATOR}){_SPACE}(?P<range_high>{_ARABIC}){_tail('range')}"
    # 1.45万家, 68.19 亿元, 28%, 12.5
    f"|{_NOT_MID_NUMBER}(?P<single>{_ARABIC})(?:{_tail('single')})?"
    # 两万家, 三至五个, 一点四五万元
    f"|(?P<cn_low>{_CHINESE})(?:{_SPACE}(?:{_SEPARATOR}){_SPACE}(?P<cn_high>{_CHINESE}))?"
    f"{_APPROX}{_SPACE}(?={_UNIT_START})(?P<cn_unit>{_UNIT})"
)

# Used instead where a range turns out to be a change, 从3.02%到3.51%: each end is read on its own.
_SINGLE_RE = re.compile(f"{_NOT_MID_NUMBER}(?P<single>{_ARABIC})(?:{_tail('single')})?")

# --- context rules -----------------------------------------------------------------------------------------

_DATE_WORDS = frozenset("年月日号时点秒期届级代版季")
_BRACKET_OPEN = frozenset("〔[［【")
_BRACKET_CLOSE = frozenset("〕]］】")
_MARKER_WORDS = ("专栏", "附表", "附图", "附件", "表", "图")
_DASHES = frozenset("-—–－―‐−~～〜")
_LIST_MARK_AFTER = frozenset(".．、")
_SENTENCE_BREAKS = frozenset("\n\r\t。；;：:！!？?")
_SPACES = frozenset(" \u00a0\u3000")
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_CHINESE_POSITIONAL = frozenset("十百千万亿点")
_LOOSE_SINGLE_UNITS = frozenset({"个百分点", "百分点", "倍", "%", "％", "‰"})
_PERCENT_SIGNS = frozenset("%％‰")
_QUOTES_OPEN = frozenset("“‘「『\"'")
_QUOTES_CLOSE = frozenset("”’」』\"'")
_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def _is_latin(char: str) -> bool:
    return ("a" <= char <= "z") or ("A" <= char <= "Z")


def _index_before(text: str, start: int) -> int:
    """Index of the character before `start`, looking past one space (-1 at the start of the text)."""
    index = start - 1
    if index >= 0 and text[index] in _SPACES:
        index -= 1
    return index


def _index_after(text: str, end: int) -> int:
    """Index of the character at `end`, looking past one space (len(text) at the end)."""
    if end < len(text) and text[end] in _SPACES:
        end += 1
    return end


def _before(text: str, start: int) -> str:
    index = _index_before(text, start)
    return text[index] if index >= 0 else ""


def _after(text: str, end: int) -> str:
    index = _index_after(text, end)
    return text[index] if index < len(text) else ""


def _rejected_by_context(text: str, start: int, end: int) -> bool:
    """Rules that hold whatever the unit: ordinals, denominators, bracketed codes, identifiers."""
    if _before(text, start) in ("第", "每"):
        return True  # 第 13, 第十二个; 每10万人口
    if (start > 0 and text[start - 1] in _BRACKET_OPEN) or (end < len(text) and text[end] in _BRACKET_CLOSE):
        return True  # 〔2016〕
    if start > 0:
        previous = text[start - 1]
        if _is_latin(previous) or previous in "_/\\#@&":
            return True  # H7N9, PM2.5, URLs
        if previous in _DASHES and start > 1 and _is_latin(text[start - 2]):
            return True  # COVID-19
    return False


def _is_unitless_figure(text: str, start: int, end: int, figure: str, magnitude: str) -> bool:
    """A bare Arabic figure is kept only when nothing says it is a year, a code or a list marker."""
    plain = figure.translate(_WIDTH)
    if not magnitude:
        if "." not in plain and sum(char.isdigit() for char in plain) < 2:
            return False
        if "." not in plain and "," not in plain and len(plain) == 4 and 1900 <= int(plain) <= 2100:
            return False  # a year without 年
    before, after = _before(text, start), _after(text, end)
    if after in _DATE_WORDS or _is_latin(after) or _is_latin(before):
        return False  # 12月, 27 号, iPhone 12, 12 Pro
    if text[max(0, start - 3) : start].rstrip(" \u00a0\u3000").endswith(_MARKER_WORDS):
        return False  # 专栏 12, 表 12
    following = text[end : end + 2]
    preceding = text[max(0, start - 2) : start]
    if len(following) == 2 and following[0] in "./:：" and following[1] in _DIGITS:
        return False  # 1.2.3, 2021/05, 10:30
    if len(preceding) == 2 and preceding[1] in ":：" and preceding[0] in _DIGITS:
        return False  # 10:30, 1:1 (right side)
    if after in _DASHES and _after(text, _index_after(text, end) + 1) in _DIGITS:
        return False  # 专栏 2-1, 2016-2020, 027-8765 (left side)
    if before in _DASHES and _before(text, _index_before(text, start)) in _DIGITS | _PERCENT_SIGNS:
        return False  # (right side)
    previous_char, next_char = text[start - 1 : start], text[end : end + 1]
    if previous_char in _QUOTES_OPEN or next_char in _QUOTES_CLOSE or "+" in (previous_char, next_char):
        return False  # “965”产业体系, “1+5+10”战略: names, not figures
    if next_char in _LIST_MARK_AFTER and (before == "" or before in _SENTENCE_BREAKS):
        return False  # 12.加快… / 12、… at the start of a line or sentence
    return not (previous_char in ("（", "(") and next_char in ("）", ")"))  # （12）


# --- values -------------------------------------------------------------------------------------------------


def _normalise_unit(unit: str) -> str:
    """％ → %, ／ → /, 百分点 → 个百分点."""
    for spelling, canonical in _UNIT_SPELLINGS.items():
        unit = unit.replace(spelling, canonical)
    return "个" + unit if unit.startswith("百分点") else unit


def _money_prefix(magnitude: str) -> str:
    """The part of a magnitude that money keeps in its unit: 万亿 → 万亿, 千万 → 万, 百 → ''."""
    for prefix in _MONEY_PREFIXES:
        if magnitude.endswith(prefix):
            return prefix
    return ""


def _trailing_magnitude(numeral: str) -> str:
    """Magnitude characters at the end of a Chinese numeral: 一亿二千万 → 千万, 两万 → 万, 一千三百 → 百."""
    stripped = numeral.rstrip("十百千万亿")
    return numeral[len(stripped) :]


def _build(
    text: str,
    start: int,
    end: int,
    low: Decimal,
    high: Decimal | None,
    magnitude: str,
    unit: str,
) -> Quantity | None:
    """Apply the money rule and make the Quantity. `low`/`high` are full values (magnitude applied)."""
    unit = _normalise_unit(unit)
    base = unit.split("/", 1)[0]
    if base in _MONEY_UNITS:
        prefix = _money_prefix(magnitude)
        if prefix:
            factor = magnitude_factor(prefix)
            low, high = low / factor, (None if high is None else high / factor)
            unit = prefix + unit
    if high is not None and high < low:
        return None
    return Quantity(
        value=float(low),
        unit=unit,
        text=text[start:end],
        high=None if high is None else float(high),
        start=start,
        end=end,
    )


def _percent(text: str, match: re.Match[str]) -> Quantity | None:
    low = parse_decimal(match["pct_low"])
    high = parse_decimal(match["pct_high"]) if match["pct_high"] else None
    if low is None or (match["pct_high"] and high is None):
        return None
    unit = "%" if match["pct"] == "百分之" else "‰"
    return _build(text, match.start(), match.end(), low, high, "", unit)


def _arabic(text: str, match: re.Match[str], name: str) -> Quantity | None:
    """A single figure (name 'single') or a range (name 'range') with its tail."""
    unit = match[f"{name}_unit"] or match[f"{name}_magunit"] or ""
    magnitude = match[f"{name}_mag"] or match[f"{name}_bare"] or ""
    start, end = match.start(), match.end()
    if name == "range":
        figure, low_text = match["range_high"], match["range_low"]
        low_magnitude = match["range_low_mag"] or magnitude
        if match["range_low_pct"] and unit not in ("%", "％"):
            return None
    else:
        figure, low_text, low_magnitude = match["single"], match["single"], magnitude
    if _rejected_by_context(text, start, end):
        return None
    if not unit:
        if name == "range" or not _is_unitless_figure(text, start, end, figure, magnitude):
            return None
    elif unit == "G" and name == "single" and len(figure) == 1:
        return None  # 5G, 6G: mobile generations
    high_core = parse_decimal(figure)
    low_core = parse_decimal(low_text)
    if high_core is None or low_core is None:
        return None
    high = high_core * magnitude_factor(magnitude)
    low = low_core * magnitude_factor(low_magnitude)
    if name == "single":
        return _build(text, start, end, low, None, magnitude, unit)
    return _build(text, start, end, low, high, magnitude, unit)


def _chinese(text: str, match: re.Match[str]) -> Quantity | None:
    low_text, high_text, unit = match["cn_low"], match["cn_high"], match["cn_unit"]
    for numeral in (low_text, high_text):
        if numeral is None:
            continue
        if not _CHINESE_POSITIONAL.intersection(numeral) and len(numeral) > 1:
            return None  # digit by digit: 三五家 (three or five), 二〇一二年
    if (
        high_text is None
        and len(low_text) == 1
        and low_text != "十"
        and _normalise_unit(unit) not in _LOOSE_SINGLE_UNITS
    ):
        return None  # 一批, 两个, 四个面向
    if _rejected_by_context(text, match.start(), match.end()):
        return None
    low = parse_decimal(low_text)
    high = parse_decimal(high_text) if high_text else None
    if low is None or (high_text and high is None):
        return None
    magnitude = _trailing_magnitude(high_text or low_text)
    if high is not None:
        shared = magnitude_factor(magnitude[-1:]) if magnitude[-1:] in ("万", "亿") else 1
        if not _trailing_magnitude(low_text).strip("十百千") and low * shared <= high:
            low *= shared  # 三至五万 = 3万–5万
    return _build(text, match.start(), match.end(), low, high, magnitude, unit)


def _is_change(text: str, match: re.Match[str]) -> bool:
    """从 3.02% 到 3.51%, 由3家至5家: a from–to change, not a range."""
    return match["range_sep"] in ("到", "至") and _before(text, match.start()) in ("从", "由")


def find_quantities(text: str) -> list[Quantity]:
    """Every number-with-unit in `text`, left to right, with offsets into `text` (see module docstring)."""
    found: list[Quantity] = []
    position = 0
    if _LONG_NUMERAL_RUN.search(text):
        text = _LONG_NUMERAL_RUN.sub(lambda m: _BLANK * len(m.group(0)), text)  # same length: offsets hold
    while (match := _QUANTITY_RE.search(text, position)) is not None:
        if match["pct"]:
            quantity = _percent(text, match)
        elif match["range_low"]:
            if _is_change(text, match):
                single = _SINGLE_RE.match(text, match.start())
                assert single is not None  # the range's low end is itself a single figure
                match = single
                quantity = _arabic(text, match, "single")
            else:
                quantity = _arabic(text, match, "range")
        elif match["single"]:
            quantity = _arabic(text, match, "single")
        else:
            quantity = _chinese(text, match)
        if quantity is not None:
            found.append(quantity)
        position = match.end()
    return found
