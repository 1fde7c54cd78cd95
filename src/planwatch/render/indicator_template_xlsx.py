"""The indicator entry template (指标表模板) as XLSX: the drafting office's columns and example rows."""

from __future__ import annotations

import io

from openpyxl import Workbook

from planwatch.datasets.indicator_sheets import TEMPLATE_EXAMPLE, TEMPLATE_HEADER
from planwatch.render.sheets import header, put, widths

NOTES = (
    "说明：每行一个指标；“类别”只在每类第一行填写即可。基期年份、目标年份留空时取规划期（如十五五：2025、2030）。",
    "目标值可填数值（5、3.5以上、6左右）或规划原文的表述（与经济增长同步）；∗ 表示预计数，【】表示五年累计。",
    "属性填“预期性”或“约束性”。示例行请删除后再录入。",
)


def template_workbook() -> bytes:
    """An XLSX file with the template's header row, example rows and a notes sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "指标表"
    header(sheet, 1, TEMPLATE_HEADER)
    for r, row in enumerate(TEMPLATE_EXAMPLE, 2):
        for c, value in enumerate(row, 1):
            put(sheet, r, c, value)
    widths(sheet, (12, 6, 40, 8, 10, 12, 10, 18, 10))
    notes = book.create_sheet("填写说明")
    for r, text in enumerate(NOTES, 1):
        put(notes, r, 1, text)
    notes.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
