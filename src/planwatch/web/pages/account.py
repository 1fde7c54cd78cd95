"""Sign in and out, and the account page (password, API tokens; user management for admins)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planwatch.domain.accounts import ROLE_LABELS, UserRole
from planwatch.domain.errors import PlanwatchError
from planwatch.server.auth import CurrentPrincipal, Writer, sign_in, sign_out
from planwatch.server.state import State
from planwatch.services import accounts
from planwatch.services.permissions import require_admin, require_signed_in
from planwatch.web.templating import render

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login form cannot be used to send users elsewhere."""
    if not target:
        return "/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "login.html", {"next": _safe_next(next), "error": None, "username": ""})


@router.post("/login")
def login(
    request: Request,
    *,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
    state: State,
) -> Response:
    try:
        principal = accounts.authenticate(state.factory, username, password, client=client_address(request))
    except (accounts.LoginFailedError, accounts.LoginThrottledError) as exc:
        status = 429 if isinstance(exc, accounts.LoginThrottledError) else 401
        context = {"next": _safe_next(next), "error": exc.message, "username": username}
        return render(request, "login.html", context, status_code=status)
    sign_in(request, principal)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> RedirectResponse:
    sign_out(request)
    return RedirectResponse("/login", status_code=303)


@router.get("/account")
def account_page(request: Request, principal: CurrentPrincipal, state: State) -> HTMLResponse:
    require_signed_in(principal)
    assert principal.user_id is not None
    context = {
        "tokens": [t for t in accounts.tokens(state.factory, principal.user_id) if not t.revoked],
        "users": accounts.users(state.factory) if principal.is_admin else [],
        "roles": list(UserRole),
        "role_labels": ROLE_LABELS,
        "new_secret": request.session.pop("new_secret", None),
        "new_password": request.session.pop("new_password", None),
        "message": request.session.pop("flash", None),
    }
    return render(request, "account.html", context)


@router.post("/account/password")
def change_password(
    request: Request,
    *,
    current: Annotated[str, Form()] = "",
    new: Annotated[str, Form()] = "",
    principal: CurrentPrincipal,
    state: State,
) -> Response:
    require_signed_in(principal)
    assert principal.user_id is not None
    try:
        accounts.authenticate(state.factory, principal.username, current, client=client_address(request))
    except accounts.LoginFailedError:
        request.session["flash"] = "当前密码不正确，密码未修改。"
        return RedirectResponse("/account", status_code=303)
    accounts.change_password(state.factory, principal.user_id, new, who=principal.username)
    request.session["flash"] = "密码已修改。"
    return RedirectResponse("/account", status_code=303)


@router.post("/account/tokens")
def new_token(
    request: Request,
    *,
    name: Annotated[str, Form()] = "脚本",
    principal: Writer,
    state: State,
) -> RedirectResponse:
    assert principal.user_id is not None
    created = accounts.create_token(state.factory, principal.user_id, name, who=principal.username)
    request.session["new_secret"] = created.secret  # shown once on the next page, then gone
    return RedirectResponse("/account", status_code=303)


@router.post("/account/tokens/{token_id}/revoke")
def revoke(token_id: int, principal: CurrentPrincipal, state: State) -> RedirectResponse:
    require_signed_in(principal)
    accounts.revoke_token(state.factory, token_id, who=principal.username, user_id=principal.user_id)
    return RedirectResponse("/account", status_code=303)


@router.post("/account/users")
def add_user(
    request: Request,
    *,
    username: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
    role: Annotated[UserRole, Form()] = UserRole.VIEWER,
    departments: Annotated[str, Form()] = "",
    principal: CurrentPrincipal,
    state: State,
) -> RedirectResponse:
    require_admin(principal)
    names = [d.strip() for d in departments.replace("，", "、").replace(",", "、").split("、") if d.strip()]
    try:
        created = accounts.add_user(
            state.factory,
            username,
            role,
            who=principal.username,
            display_name=display_name or None,
            departments=names,
        )
    except PlanwatchError as exc:
        request.session["flash"] = exc.message
        return RedirectResponse("/account", status_code=303)
    request.session["new_password"] = f"{created.user.username}：{created.password}"
    return RedirectResponse("/account", status_code=303)
