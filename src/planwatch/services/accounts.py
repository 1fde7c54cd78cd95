"""Account use cases: create users, log in (with rate limiting), API tokens, the principal of a request.

Passwords are hashed with Argon2 through pwdlib (passlib is unmaintained). A login for an unknown user
still runs one hash verification, so response time does not tell which user names exist. Failed
attempts are counted in locked database rows (`store.throttles`, rules in `services.sign_in_limits`),
so the limit holds across server workers, restarts and parallel attempts.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from pwdlib import PasswordHash
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import Principal, TokenScope, UserRole
from planwatch.domain.errors import PlanwatchError
from planwatch.services import sign_in_limits as limits
from planwatch.services.password_policy import password_problem
from planwatch.store import ConflictError, transaction
from planwatch.store.history import record_change
from planwatch.store.models import utcnow
from planwatch.store.sessions import end_user_sessions, open_session_counts
from planwatch.store.throttles import CLIENT_WIDE, clear_throttles, locked_throttle
from planwatch.store.users import (
    active_admin_count,
    add_api_token,
    create_user,
    get_user,
    list_api_tokens,
    list_users,
    live_token,
    mark_token_used,
    password_hash_of,
    record_login_attempt,
    revoke_api_token,
    revoke_user_tokens,
    set_password_hash,
    touch_login,
    update_user,
    user_by_name,
)
from planwatch.store.views import ApiTokenOut, UserOut

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "pw_"
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 365

_hasher = PasswordHash.recommended()
_DUMMY_HASH = _hasher.hash("planwatch-timing-equaliser")


class LoginFailedError(PlanwatchError):
    """Wrong user name or password (deliberately not saying which)."""


class LoginThrottledError(PlanwatchError):
    """Too many failed attempts in the window; the user must wait."""


class WeakPasswordError(PlanwatchError):
    """A new password is too short or too common."""


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


@dataclass(frozen=True, slots=True)
class TokenGrant:
    """What a bearer token lets a request do, and until when (checked again on every cached use)."""

    principal: Principal
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class CutOff:
    """What a password change, a deactivation or an admin's action ended."""

    sessions: int
    tokens: int

    def sentence(self) -> str:
        return f"已结束 {self.sessions} 个其他登录会话，吊销 {self.tokens} 个 API 令牌。"


def generate_password() -> str:
    """A random password that is easy to type: 16 URL-safe characters."""
    return secrets.token_urlsafe(12)


def hash_password(password: str, *, username: str | None = None) -> str:
    """The Argon2 hash of an acceptable new password (see `password_policy`)."""
    problem = password_problem(password, username=username)
    if problem is not None:
        raise WeakPasswordError(problem)
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
    hashed = hash_password(clear, username=username)
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


def _cut_off(session: Session, user_id: int, *, who: str, keep_session: str | None = None) -> CutOff:
    """End the user's sessions (but `keep_session`'s) and revoke its tokens, noting it in the history."""
    ended = end_user_sessions(session, user_id, utcnow(), keep_hash=keep_session)
    revoked = revoke_user_tokens(session, user_id, who=who)
    if ended:
        record_change(session, "users", user_id, "sessions", None, f"结束 {ended} 个登录会话", who)
    return CutOff(ended, revoked)


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
    """Change an account (audited). Deactivating it ends its sessions and revokes its tokens at once.

    The last active admin can be neither demoted nor deactivated: nobody could manage accounts after.
    """
    with transaction(factory) as session:
        before = get_user(session, user_id)
        after = update_user(
            session,
            user_id,
            who=who,
            role=role,
            display_name=display_name,
            is_active=is_active,
            departments=departments,
        )
        if before.role is UserRole.ADMIN and before.is_active and active_admin_count(session) == 0:
            raise ConflictError("不能停用或降级最后一个管理员账号，请先把另一个账号设为管理员。")
        if before.is_active and not after.is_active:
            _cut_off(session, user_id, who=who)
        return after


def change_password(
    factory: sessionmaker[Session],
    user_id: int,
    password: str,
    *,
    who: str,
    keep_session: str | None = None,
) -> CutOff:
    """Set a new password; every other session of the user ends and its API tokens are revoked.

    `keep_session` is the secret of the browser session making the change, which stays signed in.
    """
    keep = _digest(keep_session) if keep_session else None
    with transaction(factory, read_only=True) as session:
        username = get_user(session, user_id).username
    hashed = hash_password(password, username=username)
    with transaction(factory) as session:
        set_password_hash(session, user_id, hashed, who=who)
        return _cut_off(session, user_id, who=who, keep_session=keep)


def end_sessions_of(factory: sessionmaker[Session], user_id: int, *, who: str) -> CutOff:
    """An admin's "sign this account out everywhere": all sessions end, all tokens are revoked."""
    with transaction(factory) as session:
        return _cut_off(session, user_id, who=who)


def revoke_tokens_of(factory: sessionmaker[Session], user_id: int, *, who: str) -> int:
    """Revoke every live token of a user (admins); returns how many."""
    with transaction(factory) as session:
        return revoke_user_tokens(session, user_id, who=who)


def session_counts(factory: sessionmaker[Session]) -> dict[int, int]:
    with transaction(factory, read_only=True) as session:
        return open_session_counts(session, utcnow())


def authenticate(factory: sessionmaker[Session], username: str, password: str, *, client: str) -> Principal:
    """The principal for a correct user name and password, unless this client is locked out of it.

    The pair's and the client's throttle rows are locked for the whole check, so parallel attempts
    are evaluated one after the other and no more than the limit ever reach the password hash.
    """
    name = username.strip()
    if not name:
        raise LoginFailedError("用户名或密码不正确，请重新输入。")
    now = utcnow()
    with transaction(factory) as session:
        pair = locked_throttle(session, name, client)
        wide = locked_throttle(session, CLIENT_WIDE, client)
        wait = max(limits.wait_left(pair, now), limits.wait_left(wide, now))
        if wait:
            raise LoginThrottledError(limits.wait_sentence(wait))
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
            limits.count_failure(pair, now, limits.MAX_PAIR_FAILURES)
            limits.count_failure(wide, now, limits.MAX_CLIENT_FAILURES)
            failure: LoginFailedError | None = LoginFailedError("用户名或密码不正确，请重新输入。")
        else:
            limits.count_success(pair)
            failure = None
            touch_login(session, found[0])
            principal = principal_of(get_user(session, found[0]))
    # The failed attempt must be committed before refusing, so the limit counts it.
    if failure is not None:
        raise failure
    return principal


def unlock(factory: sessionmaker[Session], user_id: int, *, who: str) -> int:
    """Lift every sign-in lock on an account (admins); returns how many (client, account) pairs."""
    with transaction(factory) as session:
        user = get_user(session, user_id)
        cleared = clear_throttles(session, user.username)
        if cleared:
            record_change(session, "users", user_id, "sign_in_lock", None, f"解除 {cleared} 处登录锁定", who)
        return cleared


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


def create_token(
    factory: sessionmaker[Session],
    user_id: int,
    name: str,
    *,
    who: str,
    scope: TokenScope = TokenScope.WRITE,
    days: int = DEFAULT_TOKEN_DAYS,
) -> NewToken:
    """A new API token for a user, valid for `days` days; the secret is returned once."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ConflictError(f"令牌有效期应为 1 至 {MAX_TOKEN_DAYS} 天，请重新填写。")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = utcnow() + timedelta(days=days)
    with transaction(factory) as session:
        token = add_api_token(
            session,
            user_id,
            name,
            _digest(secret),
            secret[:10],
            scope=TokenScope(scope),
            expires_at=expires_at,
            who=who,
        )
    return NewToken(token, secret)


def principal_for_token(factory: sessionmaker[Session], secret: str) -> TokenGrant | None:
    """What a bearer token grants; None for an unknown, revoked, expired or deactivated one.

    The lookup is a read. "Last used" is written at most once a minute and never waits for the write
    lock (a long import holds it): a token read must not fail or queue because of someone else's write.
    """
    now = utcnow()
    with transaction(factory, read_only=True) as session:
        found = live_token(session, _digest(secret.strip()), now)
        if found is None:
            return None
        user = get_user(session, found.user_id)
    if found.last_used_at is None or now - found.last_used_at > TOKEN_TOUCH_INTERVAL:
        try:
            with transaction(factory, no_wait=True) as session:
                mark_token_used(session, found.id, now)
        except OperationalError as exc:
            logger.debug("token %s: last use not recorded (%s)", found.id, exc)
    if not user.is_active:
        return None
    principal = principal_of(user)
    return TokenGrant(
        Principal(
            user_id=principal.user_id,
            username=principal.username,
            display_name=principal.display_name,
            role=principal.role,
            department_ids=principal.department_ids,
            department_names=principal.department_names,
            token_scope=found.scope,
        ),
        found.expires_at,
    )


def tokens(factory: sessionmaker[Session], user_id: int | None = None) -> list[ApiTokenOut]:
    """Tokens of one user, or of everybody (for admins)."""
    with transaction(factory, read_only=True) as session:
        return list_api_tokens(session, user_id)


def revoke_token(
    factory: sessionmaker[Session], token_id: int, *, who: str, user_id: int | None = None
) -> None:
    """Revoke one token; with `user_id`, only a token of that user (users revoke their own)."""
    with transaction(factory) as session:
        revoke_api_token(session, token_id, who=who, user_id=user_id)
