"""Which departments are responsible for an indicator's figures (set by the planning office).

Plans rarely name a responsible unit for a row of the indicator table, so this is data the planning
office adds; reporters of these departments may propose values for the indicator.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from planwatch.store.departments import find_department_row
from planwatch.store.errors import NotFoundError
from planwatch.store.history import record_change
from planwatch.store.models import DepartmentRow, IndicatorDepartmentRow, IndicatorRow


def indicator_departments(session: Session, indicator_id: int) -> list[str]:
    """Canonical names of the departments responsible for an indicator, in the order they were set."""
    return list(
        session.scalars(
            select(DepartmentRow.name)
            .join(IndicatorDepartmentRow, IndicatorDepartmentRow.department_id == DepartmentRow.id)
            .where(IndicatorDepartmentRow.indicator_id == indicator_id)
            .order_by(IndicatorDepartmentRow.id)
        )
    )


def indicator_department_ids(session: Session, indicator_id: int) -> set[int]:
    return set(
        session.scalars(
            select(IndicatorDepartmentRow.department_id).where(
                IndicatorDepartmentRow.indicator_id == indicator_id
            )
        )
    )


def indicators_of_departments(session: Session, department_ids: Iterable[int]) -> set[int]:
    """Ids of the indicators any of these departments is responsible for."""
    ids = list(department_ids)
    if not ids:
        return set()
    return set(
        session.scalars(
            select(IndicatorDepartmentRow.indicator_id).where(IndicatorDepartmentRow.department_id.in_(ids))
        )
    )


def set_indicator_departments(
    session: Session, indicator_id: int, names: list[str], *, who: str
) -> list[str]:
    """Replace the responsible departments of an indicator (names or aliases); recorded in the history."""
    if session.get(IndicatorRow, indicator_id) is None:
        raise NotFoundError(f"找不到编号为 {indicator_id} 的指标。")
    ids: list[int] = []
    for name in names:
        row = find_department_row(session, name)
        if row is None:
            raise NotFoundError(f"找不到名为“{name}”的责任单位，请检查名称。")
        ids.append(row.id)
    before = indicator_departments(session, indicator_id)
    session.execute(delete(IndicatorDepartmentRow).where(IndicatorDepartmentRow.indicator_id == indicator_id))
    for department_id in dict.fromkeys(ids):
        session.add(IndicatorDepartmentRow(indicator_id=indicator_id, department_id=department_id))
    session.flush()
    after = indicator_departments(session, indicator_id)
    record_change(
        session, "indicators", indicator_id, "departments", "、".join(before), "、".join(after), who
    )
    return after
