"""Commands that fill and inspect the database: `db upgrade`, `import`, `plans`, `tasks`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from planwatch.cli.consoles import err, out, progress_bar
from planwatch.cli.options import database_url
from planwatch.cli.status_render import render_plans, render_tasks
from planwatch.domain.errors import InputError, PlanwatchError
from planwatch.domain.plan import Period, Plan
from planwatch.parse.metadata import user_period
from planwatch.services import (
    PlanImport,
    find_tasks,
    import_plan_files,
    open_database,
    plan_files,
    stored_plans,
    upgrade_database,
)

db_app = typer.Typer(help="数据库维护。", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """把数据库结构升级到本程序的最新版本（新数据库会被创建）。"""
    before, after = upgrade_database(database_url(ctx))
    if before == after:
        out.print(f"数据库结构已是最新版本（{after}），无需升级。")
    else:
        out.print(f"数据库结构已从 {before or '空库'} 升级到 {after}。")


def import_plans(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="规划文件（.txt .docx .pdf .html）或包含多个规划文件的目录")],
    aliases: Annotated[
        Path | None, typer.Option("--aliases", help="补充的单位别名表（JSON：简称→规范名称）")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period", help="规划期，如 2026-2030 或 十五五；用于文件中未写明规划期的规划（如征求意见稿）"
        ),
    ] = None,
) -> None:
    """解析规划文件并存入数据库；同一文件重复导入不会产生新数据。"""
    if path.is_dir():
        files = plan_files(path)
    elif path.is_file():
        files = [path]
    else:
        raise InputError(f"找不到文件“{path}”，请检查路径后重试。")
    stated = user_period(period) if period else None
    # Only a person at a terminal importing one file can be asked; scripts and batches get a warning.
    ask = _ask_period if len(files) == 1 and stated is None and sys.stdin.isatty() else None
    failures: list[PlanwatchError] = []
    with open_database(database_url(ctx)) as db, progress_bar("导入规划", disable=len(files) < 2) as bar:
        task = bar.add_task("import", total=len(files))
        for file, result in import_plan_files(
            db.factory,
            files,
            aliases_file=aliases,
            period=stated,
            ask_period=ask,
            on_done=lambda _p: bar.advance(task),
        ):
            if isinstance(result, PlanwatchError):
                failures.append(result)
                err.print(f"[red]{file.name}：{result.message}[/red]", highlight=False)
            else:
                _report_import(result)
    if failures:
        # "not a plan" (3) outranks "unreadable" (2) only when every failure says so.
        raise typer.Exit(code=min(f.exit_code for f in failures))


def _ask_period(plan: Plan) -> Period | None:
    answer: str = typer.prompt(
        f"未能从《{plan.title}》中识别规划期。请输入规划期（如 2026-2030），直接回车则不设规划期",
        default="",
        show_default=False,
    )
    while answer.strip():
        try:
            return user_period(answer)
        except InputError as exc:
            answer = typer.prompt(f"{exc.message} 请重新输入（直接回车跳过）", default="", show_default=False)
    return None


def _report_import(result: PlanImport) -> None:
    plan = result.plan
    if result.created:
        revision = f"，第 {plan.revision_count} 版" if plan.revision_count > 1 else ""
        out.print(f"已导入《{plan.title}》：规划编号 {plan.id}{revision}。", highlight=False)
        if plan.period_start is None:
            err.print(
                f"[yellow]注意：未能识别《{plan.title}》的规划期，指标目标年份可能缺失。"
                "如需指定，请用 planwatch import 文件 --period 2026-2030 导入。[/yellow]",
                highlight=False,
            )
    else:
        out.print(f"《{plan.title}》此前已导入（规划编号 {plan.id}），文件未变，未作改动。", highlight=False)


plans_app = typer.Typer(
    help="列出数据库中的规划及其编号；plans link 标记上下期规划。", invoke_without_command=True
)


@plans_app.callback()
def plans(ctx: typer.Context) -> None:
    """列出数据库中的规划及其编号。"""
    if ctx.invoked_subcommand is not None:
        return
    with open_database(database_url(ctx)) as db:
        summaries = stored_plans(db.factory)
    if not summaries:
        out.print("数据库中还没有规划，请先运行 planwatch import 导入规划文件。")
        return
    render_plans(out, summaries)


def tasks(
    ctx: typer.Context,
    unit: Annotated[
        str | None, typer.Option("--unit", help="责任单位（全称或简称），列出它牵头或配合的任务")
    ] = None,
    plan: Annotated[int | None, typer.Option("--plan", help="规划编号（默认：规划期最新的规划）")] = None,
) -> None:
    """列出规划任务及其牵头、配合单位。"""
    with open_database(database_url(ctx)) as db:
        listing = find_tasks(db.factory, plan_id=plan, unit=unit)
    render_tasks(out, listing)


def register(app: typer.Typer) -> None:
    """Add the storage commands to the `planwatch` app."""
    app.add_typer(db_app, name="db")
    app.command("import")(import_plans)
    app.add_typer(plans_app, name="plans")
    app.command("tasks")(tasks)
