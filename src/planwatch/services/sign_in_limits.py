"""How failed sign-ins slow an attacker down without locking the real user out.

Failures are counted per (user name, client) pair: five wrong passwords from one address lock that
address out of that account — for one minute, then two, four, … up to a day while it keeps failing —
and the account's owner still signs in from anywhere else. A client is also limited across all user
names (twenty failures, same back-off), against trying one password on many accounts. Failures are
forgotten after a quiet quarter of an hour; an admin can lift a lock at once (`unlock`).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from planwatch.store.models import LoginThrottleRow

MAX_PAIR_FAILURES = 5
MAX_CLIENT_FAILURES = 20
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(days=1)
FORGET_AFTER = timedelta(minutes=15)


def lock_for(failures: int, limit: int) -> timedelta | None:
    """How long the `failures`-th failure locks a key out (None below the limit)."""
    if failures < limit:
        return None
    doublings = min(failures - limit, 20)  # 2**20 minutes is far past the cap already
    return min(FIRST_LOCK * (1 << doublings), LONGEST_LOCK)


def wait_left(row: LoginThrottleRow, now: datetime) -> timedelta:
    if row.locked_until is None or row.locked_until <= now:
        return timedelta(0)
    return row.locked_until - now


def count_failure(row: LoginThrottleRow, now: datetime, limit: int) -> None:
    """Add one failure to a (locked) row, forgetting old ones first, and lock it when over the limit."""
    quiet = row.last_failure_at is None or now - row.last_failure_at > FORGET_AFTER
    if quiet and wait_left(row, now) == timedelta(0):
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    lock = lock_for(row.failures, limit)
    row.locked_until = now + lock if lock is not None else None


def count_success(row: LoginThrottleRow) -> None:
    row.failures = 0
    row.locked_until = None


def wait_sentence(wait: timedelta) -> str:
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    when = f"{minutes} 分钟" if minutes < 120 else f"{math.ceil(minutes / 60)} 小时"
    return f"登录失败次数过多，请 {when}后再试，或请管理员解除锁定。"
