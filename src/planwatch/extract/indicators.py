"""Indicator tables → indicators (name, unit, attribute, kind, baseline, target).

Tables reach us as rows of cells: tab-separated from DOCX/HTML, or space-separated when a PDF table was
flattened to text ("3 高新技术企业数量（家） 6259 12000"). Column meaning comes from the header row
("序号 指标（预期性） 2020年现状值 2025年目标值", or 单位/属性 columns) and, failing that, from the
plan period. A continuation table (marker 续表, rows a page break displaced) reuses the header of the
table it continues.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planwatch.domain.plan import (
    Attribute,
    Comparator,
    Indicator,
    IndicatorKind,
    Node,
    NodeKind,
    Period,
    ValuePoint,
)
from planwatch.domain.source import Span
from planwatch.extract.cell_tables import broken_row_indicators, cell_table_indicators
from planwatch.normalize.markers import is_table_header
from planwatch.parse.outline import TableRow

_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
_VALUE_CELL = re.compile(
    r"^(?P<prefix>[^\d\-+—–/]*?)\s*(?P<num>[-+]?\d[\d,]*(?:\.\d+)?)\s*(?P<suffix>%|％|以上|以下|左右)?$"
)
_MARKS = re.compile(r"[∗*＊【】〔〕\[\]]")
_EMPTY_CELL = re.compile(r"^[-—–/／]+$")
_UNIT_PARENS = re.compile(r"^(?P<name>.+?)[（(](?P<unit>[^（）()]{1,8})[）)]$")
_YEAR = re.compile(r"((?:19|20)\d\d)")
_GROWTH = ("年均增速", "年均增长", "年均增幅", "年增速", "年均")
_ATTRIBUTES = {"预期性": Attribute.EXPECTED, "约束性": Attribute.BINDING}
_CATEGORY = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
# Rows of one table that group rows (二、百姓富（7 项）) or wrapped cells split into several table nodes
# keep the header of the part before when they follow it within this many outline nodes.
_NEAR_NODES = 8
_QUALIFIER = re.compile(r"左右|以上|以下|以内")
# A table of the previous plan's results (“十四五”规划指标完成情况) is not this plan's indicators.
_COMPLETION = re.compile(r"完成情况|实现情况|完成值情况")
_LOWER_WORDS = ("以下", "以内", "不超过", "不高于", "控制在", "≤", "<")
_UPPER_WORDS = ("以上", "不低于", "超过", "突破", "≥", ">")


@dataclass(frozen=True, slots=True)
class _Columns:
    baseline_year: int | None
    target_year: int | None
    has_unit: bool
    has_attribute: bool
    attribute: Attribute | None
    target_only: bool = False  # the table has a target column and no baseline column


def _cells(row: str) -> list[str]:
    if "\t" in row:
        return [c.strip() for c in row.split("\t")]
    return row.split()


def _attribute_in(text: str) -> Attribute | None:
    for word, attribute in _ATTRIBUTES.items():
        if word in text:
            return attribute
    return None


def _columns(header: str | None, title: str, period: Period | None) -> _Columns:
    baseline_year = target_year = None
    has_unit = has_attribute = False
    year_cells = 0
    baseline_cell = False
    attribute = _attribute_in(title)
    if header:
        cells = _cells(header)
        years = []
        for cell in cells:
            m = _YEAR.search(cell)
            if m:
                year_cells += 1
                year = int(m.group(1))
                if any(w in cell for w in ("目标", "规划", "预期")):
                    target_year = year
                elif any(w in cell for w in ("现状", "基期", "基数", "基准", "完成", "实际")):
                    baseline_year = year
                    baseline_cell = True
                else:
                    years.append(year)
            if cell in ("单位", "计量单位"):
                has_unit = True
            if "属性" in cell or cell in ("指标属性", "类型", "性质"):
                has_attribute = True
        if years:
            baseline_year = baseline_year or min(years)
            target_year = target_year or max(years)
        attribute = attribute or _attribute_in(header)
    target_only = bool(header) and year_cells <= 1 and not baseline_cell
    if period is not None:
        baseline_year = baseline_year or period.start - 1
        target_year = target_year or period.end
    return _Columns(baseline_year, target_year, has_unit, has_attribute, attribute, target_only)


def _value(cell: str, year: int | None) -> tuple[ValuePoint, str, str]:
    """A value cell → point, prefix words (年均增速) and suffix words (以上)."""
    text = cell.strip()
    # ∗ marks an estimate and 【】 a five-year total (the table's note says which): the figure is inside
    m = _VALUE_CELL.match(_MARKS.sub("", text.replace("，", "")))
    if m is None or _EMPTY_CELL.match(text):
        return ValuePoint(year, None, text), "", ""
    value = float(m.group("num").replace(",", ""))
    return ValuePoint(year, value, text), m.group("prefix").strip(), (m.group("suffix") or "")


def _split_row(cells: list[str], columns: _Columns) -> tuple[str, str, list[str], str] | None:
    """(name, unit, value cells, attribute text) of a row, or None if it is not an indicator row."""
    if not cells:
        return None
    if len(cells) > 2 and _CATEGORY.match(cells[0]) and re.fullmatch(r"\d{1,3}", cells[1]):
        cells = cells[1:]  # a 类别 column ("经济强") before the sequence number
    if re.fullmatch(r"\d{1,3}", cells[0]):
        cells = cells[1:]
    name_parts: list[str] = []
    rest = list(cells)
    while rest and not _NUMBER.search(rest[0]) and not _EMPTY_CELL.match(rest[0]):
        if name_parts and (any(rest[0].startswith(w) for w in _GROWTH) or rest[0] in _ATTRIBUTES):
            break
        if name_parts and columns.has_unit and len(rest) >= 3 and len(rest[0]) <= 6:
            break  # the unit column
        name_parts.append(rest.pop(0))
        if name_parts[-1].endswith(("）", ")")):
            break  # "高新技术企业数量（家）": the unit in brackets closes the name
    if not name_parts or len(rest) < 2:
        return None
    name = (
        "".join(name_parts)
        if all(re.search(r"[\u4e00-\u9fff]", p) for p in name_parts)
        else " ".join(name_parts)
    )
    unit = ""
    if columns.has_unit and rest and not _NUMBER.search(rest[0]):
        unit = rest.pop(0)
    attribute_text = ""
    for cell in list(rest):
        if cell in _ATTRIBUTES:  # the 属性 column may come before the values (南京) or after them
            attribute_text = cell
            rest.remove(cell)
            break
    values: list[str] = []
    for cell in rest:
        if values and not _NUMBER.search(values[-1]) and not _EMPTY_CELL.match(values[-1]):
            values[-1] = f"{values[-1]} {cell}"  # "年均增速" + "10.7" in a flattened row
        elif values and _QUALIFIER.fullmatch(cell):
            values[-1] = f"{values[-1]}{cell}"  # "5 左右": a qualifier split off its number
        else:
            values.append(cell)
    if len(values) < (1 if columns.target_only else 2):
        return None
    return name, unit, values, attribute_text


def _name_and_unit(name: str, unit: str) -> tuple[str, str]:
    name = re.sub(r"\s+(?=[\u4e00-\u9fff（(])|(?<=[\u4e00-\u9fff）)])\s+", "", name)
    if not unit:
        m = _UNIT_PARENS.match(name)
        if m and not m.group("unit").startswith("含"):
            name, unit = m.group("name"), m.group("unit")
    unit = unit.replace("％", "%")
    return name.strip(), unit.strip()


def _comparator(target: ValuePoint, suffix: str, baseline: ValuePoint, prefix: str) -> Comparator:
    words = suffix + prefix + target.text
    if any(w in words for w in _LOWER_WORDS):
        return Comparator.LE
    if any(w in words for w in _UPPER_WORDS):
        return Comparator.GE
    if "左右" in words or "约" in words:
        return Comparator.APPROX
    if target.value is not None and baseline.value is not None and target.value < baseline.value:
        return Comparator.LE
    return Comparator.GE


NO_LINES = Span(0, 0)
"""Where a typed-in row comes from in the plan: nowhere (手工录入)."""


def indicator_from_cells(
    raw_name: str,
    unit: str,
    baseline_cell: str | None,
    target_cell: str,
    attribute_text: str,
    *,
    baseline_year: int | None,
    target_year: int | None,
    default_attribute: Attribute | None = None,
    node: str = "",
    lines: Span = NO_LINES,
) -> Indicator:
    """One indicator row from its cells, by the same rules whether the row was read from the plan or
    typed into an entry sheet (手工录入): unit in brackets, 年均增速 wording, ∗ and 【】 marks, 以上/以下/左右
    and the attribute written in the name (指标（约束性）)."""
    name, unit = _name_and_unit(raw_name, unit)
    if baseline_cell is None:
        baseline, base_prefix = ValuePoint(baseline_year, None, ""), ""
    else:
        baseline, base_prefix, _ = _value(baseline_cell, baseline_year)
    target, target_prefix, target_suffix = _value(target_cell, target_year)
    growth = any(w in (base_prefix + target_prefix + name) for w in _GROWTH)
    attribute = _ATTRIBUTES.get(attribute_text.strip()) or _attribute_in(raw_name) or default_attribute
    name = re.sub(r"[（(](预期性|约束性)[）)]", "", name)
    return Indicator(
        name=name,
        unit=unit,
        attribute=attribute,
        kind=IndicatorKind.GROWTH if growth else IndicatorKind.LEVEL,
        baseline=baseline,
        target=target,
        comparator=_comparator(target, target_suffix, baseline, target_prefix),
        node=node,
        lines=lines,
    )


def _split_header(rows: Sequence[TableRow]) -> tuple[str | None, Sequence[TableRow]]:
    # a header printed again at the top of the next page is no row (the page number between the two
    # halves is dropped, so they are one table)
    if rows and is_table_header(rows[0].text):
        return rows[0].text, [r for r in rows[1:] if not is_table_header(r.text)]
    return None, [r for r in rows if not is_table_header(r.text)]


def _owner_title(node: Node, by_id: Mapping[str, Node]) -> str:
    """The table's title and the title of the box (专栏) it sits in."""
    parent = by_id.get(node.parent) if node.parent else None
    box = parent.title if parent is not None and parent.kind is NodeKind.BOX else ""
    return f"{node.title} {box}"


def extract_indicators(
    nodes: Sequence[Node], table_rows: Mapping[str, Sequence[TableRow]], period: Period | None
) -> list[Indicator]:
    out: list[Indicator] = []
    last_header: str | None = None
    last_title = ""
    by_id = {n.id: n for n in nodes}
    header_only = False
    last_table = -(10**9)
    for index, node in enumerate(nodes):
        if node.kind is not NodeKind.TABLE:
            continue
        if _COMPLETION.search(_owner_title(node, by_id)):
            continue
        header, rows = _split_header(table_rows.get(node.id, ()))
        near = index - last_table <= _NEAR_NODES
        if header is None and (node.marker == "续表" or header_only or near):
            header, title = last_header, last_title  # rows after a header printed alone (a page break)
        else:
            title = node.title
            last_header, last_title = header, title
        header_only = header is not None and not rows
        last_table = index
        columns = _columns(header, title, period)
        for row in rows:
            split = _split_row(_cells(row.text), columns)
            if split is None:
                continue
            raw_name, unit, values, attribute_text = split
            out.append(
                indicator_from_cells(
                    raw_name,
                    unit,
                    values[0] if len(values) > 1 else None,
                    values[-1],
                    attribute_text,
                    baseline_year=columns.baseline_year,
                    target_year=columns.target_year,
                    default_attribute=columns.attribute,
                    node=node.id,
                    lines=row.lines,
                )
            )
    out.extend(cell_table_indicators(nodes, period))  # tables flattened one cell per line
    out.extend(broken_row_indicators(nodes, period))  # rows a PDF broke over lines
    return out
