"""Database tables as SQLAlchemy 2 typed models.

Identity and content are kept apart where a plan revision (动态调整) can change content:

* `PlanRow` is the plan as people name it (title + period); each imported document is a
  `PlanRevisionRow`; the revision with the highest number is current. Outline nodes, indicator
  definitions and targets belong to a revision, so history stays intact.
* `IndicatorRow` is the stable identity of a measured series within a plan (plan + name). Observations,
  choices, definition breaks and name mappings point at it, so they survive a new revision;
  `IndicatorDefinitionRow` holds what a given revision says about it (unit, baseline, target, ...).
* `TaskRow` is stable per plan too (matched across revisions by a fingerprint of its place and wording),
  so progress reports stay attached when a revision re-imports the same tasks.

Timestamps are naive UTC: SQLite has no time zones, and naive UTC reads back the same on both backends.
Enum columns are VARCHAR with a CHECK constraint rather than native PostgreSQL enums, so adding a value
is a plain migration on both backends.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from planwatch.domain.accounts import TokenScope, UserRole
from planwatch.domain.comparison import PairLabel
from planwatch.domain.cycle import Frequency, NoticeKind
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

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Naive UTC now, the form every timestamp column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def str_enum(enum_class: type[StrEnum], name: str) -> Enum:
    """A VARCHAR column type holding the enum's values (not its member names), checked by the database."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_class) + 8,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class PlanRow(Base):
    """A plan as people name it: title and period. Its content lives in its revisions."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    identity_key: Mapped[str] = mapped_column(String(600), unique=True)  # title|start-end, for lookups
    title: Mapped[str] = mapped_column(String(500))
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    period_label: Mapped[str | None] = mapped_column(String(40))
    scope: Mapped[str | None] = mapped_column(String(100))  # the plan's own area, e.g. 武汉市
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    revisions: Mapped[list[PlanRevisionRow]] = relationship(
        back_populates="plan", order_by="PlanRevisionRow.number", cascade="all, delete-orphan"
    )


class PlanRevisionRow(Base):
    """One imported document of a plan (the original or a 动态调整). The highest number is current."""

    __tablename__ = "plan_revisions"
    __table_args__ = (UniqueConstraint("plan_id", "number"), UniqueConstraint("plan_id", "source_sha256"))

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    notice_doc_number: Mapped[str | None] = mapped_column(String(100))
    notice_date: Mapped[str | None] = mapped_column(String(20))
    notice_title: Mapped[str | None] = mapped_column(String(500))
    notice_issuer: Mapped[str | None] = mapped_column(String(200))
    source_path: Mapped[str] = mapped_column(String(1000))
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)
    source_format: Mapped[SourceFormat] = mapped_column(str_enum(SourceFormat, "source_format"))
    source_encoding: Mapped[str | None] = mapped_column(String(40))
    source_line_count: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    plan: Mapped[PlanRow] = relationship(back_populates="revisions")


class NodeRow(Base):
    """One outline node of a revision, with its place in the tree and its source lines."""

    __tablename__ = "nodes"
    __table_args__ = (UniqueConstraint("revision_id", "node_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("plan_revisions.id", ondelete="CASCADE"), index=True)
    node_key: Mapped[str] = mapped_column(String(100))  # the parser's node id, unique within a revision
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # document order
    kind: Mapped[NodeKind] = mapped_column(str_enum(NodeKind, "node_kind"))
    marker: Mapped[str] = mapped_column(String(50))
    number: Mapped[str | None] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    line_start: Mapped[int] = mapped_column(Integer)
    line_end: Mapped[int] = mapped_column(Integer)


class IndicatorRow(Base):
    """A measured series within a plan, stable across revisions; what observations point at."""

    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("plan_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class IndicatorDefinitionRow(Base):
    """What one revision says about an indicator: unit, attribute, baseline, target and where it says so."""

    __tablename__ = "indicator_definitions"
    __table_args__ = (UniqueConstraint("indicator_id", "revision_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("plan_revisions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(50))
    attribute: Mapped[Attribute | None] = mapped_column(str_enum(Attribute, "indicator_attribute"))
    kind: Mapped[IndicatorKind] = mapped_column(str_enum(IndicatorKind, "indicator_kind"))
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_high: Mapped[float | None] = mapped_column(Float)
    baseline_text: Mapped[str] = mapped_column(String(200))
    target_year: Mapped[int | None] = mapped_column(Integer)
    target_value: Mapped[float | None] = mapped_column(Float)
    target_high: Mapped[float | None] = mapped_column(Float)
    target_text: Mapped[str] = mapped_column(String(200))
    comparator: Mapped[Comparator] = mapped_column(str_enum(Comparator, "comparator"))
    origin: Mapped[IndicatorOrigin] = mapped_column(str_enum(IndicatorOrigin, "indicator_origin"))
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id", ondelete="SET NULL"), index=True)
    line_start: Mapped[int] = mapped_column(Integer)
    line_end: Mapped[int] = mapped_column(Integer)


class TargetRow(Base):
    """A quantitative commitment in the running text (到2025年…突破1300亿元), kept as the plan words it."""

    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("plan_revisions.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicators.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    metric: Mapped[str] = mapped_column(String(300))
    comparator: Mapped[Comparator] = mapped_column(str_enum(Comparator, "comparator"))
    value: Mapped[float] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    value_text: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(50))
    year: Mapped[int | None] = mapped_column(Integer)
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id", ondelete="SET NULL"), index=True)
    sentence: Mapped[str] = mapped_column(Text)
    line_start: Mapped[int] = mapped_column(Integer)
    line_end: Mapped[int] = mapped_column(Integer)


class ResponsibilityRow(Base):
    """A responsibility note as the plan writes it （责任单位：…）, before departments are resolved."""

    __tablename__ = "responsibilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("plan_revisions.id", ondelete="CASCADE"), index=True)
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id", ondelete="SET NULL"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"), index=True)
    heading: Mapped[str | None] = mapped_column(Text)  # nearest heading or box entry, as the parser saw it
    role: Mapped[Role] = mapped_column(str_enum(Role, "responsibility_role"))
    units: Mapped[list[str]] = mapped_column(JSON)
    lead: Mapped[str | None] = mapped_column(String(200))
    remark: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    line_start: Mapped[int] = mapped_column(Integer)
    line_end: Mapped[int] = mapped_column(Integer)


class DepartmentRow(Base):
    """A department under its canonical name (市城乡建设局); other spellings are aliases."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    aliases: Mapped[list[DepartmentAliasRow]] = relationship(
        back_populates="department", cascade="all, delete-orphan", order_by="DepartmentAliasRow.alias"
    )


class DepartmentAliasRow(Base):
    """Another name for a department (市城建局 → 市城乡建设局); an alias names exactly one department."""

    __tablename__ = "department_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    alias: Mapped[str] = mapped_column(String(200), unique=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"), index=True)

    department: Mapped[DepartmentRow] = relationship(back_populates="aliases")


class TaskRow(Base):
    """A task: one responsibility note of a plan, with its lead department. Stable across revisions."""

    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("plan_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of the node's heading path + note text
    revision_id: Mapped[int] = mapped_column(ForeignKey("plan_revisions.id"), index=True)  # last seen in
    node_id: Mapped[int | None] = mapped_column(ForeignKey("nodes.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(Text)  # heading path of the node, e.g. 第二章 … > （一） …
    text: Mapped[str] = mapped_column(Text)  # the node's text that the note closes
    lead_department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL"), index=True
    )
    line_start: Mapped[int] = mapped_column(Integer)
    line_end: Mapped[int] = mapped_column(Integer)

    supporting: Mapped[list[TaskDepartmentRow]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskDepartmentRow.position"
    )


class TaskDepartmentRow(Base):
    """A department that supports (or takes part in) a task, other than its lead."""

    __tablename__ = "task_departments"
    __table_args__ = (UniqueConstraint("task_id", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, "responsibility_role"))
    position: Mapped[int] = mapped_column(Integer)

    task: Mapped[TaskRow] = relationship(back_populates="supporting")


class ProgressReportRow(Base):
    """A department's report on a task for a period ("2025", "2025H1")."""

    __tablename__ = "progress_reports"
    __table_args__ = (Index(None, "task_id", "period_label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    period_label: Mapped[str] = mapped_column(String(20))
    status: Mapped[ReportStatus] = mapped_column(str_enum(ReportStatus, "report_status"))
    narrative: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    percent: Mapped[float | None] = mapped_column(Float)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ObservationRow(Base):
    """An observed value of an indicator in a year, with where it comes from and how firm it is."""

    __tablename__ = "observations"
    __table_args__ = (Index(None, "indicator_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(50))
    scope: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str | None] = mapped_column(Text)
    source_quote: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ObservationStatus] = mapped_column(str_enum(ObservationStatus, "observation_status"))
    qualifier: Mapped[Qualifier] = mapped_column(str_enum(Qualifier, "observation_qualifier"))
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[ObservationOrigin] = mapped_column(str_enum(ObservationOrigin, "observation_origin"))
    revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_revisions.id", ondelete="SET NULL"), index=True
    )  # the plan revision quoted, for origin "plan"
    review: Mapped[ReviewState] = mapped_column(
        str_enum(ReviewState, "observation_review"), default=ReviewState.ACCEPTED
    )  # a reporter's figure counts only once the planning office accepts it
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ObservationChoiceRow(Base):
    """A user's decision of which observation counts for an indicator in a year; beats the default rule."""

    __tablename__ = "observation_choices"
    __table_args__ = (UniqueConstraint("indicator_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    observation_id: Mapped[int] = mapped_column(ForeignKey("observations.id", ondelete="CASCADE"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    chosen_by: Mapped[str] = mapped_column(String(100))
    chosen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class DefinitionBreakRow(Base):
    """The definition (口径) changed: values before `comparable_from` are not comparable with later ones."""

    __tablename__ = "definition_breaks"
    __table_args__ = (UniqueConstraint("indicator_id", "comparable_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    comparable_from: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class IndicatorNameMappingRow(Base):
    """A confirmed mapping from a name used in data files to a plan indicator, reused on later imports."""

    __tablename__ = "indicator_name_mappings"
    __table_args__ = (UniqueConstraint("plan_id", "external_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    external_name: Mapped[str] = mapped_column(String(300))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    confirmed_by: Mapped[str] = mapped_column(String(100))
    confirmed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ChangeHistoryRow(Base):
    """One changed field of one row: who changed what, when, from which value to which."""

    __tablename__ = "change_history"
    __table_args__ = (Index(None, "table_name", "row_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class IndicatorDepartmentRow(Base):
    """A department responsible for an indicator's figures: its reporters may propose values for it."""

    __tablename__ = "indicator_departments"
    __table_args__ = (UniqueConstraint("indicator_id", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"), index=True)


class UserRow(Base):
    """An account of the web app and API. The password is stored only as an Argon2 hash."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[UserRole] = mapped_column(str_enum(UserRole, "user_role"))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

    departments: Mapped[list[UserDepartmentRow]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="UserDepartmentRow.id"
    )


class UserDepartmentRow(Base):
    """A department a reporter acts for."""

    __tablename__ = "user_departments"
    __table_args__ = (UniqueConstraint("user_id", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"), index=True)

    user: Mapped[UserRow] = relationship(back_populates="departments")


class ApiTokenRow(Base):
    """A bearer token for scripts. Only its SHA-256 is stored; the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))  # the first characters, to tell tokens apart in lists
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    scope: Mapped[TokenScope] = mapped_column(str_enum(TokenScope, "token_scope"), default=TokenScope.WRITE)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class UserSessionRow(Base):
    """A signed-in browser session. The cookie carries a random id; only its SHA-256 is stored here.

    Kept on the server so that logging out, a password change or an admin can end a session for good
    (a copied cookie stops working), with an idle and an absolute timeout checked on every request.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)  # the absolute timeout
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)


class LoginThrottleRow(Base):
    """Failed sign-ins of one (user name, client) pair, and until when that pair must wait.

    One row per pair, locked while an attempt is checked, so parallel attempts are counted one after
    the other on every backend. `username` "" is the client's row across all user names.
    """

    __tablename__ = "login_throttles"
    __table_args__ = (UniqueConstraint("username", "client"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    client: Mapped[str] = mapped_column(String(100))
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(DateTime)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)


class LoginAttemptRow(Base):
    """A login attempt, kept for rate limiting across server workers and for review."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index(None, "username", "attempted_at"), Index(None, "client", "attempted_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100))
    client: Mapped[str] = mapped_column(String(100))  # the client's address
    succeeded: Mapped[bool] = mapped_column()
    attempted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def model_tables() -> list[str]:
    """Table names in creation order, for tests and maintenance scripts."""
    return [t.name for t in Base.metadata.sorted_tables]


class RevisionSourceRow(Base):
    """The decoded source lines of a revision (joined by "\\n"), so pages can quote the original text.

    Kept in a table of its own so that loading a revision's facts never drags the whole document along.
    Revisions imported before this table existed have no row; readers fall back to the node texts.
    """

    __tablename__ = "revision_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("plan_revisions.id", ondelete="CASCADE"), unique=True)
    text: Mapped[str] = mapped_column(Text)


class EvaluationPublicationRow(Base):
    """An evaluation report the planning office marked published: the content as it was, frozen.

    Drafts are computed on demand from current data; once published, readers (reporters, viewers,
    the public) see this stored version, whatever has changed since. `internal_scorecards` keeps the
    部门考评 to the office (a reporter then sees only its own departments' rows).
    """

    __tablename__ = "evaluation_publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    cutoff: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(500))
    data_version: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)  # planwatch.evaluation/1 JSON
    html: Mapped[str] = mapped_column(Text)  # the report as the page shows it
    public_html: Mapped[str] = mapped_column(Text)  # the same without the 部门考评 appendix
    internal_scorecards: Mapped[bool] = mapped_column(default=False)
    published_by: Mapped[str] = mapped_column(String(100))
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class IndicatorLinkRow(Base):
    """A crosswalk pair the user confirmed or corrected between an older plan A and a newer plan B.

    `a_ref`/`b_ref` name the indicators as the comparison does ("i<id>", or "n<name>" for an in-text
    target without a series); an empty ref is the missing side of a dropped or added indicator.
    Confirmed continued/renamed pairs join the two series, so B's pages show A's years.
    """

    __tablename__ = "indicator_links"
    __table_args__ = (UniqueConstraint("plan_a_id", "plan_b_id", "a_ref", "b_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_a_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    plan_b_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    a_ref: Mapped[str] = mapped_column(String(320), default="")
    b_ref: Mapped[str] = mapped_column(String(320), default="")
    a_indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicators.id", ondelete="SET NULL"), index=True
    )
    b_indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicators.id", ondelete="SET NULL"), index=True
    )
    a_name: Mapped[str] = mapped_column(String(300), default="")
    b_name: Mapped[str] = mapped_column(String(300), default="")
    label: Mapped[PairLabel] = mapped_column(str_enum(PairLabel, "pair_label"))
    note: Mapped[str | None] = mapped_column(Text)
    confirmed_by: Mapped[str] = mapped_column(String(100))
    confirmed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PlanLinkRow(Base):
    """Plan B succeeds plan A (十四五 after 十三五): pages show 上期规划 / 下期规划."""

    __tablename__ = "plan_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), unique=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), unique=True)
    linked_by: Mapped[str] = mapped_column(String(100))
    linked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# --- Implementation cycle (督办): reporting calendars, milestones, reminders, notifications ------------


class ReportingCalendarRow(Base):
    """A plan's reporting calendar, set by the planning office: frequency, due rule, reminder days.

    `starts_on` is the first due date reminders are sent for, so setting a calendar on a running plan
    does not flood departments with reminders for periods long past (their lights still show red).
    """

    __tablename__ = "reporting_calendars"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), unique=True)
    frequency: Mapped[Frequency] = mapped_column(str_enum(Frequency, "calendar_frequency"))
    due_days: Mapped[int] = mapped_column(Integer)
    days_before: Mapped[int] = mapped_column(Integer)
    escalate_after: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    set_by: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class TaskMilestoneRow(Base):
    """A milestone of a task (年度目标 / 节点) with its completion deadline (完成时限)."""

    __tablename__ = "task_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date] = mapped_column(Date)
    deadline_text: Mapped[str] = mapped_column(String(100))  # as the 任务分解表 wrote it
    completed_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20))  # "web" or "import"
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CycleNoticeRow(Base):
    """One reminder of one task for one period: at most one of each kind, whatever runs the job."""

    __tablename__ = "cycle_notices"
    __table_args__ = (UniqueConstraint("task_id", "period_label", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL"), index=True
    )
    period_label: Mapped[str] = mapped_column(String(10))
    kind: Mapped[NoticeKind] = mapped_column(str_enum(NoticeKind, "notice_kind"))
    due_on: Mapped[date] = mapped_column(Date)
    sent_on: Mapped[date] = mapped_column(Date)  # the day the job ran as (a test clock may move it)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    supervision_no: Mapped[str | None] = mapped_column(String(40))  # 督办编号, escalations only
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class NotificationRow(Base):
    """A notice in one user's inbox (the bell), and its e-mail delivery."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("notice_id", "user_id"), Index(None, "user_id", "read_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("cycle_notices.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    email: Mapped[str | None] = mapped_column(String(254))  # the address it is to be mailed to, if any
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime)
    email_attempts: Mapped[int] = mapped_column(Integer, default=0)
    email_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class UserContactRow(Base):
    """How to reach a user outside the app (e-mail), and whether the user is a department leader.

    A leader (分管领导) is an account bound to departments with `is_leader`: escalations go to them.
    """

    __tablename__ = "user_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    is_leader: Mapped[bool] = mapped_column(default=False)


class JobLeaseRow(Base):
    """A named job's lease: only the holder of an unexpired lease runs it (one runner across workers)."""

    __tablename__ = "job_leases"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class DocumentSourceRow(Base):
    """A document (统计公报, 政府工作报告, summary) whose figures were imported as a plan's observations.

    Keyed by the file's sha256 per plan, so the same document uploaded again is recognised and its
    figures are not stored twice; the same bulletin may still serve several plans.
    """

    __tablename__ = "document_sources"
    __table_args__ = (UniqueConstraint("plan_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(500))
    filename: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30))  # a planwatch.domain.plan.DocumentKind value
    year: Mapped[int | None] = mapped_column(Integer)
    imported_by: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class DocumentObservationRow(Base):
    """An observation read from a document source, with the line it was read from."""

    __tablename__ = "document_observations"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document_sources.id", ondelete="CASCADE"), index=True
    )
    observation_id: Mapped[int] = mapped_column(
        ForeignKey("observations.id", ondelete="CASCADE"), unique=True
    )
    line: Mapped[int] = mapped_column(Integer)
    metric: Mapped[str] = mapped_column(String(300))  # the document's own name for the figure
