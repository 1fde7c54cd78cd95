"""The storage and monitoring commands as a user runs them, on a real SQLite file with the sample files.

Happy paths go through typer's test runner (fast); error paths through a real subprocess, because what
matters there is what `run()` prints: one Chinese sentence on stderr, a non-zero code, no traceback.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner, Result

from planwatch.cli.main import app
from planwatch.cli.status_render import render_status
from planwatch.domain.errors import PlanwatchError
from planwatch.services import open_database, plan_status

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "examples" / "plans"
PLAN_14 = PLANS / "wuhan-14th-sci-tech-2021-2025.txt"
OBSERVATIONS = ROOT / "examples" / "data" / "wuhan_observations.csv"


def invoke(database: Path, *args: str, input: str | None = None) -> Result:
    result = CliRunner().invoke(app, ["--database", f"sqlite:///{database}", *args], input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from planwatch.cli.main import run; run()", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make demo`'s steps: plans, then the sample observations with --yes."""
    database = tmp_path_factory.mktemp("cli") / "demo.db"
    assert invoke(database, "db", "upgrade").exit_code == 0
    imported = invoke(database, "import", str(PLANS))
    assert imported.exit_code == 0, imported.output
    observed = invoke(database, "observe", "import", str(OBSERVATIONS), "--yes")
    assert observed.exit_code == 0, observed.output
    return database


def test_db_upgrade_twice(tmp_path: Path) -> None:
    database = tmp_path / "x.db"
    assert "升级到" in invoke(database, "db", "upgrade").stdout
    assert "无需升级" in invoke(database, "db", "upgrade").stdout


def test_import_prints_the_id_and_is_idempotent(tmp_path: Path) -> None:
    database = tmp_path / "p.db"
    first = invoke(database, "import", str(PLAN_14))
    assert first.exit_code == 0
    assert "已导入《武汉市科技创新发展“十四五”规划》：规划编号 1。" in first.stdout
    again = invoke(database, "import", str(PLAN_14))
    assert again.exit_code == 0
    assert "此前已导入（规划编号 1）" in again.stdout and "未作改动" in again.stdout


def test_plans_lists_ids(demo_db: Path) -> None:
    listing = invoke(demo_db, "plans").stdout
    assert "武汉市科技发展“十二五”规划" in listing and "武汉市科技创新发展“十四五”规划" in listing
    assert "2021—2025" in listing


def test_status_table_of_the_14th_plan(demo_db: Path) -> None:
    result = invoke(demo_db, "status", "--year", "2026")
    assert result.exit_code == 0
    table = result.stdout
    for name in ("全社会研发经费投入增长", "高新技术企业数量", "技术合同成交额", "公民具备科学素质比例"):
        assert name in table
    assert "提前实现" in table and "wucea.com" in table and "2024年 超过2,600亿元" in table
    assert "统计口径在2016年调整" in table


def test_status_json(demo_db: Path) -> None:
    result = invoke(demo_db, "status", "--plan", "1", "--year", "2026", "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["plan"]["title"] == "武汉市科技发展“十二五”规划"
    rows = {r["name"]: r for r in doc["indicators"]}
    rd = rows["全社会R&D投入费用占GDP的比重"]
    assert set(rd) >= {"name", "unit", "baseline", "target", "latest", "status", "forecast"}
    assert rd["latest"]["year"] == 2015 and rd["latest"]["value"] == 3.02
    assert set(rd["latest"]) >= {"year", "value", "qualifier", "source"}
    assert rd["status"]["label"] == "已完成"
    assert rd["target"] == {"year": 2015, "value": 3.0, "comparator": ">=", "text": "3%"}


def test_tasks_by_unit(demo_db: Path) -> None:
    result = invoke(demo_db, "tasks", "--unit", "市科技局")
    assert result.exit_code == 0
    assert "市科技局牵头或配合的任务" in result.stdout


def test_interactive_mapping_is_remembered(tmp_path: Path) -> None:
    database = tmp_path / "i.db"
    invoke(database, "import", str(PLAN_14))
    data = tmp_path / "two.csv"
    data.write_text(
        "indicator_zh,year,value,unit,scope\nR&D经费投入强度,2022,3.6,%,武汉市\n全国重点实验室数量,2024,41,家,武汉市\n",
        encoding="utf-8",
    )
    first = invoke(database, "observe", "import", str(data), input="1\n0\n")
    assert first.exit_code == 0, first.output
    assert "新增 1 条观测值" in first.stdout and "全国重点实验室数量" in first.stdout
    # The confirmed name is not asked again; the skipped one is (and skipped again).
    second = invoke(database, "observe", "import", str(data), input="0\n")
    assert "跳过重复 1 条" in second.stdout
    assert second.stderr.count("请选择编号") == 1


def test_end_of_input_cancels_without_writing(tmp_path: Path) -> None:
    database = tmp_path / "c.db"
    invoke(database, "import", str(PLAN_14))
    with pytest.raises(PlanwatchError, match="已取消导入"):
        invoke(database, "observe", "import", str(OBSERVATIONS), input="")
    # Nothing was stored by the cancelled run: a full import still adds every row.
    after = invoke(database, "observe", "import", str(OBSERVATIONS), "--yes")
    assert "跳过重复 0 条" in after.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", "/nonexistent/plan.txt"), "找不到文件"),
        (("observe", "import", "/nonexistent/data.csv", "--yes"), "找不到观测数据文件"),
        (("status",), "请先运行 planwatch import"),
        (("tasks", "--unit", "不存在的局"), "找不到名为"),
    ],
)
def test_user_mistakes_are_one_sentence(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = run("--database", f"sqlite:///{tmp_path / 'e.db'}", *args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_plan_id(demo_db: Path) -> None:
    result = run("--database", f"sqlite:///{demo_db}", "status", "--plan", "99")
    assert result.returncode != 0
    assert (
        result.stderr.strip() == "错误：找不到编号为 99 的规划，请运行 planwatch plans 查看已导入规划的编号。"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://nobody@127.0.0.1:1/none", "无法连接数据库"),
        ("mysql://x@localhost/db", "不支持的数据库类型"),
        ("::not a url::", "无法解析"),
    ],
)
def test_database_problems_are_one_sentence(url: str, message: str) -> None:
    result = run("--database", url, "plans")
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr


def test_database_from_the_environment(tmp_path: Path) -> None:
    env = {**os.environ, "PLANWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'env.db'}"}
    imported = run("import", str(PLAN_14), env=env)
    assert imported.returncode == 0, imported.stderr
    assert "规划编号 1" in imported.stdout
    assert (tmp_path / "env.db").is_file()
    assert "武汉市科技创新发展“十四五”规划" in run("plans", env=env).stdout


@pytest.mark.parametrize("width", [80, 100])
def test_status_table_fits_a_narrow_terminal(demo_db: Path, width: int) -> None:
    """Found by a user: at 80 columns the status table ran off the screen (fixed-width columns)."""
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    with open_database(f"sqlite:///{demo_db}") as db:
        render_status(console, plan_status(db.factory, None, 2026))
    text = console.export_text()
    assert max(cell_len(line) for line in text.splitlines()) <= width
    assert "高新技术企业数量" in text.replace("\n", "").replace("│", "").replace(" ", "")
    assert "提前实现" in text and "加宽窗口" in text


def test_status_table_keeps_every_column_when_wide(demo_db: Path) -> None:
    console = Console(width=200, record=True, file=io.StringIO(), color_system=None)
    with open_database(f"sqlite:///{demo_db}") as db:
        render_status(console, plan_status(db.factory, None, 2026))
    text = console.export_text()
    assert "来源" in text and "预测" in text and "加宽窗口" not in text
