"""Implementation-cycle commands: `calendar set|show`, `milestones template|import`, `lights`, `remind`,
`contact`.

The command line acts with the planning office's rights (whoever can open the database file or
connect to the server may change anything, as with the other commands); the change history names the
operating-system user.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from planwatch.cli.consoles import out
from planwatch.cli.options import current_user, database_url
from planwatch.cycle.calendar import FREQUENCY_LABELS, parse_rule
from planwatch.domain.accounts import Principal, UserRole
from planwatch.domain.cycle import Frequency
from planwatch.domain.errors import InputError
from planwatch.services import open_database
from planwatch.services.cycle_breakdown import import_breakdown, template
from planwatch.services.cycle_setup import CalendarInput, calendar_view, configure_calendar

calendar_app = typer.Typer(help="报送日历：设置或查看规划的报送周期与报送期限。", no_args_is_help=True)
milestones_app = typer.Typer(
    help="任务节点：下载任务分解表模板、导入填好的任务分解表。", no_args_is_help=True
)


def operator() -> Principal:
    """The command line's principal: the planning office, recorded under the OS user's name."""
    return Principal(user_id=0, username=current_user(), display_name="命令行", role=UserRole.ADMIN)


def parse_day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{option} 的日期“{text}”无法识别，请写成 YYYY-MM-DD，如 2025-04-10。") from None


@calendar_app.command("set")
def calendar_set(
    ctx: typer.Context,
    plan: Annotated[int, typer.Option("--plan", help="规划编号")],
    frequency: Annotated[
        Frequency | None, typer.Option("--frequency", help="quarterly 季度 / half_yearly 半年 / yearly 年度")
    ] = None,
    rule: Annotated[
        str | None, typer.Option("--rule", help="报送期限，如“每季度结束后10日内”（可代替 --frequency）")
    ] = None,
    due_days: Annotated[int | None, typer.Option("--due-days", help="期末后多少天内报送")] = None,
    days_before: Annotated[
        int | None, typer.Option("--days-before", help="提前几天提醒（至少 3 天）")
    ] = None,
    escalate_after: Annotated[
        int | None, typer.Option("--escalate-after", help="逾期多少天后升级督办（提醒分管领导和规划处）")
    ] = None,
    starts_on: Annotated[
        str | None, typer.Option("--starts-on", help="从哪天起的报送期限发提醒（YYYY-MM-DD，默认今天）")
    ] = None,
) -> None:
    """设置规划的报送日历（仅规划处）。"""
    if rule is not None:
        parsed, days = parse_rule(rule)
        if frequency is not None and frequency is not parsed:
            raise InputError("--frequency 与 --rule 给出的报送周期不一致，请只给一个或改成一致。")
        frequency, due_days = parsed, days if due_days is None else due_days
    if frequency is None:
        raise InputError("请用 --frequency 或 --rule 给出报送周期，如 --rule 每季度结束后10日内。")
    data = CalendarInput(
        frequency=frequency,
        due_days=due_days,
        days_before=days_before,
        escalate_after=escalate_after,
        starts_on=parse_day(starts_on, "--starts-on"),
    )
    with open_database(database_url(ctx)) as db:
        view = configure_calendar(db.factory, operator(), plan, data, today=date.today())
    out.print(
        f"《{view.plan_title}》报送日历已设置：{FREQUENCY_LABELS[frequency]}，{view.rule_text}，"
        f"提前{view.days_before}天提醒，逾期{view.escalate_after}天升级督办，共 {len(view.periods)} 个报送期。",
        highlight=False,
    )


@calendar_app.command("show")
def calendar_show(ctx: typer.Context, plan: Annotated[int, typer.Option("--plan", help="规划编号")]) -> None:
    """列出规划的报送期与报送期限。"""
    with open_database(database_url(ctx)) as db:
        view = calendar_view(db.factory, plan)
    if not view.configured:
        out.print(
            f"《{view.plan_title}》还没有设置报送日历，请用 planwatch calendar set 设置。", highlight=False
        )
        return
    out.print(f"《{view.plan_title}》：{view.rule_text}，提醒起始 {view.starts_on}", highlight=False)
    for period in view.periods:
        out.print(f"{period.label}\t{period.name}\t{period.start} 至 {period.end}\t报送期限 {period.due}")


@milestones_app.command("template")
def milestones_template(
    ctx: typer.Context,
    plan: Annotated[int, typer.Option("--plan", help="规划编号")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="保存到的文件（默认：当前目录）")
    ] = None,
) -> None:
    """下载任务分解表模板（含规划的全部现行任务及已录入的节点）。"""
    with open_database(database_url(ctx)) as db:
        name, content = template(db.factory, plan)
    target = output or Path(name)
    target.write_bytes(content)
    out.print(f"已保存任务分解表模板：{target}", highlight=False)


@milestones_app.command("import")
def milestones_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="填好的任务分解表（.xlsx）")],
    plan: Annotated[int, typer.Option("--plan", help="规划编号")],
) -> None:
    """导入任务分解表：每行的年度目标与完成时限成为对应任务的节点。"""
    if not file.is_file():
        raise InputError(f"找不到文件“{file}”，请检查路径。")
    with open_database(database_url(ctx)) as db:
        result = import_breakdown(db.factory, operator(), plan, file.read_bytes())
    out.print(
        f"已导入 {result.created} 个节点（{result.tasks} 项任务），替换先前导入的节点 {result.replaced} 个。",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(calendar_app, name="calendar")
    app.add_typer(milestones_app, name="milestones")
