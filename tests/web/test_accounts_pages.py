"""Accounts: public read switch, the account page, user creation by admins only, roles enforced."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from web_support import login, make_app


@pytest.fixture
def public_client(web_url: str) -> Iterator[TestClient]:
    app = make_app(web_url, public_read=True)
    with TestClient(app) as client:
        yield client
    app.state.planwatch.database.engine.dispose()


def test_public_read_lets_visitors_read_but_not_write(public_client: TestClient) -> None:
    home = public_client.get("/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"].startswith("/plans/")
    me = public_client.get("/api/v1/me").json()
    assert me["signed_in"] is False
    refused = public_client.get("/api/v1/users")
    assert refused.status_code == 401


def test_signed_out_visitor_sees_no_plan_titles(client: TestClient) -> None:
    page = client.get("/login")
    assert "十四五" not in page.text and "主导航" not in page.text


def test_admin_creates_a_reporter_and_sees_the_password_once(client: TestClient) -> None:
    token = login(client, "admin")
    response = client.post(
        "/account/users",
        data={
            "username": "jxj",
            "display_name": "市经信局填报员",
            "role": "reporter",
            "departments": "市经信局",
            "csrf_token": token,
        },
    )
    assert response.status_code == 200
    assert "初始密码" in response.text and "jxj：" in response.text
    again = client.get("/account")
    assert "初始密码（只显示这一次）" not in again.text
    users = client.get("/api/v1/users").json()
    created = next(u for u in users if u["username"] == "jxj")
    assert created["role"] == "reporter" and created["departments"] == ["市经信局"]


def test_reporter_needs_a_known_department(client: TestClient) -> None:
    token = login(client, "admin")
    response = client.post(
        "/api/v1/users",
        json={"username": "nobody", "role": "reporter", "departments": []},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 409
    assert "至少一个责任单位" in response.json()["error"]["message"]
    unknown = client.post(
        "/api/v1/users",
        json={"username": "nobody", "role": "reporter", "departments": ["不存在的局"]},
        headers={"X-CSRF-Token": token},
    )
    assert unknown.status_code == 404


@pytest.mark.parametrize("username", ["kjj", "viewer"])
def test_only_admins_manage_accounts(client: TestClient, username: str) -> None:
    token = login(client, username)
    api = client.post(
        "/api/v1/users", json={"username": "x", "role": "admin"}, headers={"X-CSRF-Token": token}
    )
    assert api.status_code == 403
    form = client.post("/account/users", data={"username": "x", "role": "admin", "csrf_token": token})
    assert form.status_code == 403
    assert "只有管理员" in form.text


def test_viewer_cannot_create_tokens(client: TestClient) -> None:
    token = login(client, "viewer")
    response = client.post("/api/v1/tokens", json={"name": "x"}, headers={"X-CSRF-Token": token})
    assert response.status_code == 403
    assert "只读" in response.json()["error"]["message"]


def test_password_change_requires_the_current_password(client: TestClient) -> None:
    token = login(client, "viewer")
    wrong = client.post(
        "/account/password", data={"current": "nope", "new": "a-new-password-1", "csrf_token": token}
    )
    assert "当前密码不正确" in wrong.text
    ok = client.post(
        "/account/password",
        data={"current": "viewer-password", "new": "a-new-password-1", "csrf_token": token},
    )
    assert "密码已修改" in ok.text
    short = client.post(
        "/account/password", data={"current": "a-new-password-1", "new": "short", "csrf_token": token}
    )
    assert short.status_code == 422 and "至少需要 12 个字符" in short.text
