"""Document kinds and their own years, and the title rules that real documents need (crafted single-rule texts)."""

from __future__ import annotations

import hashlib

import pytest

from planwatch.domain.plan import DocumentKind, NodeKind, Plan
from planwatch.domain.source import SourceFormat, SourceText
from planwatch.extract.pipeline import read_plan


def _read(text: str) -> Plan:
    data = text.encode("utf-8")
    source = SourceText(
        "t.txt", hashlib.sha256(data).hexdigest(), SourceFormat.TEXT, "utf-8", tuple(text.split("\n"))
    )
    return read_plan(source, {})


@pytest.mark.parametrize(
    ("text", "kind", "year"),
    [
        (
            "2026年某省政府工作报告\n各位代表：\n一、2025年工作回顾\n二、2026年重点工作\n",
            DocumentKind.WORK_REPORT,
            2026,
        ),
        # no title: the opening and the headings say it
        (
            "各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、2025年工作回顾\n二、2026年重点工作\n",
            DocumentKind.WORK_REPORT,
            2026,
        ),
        (
            "2024年某市国民经济和社会发展统计公报[1]\n某市统计局\n一、综合\n初步核算，全年全市地区生产总值100亿元。\n",
            DocumentKind.STATISTICAL_BULLETIN,
            2024,
        ),
        # a bulletin without its title line: 一、综合 and 初步核算
        (
            "2024年，全市经济运行总体平稳。\n一、综合\n初步核算,全年全市地区生产总值100亿元。\n二、农业\n",
            DocumentKind.STATISTICAL_BULLETIN,
            2024,
        ),
        ("某市制造业三年行动计划(2023—2025年)\n一、总体要求\n二、发展目标\n", DocumentKind.ACTION_PLAN, 2023),
        (
            "某区政府2023年重点工作\n任务分解和责任分工方案\n一、主要预期目标\n二、重点任务\n",
            DocumentKind.TASK_BREAKDOWN,
            2023,
        ),
        ("某市2025年科技工作要点\n一、总体要求\n二、重点任务\n", DocumentKind.ANNUAL_PLAN, 2025),
        ("某市科技创新“十五五”规划\n第一章 发展基础\n第二章 发展目标\n", DocumentKind.FIVE_YEAR_PLAN, 2026),
        # no year anywhere: null, not a guess from the targets
        (
            "某市社区服务设施建设实施方案\n一、主要目标\n到2025年底前，建成示范社区100个。\n",
            DocumentKind.ACTION_PLAN,
            None,
        ),
    ],
)
def test_kind_and_year(text: str, kind: DocumentKind, year: int | None) -> None:
    plan = _read(text)
    assert plan.document is not None
    assert (plan.document.kind, plan.document.year) == (kind, year)


def test_a_report_has_a_year_not_a_period() -> None:
    plan = _read(
        "2026年某市政府工作报告\n2025年是“十四五”收官之年。\n一、2025年工作回顾\n二、2026年重点工作\n"
    )
    assert plan.period is None
    assert not any("规划期" in w for w in plan.warnings)


def test_wrapped_title_and_title_from_the_issuing_line() -> None:
    plan = _read("某区政府2023年重点工作\n任务分解和责任分工方案\n一、主要预期目标\n二、重点任务\n")
    assert plan.title == "某区政府2023年重点工作任务分解和责任分工方案"
    plan = _read(
        "某市发展和改革委员会关于印发某市社区服务设施建设实施方案的通知\n一、主要目标\n建成示范社区。\n"
    )
    assert plan.title == "某市社区服务设施建设实施方案"


def test_table_of_contents_is_not_headings() -> None:
    titles = {"一": "发展基础", "二": "总体要求", "三": "重点任务"}
    body = "".join(
        f"\n第{n}章 {t}\n\n这一章的正文说明{t}的具体内容和要求，共有若干条。\n" for n, t in titles.items()
    )
    want = list(titles.values())

    def chapters(contents: str) -> list[str]:
        plan = _read("某市“十五五”规划纲要\n\n" + contents + body)
        return [n.title for n in plan.nodes if n.kind is NodeKind.CHAPTER]

    leaders = "".join(f"第{n}章 {t} ……………… {k * 3}\n" for k, (n, t) in enumerate(titles.items(), 1))
    assert chapters("目 录\n\n" + leaders) == want
    glued = "".join(f"第{n}章{t}{k * 3}\n" for k, (n, t) in enumerate(titles.items(), 1))  # spacing lost
    assert chapters(glued) == want
    listed = "".join(f"第{n}章 {t}\n" for n, t in titles.items())  # a contents list without page numbers
    assert chapters(listed) == want


def test_cover_issuer_and_untitled_documents() -> None:
    plan = _read(
        "某市国民经济和社会发展\n第十五个五年规划纲要\n某市人民政府\n\n第一章 发展基础\n\n正文。\n\n第二章 发展目标\n"
    )
    assert plan.title == "某市国民经济和社会发展第十五个五年规划纲要"
    assert plan.period is not None and (plan.period.start, plan.period.end) == (2026, 2030)
    # an untitled bulletin is named after its file, so that two untitled documents are not one plan
    plan = _read(
        "2024年，全市经济运行总体平稳。\n一、综合\n初步核算,全年全市地区生产总值100亿元。\n二、农业\n"
    )
    assert plan.title == "t"
    assert "未找到规划标题。" in plan.warnings
