"""XLSX helpers shared by the writers: a text cell that a spreadsheet never runs as a formula."""

from __future__ import annotations

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@")
HEADER_FONT = Font(bold=True)


def put(sheet: Worksheet, row: int, column: int, value: str | float | int | None) -> Cell | MergedCell:
    """Write a value; text starting with = + - @ is stored as text, never as a formula (CSV/XLSX injection)."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    return cell


def header(sheet: Worksheet, row: int, labels: tuple[str, ...]) -> None:
    for column, label in enumerate(labels, 1):
        cell = put(sheet, row, column, label)
        cell.font = HEADER_FONT
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def widths(sheet: Worksheet, values: tuple[int, ...]) -> None:
    for index, width in enumerate(values):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
