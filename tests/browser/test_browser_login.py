"""Signing in through a real browser, and Chinese text rendering in the page's own web font."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from conftest import screenshot
from web_support import PASSWORDS


def sign_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORDS[username])
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".user-nav")).not_to_contain_text("登录")


def test_login_page_renders_chinese_in_the_local_font(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url("/login?next=/")
    expect(page.get_by_role("heading", name="登录 planwatch")).to_be_visible()
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans SC\"', '登录')")
    screenshot(page, "login")


def test_wrong_password_shows_a_chinese_message(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")
