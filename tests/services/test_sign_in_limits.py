"""Sign-in limits that hold (issue 9, item 5): atomic counting, per-pair lockout with back-off, unlock,
and the password policy. Run on SQLite and PostgreSQL (the race is PostgreSQL's READ COMMITTED)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import UserRole
from planwatch.services import accounts
from planwatch.services import sign_in_limits as limits
from planwatch.services.password_policy import password_problem
from planwatch.store import transaction
from planwatch.store.models import LoginAttemptRow, LoginThrottleRow, utcnow

PASSWORD = "correct-horse-battery"


@pytest.fixture
def owner(factory: sessionmaker[Session]) -> int:
    return accounts.add_user(factory, "admin", UserRole.ADMIN, who="t", password=PASSWORD).user.id


def attempt(factory: sessionmaker[Session], password: str, client: str, name: str = "admin") -> str:
    try:
        accounts.authenticate(factory, name, password, client=client)
    except accounts.LoginThrottledError:
        return "throttled"
    except accounts.LoginFailedError:
        return "failed"
    return "ok"


def evaluated(factory: sessionmaker[Session]) -> int:
    """Attempts that reached the password check (each one is recorded, throttled ones are not)."""
    with transaction(factory, read_only=True) as session:
        return int(session.scalar(select(func.count()).select_from(LoginAttemptRow)) or 0)


def test_forty_parallel_wrong_passwords_evaluate_at_most_the_limit(
    factory: sessionmaker[Session], owner: int
) -> None:
    with ThreadPoolExecutor(max_workers=40) as pool:
        results = list(pool.map(lambda i: attempt(factory, f"wrong-guess-{i}", "198.51.100.7"), range(40)))
    assert results.count("failed") == limits.MAX_PAIR_FAILURES
    assert results.count("throttled") == 40 - limits.MAX_PAIR_FAILURES
    assert evaluated(factory) == limits.MAX_PAIR_FAILURES


def test_lockout_is_per_client_and_account_pair(factory: sessionmaker[Session], owner: int) -> None:
    for _ in range(limits.MAX_PAIR_FAILURES):
        assert attempt(factory, "not-the-password", "203.0.113.1") == "failed"
    assert attempt(factory, PASSWORD, "203.0.113.1") == "throttled"  # even the right password waits
    assert attempt(factory, PASSWORD, "192.0.2.50") == "ok"  # the real user, from elsewhere


def _row(factory: sessionmaker[Session], client: str) -> LoginThrottleRow:
    with transaction(factory, read_only=True) as session:
        row = session.scalar(
            select(LoginThrottleRow).where(
                LoginThrottleRow.username == "admin", LoginThrottleRow.client == client
            )
        )
        assert row is not None
        return row


def test_back_off_doubles_while_failures_go_on(
    factory: sessionmaker[Session], owner: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [utcnow()]
    monkeypatch.setattr("planwatch.services.accounts.utcnow", lambda: clock[0])
    locks: list[timedelta] = []
    for _ in range(limits.MAX_PAIR_FAILURES):
        attempt(factory, "bad-password-x", "203.0.113.9")
    for _ in range(4):
        row = _row(factory, "203.0.113.9")
        assert row.locked_until is not None
        locks.append(row.locked_until - clock[0])
        assert attempt(factory, "bad-password-x", "203.0.113.9") == "throttled"
        clock[0] = row.locked_until + timedelta(seconds=1)  # wait out the lock, then fail again
        assert attempt(factory, "bad-password-x", "203.0.113.9") == "failed"
    assert locks == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    # after a quiet quarter of an hour past the lock the slate is clean
    last = _row(factory, "203.0.113.9").locked_until
    assert isinstance(last, datetime)
    clock[0] = last + limits.FORGET_AFTER + timedelta(minutes=1)
    assert attempt(factory, "bad-password-x", "203.0.113.9") == "failed"
    assert _row(factory, "203.0.113.9").failures == 1


def test_admin_unlock_lifts_the_lock(factory: sessionmaker[Session], owner: int) -> None:
    for _ in range(limits.MAX_PAIR_FAILURES):
        attempt(factory, "bad-password-y", "203.0.113.2")
    assert attempt(factory, PASSWORD, "203.0.113.2") == "throttled"
    assert accounts.unlock(factory, owner, who="boss") == 1
    assert attempt(factory, PASSWORD, "203.0.113.2") == "ok"


def test_one_client_is_limited_across_user_names(factory: sessionmaker[Session], owner: int) -> None:
    for i in range(limits.MAX_CLIENT_FAILURES):
        assert attempt(factory, "spray-password", "203.0.113.3", name=f"user{i}") == "failed"
    assert attempt(factory, PASSWORD, "203.0.113.3") == "throttled"
    assert attempt(factory, PASSWORD, "203.0.113.4") == "ok"


@pytest.mark.parametrize(
    ("password", "refused"),
    [
        ("short-pass1", "至少需要 12 个字符"),  # 11 characters
        ("password1234", "过于常见"),
        ("qwerty123456!", "过于常见"),
        ("iloveyou2026", "过于常见"),
        ("monkeymonkeymonkey", "过于常见"),
        ("aaaaaaaaaaaaaaaa", "过于常见"),
        ("admin2026!!!!", "用户名"),
        ("plum-river-lantern", None),
    ],
)
def test_password_policy(password: str, refused: str | None) -> None:
    problem = password_problem(password, username="admin")
    assert (problem is None) if refused is None else (problem is not None and refused in problem)


def test_new_accounts_and_passwords_follow_the_policy(factory: sessionmaker[Session], owner: int) -> None:
    with pytest.raises(accounts.WeakPasswordError, match="过于常见"):
        accounts.add_user(factory, "wang", UserRole.VIEWER, who="t", password="sunshine12345")
    with pytest.raises(accounts.WeakPasswordError, match="至少需要 12"):
        accounts.change_password(factory, owner, "elevenchars", who="t")
    assert password_problem(accounts.generate_password()) is None
