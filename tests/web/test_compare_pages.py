"""规划对比 page: choose two plans; admins confirm and correct pairs; reporters and viewers cannot."""

from __future__ import annotations

import lxml.html
from fastapi import FastAPI
from fastapi.testclient import TestClient
from lxml.html import HtmlElement
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services import stored_plans
from web_support import login


def _pair(app: FastAPI) -> tuple[int, int]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    plans = sorted(stored_plans(factory), key=lambda p: p.period_start or 0)
    return plans[0].id, plans[-1].id


def _page(client: TestClient, url: str = "/compare", **params: int) -> HtmlElement:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text[-2000:]
    return lxml.html.fromstring(response.text)


def _row(doc: HtmlElement, a_name: str) -> HtmlElement:
    rows: list[HtmlElement] = doc.xpath(
        f"//tr[contains(@class, 'crosswalk-row')][.//strong[@class='a-name'][normalize-space()='{a_name}']]"
    )
    assert len(rows) == 1, a_name
    return rows[0]


def test_the_page_opens_on_the_two_plans_of_an_area(app: FastAPI, client: TestClient) -> None:
    a, b = _pair(app)
    login(client, "viewer")
    doc = _page(client)
    assert doc.xpath("//select[@name='a']/option[@selected]/@value") == [str(a)]
    assert doc.xpath("//select[@name='b']/option[@selected]/@value") == [str(b)]
    row = _row(doc, "每万人发明专利拥有量")
    assert row.get("data-label") == "redefined"
    assert "高价值" in row.text_content()
    assert not doc.xpath("//form[@action='/compare/pairs']")  # a viewer gets no confirm actions
    assert doc.xpath("//section[@id='tasks']//tr[contains(@class,'carry-row')]")
    links = doc.xpath("//section[@id='projects']//a[contains(@class,'source-link')]/@href")
    assert any(h.startswith(f"/plans/{a}/source?from=461") for h in links)
    assert any(h.startswith(f"/plans/{b}/source?from=951") for h in links)
    assert doc.xpath("//nav[@class='main-nav']/a[@href='/compare'][@aria-current='page']")


def test_an_admin_confirms_one_pair_and_corrects_another(app: FastAPI, client: TestClient) -> None:
    a, b = _pair(app)
    login(client, "admin")
    doc = _page(client, a=a, b=b)
    patents = _row(doc, "每万人发明专利拥有量")
    confirm = patents.xpath(".//form[contains(@class,'confirm-form')]")[0]
    fields = {i.get("name"): i.get("value") for i in confirm.xpath(".//input")}
    response = client.post("/compare/pairs", data=fields, follow_redirects=False)
    assert response.status_code == 303
    incubators = _row(_page(client, a=a, b=b), "科技企业孵化器")
    correct = incubators.xpath(".//form[contains(@class,'correct-form')]")[0]
    fields = {i.get("name"): i.get("value") for i in correct.xpath(".//input")}
    fields.update({"b_ref": "", "label": "dropped", "note": "范围不同"})
    assert client.post("/compare/pairs", data=fields, follow_redirects=False).status_code == 303
    doc = _page(client, a=a, b=b)
    patents = _row(doc, "每万人发明专利拥有量")
    assert "已确认（admin）" in patents.text_content()
    incubators = _row(doc, "科技企业孵化器")
    assert incubators.get("data-label") == "dropped" and "范围不同" in incubators.text_content()
    audit = client.get("/audit", params={"table": "indicator_links"})
    assert audit.status_code == 200
    assert "指标对应（规划对比）" in audit.text and "科技企业孵化器" in audit.text


def test_a_wrong_correction_is_explained_on_the_page(app: FastAPI, client: TestClient) -> None:
    a, b = _pair(app)
    token = login(client, "admin")
    response = client.post(
        "/compare/pairs",
        data={"csrf_token": token, "a": a, "b": b, "a_ref": "i1", "b_ref": "", "label": "maybe"},
    )
    assert response.status_code == 422 and "无法识别" in response.text


def test_reporters_and_viewers_cannot_confirm(app: FastAPI, client: TestClient) -> None:
    a, b = _pair(app)
    for user in ("kjj", "viewer"):
        token = login(client, user)
        response = client.post(
            "/compare/pairs",
            data={"csrf_token": token, "a": a, "b": b, "a_ref": "", "b_ref": "", "label": "dropped"},
            follow_redirects=False,
        )
        assert response.status_code == 403, user
        link = client.post(
            "/compare/link", data={"csrf_token": token, "a": a, "b": b}, follow_redirects=False
        )
        assert link.status_code == 403, user


def test_an_admin_links_the_plans(app: FastAPI, client: TestClient) -> None:
    a, b = _pair(app)
    token = login(client, "admin")
    response = client.post(
        "/compare/link", data={"csrf_token": token, "a": a, "b": b}, follow_redirects=False
    )
    assert response.status_code == 303
    doc = _page(client, a=a, b=b)
    assert "本期规划的上期规划" in doc.text_content()
