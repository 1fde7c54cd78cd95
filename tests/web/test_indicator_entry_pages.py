"""The 手工录入指标表 page: admins only, CSRF, template downloads, row errors shown, the table stored."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services.parsing import parse_plan_file
from planwatch.services.plans import store_plan
from web_support import csrf_token, login

ROOT = Path(__file__).resolve().parents[2]
XINXIANG = ROOT / "tests" / "golden" / "real" / "xinxiang-manufacturing-three-year-action-plan-2023-2025.txt"
ROWS = (
    "类别\t序号\t指标\t单位\t基期值\t目标值\t属性\n"
    "产业能级\t1\t制造业增加值占全市生产总值的比重\t%\t28.5∗\t30以上\t预期性\n"
    "\t2\t规模以上工业企业数量\t家\t1800\t2200\t预期性\n"
)


def _plan(app: FastAPI) -> int:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    return store_plan(factory, parse_plan_file(XINXIANG))[0].id


def test_only_admins_see_and_use_the_entry_form(app: FastAPI, client: TestClient) -> None:
    plan = _plan(app)
    url = f"/plans/{plan}/indicators/entry"
    token = login(client, "kjj")
    assert url not in client.get(f"/plans/{plan}/indicators").text
    assert client.get(url).status_code == 403
    assert client.post(url, data={"rows": ROWS, "csrf_token": token}).status_code == 403
    token = login(client, "admin")
    assert f'href="{url}"' in client.get(f"/plans/{plan}/indicators").text
    assert client.post(url, data={"rows": ROWS}).status_code == 403  # no CSRF token


def test_pasted_rows_become_the_table_marked_as_entered(app: FastAPI, client: TestClient) -> None:
    plan = _plan(app)
    token = login(client, "admin")
    page = client.get(f"/plans/{plan}/indicators/entry")
    assert page.status_code == 200 and "从原文识别 0 项" in page.text and "2022 年、2025 年" in page.text
    done = client.post(
        f"/plans/{plan}/indicators/entry", data={"rows": ROWS, "csrf_token": token}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"] == f"/plans/{plan}/indicators"
    table = client.get(done.headers["location"]).text
    assert "已为《" in table and "手工录入 2 项指标" in table
    assert "本规划有 2 项指标为手工录入" in table
    assert table.count("手工录入 ·") == 2  # each entered row is marked 手工录入 under its name
    audit = client.get("/audit").text
    assert "制造业增加值占全市生产总值的比重" in audit and "2025年 30以上" in audit


def test_a_bad_sheet_comes_back_with_each_row_and_nothing_stored(app: FastAPI, client: TestClient) -> None:
    plan = _plan(app)
    token = login(client, "admin")
    bad = ROWS + "\t3\t高新技术企业数量\t家\t400\t\t强制性\n"
    page = client.post(f"/plans/{plan}/indicators/entry", data={"rows": bad, "csrf_token": token})
    assert page.status_code == 422
    assert "第 4 行（高新技术企业数量）：缺少目标值" in page.text
    assert "属性“强制性”无法识别" in page.text
    assert "高新技术企业数量\t家\t400" in page.text  # the pasted rows are kept for correcting
    assert "手工录入 ·" not in client.get(f"/plans/{plan}/indicators").text


def test_an_uploaded_xlsx_and_the_extracted_table_rule(app: FastAPI, client: TestClient) -> None:
    token = login(client, "admin")
    book = openpyxl.load_workbook(io.BytesIO(client.get("/indicator-template.xlsx").content))
    sheet = book.worksheets[0]
    sheet.delete_rows(2, sheet.max_row)
    sheet.append(["", 1, "高新技术企业数量", "家", 2020, 6259, 2025, 12000, "预期性"])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = {"file": ("指标表.xlsx", buffer.getvalue(), "application/octet-stream")}
    # the seeded 14th plan has an extracted table: refused unless the admin ticks 替换
    p14 = max(
        (p for p in client.get("/api/v1/plans").json()["items"]),
        key=lambda item: item["plan"]["period_start"],
    )["plan"]["id"]
    refused = client.post(f"/plans/{p14}/indicators/entry", data={"csrf_token": token}, files=upload)
    assert refused.status_code == 422 and "已有从原文识别的指标表（10 项）" in refused.text
    done = client.post(
        f"/plans/{p14}/indicators/entry",
        data={"csrf_token": csrf_token(client), "replace": "yes"},
        files=upload,
        follow_redirects=False,
    )
    assert done.status_code == 303
    table = client.get(f"/plans/{p14}/indicators").text
    assert "手工录入 1 项指标（第 1 版），替换了从原文识别的 10 项" in table
    csv = client.get("/indicator-template.csv")
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")
