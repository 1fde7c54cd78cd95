"""Responsibility notes in every common style (issue 10, item 5), each in a short crafted plan."""

from __future__ import annotations

from planwatch.domain.plan import NodeKind, Plan, Responsibility, Role
from planwatch.domain.source import SourceFormat, SourceText
from planwatch.extract.pipeline import read_plan
from planwatch.extract.responsibilities import find_notes, strip_notes
from planwatch.extract.units import split_units

TITLE = "某市科技创新发展“十四五”规划"


def _plan(*lines: str) -> Plan:
    text = (TITLE, "第一章 重点任务", "一、加快创新平台建设", *lines)
    return read_plan(SourceText("<crafted>", "0" * 64, SourceFormat.TEXT, "utf-8", text), {})


def _roles(plan: Plan) -> list[tuple[Role, tuple[str, ...], str | None]]:
    return [(r.role, r.units, r.lead) for r in plan.responsibilities]


def _node_text(plan: Plan, r: Responsibility) -> str:
    return next(n.text for n in plan.nodes if n.id == r.node)


def test_full_width_brackets() -> None:
    plan = _plan("建设一批重点实验室。（责任单位：市科技局、市发改委）")
    assert _roles(plan) == [(Role.RESPONSIBLE, ("市科技局", "市发改委"), "市科技局")]


def test_half_width_brackets_and_colon() -> None:
    plan = _plan("建设一批重点实验室。(责任单位:市科技局、市发改委)")
    assert _roles(plan) == [(Role.RESPONSIBLE, ("市科技局", "市发改委"), "市科技局")]


def test_no_brackets_after_the_sentence() -> None:
    plan = _plan("建设一批重点实验室。责任单位：市科技局、市发改委。")
    assert _roles(plan) == [(Role.RESPONSIBLE, ("市科技局", "市发改委"), "市科技局")]
    assert plan.responsibilities[0].text == "责任单位：市科技局、市发改委"


def test_lead_and_supporting_units_without_brackets() -> None:
    plan = _plan("建设一批重点实验室。牵头单位：市科技局；配合单位：市发改委、市财政局。")
    assert _roles(plan) == [
        (Role.LEAD, ("市科技局",), "市科技局"),
        (Role.SUPPORT, ("市发改委", "市财政局"), "市科技局"),
    ]


def test_lead_and_supporting_units_in_brackets() -> None:
    plan = _plan("建设一批重点实验室。（牵头单位：市科技局；配合单位：市发改委、市财政局）")
    assert _roles(plan) == [
        (Role.LEAD, ("市科技局",), "市科技局"),
        (Role.SUPPORT, ("市发改委", "市财政局"), "市科技局"),
    ]


def test_lead_marked_inside_the_list() -> None:
    plan = _plan("建设一批重点实验室。（责任单位：市发改委、市科技局（牵头）、市财政局）")
    assert _roles(plan) == [
        (Role.LEAD, ("市科技局",), "市科技局"),
        (Role.SUPPORT, ("市发改委", "市财政局"), "市科技局"),
    ]
    assert all(r.remark is None for r in plan.responsibilities)


def test_roles_in_a_sentence() -> None:
    plan = _plan("由市科技局牵头，市发改委、市财政局配合，建设一批重点实验室。")
    assert _roles(plan) == [
        (Role.LEAD, ("市科技局",), "市科技局"),
        (Role.SUPPORT, ("市发改委", "市财政局"), "市科技局"),
    ]


def test_a_project_led_by_an_institution_is_no_note() -> None:
    """The samples' boxes say "由华中科技大学牵头，联合清华大学…建设": that names no supporting role."""
    plan = _plan("由华中科技大学牵头，联合清华大学、东南大学共同建设国家级创新平台。")
    assert plan.responsibilities == ()


def test_a_trailing_line_belongs_to_the_task_before_it() -> None:
    plan = _plan("建设一批重点实验室，推动创新平台提质增效。", "责任单位：市科技局、市发改委")
    (note,) = plan.responsibilities
    assert note.units == ("市科技局", "市发改委")
    assert _node_text(plan, note) == "建设一批重点实验室，推动创新平台提质增效。"
    assert (note.lines.start, note.lines.end) == (4, 5)


def test_a_note_that_wraps_onto_the_next_line_stays_whole() -> None:
    plan = _plan(
        "建设一批重点实验室。（责任单位：市科技局、", "市发改委、市财政局）", "二、强化企业创新主体地位"
    )
    (note,) = plan.responsibilities
    assert note.units == ("市科技局", "市发改委", "市财政局")
    headings = [n.title for n in plan.nodes if n.kind is NodeKind.SECTION]
    assert headings == ["加快创新平台建设", "强化企业创新主体地位"]


def test_collective_designations_are_one_unit() -> None:
    assert split_units("市科技局、各区、县级市", {}).units == ("市科技局", "各区、县级市")
    assert split_units("各区、县级市人民政府，市发改委", {}).units == ("各区、县级市人民政府", "市发改委")
    assert split_units("各有关区人民政府、市财政局", {}).units == ("各有关区人民政府", "市财政局")
    assert split_units("各区人民政府", {}).units == ("各区人民政府",)
    assert split_units("各县（市、区）人民政府、市发改委", {}).units == ("各县（市、区）人民政府", "市发改委")


def test_collective_designations_in_a_note() -> None:
    plan = _plan("建设一批重点实验室。（牵头单位：市科技局；配合单位：各区、县级市）")
    assert _roles(plan)[-1] == (Role.SUPPORT, ("各区、县级市",), "市科技局")


def test_shared_suffixes_still_expand() -> None:
    assert split_units("洪山、武昌区人民政府", {}).units == ("洪山区人民政府", "武昌区人民政府")


def test_unit_of_measure_is_no_note() -> None:
    assert list(find_notes("计量单位：万元。")) == []


def test_strip_notes_removes_notes_of_every_style() -> None:
    text = "建设实验室。（责任单位：市科技局）推进转化。责任单位：市发改委。"
    assert strip_notes(text) == "建设实验室。推进转化。"


def test_a_label_before_the_roles_inside_the_bracket() -> None:
    plan = _plan(
        "地区生产总值年均增长7%以上。（预期性指标，牵头单位：市发改委；责任单位：市统计局、各县市区）"
    )
    notes = [(r.role, r.units, r.lead) for r in plan.responsibilities]
    assert notes == [
        (Role.LEAD, ("市发改委",), "市发改委"),
        (Role.RESPONSIBLE, ("市统计局", "各县市区"), "市发改委"),
    ]


def test_a_note_never_closed_runs_to_the_end_of_its_paragraph() -> None:
    plan = _plan(
        "建设一批重点实验室。（牵头单位：市科技局；责任单位：市政府有关部门，各县市区，以下均需各县市区落实，不再逐"
    )
    lead, responsible = plan.responsibilities
    assert (lead.role, lead.units) == (Role.LEAD, ("市科技局",))
    assert responsible.units == ("市政府有关部门", "各县市区")
    assert responsible.remark == "以下均需各县市区落实，不再逐"


def test_only_the_last_unclosed_opening_can_run_to_the_end() -> None:
    text = "建设实验室（责任单位：市科技局" + "。推进转化（责任单位：市发改委"
    assert [inner for _s, _e, inner in find_notes(text)] == ["责任单位：市发改委"]


def test_a_note_wrapped_across_a_page_number_stays_whole() -> None:
    for page in ("- 12 -", "—12—", "第12页"):
        plan = _plan("建设一批重点实验室。（责任单位：市科技局、", page, "市发改委、市财政局）")
        (note,) = plan.responsibilities
        assert note.units == ("市科技局", "市发改委", "市财政局"), page


def test_a_note_wrapped_across_a_page_break_stays_whole() -> None:
    plan = _plan("建设一批重点实验室。（责任单位：市科技局、", "\f", "市发改委、各区、县级市）")
    (note,) = plan.responsibilities
    assert note.units == ("市科技局", "市发改委", "各区、县级市")


def test_lead_and_support_on_lines_of_their_own() -> None:
    plan = _plan(
        "建设一批重点实验室。",
        "牵头单位：市科技局",
        "配合单位：市发改委、各区、县级市",
        "二、强化企业创新主体地位",
    )
    assert _roles(plan) == [
        (Role.LEAD, ("市科技局",), "市科技局"),
        (Role.SUPPORT, ("市发改委", "各区、县级市"), "市科技局"),
    ]
    assert {_node_text(plan, r) for r in plan.responsibilities} == {"建设一批重点实验室。"}


def test_a_trailing_line_with_the_lead_marked_and_collective_units() -> None:
    plan = _plan("建设一批重点实验室。", "责任单位：市科技局（牵头）、各有关区人民政府、各成员单位")
    assert _roles(plan) == [
        (Role.LEAD, ("市科技局",), "市科技局"),
        (Role.SUPPORT, ("各有关区人民政府", "各成员单位"), "市科技局"),
    ]


def test_roles_in_a_sentence_with_a_collective_designation() -> None:
    plan = _plan("由市科技局牵头，各区、县级市配合，建设一批重点实验室。")
    assert _roles(plan) == [
        (Role.LEAD, ("市科技局",), "市科技局"),
        (Role.SUPPORT, ("各区、县级市",), "市科技局"),
    ]


def test_half_width_brackets_with_lead_and_supporting_units() -> None:
    plan = _plan("建设一批重点实验室。(牵头单位:市科技局;配合单位:市发改委,各区人民政府)")
    assert _roles(plan) == [
        (Role.LEAD, ("市科技局",), "市科技局"),
        (Role.SUPPORT, ("市发改委", "各区人民政府"), "市科技局"),
    ]


def test_roles_by_verbs_inside_a_bracket() -> None:
    plan = _plan("建设一批重点实验室。（市科技局牵头，市发改委、市财政局配合）")
    assert _roles(plan) == [
        (Role.LEAD, ("市科技局",), "市科技局"),
        (Role.SUPPORT, ("市发改委", "市财政局"), "市科技局"),
    ]
    plan = _plan("建设一批重点实验室。（由市科技局牵头，各区、县级市人民政府负责）")
    assert _roles(plan) == [
        (Role.LEAD, ("市科技局",), "市科技局"),
        (Role.RESPONSIBLE, ("各区、县级市人民政府",), "市科技局"),
    ]


def test_a_lead_alone_in_a_bracket_is_removed_before_reading_targets() -> None:
    plan = _plan("到2025年，建成重点实验室50个（市科技局牵头）。")
    assert _roles(plan) == [(Role.LEAD, ("市科技局",), "市科技局")]
    assert [(t.metric, t.value) for t in plan.targets] == [("重点实验室", 50)]


def test_square_brackets() -> None:
    for line in (
        "建设一批重点实验室。【责任单位：市科技局、市发改委】",
        "建设一批重点实验室。[责任单位:市科技局、市发改委]",
    ):
        assert _roles(_plan(line)) == [(Role.RESPONSIBLE, ("市科技局", "市发改委"), "市科技局")]


def test_how_the_units_share_the_work_is_a_remark() -> None:
    plan = _plan("建设一批重点实验室。（责任单位：市科技局、市发改委等按职责分工负责）")
    (note,) = plan.responsibilities
    assert (note.units, note.remark) == (("市科技局", "市发改委"), "按职责分工负责")


def test_a_label_with_a_colon_before_the_roles() -> None:
    plan = _plan("建设一批重点实验室。（牵头领导：张三；牵头单位：市科技局；责任单位：市发改委）")
    assert _roles(plan) == [
        (Role.LEAD, ("市科技局",), "市科技局"),
        (Role.RESPONSIBLE, ("市发改委",), "市科技局"),
    ]


def test_roles_separated_by_a_space() -> None:
    plan = _plan("建设一批重点实验室。（牵头单位：市科技局 配合单位：市发改委、市财政局）")
    assert _roles(plan)[1] == (Role.SUPPORT, ("市发改委", "市财政局"), "市科技局")
