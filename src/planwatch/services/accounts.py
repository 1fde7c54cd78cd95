"""Account use cases: create users, log in (with rate limiting), API tokens, the principal of a request.

Passwords are hashed with Argon2 through pwdlib (passlib is unmaintained). A login for an unknown user
still runs one hash verification, so response time does not tell which user names exist. Failed
attempts are stored in the database, so the limit holds across server workers and restarts.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from pwdlib import PasswordHash
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import Principal, UserRole
from planwatch.domain.errors import PlanwatchError
from planwatch.store import transaction
from planwatch.store.models import utcnow
from planwatch.store.users import (
    add_api_token,
    create_user,
    failed_logins_since,
    get_user,
    list_api_tokens,
    list_users,
    live_token,
    mark_token_used,
    password_hash_of,
    record_login_attempt,
    revoke_api_token,
    set_password_hash,
    touch_login,
    update_user,
    user_by_name,
)
from planwatch.store.views import ApiTokenOut, UserOut

MIN_PASSWORD_LENGTH = 10
LOGIN_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_CLIENT = 20
TOKEN_PREFIX = "pw_"
TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)

_hasher = PasswordHash.recommended()
_DUMMY_HASH = _hasher.hash("planwatch-timing-equaliser")


class LoginFailedError(PlanwatchError):
    """Wrong user name or password (deliberately not saying which)."""


class LoginThrottledError(PlanwatchError):
    """Too many failed attempts in the window; the user must wait."""


class WeakPasswordError(PlanwatchError):
    """A new password is too short."""


@dataclass(frozen=True, slots=True)
class NewUser:
    """A created account and its password in clear, to be shown once and never stored."""

    user: UserOut
    password: str


@dataclass(frozen=True, slots=True)
class NewToken:
    """A created API token and its secret, shown once (only its hash is stored)."""

    token: ApiTokenOut
    secret: str


def generate_password() -> str:
    """A random password that is easy to type: 16 URL-safe characters."""
    return secrets.token_urlsafe(12)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符，请换一个更长的密码。")
    return _hasher.hash(password)


def principal_of(user: UserOut) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        department_ids=frozenset(user.department_ids),
        department_names=user.departments,
    )


def add_user(
    factory: sessionmaker[Session],
    username: str,
    role: UserRole,
    *,
    who: str,
    password: str | None = None,
    display_name: str | None = None,
    departments: list[str] | None = None,
) -> NewUser:
    """Create an account; without a password one is generated (returned once, in clear)."""
    clear = password if password is not None else generate_password()
    hashed = hash_password(clear)
    with transaction(factory) as session:
        user = create_user(
            session, username, hashed, role, who=who, display_name=display_name, departments=departments
        )
    return NewUser(user, clear)


def find_user(factory: sessionmaker[Session], username: str) -> UserOut | None:
    with transaction(factory, read_only=True) as session:
        return user_by_name(session, username)


def users(factory: sessionmaker[Session]) -> list[UserOut]:
    with transaction(factory, read_only=True) as session:
        return list_users(session)


def change_user(
    factory: sessionmaker[Session],
    user_id: int,
    *,
    who: str,
    role: UserRole | None = None,
    display_name: str | None = None,
    is_active: bool | None = None,
    departments: list[str] | None = None,
) -> UserOut:
    with transaction(factory) as session:
        return update_user(
            session,
            user_id,
            who=who,
            role=role,
            display_name=display_name,
            is_active=is_active,
            departments=departments,
        )


def change_password(factory: sessionmaker[Session], user_id: int, password: str, *, who: str) -> None:
    hashed = hash_password(password)
    with transaction(factory) as session:
        set_password_hash(session, user_id, hashed, who=who)


def _refuse_if_throttled(session: Session, username: str, client: str) -> None:
    by_user, by_client = failed_logins_since(
        session, utcnow() - LOGIN_WINDOW, username=username, client=client
    )
    if by_user >= MAX_FAILURES_PER_USER or by_client >= MAX_FAILURES_PER_CLIENT:
        minutes = int(LOGIN_WINDOW.total_seconds() // 60)
        raise LoginThrottledError(f"登录失败次数过多，请 {minutes} 分钟后再试，或联系管理员重置密码。")


def authenticate(factory: sessionmaker[Session], username: str, password: str, *, client: str) -> Principal:
    """The principal for a correct user name and password; every attempt is recorded for rate limiting."""
    name = username.strip()
    with transaction(factory) as session:
        _refuse_if_throttled(session, name, client)
        found = password_hash_of(session, name)
        if found is None:
            _hasher.verify(password, _DUMMY_HASH)
            ok = False
        else:
            user_id, stored, active = found
            valid, updated = _hasher.verify_and_update(password, stored)
            ok = valid and active
            if ok and updated is not None:  # parameters got stronger since the hash was made
                set_password_hash(session, user_id, updated, who=name)
        record_login_attempt(session, name, client, succeeded=ok)
        if not ok or found is None:
            failure: LoginFailedError | None = LoginFailedError("用户名或密码不正确，请重新输入。")
        else:
            failure = None
            touch_login(session, found[0])
            principal = principal_of(get_user(session, found[0]))
    # The failed attempt must be committed before refusing, so the limit counts it.
    if failure is not None:
        raise failure
    return principal


def principal_for_user(factory: sessionmaker[Session], user_id: int) -> Principal | None:
    """The principal of a session's user; None when the account is gone or deactivated."""
    with transaction(factory, read_only=True) as session:
        try:
            user = get_user(session, user_id)
        except PlanwatchError:
            return None
    return principal_of(user) if user.is_active else None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(factory: sessionmaker[Session], user_id: int, name: str, *, who: str) -> NewToken:
    """A new API token for a user; the secret is returned once."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction(factory) as session:
        token = add_api_token(session, user_id, name, _digest(secret), secret[:10], who=who)
    return NewToken(token, secret)


def principal_for_token(factory: sessionmaker[Session], secret: str) -> Principal | None:
    """The principal of a bearer token; None for an unknown, revoked or deactivated one.

    The lookup is a read; "last used" is written at most every few minutes, so scripts that call the
    API in a loop do not turn every read into a write.
    """
    with transaction(factory, read_only=True) as session:
        found = live_token(session, _digest(secret.strip()))
        if found is None:
            return None
        token_id, user_id, last_used = found
        user = get_user(session, user_id)
    if last_used is None or utcnow() - last_used > TOKEN_TOUCH_INTERVAL:
        with transaction(factory) as session:
            mark_token_used(session, token_id)
    return principal_of(user) if user.is_active else None


def tokens(factory: sessionmaker[Session], user_id: int | None = None) -> list[ApiTokenOut]:
    with transaction(factory, read_only=True) as session:
        return list_api_tokens(session, user_id)


def revoke_token(
    factory: sessionmaker[Session], token_id: int, *, who: str, user_id: int | None = None
) -> None:
    with transaction(factory) as session:
        revoke_api_token(session, token_id, who=who, user_id=user_id)
