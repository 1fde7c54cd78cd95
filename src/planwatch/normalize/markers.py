"""What the start of a line looks like: outline markers, box titles, table rows, page numbers.

These patterns live in normalize (not parse) because re-joining wrapped lines must already know where a
new block starts; the parser reuses them so that both stages agree on what a heading is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

CN_DIGITS = "零〇○一二两三四五六七八九十百"
_CN = f"[{CN_DIGITS}]+"


class MarkerKind(StrEnum):
    CHAPTER = "chapter"  # 第一章
    PART = "part"  # 第一节 (a section under a chapter)
    SECTION = "section"  # 一、
    SUBSECTION = "subsection"  # （一）
    ITEM = "item"  # 1. 1、 1．
    SUBITEM = "subitem"  # （1）
    POINT = "point"  # ①
    BOX = "box"  # 专栏 2-1 / 专栏一


@dataclass(frozen=True, slots=True)
class Marker:
    kind: MarkerKind
    marker: str  # the literal marker text, e.g. "第二章", "一、", "专栏 2-1"
    number: str  # normalised number: "2", "1", "2-1"
    rest: str  # the text after the marker


_CHAPTER = re.compile(rf"^(第\s*({_CN}|\d{{1,3}})\s*[章篇])\s*(.*)$")
_PART = re.compile(rf"^(第\s*({_CN}|\d{{1,3}})\s*节)\s*(.*)$")
_SECTION = re.compile(rf"^(({_CN})\s*[、，．.])\s*(.*)$")
_SUBSECTION = re.compile(rf"^([（(]\s*({_CN})\s*[）)][、．.]?)\s*(.*)$")
_ITEM = re.compile(r"^((\d{1,2})\s*(?:[、．]|\.(?!\d)))\s*(.*)$")
_SUBITEM = re.compile(r"^([（(]\s*(\d{1,2})\s*[）)][、．.]?)\s*(.*)$")
_POINT = re.compile(r"^(([①-⑳]))\s*(.*)$")
_BOX = re.compile(
    rf"^(专\s*栏\s*(\d{{1,2}}(?:\s*[-－—–.．]\s*\d{{1,2}})?|{_CN})(?![\d{CN_DIGITS}]))\s*[：:．.、]?\s*(.*)$"
)

_ORDER: tuple[tuple[MarkerKind, re.Pattern[str]], ...] = (
    (MarkerKind.BOX, _BOX),
    (MarkerKind.CHAPTER, _CHAPTER),
    (MarkerKind.PART, _PART),
    (MarkerKind.SUBSECTION, _SUBSECTION),
    (MarkerKind.SUBITEM, _SUBITEM),
    (MarkerKind.SECTION, _SECTION),
    (MarkerKind.ITEM, _ITEM),
    (MarkerKind.POINT, _POINT),
)

_CN_VALUES = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_VALUES.update({"六": 6, "七": 7, "八": 8, "九": 9})


def small_chinese_number(text: str) -> int | None:
    """Value of a small Chinese ordinal (一 … 九十九, 一百 …), as used in outline markers."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_VALUES:
            current = _CN_VALUES[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _normalise_number(kind: MarkerKind, raw: str) -> str:
    raw = re.sub(r"\s+", "", raw)
    if kind is MarkerKind.POINT:
        return str(ord(raw) - ord("①") + 1)
    if kind is MarkerKind.BOX:
        raw = re.sub(r"[－—–.．]", "-", raw)
    value = small_chinese_number(raw)
    return str(value) if value is not None else raw


def match_marker(line: str) -> Marker | None:
    """The outline marker a (stripped) line starts with, if any.

    A section marker such as 一、 must be followed by text and is refused for things that merely start
    with a numeral word ("一是…", "一批…"): only the listed delimiters count.
    """
    text = line.strip()
    if not text:
        return None
    for kind, pattern in _ORDER:
        m = pattern.match(text)
        if m is None:
            continue
        marker = re.sub(r"\s+", " ", m.group(1)).strip()
        number = _normalise_number(kind, m.group(2))
        rest = m.group(3).strip()
        if kind is MarkerKind.SECTION and (not rest or "，" in m.group(1)):
            continue
        if kind is MarkerKind.ITEM and not rest:
            continue
        if kind is MarkerKind.BOX:
            raw = re.sub(r"\s+", "", m.group(2))
            marker = "专栏 " + number if raw[:1].isdigit() else "专栏" + raw
        return Marker(kind=kind, marker=marker, number=number, rest=rest)
    return None


_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~～·\s]*\d{1,4}[-—–－~～·\s]*|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[-—–]\s*[ivxlcdm]{1,6}\s*[-—–])$",
    re.IGNORECASE,
)


_FRAMED_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?)$"
)


def is_framed_page_number(line: str) -> bool:
    """A page number no table cell looks like ("- 12 -", "—12—", "第12页"): it is dropped even where a PDF
    extraction put it between two lines of one wrapped sentence, without blank lines around it."""
    return bool(_FRAMED_PAGE_NUMBER.match(line.strip()))


def is_page_number(line: str) -> bool:
    """A line that holds nothing but a page number in one of the usual forms (12, - 12 -, 第12页, 3/40)."""
    return bool(_PAGE_NUMBER.match(line.strip()))


_NUMERIC_CELL = re.compile(
    r"^(?:[><≥≤]=?|年均增速|年均增长|约)?\s*[-+]?\d[\d,]*(?:\.\d+)?\s*(?:%|％|以上|以下|左右)?$|^[-—–/]$"
)
_NAME_WITH_NUMBER = re.compile(r"^\d{1,3}[\u4e00-\u9fff]{2}")
_ATTRIBUTE_CELLS = frozenset({"预期性", "约束性"})
_CATEGORY_CELL = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
_YEARISH = re.compile(r"(19|20)\d\d")
_HEADER_WORDS = ("指标", "单位", "目标", "现状", "基期", "属性", "基数", "年均")


def _cells(text: str) -> list[str]:
    if "\t" in text:
        return [c.strip() for c in text.split("\t") if c.strip()]
    return text.split()


def is_table_row(line: str) -> bool:
    """A flattened table row: a sequence number, a name, then at least two value cells.

    e.g. "3 高新技术企业数量（家） 6259 12000", "1 研发经费投入增长（%） 年均增速 10.7 年均增速 14", or
    tab-separated cells from a DOCX table.
    """
    cells = _cells(line.strip())
    if len(cells) < 3:
        return False
    if "\t" in line:
        return sum(bool(_NUMERIC_CELL.match(c)) for c in cells[1:]) >= 2
    if _CATEGORY_CELL.match(cells[0]) and re.fullmatch(r"\d{1,2}", cells[1]):
        cells = cells[1:]  # "经济强 1 地区生产总值年均增长率（%） 预期性 5以上": a 类别 column first
    if len(cells) < 3 or not re.fullmatch(r"\d{1,2}", cells[0]):
        return False
    if cells[1][0].isdigit() and not _NAME_WITH_NUMBER.match(cells[1]):
        return False  # "3岁以下婴幼儿入托率（%）" is a name; "3 12000" is not
    if cells[-1] in _ATTRIBUTE_CELLS or (len(cells) >= 4 and cells[-2] in _ATTRIBUTE_CELLS):
        return True  # "9 金融业增加值占地区生产总值比重（%） 稳中有升 预期性": the 属性 cell marks the row
    return sum(bool(_NUMERIC_CELL.match(c)) for c in cells[2:]) >= 2 and bool(_NUMERIC_CELL.match(cells[-1]))


def is_table_header(line: str) -> bool:
    """A table header row such as "序号 指标（预期性） 2020年现状值 2025年目标值"."""
    text = line.strip()
    cells = _cells(text)
    if len(cells) < 3 or len(text) > 80:
        return False
    if text.startswith("序号"):
        return True
    if not _YEARISH.search(text):  # a year never spans cells (they are split on spaces and tabs)
        return False
    return sum(any(w in c for w in _HEADER_WORDS) for c in cells) >= 2


# The opening of a responsibility note: （责任单位：…）（牵头单位：…）（配合单位：…）
RESPONSIBILITY_START = re.compile(
    r"^[（(]\s*(?:责任|牵头|配合|协办|主办|参与|实施|主责|负责)?(?:单位|部门)\s*[：:]"
)

RUN_IN = re.compile(r"^([^，。；：,;:！？]{2,30}?)[。：:]")
