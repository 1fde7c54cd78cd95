"""Gathering what an evaluation report reads: the monitor's status rows, tasks, reports and projects.

Indicator statuses come from the same `PlanEvaluator` as `planwatch status`, judged as of the cut-off's
data year, so the report and the status table agree by construction. A constant number of queries
whatever the plan's size (bulk reads for series, owners, reports and the outline).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from sqlalchemy.orm import Session

from planwatch.domain.plan import IndicatorKind
from planwatch.domain.progress import ProgressStatus
from planwatch.evaluate.facts import (
    Cutoff,
    EvaluationFacts,
    Figure,
    IndicatorFacts,
    PlanFacts,
    ProjectFacts,
    ReportFact,
    TaskFacts,
)
from planwatch.services.projects import plan_projects
from planwatch.services.reporting import label_year
from planwatch.services.status import CountedFigure, IndicatorEvaluation, PlanEvaluator
from planwatch.store.dashboard_queries import departments_of_indicators
from planwatch.store.evaluation_queries import reports_for_tasks
from planwatch.store.outline import choose_revision, revision_nodes, revision_notes
from planwatch.store.task_queries import current_tasks
from planwatch.store.versions import data_version
from planwatch.store.views import PlanSummary, ProgressReportOut, TaskOut

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def plan_facts(plan: PlanSummary) -> PlanFacts:
    return PlanFacts(plan.id, plan.title, plan.scope, plan.period_start, plan.period_end, f"《{plan.title}》")


def evaluation_facts(session: Session, plan: PlanSummary, cutoff: Cutoff) -> EvaluationFacts:
    evaluator = PlanEvaluator(session, plan, cutoff.data_year)
    evaluations = evaluator.evaluate_all()
    owners = departments_of_indicators(
        session, [e.status.indicator_id for e in evaluations if e.status.indicator_id is not None]
    )
    tasks = current_tasks(session, plan_id=plan.id)
    for evaluation in evaluations:
        key = evaluation.status.indicator_id
        if key is not None and not owners.get(key):
            owners[key] = _units_from_tasks(evaluation, tasks)
    indicators = tuple(
        _indicator(evaluator, e, owners, cutoff.data_year, n) for n, e in enumerate(evaluations, start=1)
    )
    reports = reports_for_tasks(session, [t.id for t in tasks])
    task_facts = tuple(
        TaskFacts(
            id=t.id,
            chapter=t.title.split(" > ")[0].strip(),
            heading=t.title.split(" > ")[-1].strip(),
            excerpt=_excerpt(t.text),
            lead=t.lead,
            supporting=tuple(u.name for u in t.supporting),
            line_start=t.line_start,
            line_end=t.line_end,
            reports=tuple(_report(r) for r in reports.get(t.id, [])),
        )
        for t in tasks
    )
    choice = choose_revision(session, plan.id)
    _, projects = plan_projects(
        choice, revision_nodes(session, choice.revision.id), revision_notes(session, choice.revision.id)
    )
    project_facts = tuple(
        ProjectFacts(
            box=f"{p.box_marker} {p.box_title}".strip(),
            name=p.name,
            type=p.type,
            units=tuple(dict.fromkeys(n.lead.name for n in p.notes if n.lead is not None)),
            line_start=p.line_start,
            line_end=p.line_end,
        )
        for p in projects
    )
    version = "-".join(str(v) for v in data_version(session))
    return EvaluationFacts(plan_facts(plan), indicators, task_facts, project_facts, version)


def _units_from_tasks(evaluation: IndicatorEvaluation, tasks: Sequence[TaskOut]) -> list[str]:
    """Without owners set by the office: the units of the task whose clause states the target.

    A target in the text lies inside its task's lines; a table row is named in the text of the task
    that sets the goals (发展目标), so the first task whose text names the indicator is taken.
    """
    line = evaluation.line_start
    holder = next((t for t in tasks if line is not None and t.line_start <= line <= t.line_end), None)
    if holder is None:
        name = evaluation.status.level_series or evaluation.status.name
        holder = next((t for t in tasks if name and name in t.text), None)
    if holder is None:
        return []
    return [u for u in (holder.lead, *(s.name for s in holder.supporting)) if u]


def _excerpt(text: str, limit: int = 24) -> str:
    first = text.strip().split("。")[0]
    return first if len(first) <= limit else first[:limit] + "……"


def _report(report: ProgressReportOut) -> ReportFact:
    written = report.created_at
    if written.tzinfo is None:
        written = written.replace(tzinfo=datetime.UTC)
    return ReportFact(
        id=report.id,
        department=report.department,
        period_label=report.period_label,
        period_year=label_year(report.period_label),
        status=report.status,
        narrative=report.narrative,
        percent=report.percent,
        written_on=written.astimezone(BEIJING).date(),
    )


def _figure(counted: CountedFigure, plan_id: int) -> Figure:
    obs = counted.observation
    return Figure(
        observation_id=obs.id,
        year=obs.year,
        value=obs.value,
        unit=obs.unit,
        qualifier=obs.qualifier,
        status=obs.status,
        scope=obs.scope,
        source=obs.source,
        source_quote=obs.source_quote,
        series=counted.series.name,
        from_plan=counted.series.plan.title if counted.series.plan.id != plan_id else None,
    )


def _breaks(evaluator: PlanEvaluator, evaluation: IndicatorEvaluation) -> tuple[int, ...]:
    used = {f.series.indicator_id for f in evaluation.figures}
    return tuple(sorted({b for i in used for b in evaluator.stored(i).breaks}))


def _indicator(
    evaluator: PlanEvaluator,
    evaluation: IndicatorEvaluation,
    owners: dict[int, list[str]],
    data_year: int,
    position: int,
) -> IndicatorFacts:
    row = evaluation.status
    assessment = row.assessment
    figures = tuple(
        _figure(f, evaluator.plan.id) for f in evaluation.figures if f.observation.year <= data_year
    )
    baseline_observation: Figure | None = None
    if row.kind is IndicatorKind.LEVEL and row.baseline_value is not None and not _plan_states(evaluation):
        baseline_observation = next(
            (f for f in figures if f.year == row.baseline_year and f.value == row.baseline_value), None
        )
    status_year = assessment.status.data_year
    if status_year is None and row.status is not ProgressStatus.INSUFFICIENT_DATA and figures:
        status_year = figures[-1].year
    expected = assessment.expected_linear if row.kind is IndicatorKind.LEVEL else None
    if assessment.status.data_year is None:
        expected = None
    key = f"indicator:{row.indicator_id}" if row.indicator_id is not None else f"target:{position}"
    return IndicatorFacts(
        key=key,
        indicator_id=row.indicator_id,
        name=row.name,
        unit=row.unit,
        attribute=evaluation.attribute,
        kind=row.kind,
        origin=row.origin,
        comparator=row.comparator,
        baseline_year=row.baseline_year,
        baseline_value=row.baseline_value,
        baseline_text=row.baseline_text,
        baseline_observation=baseline_observation,
        target_year=row.target_year,
        target_value=row.target_value,
        target_text=row.target_text,
        line_start=evaluation.line_start,
        line_end=evaluation.line_end,
        figures=figures,
        breaks=_breaks(evaluator, evaluation),
        status=row.status,
        reason=row.reason,
        status_year=status_year,
        expected=expected,
        growth=assessment.observed_growth if row.kind is IndicatorKind.GROWTH else None,
        forecast=assessment.forecast,
        units=tuple(owners.get(row.indicator_id, [])) if row.indicator_id is not None else (),
        notes=row.notes,
    )


def _plan_states(evaluation: IndicatorEvaluation) -> bool:
    """Whether the plan itself states the baseline value (else the monitor took it from a figure)."""
    return not any(n.startswith("规划未写基期值") for n in evaluation.status.notes)


__all__: Sequence[str] = ("evaluation_facts", "plan_facts")
