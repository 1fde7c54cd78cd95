"""Task breakdown tables (任务分解表 / 分工表) → tasks with their lead and supporting units and a deadline.

A 分工方案 often lists its tasks in a table, not in notes:

    序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限
    1    | 推进城市更新行动… | 市住建局 | 市发改委、各区、县级市人民政府 | 2025年底

The table reaches the reader in three shapes: one line per row with TAB-separated cells (DOCX and HTML
tables, see ingest/docx.py and ingest/html.py), one line per row with cells separated by spaces (text
copied from a PDF; the spaces are read from the source line, since cleaning joins CJK runs), or one cell
per line (a web table flattened to text). The header is recognised by its cells — a task column and a
lead or responsible column — and names the columns; every following row with the same number of cells
(or, one cell per line, the same number of lines, opening with the next 序号) is a task. An empty lead or
supporting cell repeats the row above (a vertically merged cell). Each task gives one Responsibility per
role, with `task` the task cell and `due` the deadline cell.

One pass over the nodes; a row is split once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from planwatch.domain.plan import Node, NodeKind, Responsibility, Role
from planwatch.domain.source import Span
from planwatch.extract.due import parse_due
from planwatch.extract.responsibilities import heading_of
from planwatch.extract.units import split_units
from planwatch.parse.outline import TableRow

_NUMBER_COL = re.compile(r"^(序号|编号|序列)$")
_LEAD_COL = re.compile(r"^(牵头|主办|主责)(单位|部门)$|^牵头$")
_SUPPORT_COL = re.compile(r"^(配合|协办|协同|参与|协助)(单位|部门)$|^配合$")
_RESPONSIBLE_COL = re.compile(r"^(责任|实施|落实|承办)(单位|部门)$|^责任(主体|单位及责任人)$")
_DUE_COL = re.compile(r"^(完成时限|完成时间|完成期限|时间节点|时限|时限要求|时间安排|进度安排|完成时间节点)$")
_TASK_COL = re.compile(
    r"^(重点|主要|工作|具体|目标|年度)?(任务|工作|内容|措施|事项|项目)(内容|名称|举措|事项|任务|措施)?$"
)
_HEADER_WORDS = re.compile(r"(牵头|责任|主办|实施|承办)(单位|部门)")
_OTHER_COL = re.compile(
    r"^(备注|类别|分类|领域|责任领导|牵头领导|分管领导|责任人|联系人|工作目标|目标|完成标准|预期成果|成果形式|说明|"
    r"工作要求|具体要求|目标要求|牵头区领导|牵头市领导)$"
)
_SPACES = re.compile(r"[ \u3000]{1,}|\t")
_ROW_NUMBER = re.compile(r"^\d{1,3}[.、．]?$")
MAX_COLUMNS = 10
MAX_CELL = 400  # characters a cell of a task table may hold


_COLUMN_PATTERNS = (_NUMBER_COL, _LEAD_COL, _SUPPORT_COL, _RESPONSIBLE_COL, _DUE_COL, _TASK_COL, _OTHER_COL)


@dataclass(frozen=True, slots=True)
class _Columns:
    count: int
    number: int | None
    task: int
    lead: int | None
    support: int | None
    responsible: int | None
    due: int | None


@dataclass(frozen=True, slots=True)
class _Line:
    node: Node
    cells: list[str]
    text: str
    lines: Span


def _columns(cells: Sequence[str]) -> _Columns | None:
    """The column roles when `cells` are a task table's header."""
    if not 3 <= len(cells) <= MAX_COLUMNS:
        return None
    roles: dict[str, int] = {}
    for k, raw in enumerate(cells):
        cell = re.sub(r"\s+", "", raw)
        for name, pattern in (
            ("number", _NUMBER_COL),
            ("lead", _LEAD_COL),
            ("support", _SUPPORT_COL),
            ("responsible", _RESPONSIBLE_COL),
            ("due", _DUE_COL),
            ("task", _TASK_COL),
        ):
            if pattern.match(cell) and name not in roles:
                roles[name] = k
                break
    if "task" not in roles or ("lead" not in roles and "responsible" not in roles):
        return None
    return _Columns(
        len(cells),
        roles.get("number"),
        roles["task"],
        roles.get("lead"),
        roles.get("support"),
        roles.get("responsible"),
        roles.get("due"),
    )


def _cells(text: str, raw: str | None) -> list[str]:
    """A row's cells: TAB-separated when the line has tabs, else separated by spaces in the source line."""
    if "\t" in text:
        return [c.strip() for c in text.split("\t")]
    if raw is None:
        return [text.strip()]
    return [c for c in _SPACES.split(raw.strip()) if c]


def _lines(
    nodes: Sequence[Node], table_rows: Mapping[str, Sequence[TableRow]], source: Sequence[str]
) -> Iterator[_Line]:
    """Every node's text (every row of a table node) as a candidate row, with its cells."""
    for node in nodes:
        if node.kind is NodeKind.TABLE and node.id in table_rows:
            for row in table_rows[node.id]:
                raw = source[row.lines.start - 1] if row.lines.start == row.lines.end else None
                yield _Line(node, _cells(row.text, raw), row.text, row.lines)
            continue
        text = node.text if node.kind is NodeKind.PARAGRAPH else f"{node.marker}{node.title}{node.text}"
        one_line = node.lines.start == node.lines.end and 0 < node.lines.start <= len(source)
        raw = source[node.lines.start - 1] if one_line else None
        yield _Line(node, _cells(text, raw), text, node.lines)


def extract_task_tables(
    nodes: Sequence[Node],
    table_rows: Mapping[str, Sequence[TableRow]],
    source: Sequence[str],
    aliases: Mapping[str, str],
) -> list[Responsibility]:
    """Tasks of every task breakdown table, one Responsibility per role, in document order."""
    if not any(_HEADER_WORDS.search(n.text) for n in nodes if len(n.text) < 200):
        return []  # no header cell anywhere (most plans): one scan per short node
    by_id = {n.id: n for n in nodes}
    heading = _Headings(by_id)
    lines = list(_lines(nodes, table_rows, source))
    out: list[Responsibility] = []
    i = 0
    while i < len(lines):
        columns = _columns(lines[i].cells)
        if columns is not None and columns.count > 1 and len(lines[i].cells) == columns.count:
            i = _rows(lines, i + 1, columns, aliases, heading, out)
            continue
        stacked = _stacked_header(lines, i)
        if stacked is not None:
            i = _stacked_rows(lines, i + stacked.count, stacked, aliases, heading, out)
            continue
        i += 1
    return out


class _Headings:
    """node id → its heading (heading_of), looked up only for the nodes that hold a task."""

    def __init__(self, by_id: Mapping[str, Node]) -> None:
        self.by_id = by_id
        self.cache: dict[str, str | None] = {}

    def get(self, node_id: str) -> str | None:
        if node_id not in self.cache:
            self.cache[node_id] = heading_of(self.by_id[node_id], self.by_id)
        return self.cache[node_id]


def _rows(
    lines: Sequence[_Line],
    i: int,
    columns: _Columns,
    aliases: Mapping[str, str],
    heading: _Headings,
    out: list[Responsibility],
) -> int:
    """Rows of one line each, from `i`, until a line that is not a row; returns the index after them."""
    above: list[str] = [""] * columns.count
    while i < len(lines):
        line = lines[i]
        cells = line.cells
        if len(cells) != columns.count:
            if line.node.kind is not NodeKind.PARAGRAPH and len(cells) == 1:
                i += 1  # a category row read as a heading ("一、经济发展"): the table goes on
                continue
            break
        cells = [
            c if c or k not in (columns.lead, columns.support, columns.responsible) else above[k]
            for k, c in enumerate(cells)
        ]
        above = cells
        out.extend(_task(line.node, cells, columns, line.lines, " | ".join(cells), aliases, heading))
        i += 1
    return i


def _stacked_header(lines: Sequence[_Line], i: int) -> _Columns | None:
    """A header printed one cell per line: the longest run of single-cell lines that names columns."""
    cells: list[str] = []
    j = i
    while j < len(lines) and len(cells) < MAX_COLUMNS and len(lines[j].cells) == 1:
        cell = re.sub(r"\s+", "", lines[j].text)
        if not any(p.match(cell) for p in _COLUMN_PATTERNS):
            break
        cells.append(cell)
        j += 1
    columns = _columns(cells)
    return columns if columns is not None and columns.number == 0 else None


def _stacked_rows(
    lines: Sequence[_Line],
    i: int,
    columns: _Columns,
    aliases: Mapping[str, str],
    heading: _Headings,
    out: list[Responsibility],
) -> int:
    """Rows printed one cell per line: each opens with its 序号 (1, 2, 3 …) and has the header's cells."""
    expected = 1
    while i + columns.count <= len(lines):
        group = lines[i : i + columns.count]
        number = group[0].text.strip().rstrip(".、．")
        if not _ROW_NUMBER.match(group[0].text.strip()) or int(number) != expected:
            break
        if any(len(g.cells) != 1 and "\t" in g.text for g in group):
            break
        cells = [g.text.strip() for g in group]
        span = Span(group[0].lines.start, group[-1].lines.end)
        out.extend(_task(group[columns.task].node, cells, columns, span, " | ".join(cells), aliases, heading))
        expected += 1
        i += columns.count
    return i


def _task(
    node: Node,
    cells: Sequence[str],
    columns: _Columns,
    lines: Span,
    text: str,
    aliases: Mapping[str, str],
    heading: _Headings,
) -> Iterator[Responsibility]:
    task = cells[columns.task].strip()
    if not task or len(task) > MAX_CELL:
        return
    due = parse_due(cells[columns.due]) if columns.due is not None else None
    parts: list[tuple[Role, tuple[str, ...], str | None]] = []
    for role, k in (
        (Role.LEAD, columns.lead),
        (Role.RESPONSIBLE, columns.responsible),
        (Role.SUPPORT, columns.support),
    ):
        if k is None or not cells[k] or len(cells[k]) > MAX_CELL:
            continue
        listed = split_units(cells[k], aliases)
        if listed.units:
            parts.append((role, listed.units, listed.remark))
    if not parts:
        return
    lead = parts[0][1][0]
    if columns.lead is None:
        # a 责任单位 column alone: its first unit leads, as in a note
        lead = next((u[0] for role, u, _ in parts if role is Role.RESPONSIBLE), lead)
    for role, names, remark in parts:
        yield Responsibility(node.id, heading.get(node.id), role, names, lead, remark, text, lines, task, due)
