"""Every page renders for every role on both sample plans, and every form that writes carries the CSRF token.

A crawl over the main pages: a template that imports the macros without context would render an empty
token and its form would be refused; this catches it for any page, not only the ones with form tests.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from web_support import login, page_paths

FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
METHOD_POST = re.compile(r'method="post"', re.I)
TOKEN = re.compile(r'name="csrf_token" value="([^"]*)"')


@pytest.mark.parametrize("username", ["admin", "kjj", "viewer"])
def test_pages_render_and_forms_carry_csrf(client: TestClient, username: str) -> None:
    token = login(client, username)
    extra = ["/data", "/data/upload"] if username != "viewer" else []
    extra += ["/audit"] if username == "admin" else []
    for path in page_paths(client) + extra:
        response = client.get(path)
        assert response.status_code == 200, f"{username} {path}: {response.status_code}"
        assert "<html" in response.text
        for form in FORM.findall(response.text):
            if METHOD_POST.search(form):
                values = TOKEN.findall(form)
                assert values and all(v == token for v in values), (
                    f"{path}: a POST form without the CSRF token"
                )
