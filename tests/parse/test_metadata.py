"""Plan header rules: periods from ordinals and explicit years, Chinese dates, notices."""

from __future__ import annotations

from planwatch.domain.source import SourceFormat, SourceText
from planwatch.normalize.cleaner import clean_lines
from planwatch.parse.metadata import find_period, five_year_period, parse_date, read_header


def test_five_year_periods() -> None:
    assert five_year_period("十二") == five_year_period("十二").__class__(2011, 2015, "十二五")
    assert (five_year_period("十四").start, five_year_period("十五").end) == (2021, 2030)  # type: ignore[union-attr]
    assert five_year_period("一") is None


def test_explicit_years_win() -> None:
    period = find_period(["某市数字经济发展规划（2022—2026年）"])
    assert period is not None and (period.start, period.end) == (2022, 2026)
    period = find_period(["某区“十四五”科技创新规划"])
    assert period is not None and period.label == "十四五"


def test_dates() -> None:
    assert parse_date("二○一二年二月三日") == "2012-02-03"
    assert parse_date("二〇二一年十二月三十一日") == "2021-12-31"
    assert parse_date("2021年9月6日") == "2021-09-06"
    assert parse_date("二〇二一年十三月一日") is None


def test_notice_and_title() -> None:
    lines = (
        "某省人民政府办公厅文件",
        "某政办发〔2021〕35号",
        "某省人民政府办公厅关于印发某省科技创新“十四五”规划的通知",
        "各市、州人民政府，省政府各部门：",
        "现将《某省科技创新“十四五”规划》印发给你们，请认真组织实施。",
        "2021年9月6日",
        "某省科技创新“十四五”规划",
        "一、发展基础",
    )
    header = read_header(clean_lines(SourceText("<t>", "0" * 64, SourceFormat.TEXT, "utf-8", lines)))
    assert header.title == "某省科技创新“十四五”规划"
    assert header.notice is not None
    assert (header.notice.doc_number, header.notice.date) == ("某政办发〔2021〕35号", "2021-09-06")
    assert header.notice.issuer == "某省人民政府办公厅"


def test_heading_titles() -> None:
    from planwatch.parse.outline import split_heading

    assert split_heading("自主创新。坚持把推动自主创新作为重中之重。") == (
        "自主创新",
        "坚持把推动自主创新作为重中之重。",
    )
    assert split_heading("新型显示：重点研究OLED") == ("新型显示", "重点研究OLED")
    assert split_heading(
        "武汉创新资源丰富，但绝大多数创新资源集中在高校、科研院所，并未实现向企业集聚。武汉…"
    ) == (
        "武汉创新资源丰富，但绝大多数创新资源集中在高校、科研院所，并未实现向企业集聚",
        "武汉…",
    )
    assert split_heading("光电子与新一代移动通信专项") == ("光电子与新一代移动通信专项", "")
