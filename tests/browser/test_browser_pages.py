"""The other main pages in a real browser: no script errors, Chinese text, and screenshots to look at.

Also the phone-sized layout of the dashboard (no horizontal scrolling of the page itself).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from test_browser_login import sign_in

from conftest import LiveServer, screenshot


def _plan_url(page: Page) -> str:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/plans/\d+$"))
    return page.url


@pytest.mark.parametrize(
    ("suffix", "name", "expected"),
    [
        ("/outline", "outline", "专栏"),
        ("/projects", "projects", "实验室"),
        ("/tasks", "tasks", "逾期任务"),
    ],
)
def test_plan_pages(page: Page, suffix: str, name: str, expected: str) -> None:
    sign_in(page, "admin")
    page.goto(_plan_url(page) + suffix)
    expect(page.locator("main")).to_contain_text(expected)
    screenshot(page, name)


def test_data_entry_page(page: Page) -> None:
    sign_in(page, "admin")
    page.goto("/data")
    expect(page.locator("main")).to_contain_text("数据录入")
    screenshot(page, "data-entry")
    page.goto("/data/upload")
    expect(page.locator("input[type=file]")).to_have_count(1)
    screenshot(page, "upload")


def test_outline_source_link_highlights_the_sentence(page: Page) -> None:
    sign_in(page, "admin")
    page.goto(_plan_url(page) + "/outline")
    link = page.locator("a[href*='/source?'][href*='hl=']").first
    link.click()
    expect(page.locator("mark").first).to_be_visible()
    screenshot(page, "source")


def test_dashboard_fits_a_phone(browser: Browser, live_server: LiveServer) -> None:
    context = browser.new_context(
        base_url=live_server.base_url, viewport={"width": 390, "height": 844}, locale="zh-CN"
    )
    page = context.new_page()
    try:
        sign_in(page, "kjj")
        _plan_url(page)
        expect(page.locator(".chart canvas, .chart svg").first).to_be_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"the page scrolls sideways by {overflow}px on a phone"
        screenshot(page, "dashboard-phone")
    finally:
        context.close()
