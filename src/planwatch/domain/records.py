"""Monitoring records: the vocabulary of observations, progress reports and how they were obtained.

These enums are stored as their string values in the database, so renaming a value needs a migration.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ObservationStatus(StrEnum):
    """How settled a figure is. Order of preference when figures conflict: final, preliminary, estimate."""

    FINAL = "final"  # 统计公报, 年鉴: the published, settled figure
    PRELIMINARY = "preliminary"  # 初步统计, 快报: may still be revised
    ESTIMATE = "estimate"  # 预计, 推算: a forecast or a figure computed by someone


class Qualifier(StrEnum):
    """Whether the value is the quantity itself or only a bound or an approximation of it."""

    EXACT = "exact"
    LOWER_BOUND = "lower_bound"  # 突破 超过 以上: the true value is at least this
    UPPER_BOUND = "upper_bound"  # 不到 以下 以内: the true value is at most this
    APPROXIMATE = "approximate"  # 约 左右 近: rounded


class ObservationOrigin(StrEnum):
    """Where an observation came from, which decides who may edit it and how it is cited."""

    PLAN = "plan"  # a past figure stated in the plan text; the plan is the source
    IMPORT = "import"  # a CSV/XLSX data file
    MANUAL = "manual"  # typed in by a user


class IndicatorOrigin(StrEnum):
    """Why a revision defines an indicator: a row of its indicator table, or a target in its running text.

    A series that only has past figures in the plan text is an indicator without a definition. ENTERED
    rows were typed or uploaded by the planning office (手工录入) because the plan prints its indicator
    table as an image; they have no source lines.
    """

    TABLE = "table"
    TEXT_TARGET = "text_target"
    ENTERED = "entered"


class ReportStatus(StrEnum):
    """A department's own account of where a task stands."""

    NOT_STARTED = "未启动"
    IN_PROGRESS = "推进中"
    DONE = "已完成"
    LAGGING = "滞后"


@dataclass(frozen=True, slots=True)
class ObservationRecord:
    """One observed value as read from a data file, before it is mapped to a plan indicator.

    `definition_break_from` is set when the file says the series changed definition (口径调整) from
    that year on, so that values before it are not comparable with values from it.
    """

    indicator_name: str
    year: int
    value: float
    unit: str
    scope: str | None
    source: str | None
    source_quote: str | None
    note: str | None
    status: ObservationStatus
    qualifier: Qualifier
    definition_break_from: int | None = None
    row: int = 0  # 1-based row number in the file (the header is row 1), to point the user at it


class ReviewState(StrEnum):
    """Whether an observation counts: a reporter's figure is a proposal until the planning office accepts it."""

    ACCEPTED = "accepted"
    PROPOSED = "proposed"
    REJECTED = "rejected"
