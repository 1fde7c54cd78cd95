"""Logical lines → an outline tree of chapters, sections, boxes, box entries, tables and paragraphs.

Levels adapt to the document: headings nest by the rank of their marker (第一章 > 第一节 > 一、 > （一）
> 1. > （1） > ①), so a plan without chapters simply starts at 一、. A box (专栏) belongs to the heading it
appears under and holds everything up to the next heading of the same or a higher rank than that
heading; inside a box, a paragraph that opens with a short phrase and a full stop ("光谷实验室。…") is a
named entry. Flattened table rows become table nodes; rows that a PDF page break displaced are kept as a
continuation table (marker 续表) next to where they were found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from planwatch.domain.plan import Node, NodeKind
from planwatch.domain.source import Span
from planwatch.normalize.cleaner import LogicalLine
from planwatch.normalize.markers import RUN_IN, Marker, MarkerKind, match_marker

_RANK: dict[MarkerKind, int] = {
    MarkerKind.CHAPTER: 0,
    MarkerKind.PART: 1,
    MarkerKind.SECTION: 2,
    MarkerKind.SUBSECTION: 3,
    MarkerKind.ITEM: 4,
    MarkerKind.SUBITEM: 5,
    MarkerKind.POINT: 6,
}
_KIND: dict[MarkerKind, NodeKind] = {
    MarkerKind.CHAPTER: NodeKind.CHAPTER,
    MarkerKind.PART: NodeKind.SECTION,
    MarkerKind.SECTION: NodeKind.SECTION,
    MarkerKind.SUBSECTION: NodeKind.SUBSECTION,
    MarkerKind.ITEM: NodeKind.ITEM,
    MarkerKind.SUBITEM: NodeKind.SUBITEM,
    MarkerKind.POINT: NodeKind.POINT,
}
_BOX_RANK = 100  # boxes sit below any heading on the stack
_HEADING_RUN_IN = re.compile(r"^([^。：:；;！？]{1,60}?)[。：:](.*)$")
_TABLE_TITLE = re.compile(r"(指标|表\s*\d|一览表|主要目标)")


@dataclass(frozen=True, slots=True)
class TableRow:
    text: str
    lines: Span


@dataclass(frozen=True, slots=True)
class Outline:
    """The outline nodes in document order, and for each table node its rows with their source lines."""

    nodes: tuple[Node, ...]
    table_rows: dict[str, tuple[TableRow, ...]]


@dataclass
class _Open:
    """A node that is still open on the stack while its children are read."""

    id: str
    rank: int
    kind: NodeKind


@dataclass
class _Builder:
    nodes: list[Node] = field(default_factory=list)
    stack: list[_Open] = field(default_factory=list)
    tables: list[tuple[str, list[LogicalLine]]] = field(default_factory=list)

    def _next_id(self) -> str:
        return f"n{len(self.nodes) + 1}"

    def parent(self) -> str | None:
        return self.stack[-1].id if self.stack else None

    def add(self, kind: NodeKind, marker: str, number: str | None, title: str, text: str, span: Span) -> str:
        node_id = self._next_id()
        self.nodes.append(Node(node_id, self.parent(), kind, marker, number, title, text, span))
        return node_id

    def in_box(self) -> bool:
        return any(o.kind is NodeKind.BOX for o in self.stack)

    def open_heading(self, marker: Marker, line: LogicalLine) -> None:
        rank = _RANK[marker.kind]
        box_index = next((i for i, o in enumerate(self.stack) if o.kind is NodeKind.BOX), None)
        if box_index is not None:
            owner_rank = self.stack[box_index - 1].rank if box_index > 0 else -1
            if rank <= owner_rank or box_index == 0:
                del self.stack[box_index:]  # a heading at the box owner's level or above closes the box
        while self.stack and self.stack[-1].rank >= rank and self.stack[-1].kind is not NodeKind.BOX:
            self.stack.pop()
        title, text = split_heading(marker.rest)
        node_id = self.add(_KIND[marker.kind], marker.marker, marker.number, title, text, line.span)
        self.stack.append(_Open(node_id, rank, _KIND[marker.kind]))

    def open_box(self, marker: Marker, line: LogicalLine) -> None:
        # Boxes do not nest: a new box closes the open one with whatever headings it holds (otherwise
        # "专栏 … （一）… 专栏 …" nested every box in the previous one, and 5,000 boxes made parent
        # chains 10,000 deep that every later rule walked).
        box_index = next((i for i, o in enumerate(self.stack) if o.kind is NodeKind.BOX), None)
        if box_index is not None:
            del self.stack[box_index:]
        node_id = self.add(NodeKind.BOX, marker.marker, marker.number, marker.rest, "", line.span)
        self.stack.append(_Open(node_id, _BOX_RANK, NodeKind.BOX))

    def paragraph(self, line: LogicalLine) -> None:
        if self.in_box() and self.stack[-1].kind is NodeKind.BOX:
            entry = box_entry_title(line.text)
            if entry is not None:
                title, text = entry
                self.add(NodeKind.BOX_ENTRY, "", None, title, text, line.span)
                return
        self.add(NodeKind.PARAGRAPH, "", None, "", line.text, line.span)

    def table(self, title_line: LogicalLine | None, rows: list[LogicalLine], continuation: bool) -> None:
        if title_line is not None:
            title = title_line.text
            span = title_line.span.merge(rows[-1].span)
        else:
            title = ""
            span = Span(rows[0].span.start, rows[-1].span.end)
        marker = "续表" if continuation else ""
        text = "\n".join(r.text for r in rows)
        node_id = self.add(NodeKind.TABLE, marker, None, title, text, span)
        self.tables.append((node_id, rows))


def split_heading(rest: str) -> tuple[str, str]:
    """A heading's own title and, for run-in headings ("自主创新。坚持…"), its body text."""
    if "。" not in rest and "：" not in rest and ":" not in rest:
        return rest, ""
    m = _HEADING_RUN_IN.match(rest)
    if m and ("，" not in m.group(1) or len(m.group(1)) <= 30):
        return m.group(1).strip(), m.group(2).strip()
    if len(rest) <= 40 and rest.endswith("。"):
        return rest[:-1], ""
    first, _, body = rest.partition("。")
    if body and len(first) <= 60:
        return first.strip(), body.strip()  # a heading sentence with commas: "武汉创新资源丰富，但…。"
    return "", rest


def box_entry_title(text: str) -> tuple[str, str] | None:
    """The named project a box paragraph opens with: "光谷实验室。围绕…" → ("光谷实验室", "围绕…")."""
    m = RUN_IN.match(text)
    if m is None:
        return None
    title = m.group(1).strip().strip('“”"')
    # "东湖实验室（略）" names 东湖实验室: the bracketed note is about the text, not the name
    title = re.sub(r"[（(](略|筹|暂定名|待定)[）)]$", "", title) if len(title) > 3 else title
    if not title:
        return None
    return title, text[m.end() :].strip()


def _table_title(lines: Sequence[LogicalLine], index: int) -> bool:
    text = lines[index].text
    return (
        len(text) <= 50
        and "。" not in text
        and bool(_TABLE_TITLE.search(text))
        and match_marker(text) is None
    )


# A leader and a page number ("………… 12", "....... 93VII", running into a page footer "…106—7—"), or a
# heading that ends in a bare page number after a space ("第一章  发展基础    1").
_PAGE_REF = re.compile(r"(?:…{2,}|\.{4,}|·{3,})\s*\d|…\s*\d{1,3}\s*$|[^\d\s，。,.]\s+\d{1,3}\s*$")
_GLUED_PAGE = re.compile(r"[\u4e00-\u9fff）)”]\d{1,3}$")
_CONTENTS = re.compile(r"^\s*目\s*录\s*$")
_SPACE = re.compile(r"\s+")


def contents_lines(lines: Sequence[LogicalLine], markers: Sequence[Marker | None]) -> set[int]:
    """Indices of a table of contents: the 目录 line, heading lines that end in a page number
    ("第一章 发展基础 ………… 1", "第一章  发展基础    1"), and an unnumbered contents list: chapter
    headings printed again later, whose first printing is followed straight by another heading."""
    toc: set[int] = set()
    seen: dict[str, int] = {}
    heading_at = [m is not None for m in markers]
    for i, line in enumerate(lines):
        text = line.text
        if _CONTENTS.match(text):
            toc.add(i)
            continue
        marker = markers[i]
        if marker is None:
            continue
        if (text[-1:].isdigit() or "…" in text or "..." in text or "·" in text) and _PAGE_REF.search(text):
            toc.add(i)
            continue
        if marker.kind is MarkerKind.CHAPTER:
            key = _SPACE.sub("", text)
            first = seen.get(key)
            if first is not None and first + 1 < len(lines) and heading_at[first + 1]:
                toc.add(first)
            seen.setdefault(key, i)
    # A run of headings that all end in a number glued to the title ("第一章发展基础1", the spacing lost in
    # extraction) is a contents list; a single such heading may well be a title with a number in it.
    run: list[int] = []
    texts: list[str | None] = [line.text for line in lines]
    for i, entry in enumerate([*texts, None]):  # the None closes the last run
        if entry is not None and heading_at[i] and _GLUED_PAGE.search(entry):
            run.append(i)
            continue
        if len(run) >= 3:
            toc.update(run)
        run = []
    return toc


def build_outline(lines: Sequence[LogicalLine]) -> Outline:
    """The outline tree, as nodes in document order with parent ids; a table of contents is left out."""
    builder = _Builder()
    i = 0
    consumed_title: set[int] = set()
    markers = [match_marker(line.text) for line in lines]
    skip = contents_lines(lines, markers)
    while i < len(lines):
        line = lines[i]
        if i in skip:
            i += 1
            continue
        if line.is_table_row:
            j = i
            while j < len(lines) and lines[j].is_table_row:
                j += 1
            title_line = None
            if i > 0 and (i - 1) in consumed_title:
                title_line = lines[i - 1]
            builder.table(title_line, list(lines[i:j]), continuation=_continues_table(builder, lines[i]))
            i = j
            continue
        if i + 1 < len(lines) and lines[i + 1].is_table_row and _table_title(lines, i):
            consumed_title.add(i)
            i += 1
            continue
        marker = markers[i]
        if marker is not None and marker.kind is MarkerKind.BOX:
            builder.open_box(marker, line)
        elif marker is not None:
            builder.open_heading(marker, line)
        else:
            builder.paragraph(line)
        i += 1
    rows = {node_id: tuple(TableRow(r.text, r.span) for r in block) for node_id, block in builder.tables}
    return Outline(tuple(builder.nodes), rows)


def _continues_table(builder: _Builder, first_row: LogicalLine) -> bool:
    """True when a row block continues an earlier table's numbering (a page break displaced it)."""
    if not builder.tables or not first_row.text[:1].isdigit():
        return False
    last_rows = builder.tables[-1][1]
    try:
        previous = int(last_rows[-1].text.split()[0])
        current = int(first_row.text.split()[0])
    except (ValueError, IndexError):
        return False
    return current == previous + 1
