"""Text hygiene rules on small crafted documents: wrapped lines, page numbers, spaces, indentation."""

from __future__ import annotations

from planwatch.domain.source import SourceFormat, SourceText
from planwatch.normalize.cleaner import clean_lines
from planwatch.normalize.spacing import fix_spaces

BODY = "这是一段用于测试的正文内容，宽度与前后各行大致相同，用来模拟"


def _source(lines: list[str]) -> SourceText:
    return SourceText("<test>", "0" * 64, SourceFormat.PDF, None, tuple(lines))


def _pdf_like(rows: list[str]) -> list[str]:
    out: list[str] = []
    for row in rows:
        out.extend([row, ""])
    return out


def test_page_number_between_wrapped_lines_is_dropped() -> None:
    rows = [
        BODY + "甲",
        BODY + "乙",
        "发展数据存储等服务。（责任单位：市政",
        "",
        "",
        "53",
        "",
        "务服务大数据局、市市场监管局）",
    ]
    rows = [BODY + "丙"] * 4 + rows + [BODY + "丁"] * 4
    lines = clean_lines(_source(_pdf_like(rows)))
    joined = "".join(line.text for line in lines)
    assert "市政务服务大数据局" in joined
    assert "53" not in joined


def test_wrapped_lines_rejoin_and_keep_source_span() -> None:
    rows = ["一、总体要求", BODY + "一", BODY + "二", "最后一行。", "二、重点任务"]
    lines = clean_lines(_source(_pdf_like(rows * 3)))
    paragraph = next(line for line in lines if line.text.startswith("这是"))
    assert paragraph.text.endswith("最后一行。")
    assert (paragraph.span.start, paragraph.span.end) == (3, 7)
    assert lines[0].text == "一、总体要求"


def test_displaced_table_rows_do_not_break_a_sentence() -> None:
    rows = [BODY + "甲"] * 4 + [
        BODY + "（责",
        "7 某某指标数量（个） 115 200",
        "8 另一指标（亿元） 9.5 13",
        "任单位：市科技局）",
    ]
    lines = clean_lines(_source(_pdf_like([*rows, "二、下一节"])))
    texts = [line.text for line in lines]
    assert any(t.endswith("（责任单位：市科技局）") for t in texts)
    assert [line.is_table_row for line in lines].count(True) == 2


def test_one_paragraph_per_line_text_is_not_joined() -> None:
    lines = clean_lines(
        SourceText(
            "<t>",
            "0" * 64,
            SourceFormat.TEXT,
            "utf-8",
            ("第一段很长很长。", "", "第二段。", "", "（一）标题"),
        )
    )
    assert [line.text for line in lines] == ["第一段很长很长。", "第二段。", "（一）标题"]


def test_spaces() -> None:
    assert fix_spaces("从 2015 年的68.19 亿元提高到") == "从2015年的68.19亿元提高到"
    assert fix_spaces("基于 Open SDG 方法") == "基于Open SDG方法"
    assert fix_spaces("　　全角缩进") == "全角缩进"
