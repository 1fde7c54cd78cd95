"""The `planwatch` command line. User-facing text is Simplified Chinese; errors never show a traceback."""

from __future__ import annotations

import json
import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from planwatch.cli import (
    compare,
    cycle,
    evaluation,
    indicator_entry,
    monitoring,
    observe_extract,
    serving,
    storage,
)
from planwatch.cli.consoles import err, out, progress_bar
from planwatch.cli.options import GlobalOptions
from planwatch.cli.render import render_summary, render_tree
from planwatch.domain.errors import PlanwatchError
from planwatch.domain.plan import Plan
from planwatch.interchange.plan_json import plan_to_json
from planwatch.services import parse_plan_file, parse_plan_files, plan_files
from planwatch.services.database import unavailable

app = typer.Typer(
    help="planwatch：把五年规划变成可引用、可监测的数据。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    ctx: typer.Context,
    database: Annotated[
        str | None,
        typer.Option(
            "--database",
            metavar="URL",
            help="数据库地址，如 sqlite:///路径/planwatch.db 或 postgresql://用户@主机/库名"
            "（默认：环境变量 PLANWATCH_DATABASE_URL，否则为用户数据目录中的 SQLite 文件）",
        ),
    ] = None,
) -> None:
    """planwatch：读取规划、监测指标、评估实施。"""
    ctx.obj = GlobalOptions(database=database)


storage.register(app)
monitoring.register(app)
observe_extract.register(monitoring.observe_app)
serving.register(app)
evaluation.register(app)
compare.register(app)
indicator_entry.register(app)
cycle.register(app)


class OutputFormat(StrEnum):
    JSON = "json"
    TREE = "tree"
    SUMMARY = "summary"


def _emit(plan: Plan, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.JSON:
        sys.stdout.write(json.dumps(plan_to_json(plan), ensure_ascii=False, indent=2) + "\n")
    elif fmt is OutputFormat.TREE:
        render_tree(out, plan)
    else:
        render_summary(out, plan)


@app.command()
def parse(
    path: Annotated[Path, typer.Argument(help="规划文件（.txt .docx .pdf .html）或包含多个规划文件的目录")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="输出格式")] = OutputFormat.SUMMARY,
    aliases: Annotated[
        Path | None, typer.Option("--aliases", help="补充的单位别名表（JSON：简称→规范名称）")
    ] = None,
) -> None:
    """解析规划文本：章节大纲、专栏、指标、目标、历史数据和责任单位。"""
    if path.is_dir():
        files = plan_files(path)
        results: list[tuple[Path, Plan | PlanwatchError]] = []
        with progress_bar("解析规划", disable=len(files) < 2) as progress:
            task = progress.add_task("parse", total=len(files))
            for item in parse_plan_files(
                files, aliases_file=aliases, on_done=lambda _p: progress.advance(task)
            ):
                results.append(item)
        failures = 0
        plans: list[Plan] = []
        for file, result in results:
            if isinstance(result, PlanwatchError):
                failures += 1
                err.print(f"[red]{file.name}：{result.message}[/red]")
            else:
                plans.append(result)
        if fmt is OutputFormat.JSON:
            sys.stdout.write(
                json.dumps([plan_to_json(p) for p in plans], ensure_ascii=False, indent=2) + "\n"
            )
        else:
            for plan in plans:
                _emit(plan, fmt)
        if failures:
            raise typer.Exit(code=2)
        return
    _emit(parse_plan_file(path, aliases_file=aliases), fmt)


def run() -> None:
    """Entry point: turns user mistakes into one Chinese sentence and a non-zero exit code."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except PlanwatchError as exc:
        err.print(f"[red]错误：{exc.message}[/red]", highlight=False)
        if exc.detail:
            logging.getLogger(__name__).debug("detail: %s", exc.detail)
        raise SystemExit(exc.exit_code) from None
    except OperationalError as exc:  # a full disk, a busy database, a connection lost mid-command
        error = unavailable("", exc)
        err.print(f"[red]错误：{error.message}[/red]", highlight=False)
        logging.getLogger(__name__).debug("database error: %s", exc)
        raise SystemExit(error.exit_code) from None
    except SQLAlchemyError as exc:  # a server refusing a statement
        err.print("[red]错误：数据库操作失败，请检查数据库是否可用后重试。[/red]", highlight=False)
        logging.getLogger(__name__).debug("database error: %s", exc)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        err.print("已中断。")
        raise SystemExit(130) from None
