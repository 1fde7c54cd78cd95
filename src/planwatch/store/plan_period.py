"""Giving a period to a plan that was stored without one, by storing its document again.

A draft that states no period (“…规划（征求意见稿）”) is stored with none, and its table targets have no
years. When the user imports the same document again with `--period`, the period-less copy is replaced
by a fresh reading — but only while nobody has added data to it, so that no figure, report or mapping
entered by hand is ever dropped silently.
"""

from __future__ import annotations

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from planwatch.domain.records import ObservationOrigin
from planwatch.store.errors import ConflictError
from planwatch.store.models import (
    IndicatorDepartmentRow,
    IndicatorNameMappingRow,
    IndicatorRow,
    ObservationChoiceRow,
    ObservationRow,
    PlanRevisionRow,
    PlanRow,
    ProgressReportRow,
    TaskRow,
)


def drop_periodless_copy(session: Session, plan_id: int) -> None:
    """Delete the plan stored without a period so the same document can be stored with one.

    Raises ConflictError when the plan has several revisions or data that did not come from its text.
    """
    plan = session.get(PlanRow, plan_id)
    if plan is None or plan.period_start is not None:
        return
    indicators = select(IndicatorRow.id).where(IndicatorRow.plan_id == plan_id)
    counts: list[Select[int]] = [  # revisions first, then each kind of data added by hand
        select(func.count()).select_from(PlanRevisionRow).where(PlanRevisionRow.plan_id == plan_id),
        select(func.count())
        .select_from(ObservationRow)
        .where(ObservationRow.indicator_id.in_(indicators), ObservationRow.origin != ObservationOrigin.PLAN),
        select(func.count())
        .select_from(ProgressReportRow)
        .join(TaskRow, TaskRow.id == ProgressReportRow.task_id)
        .where(TaskRow.plan_id == plan_id),
        select(func.count())
        .select_from(IndicatorDepartmentRow)
        .where(IndicatorDepartmentRow.indicator_id.in_(indicators)),
        select(func.count())
        .select_from(IndicatorNameMappingRow)
        .where(IndicatorNameMappingRow.plan_id == plan_id),
        select(func.count())
        .select_from(ObservationChoiceRow)
        .where(ObservationChoiceRow.indicator_id.in_(indicators)),
    ]
    revisions, *user_data = [int(session.scalar(statement) or 0) for statement in counts]
    held = revisions > 1 or any(user_data)
    if held:
        raise ConflictError(
            f"《{plan.title}》已按“规划期未识别”导入，且已有录入的数据、进展报告或修订版本，"
            "不能按新的规划期重新导入，以免丢失这些数据。"
        )
    # One statement, so the database's ON DELETE CASCADE removes everything the plan owns and the
    # foreign keys are checked once, at its end (tasks point at revisions of the same plan).
    session.execute(
        delete(PlanRow).where(PlanRow.id == plan_id), execution_options={"synchronize_session": False}
    )
    session.expire_all()
