"""Hand-built `Plan` objects for storage tests (the parser is developed separately).

The plan imitates 武汉市科技创新发展“十四五”规划: chapters, sections, an indicator table, in-text
targets, past figures and responsibility notes, each with source lines.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch.domain.plan import (
    Attribute,
    Comparator,
    Indicator,
    IndicatorKind,
    Node,
    NodeKind,
    Notice,
    PastFigure,
    Period,
    Plan,
    Responsibility,
    Role,
    SourceInfo,
    Target,
    ValuePoint,
)
from planwatch.domain.source import SourceFormat, Span
from planwatch.store.models import Base

TITLE = "武汉市科技创新发展“十四五”规划"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _nodes(extra: int = 0) -> tuple[Node, ...]:
    nodes = [
        Node("n1", None, NodeKind.CHAPTER, "第一章", "1", "开启科技创新中心建设新征程", "", Span(10, 60)),
        Node("n2", "n1", NodeKind.SECTION, "一、", "1", "“十三五”科技创新发展概况", "", Span(20, 40)),
        Node(
            "n3",
            "n2",
            NodeKind.SUBSECTION,
            "（一）",
            "1",
            "科技整体实力显著增强",
            "科技投入持续增长……",
            Span(22, 30),
        ),
        Node("n4", "n1", NodeKind.SECTION, "二、", "2", "主要目标", "", Span(41, 60)),
        Node("n5", "n4", NodeKind.TABLE, "", None, "“十四五”科技创新主要指标", "", Span(45, 58)),
        Node("n6", None, NodeKind.CHAPTER, "第二章", "2", "建设科技创新平台", "", Span(61, 120)),
        Node(
            "n7",
            "n6",
            NodeKind.SECTION,
            "一、",
            "1",
            "建设湖北实验室",
            "加快建设光谷实验室等湖北实验室。",
            Span(62, 80),
        ),
        Node(
            "n8", "n6", NodeKind.SECTION, "二、", "2", "培育创新主体", "壮大高新技术企业群体。", Span(81, 100)
        ),
    ]
    for i in range(extra):
        nodes.append(
            Node(f"x{i}", "n8", NodeKind.PARAGRAPH, "", None, "", f"段落{i}" * 20, Span(200 + i, 200 + i))
        )
    return tuple(nodes)


def indicator(name: str, unit: str, base: float, target: float, line: int) -> Indicator:
    return Indicator(
        name=name,
        unit=unit,
        attribute=Attribute.EXPECTED,
        kind=IndicatorKind.LEVEL,
        baseline=ValuePoint(2020, base, str(base)),
        target=ValuePoint(2025, target, str(target)),
        comparator=Comparator.GE,
        node="n5",
        lines=Span(line, line),
    )


def note(node: str, units: tuple[str, ...], text: str, line: int) -> Responsibility:
    return Responsibility(
        node=node,
        heading=None,
        role=Role.RESPONSIBLE,
        units=units,
        lead=None,
        remark=None,
        text=text,
        lines=Span(line, line),
    )


def responsibilities(extra: int = 0) -> tuple[Responsibility, ...]:
    notes = [
        note("n7", ("市科技局", "市发改委"), "（责任单位：市科技局、市发改委）", 79),
        note(
            "n8",
            ("市城建局", "市科技局", "各区人民政府"),
            "（责任单位：市城建局、市科技局，各区人民政府）",
            99,
        ),
    ]
    for i in range(extra):
        notes.append(
            note(f"x{i}", (f"部门{i % 50}", "市科技局"), f"（责任单位：部门{i % 50}、市科技局）", 200 + i)
        )
    return tuple(notes)


def past_figures() -> tuple[PastFigure, ...]:
    sentence = "技术合同成交额实现翻番，从 2015 年的 471.09 亿元提高到 2020 年的 942.30 亿元"
    return (
        PastFigure("技术合同成交额", 2015, 471.09, "亿元", "n3", sentence, Span(25, 26), "471.09亿元"),
        PastFigure("技术合同成交额", 2020, 942.30, "亿元", "n3", sentence, Span(25, 26), "942.30亿元"),
        PastFigure(
            "高新技术企业数量",
            2020,
            6259,
            "家",
            "n3",
            "从 2015 年的 1656 家增加到 2020 年的 6259 家",
            Span(27, 27),
            "6259家",
        ),
    )


def targets() -> tuple[Target, ...]:
    return (
        Target(
            "技术合同成交额",
            Comparator.GE,
            1300,
            "亿元",
            2025,
            "n8",
            "到2025年，技术合同成交额突破1300亿元",
            Span(90, 90),
            value_text="突破1300亿元",
        ),
        Target(
            "高新技术企业数量",
            Comparator.GE,
            12000,
            "家",
            2025,
            "n8",
            "高新技术企业数量达到12000家",
            Span(91, 91),
            value_text="12000家",
        ),
    )


def make_plan(
    *,
    version: str = "v1",
    with_table: bool = True,
    extra_nodes: int = 0,
    extra_notes: int = 0,
    title: str = TITLE,
    target_value: float = 1300,
) -> Plan:
    """A plan; `version` changes the document hash, `target_value` the indicator table's target."""
    table = (
        indicator("技术合同成交额（亿元）", "亿元", 942.3, target_value, 50),
        indicator("高新技术企业数量", "家", 6259, 12000, 51),
        indicator("湖北实验室数量", "个", 0, 7, 52),
    )
    return Plan(
        source=SourceInfo(
            f"/plans/{title}-{version}.txt",
            sha(f"{title}{version}{with_table}{extra_nodes}"),
            SourceFormat.TEXT,
            "utf-8",
            300 + extra_nodes,
        ),
        title=title,
        period=Period(2021, 2025, "十四五"),
        notice=Notice(
            "武政〔2021〕12号", "2021-09-30", "市人民政府关于印发…的通知", "武汉市人民政府", Span(1, 5)
        ),
        nodes=_nodes(extra_nodes),
        indicators=table if with_table else (),
        responsibilities=responsibilities(extra_notes),
        targets=targets(),
        observations=past_figures(),
    )


def counts(session: Session) -> dict[str, int]:
    """Rows per table: a fingerprint of the whole database for before/after comparisons."""
    return {
        table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
        for table in Base.metadata.sorted_tables
    }
