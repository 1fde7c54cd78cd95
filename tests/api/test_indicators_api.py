"""The indicator API: the paginated table, one indicator with chart series, and responsible departments."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services import stored_plans
from planwatch.store import history_for, list_indicators, transaction
from planwatch.store.views import PlanSummary
from web_support import EVALUATION_YEAR, OWNED_INDICATOR, login, make_app

_CHART = re.compile(r'<script type="application/json" id="indicator-chart-data">(.*?)</script>', re.S)


def _factory(app: FastAPI) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    return factory


def _plans(app: FastAPI) -> tuple[PlanSummary, PlanSummary]:
    stored = stored_plans(_factory(app))
    return (
        next(p for p in stored if p.period_start == 2021),
        next(p for p in stored if p.period_start == 2011),
    )


def _indicator_id(app: FastAPI, plan_id: int, name: str) -> int:
    with transaction(_factory(app), read_only=True) as session:
        return next(i for i, n in list_indicators(session, plan_id).items() if n == name)


def test_indicator_table_is_paginated(app: FastAPI, client: TestClient) -> None:
    p14, p12 = _plans(app)
    login(client, "viewer")
    whole = client.get(f"/api/v1/plans/{p14.id}/indicators").json()
    assert whole["total"] == 11 and whole["limit"] == 50 and len(whole["items"]) == 11
    page = client.get(f"/api/v1/plans/{p14.id}/indicators", params={"limit": 4, "offset": 2}).json()
    assert [r["name"] for r in page["items"]] == [r["name"] for r in whole["items"][2:6]]
    firms = next(r for r in whole["items"] if r["name"] == OWNED_INDICATOR)
    assert (firms["baseline_year"], firms["baseline_value"]) == (2020, 6259)
    assert (firms["target_year"], firms["target_value"], firms["comparator"]) == (2025, 12000, ">=")
    assert firms["status"] == "achieved_early" and firms["status_label"] == "提前实现"
    latest = firms["latest"]
    assert (latest["year"], latest["value"], latest["qualifier"]) == (2025, 17000, "lower_bound")
    assert latest["text"] == "突破17,000家" and latest["source_label"] == "ycqclp.cn"
    growth = whole["items"][0]
    assert growth["kind"] == "growth" and growth["level_series"] == "全社会研发经费投入"
    assert growth["status"] == "insufficient_data" and growth["family"] == "growth"
    text_only = whole["items"][-1]
    # an in-text target has an indicator of its own, so it can receive figures and has a page
    assert text_only["origin"] == "text_target" and text_only["indicator_id"] is not None
    assert client.get(f"/api/v1/indicators/{text_only['indicator_id']}").status_code == 200
    old = client.get(f"/api/v1/plans/{p14.id}/indicators", params={"year": 2022}).json()
    assert next(r for r in old["items"] if r["name"] == OWNED_INDICATOR)["latest"]["value"] == 12400
    assert (
        client.get(f"/api/v1/plans/{p12.id}/indicators", params={"limit": 500}).json()["total"] == 42
    )  # table rows and in-text targets, named with their subjects


def test_indicator_detail_matches_the_page(app: FastAPI, client: TestClient) -> None:
    p14, _ = _plans(app)
    owned = _indicator_id(app, p14.id, OWNED_INDICATOR)
    login(client, "viewer")
    body = client.get(f"/api/v1/indicators/{owned}").json()
    assert body["indicator_id"] == owned and body["as_of_year"] == EVALUATION_YEAR
    row = body["row"]
    assert (row["baseline_value"], row["target_value"], row["status_label"]) == (6259, 12000, "提前实现")
    assert body["departments"] == ["市科技局"] and (body["line_start"], body["line_end"]) == (445, 445)
    counted = {(o["year"], o["value"]) for o in body["observations"] if o["counts"]}
    assert (2022, 12400) in counted and (2024, 16000) in counted
    assert all(o["review"] == "accepted" for o in body["observations"]) and body["proposals"] == []
    path = {p["year"]: p for p in body["expected_path"]}
    assert path[2025]["linear"] == 12000 and abs(path[2025]["compound"] - 12000) < 1e-6
    assert path[2020]["linear"] == path[2020]["compound"] == 6259
    history = {h["year"]: h["status_label"] for h in body["history"]}
    assert history[2021] == "快于预期" and history[2022] == "提前实现" and max(history) == EVALUATION_YEAR
    assert body["forecast"]["value"] is None and "不再预测" in body["forecast"]["reason"]
    conflicts = {c["year"]: c for c in body["conflicts"]}
    assert conflicts[2021]["chosen_text"] == "9,151家" and len(conflicts[2021]["candidates"]) == 3
    # the page draws exactly the chart series the API serves
    page = client.get(f"/indicators/{owned}").text
    match = _CHART.search(page)
    assert match is not None and json.loads(match.group(1)) == body["chart"]


def test_unknown_indicator_is_a_404_in_chinese(client: TestClient) -> None:
    login(client, "viewer")
    response = client.get("/api/v1/indicators/99999")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "找不到编号为 99999 的指标，请从规划的指标列表中选择。"}
    }
    assert client.put("/api/v1/indicators/99999/departments", json={"departments": []}).status_code == 403


def test_only_admins_set_departments(app: FastAPI, client: TestClient) -> None:
    p14, _ = _plans(app)
    target = _indicator_id(app, p14.id, "技术合同成交额")
    url = f"/api/v1/indicators/{target}/departments"
    assert client.put(url, json={"departments": ["市科技局"]}).status_code in (401, 403)
    token = login(client, "kjj")
    refused = client.put(url, json={"departments": ["市科技局"]}, headers={"X-CSRF-Token": token})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"

    token = login(client, "admin")
    no_csrf = client.put(url, json={"departments": ["市科技局"]})
    assert no_csrf.status_code == 403 and no_csrf.json()["error"]["code"] == "csrf_failed"
    done = client.put(url, json={"departments": ["市科技局", "市发改委"]}, headers={"X-CSRF-Token": token})
    assert done.status_code == 200
    assert done.json() == {"indicator_id": target, "departments": ["市科技局", "市发改委"]}
    assert client.get(f"/api/v1/indicators/{target}").json()["departments"] == ["市科技局", "市发改委"]
    with transaction(_factory(app), read_only=True) as session:
        change = history_for(session, "indicators", target)[-1]
    assert (change.new_value, change.changed_by) == ("市科技局、市发改委", "admin")
    unknown = client.put(url, json={"departments": ["不存在的局"]}, headers={"X-CSRF-Token": token})
    assert unknown.status_code == 404 and "不存在的局" in unknown.json()["error"]["message"]
    bad = client.put(url, json={"departments": "市科技局"}, headers={"X-CSRF-Token": token})
    assert bad.status_code == 422
    missing = client.put(
        "/api/v1/indicators/99999/departments", json={"departments": []}, headers={"X-CSRF-Token": token}
    )
    assert missing.status_code == 404


@pytest.fixture(scope="module")
def pg_client(pg_web_url: str) -> Iterator[TestClient]:
    app = make_app(pg_web_url)
    with TestClient(app) as client:
        yield client
    app.state.planwatch.database.engine.dispose()


def test_indicator_api_on_postgresql(pg_client: TestClient) -> None:
    app: FastAPI = pg_client.app  # type: ignore[assignment]
    p14, p12 = _plans(app)
    owned = _indicator_id(app, p14.id, OWNED_INDICATOR)
    login(pg_client, "viewer")
    body = pg_client.get(f"/api/v1/indicators/{owned}").json()
    assert body["row"]["status_label"] == "提前实现" and body["chart"]["target"]["value"] == 12000
    assert (
        pg_client.get(f"/api/v1/plans/{p12.id}/indicators").json()["total"] == 42
    )  # table rows and in-text targets, named with their subjects
    assert pg_client.get(f"/indicators/{owned}").status_code == 200
