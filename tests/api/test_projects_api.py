"""The 专栏项目 API: a plan's box entries and all plans' entries, filtered and paginated, as on the page."""

from __future__ import annotations

from typing import Any

import lxml.html
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services import stored_plans
from planwatch.store.views import PlanSummary
from web_support import login

LABS_2_1 = [
    "光谷实验室",
    "珞珈实验室",
    "江夏实验室",
    "洪山实验室",
    "江城实验室",
    "东湖实验室",
    "九峰山实验室",
    "武昌实验室",
]


def plans(app: FastAPI) -> tuple[PlanSummary, PlanSummary]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    stored = stored_plans(factory)
    return (
        next(p for p in stored if p.period_start == 2021),
        next(p for p in stored if p.period_start == 2011),
    )


def ok(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_box_filter_gives_the_entries_with_their_box_and_units(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, _ = plans(app)
    page = ok(client, f"/api/v1/plans/{p14.id}/projects", box="2-1")
    assert page["total"] == 8
    assert [p["name"] for p in page["items"]] == LABS_2_1
    first = page["items"][0]
    assert (first["box_marker"], first["box_number"], first["box_title"]) == ("专栏 2-1", "2-1", "湖北实验室")
    assert first["type"] == "实验室" and first["plan_id"] == p14.id
    assert (first["line_start"], first["line_end"]) == (499, 505)
    assert first["inherited"] is True and first["notes"][0]["lead"]["name"] == "市科技局"
    assert ok(client, f"/api/v1/plans/{p14.id}/projects", box="专栏 2-1")["total"] == 8
    # a box of numbered items: 3-7's entries carry their paragraphs' text
    items = ok(client, f"/api/v1/plans/{p14.id}/projects", box="3-7")["items"]
    assert [p["name"] for p in items][:2] == ["网络安全", "航空航天"]
    assert items[0]["text"] and items[0]["type"] == "技术方向"


def test_type_and_phrase_filters_and_pagination(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, p12 = plans(app)
    labs = ok(client, f"/api/v1/plans/{p14.id}/projects", type="实验室", limit=5)
    assert labs["total"] == 15 and labs["limit"] == 5 and len(labs["items"]) == 5
    rest = ok(client, f"/api/v1/plans/{p14.id}/projects", type="实验室", limit=5, offset=10)
    assert len(rest["items"]) == 5 and rest["items"][-1]["name"] == "油料作物生物学重点实验室"
    found = ok(client, f"/api/v1/plans/{p14.id}/projects", type="实验室", q="光电")
    assert [p["name"] for p in found["items"]] == ["光谷实验室"]
    everything = ok(client, "/api/v1/projects", limit=500)
    assert everything["total"] == 82
    assert {p["plan_id"] for p in everything["items"]} == {p14.id}  # the 12th plan has no boxes
    assert ok(client, "/api/v1/projects", plan_id=p12.id)["total"] == 0

    bad = client.get("/api/v1/projects", params={"type": "火箭"})
    assert bad.status_code == 422 and "项目类型“火箭”不存在" in bad.json()["error"]["message"]
    missing = client.get("/api/v1/plans/99999/projects")
    assert missing.status_code == 404 and "找不到编号为 99999 的规划" in missing.json()["error"]["message"]


def test_projects_api_equals_the_page(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, _ = plans(app)
    for params in ({"type": "中心"}, {"q": "数控"}, {"box": "3-9"}):
        api = ok(client, f"/api/v1/plans/{p14.id}/projects", limit=500, **params)
        doc = lxml.html.fromstring(client.get(f"/plans/{p14.id}/projects", params=params).text)
        ids = [int(a.get("id").removeprefix("project-")) for a in doc.xpath("//article[@id]")]
        assert ids == [p["id"] for p in api["items"]], params
        types = [t.text_content() for t in doc.xpath("//span[contains(@class,'project-type')]")]
        assert types == [p["type"] for p in api["items"]]
