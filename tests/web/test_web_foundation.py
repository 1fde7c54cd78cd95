"""The app factory, sign-in, sessions, CSRF, errors and security headers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from web_support import PASSWORDS, csrf_token, login


def test_anonymous_visitor_is_sent_to_login(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_login_and_logout(client: TestClient) -> None:
    token = login(client, "admin")
    home = client.get("/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"].startswith("/plans/")
    assert client.get("/api/v1/me").json()["username"] == "admin"
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/api/v1/me").json()["signed_in"] is False


def test_wrong_password_is_refused_in_chinese(client: TestClient) -> None:
    token = csrf_token(client)
    response = client.post("/login", data={"username": "admin", "password": "nope", "csrf_token": token})
    assert response.status_code == 401
    assert "用户名或密码不正确" in response.text


def test_login_is_rate_limited(client: TestClient) -> None:
    token = csrf_token(client)
    for _ in range(5):
        client.post("/login", data={"username": "kjj", "password": "wrong-password", "csrf_token": token})
    response = client.post(
        "/login", data={"username": "kjj", "password": PASSWORDS["kjj"], "csrf_token": token}
    )
    assert response.status_code == 429
    assert "登录失败次数过多" in response.text


def test_form_without_csrf_token_is_refused(client: TestClient) -> None:
    response = client.post("/login", data={"username": "admin", "password": PASSWORDS["admin"]})
    assert response.status_code == 403
    assert "CSRF" in response.text


def test_api_errors_are_json_in_chinese(client: TestClient) -> None:
    response = client.get("/api/v1/users")
    assert response.status_code == 401
    body = response.json()
    assert body["error"]["code"] == "authentication_required" and "登录" in body["error"]["message"]
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and "找不到" in missing.json()["error"]["message"]


def test_security_headers(client: TestClient) -> None:
    response = client.get("/login")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_api_token_authenticates_scripts_without_csrf(client: TestClient) -> None:
    token = login(client, "admin")
    created = client.post("/api/v1/tokens", json={"name": "同步"}, headers={"X-CSRF-Token": token})
    assert created.status_code == 201, created.text
    secret = created.json()["secret"]
    with TestClient(client.app) as script:
        me = script.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
        assert me.json()["username"] == "admin"
        bad = script.get("/api/v1/me", headers={"Authorization": "Bearer pw_wrong"})
        assert bad.status_code == 401


def test_static_assets_are_served_locally(client: TestClient) -> None:
    for path in ("/static/css/app.css", "/static/vendor/echarts.min.js", "/static/vendor/htmx.min.js"):
        assert client.get(path).status_code == 200, path
