"""The department list and a department's page: tasks across plans, roles, latest reports, overdue tasks."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services import stored_plans
from planwatch.services.permissions import task_departments
from planwatch.store import create_department, list_departments, transaction
from planwatch.store.task_queries import current_tasks
from planwatch.store.views import DepartmentOut, TaskOut
from web_support import login, make_app

KJJ, FGW = "市科技局", "市发改委"


def _factory(app: FastAPI) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    return factory


def all_tasks(app: FastAPI) -> list[TaskOut]:
    with transaction(_factory(app), read_only=True) as session:
        return current_tasks(session)


def department(app: FastAPI, name: str) -> DepartmentOut:
    with transaction(_factory(app), read_only=True) as session:
        return next(d for d in list_departments(session) if d.name == name)


def row_of(page: str, name: str) -> str:
    """The table row of one department on the list page."""
    match = re.search(
        rf'<tr>\s*<td data-label="部门"><a href="/departments/\d+">{name}</a>.*?</tr>', page, re.S
    )
    assert match, name
    return match.group(0)


def test_department_list_counts_tasks_by_role_and_overdue(app: FastAPI, client: TestClient) -> None:
    tasks = all_tasks(app)
    login(client, "viewer")
    page = client.get("/departments")
    assert page.status_code == 200
    with transaction(_factory(app), read_only=True) as session:
        names = [d.name for d in list_departments(session)]
    assert all(f">{n}</a>" in page.text for n in names)
    row = row_of(page.text, KJJ)
    led = sum(1 for t in tasks if t.lead == KJJ)
    supported = sum(1 for t in tasks if KJJ in task_departments(t) and t.lead != KJJ)
    assert f'<td data-label="牵头任务" class="num">{led}</td>' in row
    assert f'<td data-label="配合任务" class="num">{supported}</td>' in row
    assert f'<span class="badge none">未报告</span> {led + supported}' in row  # nobody has reported yet
    assert f'<span class="badge bad">{led + supported}</span>' in row  # so every task is overdue
    assert "规划末年" in page.text  # the overdue rule is explained


def test_department_list_filters_by_name_or_alias(app: FastAPI, client: TestClient) -> None:
    login(client, "viewer")
    page = client.get("/departments", params={"q": "科技"})
    assert f">{KJJ}</a>" in page.text and f">{FGW}</a>" not in page.text
    none = client.get("/departments", params={"q": "不存在的局"})
    assert "没有名称包含“不存在的局”的部门" in none.text


def test_department_page_groups_tasks_by_plan_with_roles_and_latest_reports(
    app: FastAPI, client: TestClient
) -> None:
    tasks = [t for t in all_tasks(app) if KJJ in task_departments(t)]
    led = next(t for t in tasks if t.lead == KJJ)
    supported = next(t for t in tasks if t.lead != KJJ)
    kjj = department(app, KJJ)
    token = login(client, "kjj")
    client.post(
        f"/tasks/{led.id}/reports",
        data={"csrf_token": token, "period_label": "2025", "status": "滞后", "narrative": "资金未到位"},
    )
    client.post(
        f"/tasks/{supported.id}/reports",
        data={"csrf_token": token, "period_label": "2025", "status": "已完成", "narrative": "已经完成"},
    )
    page = client.get(f"/departments/{kjj.id}")
    assert page.status_code == 200
    assert f"<h1>{KJJ}</h1>" in page.text
    plans = {p.id: p for p in stored_plans(_factory(app))}
    for plan_id in {t.plan_id for t in tasks}:
        assert f"<h2>{plans[plan_id].title}</h2>" in page.text
    row = re.search(
        rf'<tr class="task-overdue">\s*<td data-label="任务"><a href="/tasks/{led.id}">.*?</tr>',
        page.text,
        re.S,
    )
    assert row, "the lagging task is marked overdue"
    assert '<td data-label="角色">牵头</td>' in row.group(0) and "资金未到位" in row.group(0)
    assert "2025 · " in row.group(0) and "市科技局（kjj）" in row.group(0)
    done = re.search(
        rf'<tr>\s*<td data-label="任务"><a href="/tasks/{supported.id}">.*?</tr>', page.text, re.S
    )
    assert done and '<td data-label="角色">配合</td>' in done.group(0) and "已报告" in done.group(0)
    overdue = page.text[
        page.text.index("<h2>逾期任务</h2>") : page.text.index(
            "</section>", page.text.index("<h2>逾期任务</h2>")
        )
    ]
    assert f'href="/tasks/{led.id}"' in overdue and "最新报告为“滞后”" in overdue
    assert f'href="/tasks/{supported.id}"' not in overdue
    assert f'<div class="value task-bad">{len(tasks) - 1}</div>' in page.text


def test_department_without_tasks_and_unknown_department(app: FastAPI, client: TestClient) -> None:
    with transaction(_factory(app)) as session:
        new = create_department(session, "市测试局", who="test")
    login(client, "viewer")
    page = client.get(f"/departments/{new.id}")
    assert page.status_code == 200 and "该部门在现行规划中没有牵头或配合的任务" in page.text
    missing = client.get("/departments/99999")
    assert missing.status_code == 404 and "找不到编号为 99999 的部门" in missing.text


def test_department_pages_need_sign_in_unless_public(app: FastAPI, client: TestClient, web_url: str) -> None:
    assert client.get("/departments", follow_redirects=False).status_code == 303
    public = make_app(web_url, public_read=True)
    try:
        with TestClient(public) as visitor:
            assert visitor.get("/departments").status_code == 200
            assert visitor.get(f"/departments/{department(app, FGW).id}").status_code == 200
    finally:
        public.state.planwatch.database.engine.dispose()
