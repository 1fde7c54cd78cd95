"""The audit log page: admins only, newest first, described in Chinese, linked, filtered and paged."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.store import recent_changes, transaction
from planwatch.store.task_queries import current_tasks
from web_support import csrf_token, login

ROW = re.compile(r"<tr>\s*<td data-label=\"时间\".*?</tr>", re.S)


def _factory(app: FastAPI) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    return factory


def kjj_task_id(app: FastAPI) -> int:
    with transaction(_factory(app), read_only=True) as session:
        return next(t.id for t in current_tasks(session) if t.lead == "市科技局")


def test_only_admins_see_the_audit_log(client: TestClient) -> None:
    anonymous = client.get("/audit", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    for name in ("kjj", "viewer"):
        login(client, name)
        refused = client.get("/audit")
        assert refused.status_code == 403 and "只有管理员" in refused.text
        assert 'href="/audit"' not in client.get("/departments").text  # not in the navigation either
        client.post("/logout", data={"csrf_token": csrf_token(client)})
    login(client, "admin")
    assert client.get("/audit").status_code == 200


def test_a_report_just_filed_leads_the_log(app: FastAPI, client: TestClient) -> None:
    task_id = kjj_task_id(app)
    token = login(client, "kjj")
    client.post(
        f"/tasks/{task_id}/reports",
        data={"csrf_token": token, "period_label": "2025", "status": "推进中", "narrative": "审计可见的说明"},
    )
    login(client, "admin")
    page = client.get("/audit")
    assert page.status_code == 200
    rows = ROW.findall(page.text)
    assert len(rows) == 50  # one page
    newest = rows[:6]  # task, department, period, status, narrative, evidence (no percent was given)
    assert all('<td data-label="修改人">kjj</td>' in r for r in newest)
    assert '<td data-label="修改人">kjj</td>' not in rows[6]
    assert all(re.search(rf'<a href="/tasks/{task_id}#report-\d+">进展报告 #\d+</a>', r) for r in newest)
    narrative = next(r for r in newest if "进展说明" in r)
    assert '<td data-label="新值" class="task-value">审计可见的说明</td>' in narrative
    assert re.search(r'<td data-label="时间" class="task-nowrap">\d{4}-\d\d-\d\d \d\d:\d\d</td>', narrative)
    status = next(r for r in newest if '<td data-label="字段">状态' in r)
    assert "推进中" in status


def test_filters_by_table_and_user_and_hiding_the_importer(app: FastAPI, client: TestClient) -> None:
    with transaction(_factory(app), read_only=True) as session:
        _, everything = recent_changes(session, limit=1)
        _, imported = recent_changes(session, limit=1, changed_by="import")
        _, observations = recent_changes(session, limit=1, table="observations")
    assert imported > 0 and everything > imported
    login(client, "admin")
    page = client.get("/audit")
    assert f"共 {everything} 条记录" in page.text
    assert '<option value="observations" >观测值（observations）</option>' in page.text
    assert '<option value="import" >import</option>' in page.text
    hidden = client.get("/audit", params={"hide_import": "true"})
    assert f"共 {everything - imported} 条记录" in hidden.text
    assert '<td data-label="修改人">import</td>' not in hidden.text
    only_import = client.get("/audit", params={"user": "import"})
    assert f"共 {imported} 条记录" in only_import.text
    assert all('<td data-label="修改人">import</td>' in r for r in ROW.findall(only_import.text))
    obs = client.get("/audit", params={"table": "observations"})
    assert f"共 {observations} 条记录" in obs.text
    rows = ROW.findall(obs.text)
    assert rows and all(re.search(r'<a href="/indicators/\d+">观测值 #\d+</a>', r) for r in rows)
    users = client.get("/audit", params={"table": "users"})
    assert '<a href="/account">用户 #' in users.text


def test_pages_keep_the_filters(client: TestClient) -> None:
    login(client, "admin")
    first = client.get("/audit", params={"table": "observations", "hide_import": "true"})
    assert 'href="/audit?table=observations&amp;hide_import=true&amp;offset=50"' in first.text
    second = client.get("/audit", params={"table": "observations", "hide_import": "true", "offset": 50})
    assert second.status_code == 200
    assert ROW.findall(first.text)[0] != ROW.findall(second.text)[0]
    assert "上一页" in second.text
