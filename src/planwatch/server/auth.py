"""Who is making a request: a bearer token (scripts), a server-side session (browsers), or nobody.

The principal is looked up on every request, so a deactivated account or a changed role takes effect
at once rather than when the session expires. The session cookie holds only a random session id (and
the CSRF token); the session itself lives in the database (`services.sessions`), so logging out, a
password change or an admin ends it for good — a copied cookie stops working.

A read-only token is refused on every unsafe method here, in one place, so no endpoint can forget it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request

from planwatch.domain.accounts import ANONYMOUS, Principal, TokenScope
from planwatch.server.csrf import SAFE_METHODS
from planwatch.server.state import State
from planwatch.services import sessions
from planwatch.services.accounts import TokenGrant, principal_for_token, principal_for_user
from planwatch.services.permissions import (
    AuthenticationRequiredError,
    PermissionDeniedError,
    require_admin,
    require_writer,
)
from planwatch.store.models import utcnow

SESSION_ID = "sid"


def _token_principal(request: Request, state: State, secret: str) -> Principal:
    grant: TokenGrant | None = state.cached(
        request, ("token", secret), lambda: principal_for_token(state.factory, secret)
    )
    if grant is None or grant.expires_at <= utcnow():
        raise AuthenticationRequiredError("API 令牌无效、已过期或已被吊销，请在“账号”页面重新生成令牌。")
    if grant.principal.token_scope is TokenScope.READ and request.method not in SAFE_METHODS:
        raise PermissionDeniedError("该 API 令牌为只读令牌，不能修改数据；如需写入请生成读写令牌。")
    return grant.principal


def _session_principal(request: Request, state: State) -> Principal | None:
    secret = request.session.get(SESSION_ID)
    if not isinstance(secret, str):
        return None
    idle = timedelta(seconds=state.settings.session_idle_s)
    user_id = sessions.session_user(state.factory, secret, idle=idle)
    principal = None
    if user_id is not None:
        uid = user_id
        principal = state.cached(request, ("user", uid), lambda: principal_for_user(state.factory, uid))
    if principal is None:  # session ended or expired, account removed or deactivated
        request.session.pop(SESSION_ID, None)
    return principal


def current_principal(request: Request, state: State) -> Principal:
    """The principal of this request (cached on the request), ANONYMOUS when nobody is signed in."""
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        principal: Principal | None = _token_principal(request, state, header[7:].strip())
    else:
        principal = _session_principal(request, state)
    resolved = principal or ANONYMOUS
    request.state.principal = resolved
    return resolved


def session_secret(request: Request) -> str | None:
    """The id of this request's browser session (to keep it when the user changes the password)."""
    secret = request.session.get(SESSION_ID)
    return secret if isinstance(secret, str) else None


def reader(principal: Annotated[Principal, Depends(current_principal)], state: State) -> Principal:
    """Anyone signed in, or anybody when the site is open for public reading."""
    if principal.is_anonymous and not state.settings.public_read:
        raise AuthenticationRequiredError("请先登录后再查看。")
    return principal


def writer(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
    require_writer(principal)
    return principal


def admin(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
    require_admin(principal)
    return principal


def sign_in(request: Request, state: State, principal: Principal, client: str) -> None:
    """Start a session: a fresh cookie (no fixation) naming a new server-side session."""
    assert principal.user_id is not None
    previous = session_secret(request)
    if previous is not None:
        sessions.end(state.factory, previous)
    lifetime = timedelta(seconds=state.settings.session_max_age_s)
    secret = sessions.start_session(state.factory, principal.user_id, client, lifetime=lifetime)
    request.session.clear()
    request.session[SESSION_ID] = secret
    request.state.principal = principal


def sign_out(request: Request, state: State) -> None:
    """End the session on the server too, so a copy of the cookie is worth nothing."""
    secret = session_secret(request)
    if secret is not None:
        sessions.end(state.factory, secret)
    request.session.clear()


# Annotated dependencies for handler signatures (FastAPI's recommended style).
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
Reader = Annotated[Principal, Depends(reader)]
Writer = Annotated[Principal, Depends(writer)]
Admin = Annotated[Principal, Depends(admin)]
