"""API 规划对比: read by any reader, pairs confirmed or corrected by admins only, each change audited."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services import stored_plans
from web_support import login


def _pair(app: FastAPI) -> tuple[int, int]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    plans = sorted(stored_plans(factory), key=lambda p: p.period_start or 0)
    return plans[0].id, plans[-1].id


def _row(data: dict[str, Any], a_name: str) -> dict[str, Any]:
    return next(r for r in data["crosswalk"] if r["a"] and r["a"]["name"] == a_name)


def test_any_reader_gets_the_comparison(app: FastAPI, client: TestClient) -> None:
    a, b = _pair(app)
    assert client.get("/api/v1/compare", params={"a": a, "b": b}).status_code == 401
    login(client, "viewer")
    response = client.get("/api/v1/compare", params={"a": a, "b": b})
    assert response.status_code == 200, response.text
    data = response.json()
    assert _row(data, "每万人发明专利拥有量")["label"] == "redefined"
    assert _row(data, "全社会R&D投入费用占GDP的比重")["continuity"]["achieved"] is True
    assert data["tasks"] and data["projects"]
    missing = client.get("/api/v1/compare", params={"a": a, "b": 999})
    assert missing.status_code == 404 and "找不到" in missing.json()["error"]["message"]


def test_only_admins_confirm_and_the_audit_log_shows_it(app: FastAPI, client: TestClient) -> None:
    a, b = _pair(app)
    login(client, "viewer")
    row = _row(client.get("/api/v1/compare", params={"a": a, "b": b}).json(), "科技企业孵化器")
    body = {"a": a, "b": b, "a_ref": row["a"]["ref"], "b_ref": row["b"]["ref"], "label": "redefined"}
    for user in ("viewer", "kjj"):
        token = login(client, user)
        refused = client.post("/api/v1/compare/pairs", json=body, headers={"X-CSRF-Token": token})
        assert refused.status_code == 403, user
    token = login(client, "admin")
    saved = client.post("/api/v1/compare/pairs", json=body, headers={"X-CSRF-Token": token})
    assert saved.status_code == 201, saved.text
    assert saved.json()["confirmed_by"] == "admin"
    again = _row(client.get("/api/v1/compare", params={"a": a, "b": b}).json(), "科技企业孵化器")
    assert again["confirmed"] is True
    bad = client.post(
        "/api/v1/compare/pairs", json={**body, "label": "unsure"}, headers={"X-CSRF-Token": token}
    )
    assert bad.status_code == 422 and "无法识别" in bad.json()["error"]["message"]
    log = client.get("/api/v1/audit", params={"table": "indicator_links"}).json()
    assert log["total"] >= 1 and log["items"][0]["entry"]["changed_by"] == "admin"


def test_plan_links_need_an_admin(app: FastAPI, client: TestClient) -> None:
    a, b = _pair(app)
    token = login(client, "kjj")
    body = {"predecessor": a, "successor": b}
    assert client.post("/api/v1/plan-links", json=body, headers={"X-CSRF-Token": token}).status_code == 403
    token = login(client, "admin")
    assert client.post("/api/v1/plan-links", json=body, headers={"X-CSRF-Token": token}).status_code == 201
