"""What kind of document this is and which year is its own: the frame in which 今年, 上年 and 全年 are read.

A five-year plan speaks of its period, a work report of the year it is delivered in ("今年…预期目标" is
that year, "过去一年" the one before), a statistical bulletin of the year its figures describe, and an
action plan or task breakdown of the year it was issued. The kind comes from the title (or the notice
that issues the document), then from how the text opens; the year from the title, the notice's date,
a date line, the headings or the plan period, in an order that depends on the kind. When the text does
not say, the year stays None rather than being guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planwatch.domain.plan import DocumentInfo, DocumentKind, Notice, Period

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_DATE_LINE = re.compile(r"^[—\-－\s]*((?:19|20)\d\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_SPACES = re.compile(r"\s+")

# (kind, pattern) in order: a breakdown of a work report is a breakdown, a report on a plan is a report.
_BY_TITLE: tuple[tuple[DocumentKind, re.Pattern[str]], ...] = (
    (DocumentKind.STATISTICAL_BULLETIN, re.compile(r"统计公报")),
    (
        DocumentKind.TASK_BREAKDOWN,
        re.compile(r"任务分解|责任分解|任务分工|责任分工|分工方案|分解方案|任务清单"),
    ),
    (DocumentKind.WORK_REPORT, re.compile(r"政府工作报告")),
    (
        DocumentKind.ANNUAL_PLAN,
        re.compile(r"工作要点|年度计划|年度工作计划|(?:19|20)\d\d年.{0,12}(工作计划|重点工作)"),
    ),
    (DocumentKind.ACTION_PLAN, re.compile(r"行动计划|行动方案|实施方案|工作方案|实施意见|三年行动|攻坚行动")),
    (
        DocumentKind.FIVE_YEAR_PLAN,
        re.compile(r"五年规划|[十][一二三四五六七八九]?五.{0,30}规划|规划纲要|规划$"),
    ),
)
_REPORT_OPENING = re.compile(
    r"^各位代表|向大会(报告|作政府工作报告)|代表.{1,12}人民政府.{0,6}(向大会)?报告工作"
)
_BULLETIN_FIRST_SECTION = re.compile(r"^[一1][、.．]\s*综\s*合$")
_BULLETIN_OPENING = re.compile(r"初步核算|统一核算")


def _kind(texts: Sequence[str]) -> DocumentKind | None:
    for text in texts:
        for kind, pattern in _BY_TITLE:
            if text and pattern.search(text):
                return kind
    return None


def _first_year(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def _date_line_year(lines: Sequence[str]) -> int | None:
    for text in lines:
        m = _DATE_LINE.match(text.strip())
        if m:
            return int(m.group(1))
    return None


def _heading_year(headings: Sequence[str]) -> int | None:
    """The latest year a top-level heading names (一、2025年工作回顾 … 三、2026年重点工作 → 2026)."""
    years = [int(y) for h in headings for y in re.findall(r"((?:19|20)\d\d)\s*年", h)]
    return max(years) if years else None


def detect_document(
    title: str,
    notice: Notice | None,
    period: Period | None,
    opening: Sequence[str],
    headings: Sequence[str],
) -> DocumentInfo:
    """The document's kind and year from its title, notice, period, first lines and top-level headings.

    `opening` are the first logical lines of the document (title and notice included); `headings` the
    titles of its top-level sections with their markers ("一、2025年工作回顾").
    """
    names = [title, notice.title if notice and notice.title else ""]
    kind = _kind(names)
    compact = [_SPACES.sub("", t) for t in opening]
    if kind is None:
        if any(_REPORT_OPENING.search(t) for t in compact):
            kind = DocumentKind.WORK_REPORT
        elif (
            headings
            and _BULLETIN_FIRST_SECTION.match(_SPACES.sub("", headings[0]))
            and any(_BULLETIN_OPENING.search(t) for t in compact)
        ):
            kind = DocumentKind.STATISTICAL_BULLETIN
        elif _kind(compact[:3]) is not None:
            kind = _kind(compact[:3])
        elif period is not None and period.end - period.start == 4 and "规划" in title:
            kind = DocumentKind.FIVE_YEAR_PLAN
    kind = kind or DocumentKind.OTHER
    notice_year = int(notice.date[:4]) if notice and notice.date else None
    title_year = _first_year(title)
    if (
        period is not None
        and title_year in (period.start, period.end)
        and kind is not DocumentKind.WORK_REPORT
    ):
        title_year = None  # "（2023—2025年）" names the period, not the document's own year
    date_year = _date_line_year(opening)
    candidates: list[int | None]
    if kind is DocumentKind.WORK_REPORT:
        candidates = [_first_year(title), date_year, _heading_year(headings)]
    elif kind is DocumentKind.STATISTICAL_BULLETIN:
        candidates = [_first_year(title), *(_first_year(t) for t in compact[:3] if t != title)]
    elif kind in (DocumentKind.ANNUAL_PLAN, DocumentKind.TASK_BREAKDOWN):
        candidates = [notice_year, date_year, title_year, period.start if period else None]
    else:
        candidates = [notice_year, date_year, period.start if period else None, title_year]
    year = next((y for y in candidates if y is not None), None)
    return DocumentInfo(kind, year)
