"""The task API: listing with filters on both plans, a task's detail and reports, filing and correcting."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services import stored_plans
from planwatch.services.permissions import task_departments
from planwatch.store import history_for, transaction
from planwatch.store.task_queries import current_tasks
from planwatch.store.views import PlanSummary, TaskOut
from web_support import login

KJJ, FGW = "市科技局", "市发改委"


def _factory(app: FastAPI) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    return factory


def plans(app: FastAPI) -> tuple[PlanSummary, PlanSummary]:
    stored = stored_plans(_factory(app))
    return next(p for p in stored if p.period_start == 2021), next(
        p for p in stored if p.period_start == 2011
    )


def tasks(app: FastAPI, plan_id: int | None = None) -> list[TaskOut]:
    with transaction(_factory(app), read_only=True) as session:
        return current_tasks(session, plan_id=plan_id)


def ids(page: dict[str, Any]) -> list[int]:
    return [item["task"]["id"] for item in page["items"]]


def test_listing_paginates_and_filters_on_both_plans(app: FastAPI, client: TestClient) -> None:
    p14, p12 = plans(app)
    all14 = tasks(app, p14.id)
    login(client, "viewer")
    page = client.get("/api/v1/tasks", params={"plan_id": p14.id, "limit": 10, "offset": 5}).json()
    assert page["total"] == len(all14) and page["limit"] == 10 and page["offset"] == 5
    assert ids(page) == [t.id for t in all14[5:15]]
    first = page["items"][0]
    assert first["status"] == "未报告" and first["overdue"] is True and first["period_label"] == "2025"
    assert first["overdue_reason"] == "2025 年度尚未报告" and first["latest"] is None
    assert first["units"][0]["role"] == "牵头" and first["units"][0]["id"] is not None

    empty = client.get("/api/v1/tasks", params={"plan_id": p12.id}).json()
    assert empty == {"items": [], "total": 0, "limit": 50, "offset": 0}

    everything = client.get("/api/v1/tasks", params={"limit": 500}).json()
    assert everything["total"] == len(tasks(app))

    fgw = client.get("/api/v1/tasks", params={"plan_id": p14.id, "department": FGW, "limit": 500}).json()
    assert ids(fgw) == [t.id for t in all14 if FGW in task_departments(t)]
    words = client.get("/api/v1/tasks", params={"plan_id": p14.id, "q": "人才 机制", "limit": 500}).json()
    assert ids(words) and all("人才" in t["task"]["title"] + t["task"]["text"] for t in words["items"])
    assert client.get("/api/v1/tasks", params={"status": "已完成"}).json()["total"] == 0
    assert client.get("/api/v1/tasks", params={"overdue": True}).json()["total"] == len(tasks(app))


def test_listing_errors_are_chinese(client: TestClient) -> None:
    login(client, "viewer")
    bad = client.get("/api/v1/tasks", params={"status": "很好"})
    assert bad.status_code == 422 and "无法识别" in bad.json()["error"]["message"]
    unknown = client.get("/api/v1/tasks", params={"department": "不存在的局"})
    assert unknown.status_code == 404 and "不存在的局" in unknown.json()["error"]["message"]
    assert client.get("/api/v1/tasks", params={"plan_id": 9999}).status_code == 404
    assert client.get("/api/v1/tasks/99999").status_code == 404
    assert client.get("/api/v1/tasks/99999/reports").status_code == 404


def test_anonymous_reading_needs_sign_in(client: TestClient) -> None:
    response = client.get("/api/v1/tasks")
    assert response.status_code == 401 and response.json()["error"]["code"] == "authentication_required"


def test_file_list_and_correct_reports(app: FastAPI, client: TestClient) -> None:
    p14, _ = plans(app)
    task = next(t for t in tasks(app, p14.id) if t.lead == KJJ)
    token = login(client, "kjj")
    headers = {"X-CSRF-Token": token}
    body = {
        "period_label": "2025",
        "status": "推进中",
        "percent": 30,
        "narrative": "稳步推进",
        "evidence": ["文件甲"],
    }
    created = client.post(f"/api/v1/tasks/{task.id}/reports", json=body, headers=headers)
    assert created.status_code == 201, created.text
    report = created.json()
    assert report["department"] == KJJ and report["author"] == "kjj" and report["evidence"] == ["文件甲"]
    second = client.post(
        f"/api/v1/tasks/{task.id}/reports", json={"period_label": "2026", "status": "滞后"}, headers=headers
    ).json()

    listed = client.get(f"/api/v1/tasks/{task.id}/reports").json()
    assert [r["id"] for r in listed] == [second["id"], report["id"]]  # newest first

    detail = client.get(f"/api/v1/tasks/{task.id}").json()
    assert detail["progress"]["status"] == "滞后" and detail["progress"]["reported"] is True
    assert (
        detail["progress"]["overdue"] is True and detail["progress"]["overdue_reason"] == "最新报告为“滞后”"
    )
    assert detail["can_report"] is True and detail["reporting_departments"] == [KJJ]
    assert detail["default_period"] == "2025" and detail["plan"]["id"] == p14.id
    assert [e["report"]["id"] for e in detail["reports"]] == [second["id"], report["id"]]
    assert set(detail["editable_reports"]) == {report["id"], second["id"]}
    assert all(e["edits"] == [] for e in detail["reports"])  # filing is not an edit

    patched = client.patch(
        f"/api/v1/reports/{report['id']}",
        json={"status": "已完成", "percent": None, "period_label": "2025H2"},
        headers=headers,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["status"] == "已完成" and patched.json()["percent"] is None
    assert patched.json()["period_label"] == "2025H2" and patched.json()["narrative"] == "稳步推进"
    untouched = client.patch(
        f"/api/v1/reports/{report['id']}", json={"narrative": "补充说明"}, headers=headers
    )
    assert untouched.json()["status"] == "已完成" and untouched.json()["narrative"] == "补充说明"
    with transaction(_factory(app), read_only=True) as session:
        changes = {
            (c.field, c.old_value, c.new_value)
            for c in history_for(session, "progress_reports", report["id"])
        }
    assert {
        ("status", "推进中", "已完成"),
        ("percent", "30", None),
        ("period_label", "2025", "2025H2"),
    } <= changes
    assert ("narrative", "稳步推进", "补充说明") in changes
    edits = client.get(f"/api/v1/tasks/{task.id}").json()["reports"][1]["edits"]
    assert [e["field"] for e in edits] == ["status", "period_label", "percent", "narrative"]
    assert client.get(f"/api/v1/reports/{report['id']}").json()["narrative"] == "补充说明"
    login(client, "viewer")  # reading a report needs no write permission
    assert client.get(f"/api/v1/reports/{report['id']}").json()["author"] == "kjj"
    assert client.get("/api/v1/reports/99999").status_code == 404


def test_invalid_reports_are_refused_with_chinese_messages(app: FastAPI, client: TestClient) -> None:
    p14, _ = plans(app)
    task = next(t for t in tasks(app, p14.id) if t.lead == KJJ)
    headers = {"X-CSRF-Token": login(client, "kjj")}
    for body, status, text in (
        ({"period_label": "2025", "status": "很好"}, 422, "status"),
        ({"period_label": "2025", "status": "推进中", "percent": 120}, 422, "0 到 100"),
        ({"period_label": " ", "status": "推进中"}, 422, "报告期"),
        ({"period_label": "2025" * 6, "status": "推进中"}, 422, "太长"),
        ({"status": "推进中"}, 422, "period_label"),
    ):
        response = client.post(f"/api/v1/tasks/{task.id}/reports", json=body, headers=headers)
        assert response.status_code == status, body
        assert text in str(response.json()["error"]), body
    assert client.get(f"/api/v1/tasks/{task.id}/reports").json() == []
    missing = client.post(
        "/api/v1/tasks/99999/reports", json={"period_label": "2025", "status": "推进中"}, headers=headers
    )
    assert missing.status_code == 404
    assert client.patch("/api/v1/reports/99999", json={}, headers=headers).status_code == 404


def test_bearer_token_files_reports_without_csrf(app: FastAPI, client: TestClient) -> None:
    p14, _ = plans(app)
    task = next(
        t for t in tasks(app, p14.id) if FGW in task_departments(t) and KJJ not in task_departments(t)
    )
    token = login(client, "fgw")
    secret = client.post("/api/v1/tokens", json={"name": "同步"}, headers={"X-CSRF-Token": token}).json()[
        "secret"
    ]
    with TestClient(client.app) as script:
        auth = {"Authorization": f"Bearer {secret}"}
        response = script.post(
            f"/api/v1/tasks/{task.id}/reports",
            json={"period_label": "2025", "status": "已完成"},
            headers=auth,
        )
        assert response.status_code == 201 and response.json()["department"] == FGW
        kjj_task = next(t for t in tasks(app, p14.id) if FGW not in task_departments(t))
        refused = script.post(
            f"/api/v1/tasks/{kjj_task.id}/reports",
            json={"period_label": "2025", "status": "已完成"},
            headers=auth,
        )
        assert refused.status_code == 403
