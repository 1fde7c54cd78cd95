"""Saving and reading plans: outline, indicators, targets, past figures and tasks of each revision.

A plan is identified by its title and period. Importing a document whose sha256 is already stored does
nothing; a different document with the same title and period becomes the next revision (动态调整), and
the highest revision number is current. Everything is added to the caller's session; nothing commits.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch.domain.plan import (
    IndicatorKind,
    Node,
    PastFigure,
    Plan,
    Responsibility,
    Role,
    Target,
)
from planwatch.domain.records import IndicatorOrigin, ObservationOrigin, ObservationStatus, Qualifier
from planwatch.store.departments import resolve_department
from planwatch.store.errors import NotFoundError
from planwatch.store.history import record_creation
from planwatch.store.models import (
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
    utcnow,
)
from planwatch.store.plan_period import drop_periodless_copy
from planwatch.store.sources import save_revision_lines
from planwatch.store.tasks import task_outs
from planwatch.store.views import (
    IndicatorOut,
    NodeOut,
    PlanDetail,
    PlanSummary,
    RevisionOut,
    SaveResult,
    TargetOut,
)

logger = logging.getLogger(__name__)

IMPORTER = "import"
_SCOPE = re.compile(r"^(.{1,10}?(?:自治区|特别行政区|省|市))")
_LOWER_WORDS = ("突破", "超过", "以上", "不低于", "逾")
_APPROX_WORDS = ("左右", "约", "近")


def scope_from_title(title: str) -> str | None:
    """The plan's own area from its title prefix: 武汉市科技创新发展“十四五”规划 → 武汉市.

    Only a prefix ending in 省/市/自治区 counts; anything else returns None (the caller may set it).
    """
    match = _SCOPE.match(title.strip())
    return match.group(1) if match else None


def indicator_name_key(name: str) -> str:
    """A name reduced for matching: NFKC, no spaces, quotes or a trailing unit in brackets (（%）)."""
    folded = unicodedata.normalize("NFKC", name).strip()
    folded = re.sub(r"[（(][^）)]*[）)]$", "", folded)
    return re.sub(r"[\s“”\"'：:]", "", folded)


def _identity_key(title: str, start: int | None, end: int | None) -> str:
    period = f"{start}-{end}" if start is not None else ""
    return f"{title.strip()}|{period}"


def find_plan(session: Session, title: str, start: int | None, end: int | None) -> PlanRow | None:
    """The plan with this title and period, if stored."""
    return session.scalar(select(PlanRow).where(PlanRow.identity_key == _identity_key(title, start, end)))


def save_plan(session: Session, plan: Plan, *, scope: str | None = None, who: str = IMPORTER) -> SaveResult:
    """Store `plan` as a new revision, or do nothing if its document (sha256) is already stored.

    `scope` is the plan's own area for choosing observations; by default it comes from the title.
    Past figures become observations with origin "plan" citing the plan's title and lines. When the
    plan has no indicator table, its in-text targets also become indicators (origin "text_target"); with a
    table, so do the in-text targets that no table row measures.
    """
    existing = session.scalar(
        select(PlanRevisionRow).where(PlanRevisionRow.source_sha256 == plan.source.sha256).limit(1)
    )
    if existing is not None and (plan.period is None or existing.plan.period_start is not None):
        logger.info("document %s already stored as revision %s", plan.source.sha256[:12], existing.id)
        return SaveResult(existing.plan_id, existing.id, False)
    if existing is not None:  # the same document, now with the period the user gave
        drop_periodless_copy(session, existing.plan_id)

    start = plan.period.start if plan.period else None
    end = plan.period.end if plan.period else None
    plan_row = find_plan(session, plan.title, start, end)
    if plan_row is None:
        plan_row = PlanRow(
            identity_key=_identity_key(plan.title, start, end),
            title=plan.title.strip(),
            period_start=start,
            period_end=end,
            period_label=plan.period.label if plan.period else None,
            scope=scope or scope_from_title(plan.title),
            created_at=utcnow(),
        )
        session.add(plan_row)
        session.flush()
    elif scope:
        plan_row.scope = scope
    number = (
        session.scalar(select(func.max(PlanRevisionRow.number)).where(PlanRevisionRow.plan_id == plan_row.id))
        or 0
    ) + 1
    notice = plan.notice
    revision = PlanRevisionRow(
        plan_id=plan_row.id,
        number=number,
        notice_doc_number=notice.doc_number if notice else None,
        notice_date=notice.date if notice else None,
        notice_title=notice.title if notice else None,
        notice_issuer=notice.issuer if notice else None,
        source_path=plan.source.path,
        source_sha256=plan.source.sha256,
        source_format=plan.source.format,
        source_encoding=plan.source.encoding,
        source_line_count=plan.source.line_count,
        warnings=list(plan.warnings),
        imported_at=utcnow(),
    )
    session.add(revision)
    session.flush()
    if plan.source.lines:
        save_revision_lines(session, revision.id, plan.source.lines)

    nodes = _save_nodes(session, revision.id, plan.nodes)
    writer = _RevisionWriter(session, plan_row, revision, nodes, plan, who)
    writer.save_indicators()
    writer.save_targets()
    writer.save_past_figures()
    writer.save_tasks()
    session.flush()
    logger.info(
        "stored %s revision %s: %d nodes, %d indicators, %d targets, %d responsibilities",
        plan.title,
        number,
        len(plan.nodes),
        len(plan.indicators),
        len(plan.targets),
        len(plan.responsibilities),
    )
    return SaveResult(plan_row.id, revision.id, True)


def _save_nodes(session: Session, revision_id: int, nodes: Sequence[Node]) -> dict[str, NodeRow]:
    """Insert the outline in document order, then link parents (a parent may follow its child)."""
    rows: dict[str, NodeRow] = {}
    for position, node in enumerate(nodes):
        row = NodeRow(
            revision_id=revision_id,
            node_key=node.id,
            position=position,
            kind=node.kind,
            marker=node.marker,
            number=node.number,
            title=node.title,
            text=node.text,
            line_start=node.lines.start,
            line_end=node.lines.end,
        )
        rows[node.id] = row
    session.add_all(rows.values())
    session.flush()
    for node in nodes:
        if node.parent is not None and node.parent in rows:
            rows[node.id].parent_id = rows[node.parent].id
        elif node.parent is not None:
            logger.warning("node %s names unknown parent %s; stored at the top", node.id, node.parent)
    session.flush()
    return rows


class _RevisionWriter:
    """Writes the facts of one revision; keeps the lookups (nodes, indicators) the steps share."""

    def __init__(
        self,
        session: Session,
        plan_row: PlanRow,
        revision: PlanRevisionRow,
        nodes: dict[str, NodeRow],
        plan: Plan,
        who: str,
    ) -> None:
        self.session = session
        self.plan_row = plan_row
        self.revision = revision
        self.nodes = nodes
        self.plan = plan
        self.who = who
        self.indicators: dict[str, IndicatorRow] = {
            indicator_name_key(row.name): row
            for row in session.scalars(select(IndicatorRow).where(IndicatorRow.plan_id == plan_row.id))
        }
        self.defined: set[int] = set()

    def _node_id(self, key: str) -> int | None:
        row = self.nodes.get(key)
        return row.id if row is not None else None

    def indicator(self, name: str) -> IndicatorRow:
        """The plan's series called `name` (compared without spaces and unit brackets), created if new."""
        key = indicator_name_key(name)
        row = self.indicators.get(key)
        if row is None:
            row = IndicatorRow(plan_id=self.plan_row.id, name=name.strip(), created_at=utcnow())
            self.session.add(row)
            self.session.flush()
            self.indicators[key] = row
        return row

    def save_indicators(self) -> None:
        for position, ind in enumerate(self.plan.indicators):
            row = self.indicator(ind.name)
            if row.id in self.defined:
                logger.warning("indicator %s listed twice in the table; the first row is kept", ind.name)
                continue
            self.defined.add(row.id)
            self.session.add(
                IndicatorDefinitionRow(
                    indicator_id=row.id,
                    revision_id=self.revision.id,
                    position=position,
                    unit=ind.unit,
                    attribute=ind.attribute,
                    kind=ind.kind,
                    baseline_year=ind.baseline.year,
                    baseline_value=ind.baseline.value,
                    baseline_high=ind.baseline.high,
                    baseline_text=ind.baseline.text,
                    target_year=ind.target.year,
                    target_value=ind.target.value,
                    target_high=ind.target.high,
                    target_text=ind.target.text,
                    comparator=ind.comparator,
                    origin=IndicatorOrigin.TABLE,
                    node_id=self._node_id(ind.node),
                    line_start=ind.lines.start,
                    line_end=ind.lines.end,
                )
            )

    def save_targets(self) -> None:
        """Store targets; a target no table row measures (or every target, without a table) defines an indicator."""
        from_targets = not self.plan.indicators
        for position, target in enumerate(self.plan.targets):
            indicator_id: int | None = None
            known = None if from_targets else self.indicators.get(indicator_name_key(target.metric))
            if known is not None:
                indicator_id = known.id
            elif target.year is not None:
                # A target the table does not cover (国家重大科技基础设施 3个 in the text) is monitored
                # too, so it needs an indicator of its own to receive figures.
                indicator_id = self._define_from_target(target, position)
            self.session.add(
                TargetRow(
                    revision_id=self.revision.id,
                    indicator_id=indicator_id,
                    position=position,
                    metric=target.metric,
                    comparator=target.comparator,
                    value=target.value,
                    high=target.high,
                    value_text=target.value_text,
                    unit=target.unit,
                    year=target.year,
                    node_id=self._node_id(target.node),
                    sentence=target.sentence,
                    line_start=target.lines.start,
                    line_end=target.lines.end,
                )
            )

    def _define_from_target(self, target: Target, position: int) -> int:
        row = self.indicator(target.metric)
        if row.id in self.defined:
            return row.id
        self.defined.add(row.id)
        baseline = self._baseline_for(target.metric)
        kind = IndicatorKind.GROWTH if "年均" in target.metric and target.unit == "%" else IndicatorKind.LEVEL
        self.session.add(
            IndicatorDefinitionRow(
                indicator_id=row.id,
                revision_id=self.revision.id,
                position=position,
                unit=target.unit,
                attribute=None,
                kind=kind,
                baseline_year=baseline.year if baseline else None,
                baseline_value=baseline.value if baseline else None,
                baseline_high=None,
                baseline_text=baseline.value_text if baseline else "",
                target_year=target.year,
                target_value=target.value,
                target_high=target.high,
                target_text=target.value_text,
                comparator=target.comparator,
                origin=IndicatorOrigin.TEXT_TARGET,
                node_id=self._node_id(target.node),
                line_start=target.lines.start,
                line_end=target.lines.end,
            )
        )
        return row.id

    def _baseline_for(self, metric: str) -> PastFigure | None:
        """The plan's own figure for the base year (the year before the period) of the same metric."""
        if self.plan.period is None:
            return None
        key = indicator_name_key(metric)
        base_year = self.plan.period.start - 1
        for figure in self.plan.observations:
            if figure.year == base_year and indicator_name_key(figure.metric) == key:
                return figure
        return None

    def save_past_figures(self) -> None:
        """Past figures become observations citing the plan; a figure already stored is not repeated."""
        for figure in self.plan.observations:
            if figure.year is None:
                logger.info("past figure without a year skipped: %s", figure.sentence[:40])
                continue
            row = self.indicator(figure.metric)
            duplicate = self.session.scalar(
                select(ObservationRow.id)
                .where(
                    ObservationRow.indicator_id == row.id,
                    ObservationRow.year == figure.year,
                    ObservationRow.value == figure.value,
                    ObservationRow.origin == ObservationOrigin.PLAN,
                )
                .limit(1)
            )
            if duplicate is not None:
                continue
            obs = ObservationRow(
                indicator_id=row.id,
                year=figure.year,
                value=figure.value,
                unit=figure.unit,
                scope=self.plan_row.scope,
                source=f"《{self.plan_row.title}》第{figure.lines.start}-{figure.lines.end}行",
                source_quote=figure.sentence,
                status=ObservationStatus.FINAL,
                qualifier=_qualifier_from_wording(figure.value_text),
                note=None,
                origin=ObservationOrigin.PLAN,
                revision_id=self.revision.id,
                created_by=self.who,
                created_at=utcnow(),
            )
            self.session.add(obs)
            self.session.flush()
            record_creation(
                self.session,
                "observations",
                obs.id,
                {
                    "indicator_id": obs.indicator_id,
                    "year": obs.year,
                    "value": obs.value,
                    "origin": obs.origin,
                },
                self.who,
            )

    def save_tasks(self) -> None:
        """One task per responsibility note, matched to the plan's earlier tasks by fingerprint."""
        existing = {
            t.fingerprint: t
            for t in self.session.scalars(select(TaskRow).where(TaskRow.plan_id == self.plan_row.id))
        }
        by_key = {n.id: n for n in self.plan.nodes}
        seen: dict[str, int] = {}
        for position, resp in enumerate(self.plan.responsibilities):
            path = _heading_path(by_key, resp.node)
            base = f"{path}\n{resp.text}"
            seen[base] = seen.get(base, 0) + 1
            fingerprint = hashlib.sha256(f"{base}\n{seen[base]}".encode()).hexdigest()
            task = existing.get(fingerprint)
            if task is None:
                task = TaskRow(plan_id=self.plan_row.id, fingerprint=fingerprint)
                self.session.add(task)
                existing[fingerprint] = task
            node = by_key.get(resp.node)
            task.revision_id = self.revision.id
            task.node_id = self._node_id(resp.node)
            task.title = path
            # a task breakdown table's row names its task in a cell; a note's task is its node's text
            task.text = resp.task if resp.task else (node.text if node is not None else "")
            task.line_start = node.lines.start if node is not None else resp.lines.start
            task.line_end = resp.lines.end
            self.session.flush()
            self.session.add(
                ResponsibilityRow(
                    revision_id=self.revision.id,
                    task_id=task.id,
                    node_id=self._node_id(resp.node),
                    position=position,
                    heading=resp.heading,
                    role=resp.role,
                    units=list(resp.units),
                    lead=resp.lead,
                    remark=_remark_with_due(resp),
                    text=resp.text,
                    line_start=resp.lines.start,
                    line_end=resp.lines.end,
                )
            )
            self._link_departments(task, resp)

    def _link_departments(self, task: TaskRow, resp: Responsibility) -> None:
        """Lead: the explicit lead, else the first unit of a 责任单位/牵头单位 note; the rest support.

        Other units keep the note's role (co-responsible, co-lead, support, participant), because the
        plan's wording is the only evidence of how they share the work.
        """
        lead_name = resp.lead
        if lead_name is None and resp.role in (Role.RESPONSIBLE, Role.LEAD) and resp.units:
            lead_name = resp.units[0]
        lead = resolve_department(self.session, lead_name, who=self.who) if lead_name else None
        task.lead_department_id = lead.id if lead is not None else None
        task.supporting.clear()
        self.session.flush()
        linked: set[int] = {lead.id} if lead is not None else set()
        for unit in resp.units:
            dept = resolve_department(self.session, unit, who=self.who)
            if dept.id in linked:
                continue
            linked.add(dept.id)
            task.supporting.append(
                TaskDepartmentRow(department_id=dept.id, role=resp.role, position=len(linked))
            )
        self.session.flush()


def _remark_with_due(resp: Responsibility) -> str | None:
    """The stored remark, with the deadline (完成时限) appended: the store has no column of its own for it
    yet, and the remark is where a reader of the task list looks for such words."""
    if resp.due is None:
        return resp.remark
    due = f"完成时限：{resp.due.text}"
    return f"{resp.remark}；{due}" if resp.remark else due


def _heading_path(nodes: dict[str, Node], key: str) -> str:
    """Marker and title of the node and its ancestors, outermost first: 第二章 … > （一） …."""
    parts: list[str] = []
    current = nodes.get(key)
    guard = 0
    while current is not None and guard < 50:
        label = f"{current.marker} {current.title}".strip()
        if label:
            parts.append(label)
        current = nodes.get(current.parent) if current.parent else None
        guard += 1
    return " > ".join(reversed(parts))


def _qualifier_from_wording(text: str) -> Qualifier:
    """Bound or approximation from the plan's own wording of the value (突破…, …以上, 约…, …左右)."""
    if any(word in text for word in _LOWER_WORDS):
        return Qualifier.LOWER_BOUND
    if any(word in text for word in _APPROX_WORDS):
        return Qualifier.APPROXIMATE
    return Qualifier.EXACT


# --- reading ---------------------------------------------------------------------------------------


def revision_out(row: PlanRevisionRow) -> RevisionOut:
    return RevisionOut(
        id=row.id,
        number=row.number,
        notice_doc_number=row.notice_doc_number,
        notice_date=row.notice_date,
        notice_title=row.notice_title,
        source_path=row.source_path,
        source_sha256=row.source_sha256,
        source_format=row.source_format,
        source_encoding=row.source_encoding,
        imported_at=row.imported_at,
    )


def summary_out(row: PlanRow, revisions: Sequence[PlanRevisionRow]) -> PlanSummary:
    return PlanSummary(
        id=row.id,
        title=row.title,
        period_start=row.period_start,
        period_end=row.period_end,
        period_label=row.period_label,
        scope=row.scope,
        revision_count=len(revisions),
        current=revision_out(revisions[-1]),
    )


def current_revision_id(session: Session, plan_id: int) -> int | None:
    """The id of the plan's latest revision."""
    return session.scalar(
        select(PlanRevisionRow.id)
        .where(PlanRevisionRow.plan_id == plan_id)
        .order_by(PlanRevisionRow.number.desc())
        .limit(1)
    )


def list_plans(session: Session) -> list[PlanSummary]:
    """Every stored plan with its current revision, by period then title."""
    plans = list(session.scalars(select(PlanRow).order_by(PlanRow.period_start, PlanRow.title, PlanRow.id)))
    revisions: dict[int, list[PlanRevisionRow]] = {p.id: [] for p in plans}
    for rev in session.scalars(select(PlanRevisionRow).order_by(PlanRevisionRow.number)):
        revisions.setdefault(rev.plan_id, []).append(rev)
    return [summary_out(p, revisions[p.id]) for p in plans if revisions[p.id]]


def get_plan(session: Session, plan_id: int, *, revision_id: int | None = None) -> PlanDetail:
    """A plan with the outline, indicators, targets and tasks of one revision (default: the current)."""
    plan_row = session.get(PlanRow, plan_id)
    if plan_row is None:
        raise NotFoundError(f"找不到编号为 {plan_id} 的规划，请先查看规划列表。")
    revisions = list(
        session.scalars(
            select(PlanRevisionRow).where(PlanRevisionRow.plan_id == plan_id).order_by(PlanRevisionRow.number)
        )
    )
    chosen = revision_id if revision_id is not None else revisions[-1].id
    if chosen not in {r.id for r in revisions}:
        raise NotFoundError(f"规划“{plan_row.title}”没有编号为 {chosen} 的版本，请先查看该规划的版本列表。")
    nodes = session.scalars(select(NodeRow).where(NodeRow.revision_id == chosen).order_by(NodeRow.position))
    definitions = session.execute(
        select(IndicatorDefinitionRow, IndicatorRow.name)
        .join(IndicatorRow, IndicatorRow.id == IndicatorDefinitionRow.indicator_id)
        .where(IndicatorDefinitionRow.revision_id == chosen)
        .order_by(IndicatorDefinitionRow.origin, IndicatorDefinitionRow.position)
    )
    targets = session.scalars(
        select(TargetRow).where(TargetRow.revision_id == chosen).order_by(TargetRow.position)
    )
    in_revision = select(ResponsibilityRow.task_id).where(ResponsibilityRow.revision_id == chosen)
    task_rows = session.scalars(
        select(TaskRow).where(TaskRow.id.in_(in_revision)).order_by(TaskRow.line_start, TaskRow.id)
    )
    return PlanDetail(
        summary=summary_out(plan_row, revisions),
        revisions=tuple(revision_out(r) for r in revisions),
        nodes=tuple(node_out(n) for n in nodes),
        indicators=tuple(indicator_out(d, name) for d, name in definitions),
        targets=tuple(target_out(t) for t in targets),
        tasks=tuple(task_outs(session, list(task_rows))),
    )


def list_indicators(session: Session, plan_id: int) -> dict[int, str]:
    """All series of a plan (defined or past-figure only), id → name: the candidates for name mapping."""
    rows = session.execute(
        select(IndicatorRow.id, IndicatorRow.name)
        .where(IndicatorRow.plan_id == plan_id)
        .order_by(IndicatorRow.id)
    )
    return {row_id: name for row_id, name in rows}


def node_out(row: NodeRow) -> NodeOut:
    return NodeOut(
        id=row.id,
        key=row.node_key,
        parent_id=row.parent_id,
        kind=row.kind,
        marker=row.marker,
        number=row.number,
        title=row.title,
        text=row.text,
        line_start=row.line_start,
        line_end=row.line_end,
    )


def indicator_out(row: IndicatorDefinitionRow, name: str) -> IndicatorOut:
    return IndicatorOut(
        id=row.indicator_id,
        name=name,
        unit=row.unit,
        attribute=row.attribute,
        kind=row.kind,
        baseline_year=row.baseline_year,
        baseline_value=row.baseline_value,
        baseline_text=row.baseline_text,
        target_year=row.target_year,
        target_value=row.target_value,
        target_high=row.target_high,
        target_text=row.target_text,
        comparator=row.comparator,
        origin=row.origin,
        node_id=row.node_id,
        line_start=row.line_start,
        line_end=row.line_end,
    )


def target_out(row: TargetRow) -> TargetOut:
    return TargetOut(
        id=row.id,
        indicator_id=row.indicator_id,
        metric=row.metric,
        comparator=row.comparator,
        value=row.value,
        high=row.high,
        unit=row.unit,
        year=row.year,
        sentence=row.sentence,
        node_id=row.node_id,
        line_start=row.line_start,
        line_end=row.line_end,
    )
