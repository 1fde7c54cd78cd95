"""Terminal and JSON renderings of stored data: plans, tasks, name-mapping proposals and indicator status."""

from __future__ import annotations

from urllib.parse import urlparse

from rich.console import Console
from rich.table import Table

from planwatch.domain.progress import ForecastMethod, ProgressStatus
from planwatch.domain.records import IndicatorOrigin, ObservationStatus, Qualifier
from planwatch.monitor.wording import format_number
from planwatch.services import (
    IndicatorStatus,
    LatestValue,
    MappingProposal,
    PlanStatus,
    PlanSummary,
    TaskListing,
    TaskOut,
)

_STATUS_STYLE = {
    ProgressStatus.ACHIEVED_EARLY: "bold green",
    ProgressStatus.ACHIEVED: "green",
    ProgressStatus.AHEAD: "green",
    ProgressStatus.ON_SCHEDULE: "cyan",
    ProgressStatus.BEHIND: "yellow",
    ProgressStatus.NOT_ACHIEVED: "red",
    ProgressStatus.INSUFFICIENT_DATA: "dim",
}
_QUALIFIER_WORD = {
    Qualifier.EXACT: "",
    Qualifier.LOWER_BOUND: "超过",
    Qualifier.UPPER_BOUND: "不超过",
    Qualifier.APPROXIMATE: "约",
}
_STATUS_WORD = {
    ObservationStatus.FINAL: "",
    ObservationStatus.PRELIMINARY: "初步",
    ObservationStatus.ESTIMATE: "预计",
}


def _number(value: float | None, unit: str = "") -> str:
    return "—" if value is None else f"{format_number(value)}{unit}"


def _period(plan: PlanSummary) -> str:
    if plan.period_start is None:
        return "未识别"
    return f"{plan.period_start}—{plan.period_end}"


# --- plans and tasks -------------------------------------------------------------------------------


def render_plans(console: Console, plans: list[PlanSummary]) -> None:
    table = Table(title="已导入的规划")
    table.add_column("编号", justify="right", no_wrap=True)
    table.add_column("规划", overflow="fold")
    for column in ("规划期", "范围", "版本", "导入时间"):
        table.add_column(column, no_wrap=True)
    for plan in plans:
        table.add_row(
            str(plan.id),
            plan.title,
            _period(plan),
            plan.scope or "—",
            str(plan.revision_count),
            plan.current.imported_at.strftime("%Y-%m-%d %H:%M"),
        )
    console.print(table)


def render_tasks(console: Console, listing: TaskListing) -> None:
    if listing.unit is not None:
        scope = f"《{listing.plan.title}》中" if listing.plan is not None else ""
        title = f"{scope}{listing.unit}牵头或配合的任务"
    else:
        title = f"《{listing.plan.title}》的任务" if listing.plan is not None else "任务"
    if not listing.tasks:
        console.print(f"{title}：没有找到任务。", highlight=False)
        return
    table = Table(title=f"{title}（{len(listing.tasks)} 项）", show_lines=True)
    table.add_column("编号", justify="right", no_wrap=True)
    table.add_column("任务", overflow="fold", ratio=3)
    table.add_column("牵头单位", overflow="fold", ratio=1)
    table.add_column("配合单位", overflow="fold", ratio=2)
    if listing.plan is None:
        table.add_column("规划", overflow="fold", ratio=1)
    for task in listing.tasks:
        row = [
            str(task.id),
            _task_title(task),
            task.lead or "—",
            "、".join(d.name for d in task.supporting) or "—",
        ]
        if listing.plan is None:
            row.append(task.plan_title)
        table.add_row(*row)
    console.print(table)


def _task_title(task: TaskOut) -> str:
    return f"{task.title}  [dim]L{task.line_start}[/dim]" if task.title else f"[dim]L{task.line_start}[/dim]"


# --- name mapping ----------------------------------------------------------------------------------


def render_mapping(console: Console, proposal: MappingProposal, *, threshold: float) -> None:
    """The best candidate for each name of the file, before the user is asked name by name."""
    table = Table(title=f"指标名称对应：《{proposal.plan.title}》（规划编号 {proposal.plan.id}）")
    table.add_column("文件中的名称", overflow="fold")
    table.add_column("行数", justify="right", no_wrap=True)
    table.add_column("规划指标", overflow="fold")
    table.add_column("得分", justify="right", no_wrap=True)
    table.add_column("依据", overflow="fold")
    for name in proposal.names:
        if name.remembered is not None:
            table.add_row(
                name.external_name, str(name.rows), name.remembered.indicator_name, "—", "已确认，沿用"
            )
            continue
        best = name.candidates[0] if name.candidates else None
        if best is None:
            table.add_row(name.external_name, str(name.rows), "[dim]无候选[/dim]", "—", name.note or "不导入")
            continue
        accepted = best.score >= threshold
        basis = "待确认（默认接受）" if accepted else "待确认（默认不导入）"
        label = best.indicator_name if accepted else f"[dim]{best.indicator_name}？[/dim]"
        table.add_row(name.external_name, str(name.rows), label, f"{best.score:g}", name.note or basis)
    console.print(table)


def render_automatic_mapping(console: Console, proposal: MappingProposal, *, threshold: float) -> None:
    """With --yes: the accepted mappings whose names differ (identical names need no comment), and why
    names were left out."""
    console.print(f"《{proposal.plan.title}》（规划编号 {proposal.plan.id}）指标名称对应：", highlight=False)
    for name in proposal.names:
        chosen = name.auto_choice(threshold)
        if chosen is not None and chosen.indicator_name != name.external_name:
            why = (
                "已确认的对应关系"
                if name.remembered is not None
                else (chosen.why or f"得分 {chosen.score:g}")
            )
            console.print(f"  “{name.external_name}” → “{chosen.indicator_name}”（{why}）", highlight=False)
        elif chosen is None and name.note:
            console.print(f"  “{name.external_name}”：{name.note}", highlight=False)
    console.print(f"  其余名称：得分不低于 {threshold:g} 的自动接受，低于的不导入。", highlight=False)


# --- status ----------------------------------------------------------------------------------------


def _baseline(row: IndicatorStatus) -> str:
    if row.baseline_value is None:
        return f"{row.baseline_year}年 —" if row.baseline_year else "—"
    return f"{row.baseline_year}年 {_number(row.baseline_value, row.unit)}"


def _target(row: IndicatorStatus) -> str:
    if row.target_value is None:
        return "—"
    comparator = {">=": "≥", "<=": "≤", "~": "约", "=": ""}[row.comparator.value]
    kind = "年均增速" if row.level_series else ""
    return f"{row.target_year or ''}年 {kind}{comparator}{_number(row.target_value, row.unit)}"


def latest_text(latest: LatestValue | None, plan_scope: str | None = None) -> str:
    """ "2024年 超过2,600亿元", with 预计/初步 and a foreign scope marked."""
    if latest is None:
        return "—"
    words = _STATUS_WORD[latest.status] + _QUALIFIER_WORD[latest.qualifier]
    text = f"{latest.year}年 {words}{_number(latest.value, latest.unit)}"
    if latest.scope and plan_scope and latest.scope != plan_scope:
        text += f"（{latest.scope}）"
    return text


def source_text(latest: LatestValue | None) -> str:
    """A short form of the source: the web site's host, a file name, or the plan and lines."""
    if latest is None or not latest.source:
        return "—"
    source = latest.source
    if source.startswith(("http://", "https://")):
        return urlparse(source).netloc or source
    if source.startswith("file:"):
        return source.rsplit("/", 1)[-1]
    return source


def _forecast(row: IndicatorStatus) -> str:
    forecast = row.assessment.forecast
    if forecast.method is ForecastMethod.NONE or forecast.value is None:
        return "—"
    outlook = f"，{forecast.outlook.label}" if forecast.outlook is not None else ""
    return (
        f"{forecast.year}年约{_number(forecast.value, row.assessment.spec.level_unit or row.unit)}{outlook}"
    )


WIDE_LAYOUT_MIN = 120  # columns; the full table needs about this much before cells start to fold


def render_status(console: Console, result: PlanStatus) -> None:
    plan = result.plan
    console.print(
        f"[bold]{plan.title}[/bold]（规划编号 {plan.id}，规划期 {_period(plan)}）  评价年份：{result.as_of_year}",
        highlight=False,
    )
    if not result.indicators:
        console.print("该规划没有可监测的指标。")
        return
    # A terminal under WIDE_LAYOUT_MIN columns gets the key columns only, each free to wrap: the
    # source and the forecast are in the notes below and in --format json.
    wide = console.width >= WIDE_LAYOUT_MIN
    table = Table(show_lines=not wide)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("指标", overflow="fold", min_width=8 if not wide else 12)
    table.add_column("基期", no_wrap=wide, overflow="fold")
    table.add_column("目标", no_wrap=wide, overflow="fold")
    table.add_column("最新值", overflow="fold")
    if wide:
        table.add_column("来源", overflow="fold")
    table.add_column("状态", no_wrap=True)
    if wide:
        table.add_column("预测", overflow="fold")
    origins = {row.origin for row in result.indicators}
    for number, row in enumerate(result.indicators, start=1):
        # Mark in-text targets only where they stand next to table rows; in a plan without a table
        # every row is one.
        marked = len(origins) > 1 and row.origin is IndicatorOrigin.TEXT_TARGET
        name = f"{row.name}[dim]（文中目标）[/dim]" if marked else row.name
        status = f"[{_STATUS_STYLE[row.status]}]{row.status.label}[/]"
        cells = [str(number), name, _baseline(row), _target(row), latest_text(row.latest, plan.scope)]
        cells += [source_text(row.latest), status, _forecast(row)] if wide else [status]
        table.add_row(*cells)
    console.print(table)
    if not wide:
        console.print("[dim]终端较窄，未显示来源和预测列；加宽窗口或用 --format json 查看全部。[/dim]")
    for note in result.notes:
        console.print(f"注：{note}", highlight=False)
    console.print("说明：", highlight=False)
    for number, row in enumerate(result.indicators, start=1):
        console.print(f"{number}. {row.name}：{row.reason}", highlight=False)
        for note in row.notes:
            console.print(f"   · {note}", highlight=False)


def status_to_json(result: PlanStatus) -> dict[str, object]:
    """The JSON form of `planwatch status` (documented in the README's Monitoring section)."""
    plan = result.plan
    return {
        "plan": {
            "id": plan.id,
            "title": plan.title,
            "period": {"start": plan.period_start, "end": plan.period_end},
            "scope": plan.scope,
        },
        "as_of_year": result.as_of_year,
        "notes": list(result.notes),
        "indicators": [_indicator_json(row) for row in result.indicators],
    }


def _indicator_json(row: IndicatorStatus) -> dict[str, object]:
    forecast = row.assessment.forecast
    latest = row.latest
    return {
        "id": row.indicator_id,
        "name": row.name,
        "unit": row.unit,
        "kind": row.kind.value,
        "origin": row.origin.value,
        "level_series": row.level_series,
        "baseline": {"year": row.baseline_year, "value": row.baseline_value, "text": row.baseline_text},
        "target": {
            "year": row.target_year,
            "value": row.target_value,
            "comparator": row.comparator.value,
            "text": row.target_text,
        },
        "latest": None
        if latest is None
        else {
            "year": latest.year,
            "value": latest.value,
            "unit": latest.unit,
            "qualifier": latest.qualifier.value,
            "status": latest.status.value,
            "source": latest.source,
            "source_quote": latest.source_quote,
            "scope": latest.scope,
            "series": latest.series,
            "from_plan": latest.plan_title,
        },
        "status": {"code": row.status.value, "label": row.status.label, "reason": row.reason},
        "forecast": None
        if forecast.method is ForecastMethod.NONE
        else {
            "year": forecast.year,
            "method": forecast.method.value,
            "value": forecast.value,
            "low": forecast.low,
            "high": forecast.high,
            "interval_level": forecast.interval_level,
            "outlook": forecast.outlook.value if forecast.outlook is not None else None,
            "statement": forecast.statement,
        },
        "notes": list(row.notes),
    }
