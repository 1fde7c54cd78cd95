"""The reading pipeline never crashes: arbitrary text either parses or is refused as not a plan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.domain.errors import NotAPlanError
from planwatch.domain.source import SourceFormat, SourceText
from planwatch.extract.pipeline import read_plan

_PIECES = st.sampled_from(
    ["第一章 总则", "一、", "（一）", "1.", "（1）", "①", "专栏 2-1 实验室", "（责任单位：市科技局、", "）", "。", "，",
     "到2025年，", "突破1300亿元", "从2015年的", "提高到", "2020年", "序号 指标 2020年 2025年", "3 某指标（个） 5 10",
     "\n", "\n\n", " ", "　　", "4", "十四五", "规划"]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_read_plan_never_crashes(text: str) -> None:
    source = SourceText("<gen>", "0" * 64, SourceFormat.TEXT, "utf-8", tuple(text.splitlines()))
    try:
        plan = read_plan(source, {})
    except NotAPlanError:
        return
    ids = {n.id for n in plan.nodes}
    assert all(r.node in ids for r in plan.responsibilities)
    assert all(n.lines.start <= n.lines.end for n in plan.nodes)
