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
