"""The report's tables as an XLSX workbook: 主要指标完成情况表, 任务推进情况表, 部门考评表, 数据来源.

Each sheet has its caption, a frozen header row, column widths by column kind and number formats on
numeric cells. Text that a spreadsheet would read as a formula (starting with = + - @) is written as
text with a quote prefix, never as a formula: plan text and department narratives are user input.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.evaluate.content import Cell, ColumnKind, Number, Report, Table, cell_text
from planwatch.evaluate.scorecard import Scorecard

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WIDTHS = {
    ColumnKind.INDEX: 6,
    ColumnKind.NAME: 30,
    ColumnKind.SHORT: 10,
    ColumnKind.NUMBER: 16,
    ColumnKind.STATUS: 16,
    ColumnKind.TEXT: 40,
}
_FONT = "宋体"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")


def number_format(value: float) -> str:
    return "#,##0" if float(value).is_integer() else "#,##0.00"


def write_text(cell: SheetCell | MergedCell, text: str) -> None:
    """A string that stays a string: a leading = + - @ is kept as text, never run as a formula."""
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def _write_cell(cell: SheetCell | MergedCell, value: Cell) -> None:
    if len(value) == 1 and isinstance(value[0], Number):
        cell.value = value[0].value
        cell.number_format = number_format(value[0].value)
        return
    write_text(cell, cell_text(value))


BODY_STYLE, HEADER_STYLE, CAPTION_STYLE = "planwatch-body", "planwatch-header", "planwatch-caption"


def _styles(workbook: Workbook) -> None:
    """Named styles, registered once: assigning style objects cell by cell costs seconds on big tables."""
    body = NamedStyle(BODY_STYLE, font=Font(name=_FONT, size=10.5), border=_BORDER)
    body.alignment = Alignment(vertical="top", wrap_text=True)
    header = NamedStyle(
        HEADER_STYLE, font=Font(name="黑体", size=11, bold=True), border=_BORDER, fill=_HEADER_FILL
    )
    header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    caption = NamedStyle(CAPTION_STYLE, font=Font(name="黑体", size=14, bold=True))
    for style in (body, header, caption):
        workbook.add_named_style(style)


def _header(sheet: Worksheet, caption: str, titles: Sequence[str], widths: Sequence[int]) -> None:
    first = sheet.cell(row=1, column=1)
    first.style = CAPTION_STYLE
    write_text(first, caption)
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = sheet.cell(row=2, column=column)
        cell.style = HEADER_STYLE
        write_text(cell, title)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A3"


def table_sheet(workbook: Workbook, name: str, table: Table) -> Worksheet:
    sheet: Worksheet = workbook.create_sheet(name)
    _header(sheet, table.caption, [c.title for c in table.columns], [WIDTHS[c.kind] for c in table.columns])
    for r, row in enumerate(table.rows, start=3):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.style = BODY_STYLE
            _write_cell(cell, value)
    return sheet


SCORE_TITLES = (
    "排名",
    "责任单位",
    "牵头任务",
    "配合任务",
    "应报次数",
    "按时报送",
    "迟报",
    "缺报",
    "逾期任务",
    "已完成任务",
    "负责指标",
    "达标指标",
    "未达指标",
    "未评价指标",
    "按时报送得分",
    "任务完成得分",
    "未逾期得分",
    "指标得分",
    "综合得分",
)


def scorecard_sheet(workbook: Workbook, cards: Sequence[Scorecard]) -> Worksheet:
    sheet: Worksheet = workbook.create_sheet("部门考评表")
    widths = [6, 24] + [10] * (len(SCORE_TITLES) - 2)
    _header(sheet, "部门考评表（分项得分为0—1，综合得分为0—100）", SCORE_TITLES, widths)
    for r, card in enumerate(cards, start=3):
        values: list[str | int | float | None] = [
            card.rank,
            card.unit,
            card.led,
            card.supported,
            card.reports_due,
            card.on_time,
            card.late,
            card.missing,
            card.overdue,
            card.completed,
            card.indicators,
            card.indicators_met,
            card.indicators_missed,
            card.indicators_unjudged,
            card.reporting,
            card.completion,
            card.punctuality,
            card.indicator_score,
            card.score,
        ]
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.style = BODY_STYLE
            if isinstance(value, str):
                write_text(cell, value)
            else:
                cell.value = value
                if isinstance(value, float):
                    cell.number_format = "0.0" if c == len(values) else "0.00"
    return sheet


def render_xlsx(report: Report, scorecards: Sequence[Scorecard]) -> bytes:
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    _styles(workbook)
    tables = report.tables()
    table_sheet(workbook, "主要指标完成情况表", tables["indicators"])
    table_sheet(workbook, "任务推进情况表", tables["tasks"])
    scorecard_sheet(workbook, scorecards)
    table_sheet(workbook, "数据来源", tables["sources"])
    table_sheet(workbook, "指标监测数据", tables["figures"])
    info = workbook.create_sheet("报告信息")
    rows = [
        ("报告", report.title),
        ("评估类型", report.meta.kind_label),
        ("截止时间", report.meta.cutoff_label),
        ("数据年份", str(report.meta.data_year)),
        ("数据版本", report.meta.data_version),
        *report.meta.rules,
    ]
    for r, (name, value) in enumerate(rows, start=1):
        write_text(info.cell(row=r, column=1), name)
        write_text(info.cell(row=r, column=2), value)
    info.column_dimensions["A"].width = 30
    info.column_dimensions["B"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
