"""Commands that compare plans: `compare A B`, `draft PLAN`, `plans link A B`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from planwatch.cli.consoles import out
from planwatch.cli.options import current_user, database_url
from planwatch.cli.storage import plans_app
from planwatch.compare.model import LABEL_NAMES, Comparison
from planwatch.domain.errors import InputError
from planwatch.render.comparison_data import comparison_data
from planwatch.render.comparison_html import comparison_html
from planwatch.render.comparison_xlsx import comparison_workbook
from planwatch.render.draft_xlsx import draft_workbook
from planwatch.services import open_database
from planwatch.services.comparison import compare, draft_next_plan, link_successor


class CompareFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    XLSX = "xlsx"
    HTML = "html"


def _write(data: bytes, output: Path) -> None:
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise InputError(f"无法写入文件“{output}”（{exc.strerror or exc}），请检查路径和权限。") from None


def _table(comparison: Comparison) -> None:
    counts = comparison.counts()
    summary = "，".join(f"{LABEL_NAMES[label]} {n}" for label, n in counts.items() if n)
    out.print(f"上期：《{comparison.a.title}》  本期：《{comparison.b.title}》", highlight=False)
    out.print(f"指标对应：{summary}", highlight=False)
    for note in comparison.notes:
        out.print(f"注：{note}", highlight=False)
    table = Table(title="指标对应", show_lines=False)
    for column in ("上期指标", "对应关系", "本期指标", "依据", "衔接与雄心"):
        table.add_column(column, overflow="fold")
    for row in comparison.crosswalk:
        label = row.label_name + ("（已确认）" if row.confirmed else "")
        table.add_row(
            row.a.name if row.a else "—",
            label,
            row.b.name if row.b else "—",
            row.evidence.rule if row.evidence else "",
            "".join(row.continuity.sentences) if row.continuity else "",
        )
    out.print(table)
    for title, rows in (("任务延续", comparison.tasks), ("专栏项目延续", comparison.projects)):
        paired = [r for r in rows if r.a is not None and r.b is not None]
        carry = Table(title=f"{title}（{len(paired)} 对；上期未延续 {sum(1 for r in rows if r.b is None)}，"
                      f"本期新增 {sum(1 for r in rows if r.a is None)}）")  # fmt: skip
        for column in ("对应关系", "上期（行号）", "本期（行号）", "相似度"):
            carry.add_column(column, overflow="fold")
        for r in paired:
            assert r.a is not None and r.b is not None
            lag = "（上期滞后）" if r.was_lagging else ""
            carry.add_row(
                r.label_name + lag,
                f"{r.a.title}（{r.a.line_start}）",
                f"{r.b.title}（{r.b.line_start}）",
                f"{r.score:.2f}",
            )
        out.print(carry)


def compare_command(
    ctx: typer.Context,
    plan_a: Annotated[int, typer.Argument(help="上期规划编号（planwatch plans 查看）")],
    plan_b: Annotated[int, typer.Argument(help="本期规划编号")],
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f", help="输出格式")] = CompareFormat.TABLE,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件（xlsx 格式必填）")] = None,
) -> None:
    """对比两期规划：指标对应（延续、更名、口径调整、替代、拆分、合并、新增、删除）、衔接与雄心、任务与专栏项目延续。"""
    if fmt is CompareFormat.XLSX and output is None:
        raise InputError("xlsx 格式需要用 -o 指定输出文件，例如 -o 规划对比.xlsx。")
    with open_database(database_url(ctx)) as db:
        comparison = compare(db.factory, plan_a, plan_b).comparison
    if fmt is CompareFormat.TABLE:
        _table(comparison)
        return
    if fmt is CompareFormat.XLSX:
        assert output is not None
        _write(comparison_workbook(comparison), output)
        out.print(f"已写入 {output}。", highlight=False)
        return
    text = (
        json.dumps(comparison_data(comparison), ensure_ascii=False, indent=2) + "\n"
        if fmt is CompareFormat.JSON
        else comparison_html(comparison)
    )
    if output is None:
        sys.stdout.write(text)
    else:
        _write(text.encode("utf-8"), output)
        out.print(f"已写入 {output}。", highlight=False)


def draft_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="输出的 XLSX 文件")],
    plan: Annotated[
        int | None, typer.Option("--plan", help="即将结束的规划编号（默认：规划期最新的规划）")
    ] = None,
) -> None:
    """下一期指标建议：基期值（最新实际值，预计数标注）、保守/趋势/积极目标及测算方法，导出 XLSX。"""
    with open_database(database_url(ctx)) as db:
        draft = draft_next_plan(db.factory, plan)
    _write(draft_workbook(draft), output)
    out.print(
        f"已写入 {output}：《{draft.plan_title}》{len(draft.rows)} 个指标，"
        f"{draft.base_year}年基期，{draft.target_year}年目标。",
        highlight=False,
    )


def link_command(
    ctx: typer.Context,
    plan_a: Annotated[int, typer.Argument(help="上期规划编号")],
    plan_b: Annotated[int, typer.Argument(help="下期规划编号")],
) -> None:
    """把规划 B 标记为规划 A 的下期规划（页面显示“上期规划/下期规划”）。"""
    with open_database(database_url(ctx)) as db:
        link_successor(db.factory, plan_a, plan_b, current_user())
    out.print(f"已将规划 {plan_b} 标记为规划 {plan_a} 的下期规划。", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the comparison commands to the `planwatch` app."""
    app.command("compare")(compare_command)
    app.command("draft")(draft_command)
    plans_app.command("link")(link_command)
