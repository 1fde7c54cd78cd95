"""Reading a plan revision as a document: its outline and every fact placed on it, in a few queries.

The outline page of a large plan shows hundreds of clauses, each with its responsibility notes,
indicators, targets and past figures. Everything here loads one kind of fact for a whole revision at
once (never per node), so the page costs the same handful of queries for any plan size.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from planwatch.domain.plan import NodeKind, Role
from planwatch.domain.records import ObservationOrigin
from planwatch.store.errors import NotFoundError
from planwatch.store.models import (
    DepartmentRow,
    IndicatorDefinitionRow,
    IndicatorRow,
    NodeRow,
    ObservationRow,
    PlanRevisionRow,
    PlanRow,
    ResponsibilityRow,
    TargetRow,
    TaskDepartmentRow,
    TaskRow,
)
from planwatch.store.plans import indicator_out, node_out, revision_out, summary_out, target_out
from planwatch.store.views import IndicatorOut, NodeOut, PlanSummary, RevisionOut, TargetOut

# How save_plan cites a past figure: 《title》第12-15行
_CITED_LINES = re.compile(r"第(\d+)-(\d+)行$")


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A department named in a responsibility note, as resolved to a stored department."""

    name: str
    department_id: int | None
    role: Role
    lead: bool


@dataclass(frozen=True, slots=True)
class NoteOut:
    """A responsibility note on a clause, with the task it became and its resolved departments."""

    id: int
    node_id: int | None
    task_id: int | None
    role: Role
    text: str
    remark: str | None
    lead: UnitRef | None
    supporting: tuple[UnitRef, ...]
    line_start: int
    line_end: int


@dataclass(frozen=True, slots=True)
class PlanFigureOut:
    """A figure about the past that the plan states (stored as an observation citing the plan)."""

    observation_id: int
    indicator_id: int
    metric: str
    year: int
    value: float
    unit: str
    sentence: str
    revision_id: int | None
    line_start: int | None  # None when the citation carries no line numbers
    line_end: int | None


@dataclass(frozen=True, slots=True)
class RevisionContent:
    """One revision's outline and facts, in document order."""

    choice: RevisionChoice
    nodes: tuple[NodeOut, ...]
    indicators: tuple[IndicatorOut, ...]
    targets: tuple[TargetOut, ...]
    notes: tuple[NoteOut, ...]
    figures: tuple[PlanFigureOut, ...]


@dataclass(frozen=True, slots=True)
class RevisionCounts:
    """How much a revision holds, for plan lists."""

    nodes: int = 0
    chapters: int = 0
    boxes: int = 0
    indicators: int = 0
    targets: int = 0
    tasks: int = 0


@dataclass(frozen=True, slots=True)
class RevisionChoice:
    """A plan, all its revisions (oldest first) and the one asked for."""

    plan: PlanSummary
    revisions: tuple[RevisionOut, ...]
    revision: RevisionOut
    line_count: int


def choose_revision(session: Session, plan_id: int, revision_id: int | None = None) -> RevisionChoice:
    """The plan with its revisions and the revision asked for (default: the current, i.e. latest)."""
    plan_row = session.get(PlanRow, plan_id)
    if plan_row is None:
        raise NotFoundError(f"找不到编号为 {plan_id} 的规划，请先在“全部规划”中查看已导入的规划。")
    revisions = list(
        session.scalars(
            select(PlanRevisionRow).where(PlanRevisionRow.plan_id == plan_id).order_by(PlanRevisionRow.number)
        )
    )
    if not revisions:
        raise NotFoundError(f"规划“{plan_row.title}”还没有导入任何版本，请重新导入规划文件。")
    chosen = revisions[-1]
    if revision_id is not None:
        found = next((r for r in revisions if r.id == revision_id), None)
        if found is None:
            raise NotFoundError(
                f"规划“{plan_row.title}”没有编号为 {revision_id} 的版本，请去掉 revision 参数查看当前版本。"
            )
        chosen = found
    return RevisionChoice(
        plan=summary_out(plan_row, revisions),
        revisions=tuple(revision_out(r) for r in revisions),
        revision=revision_out(chosen),
        line_count=chosen.source_line_count,
    )


def revision_nodes(session: Session, revision_id: int) -> list[NodeOut]:
    """The outline of a revision in document order."""
    rows = session.scalars(
        select(NodeRow).where(NodeRow.revision_id == revision_id).order_by(NodeRow.position)
    )
    return [node_out(row) for row in rows]


def revision_content(session: Session, plan_id: int, revision_id: int | None = None) -> RevisionContent:
    """The outline and all facts of one revision of a plan (default: the current revision)."""
    choice = choose_revision(session, plan_id, revision_id)
    chosen = choice.revision.id
    definitions = session.execute(
        select(IndicatorDefinitionRow, IndicatorRow.name)
        .join(IndicatorRow, IndicatorRow.id == IndicatorDefinitionRow.indicator_id)
        .where(IndicatorDefinitionRow.revision_id == chosen)
        .order_by(IndicatorDefinitionRow.origin, IndicatorDefinitionRow.position)
    )
    targets = session.scalars(
        select(TargetRow).where(TargetRow.revision_id == chosen).order_by(TargetRow.position)
    )
    return RevisionContent(
        choice=choice,
        nodes=tuple(revision_nodes(session, chosen)),
        indicators=tuple(indicator_out(d, name) for d, name in definitions),
        targets=tuple(target_out(t) for t in targets),
        notes=tuple(revision_notes(session, chosen)),
        figures=tuple(plan_figures(session, plan_id)),
    )


def revision_notes(session: Session, revision_id: int) -> list[NoteOut]:
    """The responsibility notes of a revision with their tasks' lead and supporting departments."""
    notes = list(
        session.scalars(
            select(ResponsibilityRow)
            .where(ResponsibilityRow.revision_id == revision_id)
            .order_by(ResponsibilityRow.position)
        )
    )
    task_ids = {n.task_id for n in notes if n.task_id is not None}
    leads: dict[int, int | None] = {}
    supporting: dict[int, list[tuple[int, Role]]] = {}
    if task_ids:
        leads = {
            i: lead
            for i, lead in session.execute(
                select(TaskRow.id, TaskRow.lead_department_id).where(TaskRow.id.in_(task_ids))
            )
        }
        for task_id, department_id, role in session.execute(
            select(TaskDepartmentRow.task_id, TaskDepartmentRow.department_id, TaskDepartmentRow.role)
            .where(TaskDepartmentRow.task_id.in_(task_ids))
            .order_by(TaskDepartmentRow.task_id, TaskDepartmentRow.position)
        ):
            supporting.setdefault(task_id, []).append((department_id, role))
    names = {i: name for i, name in session.execute(select(DepartmentRow.id, DepartmentRow.name))}
    out: list[NoteOut] = []
    for note in notes:
        lead: UnitRef | None = None
        others: tuple[UnitRef, ...] = ()
        if note.task_id is not None:
            lead_id = leads.get(note.task_id)
            if lead_id is not None and lead_id in names:
                lead = UnitRef(names[lead_id], lead_id, Role.LEAD, True)
            others = tuple(
                UnitRef(names[d], d, role, False)
                for d, role in supporting.get(note.task_id, [])
                if d in names
            )
        elif note.units:  # not linked to a task: show the units as written
            lead = UnitRef(note.lead or note.units[0], None, Role.LEAD, True)
            others = tuple(UnitRef(u, None, note.role, False) for u in note.units if u != lead.name)
        out.append(
            NoteOut(
                id=note.id,
                node_id=note.node_id,
                task_id=note.task_id,
                role=note.role,
                text=note.text,
                remark=note.remark,
                lead=lead,
                supporting=others,
                line_start=note.line_start,
                line_end=note.line_end,
            )
        )
    return out


def plan_figures(session: Session, plan_id: int) -> list[PlanFigureOut]:
    """Past figures the plan's revisions state, as stored observations citing the plan."""
    rows = session.execute(
        select(ObservationRow, IndicatorRow.name)
        .join(IndicatorRow, IndicatorRow.id == ObservationRow.indicator_id)
        .where(IndicatorRow.plan_id == plan_id, ObservationRow.origin == ObservationOrigin.PLAN)
        .order_by(ObservationRow.id)
    )
    out: list[PlanFigureOut] = []
    for obs, name in rows:
        match = _CITED_LINES.search(obs.source or "")
        out.append(
            PlanFigureOut(
                observation_id=obs.id,
                indicator_id=obs.indicator_id,
                metric=name,
                year=obs.year,
                value=obs.value,
                unit=obs.unit,
                sentence=obs.source_quote or "",
                revision_id=obs.revision_id,
                line_start=int(match.group(1)) if match else None,
                line_end=int(match.group(2)) if match else None,
            )
        )
    return out


def revision_counts(session: Session, revision_ids: Sequence[int]) -> dict[int, RevisionCounts]:
    """Counts of nodes, chapters, boxes, indicators, targets and tasks for each revision."""
    if not revision_ids:
        return {}
    ids = list(revision_ids)

    def grouped(column: InstrumentedAttribute[int], *where: ColumnElement[bool]) -> dict[int, int]:
        query = select(column, func.count()).where(*where).group_by(column)
        return {int(k): int(v) for k, v in session.execute(query)}

    nodes = grouped(NodeRow.revision_id, NodeRow.revision_id.in_(ids))
    chapters = grouped(NodeRow.revision_id, NodeRow.revision_id.in_(ids), NodeRow.kind == NodeKind.CHAPTER)
    boxes = grouped(NodeRow.revision_id, NodeRow.revision_id.in_(ids), NodeRow.kind == NodeKind.BOX)
    indicators = grouped(IndicatorDefinitionRow.revision_id, IndicatorDefinitionRow.revision_id.in_(ids))
    targets = grouped(TargetRow.revision_id, TargetRow.revision_id.in_(ids))
    tasks = {
        int(k): int(v)
        for k, v in session.execute(
            select(ResponsibilityRow.revision_id, func.count(func.distinct(ResponsibilityRow.task_id)))
            .where(ResponsibilityRow.revision_id.in_(ids))
            .group_by(ResponsibilityRow.revision_id)
        )
    }
    return {
        rid: RevisionCounts(
            nodes=nodes.get(rid, 0),
            chapters=chapters.get(rid, 0),
            boxes=boxes.get(rid, 0),
            indicators=indicators.get(rid, 0),
            targets=targets.get(rid, 0),
            tasks=tasks.get(rid, 0),
        )
        for rid in ids
    }
