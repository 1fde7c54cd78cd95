"""Browser sessions kept on the server: started at sign-in, checked on every request, ended for good.

The cookie carries only a random session id (and the CSRF token); the database holds its SHA-256 with
an idle and an absolute deadline. Logging out ends the row, so a copied cookie stops working at once.
"Last seen" is written at most once a minute and never waits for the write lock: a session check must
not queue behind a long import (a skipped update only makes the idle clock a minute less precise).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from planwatch.store import transaction
from planwatch.store.models import utcnow
from planwatch.store.sessions import add_session, end_session, live_session, touch_session

logger = logging.getLogger(__name__)

SESSION_TOUCH_INTERVAL = timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start_session(factory: sessionmaker[Session], user_id: int, client: str, *, lifetime: timedelta) -> str:
    """A new session for `user_id`; returns its secret id, for the cookie only."""
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    with transaction(factory) as session:
        add_session(session, user_id, digest(secret), client, now=now, expires_at=now + lifetime)
    return secret


def session_user(factory: sessionmaker[Session], secret: str, *, idle: timedelta) -> int | None:
    """The user of a live session, None when it ended, expired or sat idle longer than `idle`."""
    now = utcnow()
    with transaction(factory, read_only=True) as session:
        found = live_session(session, digest(secret), now=now, idle_since=now - idle)
    if found is None:
        return None
    if now - found.last_seen_at >= SESSION_TOUCH_INTERVAL:
        try:
            with transaction(factory, no_wait=True) as session:
                touch_session(session, found.id, now)
        except OperationalError as exc:  # the database is busy with a long write; try next time
            logger.debug("session %s not touched: %s", found.id, exc)
    return found.user_id


def end(factory: sessionmaker[Session], secret: str) -> None:
    """End one session (logout)."""
    with transaction(factory) as session:
        end_session(session, digest(secret), utcnow())
