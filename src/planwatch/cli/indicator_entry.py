"""Commands for indicator tables entered by hand: `indicator enter PLAN FILE`, `indicator template OUT`.

The command line is the operator of the database (like `plans link` or `observe import`): it acts with
the planning office's rights, and the change history names the local user.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from planwatch.cli.consoles import out
from planwatch.cli.options import current_user, database_url
from planwatch.cli.serving import indicator_app
from planwatch.datasets.indicator_sheets import template_csv
from planwatch.domain.accounts import Principal, UserRole
from planwatch.domain.errors import InputError
from planwatch.render.indicator_template_xlsx import template_workbook
from planwatch.services import open_database
from planwatch.services.indicator_entry import enter_table_file


def _operator() -> Principal:
    who = current_user()
    return Principal(user_id=0, username=who, display_name=who, role=UserRole.ADMIN)


def enter_command(
    ctx: typer.Context,
    plan: Annotated[int, typer.Argument(help="规划编号（planwatch plans 查看）")],
    file: Annotated[
        Path, typer.Argument(help="指标表（.csv 或 .xlsx，按 planwatch indicator template 的模板填写）")
    ],
    replace: Annotated[
        bool, typer.Option("--replace", help="替换从原文识别的指标表（默认：已有识别结果时不录入）")
    ] = False,
) -> None:
    """手工录入规划的指标表（规划原文的指标表为图片时使用），标注为“手工录入”，写入修改记录。"""
    with open_database(database_url(ctx)) as db:
        result = enter_table_file(db.factory, _operator(), plan, file, replace_extracted=replace)
    out.print(result.summary, highlight=False)


def template_command(
    output: Annotated[Path, typer.Argument(help="模板文件（.xlsx 或 .csv）")],
) -> None:
    """下载指标表模板（类别、序号、指标、单位、基期年份、基期值、目标年份、目标值、属性）。"""
    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InputError("模板文件名请以 .xlsx 或 .csv 结尾，例如 指标表模板.xlsx。")
    data = template_workbook() if suffix == ".xlsx" else template_csv()
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise InputError(f"无法写入文件“{output}”（{exc.strerror or exc}），请检查路径和权限。") from None
    out.print(f"已写入 {output}。", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the entry commands to `planwatch indicator` (the group is created in `cli.serving`)."""
    del app
    indicator_app.command("enter")(enter_command)
    indicator_app.command("template")(template_command)
