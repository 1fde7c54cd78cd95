"""Plain-text reader: decode, reject binary or empty content, split into the file's own lines."""

from __future__ import annotations

import logging
from pathlib import Path

from planwatch.ingest import messages
from planwatch.ingest.encoding import DecodeError, decode_text
from planwatch.ingest.extraction import Extraction
from planwatch.ingest.lines import split_lines

logger = logging.getLogger(__name__)


def read_text(data: bytes, path: Path) -> Extraction:
    """Decode `data` as a plain-text plan; the lines are kept exactly as decoded (no cleaning)."""
    try:
        decoded = decode_text(data)
    except DecodeError as exc:
        if exc.binary:
            raise messages.binary(path, exc.reason) from exc
        raise messages.undecodable(path, exc.reason) from exc
    if not decoded.text.strip():
        raise messages.blank(path)
    logger.debug("%s decoded as %s", path, decoded.encoding)
    return Extraction(lines=tuple(split_lines(decoded.text)), encoding=decoded.encoding)
