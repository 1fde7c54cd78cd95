"""Reading a stored plan into `compare.model.PlanFacts`: indicators with figures, clauses, projects.

The figures are those the monitoring layer counts (`PlanEvaluator`: user choices, the default rule,
the same series under another name or in another plan of the same area), so a comparison and the
status page agree on what was achieved.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy.orm import Session

from planwatch.compare.model import ClauseFacts, Figure, IndicatorFacts, PlanFacts
from planwatch.domain.plan import NodeKind
from planwatch.domain.records import ObservationStatus, ReportStatus
from planwatch.services.projects import plan_projects
from planwatch.services.status import PlanEvaluator
from planwatch.store.dashboard_queries import current_definitions, departments_of_indicators, plan_task_facts
from planwatch.store.outline import NoteOut, RevisionChoice, choose_revision, revision_nodes, revision_notes
from planwatch.store.views import NodeOut, PlanSummary

CLAUSE_KINDS = (NodeKind.SECTION, NodeKind.SUBSECTION, NodeKind.ITEM, NodeKind.SUBITEM)
# Headings of background parts: what happened and why, not what the plan will do.
_BACKGROUND = re.compile(r"回顾|概况|成就|形势|态势|机遇|挑战|指导思想|基本原则|发展目标|总体要求")
_PROJECT_PARENT = re.compile(r"工程|专项|重点项目")
# Headings that are parts of a project, not projects: 发展目标, 建设内容 …
_PROJECT_PART = re.compile(r"^(发展|建设|主要)?(目标|重点|内容|任务|措施)$")


def _note_units(notes: Sequence[NoteOut]) -> tuple[str, ...]:
    names: list[str] = []
    for note in notes:
        if note.lead is not None:
            names.append(note.lead.name)
        names.extend(u.name for u in note.supporting)
    return tuple(dict.fromkeys(names))


def _path(node: NodeOut, by_id: dict[int, NodeOut]) -> str:
    parts: list[str] = []
    current: NodeOut | None = node
    while current is not None and len(parts) < 20:
        label = f"{current.marker} {current.title}".strip()
        if label:
            parts.append(label)
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return " > ".join(reversed(parts))


def plan_facts(
    session: Session, plan: PlanSummary, plans: Sequence[PlanSummary], *, year: int | None = None
) -> PlanFacts:
    """The facts of a plan's current revision, with figures as counted as of `year` (default: its end)."""
    as_of = year if year is not None else (plan.period_end or plan.period_start or 0)
    evaluator = PlanEvaluator(session, plan, as_of, plans=plans)
    evaluations = evaluator.evaluate_all()
    definitions, targets = current_definitions(session, plan.id)
    choice = choose_revision(session, plan.id)
    nodes = revision_nodes(session, choice.revision.id)
    notes = revision_notes(session, choice.revision.id)
    notes_by_node: dict[int, list[NoteOut]] = {}
    for note in notes:
        if note.node_id is not None:
            notes_by_node.setdefault(note.node_id, []).append(note)
    by_id = {n.id: n for n in nodes}
    node_of = {d.id: d.node_id for d in definitions}
    for t in targets:
        if t.indicator_id is not None:
            node_of.setdefault(t.indicator_id, t.node_id)
    node_by_metric = {t.metric: t.node_id for t in targets}
    owners = departments_of_indicators(
        session, [e.status.indicator_id for e in evaluations if e.status.indicator_id]
    )
    indicators: list[IndicatorFacts] = []
    for e in evaluations:
        row = e.status
        node_id = (
            node_of.get(row.indicator_id) if row.indicator_id is not None else node_by_metric.get(row.name)
        )
        units = list(owners.get(row.indicator_id, [])) if row.indicator_id is not None else []
        if node_id is not None:
            node = by_id.get(node_id)
            related = [node_id] + (
                [node.parent_id] if node is not None and node.parent_id is not None else []
            )
            for nid in related:
                units.extend(_note_units(notes_by_node.get(nid, [])))
        figures = tuple(
            Figure(
                f.observation.year,
                f.observation.value,
                f.observation.status is ObservationStatus.ESTIMATE,
                f.observation.source,
            )
            for f in sorted(e.figures, key=lambda f: f.observation.year)
        )
        indicators.append(
            IndicatorFacts(
                ref=f"i{row.indicator_id}" if row.indicator_id is not None else f"n{row.name}",
                indicator_id=row.indicator_id,
                name=row.name,
                unit=row.unit,
                kind=row.kind,
                attribute=e.attribute,
                comparator=row.comparator,
                baseline_year=row.baseline_year,
                baseline_value=row.baseline_value,
                baseline_text=row.baseline_text,
                target_year=row.target_year,
                target_value=row.target_value,
                target_text=row.target_text,
                units=tuple(dict.fromkeys(units)),
                line_start=e.line_start,
                line_end=e.line_end,
                figures=figures,
                status=row.status.label,
                notes=row.notes,
            )
        )
    task_facts, _names = plan_task_facts(session, plan.id)
    latest = {t.task_id: t.latest_status for t in task_facts}
    ended = plan.period_end is not None and as_of >= plan.period_end
    clauses = _clauses(nodes, by_id, notes_by_node, latest, ended)
    projects = _projects(choice, nodes, notes, by_id, notes_by_node)
    return PlanFacts(
        plan_id=plan.id,
        title=plan.title,
        period_start=plan.period_start,
        period_end=plan.period_end,
        period_label=plan.period_label,
        indicators=tuple(indicators),
        clauses=tuple(clauses),
        projects=tuple(projects),
    )


def _clauses(
    nodes: Sequence[NodeOut],
    by_id: dict[int, NodeOut],
    notes_by_node: dict[int, list[NoteOut]],
    latest: dict[int, ReportStatus | None],
    ended: bool,
) -> list[ClauseFacts]:
    children: dict[int, list[NodeOut]] = {}
    for node in nodes:
        if node.parent_id is not None:
            children.setdefault(node.parent_id, []).append(node)
    result: list[ClauseFacts] = []
    for node in nodes:
        if node.kind not in CLAUSE_KINDS or not node.title.strip():
            continue
        if any(c.kind in CLAUSE_KINDS for c in children.get(node.id, [])):
            continue  # only the lowest headings: parents and children would compete for the same match
        path = _path(node, by_id)
        if _BACKGROUND.search(path):
            continue
        paragraphs = [c for c in children.get(node.id, []) if c.kind is NodeKind.PARAGRAPH]
        text = "\n".join([node.text, *(p.text for p in paragraphs)]).strip()
        own_notes = [n for nid in [node.id, *(p.id for p in paragraphs)] for n in notes_by_node.get(nid, [])]
        task_id = next((n.task_id for n in own_notes if n.task_id is not None), None)
        status = latest.get(task_id) if task_id is not None else None
        end = max([node.line_end, *(p.line_end for p in paragraphs)])
        result.append(
            ClauseFacts(
                node_id=node.id,
                title=f"{node.marker} {node.title}".strip(),
                text=text,
                path=path,
                units=_note_units(own_notes),
                task_id=task_id,
                lagging=status is ReportStatus.LAGGING,
                overdue=ended and status is not None and status is not ReportStatus.DONE,
                line_start=node.line_start,
                line_end=end,
            )
        )
    return result


def _projects(
    choice: RevisionChoice,
    nodes: Sequence[NodeOut],
    notes: Sequence[NoteOut],
    by_id: dict[int, NodeOut],
    notes_by_node: dict[int, list[NoteOut]],
) -> list[ClauseFacts]:
    """Box entries; a plan without boxes names its projects as items under a 工程/专项 heading."""
    if any(n.kind is NodeKind.BOX for n in nodes):
        _boxes, projects = plan_projects(choice, nodes, notes)
        return [
            ClauseFacts(
                node_id=p.id,
                title=p.name,
                text=p.text,
                path=f"{p.box_marker} {p.box_title}".strip(),
                units=_note_units(p.notes),
                line_start=p.line_start,
                line_end=p.line_end,
            )
            for p in projects
        ]
    children: dict[int, list[NodeOut]] = {}
    for node in nodes:
        if node.parent_id is not None:
            children.setdefault(node.parent_id, []).append(node)

    def depth(node: NodeOut) -> int:
        level, current = 0, node
        while current.parent_id is not None and current.parent_id in by_id and level < 50:
            level, current = level + 1, by_id[current.parent_id]
        return level

    parents = sorted(
        (n for n in nodes if n.kind in CLAUSE_KINDS and _PROJECT_PARENT.search(n.title)),
        key=lambda n: (-depth(n), n.line_start),
    )
    found: list[tuple[int, ClauseFacts]] = []
    inside: set[int] = set()  # nodes within a project: its parts, not projects
    holders: set[int] = set()  # ancestors of a project: groups of projects, not projects
    for parent in parents:
        for item in children.get(parent.id, []):
            title = item.title.strip()
            if item.kind not in CLAUSE_KINDS or not title or _PROJECT_PART.search(title):
                continue
            if item.id in inside or item.id in holders:
                continue
            texts = [item.text]
            stack = list(children.get(item.id, []))
            end = item.line_end
            while stack:
                child = stack.pop(0)
                inside.add(child.id)
                texts.append(f"{child.title} {child.text}".strip())
                end = max(end, child.line_end)
                stack.extend(children.get(child.id, []))
            ancestor = by_id.get(item.parent_id) if item.parent_id is not None else None
            while ancestor is not None and ancestor.id not in holders:
                holders.add(ancestor.id)
                ancestor = by_id.get(ancestor.parent_id) if ancestor.parent_id is not None else None
            found.append(
                (
                    item.line_start,
                    ClauseFacts(
                        node_id=item.id,
                        title=title,
                        text="\n".join(t for t in texts if t),
                        path=_path(item, by_id),
                        units=_note_units(notes_by_node.get(item.id, [])),
                        line_start=item.line_start,
                        line_end=end,
                    ),
                )
            )
    found.sort(key=lambda f: f[0])
    return [f for _, f in found]
