"""三、重点任务推进情况 (per chapter) and 四、重大项目（专栏）推进情况."""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.evaluate import numbers
from planwatch.evaluate.content import Cell, Column, ColumnKind, Paragraph, Section, Table
from planwatch.evaluate.facts import PlanFacts, ProjectFacts
from planwatch.evaluate.indicator_section import group_heading
from planwatch.evaluate.sentences import Sentence, plain
from planwatch.evaluate.task_state import STATUS_ORDER, TaskState, task_title

TASK_COLUMNS = (
    Column("序号", ColumnKind.INDEX),
    Column("任务", ColumnKind.NAME),
    Column("牵头单位", ColumnKind.SHORT),
    Column("配合单位", ColumnKind.TEXT),
    Column("最新进展", ColumnKind.TEXT),
    Column("状态", ColumnKind.STATUS),
    Column("逾期", ColumnKind.STATUS),
)
MAX_NAMED = 10  # overdue tasks named in a sentence; the appendix table lists all


def status_counts(states: Sequence[TaskState]) -> Sentence:
    """ "已完成3项、推进中5项、未报告2项" — only the statuses that occur, each count sourced."""
    parts = [
        Sentence().t(status).n(numbers.count([s.key for s in states if s.status == status])).pieces()
        for status in STATUS_ORDER
        if any(s.status == status for s in states)
    ]
    return Sentence().join(parts)


def latest_text(state: TaskState) -> str:
    report = state.latest
    if report is None:
        return "尚无进展报告"
    narrative = report.narrative.strip().replace("\n", " ")
    if len(narrative) > 60:
        narrative = narrative[:60] + "……"
    who = f"{report.department}，" if report.department else ""
    return f"{report.period_label}（{who}{report.written_on.isoformat()}）：{report.status.value}" + (
        f"。{narrative}" if narrative else ""
    )


def task_row(index: int, state: TaskState) -> tuple[Cell, ...]:
    task = state.task
    return (
        plain(str(index)),
        plain(task_title(task)),
        plain(task.lead or "—"),
        plain("、".join(task.supporting) or "—"),
        plain(latest_text(state)),
        plain(state.status),
        plain(state.overdue_reason or "否"),
    )


def task_table(key: str, caption: str, states: Sequence[TaskState]) -> Table:
    return Table(key, caption, TASK_COLUMNS, tuple(task_row(i, s) for i, s in enumerate(states, start=1)))


def overdue_sentence(states: Sequence[TaskState]) -> Sentence:
    overdue = [s for s in states if s.overdue]
    sentence = Sentence().t("逾期").n(numbers.count([s.key for s in overdue]))
    if not overdue:
        return sentence.t("。")
    names = [
        f"“{task_title(s.task)}”（牵头单位：{s.task.lead or '未明确'}，{s.overdue_reason}）" for s in overdue
    ]
    shown = "；".join(names[:MAX_NAMED])
    more = "等（全部见附表2）" if len(names) > MAX_NAMED else ""
    return sentence.t(f"：{shown}{more}。")


def chapters(states: Sequence[TaskState]) -> list[tuple[str, list[TaskState]]]:
    found: dict[str, list[TaskState]] = {}
    for state in states:
        found.setdefault(state.task.chapter or "其他", []).append(state)
    return list(found.items())


def task_section(states: Sequence[TaskState]) -> Section:
    if not states:
        empty = Sentence().t("规划未分解出带责任单位的重点任务。").paragraph()
        return Section("tasks", "三、重点任务推进情况", (empty,))
    intro = Sentence().t("规划分解出重点任务").n(numbers.count([s.key for s in states])).t("，最新报告状态：")
    intro.extend(status_counts(states).pieces()).t("；逾期").n(
        numbers.count([s.key for s in states if s.overdue])
    )
    intro.t("，各章逾期任务分列如下。")
    subsections: list[Section] = []
    for index, (chapter, members) in enumerate(chapters(states)):
        sentence = Sentence().t("本部分重点任务").n(numbers.count([s.key for s in members])).t("，")
        sentence.extend(status_counts(members).pieces()).t("；").extend(overdue_sentence(members).pieces())
        leads = sorted({s.task.lead for s in members if s.task.lead})
        if leads:
            sentence.t(f"牵头单位：{'、'.join(leads)}。")
        table = task_table(f"tasks-{index + 1}", f"{chapter}重点任务", members)
        subsections.append(
            Section(f"tasks-{index + 1}", f"{group_heading(index)}{chapter}", (sentence.paragraph(), table))
        )
    return Section("tasks", "三、重点任务推进情况", (intro.paragraph(),), tuple(subsections))


def project_section(
    plan: PlanFacts, projects: Sequence[ProjectFacts], states: Sequence[TaskState]
) -> Section:
    """Each 专栏 with its named projects, their units and the progress of the task whose clause holds them."""
    if not projects:
        empty = Sentence().t("规划没有列出专栏重大项目。").paragraph()
        return Section("projects", "四、重大项目（专栏）推进情况", (empty,))
    boxes: dict[str, list[ProjectFacts]] = {}
    for project in projects:
        boxes.setdefault(project.box, []).append(project)
    intro = Sentence().t("规划以专栏形式列出").n(numbers.count(list(boxes), "个")).t("专栏、")
    intro.n(numbers.count([f"project:{p.line_start}:{p.name}" for p in projects], "个")).t(
        "重大项目（方向）。"
    )
    blocks: list[Paragraph] = [intro.paragraph()]
    for box, members in boxes.items():
        sentence = (
            Sentence()
            .t(f"{box}：")
            .n(numbers.count([f"project:{p.line_start}:{p.name}" for p in members], "个"))
        )
        sentence.t("，即" + "、".join(p.name for p in members) + "。")
        units = sorted({u for p in members for u in p.units})
        if units:
            sentence.t(f"责任单位：{'、'.join(units)}。")
        holder = _holding_task(members[0], states)
        if holder is not None:
            sentence.t(f"所在任务“{task_title(holder.task)}”最新进展：{latest_text(holder)}。")
        else:
            sentence.t("暂无可对应的任务进展报告。")
        source = numbers.plan_lines_label(plan, members[0].line_start, members[-1].line_end)
        sentence.t(f"（见{source}）")
        blocks.append(sentence.paragraph())
    return Section("projects", "四、重大项目（专栏）推进情况", tuple(blocks))


def _holding_task(project: ProjectFacts, states: Sequence[TaskState]) -> TaskState | None:
    """The task whose clause covers the project's lines (the narrowest one)."""
    holding = [
        s for s in states if s.task.line_start <= project.line_start and project.line_end <= s.task.line_end
    ]
    if not holding:
        holding = [s for s in states if s.task.line_start <= project.line_start]
        holding = holding[-1:]
    return min(holding, key=lambda s: s.task.line_end - s.task.line_start) if holding else None
