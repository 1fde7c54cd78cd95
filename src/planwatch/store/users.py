"""Accounts, API tokens and login attempts. Hashing is the caller's job: this module stores hashes only.

Users are audited in the change history like any other row (role and department changes matter in
a review of who could change what); password hashes are never written to the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from planwatch.domain.accounts import TokenScope, UserRole
from planwatch.store.departments import find_department_row
from planwatch.store.errors import ConflictError, NotFoundError
from planwatch.store.history import record_change, record_creation
from planwatch.store.models import (
    ApiTokenRow,
    DepartmentRow,
    LoginAttemptRow,
    UserDepartmentRow,
    UserRow,
    utcnow,
)
from planwatch.store.views import ApiTokenOut, UserOut


def _user_out(session: Session, row: UserRow) -> UserOut:
    departments = session.execute(
        select(DepartmentRow.id, DepartmentRow.name)
        .join(UserDepartmentRow, UserDepartmentRow.department_id == DepartmentRow.id)
        .where(UserDepartmentRow.user_id == row.id)
        .order_by(UserDepartmentRow.id)
    ).all()
    return UserOut(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        role=row.role,
        is_active=row.is_active,
        department_ids=tuple(d.id for d in departments),
        departments=tuple(d.name for d in departments),
        created_at=row.created_at,
        last_login_at=row.last_login_at,
    )


def _user_row(session: Session, user_id: int) -> UserRow:
    row = session.get(UserRow, user_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {user_id} 的用户。")
    return row


def find_user_row(session: Session, username: str) -> UserRow | None:
    """The account with this user name (exact match), or None."""
    return session.scalar(select(UserRow).where(UserRow.username == username.strip()))


def get_user(session: Session, user_id: int) -> UserOut:
    return _user_out(session, _user_row(session, user_id))


def user_by_name(session: Session, username: str) -> UserOut | None:
    row = find_user_row(session, username)
    return _user_out(session, row) if row is not None else None


def password_hash_of(session: Session, username: str) -> tuple[int, str, bool] | None:
    """(user id, stored hash, is active) for a login check, or None when there is no such user."""
    row = find_user_row(session, username)
    return (row.id, row.password_hash, row.is_active) if row is not None else None


def list_users(session: Session) -> list[UserOut]:
    return [_user_out(session, r) for r in session.scalars(select(UserRow).order_by(UserRow.username))]


def _department_ids(session: Session, names: list[str]) -> list[int]:
    ids: list[int] = []
    for name in names:
        department = find_department_row(session, name)
        if department is None:
            raise NotFoundError(f"找不到名为“{name}”的责任单位，请先导入包含该单位的规划或检查名称。")
        ids.append(department.id)
    return ids


def create_user(
    session: Session,
    username: str,
    password_hash: str,
    role: UserRole,
    *,
    who: str,
    display_name: str | None = None,
    departments: list[str] | None = None,
) -> UserOut:
    """A new account; a reporter must be bound to at least one department (by name or alias)."""
    name = username.strip()
    if not name:
        raise ConflictError("用户名不能为空。")
    if find_user_row(session, name) is not None:
        raise ConflictError(f"用户名“{name}”已被使用，请换一个用户名。")
    department_ids = _department_ids(session, departments or [])
    if role is UserRole.REPORTER and not department_ids:
        raise ConflictError("部门填报员必须绑定至少一个责任单位。")
    row = UserRow(
        username=name,
        display_name=(display_name or name).strip(),
        password_hash=password_hash,
        role=UserRole(role),
        is_active=True,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    for department_id in dict.fromkeys(department_ids):
        session.add(UserDepartmentRow(user_id=row.id, department_id=department_id))
    session.flush()
    out = _user_out(session, row)
    record_creation(
        session,
        "users",
        row.id,
        {"username": name, "role": row.role, "departments": "、".join(out.departments) or None},
        who,
    )
    return out


def update_user(
    session: Session,
    user_id: int,
    *,
    who: str,
    role: UserRole | None = None,
    display_name: str | None = None,
    is_active: bool | None = None,
    departments: list[str] | None = None,
) -> UserOut:
    """Change an account's role, name, active flag or departments; None leaves a field as it is."""
    row = _user_row(session, user_id)
    before = _user_out(session, row)
    if role is not None:
        record_change(session, "users", row.id, "role", row.role, UserRole(role), who)
        row.role = UserRole(role)
    if display_name is not None:
        record_change(session, "users", row.id, "display_name", row.display_name, display_name, who)
        row.display_name = display_name
    if is_active is not None:
        record_change(session, "users", row.id, "is_active", row.is_active, is_active, who)
        row.is_active = is_active
    if departments is not None:
        ids = _department_ids(session, departments)
        session.execute(delete(UserDepartmentRow).where(UserDepartmentRow.user_id == row.id))
        for department_id in dict.fromkeys(ids):
            session.add(UserDepartmentRow(user_id=row.id, department_id=department_id))
    session.flush()
    after = _user_out(session, row)
    if after.role is UserRole.REPORTER and not after.department_ids:
        raise ConflictError("部门填报员必须绑定至少一个责任单位。")
    record_change(
        session,
        "users",
        row.id,
        "departments",
        "、".join(before.departments),
        "、".join(after.departments),
        who,
    )
    return after


def set_password_hash(session: Session, user_id: int, password_hash: str, *, who: str) -> None:
    """Replace the stored hash; the history notes that the password changed, never the hash."""
    row = _user_row(session, user_id)
    row.password_hash = password_hash
    record_change(session, "users", row.id, "password", None, "（已修改）", who)
    session.flush()


def touch_login(session: Session, user_id: int) -> None:
    _user_row(session, user_id).last_login_at = utcnow()


def record_login_attempt(session: Session, username: str, client: str, *, succeeded: bool) -> None:
    session.add(
        LoginAttemptRow(
            username=username[:100], client=client[:100], succeeded=succeeded, attempted_at=utcnow()
        )
    )


def _token_out(row: ApiTokenRow, username: str) -> ApiTokenOut:
    return ApiTokenOut(
        id=row.id,
        user_id=row.user_id,
        username=username,
        name=row.name,
        prefix=row.prefix,
        scope=TokenScope(row.scope),
        created_at=row.created_at,
        expires_at=row.expires_at,
        last_used_at=row.last_used_at,
        revoked=row.revoked_at is not None,
    )


def add_api_token(
    session: Session,
    user_id: int,
    name: str,
    token_hash: str,
    prefix: str,
    *,
    scope: TokenScope,
    expires_at: datetime,
    who: str,
) -> ApiTokenOut:
    user = _user_row(session, user_id)
    row = ApiTokenRow(
        user_id=user_id,
        name=name.strip() or "脚本",
        token_hash=token_hash,
        prefix=prefix,
        scope=TokenScope(scope),
        created_at=utcnow(),
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    record_creation(
        session,
        "api_tokens",
        row.id,
        {
            "user_id": user_id,
            "name": row.name,
            "prefix": prefix,
            "scope": row.scope,
            "expires_at": expires_at.isoformat(timespec="minutes"),
        },
        who,
    )
    return _token_out(row, user.username)


@dataclass(frozen=True, slots=True)
class LiveToken:
    id: int
    user_id: int
    scope: TokenScope
    expires_at: datetime
    last_used_at: datetime | None


def live_token(session: Session, token_hash: str, now: datetime) -> LiveToken | None:
    """The token with this hash unless it is unknown, revoked or expired."""
    row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    return LiveToken(row.id, row.user_id, TokenScope(row.scope), row.expires_at, row.last_used_at)


def mark_token_used(session: Session, token_id: int, now: datetime) -> None:
    session.execute(update(ApiTokenRow).where(ApiTokenRow.id == token_id).values(last_used_at=now))


def list_api_tokens(session: Session, user_id: int | None = None) -> list[ApiTokenOut]:
    """Tokens (of one user, or everybody's) with their owners' names, oldest first."""
    query = (
        select(ApiTokenRow, UserRow.username)
        .join(UserRow, UserRow.id == ApiTokenRow.user_id)
        .order_by(ApiTokenRow.id)
    )
    if user_id is not None:
        query = query.where(ApiTokenRow.user_id == user_id)
    return [_token_out(row, username) for row, username in session.execute(query).all()]


def revoke_api_token(session: Session, token_id: int, *, who: str, user_id: int | None = None) -> None:
    """Revoke a token (of `user_id` only, when given, so users cannot revoke each other's tokens)."""
    row = session.get(ApiTokenRow, token_id)
    if row is None or (user_id is not None and row.user_id != user_id):
        raise NotFoundError(f"找不到编号为 {token_id} 的令牌。")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        record_change(session, "api_tokens", row.id, "revoked", None, "是", who)
    session.flush()


def revoke_user_tokens(session: Session, user_id: int, *, who: str) -> int:
    """Revoke every live token of a user (each revocation audited); returns how many were revoked."""
    _user_row(session, user_id)
    rows = session.scalars(
        select(ApiTokenRow).where(ApiTokenRow.user_id == user_id, ApiTokenRow.revoked_at.is_(None))
    ).all()
    now = utcnow()
    for row in rows:
        row.revoked_at = now
        record_change(session, "api_tokens", row.id, "revoked", None, "是", who)
    session.flush()
    return len(rows)


def active_admin_count(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(UserRow)
            .where(UserRow.role == UserRole.ADMIN, UserRow.is_active.is_(True))
        )
        or 0
    )
