"""What the evaluation stage reads: plain snapshots of the monitoring results, tasks and projects.

The services layer gathers these from the store and the monitor (the same `PlanEvaluator` that
`planwatch status` uses), so the report and the status table can never disagree about a figure. The
evaluate stage itself does no I/O: the same facts and options always give the same report.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from planwatch.domain.plan import Attribute, Comparator, IndicatorKind
from planwatch.domain.progress import Forecast, GrowthResult, ProgressStatus
from planwatch.domain.records import IndicatorOrigin, ObservationStatus, Qualifier, ReportStatus


class EvaluationKind(StrEnum):
    FINAL = "final"  # 总结评估: results in the target year
    MIDTERM = "midterm"  # 中期评估: 序时进度 and the trend

    @property
    def label(self) -> str:
        return "总结评估" if self is EvaluationKind.FINAL else "中期评估"


@dataclass(frozen=True, slots=True)
class Cutoff:
    """The evaluation cut-off: a year (its end) or a date such as 2023-06-30.

    Figures count for the years whose annual figure can exist by the cut-off: up to the year itself
    for a year cut-off (or a date on 31 December), up to the year before for a date inside a year (a
    2023 annual figure does not exist on 2023-06-30). Progress reports count when their period label
    is no later than that year and, for a date cut-off, when written on or before the date.
    """

    year: int
    date: datetime.date | None = None

    @property
    def data_year(self) -> int:
        if self.date is None or (self.date.month, self.date.day) == (12, 31):
            return self.year
        return self.year - 1

    @property
    def key(self) -> str:
        return self.date.isoformat() if self.date is not None else str(self.year)

    @property
    def label(self) -> str:
        if self.date is None:
            return f"截至{self.year}年底"
        return f"截至{self.date.year}年{self.date.month}月{self.date.day}日"


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure that counts for an indicator in one year (chosen by the store's rule), with its source."""

    observation_id: int
    year: int
    value: float
    unit: str
    qualifier: Qualifier
    status: ObservationStatus
    scope: str | None
    source: str | None
    source_quote: str | None
    series: str
    from_plan: str | None  # title of another plan whose series supplied the figure


@dataclass(frozen=True, slots=True)
class IndicatorFacts:
    """One monitored indicator: what the plan commits to, the figures that count and the monitor's view.

    `status`, `reason`, `status_year` and `expected` are the monitor's judgement as of the data year
    (exactly what `planwatch status --year` shows); `growth` is the observed CAGR for growth indicators.
    """

    key: str  # stable key within the report: "indicator:<id>" or "target:<n>"
    indicator_id: int | None
    name: str
    unit: str
    attribute: Attribute | None
    kind: IndicatorKind
    origin: IndicatorOrigin
    comparator: Comparator
    baseline_year: int | None
    baseline_value: float | None
    baseline_text: str
    baseline_observation: Figure | None  # set when the plan states no baseline and a figure stands in
    target_year: int | None
    target_value: float | None
    target_text: str
    line_start: int | None
    line_end: int | None
    figures: tuple[Figure, ...]  # by year, only years up to the data year
    breaks: tuple[int, ...]  # definition breaks (comparable from year N)
    status: ProgressStatus
    reason: str
    status_year: int | None  # year of the evidence the status rests on
    expected: float | None  # 序时进度 value (linear path) in the evidence year, level indicators
    growth: GrowthResult | None
    forecast: Forecast | None
    units: tuple[str, ...]  # responsible departments
    notes: tuple[str, ...] = ()

    def figure(self, year: int | None) -> Figure | None:
        return next((f for f in self.figures if f.year == year), None)

    @property
    def latest(self) -> Figure | None:
        return self.figures[-1] if self.figures else None


@dataclass(frozen=True, slots=True)
class ReportFact:
    """A department's progress report on a task."""

    id: int
    department: str
    period_label: str
    period_year: int | None
    status: ReportStatus
    narrative: str
    percent: float | None
    written_on: datetime.date


@dataclass(frozen=True, slots=True)
class TaskFacts:
    id: int
    chapter: str  # the first level of the task's heading path (第二章 …)
    heading: str  # the last level of its heading path
    excerpt: str  # the start of its text, to tell apart tasks under one heading
    lead: str | None
    supporting: tuple[str, ...]
    line_start: int
    line_end: int
    reports: tuple[ReportFact, ...]  # oldest first (by time of writing)


@dataclass(frozen=True, slots=True)
class ProjectFacts:
    """A named entry of a 专栏 and what is known of it."""

    box: str  # 专栏 2-1 湖北实验室
    name: str
    type: str
    units: tuple[str, ...]
    line_start: int
    line_end: int


@dataclass(frozen=True, slots=True)
class PlanFacts:
    id: int
    title: str
    scope: str | None
    period_start: int | None
    period_end: int | None
    source_title: str  # how the plan is cited: 《武汉市科技创新发展“十四五”规划》


@dataclass(frozen=True, slots=True)
class EvaluationFacts:
    plan: PlanFacts
    indicators: tuple[IndicatorFacts, ...]
    tasks: tuple[TaskFacts, ...]
    projects: tuple[ProjectFacts, ...]
    data_version: str
    departments: tuple[str, ...] = ()  # every unit to score (default: those named by tasks/indicators)
