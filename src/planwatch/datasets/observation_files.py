"""Reading observation files (CSV, XLSX) into `ObservationRecord`s, ready to be mapped and stored.

One row per value. Columns are found by header name, in English or Chinese, in any order:

| field | headers accepted |
|---|---|
| indicator (required) | indicator_zh, indicator, 指标, 指标名称 |
| year (required) | year, 年份, 年度 |
| value (required) | value, 数值, 值 |
| unit | unit, 单位 |
| scope | scope, 范围, 地区, 口径范围 |
| source | source_url, source, url, 来源, 出处 |
| source quote | source_quote, quote, 引文, 原文 |
| note | note, notes, 备注, 说明 |
| status (optional) | status, 状态 — final/preliminary/estimate or 正式/初步/预计 |
| qualifier (optional) | qualifier, 限定 — exact/lower_bound/upper_bound/approximate or 精确/下限/上限/约数 |

Without the override columns, status, qualifier and definition breaks are inferred from the value
cell, quote and note by `observation_rules` (conservatively; see there). A file that cannot be read
raises `ObservationFileError` naming the row, so the user can fix it and import again: nothing of a
broken file is stored.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from planwatch.datasets.observation_rules import (
    infer_definition_break,
    infer_qualifier,
    infer_status,
    parse_value_cell,
)
from planwatch.domain.errors import InputError
from planwatch.domain.records import ObservationRecord, ObservationStatus, Qualifier

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

_HEADERS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator_zh", "indicator", "指标", "指标名称"),
    "year": ("year", "年份", "年度"),
    "value": ("value", "数值", "值"),
    "unit": ("unit", "单位"),
    "scope": ("scope", "范围", "地区", "口径范围"),
    "source": ("source_url", "source", "url", "来源", "出处"),
    "source_quote": ("source_quote", "quote", "引文", "原文"),
    "note": ("note", "notes", "备注", "说明"),
    "status": ("status", "状态"),
    "qualifier": ("qualifier", "限定"),
}
_REQUIRED = ("indicator", "year", "value")
_STATUS_WORDS: dict[str, ObservationStatus] = {
    **{s.value: s for s in ObservationStatus},
    "正式": ObservationStatus.FINAL,
    "终值": ObservationStatus.FINAL,
    "初步": ObservationStatus.PRELIMINARY,
    "预计": ObservationStatus.ESTIMATE,
    "估计": ObservationStatus.ESTIMATE,
}
_QUALIFIER_WORDS: dict[str, Qualifier] = {
    **{q.value: q for q in Qualifier},
    "精确": Qualifier.EXACT,
    "下限": Qualifier.LOWER_BOUND,
    "上限": Qualifier.UPPER_BOUND,
    "约数": Qualifier.APPROXIMATE,
}
_YEAR = re.compile(r"^\s*((?:18|19|20|21)\d{2})\s*年?\s*$")


class ObservationFileError(InputError):
    """The observation file cannot be read; the message names the file or row and what to fix."""


@dataclass(frozen=True, slots=True)
class ObservationFile:
    """The records of one file, with where they came from."""

    path: str
    records: tuple[ObservationRecord, ...]

    @property
    def indicator_names(self) -> tuple[str, ...]:
        """Distinct indicator names in file order: what the user maps to plan indicators."""
        return tuple(dict.fromkeys(r.indicator_name for r in self.records))


def read_observation_file(path: str | Path) -> ObservationFile:
    """Read a .csv or .xlsx observation file (format by extension, CSV encoding UTF-8 or GB18030)."""
    file = Path(path)
    if not file.is_file():
        raise ObservationFileError(f"找不到观测数据文件“{file}”，请检查路径后重试。")
    suffix = file.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(file)
    elif suffix in (".csv", ".txt"):
        rows = _csv_rows(file)
    else:
        raise ObservationFileError(f"不支持的观测数据文件格式“{suffix}”，请另存为 CSV 或 XLSX 后再导入。")
    records = tuple(parse_rows(rows, source_name=file.name))
    logger.info("read %d observations from %s", len(records), file)
    return ObservationFile(path=str(file), records=records)


def sheet_rows(file: Path) -> list[list[str]]:
    """The rows of a .csv/.txt or .xlsx file as text (shared with the indicator entry sheet, which has
    the same encoding and size hazards); an unreadable file raises `ObservationFileError`."""
    if file.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(file)
    return _csv_rows(file)


def _csv_rows(file: Path) -> list[list[str]]:
    data = file.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ObservationFileError(f"无法识别文件“{file.name}”的编码，请另存为 UTF-8 编码的 CSV 后再导入。")
    return [row for row in csv.reader(io.StringIO(text, newline=""))]


MAX_XLSX_ROWS = 200_000
"""Rows read from one sheet: more than any observation file needs (one value per row)."""
MAX_XLSX_CELLS = 4_000_000
"""Cells read, counting the empty ones openpyxl fills in up to the last cell of each row."""
MAX_XLSX_COLUMNS = 200
"""Non-empty columns kept per row; an observation row has about a dozen."""


def _xlsx_rows(file: Path) -> list[list[str]]:
    """The first sheet's rows as text, read lazily with the sheet's declared size ignored.

    A 1.6 KB file declaring `<dimension ref="A1:XFD1048576"/>` made openpyxl pad every row to 16,384
    columns and a million rows (2.9 GB). The declaration is dropped (`reset_dimensions`), rows are
    read one at a time, trailing empty cells are cut, and reading stops at a row and a cell cap.
    """
    from openpyxl import load_workbook  # imported here: only XLSX imports pay for it

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise ObservationFileError(
            f"无法打开 Excel 文件“{file.name}”，请确认它是 .xlsx 格式且未损坏。", detail=repr(exc)
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):  # read-only worksheets; the declared size is not trusted
            sheet.reset_dimensions()
        rows: list[list[str]] = []
        cells = 0
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
            if len(rows) >= MAX_XLSX_ROWS or cells > MAX_XLSX_CELLS:
                raise ObservationFileError(
                    f"Excel 文件“{file.name}”超过 {MAX_XLSX_ROWS:,} 行或 {MAX_XLSX_CELLS:,} 个单元格，"
                    "请删除多余的行列或拆分成几个文件后再导入。"
                )
            values = list(row)
            while values and (values[-1] is None or values[-1] == ""):
                values.pop()
            if len(values) > MAX_XLSX_COLUMNS:
                raise ObservationFileError(
                    f"Excel 文件“{file.name}”第 {len(rows) + 1} 行超过 {MAX_XLSX_COLUMNS} 列，"
                    "请只保留所需的列后再导入。"
                )
            rows.append([_cell_text(c) for c in values])
        return rows
    finally:
        workbook.close()


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _header_index(header: Sequence[str], source_name: str) -> dict[str, int]:
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    found: dict[str, int] = {}
    for field, aliases in _HEADERS.items():
        for alias in aliases:
            if alias.lower() in names:
                found[field] = names.index(alias.lower())
                break
    missing = [f for f in _REQUIRED if f not in found]
    if missing:
        wanted = "、".join(_HEADERS[f][0] for f in missing)
        raise ObservationFileError(
            f"文件“{source_name}”的表头缺少 {wanted} 列，请在第一行补上这些列名后再导入。"
        )
    return found


def parse_rows(rows: Iterable[Sequence[str]], *, source_name: str = "") -> list[ObservationRecord]:
    """Turn rows (the first is the header) into records; blank rows are skipped, bad rows raise."""
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise ObservationFileError(f"文件“{source_name}”是空的，请放入表头和数据后再导入。")
    index = _header_index(header, source_name)
    records: list[ObservationRecord] = []
    for number, row in enumerate(iterator, start=2):
        if not any(cell.strip() for cell in row):
            continue

        def get(field: str, row: Sequence[str] = row) -> str:
            position = index.get(field)
            return row[position].strip() if position is not None and position < len(row) else ""

        records.append(_record(get, number, source_name))
    return records


def _record(get: Callable[[str], str], number: int, source_name: str) -> ObservationRecord:
    name = get("indicator")
    if not name:
        raise ObservationFileError(f"文件“{source_name}”第{number}行缺少指标名称，请补上后再导入。")
    year_match = _YEAR.match(get("year"))
    if year_match is None:
        raise ObservationFileError(
            f"文件“{source_name}”第{number}行的年份“{get('year')}”无法识别，请写成四位数年份如 2025。"
        )
    cell = parse_value_cell(get("value"))
    if cell is None:
        raise ObservationFileError(
            f"文件“{source_name}”第{number}行的数值“{get('value')}”不是数字，请改为阿拉伯数字后再导入。"
        )
    quote, note = get("source_quote"), get("note")
    status = _override(get("status"), _STATUS_WORDS, "状态", number, source_name)
    qualifier = _override(get("qualifier"), _QUALIFIER_WORDS, "限定", number, source_name)
    return ObservationRecord(
        indicator_name=name,
        year=int(year_match.group(1)),
        value=cell.value,
        unit=get("unit"),
        scope=get("scope") or None,
        source=get("source") or None,
        source_quote=quote or None,
        note=note or None,
        status=status or infer_status(cell, quote, note),
        qualifier=qualifier or infer_qualifier(cell.value, quote, note),
        definition_break_from=infer_definition_break(note),
        row=number,
    )


def _override(text: str, words: dict[str, _T], label: str, number: int, source_name: str) -> _T | None:
    if not text:
        return None
    value = words.get(text.strip().lower())
    if value is None:
        allowed = "、".join(words)
        raise ObservationFileError(
            f"文件“{source_name}”第{number}行的{label}“{text}”无法识别，请改为以下之一：{allowed}。"
        )
    return value
