"""The 任务分解表: a template to download, and importing a filled one as milestones.

Each row is matched to a task of the plan: by 任务编号 when the row has one (the template's), else by
the task's wording — the row's 任务 equal to the task's heading, its last heading part or its text,
or failing that the single task whose wording is closest (similarity ≥ `MATCH_SCORE`, ties broken by
the 牵头单位). A row that matches no task, or a deadline that cannot be read, stops the import with
every such row named; nothing is written (one transaction). A re-import replaces the milestones an
earlier import gave the same tasks; milestones entered on the web stay, and a re-imported milestone
with the same wording keeps its completion date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz
from sqlalchemy.orm import Session, sessionmaker

from planwatch.cycle.deadlines import parse_deadline
from planwatch.cycle.wording import short, task_name
from planwatch.datasets.task_breakdown import BreakdownRow, read_breakdown
from planwatch.domain.accounts import Principal
from planwatch.domain.errors import InputError
from planwatch.render.breakdown_xlsx import TemplateTask, breakdown_template
from planwatch.services.permissions import require_admin
from planwatch.store import transaction
from planwatch.store.cycle_calendars import (
    add_milestone,
    milestones_of,
    replace_imported_milestones,
    set_milestone_completed,
)
from planwatch.store.cycle_reports import plan_facts
from planwatch.store.task_queries import current_tasks
from planwatch.store.views import TaskOut

MATCH_SCORE = 90
MAX_LISTED_PROBLEMS = 10


@dataclass(frozen=True, slots=True)
class BreakdownImport:
    plan_id: int
    rows: int
    tasks: int
    created: int
    replaced: int


_MARKER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十\d]+[章节]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十\d]+[、.．])\s*"
)


def _key(text: str) -> str:
    """Wording to compare: outline markers, spaces and punctuation dropped."""
    return re.sub(r"[\s，。、；：,.;:（）()“”\"'《》]", "", _MARKER.sub("", text))


def _supporting(task: TaskOut) -> str:
    return "、".join(d.name for d in task.supporting)


def template(factory: sessionmaker[Session], plan_id: int) -> tuple[str, bytes]:
    """(file name, XLSX bytes) of the plan's 任务分解表 template, with milestones entered so far."""
    with transaction(factory, read_only=True) as session:
        plan = plan_facts(session, plan_id)
        tasks = current_tasks(session, plan_id=plan_id)
        stones = milestones_of(session, [t.id for t in tasks])
    rows = [
        TemplateTask(
            task_id=t.id,
            task=task_name(t.title, t.text),
            lead=t.lead or "",
            supporting=_supporting(t),
            milestones=tuple(
                (m.title, m.deadline_text or m.deadline.isoformat()) for m in stones.get(t.id, [])
            ),
        )
        for t in tasks
    ]
    return f"任务分解表-规划{plan_id}.xlsx", breakdown_template(plan.title, rows)


def _keys(task: TaskOut) -> set[str]:
    """The wordings a sheet may use for a task: its name, heading path, last heading or text."""
    names = (task_name(task.title, task.text), task.title, short(task.title, 10_000), task.text)
    return {_key(n) for n in names}


def _match(row: BreakdownRow, tasks: list[TaskOut], by_id: dict[int, TaskOut]) -> TaskOut | str:
    """The task a row means, or a Chinese sentence saying why none could be chosen."""
    if row.task_id is not None:
        found = by_id.get(row.task_id)
        return found or f"第 {row.row} 行的任务编号 {row.task_id} 不是本规划的现行任务，请重新下载模板。"
    key = _key(row.task)
    exact = [t for t in tasks if key and key in _keys(t)]
    if len(exact) > 1 and row.lead:
        exact = [t for t in exact if t.lead == row.lead] or exact
    if len(exact) == 1:
        return exact[0]
    scored = sorted(
        ((fuzz.ratio(key, _key(task_name(t.title, t.text))), t) for t in tasks), key=lambda s: -s[0]
    )
    good = [t for score, t in scored if score >= MATCH_SCORE]
    if len(good) > 1 and row.lead:
        good = [t for t in good if t.lead == row.lead] or good
    if len(good) == 1:
        return good[0]
    if not good:
        return f"第 {row.row} 行的任务“{short(row.task)}”在规划中找不到对应任务，请对照模板中的任务名称填写。"
    return f"第 {row.row} 行的任务“{short(row.task)}”对应多个任务，请使用模板中的“任务编号”列。"


def require_importer(principal: Principal) -> None:
    """Importing replaces a plan's imported milestones: the planning office's job."""
    require_admin(principal)


def import_breakdown(
    factory: sessionmaker[Session], principal: Principal, plan_id: int, content: bytes
) -> BreakdownImport:
    """Import a filled 任务分解表 as milestones of the plan's tasks (admins only; all or nothing)."""
    require_admin(principal)
    rows = read_breakdown(content)
    with transaction(factory) as session:
        plan = plan_facts(session, plan_id)
        tasks = current_tasks(session, plan_id=plan_id)
        by_id = {t.id: t for t in tasks}
        problems: list[str] = []
        planned: list[tuple[BreakdownRow, TaskOut, date]] = []
        for row in rows:
            matched = _match(row, tasks, by_id)
            if isinstance(matched, str):
                problems.append(matched)
                continue
            try:
                deadline = parse_deadline(row.deadline, plan_end_year=plan.period_end)
            except InputError as exc:
                problems.append(f"第 {row.row} 行：{exc.message}")
                continue
            planned.append((row, matched, deadline))
        if problems:
            more = len(problems) - MAX_LISTED_PROBLEMS
            listed = "；".join(p.rstrip("。") for p in problems[:MAX_LISTED_PROBLEMS]) + (
                f"；另有 {more} 处问题" if more > 0 else ""
            )
            raise InputError(f"任务分解表未导入（共 {len(problems)} 处问题）：{listed}。")
        touched = sorted({task.id for _, task, _ in planned})
        previous = milestones_of(session, touched)
        done = {
            (m.task_id, m.title): m.completed_on
            for stones in previous.values()
            for m in stones
            if m.source == "import" and m.completed_on is not None
        }
        replaced = replace_imported_milestones(session, touched, who=principal.username)
        for row, task, deadline in planned:
            created = add_milestone(
                session,
                task.id,
                title=row.target[:2000],
                deadline=deadline,
                deadline_text=(row.deadline if isinstance(row.deadline, str) else str(deadline))[:100],
                source="import",
                who=principal.username,
            )
            kept = done.get((task.id, created.title))
            if kept is not None:
                set_milestone_completed(session, created.id, kept, who=principal.username)
        return BreakdownImport(plan_id, len(rows), len(touched), len(planned), replaced)
