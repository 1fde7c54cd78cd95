"""二、主要指标完成情况: the indicator table and one paragraph per outcome group.

A lagging or missed 约束性 (binding) indicator gets a paragraph of its own naming its responsible
units, because binding targets are the ones a government answers for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from planwatch.domain.plan import Attribute, Comparator, IndicatorKind
from planwatch.evaluate import numbers
from planwatch.evaluate.content import Cell, Column, ColumnKind, Paragraph, Piece, Section, Table, Text
from planwatch.evaluate.facts import EvaluationKind, IndicatorFacts, PlanFacts
from planwatch.evaluate.sentences import Sentence, numbered, plain
from planwatch.evaluate.verdict import Judgement, Outcome

ATTRIBUTE_LABELS = {Attribute.BINDING: "约束性", Attribute.EXPECTED: "预期性"}
_COMPARATOR_SIGNS = {Comparator.GE: "≥", Comparator.LE: "≤", Comparator.APPROX: "约", Comparator.EQ: ""}
GROUP_HEADINGS = "（一）（二）（三）（四）（五）（六）（七）（八）（九）（十）（十一）"

INDICATOR_COLUMNS = (
    Column("序号", ColumnKind.INDEX),
    Column("指标", ColumnKind.NAME),
    Column("单位", ColumnKind.SHORT),
    Column("属性", ColumnKind.SHORT),
    Column("基期值", ColumnKind.NUMBER),
    Column("目标值", ColumnKind.NUMBER),
    Column("实际值（年份，快报/预计标注）", ColumnKind.NUMBER),
    Column("序时进度值", ColumnKind.NUMBER),
    Column("完成情况", ColumnKind.STATUS),
    Column("趋势判断", ColumnKind.STATUS),
    Column("责任单位", ColumnKind.TEXT),
)


@dataclass(frozen=True, slots=True)
class Assessed:
    facts: IndicatorFacts
    judgement: Judgement


def group_heading(index: int) -> str:
    """（一）, （二） … for the index-th group (0-based)."""
    marks = [m + "）" for m in GROUP_HEADINGS.split("）") if m]
    return marks[index] if index < len(marks) else f"（{index + 1}）"


def target_cell(plan: PlanFacts, facts: IndicatorFacts) -> Cell:
    number = numbers.target(plan, facts)
    if number is None:
        return plain(facts.target_text or "—")
    prefix = "年均" if facts.kind is IndicatorKind.GROWTH else ""
    return Sentence().t(prefix + _COMPARATOR_SIGNS[facts.comparator]).n(number).cell()


def actual_pieces(plan: PlanFacts, item: Assessed, kind: EvaluationKind) -> tuple[Piece, ...]:
    """实际值 with its year and 快报/预计 mark; a reference figure says it does not decide."""
    facts, judgement = item.facts, item.judgement
    if judgement.growth_rate is not None and facts.growth is not None:
        rate = numbers.growth_rate(facts, judgement.growth_rate)
        if rate is not None:
            years = f"（{facts.growth.start_year}—{facts.growth.end_year}年年均）"
            return Sentence().n(rate).t(years).pieces()
    shown = judgement.evidence or judgement.reference
    if shown is None and kind is EvaluationKind.MIDTERM:
        shown = facts.latest
    if shown is None:
        return (Text("—"),)
    sentence = Sentence()
    if facts.kind is IndicatorKind.GROWTH:
        sentence.t("水平值")  # a figure of the level series, not the rate itself
    sentence.n(numbers.figure(shown, mark_status=True)).t(f"（{shown.year}年")
    if judgement.evidence is None and shown.scope and plan.scope and shown.scope != plan.scope:
        sentence.t(f"，{shown.scope}口径，仅供参考")
    return sentence.t("）").pieces()


def units_text(units: Sequence[str], limit: int = 3) -> str:
    """Responsible units for a table cell: the first few (lead first) and how many more."""
    if not units:
        return "—"
    if len(units) <= limit:
        return "、".join(units)
    return "、".join(units[:limit]) + f"等{len(units)}个单位"


def indicator_row(plan: PlanFacts, index: int, item: Assessed, kind: EvaluationKind) -> tuple[Cell, ...]:
    facts, judgement = item.facts, item.judgement
    progress = numbers.expected(plan, facts) if kind is EvaluationKind.MIDTERM else None
    return (
        plain(str(index)),
        plain(facts.name),
        plain(facts.unit),
        plain(ATTRIBUTE_LABELS.get(facts.attribute, "—") if facts.attribute else "—"),
        numbered(numbers.baseline(plan, facts), facts.baseline_text or "—"),
        target_cell(plan, facts),
        actual_pieces(plan, item, kind),
        numbered(progress),
        plain(judgement.outcome.label),
        plain(judgement.trend),
        plain(units_text(facts.units)),
    )


def indicator_table(plan: PlanFacts, items: Sequence[Assessed], kind: EvaluationKind, caption: str) -> Table:
    rows = tuple(indicator_row(plan, i, item, kind) for i, item in enumerate(items, start=1))
    return Table("indicators", caption, INDICATOR_COLUMNS, rows)


def grouped(items: Sequence[Assessed]) -> list[tuple[Outcome, list[Assessed]]]:
    """Outcome groups in the order of `Outcome`, only those that occur."""
    return [
        (o, [i for i in items if i.judgement.outcome is o])
        for o in Outcome
        if any(i.judgement.outcome is o for i in items)
    ]


def count_sentence(items: Sequence[Assessed], noun: str = "主要指标") -> Sentence:
    """ "11项主要指标中，4项提前实现、……" with every count sourced by the indicators it counts."""
    if not items:
        return Sentence().t(f"规划没有列出可监测的{noun}。")
    sentence = Sentence().n(numbers.count([i.facts.key for i in items])).t(f"{noun}中，")
    parts = [
        Sentence().n(numbers.count([m.facts.key for m in members])).t(outcome.short).pieces()
        for outcome, members in grouped(items)
    ]
    return sentence.join(parts).t("。")


def _mention(plan: PlanFacts, item: Assessed, kind: EvaluationKind) -> tuple[Piece, ...]:
    facts = item.facts
    sentence = Sentence().t(f"“{facts.name}”（目标")
    sentence.extend(target_cell(plan, facts))
    actual = actual_pieces(plan, item, kind)
    if actual != (Text("—"),):
        sentence.t("，实际").extend(actual)
    return sentence.t("）").pieces()


def group_paragraphs(plan: PlanFacts, items: Sequence[Assessed], kind: EvaluationKind) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for index, (outcome, members) in enumerate(grouped(items)):
        sentence = Sentence().n(numbers.count([m.facts.key for m in members])).t("：")
        sentence.join([_mention(plan, m, kind) for m in members], "；").t("。")
        if outcome in (Outcome.NO_TARGET_YEAR_DATA, Outcome.INSUFFICIENT_DATA):
            sentence.t("需补齐相应年份的统计数据后再作判断。")
        if outcome is Outcome.STAND_IN_ONLY:
            sentence.t("所列数值不是本规划范围的统计口径，仅供参考，不作评价依据。")
        paragraphs.append(sentence.paragraph(lead=f"{group_heading(index)}{outcome.label}的指标。"))
    return paragraphs


def binding_paragraphs(plan: PlanFacts, items: Sequence[Assessed], kind: EvaluationKind) -> list[Paragraph]:
    found: list[Paragraph] = []
    for item in items:
        facts = item.facts
        if facts.attribute is not Attribute.BINDING or item.judgement.outcome.favourable is not False:
            continue
        sentence = Sentence().t(f"约束性指标“{facts.name}”{item.judgement.outcome.label}：目标")
        sentence.extend(target_cell(plan, facts)).t("，实际").extend(actual_pieces(plan, item, kind))
        expected = numbers.expected(plan, facts) if kind is EvaluationKind.MIDTERM else None
        if expected is not None:
            sentence.t("，序时进度值").n(expected)
        units = "、".join(facts.units) or "（规划未明确，请补充）"
        sentence.t(f"。责任单位：{units}。约束性指标须确保完成，请责任单位说明原因并提出整改措施。")
        found.append(sentence.paragraph(lead="约束性指标。"))
    return found


def indicator_section(plan: PlanFacts, items: Sequence[Assessed], kind: EvaluationKind) -> Section:
    year_note = "目标年" if kind is EvaluationKind.FINAL else "序时进度"
    intro = count_sentence(items).t(f"各指标按{year_note}评价，详见下表。").paragraph()
    blocks: list[Paragraph | Table] = [intro, indicator_table(plan, items, kind, "表1 主要指标完成情况")]
    blocks.extend(group_paragraphs(plan, items, kind))
    blocks.extend(binding_paragraphs(plan, items, kind))
    return Section("indicators", "二、主要指标完成情况", tuple(blocks))
