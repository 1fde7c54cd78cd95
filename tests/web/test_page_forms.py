"""Every page renders for every role on both sample plans, and every form that writes carries the CSRF token.

A crawl over the main pages: a template that imports the macros without context would render an empty
token and its form would be refused; this catches it for any page, not only the ones with form tests.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from web_support import OWNED_INDICATOR, login

FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
METHOD_POST = re.compile(r'method="post"', re.I)
TOKEN = re.compile(r'name="csrf_token" value="([^"]*)"')


def _pages(client: TestClient) -> list[str]:
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


@pytest.mark.parametrize("username", ["admin", "kjj", "viewer"])
def test_pages_render_and_forms_carry_csrf(client: TestClient, username: str) -> None:
    token = login(client, username)
    extra = ["/data", "/data/upload"] if username != "viewer" else []
    extra += ["/audit"] if username == "admin" else []
    for path in _pages(client) + extra:
        response = client.get(path)
        assert response.status_code == 200, f"{username} {path}: {response.status_code}"
        assert "<html" in response.text
        for form in FORM.findall(response.text):
            if METHOD_POST.search(form):
                values = TOKEN.findall(form)
                assert values and all(v == token for v in values), (
                    f"{path}: a POST form without the CSRF token"
                )
