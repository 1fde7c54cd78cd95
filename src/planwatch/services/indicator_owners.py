"""Which departments answer for an indicator's figures: set by the planning office, read by everyone."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from planwatch.services.plans import resolve_plan
from planwatch.store import (
    NotFoundError,
    indicator_departments,
    list_indicators,
    set_indicator_departments,
    transaction,
)
from planwatch.store.plans import indicator_name_key


def _indicator_id(session: Session, plan_id: int, name: str) -> int:
    wanted = indicator_name_key(name)
    for indicator_id, stored in list_indicators(session, plan_id).items():
        if indicator_name_key(stored) == wanted:
            return indicator_id
    raise NotFoundError(f"该规划中没有名为“{name.strip()}”的指标，请检查名称（可在“指标”页面查看）。")


def assign_indicator_departments(
    factory: sessionmaker[Session],
    indicator_name: str,
    departments: list[str],
    *,
    who: str,
    plan_id: int | None = None,
) -> tuple[str, list[str]]:
    """Set the responsible departments of a plan's indicator (default plan: the latest); returns its plan title and them."""
    with transaction(factory) as session:
        plan = resolve_plan(session, plan_id)
        indicator_id = _indicator_id(session, plan.id, indicator_name)
        return plan.title, set_indicator_departments(session, indicator_id, departments, who=who)


def show_indicator_departments(
    factory: sessionmaker[Session], indicator_name: str, *, plan_id: int | None = None
) -> tuple[str, list[str]]:
    with transaction(factory, read_only=True) as session:
        plan = resolve_plan(session, plan_id)
        return plan.title, indicator_departments(session, _indicator_id(session, plan.id, indicator_name))
