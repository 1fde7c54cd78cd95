"""规划对比 in a real browser: an admin confirms one suggested pair and corrects another; the audit log
shows both; a reporter and a viewer see no confirm actions and are refused when they post anyway."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect
from test_browser_login import sign_in

from conftest import screenshot


def _row(page: Page, a_name: str) -> Locator:
    return page.locator("tr.crosswalk-row").filter(has=page.locator("strong.a-name", has_text=a_name)).first


def test_admin_confirms_and_corrects_pairs(page: Page) -> None:
    sign_in(page, "admin")
    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="规划对比").click()
    expect(page.locator("h1")).to_contain_text("规划对比")
    screenshot(page, "compare", full_page=False)

    patents = _row(page, "每万人发明专利拥有量")
    expect(patents.locator(".pair-label")).to_have_text("口径调整")
    patents.get_by_role("button", name="确认").click()
    expect(page.locator(".alert.good")).to_contain_text("已保存对应关系")
    expect(_row(page, "每万人发明专利拥有量")).to_contain_text("已确认（admin）")

    incubators = _row(page, "科技企业孵化器")
    incubators.locator("summary", has_text="更正").click()
    incubators.get_by_label("本期对应指标").select_option(label="（无，删除）")
    incubators.get_by_label("对应关系").select_option(label="删除")
    incubators.get_by_label("说明").fill("浏览器测试：范围不同")
    incubators.get_by_role("button", name="保存更正").click()
    expect(page.locator(".alert.good")).to_be_visible()
    corrected = _row(page, "科技企业孵化器")
    expect(corrected.locator(".pair-label")).to_have_text("删除")
    expect(corrected).to_contain_text("浏览器测试：范围不同")

    page.goto("/audit?table=indicator_links")
    expect(page.locator("main")).to_contain_text("指标对应（规划对比）")
    expect(page.locator("main")).to_contain_text("科技企业孵化器")
    expect(page.locator("main")).to_contain_text("每万人发明专利拥有量")


def test_reporter_and_viewer_cannot_confirm(page: Page) -> None:
    for user in ("kjj", "viewer"):
        page.context.clear_cookies()
        sign_in(page, user)
        page.goto("/compare")
        expect(page.locator("tr.crosswalk-row").first).to_be_visible()
        expect(page.locator("form[action='/compare/pairs']")).to_have_count(0)
        token = page.locator("body").get_attribute("data-csrf")
        response = page.request.post(
            "/compare/pairs",
            form={
                "csrf_token": token or "",
                "a": "1",
                "b": "2",
                "a_ref": "",
                "b_ref": "",
                "label": "dropped",
            },
            max_redirects=0,
        )
        assert response.status == 403, (user, response.status)
