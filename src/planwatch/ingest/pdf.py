"""PDF reader: the text layer page by page, via PDFium.

PDFium (through pypdfium2) extracts Chinese text in reading order and is permissively licensed.
It is not thread-safe, so every call into it holds one process-wide lock; documents, pages and text
pages are closed explicitly in `finally` blocks so that no native handle outlives a call.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from planwatch.ingest import messages
from planwatch.ingest.extraction import Extraction
from planwatch.ingest.lines import split_lines
from planwatch.ingest.radicals import fold_radicals

logger = logging.getLogger(__name__)

_PDFIUM_LOCK = threading.Lock()


class _PdfOpenError(Exception):
    def __init__(self, reason: str, *, encrypted: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.encrypted = encrypted


def _page_texts(data: bytes) -> list[str]:
    """Raw text of each page; raises `_PdfOpenError` for unreadable or password-protected files."""
    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            encrypted = getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD
            raise _PdfOpenError(str(exc), encrypted=encrypted) from exc
        try:
            texts: list[str] = []
            for index in range(len(document)):
                page = document[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        texts.append(str(textpage.get_text_bounded()))
                    finally:
                        textpage.close()
                finally:
                    page.close()
            return texts
        finally:
            document.close()


def read_pdf(data: bytes, path: Path) -> Extraction:
    """Lines of the text layer, radicals folded; `page_breaks` marks the first line of pages 2..n.

    Every page contributes at least one line (an empty one when the page has no text), so page
    breaks are strictly increasing and always point at a real line.
    """
    try:
        pages = _page_texts(data)
    except _PdfOpenError as exc:
        if exc.encrypted:
            raise messages.pdf_encrypted(path) from exc
        raise messages.pdf_corrupt(path, exc.reason) from exc
    except Exception as exc:  # PDFium can fail on any malformed object; all of that is a damaged file
        logger.debug("PDFium failed on %s", path, exc_info=True)
        raise messages.pdf_corrupt(path, f"{type(exc).__name__}: {exc}") from exc
    if not pages:
        raise messages.pdf_no_pages(path)
    lines: list[str] = []
    page_breaks: list[int] = []
    empty_pages = 0
    for number, raw in enumerate(pages, start=1):
        if number > 1:
            page_breaks.append(len(lines) + 1)
        page_lines = split_lines(fold_radicals(raw))
        if not any(line.strip() for line in page_lines):
            empty_pages += 1
        lines.extend(page_lines or [""])
    if empty_pages == len(pages):
        raise messages.pdf_no_text(path)
    if empty_pages:
        logger.warning("%s: %d of %d pages have no text layer (scanned?)", path, empty_pages, len(pages))
    return Extraction(lines=tuple(lines), page_breaks=tuple(page_breaks))
