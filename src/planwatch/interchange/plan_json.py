"""The `planwatch.plan/1` JSON form of a plan: the contract other tools rely on.

The JSON Schema is shipped as planwatch/schema/plan-1.schema.json and documented in docs/plan-json.md;
any change to the keys below is a new schema version.
"""

from __future__ import annotations

from typing import TypeAlias

from planwatch import __version__
from planwatch.domain.plan import Indicator, Node, PastFigure, Plan, Responsibility, Target, ValuePoint
from planwatch.domain.source import Span

SCHEMA = "planwatch.plan/1"
JSONValue: TypeAlias = str | int | float | bool | list["JSONValue"] | dict[str, "JSONValue"] | None
JSONObject: TypeAlias = dict[str, JSONValue]


def _lines(span: Span) -> JSONObject:
    return {"start": span.start, "end": span.end}


def _node(node: Node) -> JSONObject:
    return {
        "id": node.id,
        "parent": node.parent,
        "kind": node.kind.value,
        "marker": node.marker,
        "number": node.number,
        "title": node.title,
        "text": node.text,
        "lines": _lines(node.lines),
    }


def _point(point: ValuePoint) -> JSONObject:
    return {"year": point.year, "value": point.value, "high": point.high, "text": point.text}


def _indicator(ind: Indicator) -> JSONObject:
    target = _point(ind.target)
    target["comparator"] = ind.comparator.value
    return {
        "name": ind.name,
        "unit": ind.unit,
        "attribute": ind.attribute.value if ind.attribute else None,
        "kind": ind.kind.value,
        "baseline": _point(ind.baseline),
        "target": target,
        "node": ind.node,
        "lines": _lines(ind.lines),
    }


def _responsibility(r: Responsibility) -> JSONObject:
    return {
        "node": r.node,
        "heading": r.heading,
        "role": r.role.value,
        "units": list(r.units),
        "lead": r.lead,
        "remark": r.remark,
        "text": r.text,
        "lines": _lines(r.lines),
        "task": r.task,
        "deadline": None
        if r.due is None
        else {"text": r.due.text, "year": r.due.year, "month": r.due.month, "ongoing": r.due.ongoing},
    }


def _chars(span: tuple[int, int] | None) -> JSONValue:
    return None if span is None else {"start": span[0], "end": span[1]}


def _target(t: Target) -> JSONObject:
    return {
        "metric": t.metric,
        "comparator": t.comparator.value,
        "value": t.value,
        "high": t.high,
        "unit": t.unit,
        "year": t.year,
        "value_text": t.value_text,
        "node": t.node,
        "sentence": t.sentence,
        "sentence_span": _chars(t.sentence_span),
        "lines": _lines(t.lines),
    }


def _observation(o: PastFigure) -> JSONObject:
    return {
        "metric": o.metric,
        "year": o.year,
        "value": o.value,
        "unit": o.unit,
        "value_text": o.value_text,
        "base_year": o.base_year,
        "node": o.node,
        "sentence": o.sentence,
        "sentence_span": _chars(o.sentence_span),
        "lines": _lines(o.lines),
    }


def plan_to_json(plan: Plan) -> JSONObject:
    """The plan as a JSON-ready dict following schema `planwatch.plan/1`."""
    notice: JSONValue = None
    if plan.notice is not None:
        notice = {
            "doc_number": plan.notice.doc_number,
            "date": plan.notice.date,
            "title": plan.notice.title,
            "issuer": plan.notice.issuer,
            "lines": _lines(plan.notice.lines),
        }
    document: JSONValue = None
    if plan.document is not None:
        document = {"kind": plan.document.kind.value, "year": plan.document.year}
    period: JSONValue = None
    if plan.period is not None:
        period = {"start": plan.period.start, "end": plan.period.end, "label": plan.period.label}
    return {
        "schema": SCHEMA,
        "generator": f"planwatch {__version__}",
        "source": {
            "path": plan.source.path,
            "sha256": plan.source.sha256,
            "format": plan.source.format.value,
            "encoding": plan.source.encoding,
            "line_count": plan.source.line_count,
        },
        "title": plan.title,
        "document": document,
        "period": period,
        "notice": notice,
        "nodes": [_node(n) for n in plan.nodes],
        "indicators": [_indicator(i) for i in plan.indicators],
        "responsibilities": [_responsibility(r) for r in plan.responsibilities],
        "targets": [_target(t) for t in plan.targets],
        "observations": [_observation(o) for o in plan.observations],
        "warnings": list(plan.warnings),
    }
