"""The 14th-plan sample (PDF text: wrapped lines, page numbers, a flattened table split by a page break)."""

from __future__ import annotations

from collections import Counter

from planwatch.domain.plan import IndicatorKind, NodeKind, Plan


def _children(plan: Plan, parent: str, kind: NodeKind) -> list[str]:
    return [n.title for n in plan.nodes if n.parent == parent and n.kind is kind]


def _box(plan: Plan, number: str) -> str:
    return next(n.id for n in plan.nodes if n.kind is NodeKind.BOX and n.number == number)


def test_title_and_period(plan14: Plan) -> None:
    assert plan14.title == "武汉市科技创新发展“十四五”规划"
    assert plan14.period is not None
    assert (plan14.period.start, plan14.period.end) == (2021, 2025)
    assert plan14.notice is None


def test_chapters_and_sections(plan14: Plan) -> None:
    chapters = [n for n in plan14.nodes if n.kind is NodeKind.CHAPTER]
    assert [c.title for c in chapters] == [
        "开启科技创新中心建设新征程",
        "创建湖北东湖综合性国家科学中心",
        "打造产业创新高地",
        "打造创新人才集聚高地",
        "打造科技成果转化高地",
        "营造最优科技创新生态",
        "强化规划实施保障",
    ]
    assert [c.marker for c in chapters][:2] == ["第一章", "第二章"]
    sections = [len(_children(plan14, c.id, NodeKind.SECTION)) for c in chapters]
    assert sections == [3, 4, 3, 3, 2, 4, 4]


def test_all_boxes(plan14: Plan) -> None:
    boxes = [(n.number, n.title) for n in plan14.nodes if n.kind is NodeKind.BOX]
    assert [b[0] for b in boxes] == [
        "2-1", "2-2", "2-3", "2-4", "3-1", "3-2", "3-3", "3-4", "3-5", "3-6", "3-7", "3-8", "3-9", "6-1", "6-2",
    ]  # fmt: skip
    assert boxes[0] == ("2-1", "湖北实验室")
    assert boxes[12] == ("3-9", "产业共性技术平台")


def test_box_entries(plan14: Plan) -> None:
    labs = _children(plan14, _box(plan14, "2-1"), NodeKind.BOX_ENTRY)
    assert labs == [
        "光谷实验室", "珞珈实验室", "江夏实验室", "洪山实验室", "江城实验室", "东湖实验室", "九峰山实验室", "武昌实验室",
    ]  # fmt: skip
    facilities = _children(plan14, _box(plan14, "2-2"), NodeKind.BOX_ENTRY)
    assert (
        len(facilities) == 9
        and facilities[0] == "脉冲强磁场实验装置优化提升项目"
        and "武汉光源" in facilities
    )
    key_labs = _children(plan14, _box(plan14, "2-3"), NodeKind.BOX_ENTRY)
    assert len(key_labs) == 7 and key_labs[-1] == "油料作物生物学重点实验室"
    assert _children(plan14, _box(plan14, "2-4"), NodeKind.BOX_ENTRY) == [
        "武汉国家级人类遗传资源样本库",
        "武汉人工智能计算中心",
        "武汉超级计算中心",
    ]
    centres = _children(plan14, _box(plan14, "3-9"), NodeKind.BOX_ENTRY)
    assert len(centres) == 11 and centres[0] == "智能设计与数控技术创新中心"
    assert centres[-1] == "病毒性疾病防治产业创新中心"


def test_indicator_table_including_rows_displaced_by_a_page_break(plan14: Plan) -> None:
    rows = {i.name: i for i in plan14.indicators}
    # The published table has 10 rows; rows 7-10 were extracted after a page break, inside chapter 2.
    assert len(plan14.indicators) == 10
    firm = rows["高新技术企业数量"]
    assert (firm.unit, firm.baseline.year, firm.baseline.value, firm.target.year, firm.target.value) == (
        "家", 2020, 6259, 2025, 12000,
    )  # fmt: skip
    growth = rows["全社会研发经费投入增长"]
    assert growth.kind is IndicatorKind.GROWTH and growth.unit == "%"
    assert (growth.baseline.value, growth.target.value) == (10.7, 14)
    assert rows["高新技术产业增加值占GDP比重"].target.value == 28
    assert rows["每万人口高价值发明专利拥有量"].unit == "件"
    assert (rows["湖北实验室"].baseline.value, rows["湖北实验室"].target.value) == (0, 7)
    assert rows["国家级创新平台数量"].target.value == 180
    assert rows["技术合同成交额"].unit == "亿元" and rows["技术合同成交额"].target.value == 1300
    assert rows["重大科技基础设施（含在建）"].target.value == 5
    assert all(i.attribute is not None and i.attribute.value == "expected" for i in plan14.indicators)
    assert all(i.kind is IndicatorKind.LEVEL for name, i in rows.items() if name != "全社会研发经费投入增长")
    assert firm.lines.start == firm.lines.end == 445


def test_no_page_number_inside_text(plan14: Plan) -> None:
    texts = [n.text for n in plan14.nodes]
    assert any("市政务服务大数据局、市市场监管局" in t for t in texts)
    assert not any("市政53" in t or "共同4攻关" in t or "共同 4" in t for t in texts)
    assert any("贫困地区共同攻关先进适用技术" in t for t in texts)


def test_responsibility_notes(plan14: Plan) -> None:
    notes = plan14.responsibilities
    # 54 notes: the 53 lines holding "单位：" plus one split as "（责任单" / "位：" across lines.
    assert len(notes) == 54
    by_id = {n.id: n for n in plan14.nodes}
    headings = Counter(by_id[r.heading].title for r in notes if r.heading)
    assert headings["发展目标"] == 5
    lab = next(r for r in notes if r.heading and by_id[r.heading].title == "高标准建设湖北实验室")
    # this note was cut in two by the displaced table rows; it must come out whole
    assert lab.units == (
        "市科技局",
        "市人才工作局",
        "市发改委",
        "市教育局",
        "市财政局",
        "市人社局",
        "各有关区人民政府",
    )
    build = next(r for r in notes if r.heading and by_id[r.heading].title == "智能建造")
    assert build.units == ("市城乡建设局", "市科技局", "市交通运输局", "各区人民政府")
    corridor = next(r for r in notes if r.heading and by_id[r.heading].title.startswith("推进光谷科创大走廊"))
    assert corridor.units[-3:] == ("洪山区人民政府", "武昌区人民政府", "江夏区人民政府")
    platforms = next(
        r for r in notes if "市委军民融合办" in r.units and "各区人民政府" in r.units and r.remark
    )
    assert platforms.remark == "含开发区管委会，下同"
    talent = next(r for r in notes if r.role.value == "lead")
    assert talent.lead == "市人才工作局"
    assert all(r.lead == r.units[0] for r in notes if r.role.value == "responsible")


def test_in_text_targets(plan14: Plan) -> None:
    targets = {(t.metric, t.value, t.unit, t.year, t.comparator.value) for t in plan14.targets}
    assert ("技术合同成交额", 1300, "亿元", 2025, ">=") in targets
    assert ("公民具备科学素质比例", 20.3, "%", 2025, ">=") in targets
    assert ("高新技术企业数量", 12000, "家", 2025, ">=") in targets
    assert ("国家级创新平台数量", 180, "个", 2025, ">=") in targets
    assert ("高新技术产业增加值占GDP比重", 28, "%", 2025, ">=") in targets


def test_past_figures(plan14: Plan) -> None:
    past = {(o.metric, o.year, o.value, o.unit) for o in plan14.observations}
    assert ("技术合同成交额", 2015, 471.09, "亿元") in past
    assert ("技术合同成交额", 2020, 942.3, "亿元") in past
    assert ("高新技术企业数量", 2015, 1656, "家") in past
    assert ("高新技术企业数量", 2020, 6259, "家") in past
    assert ("全社会R&D经费支出占GDP比重", 2015, 3.02, "%") in past
    assert ("全社会R&D经费支出占GDP比重", 2020, 3.51, "%") in past
    assert ("地方财政科学技术支出", 2015, 68.19, "亿元") in past
    # a figure about the past is never a target
    target_values = {t.value for t in plan14.targets}
    assert not {471.09, 942.3, 1656, 6259, 68.19} & target_values
