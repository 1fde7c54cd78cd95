"""Use case: the planning office enters a plan's indicator table by hand (手工录入).

For plans that print their indicator table as an image (the national 15th plan): an admin uploads a
CSV/XLSX entry sheet, or pastes rows copied from Excel, for a stored plan. The sheet is read and checked
first (every bad row named, in Chinese); then the rows are stored in one transaction as the plan's
current table, marked as entered, with history. A sheet with any problem stores nothing.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from planwatch.datasets.indicator_sheets import (
    EntrySheet,
    EntrySheetError,
    parse_entry_rows,
    read_entry_file,
    read_pasted_rows,
)
from planwatch.datasets.observation_files import sheet_rows
from planwatch.domain.accounts import Principal
from planwatch.domain.records import IndicatorOrigin
from planwatch.services.permissions import require_admin
from planwatch.services.plans import resolve_plan
from planwatch.store import transaction
from planwatch.store.indicator_entry import EntryOutcome, store_entered_table, table_origins
from planwatch.store.views import PlanSummary

MAX_SHEET_BYTES = 2 * 1024 * 1024
"""An entry sheet of a few dozen rows is a few KB; anything this big is the wrong file."""


@dataclass(frozen=True, slots=True)
class EntryResult:
    plan: PlanSummary
    sheet: EntrySheet
    outcome: EntryOutcome

    @property
    def summary(self) -> str:
        """One sentence for the CLI and the page."""
        o = self.outcome
        parts = [f"已为《{self.plan.title}》手工录入 {o.entered} 项指标（第 {o.revision_number} 版）"]
        replaced = []
        if o.replaced_entered:
            replaced.append(f"此前手工录入的 {o.replaced_entered} 项")
        if o.replaced_extracted:
            replaced.append(f"从原文识别的 {o.replaced_extracted} 项")
        if o.replaced_text_targets:
            replaced.append(f"同名的文中目标 {o.replaced_text_targets} 项")
        if replaced:
            parts.append("替换了" + "、".join(replaced))
        return "，".join(parts) + "。"


def _years(plan: PlanSummary) -> tuple[int | None, int | None]:
    """The default (base year, target year): the year before the period and its last year."""
    if plan.period_start is None or plan.period_end is None:
        return None, None
    return plan.period_start - 1, plan.period_end


def _store(
    factory: sessionmaker[Session],
    principal: Principal,
    plan_id: int,
    read: Callable[[int | None, int | None], EntrySheet],
    *,
    replace_extracted: bool,
) -> EntryResult:
    require_admin(principal)
    with transaction(factory, read_only=True) as session:
        plan = resolve_plan(session, plan_id)
    sheet = read(*_years(plan))
    with transaction(factory) as session:
        plan = resolve_plan(session, plan_id)
        outcome = store_entered_table(
            session,
            plan.id,
            [row.indicator for row in sheet.rows],
            who=principal.username,
            replace_extracted=replace_extracted,
        )
    return EntryResult(plan, sheet, outcome)


def _uploaded(data: bytes, filename: str, baseline_year: int | None, target_year: int | None) -> EntrySheet:

    name = Path(filename.replace("\\", "/")).name or "指标表"
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".txt", ".xlsx", ".xlsm"):
        raise EntrySheetError(
            f"不支持的文件类型“{suffix or '（无扩展名）'}”，请上传 .csv 或 .xlsx 格式的指标表。"
        )
    if not data:
        raise EntrySheetError(f"文件“{name}”是空的，请按指标表模板填写后再上传。")
    if len(data) > MAX_SHEET_BYTES:
        raise EntrySheetError(f"文件“{name}”超过 2 MB，指标表不会这么大，请检查是否选错了文件。")
    with tempfile.TemporaryDirectory(prefix="planwatch-entry-") as folder:
        path = Path(folder) / f"sheet{suffix}"
        path.write_bytes(data)
        rows = sheet_rows(path)
    return parse_entry_rows(rows, name=name, baseline_year=baseline_year, target_year=target_year)


def enter_table_file(
    factory: sessionmaker[Session],
    principal: Principal,
    plan_id: int,
    path: Path,
    *,
    replace_extracted: bool = False,
) -> EntryResult:
    """Enter a plan's indicator table from a .csv/.xlsx sheet on disk (the CLI)."""

    def read(baseline_year: int | None, target_year: int | None) -> EntrySheet:
        return read_entry_file(path, baseline_year=baseline_year, target_year=target_year)

    return _store(factory, principal, plan_id, read, replace_extracted=replace_extracted)


def enter_table_upload(
    factory: sessionmaker[Session],
    principal: Principal,
    plan_id: int,
    data: bytes,
    filename: str,
    *,
    replace_extracted: bool = False,
) -> EntryResult:
    """Enter a plan's indicator table from an uploaded sheet (the web form)."""

    def read(baseline_year: int | None, target_year: int | None) -> EntrySheet:
        return _uploaded(data, filename, baseline_year, target_year)

    return _store(factory, principal, plan_id, read, replace_extracted=replace_extracted)


def enter_table_text(
    factory: sessionmaker[Session],
    principal: Principal,
    plan_id: int,
    text: str,
    *,
    replace_extracted: bool = False,
) -> EntryResult:
    """Enter a plan's indicator table from rows pasted into the page (tab- or comma-separated)."""
    if not text.strip():
        raise EntrySheetError("请粘贴指标表（含表头行），或选择要上传的 CSV/XLSX 文件。")

    def read(baseline_year: int | None, target_year: int | None) -> EntrySheet:
        return read_pasted_rows(text, baseline_year=baseline_year, target_year=target_year)

    return _store(factory, principal, plan_id, read, replace_extracted=replace_extracted)


@dataclass(frozen=True, slots=True)
class EntryOverview:
    """What the entry page shows before a sheet is sent: the plan and what its table is made of now."""

    plan: PlanSummary
    extracted: int  # rows the reader found in the text
    entered: int  # rows entered by hand earlier
    text_targets: int


def entry_overview(factory: sessionmaker[Session], principal: Principal, plan_id: int) -> EntryOverview:
    require_admin(principal)
    with transaction(factory, read_only=True) as session:
        plan = resolve_plan(session, plan_id)
        counts = table_origins(session, plan.current.id)
    return EntryOverview(
        plan,
        counts.get(IndicatorOrigin.TABLE, 0),
        counts.get(IndicatorOrigin.ENTERED, 0),
        counts.get(IndicatorOrigin.TEXT_TARGET, 0),
    )
