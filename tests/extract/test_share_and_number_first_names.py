"""Metric names that follow the figure: a share of a noun that does something, a number-first noun."""

from __future__ import annotations

from planwatch.domain.source import SourceFormat, SourceText
from planwatch.extract.metrics import metric_after, share_after
from planwatch.extract.pipeline import read_plan


def test_the_share_of_a_noun_that_does_something() -> None:
    assert share_after("的城市社区建成完备的社区嵌入式服务综合体(社区服务中心);") == (
        "建成完备的社区嵌入式服务综合体的城市社区比例"
    )
    assert share_after("的龙头企业落户本市") == ""  # no verb of achievement: a qualifier


def test_building_before_a_pilot_is_part_of_the_noun() -> None:
    assert metric_after("嵌入式服务设施建设示范社区全面建成") == "嵌入式服务设施建设示范社区"
    assert metric_after("国家重大科技基础设施建设取得突破") == "国家重大科技基础设施"


def test_a_share_target_in_an_action_plan() -> None:
    lines = (
        "某市城市社区嵌入式服务设施建设工程实施方案",
        "一、主要目标",
        "到2027年底前，确保中心城区50%的城市社区建成完备的社区嵌入式服务综合体（社区服务中心）。",
    )
    plan = read_plan(SourceText("<crafted>", "0" * 64, SourceFormat.TEXT, "utf-8", lines), {})
    (target,) = plan.targets
    assert (target.metric, target.value, target.unit, target.year) == (
        "建成完备的社区嵌入式服务综合体的城市社区比例",
        50,
        "%",
        2027,
    )
