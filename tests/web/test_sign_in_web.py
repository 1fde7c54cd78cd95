"""Sign-in limits through the web app: the client address behind a proxy, and an admin's unlock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from planwatch.cli.main import app as cli_app
from planwatch.domain.accounts import UserRole
from planwatch.services import accounts
from planwatch.services import sign_in_limits as limits
from store_backends import Backend
from web_support import csrf_token, make_app

PASSWORD = "correct-horse-battery"
BOSS = "boss-secret-passphrase"


def _app(backend: Backend, **settings: object) -> FastAPI:
    app = make_app(backend.app_url, allow_plain_http=True, **settings)  # clients on other addresses
    factory = app.state.planwatch.factory
    if accounts.find_user(factory, "kjj") is None:  # both apps of a test share one database
        accounts.add_user(factory, "kjj", UserRole.VIEWER, who="t", password=PASSWORD)
        accounts.add_user(factory, "boss", UserRole.ADMIN, who="t", password=BOSS)
    return app


@pytest.fixture
def proxied(backend: Backend) -> Iterator[FastAPI]:
    app = _app(backend, trusted_proxies=("10.0.0.1",))
    yield app
    app.state.planwatch.database.engine.dispose()


@pytest.fixture
def direct(backend: Backend) -> Iterator[FastAPI]:
    app = _app(backend)
    yield app
    app.state.planwatch.database.engine.dispose()


def post_login(client: TestClient, password: str, forwarded: str | None = None, name: str = "kjj") -> int:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    data = {"username": name, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/login", data=data, headers=headers, follow_redirects=False).status_code


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(proxied: FastAPI, direct: FastAPI) -> None:
    with TestClient(proxied, client=("10.0.0.1", 4000)) as proxy:
        for _ in range(limits.MAX_PAIR_FAILURES):
            assert post_login(proxy, "wrong-password!", "203.0.113.5") == 401
        assert post_login(proxy, PASSWORD, "203.0.113.5") == 429
        assert post_login(proxy, PASSWORD, "203.0.113.6") == 303  # another client behind the proxy
    with TestClient(direct, client=("10.0.0.1", 4000)) as local:
        for i in range(limits.MAX_PAIR_FAILURES):  # a different header each time changes nothing
            assert post_login(local, "wrong-password!", f"198.51.100.{i}") == 401
        assert post_login(local, PASSWORD, "198.51.100.200") == 429


def test_admin_unlocks_through_the_web_api_and_cli(direct: FastAPI, backend: Backend) -> None:
    factory = direct.state.planwatch.factory
    kjj = accounts.find_user(factory, "kjj")
    assert kjj is not None
    with TestClient(direct, client=("192.0.2.1", 1)) as attacker, TestClient(direct) as admin:
        for _ in range(limits.MAX_PAIR_FAILURES):
            post_login(attacker, "wrong-password!")
        page = attacker.post(
            "/login", data={"username": "kjj", "password": PASSWORD, "csrf_token": csrf_token(attacker)}
        )
        assert page.status_code == 429 and "请管理员解除锁定" in page.text
        assert post_login(admin, BOSS, name="boss") == 303
        token = csrf_token(admin)
        unlocked = admin.post(f"/account/users/{kjj.id}/unlock", data={"csrf_token": token})
        assert "已解除 1 处登录锁定" in unlocked.text
        assert post_login(attacker, PASSWORD) == 303
        for _ in range(limits.MAX_PAIR_FAILURES):
            post_login(attacker, "wrong-password!")
        api = admin.post(f"/api/v1/users/{kjj.id}/unlock", headers={"X-CSRF-Token": token})
        assert api.json() == {"pairs_cleared": 1}
        for _ in range(limits.MAX_PAIR_FAILURES):
            post_login(attacker, "wrong-password!")
    result = CliRunner().invoke(cli_app, ["--database", backend.app_url, "user", "unlock", "kjj"])
    assert result.exit_code == 0 and "已解除 1 处登录锁定" in result.output
