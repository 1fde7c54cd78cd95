"""Task use cases: the tasks of a plan, or every task a responsible unit leads or supports."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from planwatch.services.plans import resolve_plan
from planwatch.store import NotFoundError, get_department, list_tasks, tasks_for_department, transaction
from planwatch.store.views import PlanSummary, TaskOut


@dataclass(frozen=True, slots=True)
class TaskListing:
    """Tasks with what was asked for: a plan (None when listing a unit's tasks across all plans)."""

    plan: PlanSummary | None
    unit: str | None  # the unit's canonical name when filtered by unit
    tasks: tuple[TaskOut, ...]


def find_tasks(
    factory: sessionmaker[Session], *, plan_id: int | None = None, unit: str | None = None
) -> TaskListing:
    """Tasks of the current revisions: of one unit (name or alias, all plans unless `plan_id`), or of a plan.

    Without a unit and a plan id, the plan with the latest period is listed (see `resolve_plan`).
    """
    with transaction(factory, read_only=True) as session:
        if unit is None or not unit.strip():
            plan = resolve_plan(session, plan_id)
            return TaskListing(plan, None, tuple(list_tasks(session, plan.id)))
        department = get_department(session, unit)
        if department is None:
            raise NotFoundError(
                f"找不到名为“{unit.strip()}”的责任单位，请检查名称（可用全称或已登记的简称）。"
            )
        tasks = tasks_for_department(session, department.name)
        chosen = resolve_plan(session, plan_id) if plan_id is not None else None
        if chosen is not None:
            tasks = [t for t in tasks if t.plan_id == chosen.id]
        return TaskListing(chosen, department.name, tuple(tasks))
