"""Sessions and tokens that can be cut off (issue 9, item 4), on SQLite and PostgreSQL.

Each test starts from an empty database holding three accounts, so it runs on both backends quickly.
A "copied cookie" is the session cookie taken from one client and replayed by another.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from typer.testing import CliRunner

from planwatch.cli.main import app as cli_app
from planwatch.domain.accounts import UserRole
from planwatch.domain.errors import PlanwatchError
from planwatch.server.app import SESSION_COOKIE
from planwatch.services import accounts
from planwatch.store import recent_changes, transaction
from planwatch.store.models import UserSessionRow, utcnow
from store_backends import Backend
from web_support import csrf_token, make_app

PASSWORDS = {"boss": "boss-secret-passphrase", "rep": "reporter-passphrase", "ro": "viewer-passphrase"}


@dataclass
class Site:
    url: str
    app: FastAPI

    @property
    def factory(self):  # type: ignore[no-untyped-def]
        return self.app.state.planwatch.factory

    def user_id(self, name: str) -> int:
        user = accounts.find_user(self.factory, name)
        assert user is not None
        return user.id

    def client(self, **kwargs: object) -> TestClient:
        return TestClient(self.app, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def site(backend: Backend) -> Iterator[Site]:
    app = make_app(backend.app_url)
    factory = app.state.planwatch.factory
    accounts.add_user(factory, "boss", UserRole.ADMIN, who="test", password=PASSWORDS["boss"])
    accounts.add_user(factory, "rep", UserRole.ADMIN, who="test", password=PASSWORDS["rep"])
    accounts.add_user(factory, "ro", UserRole.VIEWER, who="test", password=PASSWORDS["ro"])
    yield Site(backend.app_url, app)
    app.state.planwatch.database.engine.dispose()


def sign_in(client: TestClient, name: str, password: str | None = None) -> str:
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={"username": name, "password": password or PASSWORDS[name], "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_token(client)


def signed_in(client: TestClient) -> bool:
    return bool(client.get("/api/v1/me").json()["signed_in"])


def copied(site: Site, original: TestClient) -> TestClient:
    thief = site.client()
    thief.cookies.set(SESSION_COOKIE, original.cookies[SESSION_COOKIE])
    return thief


def cookie_payload(client: TestClient) -> str:
    """The decoded content of the signed (not encrypted) session cookie."""
    raw = client.cookies[SESSION_COOKIE].split(".")[0]
    return base64.b64decode(raw + "=" * (-len(raw) % 4)).decode()


def test_logout_ends_the_session_for_a_copied_cookie(site: Site) -> None:
    with site.client() as browser:
        token = sign_in(browser, "boss")
        thief = copied(site, browser)
        assert signed_in(thief)
        browser.post("/logout", data={"csrf_token": token})
        assert not signed_in(browser)
        assert not signed_in(thief)
        assert thief.get("/account", follow_redirects=False).status_code == 303


def test_web_password_change_ends_other_sessions_and_tokens(site: Site) -> None:
    with site.client() as laptop, site.client() as phone:
        csrf = sign_in(laptop, "rep")
        sign_in(phone, "rep")
        token = accounts.create_token(site.factory, site.user_id("rep"), "sync", who="rep").secret
        assert (
            site.client().get("/api/v1/tokens", headers={"Authorization": f"Bearer {token}"}).status_code
            == 200
        )
        changed = laptop.post(
            "/account/password",
            data={"current": PASSWORDS["rep"], "new": "another-long-passphrase", "csrf_token": csrf},
        )
        assert "密码已修改" in changed.text and "已结束 1 个其他登录会话" in changed.text
        assert signed_in(laptop)  # the session that made the change stays
        assert not signed_in(phone)
        refused = site.client().get("/api/v1/tokens", headers={"Authorization": f"Bearer {token}"})
        assert refused.status_code == 401


def test_cli_passwd_ends_every_session(site: Site) -> None:
    with site.client() as browser:
        sign_in(browser, "ro")
        result = CliRunner().invoke(cli_app, ["--database", site.url, "user", "passwd", "ro"])
        assert result.exit_code == 0, result.output
        assert "已结束 1 个登录会话" in result.output
        assert not signed_in(browser)


@pytest.mark.parametrize("column", ["last_seen_at", "expires_at"])
def test_idle_and_absolute_timeouts_end_a_session(site: Site, column: str) -> None:
    with site.client() as browser:
        sign_in(browser, "ro")
        past = utcnow() - timedelta(seconds=site.app.state.planwatch.settings.session_idle_s + 60)
        with transaction(site.factory) as session:
            session.execute(update(UserSessionRow).values({column: past}))
        assert not signed_in(browser)


def test_session_cookie_holds_no_user_id_and_no_new_secrets(site: Site) -> None:
    with site.client() as browser:
        csrf = sign_in(browser, "boss")
        made = browser.post("/account/tokens", data={"name": "sync", "scope": "write", "csrf_token": csrf})
        secret = next(w for w in made.text.split() if "pw_" in w)
        assert "只显示这一次" in made.text
        created = browser.post(
            "/account/users", data={"username": "newbie", "role": "viewer", "csrf_token": csrf}
        )
        assert "初始密码" in created.text
        payload = cookie_payload(browser)
        assert "pw_" not in payload and "newbie" not in payload and '"uid"' not in payload
        assert set(json.loads(payload)) <= {"sid", "csrf", "flash"}
        again = browser.get("/account")
        assert "只显示这一次" not in again.text and secret not in again.text


def test_token_scope_expiry_and_no_minting(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    boss = site.user_id("boss")
    read = accounts.create_token(site.factory, boss, "read", who="t", scope=accounts.TokenScope.READ)
    write = accounts.create_token(site.factory, boss, "write", who="t", scope=accounts.TokenScope.WRITE)
    api = site.client()

    def call(method: str, path: str, secret: str, **kw: object) -> int:
        headers = {"Authorization": f"Bearer {secret}"}
        return api.request(method, path, headers=headers, **kw).status_code  # type: ignore[arg-type]

    assert call("GET", "/api/v1/users", read.secret) == 200
    assert call("PATCH", f"/api/v1/users/{site.user_id('ro')}", read.secret, json={"role": "reporter"}) == 403
    assert call("DELETE", f"/api/v1/tokens/{write.token.id}", read.secret) == 403
    # a write token may act, but never mint credentials
    assert call("POST", "/api/v1/tokens", write.secret, json={"name": "child"}) == 403
    new_user = {"username": "minted", "role": "admin"}
    assert call("POST", "/api/v1/users", write.secret, json=new_user) == 403
    assert accounts.find_user(site.factory, "minted") is None
    # expiry: the clock moves past the default lifetime (the cached grant is checked too)
    later = utcnow() + timedelta(days=accounts.DEFAULT_TOKEN_DAYS, minutes=1)
    monkeypatch.setattr("planwatch.server.auth.utcnow", lambda: later)
    assert call("GET", "/api/v1/users", read.secret) == 401
    site.app.state.planwatch.cache.clear()
    monkeypatch.setattr("planwatch.services.accounts.utcnow", lambda: later)
    assert call("GET", "/api/v1/users", write.secret) == 401
    listed = {t.id: t for t in accounts.tokens(site.factory, boss)}
    assert listed[read.token.id].scope == "read" and listed[write.token.id].scope == "write"


def test_token_days_are_bounded(site: Site) -> None:
    with site.client() as browser:
        csrf = sign_in(browser, "boss")
        made = browser.post(
            "/api/v1/tokens", json={"name": "x", "days": 9999}, headers={"X-CSRF-Token": csrf}
        )
        assert made.status_code == 422
        ok = browser.post("/api/v1/tokens", json={"name": "x", "days": 7}, headers={"X-CSRF-Token": csrf})
        assert ok.status_code == 201
        body = ok.json()
        assert body["token"]["scope"] == "write" and body["secret"].startswith("pw_")


def test_admin_lists_and_revokes_other_users_tokens(site: Site) -> None:
    rep = site.user_id("rep")
    first = accounts.create_token(site.factory, rep, "a", who="rep")
    second = accounts.create_token(site.factory, rep, "b", who="rep")
    bearer = {"Authorization": f"Bearer {second.secret}"}
    with site.client() as admin, site.client() as viewer:
        csrf = sign_in(admin, "boss")
        listed = admin.get("/api/v1/tokens?all=true").json()
        assert {t["id"] for t in listed} >= {first.token.id, second.token.id}
        assert {t["username"] for t in listed} == {"rep"}
        sign_in(viewer, "ro")
        assert viewer.get("/api/v1/tokens?all=true").status_code == 403
        assert (
            admin.delete(f"/api/v1/tokens/{first.token.id}", headers={"X-CSRF-Token": csrf}).status_code
            == 204
        )
        assert (
            site.client().get("/api/v1/me", headers={"Authorization": f"Bearer {first.secret}"}).status_code
            == 401
        )
        assert site.client().get("/api/v1/me", headers=bearer).status_code == 200
        page = admin.get("/account")
        assert second.token.prefix in page.text and "所有有效的 API 令牌" in page.text
        revoked = admin.post(f"/account/users/{rep}/revoke-tokens", data={"csrf_token": csrf})
        assert "已吊销 1 个 API 令牌" in revoked.text
        assert site.client().get("/api/v1/me", headers=bearer).status_code == 401


def test_admin_deactivates_and_changes_roles_audited(site: Site) -> None:
    ro, rep = site.user_id("ro"), site.user_id("rep")
    token = accounts.create_token(site.factory, ro, "read", who="ro").secret
    with site.client() as admin, site.client() as victim:
        csrf = sign_in(admin, "boss")
        sign_in(victim, "ro")
        off = admin.patch(f"/api/v1/users/{ro}", json={"is_active": False}, headers={"X-CSRF-Token": csrf})
        assert off.status_code == 200 and off.json()["is_active"] is False
        assert not signed_in(victim)
        assert (
            site.client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
        )
        form = admin.post(f"/account/users/{rep}", data={"role": "viewer", "active": "1", "csrf_token": csrf})
        assert "只读用户" in form.text
        assert accounts.find_user(site.factory, "rep").role is UserRole.VIEWER  # type: ignore[union-attr]
        # the last active admin cannot be demoted or deactivated
        last = admin.patch(
            f"/api/v1/users/{site.user_id('boss')}", json={"role": "viewer"}, headers={"X-CSRF-Token": csrf}
        )
        assert last.status_code == 409 and "最后一个管理员" in last.json()["error"]["message"]
    with transaction(site.factory, read_only=True) as session:
        entries, _ = recent_changes(session, limit=100, table="users")
    fields = {(e.row_id, e.field, e.new_value) for e in entries}
    assert (ro, "is_active", "False") in fields or (ro, "is_active", "0") in fields
    assert (rep, "role", "viewer") in fields
    assert any(e.row_id == ro and e.field == "sessions" for e in entries)


def test_admin_signs_a_user_out_everywhere(site: Site) -> None:
    with site.client() as admin, site.client() as user:
        csrf = sign_in(admin, "boss")
        sign_in(user, "rep")
        ended = admin.delete(f"/api/v1/users/{site.user_id('rep')}/sessions", headers={"X-CSRF-Token": csrf})
        assert ended.json() == {"sessions_ended": 1, "tokens_revoked": 0}
        assert not signed_in(user)
        assert signed_in(admin)


def test_cli_manages_roles_activation_and_tokens(site: Site) -> None:
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli_app, ["--database", site.url, *args])
        assert result.exit_code == 0, result.output
        return result.output

    secret = run("token", "create", "rep", "--name", "同步", "--scope", "write", "--days", "30").strip()
    listed = run("token", "list")
    assert "rep" in listed and "读写" in listed and secret[:10] in listed
    token_id = listed.split()[0]
    run("token", "revoke", token_id)
    assert "没有有效的 API 令牌" in run("token", "list")
    assert "0 个 API 令牌" in run("token", "revoke", "--user", "rep")
    assert "只读用户" in run("user", "set", "rep", "--role", "viewer")
    assert "已停用" in run("user", "set", "rep", "--inactive")
    assert "（已停用）" in run("user", "list")
    with site.client() as browser:
        refused = browser.post(
            "/login",
            data={"username": "rep", "password": PASSWORDS["rep"], "csrf_token": csrf_token(browser)},
        )
        assert refused.status_code == 401
    bad = runner.invoke(cli_app, ["--database", site.url, "token", "create", "rep", "--days", "0"])
    assert isinstance(bad.exception, PlanwatchError) and "有效期" in bad.exception.message


def test_no_store_on_account_pages_and_the_api(site: Site) -> None:
    with site.client() as browser:
        sign_in(browser, "boss")
        for path in ("/account", "/api/v1/me", "/api/v1/users", "/login", "/api/v1/openapi.json"):
            assert browser.get(path).headers.get("cache-control") == "no-store", path
        assert browser.get("/static/css/app.css").headers.get("cache-control") != "no-store"


def test_cookie_is_secure_over_https_and_not_over_local_http(site: Site) -> None:
    with site.client(base_url="https://testserver") as secure:
        response = secure.post(
            "/login",
            data={"username": "boss", "password": PASSWORDS["boss"], "csrf_token": csrf_token(secure)},
            follow_redirects=False,
        )
        assert "secure" in response.headers["set-cookie"].lower()
    with site.client() as plain:
        response = plain.post(
            "/login",
            data={"username": "boss", "password": PASSWORDS["boss"], "csrf_token": csrf_token(plain)},
            follow_redirects=False,
        )
        assert "secure" not in response.headers["set-cookie"].lower()


def test_plain_http_sign_in_from_another_machine_needs_the_switch(backend: Backend) -> None:
    app = make_app(backend.app_url, allow_plain_http=False)
    factory = app.state.planwatch.factory
    accounts.add_user(factory, "boss", UserRole.ADMIN, who="test", password=PASSWORDS["boss"])
    try:
        with TestClient(app, client=("192.0.2.10", 5000)) as remote:
            page = remote.post(
                "/login",
                data={"username": "boss", "password": PASSWORDS["boss"], "csrf_token": csrf_token(remote)},
                follow_redirects=False,
            )
            assert page.status_code == 403 and "--allow-plain-http" in page.text
        with TestClient(app, client=("192.0.2.10", 5000), base_url="https://testserver") as tls:
            sign_in(tls, "boss")
        with TestClient(app, client=("127.0.0.1", 5000)) as local:
            sign_in(local, "boss")
    finally:
        app.state.planwatch.database.engine.dispose()
