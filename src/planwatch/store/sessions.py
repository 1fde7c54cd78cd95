"""Signed-in browser sessions kept on the server, so that one can be ended for good.

The cookie names a session by a random secret; this table holds only its SHA-256 (a copy of the
database does not sign anybody in). A session ends at logout, at a password change, when an admin
ends it or deactivates the account, after an idle period and at an absolute time limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from planwatch.store.models import UserSessionRow


@dataclass(frozen=True, slots=True)
class LiveSession:
    id: int
    user_id: int
    last_seen_at: datetime


def add_session(
    session: Session, user_id: int, session_hash: str, client: str, *, now: datetime, expires_at: datetime
) -> int:
    row = UserSessionRow(
        user_id=user_id,
        session_hash=session_hash,
        client=client[:100],
        created_at=now,
        last_seen_at=now,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return row.id


def live_session(
    session: Session, session_hash: str, *, now: datetime, idle_since: datetime
) -> LiveSession | None:
    """The session with this hash if it has not ended, not expired and was seen after `idle_since`."""
    row = session.scalar(select(UserSessionRow).where(UserSessionRow.session_hash == session_hash))
    if row is None or row.ended_at is not None or row.expires_at <= now or row.last_seen_at < idle_since:
        return None
    return LiveSession(row.id, row.user_id, row.last_seen_at)


def touch_session(session: Session, session_id: int, now: datetime) -> None:
    session.execute(update(UserSessionRow).where(UserSessionRow.id == session_id).values(last_seen_at=now))


def end_session(session: Session, session_hash: str, now: datetime) -> None:
    session.execute(
        update(UserSessionRow)
        .where(UserSessionRow.session_hash == session_hash, UserSessionRow.ended_at.is_(None))
        .values(ended_at=now)
    )


def end_user_sessions(session: Session, user_id: int, now: datetime, *, keep_hash: str | None = None) -> int:
    """End every open session of a user (but `keep_hash`'s); returns how many were ended."""
    query = update(UserSessionRow).where(
        UserSessionRow.user_id == user_id, UserSessionRow.ended_at.is_(None), UserSessionRow.expires_at > now
    )
    if keep_hash is not None:
        query = query.where(UserSessionRow.session_hash != keep_hash)
    result = session.execute(query.values(ended_at=now))
    return int(getattr(result, "rowcount", 0) or 0)


def open_session_counts(session: Session, now: datetime) -> dict[int, int]:
    """Open (not ended, not expired) sessions per user id, for the admins' account list."""
    rows = session.execute(
        select(UserSessionRow.user_id, func.count())
        .where(UserSessionRow.ended_at.is_(None), UserSessionRow.expires_at > now)
        .group_by(UserSessionRow.user_id)
    ).all()
    return {int(user_id): int(count) for user_id, count in rows}
