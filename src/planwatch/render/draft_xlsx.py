"""下一期指标建议 as an XLSX in the layout a drafting office uses: 类别、序号、指标、单位、基期值、目标值、属性.

The first seven columns are the drafting table (目标值 is the trend option); the columns after them
give the other options, the method and the caveats, so the sheet can be pasted into a draft as is
and checked against its reasoning.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from planwatch.compare.draft import NextPlanDraft
from planwatch.render.sheets import header, put, widths

COLUMNS = ("类别", "序号", "指标", "单位", "基期值", "目标值", "属性")
EXTRA = ("基期年份", "基期说明", "保守目标", "趋势目标", "积极目标", "测算方法", "衔接提示")


def draft_workbook(draft: NextPlanDraft) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "下一期指标建议"
    title = f"《{draft.plan_title}》下一期指标建议（{draft.base_year}年基期，{draft.target_year}年目标）"
    put(sheet, 1, 1, title).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    header(sheet, 2, (*COLUMNS, *EXTRA))
    for index, row in enumerate(draft.rows, 3):
        baseline: str | float | None = row.baseline
        if row.baseline is not None and row.baseline_estimate:
            baseline = f"{row.baseline:g}（预计）"
        values: tuple[str | float | int | None, ...] = (
            row.category,
            row.number,
            row.name,
            row.unit,
            baseline,
            row.trend,
            row.attribute,
            row.baseline_year,
            row.baseline_note,
            row.conservative,
            row.trend,
            row.ambitious,
            row.method,
            "".join(row.caveats),
        )
        for column, value in enumerate(values, 1):
            cell = put(sheet, index, column, value)
            cell.alignment = Alignment(vertical="top", wrap_text=column in (3, 9, 13, 14))
    widths(sheet, (8, 6, 32, 8, 14, 12, 8, 10, 28, 12, 12, 12, 48, 48))
    sheet.freeze_panes = "A3"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
