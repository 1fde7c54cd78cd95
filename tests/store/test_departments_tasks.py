"""Departments, aliases, tasks across plans, progress reports and overdue tasks."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from store_builders import make_plan

from planwatch.domain.records import ReportStatus
from planwatch.store import (
    ConflictError,
    NotFoundError,
    add_alias,
    add_progress_report,
    create_department,
    delete_department,
    get_department,
    history_for,
    list_departments,
    list_tasks,
    merge_departments,
    overdue_tasks,
    remove_alias,
    rename_department,
    save_plan,
    task_state,
    tasks_for_department,
    update_progress_report,
)


def test_department_crud_with_history(session: Session) -> None:
    dept = create_department(session, " 市城乡建设局 ", who="admin")
    assert dept.name == "市城乡建设局"
    dept = add_alias(session, dept.id, "市城建局", who="admin")
    assert dept.aliases == ("市城建局",)
    assert get_department(session, "市城建局") == dept
    with pytest.raises(ConflictError) as info:
        create_department(session, "市城建局", who="admin")
    assert "别名" in info.value.message
    renamed = rename_department(session, dept.id, "武汉市城乡建设局", who="admin")
    assert renamed.name == "武汉市城乡建设局"
    assert set(renamed.aliases) == {"市城建局", "市城乡建设局"}
    remove_alias(session, "市城建局", who="admin")
    assert get_department(session, "市城建局") is None
    changes = history_for(session, "departments", dept.id)
    assert [(c.field, c.old_value, c.new_value) for c in changes] == [
        ("name", None, "市城乡建设局"),
        ("name", "市城乡建设局", "武汉市城乡建设局"),
    ]
    assert all(c.changed_by == "admin" for c in changes)
    delete_department(session, dept.id, who="admin")
    assert list_departments(session) == []
    with pytest.raises(NotFoundError):
        delete_department(session, dept.id, who="admin")
    session.commit()


def test_tasks_for_department_across_plans(session: Session) -> None:
    save_plan(session, make_plan())
    save_plan(session, make_plan(title="武汉市数字经济发展“十四五”规划"))
    session.commit()
    tasks = tasks_for_department(session, "市科技局")
    assert len(tasks) == 4
    assert {t.plan_title for t in tasks} == {
        "武汉市科技创新发展“十四五”规划",
        "武汉市数字经济发展“十四五”规划",
    }
    assert [t.lead for t in tasks_for_department(session, "市发改委")] == ["市科技局", "市科技局"]
    assert tasks_for_department(session, "不存在的局") == []


def test_delete_refuses_a_department_in_use_and_merge_fixes_duplicates(session: Session) -> None:
    save_plan(session, make_plan())
    session.commit()
    short = get_department(session, "市城建局")
    assert short is not None
    with pytest.raises(ConflictError):
        delete_department(session, short.id, who="admin")
    full = create_department(session, "市城乡建设局", who="admin")
    merged = merge_departments(session, short.id, full.id, who="admin")
    session.commit()
    assert merged.aliases == ("市城建局",)
    assert [t.lead for t in tasks_for_department(session, "市城乡建设局")] == ["市城乡建设局"]
    assert tasks_for_department(session, "市城建局")[0].lead == "市城乡建设局"


def test_progress_reports_state_and_overdue(session: Session) -> None:
    plan_id, _, _ = save_plan(session, make_plan())
    session.commit()
    first, second = list_tasks(session, plan_id)
    assert task_state(session, first.id).latest is None
    add_progress_report(
        session,
        first.id,
        department="市科技局",
        period_label="2025",
        status=ReportStatus.IN_PROGRESS,
        author="王",
    )
    report = add_progress_report(
        session,
        first.id,
        department="市科技局",
        period_label="2025H2",
        status=ReportStatus.DONE,
        author="王",
        narrative="光谷实验室已揭牌运行",
        evidence=("https://example.gov.cn/a",),
        percent=100,
    )
    session.commit()
    state = task_state(session, first.id)
    assert state.latest == report
    assert state.latest is not None and state.latest.status == ReportStatus.DONE
    assert [t.id for t in overdue_tasks(session, "2025")] == [second.id]
    assert [t.id for t in overdue_tasks(session, "2026", department="市科技局")] == [first.id]
    assert overdue_tasks(session, "2025", department="市城建局")[0].id == second.id

    updated = update_progress_report(
        session, report.id, who="审核员", status=ReportStatus.LAGGING, percent=80
    )
    session.commit()
    assert updated.status == ReportStatus.LAGGING
    fields = {
        (c.field, c.old_value, c.new_value) for c in history_for(session, "progress_reports", report.id)
    }
    assert ("status", "已完成", "滞后") in fields
    assert ("percent", "100", "80") in fields


def test_report_validation_messages_are_chinese(session: Session) -> None:
    plan_id, _, _ = save_plan(session, make_plan())
    task = list_tasks(session, plan_id)[0]
    with pytest.raises(ConflictError, match="0 到 100"):
        add_progress_report(
            session,
            task.id,
            department="市科技局",
            period_label="2025",
            status=ReportStatus.DONE,
            author="王",
            percent=120,
        )
    with pytest.raises(NotFoundError, match="任务"):
        add_progress_report(
            session, 99999, department="市科技局", period_label="2025", status=ReportStatus.DONE, author="王"
        )
    session.rollback()


def test_a_task_table_row_is_stored_as_its_task_with_its_deadline(session: Session) -> None:
    from sqlalchemy import select

    from planwatch.domain.source import SourceFormat, SourceText
    from planwatch.extract.pipeline import read_plan
    from planwatch.store.models import ResponsibilityRow

    lines = (
        "某市“十四五”规划纲要重点任务分工方案",
        "一、重点任务分解表",
        "序号\t重点任务\t牵头单位\t配合单位\t完成时限",
        "1\t建成市级数据共享平台\t市大数据局\t市财政局\t2023年6月",
    )
    plan = read_plan(SourceText("<crafted>", "1" * 64, SourceFormat.TEXT, "utf-8", lines), {})
    plan_id, _, _ = save_plan(session, plan)
    session.commit()
    tasks = list_tasks(session, plan_id)
    assert {t.text for t in tasks} == {"建成市级数据共享平台"}
    assert {t.lead for t in tasks} == {"市大数据局"}
    remarks = set(session.scalars(select(ResponsibilityRow.remark)))
    assert remarks == {"完成时限：2023年6月"}
