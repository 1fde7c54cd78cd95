"""Who is making a request: a bearer token (scripts), the session cookie (browsers), or nobody.

The principal is looked up on every request, so a deactivated account or a changed role takes effect
at once rather than when the session expires.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from planwatch.domain.accounts import ANONYMOUS, Principal
from planwatch.server.state import State
from planwatch.services.accounts import principal_for_token, principal_for_user
from planwatch.services.permissions import AuthenticationRequiredError, require_admin, require_writer

SESSION_USER = "uid"


def current_principal(request: Request, state: State) -> Principal:
    """The principal of this request (cached on the request), ANONYMOUS when nobody is signed in."""
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    principal: Principal | None = None
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        secret = header[7:].strip()
        principal = state.cached(
            request, ("token", secret), lambda: principal_for_token(state.factory, secret)
        )
        if principal is None:
            raise AuthenticationRequiredError("API 令牌无效或已被吊销，请在“账号”页面重新生成令牌。")
    else:
        user_id = request.session.get(SESSION_USER)
        if isinstance(user_id, int):
            uid = user_id
            principal = state.cached(request, ("user", uid), lambda: principal_for_user(state.factory, uid))
            if principal is None:  # account removed or deactivated since sign-in
                request.session.pop(SESSION_USER, None)
    resolved = principal or ANONYMOUS
    request.state.principal = resolved
    return resolved


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


def sign_in(request: Request, principal: Principal) -> None:
    """Start a session: a fresh session (no fixation) holding the user id and a new CSRF token."""
    request.session.clear()
    request.session[SESSION_USER] = principal.user_id
    request.state.principal = principal


def sign_out(request: Request) -> None:
    request.session.clear()


# Annotated dependencies for handler signatures (FastAPI's recommended style).
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
Reader = Annotated[Principal, Depends(reader)]
Writer = Annotated[Principal, Depends(writer)]
Admin = Annotated[Principal, Depends(admin)]
