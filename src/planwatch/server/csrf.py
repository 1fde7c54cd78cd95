"""CSRF protection for every state-changing request made with the session cookie.

The token lives in the signed session and must come back either as the form field `csrf_token`
(plain HTML forms) or as the `X-CSRF-Token` header (HTMX and fetch). Requests authenticated with a
bearer token carry no ambient credential, so they need none. The check runs as an app-wide
dependency, so a new form cannot forget it.
"""

from __future__ import annotations

import secrets

from fastapi import Request

from planwatch.domain.errors import PlanwatchError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SESSION_KEY = "csrf"


class CsrfError(PlanwatchError):
    """The form or request did not carry the right CSRF token."""


def csrf_token(request: Request) -> str:
    """This session's token, created on first use."""
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token


def _bearer(request: Request) -> bool:
    return request.headers.get("authorization", "").lower().startswith("bearer ")


async def csrf_protect(request: Request) -> None:
    """Refuse an unsafe request whose CSRF token is missing or wrong."""
    if request.method in SAFE_METHODS or _bearer(request):
        return
    expected = request.session.get(SESSION_KEY)
    sent = request.headers.get(HEADER)
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()  # cached by Starlette, so the endpoint still reads it
        value = form.get(FIELD)
        sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or not sent or not secrets.compare_digest(expected, sent):
        raise CsrfError("页面已过期或请求缺少安全校验码（CSRF），请刷新页面后重新提交。")
