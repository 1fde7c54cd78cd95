"""The plans API: list, summary, outline tree with facts, source lines; the same data as the pages; PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services import stored_plans
from planwatch.store.views import PlanSummary
from web_support import login, make_app

ROOT = Path(__file__).resolve().parents[2]
PLAN_14_FILE = ROOT / "examples" / "plans" / "wuhan-14th-sci-tech-2021-2025.txt"
CHAPTERS_14 = [
    "开启科技创新中心建设新征程",
    "创建湖北东湖综合性国家科学中心",
    "打造产业创新高地",
    "打造创新人才集聚高地",
    "打造科技成果转化高地",
    "营造最优科技创新生态",
    "强化规划实施保障",
]


def plans(app: FastAPI) -> tuple[PlanSummary, PlanSummary]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    stored = stored_plans(factory)
    return (
        next(p for p in stored if p.period_start == 2021),
        next(p for p in stored if p.period_start == 2011),
    )


def walk(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        yield node
        yield from walk(node["children"])


def ok(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_api_needs_a_reader(client: TestClient) -> None:
    response = client.get("/api/v1/plans")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_required"


def test_plan_list_and_summary(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, p12 = plans(app)
    listing = ok(client, "/api/v1/plans")
    assert listing["total"] == 2 and listing["offset"] == 0
    assert [item["plan"]["id"] for item in listing["items"]] == [p14.id, p12.id]
    first = listing["items"][0]
    assert first["plan"]["title"] == "武汉市科技创新发展“十四五”规划"
    assert first["counts"] == {
        "nodes": 283,
        "chapters": 7,
        "boxes": 15,
        "indicators": 11,  # 10 table rows and the in-text target 国家重大科技基础设施
        "targets": 8,
        "tasks": 54,
    }
    assert first["has_source"] is True
    page = ok(client, "/api/v1/plans", limit=1, offset=1)
    assert page["total"] == 2 and [i["plan"]["id"] for i in page["items"]] == [p12.id]

    summary = ok(client, f"/api/v1/plans/{p12.id}")
    assert summary["plan"]["period_start"] == 2011 and summary["plan"]["period_label"] == "十二五"
    assert [r["notice_doc_number"] for r in summary["revisions"]] == ["武政〔2012〕10号"]
    assert summary["counts"]["indicators"] == 42 and summary["counts"]["chapters"] == 0

    missing = client.get("/api/v1/plans/99999")
    assert missing.status_code == 404
    assert missing.json()["error"] == {"code": "not_found", "message": missing.json()["error"]["message"]}
    assert "找不到编号为 99999 的规划" in missing.json()["error"]["message"]


def test_outline_tree_carries_the_facts_of_each_clause(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, _ = plans(app)
    outline = ok(client, f"/api/v1/plans/{p14.id}/outline")
    assert outline["plan"]["id"] == p14.id and outline["has_source"] is True
    chapters = [n for n in outline["roots"] if n["kind"] == "chapter"]
    assert [c["title"] for c in chapters] == CHAPTERS_14
    assert [c["marker"] for c in chapters][:2] == ["第一章", "第二章"]
    nodes = list(walk(outline["roots"]))
    assert len(nodes) == outline["node_count"] == 283
    boxes = [n for n in nodes if n["kind"] == "box"]
    assert len(boxes) == 15 and boxes[0]["number"] == "2-1" and boxes[0]["title"] == "湖北实验室"
    assert len(boxes[0]["children"]) == 8

    clause = next(n for n in nodes if "高新技术企业数量突破12000家" in n["text"])
    note = clause["notes"][0]
    assert note["lead"]["name"] == "市科技局" and note["lead"]["lead"] is True
    assert note["lead"]["department_id"] is not None and note["task_id"] is not None
    assert [u["name"] for u in note["supporting"]][:2] == ["市发改委", "市经信局"]
    target = clause["targets"][0]
    assert (target["metric"], target["comparator"], target["value"], target["unit"], target["year"]) == (
        "高新技术企业数量",
        ">=",
        12000.0,
        "家",
        2025,
    )
    assert sum(len(n["indicators"]) for n in nodes) == 11
    assert any(f["value"] == 152.67 and f["year"] == 2020 for n in nodes for f in n["figures"])

    filtered = ok(client, f"/api/v1/plans/{p14.id}/outline", q="光谷实验室")
    assert filtered["match_count"] == 2
    hits = [n for n in walk(filtered["roots"]) if n["matched"]]
    assert all("光谷实验室" in n["title"] + n["text"] for n in hits)


def test_outline_api_equals_the_page(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    for plan in plans(app):
        outline = ok(client, f"/api/v1/plans/{plan.id}/outline")
        doc = lxml.html.fromstring(client.get(f"/plans/{plan.id}/outline").text)
        sections = doc.xpath("//div[@data-outline]//section")
        assert [int(s.get("id").removeprefix("node-")) for s in sections] == [
            n["id"] for n in walk(outline["roots"])
        ]
        page_targets = doc.xpath("//li[contains(@class,'target')]/span[@class='metric']")
        assert [" ".join(t.text_content().split()) for t in page_targets] == [
            t["metric"] for n in walk(outline["roots"]) for t in n["targets"]
        ]


def test_source_lines_and_ranges(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, p12 = plans(app)
    original = PLAN_14_FILE.read_text(encoding="utf-8").split("\n")
    source = ok(client, f"/api/v1/plans/{p14.id}/source", **{"from": 11, "to": 13})
    assert source["from"] == 11 and source["to"] == 13 and source["line_count"] == len(original)
    assert source["lines"] == [{"number": n, "text": original[n - 1]} for n in (11, 12, 13)]
    assert source["lines"][0]["text"].strip() == "第一章 开启科技创新中心建设新征程"
    whole = ok(client, f"/api/v1/plans/{p12.id}/source")
    assert whole["from"] == 1 and len(whole["lines"]) == whole["line_count"] == whole["to"]

    for params, words in (
        ({"from": 0}, "从 1 开始"),
        ({"from": 9, "to": 3}, "不能小于"),
        ({"from": 1, "to": 99999}, "超出范围"),
    ):
        response = client.get(f"/api/v1/plans/{p14.id}/source", params=params)
        assert response.status_code == 422, params
        assert response.json()["error"]["code"] == "invalid_input"
        assert words in response.json()["error"]["message"]
    bad = client.get(f"/api/v1/plans/{p14.id}/source", params={"from": "abc"})
    assert bad.status_code == 422 and "请求内容不正确" in bad.json()["error"]["message"]
    assert client.get("/api/v1/plans/99999/source").status_code == 404


@pytest.mark.postgres
def test_postgresql_smoke(pg_web_url: str) -> None:
    """The seeded PostgreSQL database serves the same pages and API, source lines included."""
    app = make_app(pg_web_url)
    try:
        with TestClient(app) as client:
            login(client, "viewer")
            p14, p12 = plans(app)
            listing = ok(client, "/api/v1/plans")
            assert [i["counts"]["boxes"] for i in listing["items"]] == [15, 0]
            outline = ok(client, f"/api/v1/plans/{p14.id}/outline")
            assert [n["title"] for n in outline["roots"] if n["kind"] == "chapter"] == CHAPTERS_14
            original = PLAN_14_FILE.read_text(encoding="utf-8").split("\n")
            source = ok(client, f"/api/v1/plans/{p14.id}/source", **{"from": 1896, "to": 1906})
            assert [line["text"] for line in source["lines"]] == original[1895:1906]
            labs = ok(client, "/api/v1/projects", type="实验室")
            assert labs["total"] == 15
            for url in (
                "/plans",
                f"/plans/{p14.id}/outline?q=市科技局",
                f"/plans/{p12.id}/outline",
                f"/plans/{p14.id}/source?from=1896&to=1906&hl=到2025年，技术合同成交额突破1300亿元。",
                f"/plans/{p14.id}/projects?type=实验室",
                "/projects",
            ):
                response = client.get(url)
                assert response.status_code == 200, url
            marked = lxml.html.fromstring(
                client.get(
                    f"/plans/{p14.id}/source?from=1896&to=1906&hl=到2025年，技术合同成交额突破1300亿元。"
                ).text
            ).xpath("//mark")
            assert (
                "".join("".join(m.text_content().split()) for m in marked)
                == "到2025年，技术合同成交额突破1300亿元。"
            )
    finally:
        app.state.planwatch.database.engine.dispose()
