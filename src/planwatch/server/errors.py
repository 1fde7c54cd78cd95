"""Errors as users see them: JSON `{"error": {"code", "message"}}` under /api, an HTML page elsewhere.

Every message is one Chinese sentence saying what was wrong and what to do. A user mistake never shows
a traceback; an unexpected error is logged with its traceback and shown as a short apology.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from planwatch.domain.errors import InputError, NotAPlanError, PlanwatchError
from planwatch.server.csrf import CsrfError
from planwatch.services import (
    DatabaseBusyError,
    DatabaseUnavailableError,
    DiskFullError,
    SchemaOutdatedError,
)
from planwatch.services.accounts import LoginFailedError, LoginThrottledError, WeakPasswordError
from planwatch.services.database import unavailable
from planwatch.services.permissions import AuthenticationRequiredError, PermissionDeniedError
from planwatch.store import ConflictError, NotFoundError

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"

_STATUS: list[tuple[type[PlanwatchError], int, str]] = [
    (AuthenticationRequiredError, 401, "authentication_required"),
    (LoginFailedError, 401, "login_failed"),
    (PermissionDeniedError, 403, "forbidden"),
    (CsrfError, 403, "csrf_failed"),
    (NotFoundError, 404, "not_found"),
    (ConflictError, 409, "conflict"),
    (LoginThrottledError, 429, "too_many_attempts"),
    (WeakPasswordError, 422, "weak_password"),
    (NotAPlanError, 422, "not_a_plan"),
    (InputError, 422, "invalid_input"),
    (SchemaOutdatedError, 503, "schema_outdated"),
    (DiskFullError, 507, "disk_full"),
    (DatabaseBusyError, 503, "database_busy"),
    (DatabaseUnavailableError, 503, "database_unavailable"),
]

_HTTP_MESSAGES = {
    404: "找不到该页面或数据，请检查地址是否正确。",
    405: "不支持该请求方法。",
    401: "请先登录。",
    403: "您没有权限进行此操作。",
}


class ErrorBody(BaseModel):
    code: str
    message: str
    fields: dict[str, str] | None = None


class ErrorOut(BaseModel):
    """The body of every API error response."""

    error: ErrorBody


def classify(exc: PlanwatchError) -> tuple[int, str]:
    for cls, status, code in _STATUS:
        if isinstance(exc, cls):
            return status, code
    return 400, "bad_request"


def wants_json(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX) or request.url.path == "/api"


def json_error(status: int, code: str, message: str, fields: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorOut(error=ErrorBody(code=code, message=message, fields=fields))
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status)


_PYDANTIC_MESSAGES = {
    "missing": "必须填写",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为是或否",
    "enum": "不是可选的值",
    "literal_error": "不是可选的值",
    "string_too_short": "不能为空",
    "string_too_long": "太长",
    "greater_than_equal": "太小",
    "less_than_equal": "太大",
    "greater_than": "太小",
    "less_than": "太大",
    "json_invalid": "不是有效的 JSON",
    "model_attributes_type": "格式不正确",
    "dict_type": "应为 JSON 对象",
    "list_type": "应为列表",
}


def _field_errors(exc: RequestValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for error in exc.errors():
        location = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path", "form")]
        name = ".".join(location) or "请求"
        fields[name] = _PYDANTIC_MESSAGES.get(str(error.get("type")), "格式不正确")
    return fields


ErrorPage = Callable[[Request, int, str], Response]


def install_error_handlers(app: FastAPI, render_page: ErrorPage) -> None:
    """Register the handlers; `render_page(request, status, message)` (from the web layer) draws HTML errors."""

    def html(request: Request, status: int, message: str) -> Response:
        return render_page(request, status, message)

    async def on_planwatch_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PlanwatchError)
        status, code = classify(exc)
        if exc.detail:
            logger.info("%s: %s", code, exc.detail)
        if wants_json(request):
            return json_error(status, code, exc.message)
        if status == 401 and request.method == "GET":
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        return html(request, status, exc.message)

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        fields = _field_errors(exc)
        message = "请求内容不正确：" + "；".join(f"{k}{v}" for k, v in fields.items()) + "。请修改后重试。"
        if wants_json(request):
            return json_error(422, "invalid_request", message, fields)
        return html(request, 422, message)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else None
        message = message or _HTTP_MESSAGES.get(exc.status_code, "请求无法完成，请稍后重试。")
        if wants_json(request):
            return json_error(exc.status_code, f"http_{exc.status_code}", message)
        return html(request, exc.status_code, message)

    async def on_database_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, OperationalError)
        logger.warning("database error on %s %s: %s", request.method, request.url.path, exc)
        database = getattr(request.app.state, "planwatch", None)
        url = database.database.url if database is not None else ""
        return await on_planwatch_error(request, unavailable(url, exc))

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        logger.exception("unexpected error on %s %s", request.method, request.url.path)
        message = "服务器内部错误，操作未完成，数据没有被修改。请稍后重试，如仍出错请联系管理员。"
        if wants_json(request):
            return json_error(500, "internal_error", message)
        return html(request, 500, message)

    app.add_exception_handler(PlanwatchError, on_planwatch_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(OperationalError, on_database_error)
    app.add_exception_handler(Exception, on_unexpected)
