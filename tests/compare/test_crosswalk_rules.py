"""The crosswalk rules one by one, on indicators made by hand (no plan file, no database)."""

from __future__ import annotations

from planwatch.compare.crosswalk import Confirmation, crosswalk
from planwatch.compare.model import CrosswalkRow, IndicatorFacts, PairLabel
from planwatch.domain.plan import IndicatorKind


def ind(ref: str, name: str, unit: str, kind: IndicatorKind = IndicatorKind.LEVEL) -> IndicatorFacts:
    return IndicatorFacts(ref=ref, indicator_id=None, name=name, unit=unit, kind=kind)


def labels(rows: list[CrosswalkRow]) -> list[tuple[str | None, str | None, str]]:
    return [(r.a.name if r.a else None, r.b.name if r.b else None, r.label.value) for r in rows]


def test_same_series_under_the_naming_rules_is_continued() -> None:
    rows = crosswalk(
        [ind("a1", "R&D经费投入强度", "%"), ind("a2", "公民具备科学素质的比例", "%")],
        [ind("b1", "全社会研发经费支出占GDP比重", "%"), ind("b2", "公民具备科学素质比例", "%")],
    )
    assert labels(rows) == [
        ("R&D经费投入强度", "全社会研发经费支出占GDP比重", "continued"),
        ("公民具备科学素质的比例", "公民具备科学素质比例", "continued"),
    ]


def test_filler_words_rename_and_a_unit_change_redefines() -> None:
    rows = crosswalk(
        [ind("a1", "全市技术合同成交额", "亿元"), ind("a2", "高新技术企业数量", "家")],
        [ind("b1", "技术合同成交额", "亿元"), ind("b2", "高新技术企业", "万家")],
    )
    assert labels(rows) == [
        ("全市技术合同成交额", "技术合同成交额", "renamed"),
        ("高新技术企业数量", "高新技术企业", "redefined"),
    ]


def test_a_percentage_is_never_paired_with_a_count_by_name() -> None:
    rows = crosswalk([ind("a1", "高新技术企业", "%")], [ind("b1", "高新技术企业数量", "家")])
    assert labels(rows) == [("高新技术企业", None, "dropped"), (None, "高新技术企业数量", "added")]


def test_qualifiers_denominators_and_per_capita_redefine() -> None:
    rows = crosswalk(
        [
            ind("a1", "每万人发明专利拥有量", "件"),
            ind("a2", "高新技术产业增加值占工业增加值的比重", "%"),
            ind("a3", "人均技术合同成交额", "元"),
        ],
        [
            ind("b1", "每万人口高价值发明专利拥有量", "件"),
            ind("b2", "高新技术产业增加值占GDP比重", "%"),
            ind("b3", "技术合同成交额", "亿元"),
        ],
    )
    assert [r.label for r in rows] == [PairLabel.REDEFINED] * 3
    assert [r.b.ref for r in rows if r.b] == ["b1", "b2", "b3"]
    assert rows[2].evidence is not None and "人均" in rows[2].evidence.rule


def test_umbrella_terms_merge_and_split() -> None:
    merged = crosswalk(
        [ind("a1", "国家重点实验室", "个"), ind("a2", "国家企业技术中心", "家"), ind("a3", "孵化器", "家")],
        [ind("b1", "国家级创新平台数量", "个")],
    )
    assert labels(merged) == [
        ("国家重点实验室", "国家级创新平台数量", "merged"),
        ("国家企业技术中心", "国家级创新平台数量", "merged"),
        ("孵化器", None, "dropped"),
    ]
    split = crosswalk(
        [ind("a1", "国家级孵化载体数量", "个")],
        [ind("b1", "国家级科技企业孵化器", "个"), ind("b2", "国家级众创空间", "个")],
    )
    assert [r.label.value for r in split] == ["split", "split"]
    single = crosswalk([ind("a1", "科技企业孵化器", "家")], [ind("b1", "国家级创新创业孵化载体数量", "个")])
    assert [r.label.value for r in single] == ["redefined"]


def test_another_measure_of_the_same_topic_replaces() -> None:
    rows = crosswalk(
        [ind("a1", "全社会R&D投入费用占GDP的比重", "%"), ind("a2", "科技研发经费投入占财政支出的比例", "%")],
        [ind("b1", "全社会研发经费投入增长", "%", IndicatorKind.GROWTH)],
    )
    assert labels(rows) == [
        ("全社会R&D投入费用占GDP的比重", "全社会研发经费投入增长", "replaced"),
        ("科技研发经费投入占财政支出的比例", None, "dropped"),
    ]


def test_unrelated_names_are_dropped_and_added() -> None:
    rows = crosswalk([ind("a1", "对外技术依存度", "%")], [ind("b1", "湖北实验室", "个")])
    assert labels(rows) == [("对外技术依存度", None, "dropped"), (None, "湖北实验室", "added")]
    assert "不再列入" in rows[0].rationale and "新增" in rows[1].rationale


def test_confirmations_override_suggestions() -> None:
    a = [ind("a1", "技术合同成交额", "亿元"), ind("a2", "对外技术依存度", "%")]
    b = [ind("b1", "技术合同成交额", "亿元"), ind("b2", "技术交易额", "亿元")]
    rows = crosswalk(
        a,
        b,
        [
            Confirmation("a1", "b2", PairLabel.RENAMED, "wang", "统计口径改名"),
            Confirmation("a2", None, PairLabel.DROPPED, "wang"),
            Confirmation("a9", None, PairLabel.DROPPED, "wang"),  # no longer in the plan: ignored
        ],
    )
    assert labels(rows) == [
        ("技术合同成交额", "技术交易额", "renamed"),
        ("对外技术依存度", None, "dropped"),
        (None, "技术合同成交额", "added"),
    ]
    assert rows[0].confirmed and rows[0].confirmed_by == "wang" and rows[0].note == "统计口径改名"
    assert not rows[2].confirmed
