"""The department API: every department with its task counts, and one department's tasks by plan."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services.permissions import task_departments
from planwatch.store import list_departments, transaction
from planwatch.store.task_queries import current_tasks
from web_support import login, make_app

KJJ = "市科技局"


def _factory(app: FastAPI) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    return factory


def test_departments_are_listed_with_counts_and_paginated(app: FastAPI, client: TestClient) -> None:
    with transaction(_factory(app), read_only=True) as session:
        names = [d.name for d in list_departments(session)]
        tasks = current_tasks(session)
    login(client, "viewer")
    page = client.get("/api/v1/departments", params={"limit": 5, "offset": 2}).json()
    assert page["total"] == len(names) and [d["name"] for d in page["items"]] == names[2:7]
    everything = client.get("/api/v1/departments", params={"limit": 500}).json()["items"]
    kjj = next(d for d in everything if d["name"] == KJJ)
    mine = [t for t in tasks if KJJ in task_departments(t)]
    assert kjj["led"] == sum(1 for t in mine if t.lead == KJJ)
    assert kjj["supported"] == len(mine) - kjj["led"]
    assert kjj["statuses"] == [{"status": "未报告", "count": len(mine)}] and kjj["overdue"] == len(mine)
    filtered = client.get("/api/v1/departments", params={"q": "科技"}).json()
    assert KJJ in [d["name"] for d in filtered["items"]] and filtered["total"] < len(names)


def test_department_detail_after_a_report(app: FastAPI, client: TestClient) -> None:
    token = login(client, "kjj")
    everything = client.get("/api/v1/departments", params={"limit": 500}).json()["items"]
    kjj_id = next(d["id"] for d in everything if d["name"] == KJJ)
    before = client.get(f"/api/v1/departments/{kjj_id}").json()
    assert before["summary"]["name"] == KJJ and before["plans"]
    group = before["plans"][0]
    assert (
        group["plan"]["period_start"] == 2021
        and group["period"]["label"] == "2025"
        and group["period"]["ended"]
    )
    task = group["tasks"][0]
    assert task["role"] == "牵头" and task["progress"]["overdue"]
    client.post(
        f"/api/v1/tasks/{task['progress']['task']['id']}/reports",
        json={"period_label": "2025", "status": "已完成"},
        headers={"X-CSRF-Token": token},
    )
    after = client.get(f"/api/v1/departments/{kjj_id}").json()
    done = after["plans"][0]["tasks"][0]["progress"]
    assert done["status"] == "已完成" and not done["overdue"] and done["latest"]["author"] == "kjj"
    assert after["summary"]["overdue"] == before["summary"]["overdue"] - 1
    assert len(after["overdue"]) == after["summary"]["overdue"]
    assert {"status": "已完成", "count": 1} in after["summary"]["statuses"]
    assert client.get("/api/v1/departments/99999").status_code == 404


def test_department_api_on_postgresql(pg_web_url: str) -> None:
    app = make_app(pg_web_url)
    try:
        with TestClient(app) as client:
            login(client, "viewer")
            page = client.get("/api/v1/departments", params={"q": KJJ}).json()
            assert [d["name"] for d in page["items"]] == [KJJ]
            detail = client.get(f"/api/v1/departments/{page['items'][0]['id']}").json()
            assert detail["summary"]["led"] > 0 and detail["plans"][0]["tasks"]
            assert client.get("/departments").status_code == 200
    finally:
        app.state.planwatch.database.engine.dispose()
