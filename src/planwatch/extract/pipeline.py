"""Runs the whole reading pipeline on a decoded source: clean → header → outline → facts → Plan."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath

from planwatch.domain.errors import NotAPlanError
from planwatch.domain.limits import Deadline, check_deadline, check_facts, check_nodes, check_text
from planwatch.domain.plan import HEADING_KINDS, DocumentKind, NodeKind, Period, Plan, SourceInfo
from planwatch.domain.source import SourceText
from planwatch.extract.figures import extract_figures
from planwatch.extract.indicators import extract_indicators
from planwatch.extract.responsibilities import extract_responsibilities
from planwatch.extract.task_tables import extract_task_tables
from planwatch.normalize.cleaner import clean_lines
from planwatch.parse.document import detect_document
from planwatch.parse.metadata import read_header
from planwatch.parse.outline import build_outline

_TOP_KINDS = (NodeKind.CHAPTER, NodeKind.SECTION)
_YEAR_DOCUMENTS = (DocumentKind.WORK_REPORT, DocumentKind.STATISTICAL_BULLETIN)


def read_plan(
    source: SourceText,
    aliases: Mapping[str, str],
    *,
    period: Period | None = None,
    deadline: Deadline | None = None,
) -> Plan:
    """The structured plan of a decoded document, or NotAPlanError when it has no plan structure.

    `period` is the user's answer when the document does not state its period (a draft titled
    "…规划（征求意见稿）" with no years): it replaces the period read from the header, so that the
    indicator table's targets get their years. Documents beyond the limits of domain/limits.py, or
    still being read when `deadline` passes, end in an InputError with one Chinese sentence.
    """
    check_text(source.lines, source.path)
    lines = clean_lines(source)
    check_deadline(deadline, source.path)
    if not lines:
        raise NotAPlanError(f"{source.path} 中没有可读的文字：请确认文件不是扫描件或空白文档。")
    header = read_header(lines)
    outline = build_outline(lines[header.body_start :])
    check_nodes(len(outline.nodes), source.path)
    check_deadline(deadline, source.path)
    headings = [n for n in outline.nodes if n.kind in HEADING_KINDS or n.kind is NodeKind.BOX]
    top = [n.marker + n.title for n in outline.nodes if n.parent is None and n.kind in _TOP_KINDS]
    document = detect_document(
        header.title, header.notice, header.period, [line.text for line in lines[:15]], top
    )
    stated = period
    period = stated or header.period
    if stated is None and document.kind in _YEAR_DOCUMENTS:
        period = None  # a report or bulletin has a year, not a plan period ("十四五"收官 is not its period)
    # A short first line is only a fallback title: a file with neither a title that names a plan
    # (…规划 / …方案 / …报告) nor two headings is not a plan, whatever its first line says.
    if len(headings) < 2 and header.title_index is None and document.kind is DocumentKind.OTHER:
        raise NotAPlanError(
            f"{source.path} 看起来不是一份规划文本：没有找到规划标题，也没有“第一章”“一、”“（一）”这样的章节结构。"
            "请确认选择的是规划正文。"
        )
    indicators = extract_indicators(outline.nodes, outline.table_rows, period)
    responsibilities = extract_responsibilities(outline.nodes, aliases)
    tasks = extract_task_tables(outline.nodes, outline.table_rows, source.lines, aliases)
    if tasks:
        order = {n.id: k for k, n in enumerate(outline.nodes)}
        responsibilities = sorted(
            [*responsibilities, *tasks], key=lambda r: (order.get(r.node, 0), r.lines.start)
        )
    check_facts(len(indicators) + len(responsibilities), source.path)
    check_deadline(deadline, source.path)
    targets, past = extract_figures(
        outline.nodes, period, deadline=deadline, name=source.path, document=document
    )
    check_facts(len(indicators) + len(responsibilities) + len(targets) + len(past), source.path)
    warnings: list[str] = []
    if period is None and document.kind not in _YEAR_DOCUMENTS:
        warnings.append("未能从标题或开头识别规划期（如“十四五”或2021—2025年），目标年份可能缺失。")
    title = header.title
    if not title:
        warnings.append("未找到规划标题。")
        if document.kind is not DocumentKind.OTHER:
            # an untitled report or bulletin still needs a name of its own, or every untitled document
            # would be filed as a revision of the same plan
            title = PurePath(source.path).stem
    info = SourceInfo(
        source.path, source.sha256, source.format, source.encoding, len(source.lines), lines=source.lines
    )
    return Plan(
        source=info,
        title=title,
        period=period,
        notice=header.notice,
        nodes=outline.nodes,
        indicators=tuple(indicators),
        responsibilities=tuple(responsibilities),
        targets=tuple(targets),
        observations=tuple(past),
        warnings=tuple(warnings),
        document=document,
    )
