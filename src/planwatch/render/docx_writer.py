"""The report as a DOCX in GB/T 9704-2012 layout (see `gbt9704` for every parameter and its clause).

python-docx sets only the Latin font of a run; Chinese text takes the East Asian font (`w:eastAsia` in
`w:rFonts`), which is set here on every run, together with the document defaults, so Word and
LibreOffice use the official fonts (or their configured substitutes) for Chinese.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml.etree import _Element

from planwatch.evaluate.content import (
    ColumnKind,
    Number,
    Paragraph,
    ParagraphStyle,
    Report,
    Section,
    Table,
    Text,
)
from planwatch.render import gbt9704 as L
from planwatch.render.docx_xml import Runs
from planwatch.render.sources import COLUMN_WEIGHTS, source_index, source_key

DRAFT_SHADE = "FFF2CC"  # draft wording (六、下一步建议) on a light yellow ground, to be edited before use
CELL_MARGIN_TWIPS = 57  # 1 mm left and right: narrow columns (序号, 单位) keep two characters


def set_run_font(
    run: Run, east_asian: str, size_pt: float, *, bold: bool = False, condense: bool = False
) -> None:
    """Latin and East Asian font of a run (python-docx sets only the Latin one).

    `condense` narrows the character advance to the §5.2.3 pitch (28 characters a line).
    """
    run.font.name = L.LATIN_FONT
    run.font.size = Pt(size_pt)
    if bold:
        run.font.bold = True
    r_pr = run._element.get_or_add_rPr()
    if condense:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(L.CONDENSE_TWENTIETHS))
        size = r_pr.find(qn("w:sz"))
        if size is not None:
            size.addprevious(spacing)
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:ascii"), L.LATIN_FONT)
    fonts.set(qn("w:hAnsi"), L.LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _page_setup(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(L.PAGE_WIDTH_MM)
    section.page_height = Mm(L.PAGE_HEIGHT_MM)
    section.top_margin = Mm(L.MARGIN_TOP_MM)
    section.bottom_margin = Mm(L.MARGIN_BOTTOM_MM)
    section.left_margin = Mm(L.MARGIN_LEFT_MM)
    section.right_margin = Mm(L.MARGIN_RIGHT_MM)
    section.footer_distance = Mm(L.FOOTER_DISTANCE_MM)
    section.header_distance = Mm(15)
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(L.LINE_PITCH_TWIPS))
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _field(paragraph: DocxParagraph, instruction: str) -> Run:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, shown, end):
        run._element.append(element)
    return run


def _page_number(paragraph: DocxParagraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """§7.5: "— 1 —", 4号宋体; odd pages right, even pages left, one character in from the edge."""
    paragraph.alignment = align
    indent = Pt(L.PAGE_NUMBER_SIZE_PT)
    if align is WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = indent
    else:
        paragraph.paragraph_format.left_indent = indent
    for part in (f"{L.PAGE_NUMBER_DASH} ", None, f" {L.PAGE_NUMBER_DASH}"):
        run = _field(paragraph, "PAGE") if part is None else paragraph.add_run(part)
        set_run_font(run, L.PAGE_NUMBER_FONT, L.PAGE_NUMBER_SIZE_PT)


def _defaults(document: DocumentObject) -> None:
    style = document.styles["Normal"]
    style.font.name = L.LATIN_FONT
    style.font.size = Pt(L.BODY_SIZE_PT)
    r_pr = style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), L.BODY_FONT)


def _pieces(
    runs: Runs,
    paragraph: _Element,
    pieces: tuple[Text | Number, ...],
    font: str,
    size: float,
    index: dict[str, int],
) -> None:
    condense = size == L.BODY_SIZE_PT
    for piece in pieces:
        runs.add(paragraph, piece.text, font, size, condense=condense)
        if isinstance(piece, Number):
            key = source_key(piece)
            if key is not None and key in index:
                runs.add(paragraph, f"[{index[key]}]", font, size, superscript=True)


_INDENT = L.BODY_SIZE_PT * L.FIRST_LINE_INDENT_CHARS


def _body(document: DocumentObject, runs: Runs, block: Paragraph, index: dict[str, int]) -> None:
    paragraph = document.add_paragraph()._p
    shade = DRAFT_SHADE if block.style is ParagraphStyle.DRAFT else ""
    runs.format(paragraph, L.LINE_PITCH_TWIPS, "both", _INDENT, shade=shade)
    size = L.NOTE_SIZE_PT if block.style is ParagraphStyle.NOTE else L.BODY_SIZE_PT
    if block.lead:
        # a run-in lead of the second level ((一)…) is 楷体 (§7.3.3)
        runs.add(paragraph, block.lead, L.HEADING2_FONT, size, condense=size == L.BODY_SIZE_PT)
    _pieces(runs, paragraph, block.pieces, L.BODY_FONT, size, index)


def _heading(document: DocumentObject, runs: Runs, text: str, level: int) -> None:
    paragraph = document.add_paragraph()._p
    runs.format(paragraph, L.LINE_PITCH_TWIPS, "", _INDENT, keep_next=True)
    font = L.HEADING1_FONT if level == 1 else L.HEADING2_FONT
    runs.add(paragraph, text, font, L.BODY_SIZE_PT, condense=True)


def _table_properties(table: DocxTable, widths: list[int]) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    # CT_TblPr order: … jc, tblBorders, shd, tblLayout, tblCellMar, tblLook (Word rejects other orders)
    look = tbl_pr.find(qn("w:tblLook"))
    for element in (borders, layout, margins):
        if look is not None:
            look.addprevious(element)
        else:
            tbl_pr.append(element)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))


def _repeat_header(row_element: CT_Row) -> None:
    tr_pr = row_element.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


_CENTERED = (ColumnKind.INDEX, ColumnKind.STATUS, ColumnKind.SHORT, ColumnKind.NUMBER)


def _table(document: DocumentObject, runs: Runs, block: Table, index: dict[str, int]) -> None:
    caption = document.add_paragraph()._p
    runs.format(caption, L.LINE_PITCH_TWIPS, "center", keep_next=True)
    runs.add(caption, block.caption, L.HEADING1_FONT, L.TABLE_SIZE_PT + 1.5)
    size = L.WIDE_TABLE_SIZE_PT if len(block.columns) >= L.WIDE_TABLE_COLUMNS else L.TABLE_SIZE_PT
    table = document.add_table(rows=1, cols=len(block.columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    weights = [COLUMN_WEIGHTS[c.kind] for c in block.columns]
    total = L.TYPE_AREA_WIDTH_MM / 25.4 * 1440
    widths = [int(total * w / sum(weights)) for w in weights]
    _table_properties(table, widths)
    line = int(size * 20 * 1.25)
    header = table._tbl.tr_lst[0]
    _repeat_header(header)
    for tc in list(header.tc_lst):
        header.remove(tc)
    for column, width in zip(block.columns, widths, strict=True):
        tc = runs.cell(width, line, "center")
        runs.add(tc[-1], column.title, L.TABLE_HEADER_FONT, size)
        header.append(tc)
    aligns = ["center" if c.kind in _CENTERED else "" for c in block.columns]
    for values in block.rows:
        tr = OxmlElement("w:tr")
        for width, value, align in zip(widths, values, aligns, strict=True):
            tc = runs.cell(width, line, align)
            _pieces(runs, tc[-1], value, L.TABLE_FONT, size, index)
            tr.append(tc)
        table._tbl.append(tr)
    spacer = document.add_paragraph()._p
    runs.format(spacer, line)


def _section(
    document: DocumentObject, runs: Runs, section: Section, index: dict[str, int], level: int = 1
) -> None:
    _heading(document, runs, section.heading, level)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            _body(document, runs, block, index)
        else:
            _table(document, runs, block, index)
    for sub in section.subsections:
        _section(document, runs, sub, index, level + 1)


def render_docx(report: Report, *, font_note: str | None = None) -> bytes:
    """The report as DOCX bytes; `font_note` (which free fonts stood in) is added when making a PDF."""
    document = Document()
    _defaults(document)
    _page_setup(document)
    index = source_index(report)
    runs = Runs()
    title = document.add_paragraph()._p
    runs.format(title, int(L.LINE_PITCH_TWIPS * 1.2), "center")
    runs.add(title, report.title, L.TITLE_FONT, L.TITLE_SIZE_PT)
    subtitle = document.add_paragraph()._p
    runs.format(subtitle, L.LINE_PITCH_TWIPS, "center")
    runs.add(subtitle, report.subtitle, L.HEADING2_FONT, L.BODY_SIZE_PT, condense=True)
    for block in report.preface:
        _body(document, runs, block, index)
    if font_note:
        _body(document, runs, Paragraph((Text(font_note),), ParagraphStyle.NOTE), index)
    for section in report.sections:
        _section(document, runs, section, index)
    for appendix in report.appendices:
        page_break = document.add_paragraph()
        page_break.paragraph_format.page_break_before = True
        _section(document, runs, appendix, index)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
