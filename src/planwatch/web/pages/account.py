"""Sign in and out, and the account page (password, API tokens; accounts and tokens for admins).

New secrets — an API token, an initial password — are shown once in the response to the form that
made them, never kept in the session cookie (which is signed, not encrypted: anyone holding a copy
could read them).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from planwatch.domain.accounts import ROLE_LABELS, TOKEN_SCOPE_LABELS, Principal, TokenScope, UserRole
from planwatch.domain.errors import PlanwatchError
from planwatch.server.auth import CurrentPrincipal, Writer, session_secret, sign_in, sign_out
from planwatch.server.cookies import PLAIN_HTTP_REFUSED, client_address, sign_in_refused
from planwatch.server.state import AppState, State
from planwatch.services import accounts
from planwatch.services.password_policy import MIN_PASSWORD_LENGTH
from planwatch.services.permissions import require_admin, require_session, require_signed_in
from planwatch.store.models import utcnow
from planwatch.web.templating import render

router = APIRouter()

FLASH = "flash"


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login form cannot be used to send users elsewhere."""
    if not target:
        return "/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


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
    context = {"next": _safe_next(next), "error": PLAIN_HTTP_REFUSED, "username": username}
    if sign_in_refused(request, state.settings):
        return render(request, "login.html", context, status_code=403)
    client = client_address(request)
    try:
        principal = accounts.authenticate(state.factory, username, password, client=client)
    except (accounts.LoginFailedError, accounts.LoginThrottledError) as exc:
        status = 429 if isinstance(exc, accounts.LoginThrottledError) else 401
        return render(request, "login.html", context | {"error": exc.message}, status_code=status)
    sign_in(request, state, principal, client)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, state: State) -> RedirectResponse:
    sign_out(request, state)
    return RedirectResponse("/login", status_code=303)


def _page(
    request: Request,
    principal: Principal,
    state: AppState,
    *,
    status_code: int = 200,
    **shown: Any,
) -> HTMLResponse:
    """The account page; `shown` carries what this response alone shows (a new secret, a message)."""
    require_signed_in(principal)
    assert principal.user_id is not None
    now = utcnow()
    context: dict[str, Any] = {
        "tokens": [
            t
            for t in accounts.tokens(state.factory, principal.user_id)
            if not t.revoked and t.expires_at > now
        ],
        "users": [],
        "all_tokens": [],
        "session_counts": {},
        "roles": list(UserRole),
        "role_labels": ROLE_LABELS,
        "scopes": list(TokenScope),
        "scope_labels": TOKEN_SCOPE_LABELS,
        "default_days": accounts.DEFAULT_TOKEN_DAYS,
        "max_days": accounts.MAX_TOKEN_DAYS,
        "min_password": MIN_PASSWORD_LENGTH,
        "now": now,
        "new_secret": None,
        "new_password": None,
        "message": request.session.pop(FLASH, None),
    }
    if principal.is_admin:
        context["users"] = accounts.users(state.factory)
        context["all_tokens"] = [
            t for t in accounts.tokens(state.factory) if not t.revoked and t.expires_at > now
        ]
        context["session_counts"] = accounts.session_counts(state.factory)
    context.update(shown)
    return render(request, "account.html", context, status_code=status_code)


def _done(request: Request, message: str) -> RedirectResponse:
    request.session[FLASH] = message
    return RedirectResponse("/account", status_code=303)


@router.get("/account")
def account_page(request: Request, principal: CurrentPrincipal, state: State) -> HTMLResponse:
    return _page(request, principal, state)


@router.post("/account/password")
def change_password(
    request: Request,
    *,
    current: Annotated[str, Form()] = "",
    new: Annotated[str, Form()] = "",
    principal: CurrentPrincipal,
    state: State,
) -> Response:
    require_session(principal)
    assert principal.user_id is not None
    try:
        accounts.authenticate(state.factory, principal.username, current, client=client_address(request))
    except accounts.LoginFailedError:
        return _done(request, "当前密码不正确，密码未修改。")
    cut = accounts.change_password(
        state.factory, principal.user_id, new, who=principal.username, keep_session=session_secret(request)
    )
    return _done(request, "密码已修改。" + cut.sentence())


@router.post("/account/tokens")
def new_token(
    request: Request,
    *,
    name: Annotated[str, Form()] = "脚本",
    scope: Annotated[TokenScope, Form()] = TokenScope.READ,
    days: Annotated[int, Form()] = accounts.DEFAULT_TOKEN_DAYS,
    principal: Writer,
    state: State,
) -> HTMLResponse:
    require_session(principal)
    assert principal.user_id is not None
    created = accounts.create_token(
        state.factory, principal.user_id, name, who=principal.username, scope=scope, days=days
    )
    return _page(request, principal, state, new_secret=created.secret)


@router.post("/account/tokens/{token_id}/revoke")
def revoke(token_id: int, request: Request, principal: CurrentPrincipal, state: State) -> RedirectResponse:
    """Users revoke their own tokens; admins any token."""
    require_signed_in(principal)
    owner = None if principal.is_admin else principal.user_id
    accounts.revoke_token(state.factory, token_id, who=principal.username, user_id=owner)
    return _done(request, "令牌已吊销。")


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
) -> Response:
    require_admin(principal)
    require_session(principal)
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
        return _done(request, exc.message)
    shown = f"{created.user.username}：{created.password}"
    return _page(request, principal, state, new_password=shown)


@router.post("/account/users/{user_id}")
def change_user(
    user_id: int,
    request: Request,
    *,
    role: Annotated[UserRole, Form()],
    active: Annotated[str, Form()] = "",
    principal: CurrentPrincipal,
    state: State,
) -> RedirectResponse:
    """Change an account's role and whether it is active (admins; audited)."""
    require_admin(principal)
    require_session(principal)
    try:
        user = accounts.change_user(
            state.factory, user_id, who=principal.username, role=role, is_active=bool(active)
        )
    except PlanwatchError as exc:
        return _done(request, exc.message)
    state_word = "启用" if user.is_active else "停用"
    return _done(request, f"账号 {user.username} 已更新：{ROLE_LABELS[user.role]}，{state_word}。")


@router.post("/account/users/{user_id}/signout")
def sign_out_everywhere(
    user_id: int, request: Request, principal: CurrentPrincipal, state: State
) -> RedirectResponse:
    """End every session of an account and revoke its tokens (admins), e.g. after a lost laptop."""
    require_admin(principal)
    cut = accounts.end_sessions_of(state.factory, user_id, who=principal.username)
    return _done(request, f"已结束 {cut.sessions} 个登录会话，吊销 {cut.tokens} 个 API 令牌。")


@router.post("/account/users/{user_id}/revoke-tokens")
def revoke_user_tokens(
    user_id: int, request: Request, principal: CurrentPrincipal, state: State
) -> RedirectResponse:
    require_admin(principal)
    count = accounts.revoke_tokens_of(state.factory, user_id, who=principal.username)
    return _done(request, f"已吊销 {count} 个 API 令牌。")


@router.post("/account/users/{user_id}/unlock")
def unlock_user(
    user_id: int, request: Request, principal: CurrentPrincipal, state: State
) -> RedirectResponse:
    """Lift the sign-in locks on an account (admins), e.g. after the owner mistyped from the office."""
    require_admin(principal)
    count = accounts.unlock(state.factory, user_id, who=principal.username)
    return _done(request, f"已解除 {count} 处登录锁定。" if count else "该账号没有登录锁定。")
