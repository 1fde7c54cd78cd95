"""`planwatch indicator template OUT` and `planwatch indicator enter PLAN FILE` on a fresh database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from planwatch.cli.main import app
from planwatch.datasets.indicator_sheets import TEMPLATE_HEADER
from planwatch.services import open_database, stored_plans

runner = CliRunner()
RUN = "from planwatch.cli.main import run; run()"
ROOT = Path(__file__).resolve().parents[2]
XINXIANG = ROOT / "tests" / "golden" / "real" / "xinxiang-manufacturing-three-year-action-plan-2023-2025.txt"


def _database(tmp_path: Path) -> tuple[str, str]:
    url = f"sqlite:///{tmp_path / 'entry.sqlite3'}"
    imported = runner.invoke(app, ["--database", url, "import", str(XINXIANG)])
    assert imported.exit_code == 0, imported.output
    with open_database(url) as db:
        (plan,) = stored_plans(db.factory)
    return url, str(plan.id)


def test_the_template_round_trips_through_enter(tmp_path: Path) -> None:
    url, plan = _database(tmp_path)
    xlsx, csv = tmp_path / "模板.xlsx", tmp_path / "模板.csv"
    assert runner.invoke(app, ["indicator", "template", str(xlsx)]).exit_code == 0
    assert runner.invoke(app, ["indicator", "template", str(csv)]).exit_code == 0
    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    assert tuple(c.value for c in sheet[1]) == TEMPLATE_HEADER
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 CSV with a BOM correctly
    # the office replaces the example rows with the plan's own
    sheet.delete_rows(2, sheet.max_row)
    sheet.append(
        ["产业能级", 1, "制造业增加值占全市生产总值的比重", "%", 2022, "28.5", 2025, "30以上", "预期性"]
    )
    sheet.parent.save(xlsx)
    entered = runner.invoke(app, ["--database", url, "indicator", "enter", plan, str(xlsx)])
    assert entered.exit_code == 0, entered.output
    assert "手工录入 1 项指标" in entered.output and "同名的文中目标 1 项" in entered.output
    status = runner.invoke(app, ["--database", url, "status", "--plan", plan, "--year", "2024"])
    assert status.exit_code == 0 and "制造业增加值占全市生产总值的比重" in status.output


def test_a_bad_sheet_is_a_chinese_message_and_a_non_zero_exit(tmp_path: Path) -> None:
    url, plan = _database(tmp_path)
    bad = tmp_path / "错表.csv"
    bad.write_text("指标,目标值,属性\n研发投入强度,3.5,强制性\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", RUN, "--database", url, "indicator", "enter", plan, str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "第 2 行（研发投入强度）：属性“强制性”无法识别" in done.stderr
    assert "Traceback" not in done.stderr
    wrong = runner.invoke(app, ["indicator", "template", str(tmp_path / "模板.pdf")])
    assert wrong.exit_code != 0
