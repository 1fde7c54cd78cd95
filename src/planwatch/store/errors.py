"""Storage errors a user can fix; each message is one Chinese sentence: what was wrong, what to do."""

from __future__ import annotations

from planwatch.domain.errors import PlanwatchError


class StoreError(PlanwatchError):
    """Base class for storage errors that come from the user's request, not from a bug."""


class NotFoundError(StoreError):
    """The plan, task, department, indicator or observation named by the caller does not exist."""


class ConflictError(StoreError):
    """The change would break a rule of the data (a duplicate name, an alias that names two departments)."""
