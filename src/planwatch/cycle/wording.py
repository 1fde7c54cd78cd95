"""The words of reminders, 催办通知 and e-mails, from plain facts (no storage, no formats).

One place for the Chinese text, so the in-app notice, the e-mail and the printable 催办通知 say the
same thing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from planwatch.cycle.calendar import Period
from planwatch.cycle.reminders import NOTICE_LABELS
from planwatch.domain.cycle import NoticeKind

REPLY_WORKING_DAYS = 3
TITLE_LIMIT = 40


@dataclass(frozen=True, slots=True)
class NoticeFacts:
    kind: NoticeKind
    plan_title: str
    task_title: str
    department: str
    period: Period
    rule_text: str
    today: date
    supervision_no: str | None = None


@dataclass(frozen=True, slots=True)
class NoticeText:
    title: str
    body: str


def short(text: str, limit: int = TITLE_LIMIT) -> str:
    """The last part of a heading path, cut to `limit` characters (task titles are long)."""
    tail = text.split(" > ")[-1].strip()
    return tail if len(tail) <= limit else tail[: limit - 1] + "…"


def task_name(title: str, text: str, limit: int = 30) -> str:
    """A task as people tell it apart: its last heading and the start of its wording.

    Several tasks often share a heading (（三） 发展目标 closes five notes), so the heading alone
    does not name one: （三） 发展目标：科技引领能力迈上新台阶.
    """
    head = short(title, 10_000)
    first = re.split(r"[。；;！!]", text.strip(), maxsplit=1)[0].strip()
    if len(first) > limit:
        first = first[: limit - 1] + "…"
    return f"{head}：{first}" if first else head


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def notice_text(facts: NoticeFacts) -> NoticeText:
    """Title and body of one notice."""
    period, task = facts.period, short(facts.task_title)
    label = NOTICE_LABELS[facts.kind]
    due = _day(period.due)
    overdue = (facts.today - period.due).days
    head = f"《{facts.plan_title}》任务“{task}”（牵头单位：{facts.department}）"
    if facts.kind is NoticeKind.BEFORE:
        left = (period.due - facts.today).days
        body = (
            f"{head}的{period.name}实施进展应于{due}前报送（{facts.rule_text}），还有{left}天，请及时填报。"
        )
    elif facts.kind is NoticeKind.DUE:
        body = f"{head}的{period.name}实施进展今天（{due}）到期，尚未报送，请今天内填报。"
    elif facts.kind is NoticeKind.OVERDUE:
        body = (
            f"{head}的{period.name}实施进展应于{due}前报送，已逾期{overdue}天仍未报送，请尽快填报并说明原因。"
        )
    else:
        body = (
            f"督办编号{facts.supervision_no}：{head}的{period.name}实施进展应于{due}前报送，"
            f"截至{_day(facts.today)}已逾期{overdue}天仍未报送，现提请分管领导督办。"
            f"请于收到本通知后{REPLY_WORKING_DAYS}个工作日内报送，并书面说明逾期原因。"
        )
    return NoticeText(title=f"【{label}】{task} · {period.name}", body=body)


@dataclass(frozen=True, slots=True)
class MailLine:
    title: str
    body: str
    link: str


def mail_subject(lines: Sequence[MailLine], *, escalations: int) -> str:
    if escalations:
        return f"【督办】planwatch 催办通知：{escalations}项任务逾期未报送（共{len(lines)}条提醒）"
    return f"planwatch 报送提醒：您有{len(lines)}条新的进展报送提醒"


def mail_body(recipient: str, lines: Sequence[MailLine]) -> str:
    parts = [f"{recipient}：", "", "您好！planwatch 规划实施监测系统有以下新的提醒：", ""]
    for number, line in enumerate(lines, start=1):
        parts += [f"{number}. {line.title}", f"   {line.body}", f"   查看：{line.link}", ""]
    parts += ["请登录系统填报进展；已报送的请忽略。", "", "规划处（planwatch 自动发送，请勿直接回复）"]
    return "\n".join(parts)
