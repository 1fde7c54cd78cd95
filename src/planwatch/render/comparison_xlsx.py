"""A comparison as an XLSX workbook: the crosswalk with continuity, then tasks and projects carried over."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.compare.model import CarryRow, Comparison
from planwatch.render.sheets import header, put, widths

CROSSWALK = (
    "上期指标",
    "单位",
    "上期目标",
    "上期末实际",
    "是否实现",
    "对应关系",
    "本期指标",
    "单位",
    "基期值",
    "目标值",
    "依据",
    "说明",
    "衔接与雄心",
    "已确认",
)
CARRY = ("对应关系", "上期条文", "上期行号", "本期条文", "本期行号", "相似度", "共同责任单位", "上期滞后")


def _lines(start: int | None, end: int | None) -> str:
    return "" if start is None else f"{start}-{end}"


def _carry_sheet(sheet: Worksheet, rows: tuple[CarryRow, ...]) -> None:
    header(sheet, 1, CARRY)
    for index, row in enumerate(rows, 2):
        values: tuple[str | float | None, ...] = (
            row.label_name,
            row.a.path if row.a else None,
            _lines(row.a.line_start, row.a.line_end) if row.a else None,
            row.b.path if row.b else None,
            _lines(row.b.line_start, row.b.line_end) if row.b else None,
            row.score if row.a and row.b else None,
            "、".join(row.shared_units),
            "是" if row.was_lagging else "",
        )
        for column, value in enumerate(values, 1):
            put(sheet, index, column, value).alignment = Alignment(vertical="top", wrap_text=True)
    widths(sheet, (10, 50, 10, 50, 10, 8, 24, 8))


def comparison_workbook(comparison: Comparison) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "指标对应"
    header(sheet, 1, CROSSWALK)
    for index, row in enumerate(comparison.crosswalk, 2):
        check = row.continuity
        achieved = None
        if check is not None and check.achieved is not None:
            achieved = "是" if check.achieved else "否"
        final = check.a_final if check is not None else None
        values: tuple[str | float | None, ...] = (
            row.a.name if row.a else None,
            row.a.unit if row.a else None,
            row.a.target_value if row.a else None,
            f"{final.year}年 {final.value:g}" if final is not None else None,
            achieved,
            row.label_name,
            row.b.name if row.b else None,
            row.b.unit if row.b else None,
            row.b.baseline_value if row.b else None,
            row.b.target_value if row.b else None,
            row.evidence.rule if row.evidence else None,
            row.rationale,
            "".join(check.sentences) if check is not None else None,
            f"是（{row.confirmed_by}）" if row.confirmed else "",
        )
        for column, value in enumerate(values, 1):
            put(sheet, index, column, value).alignment = Alignment(vertical="top", wrap_text=True)
    widths(sheet, (28, 8, 10, 14, 8, 10, 28, 8, 10, 10, 30, 40, 50, 12))
    sheet.freeze_panes = "A2"
    _carry_sheet(book.create_sheet("任务延续"), tuple(r for r in comparison.tasks))
    _carry_sheet(book.create_sheet("专栏项目延续"), comparison.projects)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
