"""The plan's title, its period and the issuing notice that may wrap it.

Government web pages publish a plan inside the notice that issues it ("市人民政府关于印发…的通知",
a 文号 such as 武政〔2012〕10号, a salutation and a date). That notice is not part of the plan: it is
separated here so that the outline starts at the plan's own title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import cn2an

from planwatch.domain.errors import InputError
from planwatch.domain.plan import Notice, Period
from planwatch.domain.source import Span
from planwatch.normalize.cleaner import LogicalLine
from planwatch.normalize.markers import match_marker, small_chinese_number

_TITLE_END = re.compile(
    r"(规划|纲要|计划|方案|行动计划|实施方案|规划纲要|报告|公报|要点|实施意见)"
    r"(?:[（(][^）)]{0,20}[）)])?(?:\[\d{1,2}\]|［\d{1,2}］)?$"
)
# "关于印发《X》的通知" / "关于印发X的通知": the document's own title when the text has no title line
_ISSUED_TITLE = re.compile(r"关于印发\s*《?(?P<title>[^《》]{4,60}?)》?\s*的通知")
_TRAILING_ISSUER = re.compile(
    r"^(?P<title>.{4,60}(规划|纲要|计划|方案|报告|公报|要点))[\u4e00-\u9fff]{2,12}(人民政府|办公厅|办公室|委员会|统计局)$"
)
_FOOTNOTE = re.compile(r"(?:\[\d{1,2}\]|［\d{1,2}］)$")
_TITLE_NOISE = re.compile(r"关于印发|通知|^各|：$")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[【（(]\s*((?:19|20)\d\d)\s*[〕\]】）)]\s*\d{1,4}\s*号")
_CN_DIGIT = {"〇": "0", "○": "0", "零": "0", "Ｏ": "0", "O": "0", "一": "1", "二": "2", "三": "3"}
_CN_DIGIT.update({"四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"})
_CN_DATE = re.compile(
    r"^([〇○零Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$"
)
_AR_DATE = re.compile(r"^((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_ORDINAL_PERIOD = re.compile(r"[“\"']?(十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"']?")
_NTH_PLAN = re.compile(r"第([十一二三四五六七八九]{1,3})个五年规划")
_EXPLICIT_PERIOD = re.compile(r"((?:19|20)\d\d)\s*[-—–－~～至到]\s*((?:19|20)\d\d)\s*年?")
NOTICE_HINT = re.compile(r"关于印发|印发.*的通知|人民政府文件|办公厅文件|^各[^，。]{1,20}[，、：]")


@dataclass(frozen=True, slots=True)
class PlanHeader:
    title: str
    title_index: int | None  # index of the title line in the logical lines
    period: Period | None
    notice: Notice | None
    body_start: int  # index of the first logical line of the plan body


def five_year_period(ordinal: str) -> Period | None:
    """十四五 → 2021–2025. From the third plan on (1966–70) the plans follow each other every 5 years."""
    n = small_chinese_number(ordinal)
    if n is None or n < 3:
        return None
    start = 1966 + 5 * (n - 3)
    return Period(start, start + 4, f"{ordinal}五")


def find_period(texts: Sequence[str]) -> Period | None:
    """Period from the title first, then the opening text: explicit years win over a 十四五 ordinal."""
    for text in texts:
        m = _EXPLICIT_PERIOD.search(text)
        if m and 0 < int(m.group(2)) - int(m.group(1)) <= 15:
            label_m = _ORDINAL_PERIOD.search(text)
            label = f"{label_m.group(1)}五" if label_m else None
            return Period(int(m.group(1)), int(m.group(2)), label)
        nth = _NTH_PLAN.search(text)  # 第十四个五年规划
        if nth:
            period = five_year_period(nth.group(1))
            if period is not None:
                return period
        for om in _ORDINAL_PERIOD.finditer(text):
            if text[om.end() : om.end() + 1] in ("期", "时", "规", "”", '"', "'", "科", "发", "末", ""):
                period = five_year_period(om.group(1))
                if period is not None:
                    return period
    return None


_USER_PERIOD = re.compile(r"^\s*((?:19|20)\d\d)\s*(?:年)?\s*[-—–－~～至到]\s*((?:19|20)\d\d)\s*年?\s*$")


def user_period(text: str) -> Period:
    """The period a user typed (2026-2030, 2026—2030年, 十五五) when the document does not state one.

    A five-year span that falls on the national cycle gets its ordinal label (2026-2030 → 十五五), so the
    stored plan reads like one whose period was found in its title.
    """
    m = _USER_PERIOD.match(text)
    if m:
        start, end = int(m.group(1)), int(m.group(2))
        if not 0 < end - start <= 15:
            raise InputError(
                f"规划期“{text}”不合理：结束年份应晚于起始年份，且跨度不超过15年，如 2026-2030。"
            )
        cycle, offset = divmod(start - 1966, 5)
        on_cycle = offset == 0 and end - start == 4 and cycle >= 0
        label = f"{cn2an.an2cn(cycle + 3)}五" if on_cycle else None
        return Period(start, end, label)
    ordinal = _ORDINAL_PERIOD.fullmatch(text.strip())
    period = five_year_period(ordinal.group(1)) if ordinal else None
    if period is None:
        raise InputError(f"无法识别规划期“{text}”：请写成起止年份，如 2026-2030，或“十五五”。")
    return period


def parse_date(text: str) -> str | None:
    """二○一二年二月三日 or 2012年2月3日 → 2012-02-03."""
    text = re.sub(r"\s+", "", text)
    m = _AR_DATE.match(text)
    if m:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    m = _CN_DATE.match(text)
    if m:
        year = "".join(_CN_DIGIT.get(ch, "") for ch in m.group(1))
        month, day = small_chinese_number(m.group(2)), small_chinese_number(m.group(3))
        if len(year) == 4 and month and day and 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year}-{month:02d}-{day:02d}"
    return None


def _is_title(text: str) -> bool:
    return (
        4 <= len(text) <= 60
        and bool(_TITLE_END.search(text))
        and not _TITLE_NOISE.search(text)
        and "。" not in text
        and match_marker(text) is None
    )


def _find_notice(lines: Sequence[LogicalLine], title_index: int) -> Notice | None:
    head = [line.text for line in lines[:title_index]]
    if not head or not any(NOTICE_HINT.search(t) for t in head):
        return None
    doc_number = None
    date = None
    title_parts: list[str] = []
    issuer = None
    for text in head:
        m = _DOC_NUMBER.search(text)
        if m and doc_number is None and len(text) <= 30:
            doc_number = re.sub(r"\s+", "", m.group(0))
            continue
        parsed = parse_date(text)
        if parsed:
            date = parsed
            continue
        if text.endswith("文件") and issuer is None and len(text) <= 20:
            issuer = text[: -len("文件")]
            continue
        if title_parts or "关于" in text:
            if title_parts and (text.startswith("各") or "。" in text):
                continue
            if len(title_parts) < 3 and "。" not in text and not text.startswith("各"):
                title_parts.append(text)
    title = "".join(title_parts) or None
    return Notice(doc_number, date, title, issuer, Span(lines[0].span.start, lines[title_index - 1].span.end))


def _wrapped_start(lines: Sequence[LogicalLine], index: int) -> int:
    """A title printed over two lines ("立山区政府2023年重点工作" / "任务分解和责任分工方案") starts a line
    earlier when the line before is a short fragment: no punctuation, no marker, no date or 文号."""
    if index == 0:
        return index
    prev = lines[index - 1].text
    if (
        2 <= len(prev) <= 30
        and not re.search(r"[。，,、：:；;！？!?》“”\"]|通知|文件|号$", prev)
        and match_marker(prev) is None
        and parse_date(prev) is None
        and not NOTICE_HINT.search(prev)
        and not _TITLE_END.search(prev)
    ):
        return index - 1
    return index


def _issued_title(lines: Sequence[LogicalLine]) -> tuple[int, str] | None:
    for i, line in enumerate(lines[:12]):
        m = _ISSUED_TITLE.search(line.text)
        if m and _TITLE_END.search(m.group("title")):
            return i, m.group("title").strip()
    return None


def read_header(lines: Sequence[LogicalLine]) -> PlanHeader:
    """Find the plan title, the notice before it and the plan period."""
    title_index: int | None = None
    title = ""
    for i, line in enumerate(lines[:40]):
        if _is_title(line.text):
            title_index = i  # the body starts after the last line of the title
            start = _wrapped_start(lines, i)
            title = "".join(t.text for t in lines[start : i + 1])
            break
        marker = match_marker(line.text)
        if marker is not None and marker.kind.value in ("chapter", "part", "section"):
            break  # the outline has started: a title after this point is a heading, not the plan title
    notice_end = title_index
    if title_index is not None and title != lines[title_index].text:
        notice_end = title_index - 1
    notice = _find_notice(lines, notice_end) if notice_end else None
    if title_index is None:
        issued = _issued_title(lines)
        if issued is not None:
            title_index, title = issued
    title = _FOOTNOTE.sub("", title)
    if not title and lines:
        first = lines[0].text
        title = first if len(first) <= 60 and "。" not in first and not _TITLE_NOISE.search(first) else ""
    issuer = _TRAILING_ISSUER.match(title)
    if issuer:
        title = issuer.group("title")  # "…规划纲要苏州市人民政府": the cover's issuer line ran into it
    opening = [title] + [line.text for line in lines[(title_index or 0) + 1 : (title_index or 0) + 12]]
    period = find_period(opening) if title else find_period([t.text for t in lines[:12]])
    body_start = title_index + 1 if title_index is not None else 0
    return PlanHeader(
        title=title, title_index=title_index, period=period, notice=notice, body_start=body_start
    )
