"""专栏项目: the named entries of the 14th plan's boxes, filtered by box, type and phrase; across all plans."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import lxml.html
from fastapi import FastAPI
from fastapi.testclient import TestClient
from lxml.html import HtmlElement
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services import stored_plans
from planwatch.services.projects import project_type
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


def by_class(element: HtmlElement, tag: str, name: str) -> list[HtmlElement]:
    found: list[HtmlElement] = element.xpath(
        f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
    )
    return found


def text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def page(client: TestClient, url: str, **params: str) -> HtmlElement:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text[-2000:]
    return lxml.html.fromstring(response.text)


def names(doc: HtmlElement) -> list[str]:
    """Project names in page order (the type badge after the name is left out)."""
    return ["".join(h.xpath("./text()|./mark/text()")).strip() for h in by_class(doc, "h3", "project-name")]


def test_types_come_from_name_endings_then_the_box_title() -> None:
    assert project_type("光谷实验室") == "实验室"
    assert project_type("纺织新材料与先进加工技术重点实验室") == "实验室"
    assert project_type("武汉超级计算中心") == "中心"
    assert project_type("精密重力测量设施") == "装置·设施"
    assert project_type("某某创新基地（筹）。") == "基地"
    assert project_type("武汉光源", "重大科技基础设施") == "装置·设施"
    assert project_type("光", "“光芯屏端网”新一代信息领域关键技术方向") == "技术方向"
    assert project_type("2025年目标", "东湖科学城") == "园区"
    assert project_type("某项工作", "重点任务") == "其他"


def test_box_2_1_lists_its_eight_labs_with_their_units(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, _ = plans(app)
    doc = page(client, f"/plans/{p14.id}/projects", box="2-1")
    boxes = by_class(doc, "section", "project-box")
    assert [text(b.xpath(".//h2")[0]) for b in boxes] == ["专栏 2-1 湖北实验室"]
    assert names(doc) == LABS_2_1
    first = by_class(doc, "article", "project")[0]
    assert "光电" in text(by_class(first, "p", "project-text")[0])
    assert text(by_class(first, "span", "lead")[0]) == "牵头 市科技局"
    assert "所在条文的责任单位" in text(first)  # the box is assigned through the clause it belongs to
    link = by_class(first, "a", "source-link")[0].get("href")
    query = parse_qs(urlsplit(link).query)
    assert query["from"] == ["499"] and query["hl"] == ["光谷实验室"]
    source = lxml.html.fromstring(client.get(link).text)
    assert [m.text_content() for m in source.xpath("//div[@id='L499']//mark")] == ["光谷实验室"]
    assert "共 82 个项目，符合条件的 8 个" in text(doc)


def test_filter_by_type_and_phrase(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, _ = plans(app)
    labs = page(client, f"/plans/{p14.id}/projects", type="实验室")
    lab_names = names(labs)
    assert len(lab_names) == 15
    assert all(n.endswith("实验室") for n in lab_names)
    assert {t.text_content() for t in by_class(labs, "span", "project-type")} == {"实验室"}
    assert lab_names[:8] == LABS_2_1 and "油料作物生物学重点实验室" in lab_names
    selected = labs.xpath("//select[@name='type']/option[@selected]")
    assert [o.get("value") for o in selected] == ["实验室"]

    centres = names(page(client, f"/plans/{p14.id}/projects", type="中心"))
    assert "武汉超级计算中心" in centres and "疫苗技术创新中心" in centres and len(centres) == 13

    found = page(client, f"/plans/{p14.id}/projects", type="实验室", q="光电")
    assert names(found) == ["光谷实验室"]
    assert {m.text_content() for m in found.xpath("//mark")} == {"光电"}

    by_name = page(client, f"/plans/{p14.id}/projects", q="数控")
    assert "智能设计与数控技术创新中心" in names(by_name) and "高档数控机床" in names(by_name)


def test_query_is_escaped_and_bad_type_refused(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, _ = plans(app)
    response = client.get(f"/plans/{p14.id}/projects", params={"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in response.text
    assert "没有符合条件的项目" in response.text
    response = client.get(f"/plans/{p14.id}/projects", params={"type": "火箭"})
    assert response.status_code == 422 and "项目类型“火箭”不存在" in response.text
    assert client.get("/plans/99999/projects").status_code == 404


def test_all_plans_page_and_a_plan_without_boxes(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, p12 = plans(app)
    everything = page(client, "/projects", type="装置·设施")
    assert len(names(everything)) == 9
    outline_links = everything.xpath("//article//a[contains(@href, '/outline#node-')]/@href")
    assert len(outline_links) == 9 and all(
        h.startswith(f"/plans/{p14.id}/outline#node-") for h in outline_links
    )
    assert all(
        "《武汉市科技创新发展“十四五”规划》" in text(b.xpath(".//h2")[0])
        for b in by_class(everything, "section", "project-box")
    )
    assert re.search(r"共 82 个项目", text(everything))
    none = page(client, f"/plans/{p12.id}/projects")
    assert "该规划没有专栏" in text(none)
