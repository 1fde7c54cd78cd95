"""API: who am I, API tokens, and accounts (admins)."""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from planwatch.domain.accounts import UserRole
from planwatch.server.auth import Admin, CurrentPrincipal, Writer
from planwatch.server.state import State
from planwatch.services import accounts
from planwatch.services.permissions import require_signed_in
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
def my_tokens(principal: CurrentPrincipal, state: State) -> list[ApiTokenOut]:
    require_signed_in(principal)
    return accounts.tokens(state.factory, principal.user_id)


@router.post("/tokens", response_model=TokenCreated, status_code=status.HTTP_201_CREATED)
def create_token(body: TokenIn, principal: Writer, state: State) -> TokenCreated:
    assert principal.user_id is not None
    created = accounts.create_token(state.factory, principal.user_id, body.name, who=principal.username)
    return TokenCreated(token=created.token, secret=created.secret)


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: int, principal: CurrentPrincipal, state: State) -> None:
    require_signed_in(principal)
    accounts.revoke_token(state.factory, token_id, who=principal.username, user_id=principal.user_id)


@router.get("/users", response_model=list[UserOut])
def list_users(_admin: Admin, state: State) -> list[UserOut]:
    return accounts.users(state.factory)


@router.post("/users", response_model=UserCreated, status_code=status.HTTP_201_CREATED)
def create_user(body: UserIn, principal: Admin, state: State) -> UserCreated:
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
