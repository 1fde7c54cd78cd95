"""Errors a user can cause and fix. Each carries one Chinese sentence saying what was wrong and what to do."""

from __future__ import annotations


class PlanwatchError(Exception):
    """Base class for user-facing errors; the CLI prints `message` and exits non-zero, never a traceback."""

    exit_code: int = 2

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail  # developer-facing English detail, shown with --verbose


class InputError(PlanwatchError):
    """The input file cannot be read as a document (missing, empty, binary, undecodable, unsupported)."""


class NotAPlanError(PlanwatchError):
    """The document was read but does not look like a plan (no outline, no title, nothing to extract)."""

    exit_code = 3
