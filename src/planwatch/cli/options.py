"""Global options shared by the commands (set in the app callback, read through the typer context)."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

import typer


@dataclass(frozen=True, slots=True)
class GlobalOptions:
    database: str | None  # None: PLANWATCH_DATABASE_URL, else the per-user SQLite file


def database_url(ctx: typer.Context) -> str | None:
    """The `--database` URL given before the command, if any."""
    options = ctx.find_root().obj
    return options.database if isinstance(options, GlobalOptions) else None


def current_user() -> str:
    """Who is recorded in the change history for edits made from the command line."""
    try:
        return getpass.getuser() or "cli"
    except (KeyError, OSError):  # no user name in a bare container
        return "cli"
