"""Bounded requests (issue 9, item 3): a body limit enforced while reading, before CSRF and sign-in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from store_backends import Backend
from web_support import make_app

LIMIT = 64 * 1024


@pytest.fixture
def small_app(backend: Backend) -> Iterator[FastAPI]:
    app = make_app(backend.app_url, max_body_bytes=LIMIT)
    yield app
    app.state.planwatch.database.engine.dispose()


def chunks(total: int, size: int = 8192) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        piece = min(size, total - sent)
        sent += piece
        yield b"x" * piece


@pytest.mark.parametrize("path", ["/api/v1/observations", "/api/v1/tokens", "/api/v1/users"])
def test_declared_oversized_json_is_refused_before_csrf(small_app: FastAPI, path: str) -> None:
    with TestClient(small_app) as anonymous:
        response = anonymous.post(
            path, content=b"{" + b" " * LIMIT + b"}", headers={"content-type": "application/json"}
        )
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "payload_too_large" and "请求内容过大" in error["message"]


def test_streamed_multipart_is_cut_off_at_the_limit(small_app: FastAPI) -> None:
    boundary = "b0undary"
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n'.encode()

    def body() -> Iterator[bytes]:
        yield head
        yield from chunks(LIMIT * 4)
        yield f"\r\n--{boundary}--\r\n".encode()

    with TestClient(small_app) as anonymous:
        response = anonymous.post(
            "/data/upload",
            content=body(),
            headers={"content-type": f"multipart/form-data; boundary={boundary}"},
        )
    assert response.status_code == 413
    assert "请求内容过大" in response.text and "text/html" in response.headers["content-type"]


def test_streamed_form_to_login_is_cut_off(small_app: FastAPI) -> None:
    def body() -> Iterator[bytes]:
        yield b"username=admin&password="
        yield from chunks(LIMIT * 2)

    with TestClient(small_app) as anonymous:
        response = anonymous.post(
            "/login", content=body(), headers={"content-type": "application/x-www-form-urlencoded"}
        )
    assert response.status_code == 413 and "请求内容过大" in response.text


def test_bodies_under_the_limit_still_work(small_app: FastAPI) -> None:
    with TestClient(small_app) as anonymous:
        response = anonymous.post("/login", data={"username": "x", "password": "y"})
    assert response.status_code == 403  # the CSRF check ran: the body was read and judged as usual
