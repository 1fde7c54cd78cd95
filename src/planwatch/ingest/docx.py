"""DOCX reader: body paragraphs and tables in document order, with Word's numbering labels restored.

One paragraph gives one line; a soft line break (Shift+Enter) inside a paragraph starts a new line,
because it is a line break the reader of the document sees. One table row gives one line with the
cells joined by a TAB, so that a later stage can split cells exactly; for that reason tabs typed
inside paragraphs and cells become a space. Merged cells keep the grid: a cell spanning n columns is
followed by n-1 empty cells, and vertically merged continuation cells are empty.

Text boxes (often used for 专栏 boxes) are emitted as lines after the paragraph that anchors them.
Tracked deletions, field codes and hidden text are skipped, as Word does when it displays the text.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import docx
from lxml import etree

from planwatch.ingest import messages
from planwatch.ingest.extraction import Extraction
from planwatch.ingest.numbering import Counters, Numbering, attr, w

logger = logging.getLogger(__name__)

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
_CHOICE = f"{{{MC_NS}}}Choice"

# Containers whose children are read as if they were inline in the parent.
_TRANSPARENT = frozenset(
    w(tag)
    for tag in ("hyperlink", "ins", "moveTo", "smartTag", "sdt", "sdtContent", "customXml", "fldSimple")
) | frozenset({w("dir"), w("bdo")})
# Inline content that is not displayed text.
_SKIPPED = frozenset(
    w(tag)
    for tag in (
        "del",
        "moveFrom",
        "instrText",
        "delText",
        "delInstrText",
        "rPr",
        "pPr",
        "sdtPr",
        "sdtEndPr",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
    )
)
_GRAPHICS = frozenset({w("drawing"), w("pict"), w("object"), _ALTERNATE})
_BLOCK_CONTAINERS = frozenset({w("sdt"), w("sdtContent"), w("customXml")})


def _is_on(element: etree._Element | None) -> bool:
    return element is not None and attr(element) not in {"0", "false", "off"}


class _BodyWalker:
    """Turns body content into lines, advancing numbering counters in document order."""

    def __init__(self, counters: Counters) -> None:
        self._counters = counters
        self.lines: list[str] = []

    # -- inline text of one paragraph

    def _inline(self, element: etree._Element, out: list[str], boxes: list[etree._Element]) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == w("r"):
                if _is_on(child.find(f"{w('rPr')}/{w('vanish')}")):
                    continue
                self._inline(child, out, boxes)
            elif tag == w("t"):
                out.append(child.text or "")
            elif tag == w("tab") or tag == w("ptab"):
                out.append(" ")
            elif tag == w("br"):
                if attr(child, "type") in {None, "textWrapping"}:
                    out.append("\n")
            elif tag == w("cr"):
                out.append("\n")
            elif tag == w("noBreakHyphen"):
                out.append("-")
            elif tag == w("sym"):
                code = attr(child, "char") or ""
                try:
                    char = chr(int(code, 16))
                except ValueError:
                    continue
                if not "\ue000" <= char <= "\uf8ff":  # symbol-font glyphs have no meaning as text
                    out.append(char)
            elif tag in _GRAPHICS:
                boxes.extend(_text_boxes(child))
            elif tag in _TRANSPARENT:
                self._inline(child, out, boxes)

    def paragraph_text(self, paragraph: etree._Element) -> tuple[str, list[etree._Element]]:
        """Label + text of a `w:p` (may contain "\\n" for soft breaks) and its text-box contents."""
        out: list[str] = [self._counters.label(paragraph)]
        boxes: list[etree._Element] = []
        self._inline(paragraph, out, boxes)
        return "".join(out), boxes

    # -- blocks

    def blocks(self, container: etree._Element) -> None:
        for child in container:
            if child.tag == w("p"):
                text, boxes = self.paragraph_text(child)
                self.lines.extend(text.split("\n"))
                for box in boxes:
                    self.blocks(box)
            elif child.tag == w("tbl"):
                self.table(child)
            elif child.tag in _BLOCK_CONTAINERS:
                self.blocks(child)
            elif child.tag == w("altChunk"):
                logger.warning("embedded alternative-format chunk (altChunk) skipped")

    def table(self, table: etree._Element) -> None:
        for row in _rows(table):
            cells: list[str] = []
            row_pr = row.find(w("trPr"))
            before = _int_attr(row_pr, "gridBefore")
            after = _int_attr(row_pr, "gridAfter")
            cells.extend([""] * before)
            for cell in _cells(row):
                cells.append(self.cell_text(cell))
                span = _int_attr(cell.find(w("tcPr")), "gridSpan")
                cells.extend([""] * max(span - 1, 0))
            cells.extend([""] * after)
            self.lines.append("\t".join(cells))

    def cell_text(self, cell: etree._Element) -> str:
        """All paragraphs of a cell (nested tables included) joined by spaces, on one line."""
        parts: list[str] = []
        for paragraph in cell.iter(w("p")):
            if _inside_text_box(paragraph, cell):
                continue
            text, boxes = self.paragraph_text(paragraph)
            parts.append(" ".join(text.split("\n")))
            for box in boxes:
                parts.extend(self._flat_box(box))
        return " ".join(part.strip() for part in parts if part.strip())

    def _flat_box(self, box: etree._Element) -> Iterator[str]:
        for paragraph in box.iter(w("p")):
            text, _ = self.paragraph_text(paragraph)
            yield " ".join(text.split("\n"))


def _int_attr(parent: etree._Element | None, tag: str) -> int:
    if parent is None:
        return 0
    value = attr(parent.find(w(tag)))
    try:
        return min(int(value), 64) if value is not None else 0
    except ValueError:
        return 0


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    for child in table:
        if child.tag == w("tr"):
            yield child
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _rows(child)


def _cells(row: etree._Element) -> Iterator[etree._Element]:
    for child in row:
        if child.tag == w("tc"):
            yield child
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _cells(child)


def _text_boxes(graphic: etree._Element) -> list[etree._Element]:
    """`w:txbxContent` elements of a drawing; of an mc:AlternateContent only the first choice counts,
    since the fallback repeats the same text box for old Word versions."""
    if graphic.tag == _ALTERNATE:
        choice = graphic.find(_CHOICE)
        if choice is None:
            return []
        graphic = choice
    return list(graphic.iter(w("txbxContent")))


def _inside_text_box(paragraph: etree._Element, stop: etree._Element) -> bool:
    parent = paragraph.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == w("txbxContent"):
            return True
        parent = parent.getparent()
    return False


def _open(data: bytes, path: Path) -> tuple[etree._Element, Numbering]:
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        part = document.part
        numbering_root = None
        try:
            numbering_root = part.numbering_part.element
        except (KeyError, NotImplementedError):
            logger.debug("%s has no numbering part", path)
        styles_root = document.styles.element
    except Exception as exc:  # python-docx raises many types (KeyError, ValueError, XMLSyntaxError…)
        logger.debug("python-docx failed on %s", path, exc_info=True)
        raise messages.docx_corrupt(path, f"{type(exc).__name__}: {exc}") from exc
    return body, Numbering(numbering_root, styles_root)


def read_docx(data: bytes, path: Path) -> Extraction:
    """Lines of a Word document in reading order; raises `InputError` when damaged or empty."""
    body, numbering = _open(data, path)
    walker = _BodyWalker(Counters(numbering))
    walker.blocks(body)
    if not any(line.strip() for line in walker.lines):
        raise messages.docx_no_text(path)
    return Extraction(lines=tuple(walker.lines))
