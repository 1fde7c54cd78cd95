"""Vocabulary of the implementation cycle (督办), stored as these string values.

Kept in the domain so the store's tables and the pure rules in `planwatch.cycle` share one definition.
"""

from __future__ import annotations

from enum import StrEnum


class Frequency(StrEnum):
    """How often a plan's tasks report."""

    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


class NoticeKind(StrEnum):
    """The reminders of one task and period: before, on and after the due date, and the escalation."""

    BEFORE = "before"
    DUE = "due"
    OVERDUE = "overdue"
    ESCALATE = "escalate"
