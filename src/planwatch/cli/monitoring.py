"""Monitoring commands: `observe import` (with the name-mapping dialogue) and `status`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from planwatch.cli.consoles import err, out, progress_bar
from planwatch.cli.options import current_user, database_url
from planwatch.cli.status_render import (
    render_automatic_mapping,
    render_mapping,
    render_status,
    status_to_json,
)
from planwatch.domain.errors import PlanwatchError
from planwatch.services import (
    AUTO_ACCEPT_SCORE,
    MappingProposal,
    NameProposal,
    import_observation_file,
    open_database,
    plan_status,
    propose_mappings,
    read_observations,
    stored_plans,
)


class ImportCancelled(PlanwatchError):
    """The user ended the mapping dialogue before confirming."""

    exit_code = 1


observe_app = typer.Typer(help="观测数据（实际值）的导入与管理。", no_args_is_help=True)


@observe_app.command("import")
def observe_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="观测数据文件（.csv 或 .xlsx，每行一个数值）")],
    plan: Annotated[
        int | None, typer.Option("--plan", help="规划编号（默认：导入到所有已导入的规划）")
    ] = None,
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="不逐项询问：自动接受得分不低于阈值的建议，其余名称不导入"),
    ] = False,
    threshold: Annotated[
        float, typer.Option("--threshold", min=0, max=100, help="--yes 时自动接受建议的最低得分")
    ] = AUTO_ACCEPT_SCORE,
) -> None:
    """导入观测数据：把文件中的指标名称对应到规划指标（建议 + 确认，确认过的对应关系会被记住）。"""
    file = read_observations(path)
    who = current_user()
    with open_database(database_url(ctx)) as db:
        plan_ids: list[int | None] = [plan] if plan is not None else [p.id for p in stored_plans(db.factory)]
        if not plan_ids:
            plan_ids = [None]  # lets the service say that no plan has been imported yet
        proposals = [propose_mappings(db.factory, plan_id, file) for plan_id in plan_ids]
        decisions = [_decide(p, yes=yes, threshold=threshold) for p in proposals]
        with progress_bar("导入观测数据", disable=len(proposals) < 2) as bar:
            task = bar.add_task("observe", total=len(proposals))
            summaries = []
            for proposal, mapping in zip(proposals, decisions, strict=True):
                summaries.append(
                    import_observation_file(db.factory, proposal.plan.id, file, mapping, who=who)
                )
                bar.advance(task)
    for proposal, summary in zip(proposals, summaries, strict=True):
        title = proposal.plan.title
        out.print(
            f"《{title}》（规划编号 {proposal.plan.id}）：新增 {summary.added} 条观测值，"
            f"跳过重复 {summary.skipped_duplicates} 条，记录口径调整 {summary.definition_breaks_added} 处。",
            highlight=False,
        )
        if summary.unmapped:
            out.print(
                f"  未对应到该规划指标、未导入的名称（{len(summary.unmapped)} 个）：{'、'.join(summary.unmapped)}",
                highlight=False,
            )


def _decide(proposal: MappingProposal, *, yes: bool, threshold: float) -> dict[str, int]:
    """The mapping the user confirms now: automatic with --yes, else asked name by name."""
    if yes:
        render_automatic_mapping(err, proposal, threshold=threshold)
    else:
        render_mapping(err, proposal, threshold=threshold)
    mapping: dict[str, int] = {}
    for name in proposal.names:
        if name.remembered is not None:
            continue  # remembered mappings are reused without asking
        choice = _auto(name, threshold) if yes else _ask(name, threshold)
        if choice is not None:
            mapping[name.external_name] = choice
    return mapping


def _auto(name: NameProposal, threshold: float) -> int | None:
    chosen = name.auto_choice(threshold)
    return chosen.indicator_id if chosen is not None else None


def _ask(name: NameProposal, threshold: float) -> int | None:
    if not name.candidates:
        return None
    err.print(f"\n文件中的“[bold]{name.external_name}[/bold]”（{name.rows} 行）可能是：", highlight=False)
    for number, candidate in enumerate(name.candidates, start=1):
        why = f"，{candidate.why}" if candidate.why else ""
        err.print(f"  {number}. {candidate.indicator_name}（得分 {candidate.score:g}{why}）", highlight=False)
    default = "1" if name.candidates[0].score >= threshold else "0"
    while True:
        try:
            answer = str(typer.prompt("请选择编号（0 = 不导入）", default=default, err=True)).strip()
        except typer.Abort:  # end of input or Ctrl-D: nothing has been written yet
            raise ImportCancelled("已取消导入，没有写入任何数据；非交互使用时请加 --yes。") from None
        if answer.isdigit() and 0 <= int(answer) <= len(name.candidates):
            break
        err.print(f"请输入 0 到 {len(name.candidates)} 之间的编号。")
    index = int(answer)
    return name.candidates[index - 1].indicator_id if index else None


class StatusFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def status(
    ctx: typer.Context,
    plan: Annotated[int | None, typer.Option("--plan", help="规划编号（默认：规划期最新的规划）")] = None,
    year: Annotated[
        int | None, typer.Option("--year", min=1900, max=2200, help="评价年份（默认：今年）")
    ] = None,
    fmt: Annotated[StatusFormat, typer.Option("--format", "-f", help="输出格式")] = StatusFormat.TABLE,
) -> None:
    """指标监测：基期值、目标值、最新实际值及来源、进度状态和预测。"""
    with open_database(database_url(ctx)) as db:
        result = plan_status(db.factory, plan, year)
    if fmt is StatusFormat.JSON:
        sys.stdout.write(json.dumps(status_to_json(result), ensure_ascii=False, indent=2) + "\n")
    else:
        render_status(out, result)


def register(app: typer.Typer) -> None:
    """Add the monitoring commands to the `planwatch` app."""
    app.add_typer(observe_app, name="observe")
    app.command("status")(status)
