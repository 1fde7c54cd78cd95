"""API: who am I, API tokens, and accounts (admins).

Tokens and accounts are created only from a signed-in browser session, never with a token (a stolen
token must not be able to mint credentials that outlive it); admins list and revoke anyone's tokens,
change roles, deactivate accounts and sign accounts out everywhere.
"""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from planwatch.domain.accounts import TokenScope, UserRole
from planwatch.server.auth import Admin, CurrentPrincipal, Writer
from planwatch.server.state import State
from planwatch.services import accounts
from planwatch.services.permissions import require_admin, require_session, require_signed_in
from planwatch.store.views import ApiTokenOut, UserOut

router = APIRouter(tags=["账号"])


class MeOut(BaseModel):
    """The caller: anonymous visitors get `signed_in: false`."""

    signed_in: bool
    username: str
    display_name: str
    role: UserRole
    departments: list[str]


class TokenIn(BaseModel):
    name: str = Field("脚本", min_length=1, max_length=100, description="用途说明")
    scope: TokenScope = Field(TokenScope.WRITE, description="read 只读 / write 读写（默认）")
    days: int = Field(
        accounts.DEFAULT_TOKEN_DAYS, ge=1, le=accounts.MAX_TOKEN_DAYS, description="有效期（天）"
    )


class TokenCreated(BaseModel):
    token: ApiTokenOut
    secret: str = Field(description="令牌本身，只返回这一次")


class UserIn(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    role: UserRole
    display_name: str | None = None
    departments: list[str] = Field(default_factory=list, description="填报员所属责任单位")
    password: str | None = Field(None, description="不填则自动生成")


class UserCreated(BaseModel):
    user: UserOut
    password: str = Field(description="初始密码，只返回这一次")


class UserChange(BaseModel):
    role: UserRole | None = None
    is_active: bool | None = Field(None, description="false 停用账号（其会话立即结束、令牌全部吊销）")
    display_name: str | None = Field(None, min_length=1, max_length=200)
    departments: list[str] | None = None


class CutOffOut(BaseModel):
    sessions_ended: int
    tokens_revoked: int


@router.get("/me", response_model=MeOut)
def me(principal: CurrentPrincipal) -> MeOut:
    return MeOut(
        signed_in=not principal.is_anonymous,
        username=principal.username,
        display_name=principal.display_name,
        role=principal.role,
        departments=list(principal.department_names),
    )


@router.get("/tokens", response_model=list[ApiTokenOut])
def my_tokens(principal: CurrentPrincipal, state: State, all: bool = False) -> list[ApiTokenOut]:
    """The caller's tokens; `all=true` lists everybody's (admins)."""
    require_signed_in(principal)
    if all:
        require_admin(principal)
        return accounts.tokens(state.factory)
    return accounts.tokens(state.factory, principal.user_id)


@router.post("/tokens", response_model=TokenCreated, status_code=status.HTTP_201_CREATED)
def create_token(body: TokenIn, principal: Writer, state: State) -> TokenCreated:
    require_session(principal)
    assert principal.user_id is not None
    created = accounts.create_token(
        state.factory, principal.user_id, body.name, who=principal.username, scope=body.scope, days=body.days
    )
    return TokenCreated(token=created.token, secret=created.secret)


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: int, principal: CurrentPrincipal, state: State) -> None:
    """Revoke one of your tokens (admins: anybody's)."""
    require_signed_in(principal)
    owner = None if principal.is_admin else principal.user_id
    accounts.revoke_token(state.factory, token_id, who=principal.username, user_id=owner)


@router.get("/users", response_model=list[UserOut])
def list_users(_admin: Admin, state: State) -> list[UserOut]:
    return accounts.users(state.factory)


@router.post("/users", response_model=UserCreated, status_code=status.HTTP_201_CREATED)
def create_user(body: UserIn, principal: Admin, state: State) -> UserCreated:
    require_session(principal)
    created = accounts.add_user(
        state.factory,
        body.username,
        body.role,
        who=principal.username,
        password=body.password,
        display_name=body.display_name,
        departments=body.departments,
    )
    return UserCreated(user=created.user, password=created.password)


@router.patch("/users/{user_id}", response_model=UserOut)
def change_user(user_id: int, body: UserChange, principal: Admin, state: State) -> UserOut:
    """Change role, name, departments or deactivate an account (audited)."""
    require_session(principal)
    return accounts.change_user(
        state.factory,
        user_id,
        who=principal.username,
        role=body.role,
        display_name=body.display_name,
        is_active=body.is_active,
        departments=body.departments,
    )


@router.get("/users/{user_id}/tokens", response_model=list[ApiTokenOut])
def user_tokens(user_id: int, _admin: Admin, state: State) -> list[ApiTokenOut]:
    return accounts.tokens(state.factory, user_id)


@router.delete("/users/{user_id}/tokens", response_model=CutOffOut)
def revoke_user_tokens(user_id: int, principal: Admin, state: State) -> CutOffOut:
    count = accounts.revoke_tokens_of(state.factory, user_id, who=principal.username)
    return CutOffOut(sessions_ended=0, tokens_revoked=count)


@router.delete("/users/{user_id}/sessions", response_model=CutOffOut)
def end_user_sessions(user_id: int, principal: Admin, state: State) -> CutOffOut:
    """Sign an account out everywhere: every session ends and every token is revoked."""
    cut = accounts.end_sessions_of(state.factory, user_id, who=principal.username)
    return CutOffOut(sessions_ended=cut.sessions, tokens_revoked=cut.tokens)


class UnlockOut(BaseModel):
    pairs_cleared: int = Field(description="解除锁定的（客户端, 账号）组合数")


@router.post("/users/{user_id}/unlock", response_model=UnlockOut)
def unlock_user(user_id: int, principal: Admin, state: State) -> UnlockOut:
    """Lift every sign-in lock on an account."""
    return UnlockOut(pairs_cleared=accounts.unlock(state.factory, user_id, who=principal.username))
