"""`planwatch evaluate`: the evaluation report (总结评估 / 中期评估) of a plan as DOCX, XLSX, PDF, HTML or JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from planwatch.cli.consoles import err
from planwatch.cli.options import database_url
from planwatch.domain.errors import InputError
from planwatch.services import open_database
from planwatch.services.evaluation import (
    EvaluationRequest,
    ReportFormat,
    evaluate_plan,
    file_name,
    load_rules,
    parse_cutoff,
    parse_format,
    parse_kind,
    render_evaluation,
)


def evaluate(
    ctx: typer.Context,
    plan: Annotated[int | None, typer.Option("--plan", help="规划编号（默认：规划期最新的规划）")] = None,
    kind: Annotated[
        str, typer.Option("--kind", metavar="final|midterm", help="final 总结评估（默认）或 midterm 中期评估")
    ] = "final",
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="年份|日期",
            help="截止时间：年份（如 2025）或日期（如 2023-06-30）；默认总结评估为规划末年，中期评估为规划第三年",
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="docx|xlsx|pdf|html|json", help="输出格式（默认 docx）")
    ] = "docx",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="输出文件（默认：按报告标题命名，写在当前目录；json 与 html 可用 - 输出到屏幕）",
        ),
    ] = None,
    rules: Annotated[
        Path | None,
        typer.Option(
            "--rules",
            help="评估规则文件（TOML，见 docs/evaluation-rules.toml；默认：环境变量 PLANWATCH_EVALUATION_RULES）",
        ),
    ] = None,
) -> None:
    """生成规划评估报告：总体评价、主要指标完成情况、重点任务、重大项目、存在的问题、下一步建议和附表。"""
    request = EvaluationRequest(
        plan_id=plan,
        kind=parse_kind(kind),
        cutoff=parse_cutoff(as_of) if as_of is not None else None,
        rules=load_rules(rules),
    )
    chosen = parse_format(fmt)
    with open_database(database_url(ctx)) as db:
        evaluation = evaluate_plan(db.factory, request)
    data = render_evaluation(evaluation, chosen)
    if output is not None and str(output) == "-":
        if chosen not in (ReportFormat.JSON, ReportFormat.HTML):
            raise InputError(f"{chosen.value} 是二进制文件，不能输出到屏幕，请用 -o 指定文件名。")
        sys.stdout.buffer.write(data)
        return
    target = output if output is not None else Path(file_name(evaluation, chosen))
    try:
        target.write_bytes(data)
    except OSError:
        raise InputError(f"无法写入文件 {target}，请检查目录是否存在、是否有写权限。") from None
    meta = evaluation.report.meta
    err.print(
        f"已生成《{evaluation.report.title}》（{meta.kind_label}，{meta.cutoff_label}，数据版本 {meta.data_version}）："
        f"{target}",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate)
