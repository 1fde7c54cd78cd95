"""The app factory: `create_app(settings)` builds the ASGI app; nothing is created at import time.

`create_app_from_env` is what `planwatch serve` hands to uvicorn (with `factory=True`), so each worker
process builds its own app, engine and connection pool from the same `PLANWATCH_*` environment.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from planwatch import __version__, api, web
from planwatch.api.public_read import PublicReadMiddleware
from planwatch.server.body_limit import BodyLimitMiddleware
from planwatch.server.cookies import SecureCookieMiddleware
from planwatch.server.csrf import csrf_protect
from planwatch.server.errors import install_error_handlers
from planwatch.server.headers import SecurityHeadersMiddleware
from planwatch.server.settings import Settings
from planwatch.server.state import AppState
from planwatch.services import connect_database

SESSION_COOKIE = "planwatch_session"

API_DESCRIPTION = """planwatch 的 JSON 接口：规划、指标、任务、部门、观测值、进展报告与审计日志。

认证：浏览器会话（写操作需带 `X-CSRF-Token` 请求头），或脚本使用 `Authorization: Bearer <令牌>`。
错误统一返回 `{"error": {"code": ..., "message": ...}}`，message 为中文说明。列表接口用 `limit`/`offset` 分页。
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for `settings` (default: from the environment); opens the database and checks its schema."""
    config = (settings or Settings.from_env()).with_secret()
    database = connect_database(config.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        database.engine.dispose()

    app = FastAPI(
        title="planwatch API",
        version=__version__,
        description=API_DESCRIPTION,
        lifespan=lifespan,
        dependencies=[Depends(csrf_protect)],
        openapi_url=api.OPENAPI_URL,
        docs_url=None,  # Swagger UI loads from a CDN; the app must work offline
        redoc_url=None,
    )
    app.state.planwatch = AppState(config, database)
    app.add_middleware(PublicReadMiddleware, prefix=api.PREFIX)  # inside gzip: it reads plain JSON
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=5)  # 9 costs more CPU than it saves
    app.add_middleware(
        SessionMiddleware,
        secret_key=config.secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=config.session_max_age_s,
        same_site="lax",
    )
    app.add_middleware(SecureCookieMiddleware, cookie=SESSION_COOKIE, always=config.secure_cookies)
    app.add_middleware(BodyLimitMiddleware, max_bytes=config.max_body_bytes)  # before anything reads
    app.add_middleware(SecurityHeadersMiddleware)
    if config.trusted_proxies:  # outermost: the client address and scheme are settled first
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(config.trusted_proxies))
    install_error_handlers(app, web.error_page)
    app.include_router(api.router)
    app.include_router(web.router)
    app.mount("/static", StaticFiles(directory=web.STATIC_DIR), name="static")
    return app


def create_app_from_env() -> FastAPI:
    """uvicorn's factory entry point: settings from `PLANWATCH_*` variables."""
    return create_app(Settings.from_env())
