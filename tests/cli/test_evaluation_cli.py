"""`planwatch evaluate` on the sample database, as `make demo` fills it: the DOCX read back with python-docx
(structure, the indicator table against `planwatch status`, GB/T 9704 page setup, East Asian fonts,
line pitch), the XLSX, the PDF (when LibreOffice is installed) and the user mistakes."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Length
from typer.testing import CliRunner, Result

from planwatch.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "examples" / "plans"
OBSERVATIONS = ROOT / "examples" / "data" / "wuhan_observations.csv"
HEADINGS = (
    "一、总体评价",
    "二、主要指标完成情况",
    "三、重点任务推进情况",
    "四、重大项目（专栏）推进情况",
    "五、存在的问题",
    "六、下一步建议（草稿）",
    "附表1 主要指标监测数据",
    "附表2 重点任务推进情况",
    "附表3 部门考评",
    "附表4 数据来源",
)


def invoke(database: Path, *args: str) -> Result:
    result = CliRunner().invoke(app, ["--database", f"sqlite:///{database}", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    database = tmp_path_factory.mktemp("evaluate") / "demo.db"
    assert invoke(database, "db", "upgrade").exit_code == 0
    assert invoke(database, "import", str(PLANS)).exit_code == 0
    assert invoke(database, "observe", "import", str(OBSERVATIONS), "--yes").exit_code == 0
    return database


def plan_id(database: Path, period: str) -> int:
    listed = json.loads(invoke(database, "status", "--format", "json", "--year", "2025").stdout)
    if period == "14":
        return int(listed["plan"]["id"])
    other = [p for p in (1, 2) if p != listed["plan"]["id"]]
    return other[0]


def status_rows(database: Path, plan: int, year: int) -> list[dict[str, object]]:
    result = invoke(database, "status", "--plan", str(plan), "--year", str(year), "--format", "json")
    rows: list[dict[str, object]] = json.loads(result.stdout)["indicators"]
    return rows


@pytest.fixture(scope="module")
def final_docx(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> DocumentObject:
    target = tmp_path_factory.mktemp("out") / "final.docx"
    result = invoke(demo_db, "evaluate", "--plan", str(plan_id(demo_db, "14")), "-o", str(target))
    assert result.exit_code == 0, result.output
    return Document(io.BytesIO(target.read_bytes()))


def indicator_table(document: DocumentObject) -> list[list[str]]:
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        if header[:2] == ["序号", "指标"] and "完成情况" in header:
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError("no indicator table")


def test_sections_in_order(final_docx: DocumentObject) -> None:
    texts = [p.text for p in final_docx.paragraphs]
    positions = [texts.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    assert texts[0] == "武汉市科技创新发展“十四五”规划总结评估报告"
    overview = texts[texts.index("一、总体评价") + 1]
    assert "11项主要指标中，" in overview


def test_suggestions_are_marked_as_draft(final_docx: DocumentObject) -> None:
    texts = [p.text for p in final_docx.paragraphs]
    start = texts.index("六、下一步建议（草稿）")
    assert texts[start + 1].startswith("【草稿】")
    drafts = final_docx.paragraphs[start + 2 : texts.index("附表1 主要指标监测数据") - 1]
    assert drafts and all(p.text.startswith("（") for p in drafts if p.text)
    shaded = [p._p.pPr.find(qn("w:shd")) for p in drafts if p.text]
    assert shaded and all(s is not None and s.get(qn("w:fill")) == "FFF2CC" for s in shaded)


def expected_final_label(row: dict[str, object], target_year: int) -> str:
    """The final outcome the rules give from the row `planwatch status` shows for the target year."""
    latest = row["latest"]
    code = row["status"]["code"]  # type: ignore[index]
    if not isinstance(latest, dict) or latest["year"] != target_year:
        return "无法评价（缺目标年数据）"
    if latest["scope"] not in (None, "武汉市"):
        return "无法评价（仅有参考口径数据）"
    if code == "not_achieved":
        return "未完成"
    assert code in ("achieved", "achieved_early"), code
    return "超额完成|完成"


def test_indicator_table_matches_planwatch_status(demo_db: Path, final_docx: DocumentObject) -> None:
    rows = status_rows(demo_db, plan_id(demo_db, "14"), 2025)
    table = indicator_table(final_docx)
    header, body = table[0], table[1:]
    assert header == [
        "序号", "指标", "单位", "属性", "基期值", "目标值", "实际值（年份，快报/预计标注）",
        "序时进度值", "完成情况", "趋势判断", "责任单位",
    ]  # fmt: skip
    assert len(body) == len(rows) == 11
    for cells, row in zip(body, rows, strict=True):
        assert cells[1] == row["name"]
        assert cells[8] in expected_final_label(row, 2025).split("|"), (cells, row["status"])
    by_name = {c[1]: c for c in body}
    assert by_name["高新技术企业数量"][8] == "超额完成"  # 超过17,000家 against 12,000 from 6,259
    assert by_name["公民具备科学素质比例"][8] == "无法评价（仅有参考口径数据）"  # 湖北省 figure only
    assert "湖北省口径" in by_name["公民具备科学素质比例"][6]


def test_midterm_statuses_are_the_monitors(demo_db: Path, tmp_path: Path) -> None:
    plan = plan_id(demo_db, "14")
    target = tmp_path / "mid.docx"
    result = invoke(
        demo_db,
        "evaluate",
        "--plan",
        str(plan),
        "--kind",
        "midterm",
        "--as-of",
        "2023-06-30",
        "-o",
        str(target),
    )
    assert result.exit_code == 0, result.output
    body = indicator_table(Document(str(target)))[1:]
    rows = status_rows(demo_db, plan, 2022)  # a mid-2023 cut-off judges 2022 figures
    for cells, row in zip(body, rows, strict=True):
        latest = row["latest"]
        stand_in = isinstance(latest, dict) and latest["scope"] not in (None, "武汉市")
        expected = "数据不足" if stand_in else row["status"]["label"]  # type: ignore[index]
        assert cells[8] == expected, (cells, row["status"])


def test_page_setup_after_gbt_9704(final_docx: DocumentObject) -> None:
    section = final_docx.sections[0]

    def mm(length: object) -> float:
        assert isinstance(length, Length)
        return round(length.mm, 1)  # stored in twips: 210 mm is 11906 twips

    assert (mm(section.page_width), mm(section.page_height)) == (210.0, 297.0)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [mm(m) for m in margins] == [37.0, 35.0, 28.0, 26.0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid is not None and grid.get(qn("w:linePitch")) == "579"
    footer = "".join(t.text or "" for t in section.footer._element.iter(qn("w:t")))
    assert footer.startswith("— ") and footer.endswith(" —")
    assert any(i.text == "PAGE" for i in section.footer._element.iter(qn("w:instrText")))


def test_body_runs_carry_east_asian_fonts(final_docx: DocumentObject) -> None:
    paragraphs = final_docx.paragraphs
    title_fonts = paragraphs[0].runs[0]._element.rPr.rFonts
    assert title_fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    heading = next(p for p in paragraphs if p.text == "一、总体评价")
    assert heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    body = paragraphs[paragraphs.index(heading) + 1]
    fonts = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in body.runs}
    assert fonts == {"仿宋_GB2312"}
    assert all(r.font.size is not None and r.font.size.pt == 16 for r in body.runs)
    lead = next(p for p in paragraphs if p.text.startswith("（一）"))
    assert lead.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    table_run = final_docx.tables[0].rows[1].cells[1].paragraphs[0].runs[0]
    assert table_run.font.size is not None and table_run.font.size.pt < 16


def test_12th_plan_final_uses_2015_figures(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "12.json"
    result = invoke(
        demo_db,
        "evaluate",
        "--plan",
        str(plan_id(demo_db, "12")),
        "--as-of",
        "2015",
        "-f",
        "json",
        "-o",
        str(target),
    )
    assert result.exit_code == 0, result.output
    content = json.loads(target.read_text(encoding="utf-8"))
    table = next(
        b
        for s in content["sections"]
        for b in s["blocks"]
        if b["type"] == "table" and b["key"] == "indicators"
    )
    cells = {
        "".join(p["text"] for p in row[1]): ["".join(p["text"] for p in c) for c in row]
        for row in table["rows"]
    }
    rd = cells["全社会R&D投入费用占GDP的比重"]
    assert rd[6].startswith("3.02%（2015年") and rd[8] == "完成"  # the 14th plan's look back, 3.02%
    numbers = [
        p
        for p in table["rows"][list(cells).index("全社会R&D投入费用占GDP的比重")][6]
        if p["type"] == "number"
    ]
    assert numbers[0]["source"]["year"] == 2015
    assert cells["高新技术产业增加值"][8] == "未完成"
    section = next(s for s in content["sections"] if s["key"] == "indicators")
    gaps = next(
        b
        for b in section["blocks"]
        if b["type"] == "paragraph" and b["lead"].endswith("无法评价（缺目标年数据）的指标。")
    )
    text = "".join(p["text"] for p in gaps["pieces"])
    assert "“原始创新成果”" in text and "需补齐相应年份的统计数据" in text


def test_xlsx_workbook(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.xlsx"
    assert (
        invoke(
            demo_db, "evaluate", "--plan", str(plan_id(demo_db, "14")), "-f", "xlsx", "-o", str(target)
        ).exit_code
        == 0
    )
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames[:4] == ["主要指标完成情况表", "任务推进情况表", "部门考评表", "数据来源"]
    sheet = workbook["主要指标完成情况表"]
    assert sheet.freeze_panes == "A3"
    assert sheet.max_row == 2 + 11
    assert sheet.column_dimensions["B"].width == 30


def test_same_data_same_content(demo_db: Path, tmp_path: Path) -> None:
    plan = str(plan_id(demo_db, "14"))
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    invoke(demo_db, "evaluate", "--plan", plan, "-f", "json", "-o", str(first))
    invoke(demo_db, "evaluate", "--plan", plan, "-f", "json", "-o", str(second))
    assert first.read_bytes() == second.read_bytes()
    meta = json.loads(first.read_text(encoding="utf-8"))["meta"]
    assert meta["cutoff"] == "2025" and meta["data_version"]


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice and poppler-utils",
)
def test_pdf_has_chinese_text_and_page_numbers(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    result = invoke(
        demo_db, "evaluate", "--plan", str(plan_id(demo_db, "14")), "-f", "pdf", "-o", str(target)
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "规划总结评估" in text and "主要指标完成情况" in text
    assert re.search(r"—\s*1\s*—", text) and re.search(r"—\s*2\s*—", text)
    assert "字体说明" in text and "LXGW WenKai" in text


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from planwatch.cli.main import run; run()", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as-of", "2024"), "总结评估须按目标年（2025年）数据评价"),
        (("--as-of", "明年"), "截止时间“明年”无法识别"),
        (("--as-of", "2023-02-30"), "不是有效日期"),
        (("--kind", "annual"), "评估类型“annual”无法识别"),
        (("--format", "pptx"), "输出格式“pptx”无法识别"),
        (("--kind", "midterm", "--as-of", "2027"), "中期评估的截止时间应在规划期内"),
    ],
)
def test_user_mistakes_are_one_sentence(demo_db: Path, args: tuple[str, ...], message: str) -> None:
    result = run(
        "--database", f"sqlite:///{demo_db}", "evaluate", "--plan", str(plan_id(demo_db, "14")), *args
    )
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr
