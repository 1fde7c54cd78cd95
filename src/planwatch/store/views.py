"""What repository functions return: frozen, session-free snapshots of rows.

Returning these instead of ORM objects lets callers use results after the session is closed and keeps
lazy loading (and its surprise queries) out of the layers above.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from planwatch.domain.accounts import TokenScope, UserRole
from planwatch.domain.plan import Attribute, Comparator, IndicatorKind, NodeKind, Role
from planwatch.domain.records import (
    IndicatorOrigin,
    ObservationOrigin,
    ObservationStatus,
    Qualifier,
    ReportStatus,
    ReviewState,
)
from planwatch.domain.source import SourceFormat


class SaveResult(NamedTuple):
    """Result of `save_plan`: `created` is False when the same document was imported before."""

    plan_id: int
    revision_id: int
    created: bool


@dataclass(frozen=True, slots=True)
class RevisionOut:
    id: int
    number: int
    notice_doc_number: str | None
    notice_date: str | None
    notice_title: str | None
    source_path: str
    source_sha256: str
    source_format: SourceFormat
    source_encoding: str | None
    imported_at: datetime


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """A plan with the facts of its current (latest) revision."""

    id: int
    title: str
    period_start: int | None
    period_end: int | None
    period_label: str | None
    scope: str | None
    revision_count: int
    current: RevisionOut


@dataclass(frozen=True, slots=True)
class NodeOut:
    id: int
    key: str
    parent_id: int | None
    kind: NodeKind
    marker: str
    number: str | None
    title: str
    text: str
    line_start: int
    line_end: int


@dataclass(frozen=True, slots=True)
class IndicatorOut:
    """An indicator as the given revision defines it."""

    id: int
    name: str
    unit: str
    attribute: Attribute | None
    kind: IndicatorKind
    baseline_year: int | None
    baseline_value: float | None
    baseline_text: str
    target_year: int | None
    target_value: float | None
    target_high: float | None
    target_text: str
    comparator: Comparator
    origin: IndicatorOrigin
    node_id: int | None
    line_start: int
    line_end: int


@dataclass(frozen=True, slots=True)
class TargetOut:
    id: int
    indicator_id: int | None
    metric: str
    comparator: Comparator
    value: float
    high: float | None
    unit: str
    year: int | None
    sentence: str
    node_id: int | None
    line_start: int
    line_end: int


@dataclass(frozen=True, slots=True)
class TaskDepartmentOut:
    name: str
    role: Role


@dataclass(frozen=True, slots=True)
class TaskOut:
    """A task with its lead and supporting departments (canonical names)."""

    id: int
    plan_id: int
    plan_title: str
    title: str
    text: str
    responsibility_text: str
    lead: str | None
    supporting: tuple[TaskDepartmentOut, ...]
    current: bool  # False when the latest revision of the plan no longer contains the task
    line_start: int
    line_end: int


@dataclass(frozen=True, slots=True)
class PlanDetail:
    summary: PlanSummary
    revisions: tuple[RevisionOut, ...]
    nodes: tuple[NodeOut, ...]
    indicators: tuple[IndicatorOut, ...]
    targets: tuple[TargetOut, ...]
    tasks: tuple[TaskOut, ...]


@dataclass(frozen=True, slots=True)
class DepartmentOut:
    id: int
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ObservationOut:
    id: int
    indicator_id: int
    year: int
    value: float
    unit: str
    scope: str | None
    source: str | None
    source_quote: str | None
    status: ObservationStatus
    qualifier: Qualifier
    note: str | None
    origin: ObservationOrigin
    created_by: str
    created_at: datetime
    review: ReviewState = ReviewState.ACCEPTED


@dataclass(frozen=True, slots=True)
class ObservationConflict:
    """All observations of an indicator in a year, the one that counts, and why it was chosen."""

    indicator_id: int
    year: int
    observations: tuple[ObservationOut, ...]
    chosen: ObservationOut | None
    overridden: bool  # True when a user's choice decided, not the default rule
    values_differ: bool


@dataclass(frozen=True, slots=True)
class DefinitionBreakOut:
    id: int
    indicator_id: int
    comparable_from: int
    note: str | None


@dataclass(frozen=True, slots=True)
class ProgressReportOut:
    id: int
    task_id: int
    department: str
    period_label: str
    status: ReportStatus
    narrative: str
    evidence: tuple[str, ...]
    percent: float | None
    author: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TaskState:
    """A task and its latest report (None when nobody has reported on it yet)."""

    task: TaskOut
    latest: ProgressReportOut | None


@dataclass(frozen=True, slots=True)
class ChangeOut:
    table: str
    row_id: int
    field: str
    old_value: str | None
    new_value: str | None
    changed_by: str
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an observation import did, so the caller can tell the user."""

    added: int
    skipped_duplicates: int
    unmapped: tuple[str, ...]  # file indicator names with no confirmed mapping; their rows were not stored
    definition_breaks_added: int


@dataclass(frozen=True, slots=True)
class UserOut:
    id: int
    username: str
    display_name: str
    role: UserRole
    is_active: bool
    department_ids: tuple[int, ...]
    departments: tuple[str, ...]
    created_at: datetime
    last_login_at: datetime | None


@dataclass(frozen=True, slots=True)
class ApiTokenOut:
    id: int
    user_id: int
    username: str
    name: str
    prefix: str
    scope: TokenScope
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked: bool


@dataclass(frozen=True, slots=True)
class AuditEntryOut:
    """One line of the audit log: a changed field with the row it belongs to."""

    id: int
    table: str
    row_id: int
    field: str
    old_value: str | None
    new_value: str | None
    changed_by: str
    changed_at: datetime
