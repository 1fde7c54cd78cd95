"""Indicator tables entered by hand (手工录入): an entry sheet (CSV, XLSX or rows pasted from Excel).

Some plans print their indicator table as an image (the national 15th plan does), so the reader finds no
rows and the planning office types them in. The sheet has the drafting office's layout; columns are found
by header name, in any order:

| field | headers accepted |
|---|---|
| category | 类别, 分类, 领域 |
| number | 序号 |
| name (required) | 指标, 指标名称 |
| unit | 单位, 计量单位 |
| baseline | 基期值, 现状值, 基期, 基数, or a header with a year: 2025年, 2025年基期值 |
| target (required) | 目标值, 目标, or a header with a year: 2030年, 2030年目标值 |
| years | 基期年份, 目标年份 (else the header's years, else the plan's period) |
| attribute | 属性, 指标属性 (预期性 / 约束性) |

A cell is read by the plan reader's own rules (`extract.indicators.indicator_from_cells`): a unit in
brackets after the name, 年均增长 wording, ∗ (estimate) and 【】 (five-year total) marks, 以上/以下/左右.
Words without a figure (与经济增长同步) are kept as the target's wording, as plans print them.

Every problem is collected with its row number and what is wrong (`EntrySheetError.problems`), so the
user fixes the sheet once; nothing of a sheet with problems is stored.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from planwatch.datasets.observation_files import sheet_rows
from planwatch.domain.errors import InputError
from planwatch.domain.plan import Indicator
from planwatch.domain.source import Span
from planwatch.extract.indicators import indicator_from_cells

_HEADERS: dict[str, tuple[str, ...]] = {
    "category": ("类别", "分类", "领域"),
    "number": ("序号",),
    "name": ("指标", "指标名称"),
    "unit": ("单位", "计量单位"),
    "baseline": ("基期值", "现状值", "基期", "基数", "基期数"),
    "target": ("目标值", "目标", "规划目标"),
    "baseline_year": ("基期年份", "基期年"),
    "target_year": ("目标年份", "目标年"),
    "attribute": ("属性", "指标属性"),
}
_YEAR_HEADER = re.compile(r"^((?:19|20)\d\d)\s*年?(.*)$")
_YEAR = re.compile(r"^\s*((?:19|20)\d\d)\s*年?\s*$")
_ATTRIBUTES = ("预期性", "约束性")
_FIGURE_LIKE = re.compile(r"^[\d.,，\s%％+\-]+$")
MAX_ROWS = 500
"""Rows of one entry sheet: an indicator table has a few dozen."""
MAX_PROBLEMS = 20
"""Problems listed at most (the first ones); a sheet with more is usually the wrong file."""
MAX_NAME = 300
MAX_UNIT = 50
MAX_TEXT = 200

TEMPLATE_HEADER = ("类别", "序号", "指标", "单位", "基期年份", "基期值", "目标年份", "目标值", "属性")
"""The downloadable template's columns, in the layout a drafting office uses."""


class EntrySheetError(InputError):
    """The sheet cannot be stored as it is; `problems` lists each row and what is wrong."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        shown = list(problems[:MAX_PROBLEMS])
        more = len(problems) - len(shown)
        text = message + ("" if not shown else "\n" + "\n".join(shown))
        if more > 0:
            text += f"\n……另有 {more} 处问题。"
        super().__init__(text)
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class EntryRow:
    """One indicator of the sheet and the sheet row it came from (1-based; the header is row 1)."""

    row: int
    category: str
    indicator: Indicator


@dataclass(frozen=True, slots=True)
class EntrySheet:
    name: str
    rows: tuple[EntryRow, ...]


@dataclass(frozen=True, slots=True)
class _Columns:
    index: dict[str, int]
    baseline_year: int | None  # from a header such as 2025年
    target_year: int | None


def read_entry_file(path: Path, *, baseline_year: int | None, target_year: int | None) -> EntrySheet:
    """Read a .csv or .xlsx entry sheet; the years default to the plan's (base year, target year)."""
    if not path.is_file():
        raise EntrySheetError(f"找不到指标表文件“{path}”，请检查路径后重试。")
    if path.suffix.lower() not in (".csv", ".txt", ".xlsx", ".xlsm"):
        raise EntrySheetError(
            f"不支持的文件格式“{path.suffix or '（无扩展名）'}”，请另存为 CSV 或 XLSX 后再录入。"
        )
    return parse_entry_rows(
        sheet_rows(path), name=path.name, baseline_year=baseline_year, target_year=target_year
    )


def read_pasted_rows(text: str, *, baseline_year: int | None, target_year: int | None) -> EntrySheet:
    """Rows pasted into the page's text box: tab-separated (copied from Excel) or comma-separated."""
    lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    tabbed = any("\t" in line for line in lines)
    if tabbed:
        rows = [line.split("\t") for line in lines]
    else:
        rows = list(csv.reader(io.StringIO("\n".join(lines), newline="")))
    return parse_entry_rows(rows, name="粘贴的指标表", baseline_year=baseline_year, target_year=target_year)


def _columns(header: Sequence[str], name: str) -> _Columns:
    cells = [c.strip().lstrip("\ufeff").replace(" ", "") for c in header]
    index: dict[str, int] = {}
    for field, aliases in _HEADERS.items():
        for i, cell in enumerate(cells):
            if cell in aliases and field not in index:
                index[field] = i
    years: list[tuple[int, int, str]] = []
    for i, cell in enumerate(cells):
        m = _YEAR_HEADER.match(cell)
        if m and i not in index.values():
            years.append((int(m.group(1)), i, m.group(2)))
    baseline_year = target_year = None
    bare: list[tuple[int, int]] = []
    for year, i, rest in years:
        if any(w in rest for w in ("目标", "规划")) and "target" not in index:
            index["target"], target_year = i, year
        elif any(w in rest for w in ("基期", "现状", "完成", "实际")) and "baseline" not in index:
            index["baseline"], baseline_year = i, year
        else:
            bare.append((year, i))
    bare.sort()
    if bare and "target" not in index:
        target_year, index["target"] = bare.pop()
    if bare and "baseline" not in index:
        baseline_year, index["baseline"] = bare[0]
    missing = [label for field, label in (("name", "指标"), ("target", "目标值")) if field not in index]
    if missing:
        raise EntrySheetError(
            f"“{name}”的表头缺少 {'、'.join(missing)} 列。请下载指标表模板，按模板第一行的列名"
            f"（{'、'.join(TEMPLATE_HEADER)}）填写后再录入。"
        )
    return _Columns(index, baseline_year, target_year)


def _year(text: str, row: int, label: str, problems: list[str]) -> int | None:
    if not text.strip():
        return None
    m = _YEAR.match(text)
    if m is None:
        problems.append(f"第 {row} 行：{label}“{text}”不是年份，请填写四位年份，如 2025。")
        return None
    return int(m.group(1))


def parse_entry_rows(
    rows: Sequence[Sequence[str]], *, name: str, baseline_year: int | None, target_year: int | None
) -> EntrySheet:
    """Rows of text (the first non-empty one is the header) → the sheet's indicators, or every problem."""
    numbered = [(i + 1, [str(c) for c in r]) for i, r in enumerate(rows)]
    numbered = [(n, r) for n, r in numbered if any(c.strip() for c in r)]
    if not numbered:
        raise EntrySheetError(f"“{name}”是空的，请按指标表模板填写表头和指标后再录入。")
    _header_row, header = numbered[0]
    columns = _columns(header, name)
    body = numbered[1:]
    if not body:
        raise EntrySheetError(f"“{name}”只有表头，没有指标行，请补充指标后再录入。")
    if len(body) > MAX_ROWS:
        raise EntrySheetError(f"“{name}”超过 {MAX_ROWS} 行，指标表不会有这么多指标，请检查是否选错了文件。")
    problems: list[str] = []
    out: list[EntryRow] = []
    seen: dict[str, int] = {}
    category = ""

    def cell(values: list[str], field: str) -> str:
        i = columns.index.get(field)
        return values[i].strip() if i is not None and i < len(values) else ""

    for number, values in body:
        category = cell(values, "category") or category  # a merged 类别 cell is filled only on its first row
        raw_name = cell(values, "name")
        if not raw_name:
            problems.append(f"第 {number} 行：缺少指标名称，请填写“指标”列，或删除这一行。")
            continue
        label = f"第 {number} 行（{raw_name[:30]}）"
        before = len(problems)
        base_year = _year(cell(values, "baseline_year"), number, "基期年份", problems)
        goal_year = _year(cell(values, "target_year"), number, "目标年份", problems)
        base_year = base_year or columns.baseline_year or baseline_year
        goal_year = goal_year or columns.target_year or target_year
        baseline_text, target_text = cell(values, "baseline"), cell(values, "target")
        attribute = cell(values, "attribute")
        unit = cell(values, "unit")
        if not target_text:
            problems.append(
                f"{label}：缺少目标值，请填写目标值（数值或规划原文的表述，如“与经济增长同步”）。"
            )
        if goal_year is None:
            problems.append(f"{label}：不知道目标值是哪一年的，请在“目标年份”列填写年份。")
        if base_year is not None and goal_year is not None and base_year >= goal_year:
            problems.append(f"{label}：基期年份 {base_year} 不早于目标年份 {goal_year}，请检查两列是否填反。")
        if attribute and attribute not in _ATTRIBUTES:
            problems.append(f"{label}：属性“{attribute}”无法识别，请填写“预期性”或“约束性”，或留空。")
        if len(raw_name) > MAX_NAME or len(unit) > MAX_UNIT:
            problems.append(f"{label}：指标名称或单位过长，请检查这一行是否错位。")
        if len(baseline_text) > MAX_TEXT or len(target_text) > MAX_TEXT:
            problems.append(f"{label}：基期值或目标值超过 {MAX_TEXT} 字，请只填写表中的数值或表述。")
        for text, what in ((baseline_text, "基期值"), (target_text, "目标值")):
            if (
                text
                and _FIGURE_LIKE.match(text)
                and not re.fullmatch(r"[+\-]?\d[\d,，]*(\.\d+)?\s*[%％]?", text)
            ):
                problems.append(f"{label}：{what}“{text}”不是可识别的数字，请检查小数点和千分位。")
        if len(problems) > before:
            continue
        indicator = indicator_from_cells(
            raw_name,
            unit,
            baseline_text or None,
            target_text,
            attribute,
            baseline_year=base_year,
            target_year=goal_year,
            lines=Span(number, number),
        )
        key = indicator.name.replace(" ", "")
        if key in seen:
            problems.append(f"{label}：指标“{indicator.name}”与第 {seen[key]} 行重复，请合并或删除其中一行。")
            continue
        seen[key] = number
        out.append(EntryRow(number, category, indicator))
    if problems:
        raise EntrySheetError(f"“{name}”有 {len(problems)} 处需要修改，未录入任何指标：", problems)
    return EntrySheet(name, tuple(out))


def template_csv() -> bytes:
    """The entry template as CSV (UTF-8 with BOM, so Excel opens it with the right encoding)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADER)
    for row in TEMPLATE_EXAMPLE:
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


TEMPLATE_EXAMPLE: tuple[tuple[str, ...], ...] = (
    ("经济发展", "1", "地区生产总值年均增长", "%", "", "", "", "5左右", "预期性"),
    ("创新驱动", "2", "全社会研发经费投入占地区生产总值比重", "%", "2025", "3.5∗", "2030", "4", "预期性"),
    ("绿色生态", "3", "单位地区生产总值能源消耗降低", "%", "", "", "", "完成国家下达任务", "约束性"),
)
"""Example rows of the template (delete them before entering a plan's own table)."""
