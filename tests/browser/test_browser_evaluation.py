"""评估报告 in a real browser: an admin opens the page, generates the final evaluation, downloads DOCX and XLSX."""

from __future__ import annotations

import io
import re

import openpyxl
from docx import Document
from playwright.sync_api import Page, expect
from test_browser_login import sign_in

from conftest import screenshot


def test_admin_generates_and_downloads_the_final_evaluation(page: Page) -> None:
    sign_in(page, "admin")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/plans/\d+$"))
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="评估报告").click()
    expect(page.locator(".evaluation-tools h1")).to_contain_text("评估报告（草稿）")

    # choose the mid-term review first, then the final evaluation as of 2025
    page.get_by_label("评估类型").select_option("midterm")
    page.get_by_label("截止时间").fill("2023-06-30")
    page.get_by_role("button", name="生成报告").click()
    expect(page.locator(".evaluation-report h1")).to_contain_text("中期评估报告")
    page.get_by_label("评估类型").select_option("final")
    page.get_by_label("截止时间").fill("2025")
    page.get_by_role("button", name="生成报告").click()
    report = page.locator(".evaluation-report")
    expect(report.locator("h1")).to_contain_text("总结评估报告")
    expect(report).to_contain_text("一、总体评价")
    expect(report.locator('table[data-key="indicators"] tbody tr')).to_have_count(11)
    page.locator("details.card summary").click()
    expect(page.locator("#scorecards tbody tr").first).to_be_visible()
    screenshot(page, "evaluation", full_page=False)

    with page.expect_download() as docx_download:
        page.locator('a[data-format="docx"]').click()
    docx = Document(io.BytesIO(docx_download.value.path().read_bytes()))
    assert "二、主要指标完成情况" in [p.text for p in docx.paragraphs]
    assert docx_download.value.suggested_filename.endswith("（2025）.docx")

    with page.expect_download() as xlsx_download:
        page.locator('a[data-format="xlsx"]').click()
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()))
    assert workbook.sheetnames[:4] == ["主要指标完成情况表", "任务推进情况表", "部门考评表", "数据来源"]
