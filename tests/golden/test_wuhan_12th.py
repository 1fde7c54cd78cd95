"""The 12th-plan sample (web text wrapped in the city government's issuing notice)."""

from __future__ import annotations

from planwatch.domain.plan import NodeKind, Plan


def test_notice_is_separated(plan12: Plan) -> None:
    assert plan12.notice is not None
    assert plan12.notice.doc_number == "武政〔2012〕10号"
    assert plan12.notice.date == "2012-02-03"
    assert plan12.title == "武汉市科技发展“十二五”规划"
    assert plan12.period is not None and (plan12.period.start, plan12.period.end) == (2011, 2015)
    assert plan12.nodes[0].lines.start > plan12.notice.lines.end


def test_top_sections_and_subsections(plan12: Plan) -> None:
    sections = [n for n in plan12.nodes if n.kind is NodeKind.SECTION]
    assert [s.title for s in sections] == [
        "“十一五”时期科技发展回顾",
        "机遇与挑战",
        "指导思想、基本原则与发展目标",
        "重点任务",
        "重大科技工程",
        "保障措施",
    ]
    subsections = {s.title: [n.title for n in plan12.nodes if n.parent == s.id] for s in sections}
    assert subsections["保障措施"][0] == "加强组织领导，推进规划实施"
    assert len([n for n in plan12.nodes if n.parent == sections[3].id and n.kind is NodeKind.SUBSECTION]) == 5


def test_ten_special_projects_are_headings(plan12: Plan) -> None:
    parent = next(n for n in plan12.nodes if n.title == "瞄准战略重点，实施十大专项")
    projects = [n.title for n in plan12.nodes if n.parent == parent.id and n.kind is NodeKind.ITEM]
    assert len(projects) == 10
    assert projects[0] == "光电子与新一代移动通信专项"
    assert projects[-1] == "重大科技成果转化专项"


def test_goal_targets(plan12: Plan) -> None:
    targets = {(t.metric, t.value, t.unit, t.year) for t in plan12.targets}
    assert ("每万人发明专利拥有量", 9, "件", 2015) in targets
    assert ("全社会R&D投入费用占GDP的比重", 3, "%", 2015) in targets
    assert ("科技企业孵化器", 70, "家", 2015) in targets
    assert ("高新技术产业产值", 7500, "亿元", 2015) in targets
    dependence = next(t for t in plan12.targets if t.metric == "对外技术依存度")
    assert dependence.comparator.value == "<=" and dependence.value == 30


def test_review_figures_are_not_targets(plan12: Plan) -> None:
    review = next(n for n in plan12.nodes if n.title == "“十一五”时期科技发展回顾")
    review_ids = {review.id} | {n.id for n in plan12.nodes if n.parent == review.id}
    review_ids |= {n.id for n in plan12.nodes if n.parent in review_ids}
    assert not [t for t in plan12.targets if t.node in review_ids]
    past = {(o.metric, o.year, o.value) for o in plan12.observations}
    assert ("高新技术产业产值", 2010, 2564.6) in past
    assert ("全社会R&D投入费用占GDP的比重", 2010, 2.58) in past
    assert ("市财政投入科技经费", 2005, 3.72) in past


def test_metric_names_keep_their_subject(plan12: Plan) -> None:
    """Chinese leaves the subject implicit; the names must carry it (heading, previous clause, lead measure)."""
    targets = {(t.metric, t.value, t.unit) for t in plan12.targets}
    assert ("生物产业年产值", 400, "亿元") in targets
    assert ("新一代信息技术产业年产值", 1600, "亿元") in targets
    assert ("高新技术产业产值年增长", 24, "%") in targets
    assert ("高新技术产业产值占工业总产值的比重", 50, "%") in targets
    rd = {t.value: t.metric for t in plan12.targets if t.unit == "%" and "销售收入" in t.metric}
    assert rd[4] == "大中型企业R&D投入经费占销售收入的比例"
    assert rd[5] == "高新技术企业R&D投入经费占销售收入的比例"
    bare = {"年产值", "年增长", "大中型企业", "高新技术企业", "增长"}
    assert not [t for t in plan12.targets if t.metric in bare]
