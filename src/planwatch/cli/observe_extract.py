"""`planwatch observe extract FILE`: propose observations from a bulletin, work report or summary.

The command shows every proposal first (indicator, year, value, unit, qualifier, the sentence), then
asks — figure by figure for names not confirmed before, then once for the whole batch — or, with
`--yes`, takes the remembered mappings and the suggestions scoring at least `AUTO_ACCEPT_SCORE`, as
`observe import --yes` does. Nothing is stored before that confirmation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from planwatch.cli.consoles import err, out
from planwatch.cli.monitoring import ImportCancelled
from planwatch.cli.options import current_user, database_url
from planwatch.domain.records import ObservationStatus, Qualifier
from planwatch.monitor.wording import format_number
from planwatch.services import open_database
from planwatch.services.document_extraction import (
    ExtractionProposal,
    FigureProposal,
    NoMatchingFiguresError,
    propose_document_observations,
    read_document,
    store_document_figures,
)

QUALIFIER_WORDS = {
    Qualifier.EXACT: "准确值",
    Qualifier.LOWER_BOUND: "下限（突破、超过）",
    Qualifier.UPPER_BOUND: "上限（不到）",
    Qualifier.APPROXIMATE: "约数",
}
STATUS_WORDS = {
    ObservationStatus.FINAL: "正式数",
    ObservationStatus.PRELIMINARY: "初步数",
    ObservationStatus.ESTIMATE: "预计数",
}


def observe_extract(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="统计公报、政府工作报告或工作总结（.txt .docx .pdf .html）")],
    plan: Annotated[
        int | None, typer.Option("--plan", help="规划编号（默认：与文件地区相同的最新规划）")
    ] = None,
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="不逐项询问：接受已确认的对应关系和高分建议，其余数字不导入"),
    ] = False,
) -> None:
    """从统计公报、政府工作报告等文件中提取数字，建议为规划指标的观测值（确认后保存）。"""
    reading = read_document(path)
    with open_database(database_url(ctx)) as db:
        proposal = propose_document_observations(db.factory, reading, plan)
        render_proposals(out, proposal)
        if not proposal.proposals and proposal.known is None:
            raise NoMatchingFiguresError(
                f"文件“{reading.filename}”中的 {len(reading.figures)} 个带年份的数字都不能对应到"
                f"《{proposal.plan.title}》的指标，未写入数据；如文件属于其他规划，请用 --plan 指定。"
            )
        if proposal.known is not None:
            known = proposal.known
            out.print(
                f"该文件（sha256 {known.sha256[:12]}…）已于 {known.imported_at:%Y-%m-%d} 由 {known.imported_by} "
                f"作为观测数据来源导入本规划（现有 {known.observations} 条观测值），已导入的数字不再重复导入。",
                highlight=False,
            )
            if not proposal.open:
                out.print("没有新的数字需要导入。", highlight=False)
                return
        accepted = _auto(proposal) if yes else _ask_all(proposal)
        if not accepted:
            if yes:
                raise NoMatchingFiguresError(_no_match_message(proposal))
            out.print("没有选择任何数字，未写入数据。", highlight=False)
            return
        if not yes:
            _confirm(len(accepted))
        result = store_document_figures(db.factory, proposal, accepted, who=current_user())
    out.print(
        f"《{result.plan.title}》（规划编号 {result.plan.id}）：从“{result.document_title}”新增 {result.added} 条观测值，"
        f"跳过重复 {result.skipped_duplicates} 条。",
        highlight=False,
    )


def _no_match_message(proposal: ExtractionProposal) -> str:
    weak = sum(1 for p in proposal.open if p.suggested is None)
    title = proposal.plan.title
    if weak:
        return (
            f"文件“{proposal.reading.filename}”中没有能自动对应到《{title}》指标的数字"
            f"（另有 {weak} 个数字只有低分候选）：去掉 --yes 逐项确认，或检查所选规划是否正确。"
        )
    return f"文件“{proposal.reading.filename}”中没有与《{title}》指标相符的数字，未写入数据。"


def _figure_text(item: FigureProposal) -> str:
    figure = item.figure
    return f"{figure.year}年 {format_number(figure.value)}{figure.unit}"


def render_proposals(console: Console, proposal: ExtractionProposal) -> None:
    """The proposals table: indicator, year, value, unit, qualifier, status and the quoted sentence."""
    reading = proposal.reading
    year = f"{reading.year}年" if reading.year is not None else "年份未知"
    console.print(
        f"文件：{reading.title}（{year}，sha256 {reading.sha256[:12]}…）→ 规划《{proposal.plan.title}》"
        f"（规划编号 {proposal.plan.id}）",
        highlight=False,
    )
    if not proposal.proposals:
        return
    table = Table(title="建议的观测值")
    table.add_column("指标", overflow="fold")
    table.add_column("年份", no_wrap=True)
    table.add_column("数值", justify="right", no_wrap=True)
    table.add_column("单位", no_wrap=True)
    table.add_column("数值性质", no_wrap=True)
    table.add_column("数据状态", no_wrap=True)
    table.add_column("原文（行号）", overflow="fold")
    for item in proposal.proposals:
        figure = item.figure
        if item.stored:
            label = f"[dim]{item.candidates[0].indicator_name}（已导入）[/dim]"
        elif item.suggested is not None:
            label = item.suggested.indicator_name + ("（已确认）" if item.remembered else "")
        else:
            best = item.candidates[0]
            label = f"[dim]{best.indicator_name}？（得分 {best.score:g}，待确认）[/dim]"
        table.add_row(
            f"{label}\n[dim]原文名称：{figure.metric}[/dim]",
            str(figure.year),
            format_number(figure.value),
            figure.unit,
            QUALIFIER_WORDS[figure.qualifier],
            STATUS_WORDS[figure.status],
            f"{figure.quote}（第 {figure.line} 行）",
        )
    console.print(table)
    if proposal.unmatched:
        console.print(f"另有 {proposal.unmatched} 个数字不能对应到该规划的指标，不导入。", highlight=False)


def _auto(proposal: ExtractionProposal) -> dict[int, int]:
    return {p.figure.index: p.suggested.indicator_id for p in proposal.open if p.suggested is not None}


def _ask_all(proposal: ExtractionProposal) -> dict[int, int]:
    accepted: dict[int, int] = {}
    for item in proposal.open:
        if item.remembered and item.suggested is not None:
            accepted[item.figure.index] = item.suggested.indicator_id  # confirmed before: not asked again
            continue
        choice = _ask(item)
        if choice is not None:
            accepted[item.figure.index] = choice
    return accepted


def _ask(item: FigureProposal) -> int | None:
    figure = item.figure
    err.print(
        f"\n“[bold]{figure.metric}[/bold]” {_figure_text(item)}（第 {figure.line} 行：{figure.quote}）可能是：",
        highlight=False,
    )
    for number, candidate in enumerate(item.candidates, start=1):
        why = f"，{candidate.why}" if candidate.why else ""
        err.print(f"  {number}. {candidate.indicator_name}（得分 {candidate.score:g}{why}）", highlight=False)
    default = "1" if item.suggested is not None else "0"
    while True:
        try:
            answer = str(typer.prompt("请选择编号（0 = 不导入）", default=default, err=True)).strip()
        except typer.Abort:  # end of input or Ctrl-D: nothing has been written yet
            raise ImportCancelled("已取消提取，没有写入任何数据；非交互使用时请加 --yes。") from None
        if answer.isdigit() and 0 <= int(answer) <= len(item.candidates):
            break
        err.print(f"请输入 0 到 {len(item.candidates)} 之间的编号。")
    index = int(answer)
    return item.candidates[index - 1].indicator_id if index else None


def _confirm(count: int) -> None:
    try:
        confirmed = typer.confirm(f"确认保存以上选择的 {count} 条观测值？", default=False, err=True)
    except typer.Abort:
        confirmed = False
    if not confirmed:
        raise ImportCancelled("已取消提取，没有写入任何数据。")


def register(observe: typer.Typer) -> None:
    """Add `extract` to the `planwatch observe` group."""
    observe.command("extract")(observe_extract)
