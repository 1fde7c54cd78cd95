"""The reader stays linear and bounded on hostile documents (issue 9), and its limits end in one Chinese
sentence.

The documents are the families of bench/hostile.py (the growth bench prints the same families at doubling
sizes up to several MB). Most checks here are deterministic: JSON bytes per input byte, quotes of at most
MAX_QUOTE_CHARS, parent chains of bounded depth, limits raising InputError. One check compares cost: the
CPU time per KB on each family against the CPU time per KB on the sample plans, measured in the same
process (best of three), with a generous factor — a quadratic rule costs hundreds of times more at 64 KB.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from planwatch.domain.errors import InputError, PlanwatchError
from planwatch.domain.limits import MAX_NODES, MAX_QUOTE_CHARS, Deadline
from planwatch.domain.plan import Plan
from planwatch.domain.source import SourceFormat, SourceText
from planwatch.extract.pipeline import read_plan
from planwatch.ingest import read_source
from planwatch.interchange.plan_json import plan_to_json
from planwatch.normalize.numbers import find_quantities, parse_number
from planwatch.services import parse_plan_file

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import hostile  # noqa: E402  (bench/hostile.py, shared with the growth bench)

SAMPLES = sorted((ROOT / "examples" / "plans").glob("*.txt"))
MAX_JSON_PER_INPUT_BYTE = 32  # the worst family (one sentence of targets) writes ~20
COST_FACTOR = 20  # cost per KB of a family / cost per KB of the samples (now at most ~7; before: 30 to 1,000)


def _source(text: str) -> SourceText:
    return SourceText("<hostile>", "0" * 64, SourceFormat.TEXT, "utf-8", tuple(text.split("\n")))


def _read(text: str) -> Plan:
    return read_plan(_source(text), {})


def _json_bytes(plan: Plan) -> int:
    return len(json.dumps(plan_to_json(plan), ensure_ascii=False).encode("utf-8"))


def _cpu_ms_per_kb(text: str) -> float:
    source = _source(text)
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        read_plan(source, {})
        best = min(best, time.process_time() - start)
    return best * 1000 / (len(text.encode("utf-8")) / 1024)


@pytest.mark.parametrize("family", sorted(hostile.TEXT_FAMILIES))
def test_output_is_bounded_by_the_input(family: str) -> None:
    text = hostile.TEXT_FAMILIES[family](48)
    plan = _read(text)
    assert _json_bytes(plan) <= MAX_JSON_PER_INPUT_BYTE * len(text.encode("utf-8"))
    for fact in (*plan.targets, *plan.observations):
        assert len(fact.sentence) <= MAX_QUOTE_CHARS
        assert fact.value_text in fact.sentence  # the quote keeps the figure it is about


def test_a_long_sentence_of_targets_quotes_each_target_around_its_figure() -> None:
    plan = _read(hostile.long_targets(32))
    assert len(plan.targets) > 500
    node = {n.id: n for n in plan.nodes}[plan.targets[0].node]
    for target in plan.targets[::97]:
        assert target.sentence_span is not None
        start, end = target.sentence_span
        whole = node.text[start:end]
        assert len(whole) > 10_000 and target.sentence in whole


def test_short_sentences_are_quoted_whole_with_their_span(plan14: Plan) -> None:
    nodes = {n.id: n for n in plan14.nodes}
    for target in plan14.targets:
        assert target.sentence_span is not None
        start, end = target.sentence_span
        if len(target.sentence) < MAX_QUOTE_CHARS and nodes[target.node].kind.value != "box_entry":
            assert nodes[target.node].text[start:end] == target.sentence


def test_boxes_do_not_nest_into_ever_deeper_chains() -> None:
    plan = _read(hostile.boxes(48))
    by_id = {n.id: n for n in plan.nodes}

    def depth(node_id: str | None) -> int:
        steps = 0
        while node_id is not None:
            node_id = by_id[node_id].parent
            steps += 1
        return steps

    assert sum(1 for n in plan.nodes if n.kind.value == "box") > 500
    assert max(depth(n.id) for n in plan.nodes) <= 6


def test_a_million_digit_number_is_no_quantity_and_no_crash() -> None:
    digits = "9" * 1_000_000
    assert parse_number(digits) is None
    assert find_quantities(f"达到{digits}亿元") == []
    plan = _read(hostile.huge_number(1024))
    assert plan.targets == ()


def test_long_runs_of_chinese_numerals_read_as_before_around_them() -> None:
    text = "一千二百三十四万" * 200 + "，新增企业三千家。"
    assert [(q.value, q.unit) for q in find_quantities(text)] == [(3000, "家")]


def test_cost_per_kb_stays_within_a_small_factor_of_the_samples() -> None:
    sample = max(_cpu_ms_per_kb(path.read_text(encoding="utf-8")) for path in SAMPLES)
    costs = {family: _cpu_ms_per_kb(make(64)) for family, make in hostile.TEXT_FAMILIES.items()}
    slow = {family: round(cost / sample, 1) for family, cost in costs.items() if cost > COST_FACTOR * sample}
    assert not slow, f"cost per KB / samples' cost per KB: {slow}"


# --- limits -------------------------------------------------------------------------------------------


def _assert_one_chinese_sentence(error: PlanwatchError) -> None:
    assert error.exit_code == 2
    assert "\n" not in error.message and error.message.endswith("。")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error.message)


def test_too_many_lines_is_refused_with_one_sentence() -> None:
    lines = ("某市科技创新发展“十四五”规划",) + ("第一章 总则",) * 200_001
    with pytest.raises(InputError) as caught:
        read_plan(SourceText("big.txt", "0" * 64, SourceFormat.TEXT, "utf-8", lines), {})
    _assert_one_chinese_sentence(caught.value)
    assert "行数过多" in caught.value.message


def test_too_many_nodes_is_refused_with_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("planwatch.domain.limits.MAX_NODES", 100)
    with pytest.raises(InputError) as caught:
        _read(hostile.boxes(16))
    _assert_one_chinese_sentence(caught.value)
    assert "段落和标题过多" in caught.value.message
    assert MAX_NODES == 200_000  # the real limit is untouched


def test_too_many_facts_is_refused_with_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("planwatch.domain.limits.MAX_FACTS", 50)
    with pytest.raises(InputError) as caught:
        _read(hostile.long_targets(16))
    _assert_one_chinese_sentence(caught.value)


def test_a_file_over_the_size_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("planwatch.domain.limits.MAX_FILE_BYTES", 1000)
    path = tmp_path / "plan.txt"
    path.write_text("某市科技创新发展“十四五”规划\n" * 100, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_source(path)
    _assert_one_chinese_sentence(caught.value)
    assert "文件过大" in caught.value.message


def test_the_time_budget_ends_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(hostile.long_targets(64), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_plan_file(path, time_budget=0.0)
    _assert_one_chinese_sentence(caught.value)
    assert "解析超时" in caught.value.message
    assert parse_plan_file(path, time_budget=600.0).targets  # a budget that suffices changes nothing


def test_an_expired_deadline_raises_and_a_running_one_does_not() -> None:
    Deadline.start(600).check()
    with pytest.raises(InputError):
        Deadline(1.0, at=0.0).check("x.txt")


def test_html_nested_beyond_the_parser_depth_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    page = "<html><body>" + "<div>" * 3000 + "<p>正文</p>" + "</div>" * 3000 + "</body></html>"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_source(path)
    _assert_one_chinese_sentence(caught.value)


def test_deep_html_within_the_depth_is_read_in_full(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_bytes(hostile.make("deep-html", 96)[0])
    lines = read_source(path).lines
    assert sum("技术合同成交额" in line for line in lines) > 100
