"""The OpenAPI document: valid OpenAPI 3.1, every operation documented, errors described as JSON."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openapi_spec_validator import validate

from web_support import login

UNSAFE = {"post", "put", "patch", "delete"}


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def test_openapi_document_validates(client: TestClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)  # raises on an invalid document
    assert spec["info"]["title"] == "planwatch API"


def test_every_api_operation_is_under_v1_and_declares_json_errors(app: FastAPI) -> None:
    spec = app.openapi()
    operations = _operations(spec)
    assert operations, "the API has no operations"
    for path, method, operation in operations:
        assert path.startswith("/api/v1/"), path
        assert "422" in operation["responses"] or "401" in operation["responses"], (method, path)
        assert operation.get("tags"), f"{method.upper()} {path} has no tag"
    # Pages are not part of the API document.
    assert not any(path.startswith("/plans") for path in spec["paths"])


def test_list_endpoints_paginate(app: FastAPI) -> None:
    """Every GET returning a Page has limit and offset parameters."""
    spec = app.openapi()
    for path, method, operation in _operations(spec):
        if method != "get":
            continue
        schema = (
            operation["responses"]
            .get("200", {})
            .get("content", {})
            .get("application/json", {})
            .get("schema", {})
        )
        ref = schema.get("$ref", "")
        if ref.split("/")[-1].startswith("Page_"):
            names = {p["name"] for p in operation.get("parameters", [])}
            assert {"limit", "offset"} <= names, path


def test_api_write_without_csrf_header_is_refused(client: TestClient) -> None:
    login(client, "admin")
    response = client.post("/api/v1/tokens", json={"name": "x"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"


def test_validation_errors_are_chinese_json(client: TestClient) -> None:
    token = login(client, "admin")
    response = client.post("/api/v1/users", json={"username": "x"}, headers={"X-CSRF-Token": token})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert "role" in error["fields"] and "请求内容不正确" in error["message"]
