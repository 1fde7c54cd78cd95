"""What a comparison reads (two plans as plain facts) and what it finds (crosswalk rows, carry-over).

Every fact keeps its source lines, so a page can show "where each plan says so" beside a suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from planwatch.domain.comparison import PairLabel as PairLabel
from planwatch.domain.plan import Attribute, Comparator, IndicatorKind

LABEL_NAMES: dict[PairLabel, str] = {
    PairLabel.CONTINUED: "延续",
    PairLabel.RENAMED: "更名",
    PairLabel.REDEFINED: "口径调整",
    PairLabel.REPLACED: "替代",
    PairLabel.SPLIT: "拆分",
    PairLabel.MERGED: "合并",
    PairLabel.ADDED: "新增",
    PairLabel.DROPPED: "删除",
}

PAIRED_LABELS = frozenset(
    {
        PairLabel.CONTINUED,
        PairLabel.RENAMED,
        PairLabel.REDEFINED,
        PairLabel.REPLACED,
        PairLabel.SPLIT,
        PairLabel.MERGED,
    }
)


def parse_label(text: str) -> PairLabel:
    """A label from its code (continued) or its Chinese name (延续); ValueError for anything else."""
    wanted = text.strip()
    for label, name in LABEL_NAMES.items():
        if wanted in (label.value, name):
            return label
    raise ValueError(wanted)


@dataclass(frozen=True, slots=True)
class Figure:
    """An actual value of an indicator's series in a year, as the monitoring layer counts it."""

    year: int
    value: float
    estimate: bool = False  # 预计数 / 推算: not a settled statistic
    source: str | None = None


@dataclass(frozen=True, slots=True)
class IndicatorFacts:
    """One monitored indicator of a plan, with its figures and responsible units.

    `ref` identifies it for confirmations: "i<id>" for a stored series, else "n<name>" for an in-text
    target that has none.
    """

    ref: str
    indicator_id: int | None
    name: str
    unit: str
    kind: IndicatorKind = IndicatorKind.LEVEL
    attribute: Attribute | None = None
    comparator: Comparator = Comparator.GE
    baseline_year: int | None = None
    baseline_value: float | None = None
    baseline_text: str = ""
    target_year: int | None = None
    target_value: float | None = None
    target_text: str = ""
    units: tuple[str, ...] = ()
    line_start: int | None = None
    line_end: int | None = None
    figures: tuple[Figure, ...] = ()
    status: str | None = None  # the monitoring status as of the plan's target year (提前实现, 未完成, …)
    notes: tuple[str, ...] = ()  # the monitoring's remarks on the figures (stand-in area, estimate …)


@dataclass(frozen=True, slots=True)
class ClauseFacts:
    """A clause (a heading and its text) or a named project (a box entry) of a plan."""

    node_id: int
    title: str
    text: str
    path: str  # heading path, outermost first
    units: tuple[str, ...] = ()
    task_id: int | None = None
    lagging: bool = False  # the latest progress report says 滞后
    overdue: bool = False  # no report for the last reporting period
    line_start: int = 0
    line_end: int = 0


@dataclass(frozen=True, slots=True)
class PlanFacts:
    plan_id: int
    title: str
    period_start: int | None
    period_end: int | None
    period_label: str | None
    indicators: tuple[IndicatorFacts, ...] = ()
    clauses: tuple[ClauseFacts, ...] = ()
    projects: tuple[ClauseFacts, ...] = ()

    @property
    def label(self) -> str:
        """How drafts name the period: “十四五”, else the years."""
        if self.period_label:
            return f"“{self.period_label}”"
        if self.period_start is not None:
            return f"{self.period_start}—{self.period_end}年"
        return f"《{self.title}》"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a pair was suggested: each feature the rules looked at."""

    rule: str  # which rule matched, in words
    name_similarity: float  # 0–100, on the names as the naming rules normalise them
    unit_a: str
    unit_b: str
    unit_match: str  # same / compatible / different
    kind_a: IndicatorKind
    kind_b: IndicatorKind
    attribute_a: Attribute | None
    attribute_b: Attribute | None
    shared_units: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Continuity:
    """Continuity and ambition of one pair (or the outcome alone of a dropped indicator)."""

    a_target: float | None
    a_target_year: int | None
    a_final: Figure | None  # the latest figure up to A's target year
    achieved: bool | None
    b_baseline: float | None
    b_baseline_year: int | None
    baseline_gap: float | None  # (B baseline − A final) / |A final|
    baseline_consistent: bool | None
    rate_achieved: float | None  # during A: CAGR for levels, points a year for shares
    rate_required: float | None  # what B's target requires, same measure
    rate_measure: str  # "cagr" / "points" / "target_rate"
    ambition_ratio: float | None
    flags: tuple[str, ...]
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CrosswalkRow:
    """One line of the crosswalk: a pair, or an A indicator alone (dropped) or a B one alone (added)."""

    label: PairLabel
    a: IndicatorFacts | None
    b: IndicatorFacts | None
    rationale: str
    evidence: Evidence | None = None
    confirmed: bool = False
    confirmed_by: str | None = None
    note: str | None = None
    continuity: Continuity | None = None

    @property
    def label_name(self) -> str:
        return LABEL_NAMES[self.label]


class CarryLabel(StrEnum):
    CARRIED = "carried"  # same title, same substance
    REWORDED = "reworded"  # the same undertaking in other words
    DROPPED = "dropped"
    NEW = "new"


CARRY_NAMES: dict[CarryLabel, str] = {
    CarryLabel.CARRIED: "延续",
    CarryLabel.REWORDED: "调整表述",
    CarryLabel.DROPPED: "不再列入",
    CarryLabel.NEW: "新增",
}


@dataclass(frozen=True, slots=True)
class CarryRow:
    label: CarryLabel
    a: ClauseFacts | None
    b: ClauseFacts | None
    score: float  # 0–1 combined similarity
    title_similarity: float  # 0–100
    text_similarity: float  # 0–1 cosine of TF-IDF vectors
    shared_units: tuple[str, ...] = ()
    was_lagging: bool = False  # carried from A where it was 滞后 or overdue

    @property
    def label_name(self) -> str:
        return CARRY_NAMES[self.label]


@dataclass(frozen=True, slots=True)
class ChapterEmphasis:
    """A chapter-level alignment and the topics (terms) that grew or shrank between the two plans."""

    a_title: str | None
    b_title: str | None
    similarity: float
    grew: tuple[tuple[str, float], ...] = ()
    shrank: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Comparison:
    a: PlanFacts
    b: PlanFacts
    crosswalk: tuple[CrosswalkRow, ...]
    tasks: tuple[CarryRow, ...] = ()
    projects: tuple[CarryRow, ...] = ()
    chapters: tuple[ChapterEmphasis, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def counts(self) -> dict[PairLabel, int]:
        """How many crosswalk rows carry each label."""
        result = dict.fromkeys(PairLabel, 0)
        for row in self.crosswalk:
            result[row.label] += 1
        return result
