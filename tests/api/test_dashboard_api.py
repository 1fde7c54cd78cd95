"""GET /api/v1/plans/{id}/dashboard: the same data as the 总览 page, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services import stored_plans
from planwatch.store.views import PlanSummary
from web_support import EVALUATION_YEAR, OWNED_INDICATOR, login, make_app

_CARD = re.compile(r'data-status="([^"]+)">\s*<span class="value">(\d+)</span>')


def _plans(app: FastAPI) -> tuple[PlanSummary, PlanSummary]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    stored = stored_plans(factory)
    return (
        next(p for p in stored if p.period_start == 2021),
        next(p for p in stored if p.period_start == 2011),
    )


def _counts(body: dict[str, Any]) -> dict[str, int]:
    return {c["label"]: c["count"] for c in body["status_counts"]}


def test_dashboard_json_matches_the_page(app: FastAPI, client: TestClient) -> None:
    p14, _ = _plans(app)
    login(client, "viewer")
    response = client.get(f"/api/v1/plans/{p14.id}/dashboard")
    assert response.status_code == 200
    body = response.json()
    assert body["plan"]["id"] == p14.id and body["as_of_year"] == EVALUATION_YEAR
    assert body["indicator_total"] == 11
    counts = _counts(body)
    assert counts["提前实现"] == 3 and counts["数据不足"] == 8 and sum(counts.values()) == 11
    assert body["status_counts"][0]["status"] == "achieved_early"
    page = client.get(f"/plans/{p14.id}").text
    assert {label: int(n) for label, n in _CARD.findall(page)} == counts

    families = {f["key"]: f for f in body["families"]}
    assert set(families) == {"growth", "share", "money", "count"}
    firms = next(i for i in families["count"]["items"] if i["name"] == OWNED_INDICATOR)
    assert firms["achievement_percent"] == 187.1 and firms["latest_text"] == "2025年 突破17,000家"

    tasks = body["tasks"]
    assert tasks["total"] == 54 and tasks["by_department"][0]["name"] == "市科技局"
    assert {s["status"]: s["count"] for s in tasks["by_status"]}["未报告"] == 54
    assert all(c["changed_by"] != "import" for c in body["recent_changes"])
    assert body["recent_changes"][0]["summary"] == f"设置“{OWNED_INDICATOR}”的责任单位：无 → 市科技局"
    gaps = body["data_gaps"]
    assert (gaps["window_start"], gaps["window_end"]) == (2023, 2025)
    assert gaps["unreported_tasks_total"] == 54 and len(gaps["unreported_tasks"]) == 10
    assert {m["name"] for m in gaps["insufficient"]} >= {
        "国家级创新创业孵化载体数量",
        "全社会研发经费投入增长",
    }


def test_dashboard_of_the_12th_plan_and_of_a_past_year(app: FastAPI, client: TestClient) -> None:
    p14, p12 = _plans(app)
    login(client, "viewer")
    body = client.get(f"/api/v1/plans/{p12.id}/dashboard").json()
    # 42 monitored: the table rows and the in-text targets, now named with their subjects (生物产业年产值 and
    # 新材料产业年产值 are two series, no longer one "年产值") and dated by “十二五”时期
    assert body["indicator_total"] == 42 and body["tasks"]["total"] == 0
    assert _counts(body)["已完成"] == 1
    early = client.get(f"/api/v1/plans/{p14.id}/dashboard", params={"year": 2021}).json()
    assert early["as_of_year"] == 2021 and early["notes"] == []
    assert (early["data_gaps"]["window_start"], early["data_gaps"]["window_end"]) == (2021, 2021)


def test_dashboard_errors_are_json_in_chinese(client: TestClient) -> None:
    anonymous = client.get("/api/v1/plans/1/dashboard")
    assert anonymous.status_code == 401 and anonymous.json()["error"]["code"] == "authentication_required"
    login(client, "viewer")
    missing = client.get("/api/v1/plans/99999/dashboard")
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "找不到编号为 99999 的规划，请从“全部规划”列表中选择。"
    bad_year = client.get("/api/v1/plans/1/dashboard", params={"year": 3000})
    assert bad_year.status_code == 422 and "year" in bad_year.json()["error"]["fields"]


@pytest.fixture(scope="module")
def pg_client(pg_web_url: str) -> Iterator[TestClient]:
    app = make_app(pg_web_url)
    with TestClient(app) as client:
        yield client
    app.state.planwatch.database.engine.dispose()


def test_dashboard_on_postgresql(pg_client: TestClient) -> None:
    p14, p12 = _plans(pg_client.app)  # type: ignore[arg-type]
    login(pg_client, "viewer")
    body = pg_client.get(f"/api/v1/plans/{p14.id}/dashboard").json()
    assert body["indicator_total"] == 11 and _counts(body)["提前实现"] == 3  # 湖北实验室: only 湖北省 figures
    assert body["tasks"]["total"] == 54
    assert body["recent_changes"][0]["summary"] == f"设置“{OWNED_INDICATOR}”的责任单位：无 → 市科技局"
    assert pg_client.get(f"/plans/{p14.id}").status_code == 200
    assert pg_client.get(f"/api/v1/plans/{p12.id}/dashboard").json()["indicator_total"] == 42
