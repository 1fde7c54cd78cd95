"""Splitting decoded text into source lines.

Lines are split on universal newlines only (``\\r\\n``, ``\\r``, ``\\n``) — the line breaks an editor
shows — so that a line number in `SourceText` is the line number a user sees when opening the file.
`str.splitlines` would also split on form feed, vertical tab, U+0085 and U+2028/2029, which text
exported from PDFs (``\\f`` between pages) and copied from web pages contain; that would shift every
following line number. Those characters are kept inside the line for the cleaning stage to handle.
"""

from __future__ import annotations

import re

_NEWLINE = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Split like `str.splitlines` (no empty line after a final newline), but on newlines only."""
    if not text:
        return []
    parts = _NEWLINE.split(text)
    if parts[-1] == "":
        parts.pop()
    return parts
