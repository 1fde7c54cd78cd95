"""Entry point of the ingest layer: read a file, sniff its format, run the matching reader."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from planwatch.domain.errors import InputError
from planwatch.domain.limits import check_file_size, check_text
from planwatch.domain.source import SourceFormat, SourceText
from planwatch.ingest import messages
from planwatch.ingest.docx import read_docx
from planwatch.ingest.extraction import Extraction
from planwatch.ingest.html import read_html
from planwatch.ingest.pdf import read_pdf
from planwatch.ingest.sniff import sniff
from planwatch.ingest.text import read_text

logger = logging.getLogger(__name__)

_READERS: dict[SourceFormat, Callable[[bytes, Path], Extraction]] = {
    SourceFormat.TEXT: read_text,
    SourceFormat.DOCX: read_docx,
    SourceFormat.PDF: read_pdf,
    SourceFormat.HTML: read_html,
}


def _read_bytes(path: Path) -> bytes:
    try:
        if not path.exists():
            raise messages.not_found(path)
        if not path.is_file():  # directories, FIFOs and devices would block or fail confusingly
            raise messages.not_a_file(path)
        check_file_size(path.stat().st_size, str(path))
        return path.read_bytes()
    except InputError:
        raise
    except OSError as exc:
        raise messages.unreadable(path, f"{type(exc).__name__}: {exc.strerror or exc}") from exc
    except ValueError as exc:  # e.g. a NUL character inside the path
        raise messages.unreadable(path, f"invalid path: {exc}") from exc


def read_source(path: Path) -> SourceText:
    """Read a plan file (.txt, .docx, .pdf, .html — chosen by content) into a `SourceText`.

    Raises only `InputError`, whatever the bytes: its message is one Chinese sentence telling the user
    what is wrong with the file and what to do about it.
    """
    path = Path(path)  # tolerate str from callers that are not type-checked
    data = _read_bytes(path)
    if not data:
        raise messages.empty(path)
    try:
        source_format = sniff(data, path)
        extraction = _READERS[source_format](data, path)
    except InputError:
        raise
    except Exception as exc:
        # The promise to callers is "InputError or a result" for any bytes; a library failing in a way
        # we did not foresee is still reported to the user as a readable sentence, and logged in full.
        logger.exception("unexpected failure reading %s", path)
        raise messages.internal(path, f"{type(exc).__name__}: {exc}") from exc
    check_text(extraction.lines, str(path))
    logger.info(
        "read %s as %s (%s): %d lines", path, source_format, extraction.encoding, len(extraction.lines)
    )
    return SourceText(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format=source_format,
        encoding=extraction.encoding,
        lines=extraction.lines,
        page_breaks=extraction.page_breaks,
    )
