"""Source numbering shared by the renderers: which entry of 附表4 a number cites ([3] after the figure)."""

from __future__ import annotations

from planwatch.evaluate.content import Number, Report, SourceKind, Table, cell_text


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
