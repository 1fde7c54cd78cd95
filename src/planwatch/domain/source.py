"""A document as read from disk: its text lines, before any cleaning.

Line numbers are 1-based indexes into `lines`. For plain text they are the file's own lines; for DOCX,
HTML and PDF they are the lines of the extracted text (one per paragraph or text line), so that every
fact can still point at "where the document says so".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SourceFormat(StrEnum):
    TEXT = "text"
    DOCX = "docx"
    PDF = "pdf"
    HTML = "html"


@dataclass(frozen=True, slots=True)
class SourceText:
    """Decoded text of one input document with its provenance."""

    path: str
    sha256: str
    format: SourceFormat
    encoding: str | None
    lines: tuple[str, ...]
    page_breaks: tuple[int, ...] = ()  # line numbers (1-based) that start a new page, where known


@dataclass(frozen=True, slots=True)
class Span:
    """Inclusive range of 1-based source line numbers."""

    start: int
    end: int

    def merge(self, other: Span) -> Span:
        return Span(min(self.start, other.start), max(self.end, other.end))
