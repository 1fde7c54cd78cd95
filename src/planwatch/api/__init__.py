"""The JSON API under /api/v1. Each module in `api.routes` owns one resource; this module joins them.

Handlers are thin: they call a use case in `services` and return its result, so every page's data is
the same data the API serves.
"""

from __future__ import annotations

from fastapi import APIRouter

from planwatch.api.routes import (
    account,
    audit,
    compare,
    cycle_lights,
    cycle_setup,
    dashboard,
    departments,
    evaluation,
    indicators,
    observations,
    plans,
    projects,
    reports,
    tasks,
)
from planwatch.server.errors import ErrorOut

PREFIX = "/api/v1"
OPENAPI_URL = f"{PREFIX}/openapi.json"

router = APIRouter(
    prefix=PREFIX,
    responses={
        401: {"model": ErrorOut, "description": "未登录或令牌无效"},
        403: {"model": ErrorOut, "description": "无权限或缺少 CSRF 校验码"},
        404: {"model": ErrorOut, "description": "找不到"},
        422: {"model": ErrorOut, "description": "请求内容不正确"},
    },
)
for module in (
    account,
    plans,
    dashboard,
    indicators,
    observations,
    departments,
    tasks,
    reports,
    projects,
    evaluation,
    compare,
    audit,
    cycle_setup,
    cycle_lights,
):
    router.include_router(module.router)
