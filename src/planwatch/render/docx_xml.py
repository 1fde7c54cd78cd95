"""XML building blocks of the DOCX writer: runs, paragraph properties and table cells from cached templates.

python-docx's per-run setters walk the schema on every call (a 500-task report took 2.5 s); these
build each kind of run, paragraph property and cell once and copy it.
"""

from __future__ import annotations

from copy import deepcopy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import _Element

from planwatch.render import gbt9704 as L


class Runs:
    """Run and paragraph properties built once per style and copied, because python-docx's per-run
    setters walk the XML schema on every call (a 500-task report would take seconds)."""

    def __init__(self) -> None:
        self._rpr: dict[tuple[str, float, bool, bool], _Element] = {}
        self._ppr: dict[tuple[int, str, float, bool, str], _Element] = {}
        self._runs: dict[tuple[str, float, bool, bool], _Element] = {}
        self._cells: dict[tuple[int, int, str], _Element] = {}

    def cell(self, width: int, line_twips: int, align: str) -> _Element:
        """A new table cell (w:tc) with its width and an empty formatted paragraph."""
        key = (width, line_twips, align)
        template = self._cells.get(key)
        if template is None:
            template = OxmlElement("w:tc")
            tc_pr = OxmlElement("w:tcPr")
            tc_width = OxmlElement("w:tcW")
            tc_width.set(qn("w:w"), str(width))
            tc_width.set(qn("w:type"), "dxa")
            tc_pr.append(tc_width)
            template.append(tc_pr)
            paragraph = OxmlElement("w:p")
            paragraph.append(deepcopy(self.ppr(line_twips, align, 0.0, False)))
            template.append(paragraph)
            self._cells[key] = template
        return deepcopy(template)

    def rpr(self, font: str, size: float, condense: bool, superscript: bool) -> _Element:
        key = (font, size, condense, superscript)
        if key not in self._rpr:
            r_pr = OxmlElement("w:rPr")
            fonts = OxmlElement("w:rFonts")
            for name, value in (
                ("ascii", L.LATIN_FONT),
                ("hAnsi", L.LATIN_FONT),
                ("eastAsia", font),
                ("hint", "eastAsia"),
            ):
                fonts.set(qn(f"w:{name}"), value)
            r_pr.append(fonts)
            if condense:
                spacing = OxmlElement("w:spacing")
                spacing.set(qn("w:val"), str(L.CONDENSE_TWENTIETHS))
                r_pr.append(spacing)
            for tag in ("w:sz", "w:szCs"):
                element = OxmlElement(tag)
                element.set(qn("w:val"), str(round(size * 2)))
                r_pr.append(element)
            if superscript:
                align = OxmlElement("w:vertAlign")
                align.set(qn("w:val"), "superscript")
                r_pr.append(align)
            self._rpr[key] = r_pr
        return self._rpr[key]

    def add(
        self,
        paragraph: _Element,
        text: str,
        font: str,
        size: float,
        *,
        condense: bool = False,
        superscript: bool = False,
    ) -> None:
        key = (font, size, condense, superscript)
        template = self._runs.get(key)
        if template is None:
            template = OxmlElement("w:r")
            template.append(deepcopy(self.rpr(font, size, condense, superscript)))
            element = OxmlElement("w:t")
            element.set(qn("xml:space"), "preserve")
            template.append(element)
            self._runs[key] = template
        run = deepcopy(template)
        run[-1].text = text
        paragraph.append(run)

    def ppr(
        self, line_twips: int, align: str, indent_pt: float, keep_next: bool, shade: str = ""
    ) -> _Element:
        key = (line_twips, align, indent_pt, keep_next, shade)
        if key not in self._ppr:
            p_pr = OxmlElement("w:pPr")
            if keep_next:
                p_pr.append(OxmlElement("w:keepNext"))
            if shade:  # CT_PPr order: keepNext … shd … snapToGrid, spacing, ind, jc
                fill = OxmlElement("w:shd")
                fill.set(qn("w:val"), "clear")
                fill.set(qn("w:color"), "auto")
                fill.set(qn("w:fill"), shade)
                p_pr.append(fill)
            if line_twips != L.LINE_PITCH_TWIPS:  # tables and captions keep their own leading
                snap = OxmlElement("w:snapToGrid")
                snap.set(qn("w:val"), "0")
                p_pr.append(snap)
            spacing = OxmlElement("w:spacing")
            for name, value in (
                ("before", "0"),
                ("after", "0"),
                ("line", str(line_twips)),
                ("lineRule", "exact"),
            ):
                spacing.set(qn(f"w:{name}"), value)
            p_pr.append(spacing)
            if indent_pt:
                ind = OxmlElement("w:ind")
                ind.set(qn("w:firstLine"), str(round(indent_pt * 20)))
                p_pr.append(ind)
            if align:
                jc = OxmlElement("w:jc")
                jc.set(qn("w:val"), align)
                p_pr.append(jc)
            self._ppr[key] = p_pr
        return self._ppr[key]

    def format(
        self,
        paragraph: _Element,
        line_twips: int,
        align: str = "",
        indent_pt: float = 0.0,
        *,
        keep_next: bool = False,
        shade: str = "",
    ) -> None:
        existing = paragraph.find(qn("w:pPr"))
        if existing is not None:
            paragraph.remove(existing)
        paragraph.insert(0, deepcopy(self.ppr(line_twips, align, indent_pt, keep_next, shade)))
