"""The task list of a plan, the task page, and filing and correcting reports through the forms."""

from __future__ import annotations

import html
import re

import httpx2
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import UserRole
from planwatch.services import accounts, stored_plans
from planwatch.services.permissions import task_departments
from planwatch.store import transaction
from planwatch.store.task_queries import current_tasks
from planwatch.store.tasks import count_reports
from planwatch.store.views import PlanSummary, TaskOut
from web_support import EVALUATION_YEAR, csrf_token, login, make_app

KJJ, FGW = "市科技局", "市发改委"
ROWS = re.compile(r'<tr(?: class="task-overdue")?>\s*<td data-label="任务"><a href="/tasks/(\d+)">')


def _factory(app: FastAPI) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    return factory


def plans(app: FastAPI) -> tuple[PlanSummary, PlanSummary]:
    """The 14th (2021–2025) and the 12th (2011–2015) plan."""
    stored = stored_plans(_factory(app))
    return (
        next(p for p in stored if p.period_start == 2021),
        next(p for p in stored if p.period_start == 2011),
    )


def tasks(app: FastAPI, plan_id: int) -> list[TaskOut]:
    with transaction(_factory(app), read_only=True) as session:
        return current_tasks(session, plan_id=plan_id)


def listed(page: str) -> list[int]:
    return [int(i) for i in ROWS.findall(page)]


def file_form(client: TestClient, token: str, task_id: int, **fields: str) -> httpx2.Response:
    data = {
        "csrf_token": token,
        "period_label": "2025",
        "status": "推进中",
        "percent": "",
        "narrative": "",
        "evidence": "",
    }
    data.update(fields)
    return client.post(f"/tasks/{task_id}/reports", data=data, follow_redirects=False)


def test_task_list_of_the_14th_plan_with_filters_and_pages(app: FastAPI, client: TestClient) -> None:
    p14, _ = plans(app)
    all_tasks = tasks(app, p14.id)
    assert len(all_tasks) > 30  # more than one page
    login(client, "viewer")
    first = client.get(f"/plans/{p14.id}/tasks")
    assert first.status_code == 200
    assert f'<div class="value">{len(all_tasks)}</div><div class="label">现行任务' in first.text
    assert "规划末年 2025 年" in first.text  # the plan ended before the evaluation year
    assert listed(first.text) == [t.id for t in all_tasks[:30]]
    assert "下一页" in first.text
    second = client.get(f"/plans/{p14.id}/tasks?offset=30")
    assert listed(second.text) == [t.id for t in all_tasks[30:60]]

    fgw = client.get(f"/plans/{p14.id}/tasks", params={"department": FGW})
    expected = [t.id for t in all_tasks if FGW in task_departments(t)]
    assert listed(fgw.text) == expected[:30] and len(expected) < len(all_tasks)

    words = client.get(f"/plans/{p14.id}/tasks", params={"q": "湖北实验室"})
    assert listed(words.text) == [t.id for t in all_tasks if "湖北实验室" in t.title + t.text]

    # nothing has been reported yet: every task is 未报告 and overdue
    unreported = client.get(f"/plans/{p14.id}/tasks", params={"status": "未报告", "overdue": "true"})
    assert f"共 {len(all_tasks)} 项任务" in unreported.text
    done = client.get(f"/plans/{p14.id}/tasks", params={"status": "已完成"})
    assert "没有符合筛选条件的任务" in done.text


def test_status_and_overdue_filters_follow_reports(app: FastAPI, client: TestClient) -> None:
    p14, _ = plans(app)
    own = [t for t in tasks(app, p14.id) if t.lead == KJJ]
    token = login(client, "kjj")
    file_form(client, token, own[0].id, status="已完成")
    file_form(client, token, own[1].id, status="滞后")
    file_form(client, token, own[2].id, period_label="2025H1", status="推进中")  # counts for 2025
    file_form(client, token, own[3].id, period_label="2024", status="推进中")  # an earlier year: still due
    base = f"/plans/{p14.id}/tasks"
    assert listed(client.get(base, params={"status": "已完成"}).text) == [own[0].id]
    assert listed(client.get(base, params={"status": "滞后"}).text) == [own[1].id]
    overdue = listed(client.get(base, params={"overdue": "true", "department": KJJ}).text)
    assert own[0].id not in overdue and own[2].id not in overdue
    assert own[1].id in overdue and own[3].id in overdue
    lagging = client.get(f"/tasks/{own[1].id}")
    assert "最新报告为“滞后”" in lagging.text
    assert "2025 年度尚未报告" in client.get(f"/tasks/{own[3].id}").text


def test_task_list_of_the_12th_plan_has_no_tasks_and_says_why(app: FastAPI, client: TestClient) -> None:
    _, p12 = plans(app)
    assert tasks(app, p12.id) == []
    login(client, "viewer")
    page = client.get(f"/plans/{p12.id}/tasks")
    assert page.status_code == 200
    assert "该规划没有登记责任单位的任务" in page.text and p12.title in page.text
    assert "规划末年 2015 年" in page.text


def test_unknown_plan_task_and_bad_filter(client: TestClient) -> None:
    login(client, "viewer")
    assert client.get("/plans/9999/tasks").status_code == 404
    missing = client.get("/tasks/99999")
    assert missing.status_code == 404 and "找不到编号为 99999 的任务" in missing.text
    bad = client.get("/plans/1/tasks", params={"status": "很好"})
    assert bad.status_code == 422 and "无法识别" in bad.text


def test_pages_need_sign_in_unless_public_reading(app: FastAPI, client: TestClient, web_url: str) -> None:
    p14, _ = plans(app)
    response = client.get(f"/plans/{p14.id}/tasks", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    public = make_app(web_url, public_read=True)
    try:
        with TestClient(public) as visitor:
            task = tasks(app, p14.id)[0]
            page = visitor.get(f"/tasks/{task.id}")
            assert page.status_code == 200
            assert "只有该任务的责任单位可以填报进展" in page.text and "请先<a" in page.text
            assert '<form method="post" class="form task-form"' not in page.text
    finally:
        public.state.planwatch.database.engine.dispose()


def test_task_page_shows_clause_units_source_and_form(app: FastAPI, client: TestClient) -> None:
    p14, _ = plans(app)
    task = next(t for t in tasks(app, p14.id) if t.lead == KJJ and t.supporting)
    token = login(client, "kjj")
    page = client.get(f"/tasks/{task.id}")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert f"<h1>{task.title.split(' > ')[-1]}</h1>" in text
    assert task.text in text and task.responsibility_text in text
    assert f"/plans/{p14.id}/source?from={task.line_start}&to={task.line_end}#L{task.line_start}" in text
    assert re.search(rf'<a href="/departments/\d+">{KJJ}</a>', text)
    for unit in task.supporting:
        assert re.search(rf'<a href="/departments/\d+">{unit.name}</a>', text)
    # the reporter's form: its one department, the reporting period as the default, CSRF token filled in
    assert f'<input type="hidden" name="department" value="{KJJ}">' in text
    assert 'name="period_label" value="2025"' in text
    assert f'name="csrf_token" value="{token}"' in text
    for status in ("未启动", "推进中", "已完成", "滞后"):
        assert f'<option value="{status}"' in text


def test_filing_and_correcting_a_report_through_the_forms(app: FastAPI, client: TestClient) -> None:
    p14, _ = plans(app)
    task = next(t for t in tasks(app, p14.id) if t.lead == KJJ)
    token = login(client, "kjj")
    response = file_form(
        client,
        token,
        task.id,
        status="推进中",
        percent="40",
        narrative="完成年度目标的四成",
        evidence="文件一\n\n文件二",
    )
    assert response.status_code == 303
    page = client.get(f"/tasks/{task.id}")
    assert "进展报告已提交" in page.text
    assert "完成年度目标的四成" in page.text and "<li>文件一</li><li>文件二</li>" in page.text
    assert "完成 40%" in page.text and f"{KJJ} · kjj" in page.text
    assert "已报告" in page.text and "进展报告（1 份" in page.text
    edit_link = re.search(r"/reports/(\d+)/edit", page.text)
    assert edit_link, "the author is offered an edit link"
    report_id = int(edit_link.group(1))

    form = client.get(f"/reports/{report_id}/edit")
    assert form.status_code == 200 and f'action="/reports/{report_id}/edit"' in form.text
    assert "完成年度目标的四成</textarea>" in form.text and 'name="percent" value="40"' in form.text
    saved = client.post(
        f"/reports/{report_id}/edit",
        data={
            "csrf_token": token,
            "period_label": "2025",
            "status": "已完成",
            "percent": "",
            "narrative": "全部完成",
            "evidence": "文件一",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 303
    page = client.get(f"/tasks/{task.id}")
    assert "进展报告已修改" in page.text and "全部完成" in page.text
    edits = page.text[page.text.index("修改记录") :]
    assert re.search(
        r"<td>状态</td>\s*<td class=\"task-value\">推进中</td>\s*<td class=\"task-value\">已完成</td>", edits
    )
    assert re.search(
        r"<td>完成百分比</td>\s*<td class=\"task-value\">40</td>\s*<td class=\"task-value\">—</td>", edits
    )
    assert "完成 40%" not in page.text


def test_invalid_form_comes_back_with_the_message_and_what_was_typed(
    app: FastAPI, client: TestClient
) -> None:
    p14, _ = plans(app)
    task = next(t for t in tasks(app, p14.id) if t.lead == KJJ)
    token = login(client, "kjj")
    with transaction(_factory(app), read_only=True) as session:
        before = count_reports(session)
    for fields, message in (
        ({"percent": "150"}, "0 到 100"),
        ({"percent": "四成"}, "不是数字"),
        ({"period_label": "  "}, "请填写报告期"),
        ({"status": "很好"}, "无法识别"),
    ):
        response = file_form(client, token, task.id, narrative="保留我写的内容", **fields)
        assert response.status_code == 422, fields
        assert message in response.text and "保留我写的内容</textarea>" in response.text
    with transaction(_factory(app), read_only=True) as session:
        assert count_reports(session) == before


def test_reporter_of_several_units_chooses_which_one_reports(app: FastAPI, client: TestClient) -> None:
    p14, _ = plans(app)
    task = next(t for t in tasks(app, p14.id) if {KJJ, FGW} <= task_departments(t))
    accounts.add_user(
        _factory(app),
        "both",
        UserRole.REPORTER,
        who="test",
        password="both-password-1",
        departments=[KJJ, FGW],
    )
    token = csrf_token(client)
    client.post("/login", data={"username": "both", "password": "both-password-1", "csrf_token": token})
    token = csrf_token(client)
    page = client.get(f"/tasks/{task.id}")
    assert '<select name="department" required>' in page.text
    assert f'<option value="{KJJ}"' in page.text and f'<option value="{FGW}"' in page.text
    unchosen = file_form(client, token, task.id)
    assert unchosen.status_code == 422 and "请选择其一" in unchosen.text
    chosen = file_form(client, token, task.id, department=FGW)
    assert chosen.status_code == 303
    assert f"{FGW} · both" in client.get(f"/tasks/{task.id}").text


def test_admin_chooses_among_all_units_of_the_task(app: FastAPI, client: TestClient) -> None:
    p14, _ = plans(app)
    task = next(t for t in tasks(app, p14.id) if len(task_departments(t)) > 2)
    login(client, "admin")
    page = client.get(f"/tasks/{task.id}")
    options = re.findall(r'<option value="([^"]+)"', page.text[page.text.index('name="department"') :])
    assert options[: len(task_departments(task))][0] == task.lead
    assert set(options[: len(task_departments(task))]) == task_departments(task)


def test_evaluation_year_is_the_default_period_for_a_running_plan(web_url: str, app: FastAPI) -> None:
    """With an evaluation year inside the 14th plan, that year is the reporting period and the default."""
    from planwatch.server.app import create_app
    from planwatch.server.settings import Settings

    p14, _ = plans(app)
    task = next(t for t in tasks(app, p14.id) if t.lead == KJJ)
    running = create_app(Settings(database_url=web_url, secret_key="s", evaluation_year=2023))
    try:
        with TestClient(running) as client:
            login(client, "kjj")
            page = client.get(f"/tasks/{task.id}")
            assert 'name="period_label" value="2023"' in page.text
            assert "2023 年度尚未报告" in page.text
            listing = client.get(f"/plans/{p14.id}/tasks")
            assert "按评估年度 2023 年统计" in listing.text
    finally:
        running.state.planwatch.database.engine.dispose()
    assert EVALUATION_YEAR == 2026
