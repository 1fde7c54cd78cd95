"""A seeded database and signed-in clients for web and API tests.

The seeded database holds both Wuhan plans, the sample observations and four accounts:

* ``admin`` (admin), ``kjj`` (reporter for 市科技局), ``fgw`` (reporter for 市发改委), ``viewer``;
* 市科技局 is responsible for the indicator 高新技术企业数量 of the 14th plan.

Building it takes about a second, so it is built once per test session as a SQLite file and copied
for each test (tests may write to their copy). PostgreSQL tests seed a fresh schema per module.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from planwatch.cli.main import app as cli_app
from planwatch.domain.accounts import UserRole
from planwatch.server.app import create_app
from planwatch.server.settings import Settings
from planwatch.services import accounts, open_database
from planwatch.store import list_indicators, list_plans, set_indicator_departments, transaction
from store_backends import Backend, provide_backend

ROOT = Path(__file__).resolve().parent.parent
PASSWORDS = {
    "admin": "admin-password-1",
    "kjj": "kjj-password-12",
    "fgw": "fgw-password-12",
    "viewer": "viewer-password",
}
EVALUATION_YEAR = 2026
OWNED_INDICATOR = "高新技术企业数量"
_CSRF = re.compile(r'data-csrf="([^"]+)"')


def seed(url: str) -> None:
    """Import the sample plans and observations and create the test accounts."""
    runner = CliRunner()
    for args in (
        ["import", str(ROOT / "examples" / "plans")],
        ["observe", "import", str(ROOT / "examples" / "data" / "wuhan_observations.csv"), "--yes"],
    ):
        result = runner.invoke(cli_app, ["--database", url, *args])
        assert result.exit_code == 0, result.output
    with open_database(url) as db:
        add = accounts.add_user
        add(
            db.factory,
            "admin",
            UserRole.ADMIN,
            who="test",
            password=PASSWORDS["admin"],
            display_name="规划处",
        )
        add(
            db.factory,
            "kjj",
            UserRole.REPORTER,
            who="test",
            password=PASSWORDS["kjj"],
            departments=["市科技局"],
        )
        add(
            db.factory,
            "fgw",
            UserRole.REPORTER,
            who="test",
            password=PASSWORDS["fgw"],
            departments=["市发改委"],
        )
        add(db.factory, "viewer", UserRole.VIEWER, who="test", password=PASSWORDS["viewer"])
        with transaction(db.factory) as session:
            plan = max(list_plans(session), key=lambda p: p.period_start or 0)
            indicator_id = next(
                i for i, n in list_indicators(session, plan.id).items() if n == OWNED_INDICATOR
            )
            set_indicator_departments(session, indicator_id, ["市科技局"], who="test")


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "seeded.sqlite3"
    seed(f"sqlite:///{path}")
    return path


@pytest.fixture
def web_url(seeded_sqlite: Path, tmp_path: Path) -> str:
    """A private copy of the seeded SQLite database for one test."""
    copy = tmp_path / "web.sqlite3"
    shutil.copyfile(seeded_sqlite, copy)
    return f"sqlite:///{copy}"


@pytest.fixture(scope="module")
def pg_web_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A seeded PostgreSQL schema shared by one module's tests (skipped without PostgreSQL)."""
    backend: Backend
    with provide_backend("postgresql", tmp_path_factory.mktemp("pg")) as backend:
        seed(backend.app_url)
        yield backend.app_url


def make_app(url: str, *, public_read: bool = False, **settings: Any) -> FastAPI:
    """The app on `url`, with other `Settings` fields given by keyword."""
    return create_app(
        Settings(
            database_url=url,
            secret_key="test-secret",
            public_read=public_read,
            evaluation_year=EVALUATION_YEAR,
            **settings,
        )
    )


@pytest.fixture
def app(web_url: str) -> Iterator[FastAPI]:
    application = make_app(web_url)
    yield application
    application.state.planwatch.database.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An anonymous client; use `login(client, name)` to sign in."""
    with TestClient(app) as test_client:
        yield test_client


def csrf_token(client: TestClient) -> str:
    """The session's CSRF token, as a page carries it."""
    page = client.get("/login")
    match = _CSRF.search(page.text)
    assert match, "no CSRF token on the login page"
    return match.group(1)


def login(client: TestClient, username: str) -> str:
    """Sign `username` in (password from PASSWORDS); returns the CSRF token for later writes."""
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORDS[username], "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_token(client)


def page_paths(client: TestClient) -> list[str]:
    """The main pages of every stored plan, found through the API as a visitor would follow links."""
    plans = [item["plan"] for item in client.get("/api/v1/plans").json()["items"]]
    pages = ["/plans", "/departments", "/account", "/projects"]
    for plan in plans:
        base = f"/plans/{plan['id']}"
        pages += [base, f"{base}/outline", f"{base}/indicators", f"{base}/tasks", f"{base}/projects"]
        indicators = client.get(f"/api/v1/plans/{plan['id']}/indicators?limit=500").json()["items"]
        pages += [f"/indicators/{i['indicator_id']}" for i in indicators[:3] if i.get("indicator_id")]
        owned = [i for i in indicators if i.get("name") == OWNED_INDICATOR and i.get("indicator_id")]
        pages += [f"/indicators/{i['indicator_id']}" for i in owned]
    tasks = client.get("/api/v1/tasks?limit=3").json()["items"]
    pages += [f"/tasks/{t['task']['id']}" for t in tasks]
    departments = client.get("/api/v1/departments?limit=3").json()["items"]
    pages += [f"/departments/{d['id']}" for d in departments]
    return pages


def api_paths(client: TestClient) -> list[str]:
    """The read endpoints of every stored plan, its indicators, tasks and departments."""
    paths = [
        "/api/v1/plans",
        "/api/v1/tasks",
        "/api/v1/departments",
        "/api/v1/projects",
        "/api/v1/observations",
    ]
    for item in client.get("/api/v1/plans?limit=500").json()["items"]:
        base = f"/api/v1/plans/{item['plan']['id']}"
        paths += [base, f"{base}/dashboard", f"{base}/indicators", f"{base}/outline", f"{base}/projects"]
        paths += [f"{base}/source"]
        indicators = client.get(f"{base}/indicators?limit=500").json()["items"]
        paths += [f"/api/v1/indicators/{i['indicator_id']}" for i in indicators[:3] if i.get("indicator_id")]
    tasks = client.get("/api/v1/tasks?limit=3").json()["items"]
    paths += [f"/api/v1/tasks/{t['task']['id']}" for t in tasks]
    return paths
