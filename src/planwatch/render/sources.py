"""What the renderers share: source numbering (which entry of 附表4 a number cites, [3] after the figure)
and the relative column widths of tables by column kind."""

from __future__ import annotations

from planwatch.evaluate.content import ColumnKind, Number, Report, SourceKind, Table, cell_text

COLUMN_WEIGHTS = {
    ColumnKind.INDEX: 0.55,
    ColumnKind.NAME: 1.45,
    ColumnKind.SHORT: 0.85,
    ColumnKind.NUMBER: 1.25,
    ColumnKind.STATUS: 1.0,
    ColumnKind.TEXT: 1.45,
}


def source_key(number: Number) -> str | None:
    """The 附表4 label a number cites: an observation's source, or the plan document for its lines."""
    ref = number.source
    if ref.kind is SourceKind.OBSERVATION:
        return ref.label
    if ref.kind in (SourceKind.BASELINE, SourceKind.TARGET):
        return ref.label.split("第")[0]
    return None


def source_index(report: Report) -> dict[str, int]:
    """label → its number in the 数据来源 table (1-based)."""
    table: Table | None = report.tables().get("sources")
    if table is None:
        return {}
    return {cell_text(row[1]): int(cell_text(row[0])) for row in table.rows}
