"""Set-based reads behind the dashboard and the indicator pages.

A plan's status needs, for every indicator, the observations of every series that measures it, the
user's choices among conflicting figures and the definition breaks. Asking `chosen_series` and
`definition_breaks` series by series costs three queries per series; these functions answer for all
series of a page at once, so a page costs a constant number of queries whatever the plan's size.
The choice rule itself is the one `planwatch.store.observations` defines (`default_choice`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from planwatch.domain.records import Qualifier, ReportStatus, ReviewState
from planwatch.store.errors import NotFoundError
from planwatch.store.models import (
    ChangeHistoryRow,
    DefinitionBreakRow,
    DepartmentRow,
    IndicatorDefinitionRow,
    IndicatorDepartmentRow,
    IndicatorNameMappingRow,
    IndicatorRow,
    ObservationChoiceRow,
    ObservationRow,
    ProgressReportRow,
    TargetRow,
    TaskDepartmentRow,
    TaskRow,
    UserRow,
)
from planwatch.store.observations import default_choice, rank_key
from planwatch.store.plans import current_revision_id, indicator_out, target_out
from planwatch.store.tasks import current_revision_ids
from planwatch.store.views import IndicatorOut, ObservationConflict, ObservationOut, TargetOut

IMPORTER = "import"  # the bulk plan importer; its rows are the plan itself, not news
SAME_ACTION_SECONDS = 2.0
HISTORY_WINDOW = 50_000  # the dashboard's news come from the newest this many history rows  # history rows of one row and author this close together are one action


# --- indicators and their series -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """A stored series (indicator identity) of a plan."""

    plan_id: int
    indicator_id: int
    name: str


def series_catalogue(session: Session, plan_ids: Sequence[int]) -> list[CatalogueEntry]:
    """The series of the given plans, by id (one query)."""
    if not plan_ids:
        return []
    rows = session.execute(
        select(IndicatorRow.plan_id, IndicatorRow.id, IndicatorRow.name)
        .where(IndicatorRow.plan_id.in_(list(plan_ids)))
        .order_by(IndicatorRow.id)
    )
    return [CatalogueEntry(plan_id, indicator_id, name) for plan_id, indicator_id, name in rows]


def indicator_plan_id(session: Session, indicator_id: int) -> int:
    """The plan an indicator belongs to; NotFoundError for an unknown id."""
    plan_id = session.scalar(select(IndicatorRow.plan_id).where(IndicatorRow.id == indicator_id))
    if plan_id is None:
        raise NotFoundError(f"找不到编号为 {indicator_id} 的指标，请从规划的指标列表中选择。")
    return plan_id


def current_definitions(session: Session, plan_id: int) -> tuple[list[IndicatorOut], list[TargetOut]]:
    """The indicator definitions and in-text targets of the plan's current revision (three queries).

    The same rows `get_plan` returns, without the outline and the tasks a status page does not need.
    """
    revision_id = current_revision_id(session, plan_id)
    if revision_id is None:
        return [], []
    definitions = session.execute(
        select(IndicatorDefinitionRow, IndicatorRow.name)
        .join(IndicatorRow, IndicatorRow.id == IndicatorDefinitionRow.indicator_id)
        .where(IndicatorDefinitionRow.revision_id == revision_id)
        .order_by(IndicatorDefinitionRow.origin, IndicatorDefinitionRow.position)
    )
    targets = session.scalars(
        select(TargetRow).where(TargetRow.revision_id == revision_id).order_by(TargetRow.position)
    )
    return [indicator_out(d, name) for d, name in definitions], [target_out(t) for t in targets]


@dataclass(frozen=True, slots=True)
class StoredSeries:
    """Everything stored about one series' figures: all observations (any review state), the user's
    choices (year → observation id) and the years from which the definition changed."""

    indicator_id: int
    observations: tuple[ObservationOut, ...]
    choices: dict[int, int] = field(default_factory=dict)
    breaks: tuple[int, ...] = ()

    def resolutions(self, own_scope: str | None) -> dict[int, ObservationConflict]:
        """year → the accepted figures and the one that counts, for every year with accepted figures.

        The same answer as `resolve_observation` for each year (user's choice, else the default rule;
        proposals and rejected figures never count).
        """
        by_year: dict[int, list[ObservationOut]] = {}
        for observation in self.observations:
            by_year.setdefault(observation.year, []).append(observation)
        result: dict[int, ObservationConflict] = {}
        for year, candidates in sorted(by_year.items()):
            counted = [o for o in candidates if o.review is ReviewState.ACCEPTED]
            if not counted:
                continue
            chosen = next((o for o in counted if o.id == self.choices.get(year)), None)
            overridden = chosen is not None
            if chosen is None:
                chosen = default_choice(counted, own_scope)
            result[year] = ObservationConflict(
                indicator_id=self.indicator_id,
                year=year,
                observations=tuple(sorted(counted, key=lambda o: rank_key(o, own_scope))),
                chosen=chosen,
                overridden=overridden,
                values_differ=len({o.value for o in counted}) > 1,
            )
        return result


def stored_series(session: Session, indicator_ids: Collection[int]) -> dict[int, StoredSeries]:
    """The stored figures, choices and breaks of many series in three queries (every id gets an entry)."""
    ids = sorted(set(indicator_ids))
    if not ids:
        return {}
    observations: dict[int, list[ObservationOut]] = {i: [] for i in ids}
    columns = (
        ObservationRow.id,
        ObservationRow.indicator_id,
        ObservationRow.year,
        ObservationRow.value,
        ObservationRow.unit,
        ObservationRow.scope,
        ObservationRow.source,
        ObservationRow.source_quote,
        ObservationRow.status,
        ObservationRow.qualifier,
        ObservationRow.note,
        ObservationRow.origin,
        ObservationRow.created_by,
        ObservationRow.created_at,
        ObservationRow.review,
    )
    rows = session.execute(  # plain columns: no ORM identity map for a read-only bulk load
        select(*columns)
        .where(ObservationRow.indicator_id.in_(ids))
        .order_by(ObservationRow.year, ObservationRow.id)
    )
    for r in rows:
        observations[r.indicator_id].append(
            ObservationOut(
                id=r.id,
                indicator_id=r.indicator_id,
                year=r.year,
                value=r.value,
                unit=r.unit,
                scope=r.scope,
                source=r.source,
                source_quote=r.source_quote,
                status=r.status,
                qualifier=r.qualifier,
                note=r.note,
                origin=r.origin,
                created_by=r.created_by,
                created_at=r.created_at,
                review=r.review,
            )
        )
    choices: dict[int, dict[int, int]] = {i: {} for i in ids}
    for indicator_id, year, observation_id in session.execute(
        select(
            ObservationChoiceRow.indicator_id, ObservationChoiceRow.year, ObservationChoiceRow.observation_id
        ).where(ObservationChoiceRow.indicator_id.in_(ids))
    ):
        choices[indicator_id][year] = observation_id
    breaks: dict[int, list[int]] = {i: [] for i in ids}
    for indicator_id, comparable_from in session.execute(
        select(DefinitionBreakRow.indicator_id, DefinitionBreakRow.comparable_from)
        .where(DefinitionBreakRow.indicator_id.in_(ids))
        .order_by(DefinitionBreakRow.comparable_from)
    ):
        breaks[indicator_id].append(comparable_from)
    return {i: StoredSeries(i, tuple(observations[i]), choices[i], tuple(breaks[i])) for i in ids}


def departments_of_indicators(session: Session, indicator_ids: Iterable[int]) -> dict[int, list[str]]:
    """indicator id → names of its responsible departments, in the order they were set (one query)."""
    ids = sorted(set(indicator_ids))
    result: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return result
    rows = session.execute(
        select(IndicatorDepartmentRow.indicator_id, DepartmentRow.name)
        .join(DepartmentRow, DepartmentRow.id == IndicatorDepartmentRow.department_id)
        .where(IndicatorDepartmentRow.indicator_id.in_(ids))
        .order_by(IndicatorDepartmentRow.id)
    )
    for indicator_id, name in rows:
        result[indicator_id].append(name)
    return result


# --- tasks -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskFacts:
    """What the dashboard needs about a current task: who answers for it and its latest reported status."""

    task_id: int
    title: str  # heading path of the task's place in the plan
    excerpt: str  # the start of the task's text, to tell apart tasks under one heading
    line_start: int
    lead_id: int | None
    supporting_ids: tuple[int, ...]
    latest_status: ReportStatus | None  # None: never reported


def plan_task_facts(session: Session, plan_id: int) -> tuple[list[TaskFacts], dict[int, str]]:
    """The current tasks of a plan with departments and latest report status, and department id → name.

    Four queries whatever the number of tasks. "Latest" is by time of writing, as `task_state` reads it.
    """
    tasks = list(
        session.execute(
            select(TaskRow.id, TaskRow.title, TaskRow.text, TaskRow.line_start, TaskRow.lead_department_id)
            .where(TaskRow.plan_id == plan_id, TaskRow.revision_id.in_(current_revision_ids()))
            .order_by(TaskRow.line_start, TaskRow.id)
        )
    )
    ids = [t.id for t in tasks]
    supporting: dict[int, list[int]] = {}
    latest: dict[int, ReportStatus] = {}
    if ids:
        for task_id, department_id in session.execute(
            select(TaskDepartmentRow.task_id, TaskDepartmentRow.department_id)
            .where(TaskDepartmentRow.task_id.in_(ids))
            .order_by(TaskDepartmentRow.task_id, TaskDepartmentRow.position)
        ):
            supporting.setdefault(task_id, []).append(department_id)
        for task_id, status in session.execute(
            select(ProgressReportRow.task_id, ProgressReportRow.status)
            .where(ProgressReportRow.task_id.in_(ids))
            .order_by(ProgressReportRow.created_at, ProgressReportRow.id)
        ):
            latest[task_id] = status
    names = {i: name for i, name in session.execute(select(DepartmentRow.id, DepartmentRow.name))}
    facts = [
        TaskFacts(
            task_id=t.id,
            title=t.title,
            excerpt=_excerpt(t.text),
            line_start=t.line_start,
            lead_id=t.lead_department_id,
            supporting_ids=tuple(supporting.get(t.id, ())),
            latest_status=latest.get(t.id),
        )
        for t in tasks
    ]
    return facts, names


def _excerpt(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# --- recent changes --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    """Consecutive history rows of one row by one author written together: one thing a person did.

    `fields` maps each changed field to (old, new); `changed_at` is the time of the newest of the rows.
    """

    table: str
    row_id: int
    changed_by: str
    changed_at: datetime
    fields: dict[str, tuple[str | None, str | None]]


def recent_plan_changes(
    session: Session, plan_id: int, *, limit: int, scan: int = 400, window: int = HISTORY_WINDOW
) -> list[ChangeEvent]:
    """The latest changes people made to a plan's figures, choices, breaks, owners and task reports.

    The cost is bounded whatever the size of the history: only the newest `window` history rows are
    considered, each table's rows are found through the (table, row) index, and at most `scan` rows of
    the plan (newest first, the importer's excluded) are read. Deleted observations are found by the
    indicator their deletion recorded. Account and department changes are not a plan's news and are
    left out; the audit log has everything.
    """
    ch = ChangeHistoryRow
    newest = session.scalar(select(func.max(ch.id)))
    if newest is None:
        return []
    recent = ch.id > newest - window
    indicators = select(IndicatorRow.id).where(IndicatorRow.plan_id == plan_id)
    plan_indicator_ids = [str(i) for i in session.scalars(indicators)]
    deleted_observations = select(ch.row_id).where(
        recent,
        ch.table_name == "observations",
        ch.field == "indicator_id",
        ch.new_value.is_(None),
        ch.old_value.in_(plan_indicator_ids),
    )

    def rows_of(table: str, ids: Select[int]) -> ColumnElement[bool]:
        return and_(ch.table_name == table, ch.row_id.in_(ids))

    belongs = or_(
        rows_of("observations", select(ObservationRow.id).where(ObservationRow.indicator_id.in_(indicators))),
        rows_of("observations", deleted_observations),
        rows_of(
            "observation_choices",
            select(ObservationChoiceRow.id).where(ObservationChoiceRow.indicator_id.in_(indicators)),
        ),
        rows_of(
            "definition_breaks",
            select(DefinitionBreakRow.id).where(DefinitionBreakRow.indicator_id.in_(indicators)),
        ),
        rows_of("indicators", indicators),
        rows_of(
            "indicator_name_mappings",
            select(IndicatorNameMappingRow.id).where(IndicatorNameMappingRow.plan_id == plan_id),
        ),
        rows_of(
            "progress_reports",
            select(ProgressReportRow.id)
            .join(TaskRow, TaskRow.id == ProgressReportRow.task_id)
            .where(TaskRow.plan_id == plan_id),
        ),
    )
    rows = session.execute(
        select(ch.table_name, ch.row_id, ch.field, ch.old_value, ch.new_value, ch.changed_by, ch.changed_at)
        .where(recent, ch.changed_by != IMPORTER, belongs)
        .order_by(ch.id.desc())
        .limit(scan)
    )
    events: list[ChangeEvent] = []
    for row in rows:
        last = events[-1] if events else None
        if (
            last is not None
            and (last.table, last.row_id, last.changed_by) == (row.table_name, row.row_id, row.changed_by)
            and row.field not in last.fields
            and (row.field == "review") == ("review" in last.fields)  # a review is an action of its own
            and abs((last.changed_at - row.changed_at).total_seconds()) <= SAME_ACTION_SECONDS
        ):
            last.fields[row.field] = (row.old_value, row.new_value)
            continue
        if len(events) == limit:
            break
        events.append(
            ChangeEvent(
                table=row.table_name,
                row_id=row.row_id,
                changed_by=row.changed_by,
                changed_at=row.changed_at,
                fields={row.field: (row.old_value, row.new_value)},
            )
        )
    return events


@dataclass(frozen=True, slots=True)
class ChangeContext:
    """Names to describe changes with: observations (indicator id, year, value, unit), indicators, tasks."""

    observations: dict[int, tuple[int, int, float, str, Qualifier]]  # indicator, year, value, unit, qualifier
    choices: dict[int, tuple[int, int]]  # choice id → indicator id, year
    breaks: dict[int, tuple[int, int]]  # break id → indicator id, comparable_from
    mappings: dict[int, tuple[str, int]]  # mapping id → external name, indicator id
    reports: dict[int, int]  # report id → task id
    indicator_names: dict[int, str]
    task_titles: dict[int, str]


def change_context(session: Session, events: Sequence[ChangeEvent]) -> ChangeContext:
    """The rows the events refer to, looked up in one query per table."""

    def ids(table: str) -> list[int]:
        return sorted({e.row_id for e in events if e.table == table})

    observations = {
        r.id: (r.indicator_id, r.year, r.value, r.unit, r.qualifier)
        for r in session.execute(
            select(
                ObservationRow.id,
                ObservationRow.indicator_id,
                ObservationRow.year,
                ObservationRow.value,
                ObservationRow.unit,
                ObservationRow.qualifier,
            ).where(ObservationRow.id.in_(ids("observations")))
        )
    }
    choices = {
        i: (indicator_id, year)
        for i, indicator_id, year in session.execute(
            select(
                ObservationChoiceRow.id, ObservationChoiceRow.indicator_id, ObservationChoiceRow.year
            ).where(ObservationChoiceRow.id.in_(ids("observation_choices")))
        )
    }
    breaks = {
        i: (indicator_id, year)
        for i, indicator_id, year in session.execute(
            select(
                DefinitionBreakRow.id, DefinitionBreakRow.indicator_id, DefinitionBreakRow.comparable_from
            ).where(DefinitionBreakRow.id.in_(ids("definition_breaks")))
        )
    }
    mappings = {
        i: (name, indicator_id)
        for i, name, indicator_id in session.execute(
            select(
                IndicatorNameMappingRow.id,
                IndicatorNameMappingRow.external_name,
                IndicatorNameMappingRow.indicator_id,
            ).where(IndicatorNameMappingRow.id.in_(ids("indicator_name_mappings")))
        )
    }
    reports = {
        i: task_id
        for i, task_id in session.execute(
            select(ProgressReportRow.id, ProgressReportRow.task_id).where(
                ProgressReportRow.id.in_(ids("progress_reports"))
            )
        )
    }
    indicator_ids: set[int] = {v[0] for v in observations.values()}
    indicator_ids |= {v[0] for v in choices.values()} | {v[0] for v in breaks.values()}
    indicator_ids |= {v[1] for v in mappings.values()} | set(ids("indicators"))
    for event in events:  # a deleted observation names its indicator in its history
        for named in event.fields.get("indicator_id", (None, None)):
            if event.table == "observations" and named is not None and named.isdigit():
                indicator_ids.add(int(named))
    names = {
        i: name
        for i, name in session.execute(
            select(IndicatorRow.id, IndicatorRow.name).where(IndicatorRow.id.in_(sorted(indicator_ids)))
        )
    }
    titles = {
        i: title
        for i, title in session.execute(
            select(TaskRow.id, TaskRow.title).where(TaskRow.id.in_(sorted(set(reports.values()))))
        )
    }
    return ChangeContext(observations, choices, breaks, mappings, reports, names, titles)


def display_names(session: Session, usernames: Iterable[str]) -> dict[str, str]:
    """username → display name for the accounts among `usernames` (others, like "root", are absent)."""
    names = sorted(set(usernames))
    if not names:
        return {}
    rows = session.execute(select(UserRow.username, UserRow.display_name).where(UserRow.username.in_(names)))
    return {username: display for username, display in rows}
