"""Sign-in throttles: one row per (user name, client) pair and per client, locked while checked.

Counting failures with "count, then insert" races under READ COMMITTED: 40 parallel attempts all see
fewer than five. Here an attempt first makes sure its rows exist (an insert that ignores conflicts),
then locks them (SELECT … FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises
writers), so parallel attempts on the same pair are checked one after the other.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from planwatch.store.models import LoginThrottleRow

CLIENT_WIDE = ""
"""The user name of a client's row across all user names (against password spraying)."""


def locked_throttle(session: Session, username: str, client: str) -> LoginThrottleRow:
    """The throttle row of (username, client), created if missing and locked until the transaction ends."""
    key = {"username": username[:100], "client": client[:100], "failures": 0}
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(LoginThrottleRow).values(**key).on_conflict_do_nothing())
    row = session.scalar(
        select(LoginThrottleRow)
        .where(LoginThrottleRow.username == key["username"], LoginThrottleRow.client == key["client"])
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert row is not None
    return row


def clear_throttles(session: Session, username: str) -> int:
    """Forget every lock and failure of a user name (an admin's unlock); returns how many pairs."""
    result = session.execute(delete(LoginThrottleRow).where(LoginThrottleRow.username == username[:100]))
    return int(getattr(result, "rowcount", 0) or 0)


def locked_pairs(session: Session, username: str) -> list[LoginThrottleRow]:
    return list(session.scalars(select(LoginThrottleRow).where(LoginThrottleRow.username == username[:100])))
