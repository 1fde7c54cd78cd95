"""One bad import must never break the app: after importing arbitrary documents, every page still renders.

Found by a user: `planwatch import /etc/hostname` was stored as a plan titled “vm” with no period, and every
HTML page then answered 500 (the plan menu sorted plans by a period that was None). Here documents are
generated from the pieces real plans are made of — titles with and without a period, headings, boxes,
tables, figures, responsibility notes — and from noise; each is imported beside the sample plans, and
then every page and read endpoint must answer 200 for an admin and for the public.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from planwatch.cli.main import app as cli_app
from planwatch.domain.errors import InputError, NotAPlanError
from planwatch.services import import_plan_files, open_database
from web_support import api_paths, login, make_app, page_paths

TITLES = st.sampled_from(
    [
        "武汉市科技创新发展规划（征求意见稿）",
        "某市“十五五”生态环境保护规划",
        "某省数字经济发展三年行动计划（2024—2026年）",
        "某区2025年政府工作报告",
        "关于推进科技创新的实施方案",
        "vm",
        "",
    ]
)
LINES = st.sampled_from(
    [
        "第一章 发展基础",
        "第二章 重点任务",
        "一、总体要求",
        "（一）发展目标",
        "1. 建设实验室",
        "专栏1 重大科技基础设施",
        "光谷实验室、东湖实验室。",
        "到2030年，全社会研发经费投入强度达到4%以上。",
        "技术合同成交额达到1500亿元。（责任单位：市科技局、市发改委）",
        "2020年高新技术企业数量达到6259家。",
        "指标 单位 2025年 2030年 属性",
        "研发经费投入强度 % 3.5 4.0 预期性",
        "（牵头单位：市经信局；配合单位：各区人民政府）",
        "12",
        "……………………12",
        "",
    ]
)
NOISE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80)
DOCUMENTS = st.builds(
    lambda title, body, noise: "\n".join([title, *body, noise]),
    TITLES,
    st.lists(LINES, max_size=14),
    NOISE,
)


def _assert_everything_renders(url: str) -> None:
    for public_read in (False, True):
        app = make_app(url, public_read=public_read)
        try:
            with TestClient(app) as client:
                if not public_read:
                    login(client, "admin")
                paths = page_paths(client) + api_paths(client) + ["/"]
                for path in paths:
                    response = client.get(path)
                    assert response.status_code == 200, (
                        f"{path}: {response.status_code} {response.text[:300]}"
                    )
        finally:
            app.state.planwatch.database.engine.dispose()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents=st.lists(DOCUMENTS, min_size=1, max_size=3))
def test_pages_render_after_arbitrary_imports(seeded_sqlite: Path, documents: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        copy = base / "web.sqlite3"
        shutil.copyfile(seeded_sqlite, copy)
        url = f"sqlite:///{copy}"
        files = []
        for number, text in enumerate(documents):
            path = base / f"doc{number}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(path)
        with open_database(url) as db:
            for _path, _result in import_plan_files(db.factory, files):
                pass  # refusals are fine; what was stored must not break any page
        _assert_everything_renders(url)


def test_a_file_that_is_not_a_plan_is_refused_with_exit_3(web_url: str, tmp_path: Path) -> None:
    """The reproduction from the issue: a one-line file is not stored as a plan titled by its first line."""
    hostname = tmp_path / "hostname"
    hostname.write_text("vm\n", encoding="utf-8")
    result = CliRunner().invoke(cli_app, ["--database", web_url, "import", str(hostname)])
    assert result.exit_code == NotAPlanError.exit_code, result.output
    assert "不是一份规划" in result.output
    assert "vm" not in CliRunner().invoke(cli_app, ["--database", web_url, "plans"]).output


def test_a_draft_without_period_is_imported_and_every_page_renders(web_url: str, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "武汉市科技创新发展规划（征求意见稿）\n第一章 发展基础\n一、总体要求\n"
        "加快建设科技强市。（责任单位：市科技局）\n第二章 重点任务\n一、建设实验室\n建设光谷实验室。\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(cli_app, ["--database", web_url, "import", str(draft)])
    assert result.exit_code == 0, result.output
    assert "未能识别" in result.output and "--period" in result.output
    _assert_everything_renders(web_url)


def test_the_period_can_be_given_on_import_and_replaces_a_period_less_copy(
    web_url: str, tmp_path: Path
) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "某市生态环境保护规划（征求意见稿）\n第一章 发展基础\n一、主要指标\n"
        "指标 单位 基期值 目标值 属性\n空气质量优良天数比率 % 80 85 约束性\n第二章 重点任务\n一、治理\n治理大气。\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(cli_app, ["--database", web_url, "import", str(draft)]).exit_code == 0
    result = runner.invoke(cli_app, ["--database", web_url, "import", str(draft), "--period", "2026-2030"])
    assert result.exit_code == 0, result.output
    listing = runner.invoke(cli_app, ["--database", web_url, "plans"]).output
    assert listing.count("某市生态环境保护规划") == 1 and "2026—2030" in listing
    bad = runner.invoke(cli_app, ["--database", web_url, "import", str(draft), "--period", "2030-2026"])
    assert isinstance(bad.exception, InputError) and "不合理" in bad.exception.message
