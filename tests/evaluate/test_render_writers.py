"""The writers on a small crafted report: no formula injection in XLSX, escaping in HTML, JSON pieces."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import openpyxl
import pytest

from planwatch.domain.records import ReportStatus
from planwatch.evaluate import Cutoff, EvaluationFacts, EvaluationKind, EvaluationOptions, build_report
from planwatch.evaluate.facts import PlanFacts, ReportFact, TaskFacts
from planwatch.render.html_writer import render_html
from planwatch.render.json_writer import render_json
from planwatch.render.xlsx_writer import render_xlsx

HOSTILE = (
    '=HYPERLINK("http://evil.example","点我")',
    "+1+2",
    "-3*7",
    "@SUM(A1:A9)",
    "<script>alert(1)</script>",
)


def hostile_evaluation() -> tuple[bytes, bytes, str]:
    """Task headings, units and narratives are user input: each one starts like a formula."""
    tasks = tuple(
        TaskFacts(
            id=i,
            chapter="第一章 总则",
            heading=text,
            excerpt="",
            lead=text,
            supporting=(text,),
            line_start=i,
            line_end=i,
            reports=(
                ReportFact(
                    i, text, "2023", 2023, ReportStatus.IN_PROGRESS, text, None, datetime.date(2024, 1, 1)
                ),
            ),
        )
        for i, text in enumerate(HOSTILE, start=1)
    )
    facts = EvaluationFacts(PlanFacts(1, "测试规划", "甲市", 2021, 2025, "《测试规划》"), (), tasks, (), "v1")
    evaluation = build_report(facts, EvaluationOptions(EvaluationKind.MIDTERM, Cutoff(2023)))
    xlsx = render_xlsx(evaluation.report, evaluation.scorecards)
    return xlsx, render_json(evaluation.report, evaluation.scorecards), render_html(evaluation.report)


def test_xlsx_writes_formula_like_text_as_text() -> None:
    xlsx, _, _ = hostile_evaluation()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert all("<f>" not in archive.read(n).decode("utf-8") for n in sheets)
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))
    seen: set[str] = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate)
                    seen.add(cell.value)
    assert {"+1+2", "-3*7", "@SUM(A1:A9)", HOSTILE[0]} <= seen
    scores = workbook["部门考评表"]
    assert scores.freeze_panes == "A3"
    assert {scores.cell(row=r, column=2).value for r in range(3, scores.max_row + 1)} >= {"+1+2", "-3*7"}


def test_html_escapes_and_json_keeps_pieces() -> None:
    _, data, html = hostile_evaluation()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    content = json.loads(data)
    assert content["format"] == "planwatch.evaluation/1" and content["meta"]["cutoff"] == "2023"
    overview = content["sections"][0]
    numbers = [p for b in overview["blocks"] for p in b["pieces"] if p["type"] == "number"]
    assert numbers and all(p["source"]["kind"] == "count" for p in numbers)


def test_fonts_map_to_the_first_installed_substitute() -> None:
    from planwatch.render.pdf import choose_fonts, font_note, fontconfig_xml

    choices = {c.official: c.substitute for c in choose_fonts({"Noto Serif CJK SC", "LXGW WenKai"})}
    assert choices["方正小标宋简体"] == "Noto Serif CJK SC"  # Black not installed: the regular weight
    assert choices["楷体_GB2312"] == "LXGW WenKai"
    assert choices["黑体"] is None  # nothing installed: LibreOffice's fallback, and the note says so
    chosen = choose_fonts({"Noto Serif CJK SC"})
    xml = fontconfig_xml(chosen)
    assert "<string>仿宋_GB2312</string>" in xml and "<string>Noto Serif CJK SC</string>" in xml
    assert "黑体→系统默认字体" in font_note(chosen)


def test_pdf_without_libreoffice_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    from planwatch.render import pdf

    monkeypatch.setattr(pdf.shutil, "which", lambda _name: None)
    with pytest.raises(pdf.PdfError, match="libreoffice-writer-nogui"):
        pdf.docx_to_pdf(b"", [])
