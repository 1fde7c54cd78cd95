"""评估报告: the page, the downloads and the API, admins only (drafts)."""

from __future__ import annotations

import io
import json
import re

import openpyxl
from docx import Document
from fastapi.testclient import TestClient

from web_support import csrf_token, login, make_app


def plan_ids(client: TestClient) -> dict[str, int]:
    """ "12" and "14" → the sample plans' ids, as the plan list gives them."""
    listed = client.get("/api/v1/plans")
    if listed.status_code != 200:  # signed out: sign in as the admin only to look them up
        login(client, "admin")
        listed = client.get("/api/v1/plans")
        client.post("/logout", headers={"X-CSRF-Token": ""})
        client.cookies.clear()
    items = listed.json()["items"]
    return {"12" if p["plan"]["period_start"] == 2011 else "14": p["plan"]["id"] for p in items}


def test_admin_previews_and_downloads(client: TestClient) -> None:
    login(client, "admin")
    ids = plan_ids(client)
    page = client.get(f"/plans/{ids['14']}/evaluation")
    assert page.status_code == 200
    html = page.text
    assert "评估报告（草稿）" in html and "一、总体评价" in html and "部门考评排名" in html
    assert "evaluation/download?kind=final&amp;as_of=2025&amp;format=docx" in html, re.findall(
        r'href="[^"]*download[^"]*"', html
    )
    docx = client.get(
        f"/plans/{ids['14']}/evaluation/download", params={"kind": "final", "as_of": "2025", "format": "docx"}
    )
    assert docx.status_code == 200 and "filename*=UTF-8''" in docx.headers["content-disposition"]
    texts = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert "二、主要指标完成情况" in texts
    xlsx = client.get(f"/plans/{ids['14']}/evaluation/download", params={"format": "xlsx"})
    assert "主要指标完成情况表" in openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames
    mid = client.get(f"/plans/{ids['14']}/evaluation", params={"kind": "midterm", "as_of": "2023-06-30"})
    assert mid.status_code == 200 and "截至2023年6月30日" in mid.text


def test_bad_cutoff_is_one_sentence(client: TestClient) -> None:
    login(client, "admin")
    ids = plan_ids(client)
    page = client.get(f"/plans/{ids['14']}/evaluation", params={"as_of": "2024"})
    assert page.status_code == 422 and "总结评估须按目标年（2025年）数据评价" in page.text
    api = client.get(f"/api/v1/plans/{ids['14']}/evaluation", params={"as_of": "明年"})
    assert api.status_code == 422 and "无法识别" in api.json()["error"]["message"]


def test_api_returns_the_content(client: TestClient) -> None:
    login(client, "admin")
    ids = plan_ids(client)
    response = client.get(f"/api/v1/plans/{ids['12']}/evaluation", params={"as_of": "2015"})
    assert response.status_code == 200
    content = json.loads(response.content)
    assert content["format"] == "planwatch.evaluation/1" and content["meta"]["cutoff"] == "2015"
    assert [s["key"] for s in content["sections"]][:2] == ["overview", "indicators"]


def test_drafts_are_for_admins_only(client: TestClient) -> None:
    ids = plan_ids(client)
    assert client.get(f"/api/v1/plans/{ids['14']}/evaluation").status_code == 401
    login(client, "kjj")
    page = client.get(f"/plans/{ids['14']}/evaluation")
    assert page.status_code == 200 and "还没有发布评估报告" in page.text and "一、总体评价" not in page.text
    assert client.get(f"/api/v1/plans/{ids['14']}/evaluation").status_code == 404
    download = client.get(f"/plans/{ids['14']}/evaluation/download", params={"format": "docx"})
    assert download.status_code == 422
    token = csrf_token(client)
    refused = client.post(
        f"/plans/{ids['14']}/evaluation/publish", data={"csrf_token": token, "as_of": "2025"}
    )
    assert refused.status_code == 403


def publish(client: TestClient, plan: int, *, internal: bool) -> None:
    token = login(client, "admin")
    data = {"csrf_token": token, "kind": "final", "as_of": "2025"}
    if internal:
        data["internal_scorecards"] = "true"
    response = client.post(f"/plans/{plan}/evaluation/publish", data=data, follow_redirects=False)
    assert response.status_code == 303
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    client.cookies.clear()


def test_published_report_with_internal_scorecards(client: TestClient) -> None:
    ids = plan_ids(client)
    publish(client, ids["14"], internal=True)
    # a publish without the CSRF token is refused
    login(client, "admin")
    assert client.post(f"/plans/{ids['14']}/evaluation/publish", data={"as_of": "2025"}).status_code == 403
    client.cookies.clear()
    login(client, "kjj")  # reporter of 市科技局
    page = client.get(f"/plans/{ids['14']}/evaluation")
    assert page.status_code == 200 and "一、总体评价" in page.text
    assert "附表3 部门考评" not in page.text and "本单位考评结果" in page.text
    content = client.get(f"/api/v1/plans/{ids['14']}/evaluation").json()
    assert [c["unit"] for c in content["scorecards"]] == ["市科技局"]
    assert "appendix-scorecards" not in [a["key"] for a in content["appendices"]]
    client.cookies.clear()
    login(client, "viewer")
    assert client.get(f"/api/v1/plans/{ids['14']}/evaluation").json()["scorecards"] == []
    client.cookies.clear()
    login(client, "admin")
    everything = client.get(f"/api/v1/plans/{ids['14']}/evaluation", params={"published": "true"}).json()
    assert len(everything["scorecards"]) > 1
    audit = client.get("/api/v1/audit", params={"table": "evaluation_publications"})
    assert audit.status_code == 200 and audit.json()["total"] >= 1


def test_published_report_with_open_scorecards(client: TestClient) -> None:
    ids = plan_ids(client)
    publish(client, ids["14"], internal=False)
    login(client, "fgw")
    content = client.get(f"/api/v1/plans/{ids['14']}/evaluation").json()
    assert len(content["scorecards"]) > 1
    assert "appendix-scorecards" in [a["key"] for a in content["appendices"]]


def test_public_read_shows_the_published_version_only(web_url: str) -> None:
    application = make_app(web_url, public_read=True)
    try:
        with TestClient(application) as visitor:
            ids = plan_ids(visitor)
            page = visitor.get(f"/plans/{ids['14']}/evaluation")
            assert page.status_code == 200 and "还没有发布评估报告" in page.text
            publish(visitor, ids["14"], internal=True)
            page = visitor.get(f"/plans/{ids['14']}/evaluation")
            assert "一、总体评价" in page.text and "附表3 部门考评" not in page.text
            content = visitor.get(f"/api/v1/plans/{ids['14']}/evaluation").json()
            assert content["scorecards"] == [] and content["meta"]["cutoff"] == "2025"
    finally:
        application.state.planwatch.database.engine.dispose()
