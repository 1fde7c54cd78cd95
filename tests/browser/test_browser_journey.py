"""The issue's end-to-end journey in a real browser.

A 市科技局 reporter signs in, opens the 14th plan's dashboard and the indicator 高新技术企业数量 (chart
and latest value), files a progress report on one of its tasks, is refused on another department's task;
the planning office then sees the report in the audit log. Screenshots of the main pages are saved to
build/screenshots/ on the way.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect
from test_browser_login import sign_in

from conftest import screenshot

NARRATIVE = "已建成市级以上创新平台12个（浏览器测试）"


def _tasks(page: Page) -> list[dict[str, Any]]:
    response = page.request.get("/api/v1/tasks?limit=500")
    assert response.ok, response.text()
    return [item["task"] for item in response.json()["items"]]


def _units(task: dict[str, Any]) -> set[str]:
    return {task["lead"], *(d["name"] for d in task["supporting"])}


def test_reporter_journey(page: Page) -> None:
    sign_in(page, "kjj")

    # The dashboard of the plan running now (the 14th plan).
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/plans/\d+$"))
    expect(page.locator("main")).to_contain_text("十四五")
    screenshot(page, "dashboard", full_page=True)

    # The indicator page: chart drawn, latest value shown.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="指标").click()
    screenshot(page, "indicators")
    page.get_by_role("link", name="高新技术企业数量").first.click()
    expect(page.locator("h1")).to_contain_text("高新技术企业数量")
    chart = page.locator(".chart canvas, .chart svg").first
    expect(chart).to_be_visible()
    expect(page.locator("main")).to_contain_text("最新值")
    screenshot(page, "indicator", full_page=True)

    # File a report on a task 市科技局 leads, through the department page.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="部门").click()
    page.get_by_role("link", name="市科技局", exact=True).first.click()
    screenshot(page, "department")
    own = next(t for t in _tasks(page) if t["lead"] == "市科技局")
    page.goto(f"/tasks/{own['id']}")
    page.get_by_label("状态").select_option("推进中")
    page.get_by_label("完成百分比（可不填）").fill("80")
    page.get_by_label("进展说明").fill(NARRATIVE)
    page.get_by_role("button", name="提交进展报告").click()
    expect(page.locator("main")).to_contain_text("进展报告已提交")
    expect(page.locator("main")).to_contain_text(NARRATIVE)
    screenshot(page, "task")

    # Another department's task: no form, and a forged request is refused.
    foreign = next(t for t in _tasks(page) if "市科技局" not in _units(t))
    page.goto(f"/tasks/{foreign['id']}")
    expect(page.locator("main")).to_contain_text("只有该任务的责任单位可以填报进展")
    expect(page.get_by_role("button", name="提交进展报告")).to_have_count(0)
    status = page.evaluate(
        """async (taskId) => {
            const csrf = document.body.dataset.csrf;
            const response = await fetch(`/api/v1/tasks/${taskId}/reports`, {
                method: "POST",
                headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
                body: JSON.stringify({period_label: "2025", status: "已完成", narrative: "越权填报"}),
            });
            return response.status;
        }""",
        foreign["id"],
    )
    assert status == 403

    # The planning office sees the report in the audit log.
    page.get_by_role("button", name="退出").click()
    sign_in(page, "admin")
    page.goto("/audit")
    expect(page.locator("main")).to_contain_text(NARRATIVE)
    expect(page.locator("main")).to_contain_text("kjj")
    expect(page.locator("main")).not_to_contain_text("越权填报")
    screenshot(page, "audit")
