"""The 任务分解表 template: the plan's tasks with their units, ready for 年度目标 and 完成时限."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment

from planwatch.datasets.task_breakdown import TEMPLATE_HEADERS
from planwatch.render.sheets import header, put, widths


@dataclass(frozen=True, slots=True)
class TemplateTask:
    task_id: int
    task: str
    lead: str
    supporting: str
    milestones: tuple[tuple[str, str], ...]  # (年度目标, 完成时限) already entered


INSTRUCTIONS = (
    "填写说明",
    "1. 每行填写一个年度目标或节点；同一任务有多个节点的，可在下方插入行，任务列留空即沿用上一行的任务。",
    "2. 完成时限可写“2025年底”“2025年6月”“2025年上半年”“2025年第三季度”或“2025-06-30”；“持续推进”按规划期末计。",
    "3. 请勿修改“任务编号”列，系统据此把节点对应到任务；删除该列时按任务名称匹配。",
    "4. 重新导入时，先前导入的节点会被替换，网页上录入的节点保留。",
)


def breakdown_template(plan_title: str, tasks: Sequence[TemplateTask]) -> bytes:
    """An XLSX whose first sheet is the breakdown (header on row 1) and whose second sheet explains it."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "任务分解表"
    header(sheet, 1, TEMPLATE_HEADERS)
    row = 2
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, task in enumerate(tasks, start=1):
        entries = task.milestones or (("", ""),)
        for index, (target, deadline) in enumerate(entries):
            if index == 0:
                put(sheet, row, 1, number)
                put(sheet, row, 2, task.task)
                put(sheet, row, 3, task.lead)
                put(sheet, row, 4, task.supporting)
                put(sheet, row, 7, task.task_id)
            put(sheet, row, 5, target or None)
            put(sheet, row, 6, deadline or None)
            for column in range(1, 8):
                sheet.cell(row=row, column=column).alignment = wrap
            row += 1
    widths(sheet, (6, 48, 16, 24, 40, 14, 10))
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("填写说明")
    put(notes, 1, 1, f"《{plan_title}》任务分解表")
    for offset, line in enumerate(INSTRUCTIONS, start=2):
        put(notes, offset, 1, line)
    notes.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
