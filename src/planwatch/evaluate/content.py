"""The content model of an evaluation report: sections of paragraphs and tables made of text and numbers.

Why a model and not text: every number a report prints must be traceable to the record it came from
(an indicator's baseline or target as the plan states it, an observation with its source, a count of
listed items, a calculation with its inputs). A sentence is therefore a sequence of `Text` and `Number`
pieces, and each `Number` carries a `SourceRef`. Renderers (DOCX, XLSX, HTML, JSON) turn the same
content into files without knowing where numbers came from; tests walk every `Number` and check it
against its record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SourceKind(StrEnum):
    """What a number's source reference points at."""

    BASELINE = "baseline"  # an indicator's baseline as the plan states it (id = indicator id)
    TARGET = "target"  # an indicator's target as the plan states it (id = indicator id)
    OBSERVATION = "observation"  # a stored observation (id = observation id)
    COUNT = "count"  # a count of listed items (members = their keys)
    CALCULATION = "calculation"  # a value computed from other records (inputs, formula)
    PLAN_LINES = "plan_lines"  # lines of the plan text (line_start … line_end)


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a number comes from; `label` is the human citation (《规划》第12—15行, a URL, a bulletin).

    `id` is the record's id for BASELINE, TARGET and OBSERVATION; `members` the counted items' keys
    for COUNT; `inputs` and `formula` the operands and the rule for CALCULATION.
    """

    kind: SourceKind
    label: str
    id: int | None = None
    year: int | None = None
    url: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    members: tuple[str, ...] = ()
    inputs: tuple[SourceRef, ...] = ()
    formula: str = ""


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Number:
    """A number as printed (`text`, e.g. "超过2,600亿元") with its exact `value`, `unit` and source."""

    value: float
    unit: str
    text: str
    source: SourceRef


Piece = Text | Number


class ParagraphStyle(StrEnum):
    BODY = "body"
    DRAFT = "draft"  # suggested wording for the office to edit (六、下一步建议)
    NOTE = "note"  # remarks: data rules, sources, fonts


@dataclass(frozen=True, slots=True)
class Paragraph:
    pieces: tuple[Piece, ...]
    style: ParagraphStyle = ParagraphStyle.BODY
    lead: str = ""  # a bold run-in heading ("（一）提前实现的指标。") printed before the pieces

    @property
    def text(self) -> str:
        return self.lead + "".join(p.text for p in self.pieces)

    def numbers(self) -> tuple[Number, ...]:
        return tuple(p for p in self.pieces if isinstance(p, Number))


Cell = tuple[Piece, ...]


class ColumnKind(StrEnum):
    """How a table column is laid out and formatted (width, alignment, spreadsheet number format)."""

    INDEX = "index"
    NAME = "name"
    SHORT = "short"
    NUMBER = "number"
    STATUS = "status"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    kind: ColumnKind = ColumnKind.TEXT


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a caption; each cell is a short sequence of pieces (numbers keep their sources)."""

    key: str  # stable name: indicators, tasks, sources, scorecards …
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered part of the report (一、总体评价) with blocks and (一)… subsections."""

    key: str
    heading: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()

    def walk_blocks(self) -> tuple[Block, ...]:
        found = list(self.blocks)
        for sub in self.subsections:
            found.extend(sub.walk_blocks())
        return tuple(found)


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """What the report was made from, so it can be reproduced: plan, kind, cut-off, data version, rules."""

    plan_id: int
    plan_title: str
    plan_scope: str | None
    period_start: int | None
    period_end: int | None
    kind: str  # final / midterm
    kind_label: str  # 总结评估 / 中期评估
    cutoff: str  # "2025" or "2023-06-30"
    cutoff_label: str  # 截至2025年底 / 截至2023年6月30日
    data_year: int  # figures of years up to this one count
    data_version: str
    rules: tuple[tuple[str, str], ...] = ()  # the thresholds and weights used (name, value)


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    subtitle: str
    meta: ReportMeta
    preface: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    appendices: tuple[Section, ...] = field(default=())

    def all_sections(self) -> tuple[Section, ...]:
        return self.sections + self.appendices

    def tables(self) -> dict[str, Table]:
        found: dict[str, Table] = {}
        for section in self.all_sections():
            for block in section.walk_blocks():
                if isinstance(block, Table):
                    found.setdefault(block.key, block)
        return found

    def numbers(self) -> tuple[Number, ...]:
        """Every number of the report, in paragraphs and table cells."""
        found: list[Number] = [n for p in self.preface for n in p.numbers()]
        for section in self.all_sections():
            for block in section.walk_blocks():
                if isinstance(block, Paragraph):
                    found.extend(block.numbers())
                else:
                    for row in block.rows:
                        found.extend(p for cell in row for p in cell if isinstance(p, Number))
        return tuple(found)


def text(value: str) -> Text:
    return Text(value)


def cell_text(cell: Cell) -> str:
    return "".join(p.text for p in cell)
