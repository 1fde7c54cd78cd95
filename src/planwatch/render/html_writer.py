"""The report as print-ready HTML: the same content, A4 pages with the GB/T 9704 margins when printed.

`render_html_fragment` gives the <article> the web page embeds; `render_html` a standalone document
with its own style sheet. All text is escaped; each sourced number links to its 附表4 entry.
"""

from __future__ import annotations

from html import escape

from planwatch.evaluate.content import (
    ColumnKind,
    Number,
    Paragraph,
    ParagraphStyle,
    Piece,
    Report,
    Section,
    Table,
)
from planwatch.render import gbt9704 as L
from planwatch.render.sources import COLUMN_WEIGHTS, source_index, source_key

STYLE = f"""
@page {{ size: A4; margin: {L.MARGIN_TOP_MM}mm {L.MARGIN_RIGHT_MM}mm {L.MARGIN_BOTTOM_MM}mm {L.MARGIN_LEFT_MM}mm; }}
.evaluation-report {{ font-family: "{L.BODY_FONT}", "FangSong", "STFangsong", "Noto Serif CJK SC", "Noto Serif SC", serif;
  font-size: {L.BODY_SIZE_PT}pt; line-height: {L.LINE_PITCH_TWIPS / 20}pt; max-width: {L.TYPE_AREA_WIDTH_MM}mm; margin: 0 auto; color: #000; }}
.evaluation-report h1 {{ font-family: "{L.TITLE_FONT}", "Noto Serif CJK SC", serif; font-weight: 900;
  font-size: {L.TITLE_SIZE_PT}pt; text-align: center; line-height: 1.4; margin: 0 0 0.3em; }}
.evaluation-report .subtitle {{ text-align: center; font-family: "{L.HEADING2_FONT}", "KaiTi", "LXGW WenKai", serif; }}
.evaluation-report h2 {{ font-family: "{L.HEADING1_FONT}", "SimHei", "Noto Sans CJK SC", sans-serif; font-weight: normal;
  font-size: {L.BODY_SIZE_PT}pt; margin: 0; text-indent: 2em; }}
.evaluation-report h3 {{ font-family: "{L.HEADING2_FONT}", "KaiTi", "LXGW WenKai", serif; font-weight: normal;
  font-size: {L.BODY_SIZE_PT}pt; margin: 0; text-indent: 2em; }}
.evaluation-report p {{ margin: 0; text-indent: 2em; text-align: justify; }}
.evaluation-report p .lead {{ font-family: "{L.HEADING2_FONT}", "KaiTi", "LXGW WenKai", serif; }}
.evaluation-report p.note {{ font-size: {L.NOTE_SIZE_PT}pt; }}
.evaluation-report p.draft {{ background: #fff8e0; }}
.evaluation-report table {{ border-collapse: collapse; width: 100%; table-layout: fixed; word-break: break-all; font-size: {L.TABLE_SIZE_PT}pt; line-height: 1.3; margin: 0.3em 0 0.8em; }}
.evaluation-report table.wide {{ font-size: {L.WIDE_TABLE_SIZE_PT}pt; }}
.evaluation-report caption {{ font-family: "{L.HEADING1_FONT}", "Noto Sans CJK SC", sans-serif; padding: 0.2em; }}
.evaluation-report th, .evaluation-report td {{ border: 1px solid #000; padding: 2px 3px; vertical-align: top; }}
.evaluation-report th {{ font-family: "{L.HEADING1_FONT}", "Noto Sans CJK SC", sans-serif; font-weight: normal; }}
.evaluation-report td.c {{ text-align: center; }}
.evaluation-report sup a {{ color: inherit; text-decoration: none; }}
.evaluation-report section.appendix {{ break-before: page; }}
@media print {{ .evaluation-report thead {{ display: table-header-group; }} .evaluation-report tr {{ break-inside: avoid; }} }}
"""
_CENTERED = (ColumnKind.INDEX, ColumnKind.STATUS, ColumnKind.SHORT, ColumnKind.NUMBER)


def _pieces(pieces: tuple[Piece, ...], index: dict[str, int]) -> str:
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, Number):
            ref = piece.source
            title = escape(ref.label + (f"（{ref.year}年）" if ref.year else ""))
            out.append(f'<span class="num" title="{title}">{escape(piece.text)}</span>')
            key = source_key(piece)
            if key is not None and key in index:
                n = index[key]
                out.append(f'<sup><a href="#src-{n}">[{n}]</a></sup>')
        else:
            out.append(escape(piece.text))
    return "".join(out)


def _paragraph(block: Paragraph, index: dict[str, int]) -> str:
    css = {ParagraphStyle.NOTE: ' class="note"', ParagraphStyle.DRAFT: ' class="draft"'}.get(block.style, "")
    lead = f'<span class="lead">{escape(block.lead)}</span>' if block.lead else ""
    return f"<p{css}>{lead}{_pieces(block.pieces, index)}</p>"


def _table(block: Table, index: dict[str, int]) -> str:
    wide = ' class="wide"' if len(block.columns) >= L.WIDE_TABLE_COLUMNS else ""
    head = "".join(f"<th>{escape(c.title)}</th>" for c in block.columns)
    total = sum(COLUMN_WEIGHTS[c.kind] for c in block.columns)
    cols = "".join(f'<col style="width:{COLUMN_WEIGHTS[c.kind] / total * 100:.1f}%">' for c in block.columns)
    rows = []
    for r, row in enumerate(block.rows, start=1):
        cells = []
        for column, cell in zip(block.columns, row, strict=True):
            css = ' class="c"' if column.kind in _CENTERED else ""
            anchor = f' id="src-{r}"' if block.key == "sources" and column.kind is ColumnKind.INDEX else ""
            cells.append(f"<td{css}{anchor}>{_pieces(cell, index)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table{wide} data-key="{escape(block.key)}"><caption>{escape(block.caption)}</caption>'
        f"<colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _section(section: Section, index: dict[str, int], level: int = 2, appendix: bool = False) -> str:
    css = ' class="appendix"' if appendix else ""
    parts = [f'<section{css} data-key="{escape(section.key)}"><h{level}>{escape(section.heading)}</h{level}>']
    for block in section.blocks:
        parts.append(_paragraph(block, index) if isinstance(block, Paragraph) else _table(block, index))
    parts.extend(_section(sub, index, min(level + 1, 4)) for sub in section.subsections)
    parts.append("</section>")
    return "".join(parts)


def render_html_fragment(report: Report) -> str:
    index = source_index(report)
    meta = report.meta
    parts = [
        f'<article class="evaluation-report" data-kind="{escape(meta.kind)}" data-cutoff="{escape(meta.cutoff)}"'
        f' data-version="{escape(meta.data_version)}">',
        f"<h1>{escape(report.title)}</h1>",
        f'<p class="subtitle">{escape(report.subtitle)}</p>',
        *(_paragraph(p, index) for p in report.preface),
        *(_section(s, index) for s in report.sections),
        *(_section(s, index, appendix=True) for s in report.appendices),
        "</article>",
    ]
    return "\n".join(parts)


def render_html(report: Report) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(report.title)}</title><style>{STYLE}</style></head><body>\n"
        f"{render_html_fragment(report)}\n</body></html>\n"
    )
