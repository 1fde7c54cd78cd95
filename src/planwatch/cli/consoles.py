"""The two consoles every command writes to: results on stdout, progress and messages on stderr."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

out = Console(soft_wrap=True)
if not out.is_terminal:
    out = Console(soft_wrap=True, width=160)  # piped output: do not squeeze tables to 80 columns
err = Console(stderr=True, soft_wrap=True)


def progress_bar(label: str, *, disable: bool = False) -> Progress:
    """A transient progress bar on stderr (so piped stdout stays clean)."""
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=disable,
    )
