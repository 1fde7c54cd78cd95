"""The evaluation report of a plan, as content: `build_report(facts, options)`.

Pure: the same facts and options give the same report (no clock, no randomness, stable orders). The
report records its cut-off, the data version of the database it was read from and every rule it used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from planwatch.evaluate import numbers
from planwatch.evaluate.content import (
    Cell,
    Column,
    ColumnKind,
    Paragraph,
    ParagraphStyle,
    Report,
    ReportMeta,
    Section,
    SourceKind,
    Table,
)
from planwatch.evaluate.facts import Cutoff, EvaluationFacts, EvaluationKind
from planwatch.evaluate.findings import problems, suggestions
from planwatch.evaluate.indicator_section import Assessed, count_sentence, indicator_section
from planwatch.evaluate.rules import EvaluationRules
from planwatch.evaluate.scorecard import Scorecard, scorecards, units_of
from planwatch.evaluate.sentences import Sentence, plain
from planwatch.evaluate.task_section import project_section, status_counts, task_section, task_table
from planwatch.evaluate.task_state import TaskState, task_state
from planwatch.evaluate.verdict import judge

DATA_RULE = (
    "本报告只采用经规划处审核认可的数据（部门代报的数值须审核通过后方才计入）；同一年份有多个数值时，"
    "按本规划地区口径优先、正式数优先于快报数和预计数、精确数优先于“超过”“约”等表述的规则取值；"
    "其他地区口径（如省级数据）的数值只作参考，不单独作为评价依据。"
)


@dataclass(frozen=True, slots=True)
class EvaluationOptions:
    kind: EvaluationKind
    cutoff: Cutoff
    rules: EvaluationRules = field(default_factory=EvaluationRules)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The report content and the scorecards it was computed with (the XLSX and the ranking page)."""

    report: Report
    scorecards: tuple[Scorecard, ...]


def build_report(facts: EvaluationFacts, options: EvaluationOptions) -> Evaluation:
    plan, kind, cutoff = facts.plan, options.kind, options.cutoff
    items = [Assessed(i, judge(i, kind, plan.scope, options.rules.final)) for i in facts.indicators]
    states = [task_state(plan, t, cutoff) for t in facts.tasks]
    units = list(facts.departments) or units_of(states, items)
    cards = scorecards(units, plan, states, items, cutoff, options.rules.scorecard)
    meta = ReportMeta(
        plan_id=plan.id,
        plan_title=plan.title,
        plan_scope=plan.scope,
        period_start=plan.period_start,
        period_end=plan.period_end,
        kind=kind.value,
        kind_label=kind.label,
        cutoff=cutoff.key,
        cutoff_label=cutoff.label,
        data_year=cutoff.data_year,
        data_version=facts.data_version,
        rules=options.rules.described(),
    )
    sections = (
        overview(facts, items, states, kind, cutoff),
        indicator_section(plan, items, kind),
        task_section(states),
        project_section(plan, facts.projects, states),
        problems(items, states, kind),
        suggestions(items, states, kind),
    )
    report = Report(
        title=f"{plan.title}{kind.label}报告",
        subtitle=f"（{cutoff.label}，草稿）",
        meta=meta,
        preface=(_data_note(facts, cutoff),),
        sections=sections,
        appendices=(),
    )
    appendices = appendix(facts, items, states, cards, report)
    return Evaluation(
        Report(report.title, report.subtitle, meta, report.preface, sections, appendices), cards
    )


def _data_note(facts: EvaluationFacts, cutoff: Cutoff) -> Paragraph:
    sentence = Sentence().t(
        f"数据说明：本报告根据{facts.plan.source_title}文本和监测数据自动生成，{cutoff.label}"
        f"（年度数据采用{cutoff.data_year}年及以前的数值），数据版本 {facts.data_version}。{DATA_RULE}"
        "同样的数据和选项生成同样的内容；每个数字均注明来源，来源清单见附表4。"
    )
    return sentence.paragraph(ParagraphStyle.NOTE)


def overview(
    facts: EvaluationFacts,
    items: Sequence[Assessed],
    states: Sequence[TaskState],
    kind: EvaluationKind,
    cutoff: Cutoff,
) -> Section:
    plan = facts.plan
    blocks: list[Paragraph] = []
    judged = [i for i in items if i.judgement.outcome.favourable is not None]
    good = [i for i in judged if i.judgement.outcome.favourable]
    bad = [i for i in judged if not i.judgement.outcome.favourable]
    unjudged = [i for i in items if i.judgement.outcome.favourable is None]
    sentence = (
        Sentence().t(f"{cutoff.label}，{plan.source_title}确定的").extend(count_sentence(items).pieces())
    )
    blocks.append(sentence.paragraph())
    verdict = Sentence()
    good_word, bad_word = (
        ("完成或超额完成", "未完成") if kind is EvaluationKind.FINAL else ("提前实现或符合序时进度", "滞后")
    )
    if not judged:
        verdict.t("目前可用数据不足，暂不能对主要指标的完成情况作出总体判断，需补齐数据后再评。")
    else:
        verdict.t("在可评价的").n(numbers.count([i.facts.key for i in judged])).t("指标中，")
        if bad and good:
            verdict.n(numbers.count([i.facts.key for i in good])).t(good_word + "，")
            verdict.n(numbers.count([i.facts.key for i in bad])).t(bad_word + "。")
        else:
            verdict.t("全部" + (bad_word if bad else good_word) + "。")
        if unjudged:
            verdict.t("另有").n(numbers.count([i.facts.key for i in unjudged]))
            verdict.t("指标暂无法评价，")
            if len(unjudged) > len(judged):
                verdict.t("由于多数指标缺少可用数据，总体结论须在补齐数据后确认。")
            else:
                verdict.t("补齐数据后需复核。")
    blocks.append(verdict.paragraph())
    if states:
        tasks = Sentence().t("重点任务方面，").n(numbers.count([s.key for s in states])).t("重点任务中，")
        tasks.extend(status_counts(states).pieces()).t("；逾期")
        tasks.n(numbers.count([s.key for s in states if s.overdue])).t("。")
        blocks.append(tasks.paragraph())
    return Section("overview", "一、总体评价", tuple(blocks))


FIGURE_COLUMNS = (
    Column("序号", ColumnKind.INDEX),
    Column("指标", ColumnKind.NAME),
    Column("年份", ColumnKind.SHORT),
    Column("数值", ColumnKind.NUMBER),
    Column("数据状态", ColumnKind.SHORT),
    Column("口径", ColumnKind.SHORT),
    Column("来源", ColumnKind.TEXT),
)
SCORE_COLUMNS = (
    Column("排名", ColumnKind.INDEX),
    Column("责任单位", ColumnKind.NAME),
    Column("牵头任务", ColumnKind.NUMBER),
    Column("配合任务", ColumnKind.NUMBER),
    Column("应报/按时/迟报/缺报", ColumnKind.SHORT),
    Column("逾期任务", ColumnKind.NUMBER),
    Column("已完成任务", ColumnKind.NUMBER),
    Column("负责指标（达标/未达/未评）", ColumnKind.SHORT),
    Column("综合得分", ColumnKind.NUMBER),
)
SOURCE_COLUMNS = (
    Column("序号", ColumnKind.INDEX),
    Column("来源", ColumnKind.TEXT),
    Column("链接或文件", ColumnKind.TEXT),
    Column("引用的数据", ColumnKind.TEXT),
)
_STATUS_WORDS = {"final": "正式数", "preliminary": "快报数", "estimate": "预计数"}


def score_rows(cards: Sequence[Scorecard]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(
        (
            plain(str(c.rank)),
            plain(c.unit),
            plain(str(c.led)),
            plain(str(c.supported)),
            plain(f"{c.reports_due}/{c.on_time}/{c.late}/{c.missing}"),
            plain(str(c.overdue)),
            plain(str(c.completed)),
            plain(
                f"{c.indicators_met}/{c.indicators_missed}/{c.indicators_unjudged}" if c.indicators else "—"
            ),
            plain(f"{c.score:.1f}"),
        )
        for c in cards
    )


def source_entries(report: Report) -> list[tuple[str, str | None, list[str]]]:
    """(label, url, what it supports) of every cited source, in order of first citation."""
    found: dict[str, tuple[str | None, list[str]]] = {}
    for number in report.numbers():
        ref = number.source
        if ref.kind not in (SourceKind.OBSERVATION, SourceKind.BASELINE, SourceKind.TARGET):
            continue
        label = ref.label if ref.kind is SourceKind.OBSERVATION else ref.label.split("第")[0]
        _, uses = found.setdefault(label, (ref.url, []))
        use = f"{ref.year}年数值" if ref.kind is SourceKind.OBSERVATION else "基期值和目标值"
        if use not in uses:
            uses.append(use)
    return [(label, url, uses) for label, (url, uses) in found.items()]


def appendix(
    facts: EvaluationFacts,
    items: Sequence[Assessed],
    states: Sequence[TaskState],
    cards: Sequence[Scorecard],
    report: Report,
) -> tuple[Section, ...]:
    figure_rows: list[tuple[Cell, ...]] = []
    for item in items:
        for figure in item.facts.figures:
            figure_rows.append(
                (
                    plain(str(len(figure_rows) + 1)),
                    plain(item.facts.name),
                    plain(str(figure.year)),
                    (numbers.figure(figure),),
                    plain(_STATUS_WORDS.get(figure.status.value, figure.status.value)),
                    plain(figure.scope or "—"),
                    plain(
                        numbers.figure_label(figure)
                        + (f"（引自《{figure.from_plan}》）" if figure.from_plan else "")
                    ),
                )
            )
    figures = Table("figures", "附表1 主要指标监测数据", FIGURE_COLUMNS, tuple(figure_rows))
    tasks = task_table("tasks", "附表2 重点任务推进情况", states)
    scores = Table("scorecards", "附表3 部门考评", SCORE_COLUMNS, score_rows(cards))
    weights = facts_weights_note()
    entries = source_entries(report)
    source_rows = tuple(
        (plain(str(i)), plain(label), plain(url or "—"), plain("、".join(uses)))
        for i, (label, url, uses) in enumerate(entries, start=1)
    )
    sources = Table("sources", "附表4 数据来源", SOURCE_COLUMNS, source_rows)
    return (
        Section("appendix-figures", "附表1 主要指标监测数据", (figures,)),
        Section("appendix-tasks", "附表2 重点任务推进情况", (tasks,)),
        Section("appendix-scorecards", "附表3 部门考评", (weights, scores)),
        Section("appendix-sources", "附表4 数据来源", (sources,)),
    )


def facts_weights_note() -> Paragraph:
    return (
        Sentence()
        .t(
            "考评得分＝100×Σ（权重×分项得分）÷Σ权重，分项为按时报送、任务完成、未逾期、负责指标达标情况，"
            "权重和报送时限见评估规则（docs/evaluation-rules.toml）；没有数据的分项不计入。"
        )
        .paragraph(ParagraphStyle.NOTE)
    )
