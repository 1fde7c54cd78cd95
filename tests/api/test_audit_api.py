"""The audit API: admins only, newest first, filters by table and user, importer lines hideable."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.store import recent_changes, transaction
from planwatch.store.task_queries import current_tasks
from web_support import csrf_token, login


def _factory(app: FastAPI) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    return factory


def test_only_admins_read_the_audit_log(client: TestClient) -> None:
    assert client.get("/api/v1/audit").status_code == 401
    for name in ("kjj", "fgw", "viewer"):
        login(client, name)
        response = client.get("/api/v1/audit")
        assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
        client.post("/logout", data={"csrf_token": csrf_token(client)})


def test_report_appears_in_the_audit_log_with_who_field_and_value(app: FastAPI, client: TestClient) -> None:
    with transaction(_factory(app), read_only=True) as session:
        task = next(t for t in current_tasks(session) if t.lead == "市科技局")
    token = login(client, "kjj")
    report = client.post(
        f"/api/v1/tasks/{task.id}/reports",
        json={"period_label": "2025", "status": "推进中", "narrative": "新说明"},
        headers={"X-CSRF-Token": token},
    ).json()
    login(client, "admin")
    page = client.get("/api/v1/audit", params={"table": "progress_reports", "user": "kjj"}).json()
    assert page["total"] == 6
    fields = {i["entry"]["field"]: i for i in page["items"]}
    narrative = fields["narrative"]
    assert narrative["entry"]["new_value"] == "新说明" and narrative["entry"]["old_value"] is None
    assert narrative["entry"]["changed_by"] == "kjj" and narrative["entry"]["row_id"] == report["id"]
    assert (
        narrative["link"] == f"/tasks/{task.id}#report-{report['id']}"
        and narrative["object_label"] == f"进展报告 #{report['id']}"
    )
    assert narrative["table_label"] == "进展报告" and narrative["field_label"] == "进展说明"
    newest = client.get("/api/v1/audit", params={"limit": 1}).json()["items"][0]
    assert newest["entry"]["changed_by"] == "kjj"


def test_filters_and_pagination(app: FastAPI, client: TestClient) -> None:
    with transaction(_factory(app), read_only=True) as session:
        _, total = recent_changes(session, limit=1)
        _, imported = recent_changes(session, limit=1, changed_by="import")
    login(client, "admin")
    page = client.get("/api/v1/audit", params={"limit": 10, "offset": 10}).json()
    assert page["total"] == total and len(page["items"]) == 10 and page["offset"] == 10
    first = client.get("/api/v1/audit", params={"limit": 20}).json()["items"]
    assert [i["entry"]["id"] for i in first[10:]] == [i["entry"]["id"] for i in page["items"]]
    assert [i["entry"]["id"] for i in first] == sorted((i["entry"]["id"] for i in first), reverse=True)
    hidden = client.get("/api/v1/audit", params={"hide_import": True, "limit": 500}).json()
    assert hidden["total"] == total - imported
    assert all(i["entry"]["changed_by"] != "import" for i in hidden["items"])
    observations = client.get("/api/v1/audit", params={"table": "observations", "limit": 5}).json()["items"]
    assert observations and all(i["link"].startswith("/indicators/") for i in observations)
    assert all(i["table_label"] == "观测值" for i in observations)
