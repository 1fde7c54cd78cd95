"""Cite a plan document by its title and line, never by a file name.

Data files often give a figure's source as the plan text itself (`file:…/000_6d58e259aa89691f.txt`,
with the sentence as the quote). A planning office cannot cite a file name; it cites
"《武汉市科技创新发展“十四五”规划》第31行". When such a quote is found in a stored plan's original
lines, the source is rewritten to that citation at import time, so every page, the CLI and the API
show the same thing. The quote is matched with all whitespace removed, because quotes are usually
copied with line breaks merged ("引文已合并换行") and PDF text has spaces inside sentences.
A quote that is found in no stored plan leaves the source as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from planwatch.domain.records import ObservationRecord
from planwatch.store.sources import plan_documents

FILE_SCHEME = "file:"


@dataclass(frozen=True, slots=True)
class _CompactText:
    """A document with whitespace removed, and the 1-based line of every remaining character."""

    title: str
    text: str
    lines: tuple[int, ...]


def _compact(title: str, text: str) -> _CompactText:
    chars: list[str] = []
    lines: list[int] = []
    line = 1
    for ch in text:
        if ch == "\n":
            line += 1
        elif not ch.isspace():
            chars.append(ch)
            lines.append(line)
    return _CompactText(title, "".join(chars), tuple(lines))


def quote_line(text: str, quote: str) -> int | None:
    """The 1-based line of `text` where `quote` starts, ignoring whitespace; None when it is absent."""
    return _find(_compact("", text), quote)


def _find(document: _CompactText, quote: str) -> int | None:
    needle = "".join(quote.split())
    if not needle:
        return None
    at = document.text.find(needle)
    return None if at < 0 else document.lines[at]


def citation(title: str, line: int) -> str:
    """The way a planning office cites a line of a plan."""
    return f"《{title}》第{line}行"


def cite_plan_files(session: Session, records: Sequence[ObservationRecord]) -> tuple[ObservationRecord, ...]:
    """The records with each `file:` source whose quote is in a stored plan replaced by its citation."""
    if not any(_is_plan_file(record) for record in records):
        return tuple(records)
    documents = [_compact(title, text) for title, text in plan_documents(session)]
    found: dict[str, str | None] = {}
    cited: list[ObservationRecord] = []
    for record in records:
        if not _is_plan_file(record):
            cited.append(record)
            continue
        quote = record.source_quote or ""
        if quote not in found:
            found[quote] = _locate(documents, quote)
        label = found[quote]
        cited.append(record if label is None else replace(record, source=label))
    return tuple(cited)


def _is_plan_file(record: ObservationRecord) -> bool:
    return bool(record.source and record.source.startswith(FILE_SCHEME) and record.source_quote)


def _locate(documents: Sequence[_CompactText], quote: str) -> str | None:
    for document in documents:
        line = _find(document, quote)
        if line is not None:
            return citation(document.title, line)
    return None
