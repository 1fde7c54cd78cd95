"""Task breakdown tables (任务分解表 / 分工表) in text, DOCX and HTML → tasks, units and deadlines."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import docx
import jsonschema
import pytest

from planwatch.domain.plan import Due, Plan, Role
from planwatch.domain.source import SourceFormat, SourceText
from planwatch.extract.due import parse_due
from planwatch.extract.pipeline import read_plan
from planwatch.interchange.plan_json import plan_to_json
from planwatch.services.parsing import parse_plan_file

HEAD = [
    "某市“十四五”规划纲要重点任务分工方案",
    "一、总体要求",
    "按照规划纲要部署，明确责任分工。",
    "二、重点任务分解表",
]
ROWS = [
    ("序号", "重点任务", "牵头单位", "配合单位", "完成时限"),
    (
        "1",
        "推进城市更新行动，完成老旧小区改造120个",
        "市住建局",
        "市发改委、市财政局，各区、县级市人民政府",
        "2025年底",
    ),
    ("2", "建成市级数据共享平台", "市大数据局", "各成员单位", "2023年6月"),
    ("3", "深化“放管服”改革", "市政务服务局", "市直各有关部门", "持续推进"),
]
TASKS = [
    (
        "推进城市更新行动，完成老旧小区改造120个",
        "市住建局",
        ("市发改委", "市财政局", "各区、县级市人民政府"),
        "2025年底",
    ),
    ("建成市级数据共享平台", "市大数据局", ("各成员单位",), "2023年6月"),
    ("深化“放管服”改革", "市政务服务局", ("市直各有关部门",), "持续推进"),
]


def _text_plan(lines: list[str]) -> Plan:
    return read_plan(SourceText("<crafted>", "0" * 64, SourceFormat.TEXT, "utf-8", tuple(lines)), {})


def _tasks(plan: Plan) -> list[tuple[str | None, str | None, tuple[str, ...], str | None]]:
    """(task, lead, supporting units, deadline) per table row, in order."""
    out: dict[str, tuple[str | None, str | None, tuple[str, ...], str | None]] = {}
    for r in plan.responsibilities:
        task, lead, support, due = out.get(r.node, (r.task, r.lead, (), r.due.text if r.due else None))
        if r.role is Role.SUPPORT:
            support = support + r.units
        out[r.node] = (task, lead, support, due)
    return list(out.values())


def test_tab_separated_rows() -> None:
    plan = _text_plan(HEAD + ["\t".join(r) for r in ROWS])
    assert _tasks(plan) == TASKS


def test_rows_with_cells_separated_by_spaces() -> None:
    plan = _text_plan(HEAD + ["  ".join(r) for r in ROWS])
    assert _tasks(plan) == TASKS


def test_one_cell_per_line() -> None:
    plan = _text_plan(HEAD + [c for r in ROWS for c in r] + ["三、保障措施", "加强组织领导。"])
    assert _tasks(plan) == TASKS


def test_a_docx_table(tmp_path: Path) -> None:
    document = docx.Document()
    for line in HEAD:
        document.add_paragraph(line)
    table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for i, row in enumerate(ROWS):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    path = tmp_path / "分工方案.docx"
    document.save(str(path))
    assert _tasks(parse_plan_file(path)) == TASKS


def test_an_html_table_with_a_merged_lead_cell(tmp_path: Path) -> None:
    cells = "".join(f"<th>{c}</th>" for c in ROWS[0])
    body = (
        f"<tr>{cells}</tr>"
        "<tr><td>1</td><td>推进城市更新行动</td><td rowspan='2'>市住建局</td><td>市发改委</td><td>2025年底</td></tr>"
        "<tr><td>2</td><td>完成老旧小区改造</td><td>各区人民政府</td><td>2024年上半年</td></tr>"
    )
    html = (
        f"<html><head><meta charset='utf-8'><title>{HEAD[0]}</title></head><body>"
        + "".join(f"<p>{h}</p>" for h in HEAD)
        + f"<table>{body}</table></body></html>"
    )
    path = tmp_path / "分工方案.html"
    path.write_text(html, encoding="utf-8")
    assert _tasks(parse_plan_file(path)) == [
        ("推进城市更新行动", "市住建局", ("市发改委",), "2025年底"),
        ("完成老旧小区改造", "市住建局", ("各区人民政府",), "2024年上半年"),
    ]


def test_a_responsible_column_without_a_lead_column() -> None:
    rows = [
        ("序号", "工作任务", "责任单位", "完成时间"),
        ("1", "编制专项规划", "市发改委、市自然资源局", "2023年12月"),
    ]
    plan = _text_plan(HEAD + ["\t".join(r) for r in rows])
    (note,) = plan.responsibilities
    assert (note.role, note.units, note.lead, note.task) == (
        Role.RESPONSIBLE,
        ("市发改委", "市自然资源局"),
        "市发改委",
        "编制专项规划",
    )
    assert note.due == Due("2023年12月", 2023, 12, False)


def test_an_indicator_table_is_no_task_table() -> None:
    rows = ["序号\t指标\t单位\t2020年\t2025年\t属性", "1\t地区生产总值\t亿元\t1000\t1500\t预期性"]
    plan = _text_plan(HEAD + rows)
    assert plan.responsibilities == ()


@pytest.mark.parametrize(
    ("text", "year", "month", "ongoing"),
    [
        ("2025年底", 2025, 12, False),
        ("2023年6月", 2023, 6, False),
        ("2023年6月底前", 2023, 6, False),
        ("2024年上半年", 2024, 6, False),
        ("2023年起，2025年底前完成", 2025, 12, False),
        ("2025年", 2025, None, False),
        ("持续推进", None, None, True),
        ("长期坚持", None, None, True),
        ("年内完成", None, None, False),
    ],
)
def test_deadlines(text: str, year: int | None, month: int | None, ongoing: bool) -> None:
    assert parse_due(text) == Due(text, year, month, ongoing)


def test_a_deadline_inside_a_note() -> None:
    lines = [*HEAD[:3], "建设一批重点实验室。（牵头单位：市科技局；配合单位：市发改委；完成时限：2025年底）"]
    plan = _text_plan(lines)
    assert [(r.role, r.units) for r in plan.responsibilities] == [
        (Role.LEAD, ("市科技局",)),
        (Role.SUPPORT, ("市发改委",)),
    ]
    assert {r.due for r in plan.responsibilities} == {Due("2025年底", 2025, 12, False)}


def test_tasks_and_deadlines_in_the_plan_json() -> None:
    plan = _text_plan(HEAD + ["\t".join(r) for r in ROWS])
    doc = plan_to_json(plan)
    schema = json.loads(resources.files("planwatch.schema").joinpath("plan-1.schema.json").read_text("utf-8"))
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(doc))
    first = doc["responsibilities"][0]  # type: ignore[index]
    assert first["task"] == "推进城市更新行动，完成老旧小区改造120个"  # type: ignore[index]
    assert first["deadline"] == {"text": "2025年底", "year": 2025, "month": 12, "ongoing": False}  # type: ignore[index]
