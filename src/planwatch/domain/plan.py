"""The structured plan: outline nodes and the facts extracted from them, each with its source lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from planwatch.domain.source import SourceFormat, Span


class NodeKind(StrEnum):
    """Outline node kinds, from the top of the outline down (see the glossary in docs/)."""

    CHAPTER = "chapter"  # 第一章
    SECTION = "section"  # 一、 (or 第一节 under a chapter)
    SUBSECTION = "subsection"  # （一）
    ITEM = "item"  # 1. 1、 1．
    SUBITEM = "subitem"  # （1）
    POINT = "point"  # ①
    BOX = "box"  # 专栏 2-1 湖北实验室
    BOX_ENTRY = "box_entry"  # 光谷实验室。…
    TABLE = "table"
    PARAGRAPH = "paragraph"


HEADING_KINDS: tuple[NodeKind, ...] = (
    NodeKind.CHAPTER,
    NodeKind.SECTION,
    NodeKind.SUBSECTION,
    NodeKind.ITEM,
    NodeKind.SUBITEM,
    NodeKind.POINT,
)


@dataclass(frozen=True, slots=True)
class Node:
    """One outline node. `title` is the heading (empty for paragraphs); `text` is its own body text."""

    id: str
    parent: str | None
    kind: NodeKind
    marker: str  # the literal marker: "第二章", "一、", "（一）", "1.", "专栏 2-1", "" for paragraphs
    number: str | None  # normalised number: "2", "1", "2-1"; None where there is none
    title: str
    text: str
    lines: Span


class Attribute(StrEnum):
    EXPECTED = "expected"  # 预期性
    BINDING = "binding"  # 约束性


class IndicatorKind(StrEnum):
    LEVEL = "level"
    GROWTH = "growth"  # 年均增速: a CAGR of an underlying level series


class Comparator(StrEnum):
    GE = ">="  # 达到 突破 超过 以上 不低于
    LE = "<="  # 以下 控制在 不超过 以内
    APPROX = "~"  # 左右 约
    EQ = "="  # a bare figure


@dataclass(frozen=True, slots=True)
class ValuePoint:
    """A value in a given year as the plan states it (the `text` keeps the plan's own wording)."""

    year: int | None
    value: float | None
    text: str
    high: float | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """A row of the plan's indicator table."""

    name: str
    unit: str
    attribute: Attribute | None
    kind: IndicatorKind
    baseline: ValuePoint
    target: ValuePoint
    comparator: Comparator
    node: str
    lines: Span


class Role(StrEnum):
    RESPONSIBLE = "responsible"  # 责任单位 (first listed leads by convention)
    LEAD = "lead"  # 牵头单位
    SUPPORT = "support"  # 配合单位 / 协办单位
    PARTICIPANT = "participant"  # 参与单位 and other explicit roles


@dataclass(frozen=True, slots=True)
class Due:
    """When a task is to be done, as a task breakdown writes it: 2025年底, 2023年6月, 持续推进.

    `year`/`month` are what the words say (年底 → month 12, 上半年 → 6), `None` when they say nothing;
    `ongoing` marks 持续推进 / 长期坚持 / 每年 — a standing task with no end date.
    """

    text: str
    year: int | None = None
    month: int | None = None
    ongoing: bool = False


@dataclass(frozen=True, slots=True)
class Responsibility:
    """A responsibility note such as （责任单位：市科技局、市发改委，各区人民政府）, or a row of a task
    breakdown table (序号、重点任务、牵头单位、配合单位、完成时限), which also gives `task` and `due`."""

    node: str
    heading: str | None  # nearest heading or box entry above (or equal to) `node`
    role: Role
    units: tuple[str, ...]
    lead: str | None
    remark: str | None
    text: str
    lines: Span
    task: str | None = None  # the task as the table's task cell words it (a note's task is its node)
    due: Due | None = None  # 完成时限, from a table column or a note's "完成时限：…" segment


@dataclass(frozen=True, slots=True)
class Target:
    """A quantitative commitment in the running text: 到2025年，技术合同成交额突破1300亿元."""

    metric: str
    comparator: Comparator
    value: float
    unit: str
    year: int | None
    node: str
    sentence: str
    lines: Span
    high: float | None = None
    value_text: str = ""
    # `sentence` quotes at most MAX_QUOTE_CHARS of the sentence, around the figure; the whole sentence
    # is node.text[start:end] (start is 0 when it begins in a box entry's title)
    sentence_span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class PastFigure:
    """A figure about the past: 从2015年的68.19亿元提高到2020年的152.67亿元 gives two of these."""

    metric: str
    year: int | None
    value: float
    unit: str
    node: str
    sentence: str
    lines: Span
    value_text: str = ""
    base_year: int | None = None  # a growth figure (比上年增长8.2%): the year it is measured against
    sentence_span: tuple[int, int] | None = None  # as in Target


@dataclass(frozen=True, slots=True)
class Period:
    start: int
    end: int
    label: str | None = None  # "十四五"


@dataclass(frozen=True, slots=True)
class Notice:
    """The issuing notice that wraps a plan published by a government (印发…的通知)."""

    doc_number: str | None  # 武政〔2012〕10号
    date: str | None  # ISO date
    title: str | None
    issuer: str | None
    lines: Span


class DocumentKind(StrEnum):
    """What kind of document was read: the kind decides what its years in words and its figures mean."""

    FIVE_YEAR_PLAN = "five_year_plan"  # 五年规划 / 规划纲要
    ACTION_PLAN = "action_plan"  # 行动计划 / 行动方案 / 实施方案 / 三年行动 (explicit years)
    ANNUAL_PLAN = "annual_plan"  # 工作要点 / 年度计划
    WORK_REPORT = "work_report"  # 政府工作报告: last year's results and this year's targets
    TASK_BREAKDOWN = "task_breakdown"  # 任务分解 / 分工方案
    STATISTICAL_BULLETIN = "statistical_bulletin"  # 统计公报: final figures of one year
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """The document's kind and its own year (the report's year, the bulletin's statistics year, the year a
    plan was issued or starts), None when the text does not say."""

    kind: DocumentKind
    year: int | None


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """Where the plan was read from, with the decoded source lines (line n is `lines[n - 1]`).

    The lines are kept so that the store can show the original wording next to every fact. They are not
    part of the plan JSON and take no part in comparisons: the sha256 already identifies the document.
    """

    path: str
    sha256: str
    format: SourceFormat
    encoding: str | None
    line_count: int
    lines: tuple[str, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Plan:
    source: SourceInfo
    title: str
    period: Period | None
    notice: Notice | None
    nodes: tuple[Node, ...]
    indicators: tuple[Indicator, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    targets: tuple[Target, ...] = ()
    observations: tuple[PastFigure, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    document: DocumentInfo | None = None
