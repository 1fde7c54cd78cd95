"""评估报告: the page, the downloads and the API, admins only (drafts)."""

from __future__ import annotations

import io
import json
import re

import openpyxl
from docx import Document
from fastapi.testclient import TestClient

from web_support import login


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
    assert client.get(f"/plans/{ids['14']}/evaluation").status_code == 403
    assert client.get(f"/api/v1/plans/{ids['14']}/evaluation").status_code == 403
    download = client.get(f"/plans/{ids['14']}/evaluation/download", params={"format": "docx"})
    assert download.status_code == 403
