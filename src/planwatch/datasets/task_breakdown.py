"""Reading a 任务分解表 (task breakdown sheet) XLSX: one milestone per row.

Columns are found by header name in the first ten rows (a title row such as “……任务分解表” often
comes first): 序号、任务、牵头单位、配合单位、年度目标、完成时限, and optionally 任务编号 (the
template planwatch hands out carries it, so a filled template maps back to its tasks exactly).
A task spanning several rows is usually written once, in merged cells: an empty 任务 cell under a
filled one continues the task above. Deadlines stay as written here; `cycle.deadlines` reads them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from planwatch.domain.errors import InputError

MAX_ROWS = 5_000
MAX_COLUMNS = 40
HEADER_SEARCH_ROWS = 10

HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号"),
    "task": ("任务", "主要任务", "重点任务", "任务内容", "工作任务", "任务名称"),
    "lead": ("牵头单位", "牵头部门", "责任单位"),
    "supporting": ("配合单位", "配合部门", "协同单位"),
    "target": ("年度目标", "年度目标/节点", "节点目标", "工作目标", "目标", "阶段目标"),
    "deadline": ("完成时限", "完成时间", "时限", "完成期限"),
    "task_id": ("任务编号", "系统编号"),
}
REQUIRED = ("task", "target", "deadline")
TEMPLATE_HEADERS = ("序号", "任务", "牵头单位", "配合单位", "年度目标", "完成时限", "任务编号")


class BreakdownFileError(InputError):
    """The sheet cannot be read as a 任务分解表."""


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    row: int  # 1-based row number in the sheet
    number: str
    task: str
    lead: str
    supporting: str
    target: str
    deadline: object  # a date or the text as written
    task_id: int | None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(rows: list[list[object]]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = [_text(c).replace(" ", "").replace("\n", "") for c in row]
        found: dict[str, int] = {}
        for field, aliases in HEADERS.items():
            for alias in aliases:
                if alias in names:
                    found[field] = names.index(alias)
                    break
        if all(f in found for f in REQUIRED):
            return index, found
    raise BreakdownFileError(
        "没有找到任务分解表的表头，请确认前几行中有“任务”“年度目标”“完成时限”列（可下载模板对照填写）。"
    )


def _sheet_rows(content: bytes) -> list[list[object]]:
    from openpyxl import load_workbook  # imported here: only imports pay for it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise BreakdownFileError(
            "无法打开这个 Excel 文件，请确认它是 .xlsx 格式的任务分解表且未损坏。", detail=repr(exc)
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):  # the declared size is not trusted
            sheet.reset_dimensions()
        rows: list[list[object]] = []
        for values in sheet.iter_rows(values_only=True):
            if len(rows) >= MAX_ROWS:
                raise BreakdownFileError(f"任务分解表超过 {MAX_ROWS:,} 行，请拆分成几个文件后再导入。")
            cells: list[object] = list(values)
            while cells and (cells[-1] is None or cells[-1] == ""):
                cells.pop()
            if len(cells) > MAX_COLUMNS:
                raise BreakdownFileError(
                    f"任务分解表第 {len(rows) + 1} 行超过 {MAX_COLUMNS} 列，请删除多余的列。"
                )
            rows.append(cells)
        return rows
    finally:
        workbook.close()


def read_breakdown(content: bytes) -> list[BreakdownRow]:
    """The milestone rows of a 任务分解表 (rows without a 年度目标 are skipped)."""
    rows = _sheet_rows(content)
    header_at, columns = _header(rows)
    found: list[BreakdownRow] = []
    carried: dict[str, str] = {}
    for index, cells in enumerate(rows[header_at + 1 :], start=header_at + 2):

        def cell(field: str, cells: list[object] = cells) -> object:
            column = columns.get(field)
            return cells[column] if column is not None and column < len(cells) else None

        task = _text(cell("task"))
        if task:
            carried = {f: _text(cell(f)) for f in ("number", "task", "lead", "supporting", "task_id")}
        target = _text(cell("target"))
        if not target:
            continue
        if not carried:
            raise BreakdownFileError(f"任务分解表第 {index} 行有年度目标但没有任务，请填写“任务”列。")
        deadline = cell("deadline")
        raw_id = carried.get("task_id", "")
        if raw_id and not raw_id.isdigit():
            raise BreakdownFileError(
                f"任务分解表第 {index} 行的任务编号“{raw_id}”不是数字，请保留模板中的编号或清空。"
            )
        found.append(
            BreakdownRow(
                row=index,
                number=carried.get("number", ""),
                task=carried["task"],
                lead=carried.get("lead", ""),
                supporting=carried.get("supporting", ""),
                target=target,
                deadline=deadline if isinstance(deadline, date | datetime) else _text(deadline),
                task_id=int(raw_id) if raw_id else None,
            )
        )
    if not found:
        raise BreakdownFileError("任务分解表中没有填写任何年度目标，请在“年度目标”“完成时限”列填写后再导入。")
    return found
