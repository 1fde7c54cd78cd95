"""Builders for ingest fixtures that are easier to generate than to commit (DOCX, PDF, HTML)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from docx.document import Document
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# A two-level Chinese outline list: level 0 "一、", level 1 "（一）" — the way plans number sections.
CHINESE_ABSTRACT = f"""
<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/>
    <w:lvlText w:val="%3"/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>
"""
CHAPTER_ABSTRACT = f"""
<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="91">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/>
    <w:lvlText w:val="第%1章"/><w:suff w:val="space"/></w:lvl>
</w:abstractNum>
"""


def _num(num_id: int, abstract_id: int, start_override: int | None = None) -> str:
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
        if start_override is not None
        else ""
    )
    return (
        f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        f"{override}</w:num>"
    )


def add_chinese_numbering(document: Document) -> None:
    """Register numIds 90 (一、/（一）/①), 91 (第一章) and 92 (第…章 restarting at 5)."""
    numbering = document.part.numbering_part.element
    first_num = numbering.find(f"{{{W_NS}}}num")
    # abstractNum elements must precede num elements in numbering.xml.
    for xml in (CHINESE_ABSTRACT, CHAPTER_ABSTRACT):
        element = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)
    numbering.append(parse_xml(_num(90, 90)))
    numbering.append(parse_xml(_num(91, 91)))
    numbering.append(parse_xml(_num(92, 91, start_override=5)))


def number_paragraph(paragraph: Paragraph, num_id: int, ilvl: int) -> None:
    """Give a paragraph direct numbering (w:numPr) the way Word writes it."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def pdf_bytes(pages: Sequence[Sequence[str]]) -> bytes:
    """A PDF whose pages hold the given lines in the built-in STSong-Light CID font (no font files)."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for lines in pages:
        pdf.setFont("STSong-Light", 14)
        for index, line in enumerate(lines):
            pdf.drawString(72, 760 - 24 * index, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes], Path]:
    """Write bytes to a file in tmp_path and return its path."""

    def _write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return _write


@pytest.fixture
def make_pdf() -> Callable[[Sequence[Sequence[str]]], bytes]:
    return pdf_bytes


@pytest.fixture
def chinese_numbering() -> Callable[[Document], None]:
    return add_chinese_numbering


@pytest.fixture
def numbered() -> Callable[[Paragraph, int, int], None]:
    return number_paragraph
