"""五、存在的问题 and 六、下一步建议, drawn from the data: lagging indicators, data gaps, overdue tasks,
definition breaks, provisional figures. The suggestions are draft wording (分类施策) for the office to
edit, and are marked as such in every format.
"""

from __future__ import annotations

from collections.abc import Sequence

from planwatch.evaluate import numbers
from planwatch.evaluate.content import Paragraph, ParagraphStyle, Section
from planwatch.evaluate.facts import EvaluationKind
from planwatch.evaluate.indicator_section import Assessed, group_heading
from planwatch.evaluate.sentences import Sentence
from planwatch.evaluate.task_state import TaskState, task_title
from planwatch.evaluate.verdict import Outcome

GAPS = (Outcome.NO_TARGET_YEAR_DATA, Outcome.INSUFFICIENT_DATA, Outcome.INCONCLUSIVE, Outcome.STAND_IN_ONLY)
DRAFT_NOTE = "【草稿】以下建议由系统根据监测数据按指标和任务状况分类生成，供规划处修改完善。"


def _names(items: Sequence[Assessed], limit: int = 6) -> str:
    names = [f"“{i.facts.name}”" for i in items[:limit]]
    return "、".join(names) + ("等" if len(items) > limit else "")


def _units(items: Sequence[Assessed]) -> str:
    return "、".join(sorted({u for i in items for u in i.facts.units})) or "相关责任单位"


def problems(items: Sequence[Assessed], states: Sequence[TaskState], kind: EvaluationKind) -> Section:
    paragraphs: list[Paragraph] = []
    lagging = [i for i in items if i.judgement.outcome.favourable is False]
    gaps = [i for i in items if i.judgement.outcome in GAPS]
    overdue = [s for s in states if s.overdue]
    unreported = [s for s in states if s.latest is None]
    broken = [i for i in items if i.facts.breaks]
    provisional = [
        i for i in items if i.judgement.evidence is not None and numbers.status_mark(i.judgement.evidence)
    ]
    if lagging:
        word = "未完成目标" if kind is EvaluationKind.FINAL else "进度滞后"
        sentence = Sentence().t("部分指标" + word + "。").n(numbers.count([i.facts.key for i in lagging]))
        sentence.t(f"指标{word}：{_names(lagging)}，涉及{_units(lagging)}。")
        paragraphs.append(sentence.paragraph())
    if gaps:
        sentence = Sentence().t("部分指标缺少可用数据。").n(numbers.count([i.facts.key for i in gaps]))
        details = []
        for item in gaps:
            latest = item.judgement.reference or item.facts.latest
            where = f"最近数据为{latest.year}年" if latest is not None else "没有任何监测数据"
            details.append(f"“{item.facts.name}”（{where}）")
        sentence.t("指标无法判断完成情况：" + "；".join(details) + "。")
        paragraphs.append(sentence.paragraph())
    if overdue:
        sentence = Sentence().t("部分任务推进或报送不及时。").n(numbers.count([s.key for s in overdue]))
        leads = sorted({s.task.lead for s in overdue if s.task.lead})
        sentence.t(f"重点任务逾期，涉及牵头单位{'、'.join(leads) or '（未明确）'}")
        if unreported:
            sentence.t("；其中").n(numbers.count([s.key for s in unreported])).t("任务至今没有进展报告")
        paragraphs.append(sentence.t("。").paragraph())
    for item in broken:
        years = "、".join(f"{y}年" for y in item.facts.breaks)
        paragraphs.append(
            Sentence()
            .t(
                f"统计口径调整。“{item.facts.name}”的统计口径在{years}调整，调整前后数据不可比，跨口径的增速和进度不作计算。"
            )
            .paragraph()
        )
    if provisional:
        sentence = Sentence().t("部分数据尚为快报数或预计数。")
        sentence.t(_names(provisional) + "的评价所用数值尚非正式统计数据，正式数据发布后需复核。")
        paragraphs.append(sentence.paragraph())
    if not paragraphs:
        paragraphs.append(
            Sentence().t("根据现有数据，未发现指标滞后、数据缺失或任务逾期等突出问题。").paragraph()
        )
    numbered = [Paragraph(p.pieces, p.style, f"{group_heading(i)}") for i, p in enumerate(paragraphs)]
    return Section("problems", "五、存在的问题", tuple(numbered))


def suggestions(items: Sequence[Assessed], states: Sequence[TaskState], kind: EvaluationKind) -> Section:
    final = kind is EvaluationKind.FINAL
    good = [i for i in items if i.judgement.outcome.favourable is True]
    lagging = [i for i in items if i.judgement.outcome.favourable is False]
    gaps = [i for i in items if i.judgement.outcome in GAPS]
    overdue = [s for s in states if s.overdue]
    drafts: list[Sentence] = []
    if good:
        text = (
            "建议总结经验做法，巩固已有成果，在下一个五年规划中结合发展实际合理确定更高目标。"
            if final
            else "建议保持推进力度，防止后程松劲，力争全面完成并争取更好水平。"
        )
        drafts.append(
            Sentence()
            .t(f"巩固提升。对{_names(good)}")
            .n(numbers.count([i.facts.key for i in good]))
            .t(f"进展较好的指标，{text}")
        )
    if lagging:
        text = (
            "建议责任单位深入分析未完成原因，在下一个五年规划中提出接续措施。"
            if final
            else "建议责任单位深入分析原因，制定针对性措施，明确时间表和路线图，加快补齐短板。"
        )
        drafts.append(
            Sentence()
            .t(f"攻坚补短。对{_names(lagging)}")
            .n(numbers.count([i.facts.key for i in lagging]))
            .t(f"{'未完成' if final else '滞后'}的指标（责任单位：{_units(lagging)}），{text}")
        )
    if gaps:
        drafts.append(
            Sentence()
            .t(f"补齐数据。对{_names(gaps)}")
            .n(numbers.count([i.facts.key for i in gaps]))
            .t(
                "缺少可用数据的指标，建议统计部门会同责任单位补报相关年份数据，建立指标数据定期报送和审核机制。"
            )
        )
    if overdue:
        leads = sorted({s.task.lead for s in overdue if s.task.lead})
        named = "、".join(f"“{task_title(s.task)}”" for s in overdue[:3])
        drafts.append(
            Sentence()
            .t(f"加强督办。对{named}等")
            .n(numbers.count([s.key for s in overdue]))
            .t(
                f"逾期任务，建议督促{'、'.join(leads[:6]) or '牵头单位'}等牵头单位按期报送进展，对长期滞后的任务挂牌督办。"
            )
        )
    if not drafts:
        drafts.append(Sentence().t("建议保持现有工作机制，持续做好规划实施监测。"))
    blocks = [Paragraph((), ParagraphStyle.NOTE, DRAFT_NOTE)]
    blocks += [d.paragraph(ParagraphStyle.DRAFT, group_heading(i)) for i, d in enumerate(drafts)]
    return Section("suggestions", "六、下一步建议（草稿）", tuple(blocks))
