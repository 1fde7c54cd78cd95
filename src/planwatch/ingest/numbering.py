"""Word automatic numbering, rebuilt as text.

Why: python-docx's `paragraph.text` contains only the typed characters; the labels Word draws in front
of numbered paragraphs (一、 （一） 第一章 1.) live in numbering.xml and are computed at layout time.
Plan outlines are built almost entirely from such labels, so without them the parse stage would see
headings as ordinary sentences. This module resolves a paragraph's numbering (direct `w:numPr` or via
its style chain), keeps the counters Word keeps, and formats the label from `w:lvlText`/`w:numFmt`.

Counters are kept per numId, as the lists a user sees in Word; a `w:startOverride` restarts them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from lxml import etree

logger = logging.getLogger(__name__)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MAX_STYLE_DEPTH = 32
_MAX_LEVEL = 8

# Labels ending in one of these are followed directly by the text, as Chinese typesetting does (一、总体要求).
_NO_SPACE_AFTER = frozenset("、，,．。）)：:】」』")


def w(tag: str) -> str:
    """Clark name of a WordprocessingML tag."""
    return f"{{{W_NS}}}{tag}"


def attr(element: etree._Element | None, name: str = "val") -> str | None:
    """The `w:`-namespaced attribute of `element`, or None."""
    if element is None:
        return None
    value = element.get(w(name))
    return None if value is None else str(value)


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


# --------------------------------------------------------------------------- number formats

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CN_UNITS = ("", "十", "百", "千")
_CN_LEGAL_UNITS = ("", "拾", "佰", "仟")
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"))
_ROMAN_SMALL = ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def chinese_counting(number: int, *, legal: bool = False) -> str:
    """一 二 … 十 十一 … 二十一 … 一百零一; legal (financial) digits 壹 贰 … 壹拾 when `legal`."""
    digits = _CN_LEGAL_DIGITS if legal else _CN_DIGITS
    units = _CN_LEGAL_UNITS if legal else _CN_UNITS
    if number <= 0:
        return "〇" if number == 0 and not legal else (digits[0] if number == 0 else str(number))
    if number >= 10000:
        return str(number)
    parts: list[str] = []
    pending_zero = False
    text = str(number)
    for index, char in enumerate(text):
        digit = int(char)
        if digit == 0:
            pending_zero = True
            continue
        if pending_zero and parts:
            parts.append(digits[0])
        pending_zero = False
        parts.append(digits[digit] + units[len(text) - 1 - index])
    label = "".join(parts)
    if not legal and 10 <= number < 20:
        label = label[1:]  # 一十一 → 十一
    return label


def _roman(number: int) -> str:
    if not 0 < number < 4000:
        return str(number)
    out: list[str] = []
    for value, symbol in (*_ROMAN, *_ROMAN_SMALL):
        while number >= value:
            out.append(symbol)
            number -= value
    return "".join(out)


def _letters(number: int) -> str:
    if number <= 0:
        return str(number)
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _enclosed(number: int, ranges: tuple[tuple[int, int, int], ...]) -> str:
    """Look `number` up in (first, last, first code point) ranges of enclosed-number characters."""
    for first, last, codepoint in ranges:
        if first <= number <= last:
            return chr(codepoint + number - first)
    return str(number)


_CIRCLED = ((1, 20, 0x2460), (21, 35, 0x3251), (36, 50, 0x32B1))
_PARENTHESIZED = ((1, 20, 0x2474),)
_FULL_STOP = ((1, 20, 0x2488),)
_CIRCLED_IDEOGRAPH = ((1, 10, 0x3280),)


def format_number(number: int, fmt: str) -> str:
    """Render a counter in a `w:numFmt`; unknown formats fall back to decimal, as Word does."""
    match fmt:
        case "none":
            return ""
        case "decimalZero":
            return f"{number:02d}"
        case "decimalFullWidth" | "decimalFullWidth2":
            return str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        case "upperRoman":
            return _roman(number)
        case "lowerRoman":
            return _roman(number).lower()
        case "upperLetter":
            return _letters(number).upper()
        case "lowerLetter":
            return _letters(number)
        case (
            "chineseCounting"
            | "chineseCountingThousand"
            | "japaneseCounting"
            | "taiwaneseCounting"
            | "taiwaneseCountingThousand"
        ):
            return chinese_counting(number)
        case "chineseLegalSimplified":
            return chinese_counting(number, legal=True)
        case "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand":
            return str(number).translate(str.maketrans("0123456789", "〇" + _CN_DIGITS[1:]))
        case "ideographTraditional":
            return _HEAVENLY_STEMS[number - 1] if 1 <= number <= 10 else str(number)
        case "ideographZodiac":
            return _EARTHLY_BRANCHES[number - 1] if 1 <= number <= 12 else str(number)
        case "decimalEnclosedCircle" | "decimalEnclosedCircleChinese":
            return _enclosed(number, _CIRCLED)
        case "decimalEnclosedParen":
            return _enclosed(number, _PARENTHESIZED)
        case "decimalEnclosedFullstop":
            return _enclosed(number, _FULL_STOP)
        case "ideographEnclosedCircle":
            return _enclosed(number, _CIRCLED_IDEOGRAPH)
        case _:
            return str(number)


# --------------------------------------------------------------------------- definitions


@dataclass(frozen=True, slots=True)
class Level:
    """One `w:lvl` of a list definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; 0 = never
    legal: bool = False  # w:isLgl: show all levels as decimal numbers
    suffix: str = "tab"
    style_id: str | None = None


def _parse_level(element: etree._Element) -> Level:
    legal = element.find(w("isLgl"))
    start = _int(attr(element.find(w("start"))))
    return Level(
        start=1 if start is None else start,
        fmt=attr(element.find(w("numFmt"))) or "decimal",
        text=attr(element.find(w("lvlText"))) or "",
        restart=_int(attr(element.find(w("lvlRestart")))),
        legal=legal is not None and attr(legal) not in {"0", "false", "off"},
        suffix=attr(element.find(w("suff"))) or "tab",
        style_id=attr(element.find(w("pStyle"))),
    )


def _levels_of(element: etree._Element) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in element.iterfind(w("lvl")):
        ilvl = _int(attr(lvl, "ilvl"))
        if ilvl is not None and 0 <= ilvl <= _MAX_LEVEL:
            levels[ilvl] = _parse_level(lvl)
    return levels


@dataclass(frozen=True, slots=True)
class NumberRef:
    num_id: str
    ilvl: int


class Numbering:
    """List definitions of one document, plus its paragraph styles (numbering can come from a style)."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self._abstract: dict[str, etree._Element] = {}
        self._nums: dict[str, etree._Element] = {}
        self._styles: dict[str, etree._Element] = {}
        self._default_style: str | None = None
        self._levels_cache: dict[str, dict[int, Level]] = {}
        if numbering is not None:
            for abstract in numbering.iterfind(w("abstractNum")):
                key = attr(abstract, "abstractNumId")
                if key is not None:
                    self._abstract[key] = abstract
            for num in numbering.iterfind(w("num")):
                key = attr(num, "numId")
                if key is not None:
                    self._nums[key] = num
        if styles is not None:
            for style in styles.iterfind(w("style")):
                style_id = attr(style, "styleId")
                if style_id is None or attr(style, "type") not in {None, "paragraph", "numbering"}:
                    continue
                self._styles[style_id] = style
                if attr(style, "default") in {"1", "true", "on"} and attr(style, "type") == "paragraph":
                    self._default_style = style_id

    # -- resolving a paragraph to (numId, ilvl)

    def _style_num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        """numId and ilvl from the first style in the basedOn chain that declares a numPr."""
        seen: set[str] = set()
        while style_id is not None and style_id not in seen and len(seen) < _MAX_STYLE_DEPTH:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
            if num_pr is not None:
                return attr(num_pr.find(w("numId"))), _int(attr(num_pr.find(w("ilvl"))))
            style_id = attr(style.find(w("basedOn")))
        return None, None

    def resolve(self, paragraph: etree._Element) -> NumberRef | None:
        """The list and level a `w:p` belongs to, or None when it is not numbered."""
        ppr = paragraph.find(w("pPr"))
        style_id = attr(ppr.find(w("pStyle"))) if ppr is not None else None
        style_id = style_id or self._default_style
        direct = ppr.find(w("numPr")) if ppr is not None else None
        num_id = attr(direct.find(w("numId"))) if direct is not None else None
        ilvl = _int(attr(direct.find(w("ilvl")))) if direct is not None else None
        if num_id is None:
            style_num, style_ilvl = self._style_num_pr(style_id)
            num_id = style_num
            if ilvl is None:
                ilvl = style_ilvl
            if ilvl is None and num_id is not None:
                ilvl = next((k for k, lvl in self.levels(num_id).items() if lvl.style_id == style_id), None)
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return None
        return NumberRef(num_id, min(max(ilvl or 0, 0), _MAX_LEVEL))

    # -- level definitions of a list

    def _abstract_for(self, num_id: str, depth: int = 0) -> etree._Element | None:
        num = self._nums.get(num_id)
        if num is None:
            return None
        abstract = self._abstract.get(attr(num.find(w("abstractNumId"))) or "")
        if abstract is None:
            return None
        link = attr(abstract.find(w("numStyleLink")))
        if link is not None and depth < 4:
            # A list that only points at a numbering style: its levels live behind that style's numId.
            linked_num, _ = self._style_num_pr(link)
            if linked_num is not None and linked_num != num_id:
                return self._abstract_for(linked_num, depth + 1) or abstract
        return abstract

    def levels(self, num_id: str) -> dict[int, Level]:
        cached = self._levels_cache.get(num_id)
        if cached is not None:
            return cached
        abstract = self._abstract_for(num_id)
        levels = _levels_of(abstract) if abstract is not None else {}
        num = self._nums.get(num_id)
        if num is not None:
            for override in num.iterfind(w("lvlOverride")):
                ilvl = _int(attr(override, "ilvl"))
                if ilvl is None or not 0 <= ilvl <= _MAX_LEVEL:
                    continue
                replacement = override.find(w("lvl"))
                if replacement is not None:
                    levels[ilvl] = _parse_level(replacement)
                start = _int(attr(override.find(w("startOverride"))))
                if start is not None:
                    base = levels.get(ilvl, Level())
                    levels[ilvl] = Level(
                        start, base.fmt, base.text, base.restart, base.legal, base.suffix, base.style_id
                    )
        self._levels_cache[num_id] = levels
        return levels


class Counters:
    """Running counters of every list, advanced paragraph by paragraph in document order."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self._values: dict[str, dict[int, int]] = {}

    def label(self, paragraph: etree._Element) -> str:
        """The label Word shows before `paragraph` including its separator, or "" when unnumbered."""
        ref = self.numbering.resolve(paragraph)
        if ref is None:
            return ""
        levels = self.numbering.levels(ref.num_id)
        level = levels.get(ref.ilvl)
        if level is None:
            return ""
        values = self._values.setdefault(ref.num_id, {})
        values[ref.ilvl] = values[ref.ilvl] + 1 if ref.ilvl in values else level.start
        for deeper in [k for k in values if k > ref.ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and ref.ilvl < restart):
                del values[deeper]
        if level.fmt == "bullet":
            label = "".join("•" if "\ue000" <= ch <= "\uf8ff" else ch for ch in level.text)
        else:
            label = self._render(level, levels, values)
        if not label:
            return ""
        if level.suffix == "nothing" or label[-1] in _NO_SPACE_AFTER:
            return label
        return label + " "

    @staticmethod
    def _render(level: Level, levels: dict[int, Level], values: dict[int, int]) -> str:
        out: list[str] = []
        text = level.text
        index = 0
        while index < len(text):
            char = text[index]
            if char == "%" and index + 1 < len(text) and text[index + 1] in "123456789":
                ref_level = int(text[index + 1]) - 1
                ref = levels.get(ref_level, Level())
                value = values.get(ref_level, ref.start)
                out.append(format_number(value, "decimal" if level.legal else ref.fmt))
                index += 2
                continue
            out.append(char)
            index += 1
        return "".join(out)
