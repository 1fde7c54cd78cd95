"""What a format reader hands back to the entry point, before provenance is attached."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Extraction:
    lines: tuple[str, ...]
    encoding: str | None = None  # None for formats whose text is not stored in a byte encoding (PDF, DOCX)
    page_breaks: tuple[int, ...] = ()  # 1-based line numbers that start a new page
