"""Indicator tables flattened one cell per line (an HTML table saved as text): header cells, then rows.

A web page's table often reaches us as one cell per line: "类别 / 指标 / 单位 / 2025年 / 完成值 / 2030年 /
目标值 / 属性", then "经济发展 / 1. 地区生产总值年均增长 / % / “十四五”年均增长4.0 / “十五五”年均增长5.0左右 /
预期性". No line is a table row, so the row reader never sees them. Here the header is recognised by its
cells (指标 … 属性 within a few short lines) and each row is read up to its 属性 cell, which closes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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

_ATTRIBUTES = {"预期性": Attribute.EXPECTED, "约束性": Attribute.BINDING}
_HEADER_CELL = re.compile(
    r"^(类别|分类|序号|指标|指标名称|单位|属性|指标属性|完成值|目标值|现状值|基期值|(19|20)\d\d\s*年.{0,4})$"
)
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
_YEAR = re.compile(r"((?:19|20)\d\d)")
_GROWTH = ("年均增速", "年均增长", "年均增幅")
_LOWER = ("以下", "以内", "不超过", "≤", "<", "＜")
_UPPER = ("以上", "不低于", "超过", "≥", ">", "＞")
_MAX_HEADER = 12  # header cells
_MAX_CELLS = 12  # cells of one row before its 属性 cell


def _cell(node: Node) -> str:
    return (
        (node.marker + node.title + node.text).strip()
        if node.kind is not NodeKind.PARAGRAPH
        else node.text.strip()
    )


def _header_at(nodes: Sequence[Node], i: int) -> tuple[int, int | None, int | None] | None:
    """(index after the header, baseline year, target year) when a flattened header starts at `i`."""
    cells: list[str] = []
    j = i
    while j < len(nodes) and len(cells) < _MAX_HEADER and nodes[j].kind is NodeKind.PARAGRAPH:
        text = nodes[j].text.strip()
        if not _HEADER_CELL.match(text):
            break
        cells.append(text)
        j += 1
    if not (any(c.startswith("指标") for c in cells) and any("属性" in c for c in cells)):
        return None
    years = [int(m.group(1)) for c in cells for m in [_YEAR.search(c)] if m]
    baseline = min(years) if len(years) >= 2 else None
    target = max(years) if years else None
    return j, baseline, target


def _point(text: str, year: int | None) -> ValuePoint:
    numbers = _NUMBER.findall(text.replace("，", ""))
    value = float(numbers[-1].replace(",", "")) if numbers else None
    if value is not None and _YEAR.fullmatch(numbers[-1]) and len(numbers) == 1 and "年" in text:
        value = None
    return ValuePoint(year, value, text)


def _values(cells: list[str]) -> list[str]:
    """Join a cell of words to the figure after it ("“十五五”年均增长" + "5.0左右")."""
    out: list[str] = []
    for cell in cells:
        if out and not _NUMBER.search(out[-1]) and _NUMBER.search(cell):
            out[-1] = out[-1] + cell
        else:
            out.append(cell)
    return out


def _comparator(target: ValuePoint) -> Comparator:
    if any(w in target.text for w in _LOWER):
        return Comparator.LE
    if any(w in target.text for w in _UPPER):
        return Comparator.GE
    if "左右" in target.text or "约" in target.text:
        return Comparator.APPROX
    return Comparator.GE


def cell_table_indicators(nodes: Sequence[Node], period: Period | None) -> list[Indicator]:
    out: list[Indicator] = []
    i = 0
    while i < len(nodes):
        header = _header_at(nodes, i) if nodes[i].kind is NodeKind.PARAGRAPH else None
        if header is None:
            i += 1
            continue
        i, base_year, target_year = header
        if period is not None:
            base_year = base_year or period.start - 1
            target_year = target_year or period.end
        while i < len(nodes):
            row_start = i
            cells: list[Node] = []
            while i < len(nodes) and len(cells) < _MAX_CELLS:
                cells.append(nodes[i])
                i += 1
                if _cell(cells[-1]) in _ATTRIBUTES:
                    break
            if not cells or _cell(cells[-1]) not in _ATTRIBUTES:
                i = row_start + 1
                break  # the table ended (a note, a heading, running text)
            named = [k for k, n in enumerate(cells) if n.kind is NodeKind.ITEM]
            if not named:
                continue  # a row without a numbered name (a sub-indicator line): not read here
            name_node = cells[named[-1]]
            rest = [_cell(n) for n in cells[named[-1] + 1 : -1]]
            if not rest:
                continue
            unit = rest.pop(0) if not _NUMBER.search(rest[0]) or rest[0] in ("%", "％") else ""
            values = _values(rest)
            if not values:
                continue
            baseline = _point(values[0], base_year) if len(values) >= 2 else ValuePoint(base_year, None, "")
            target = _point(values[-1], target_year)
            name = name_node.title.rstrip("*＊ ")
            growth = any(w in name + target.text for w in _GROWTH)
            out.append(
                Indicator(
                    name=name,
                    unit="" if unit in ("—", "-") else unit.replace("％", "%"),
                    attribute=_ATTRIBUTES[_cell(cells[-1])],
                    kind=IndicatorKind.GROWTH if growth else IndicatorKind.LEVEL,
                    baseline=baseline,
                    target=target,
                    comparator=_comparator(target),
                    node=name_node.id,
                    lines=Span(name_node.lines.start, cells[-1].lines.end),
                )
            )
    return out


# --- rows that a PDF extraction broke over several lines and glued back without their spaces ---------

_ROW_HEADER = re.compile(r"^(类别|分类)?\s*序号\s*指\s*标.*属\s*性")
_ROW_END = re.compile(r"预期性|约束性")
_GROUP = re.compile(r"^.*?[（(]\d{1,2}\s*项[）)]")
_ROW = re.compile(
    r"^(?P<num>\d{1,2})\s*(?P<name>[^\d\s].*?)[（(](?P<unit>[^（）()]{1,12})[）)]\s*(?P<values>.*)$"
)
_SPLIT = re.compile(r"(?<=[\d∗*】])(?=[\u4e00-\u9fff])|(?<=—)(?=[<>≤≥＜＞\d\u4e00-\u9fff])")
_MARKS = re.compile(r"[∗*＊【】〔〕]")
_COMPLETION = re.compile(r"完成情况|实现情况")
_NOTE = re.compile(r"^\s*注\s*[:：]")
_MAX_STREAM = 80  # outline nodes a broken table may span


def _first_point(text: str, year: int | None) -> ValuePoint:
    numbers = _NUMBER.findall(_MARKS.sub("", text))
    return ValuePoint(year, float(numbers[0]) if numbers else None, text)


def _stream_row(
    chunk: str, base_year: int | None, target_year: int | None
) -> tuple[str, str, ValuePoint, ValuePoint] | None:
    text = _GROUP.sub("", chunk.strip())
    m = _ROW.match(text)
    if m is None:
        return None
    tokens = [t for part in m.group("values").split() for t in _SPLIT.split(part) if t]
    if not tokens:
        return None
    baseline = _first_point(tokens[0], base_year) if len(tokens) >= 2 else ValuePoint(base_year, None, "")
    target = _first_point("".join(tokens[1:]) if len(tokens) >= 2 else tokens[0], target_year)
    if baseline.text == "—":
        baseline = ValuePoint(base_year, None, "—")
    return m.group("name").strip(), m.group("unit").strip(), baseline, target


def broken_row_indicators(nodes: Sequence[Node], period: Period | None) -> list[Indicator]:
    """Rows of an indicator table whose cells a PDF split over lines: the paragraphs after the table's
    header are read as one stream and cut after every 属性 cell (预期性 / 约束性)."""
    out: list[Indicator] = []
    by_id = {n.id: n for n in nodes}
    for i, node in enumerate(nodes):
        if node.kind is not NodeKind.TABLE or not _ROW_HEADER.match(node.text.split("\n", 1)[0]):
            continue
        box = by_id.get(node.parent) if node.parent else None
        if box is not None and box.kind is NodeKind.BOX and _COMPLETION.search(box.title):
            continue  # the previous plan's completion table
        years = [int(y) for y in _YEAR.findall(node.text.split("\n", 1)[0])]
        base_year = min(years) if len(years) >= 2 else (period.start - 1 if period else None)
        target_year = max(years) if years else (period.end if period else None)
        buffer, first = "", None
        for other in nodes[i + 1 : i + 1 + _MAX_STREAM]:
            if other.kind is NodeKind.TABLE:
                continue  # whole rows: the row reader has them
            if other.kind is not NodeKind.PARAGRAPH or _NOTE.match(other.text):
                break
            text = other.text.strip()
            if re.fullmatch(r"[—\-－]\s*\d{1,3}\s*[—\-－]", text):
                continue  # a page number
            first = first or other
            buffer += text
            while (end := _ROW_END.search(buffer)) is not None:
                row = _stream_row(buffer[: end.start()], base_year, target_year)
                if row is not None and first is not None:
                    name, unit, baseline, target = row
                    out.append(
                        Indicator(
                            name=name,
                            unit=unit.replace("％", "%"),
                            attribute=_ATTRIBUTES[end.group(0)],
                            kind=IndicatorKind.GROWTH
                            if any(w in name for w in _GROWTH)
                            else IndicatorKind.LEVEL,
                            baseline=baseline,
                            target=target,
                            comparator=_comparator(target),
                            node=first.id,
                            lines=Span(first.lines.start, other.lines.end),
                        )
                    )
                buffer, first = buffer[end.end() :], None
    return out
