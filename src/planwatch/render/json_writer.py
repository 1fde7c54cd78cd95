"""The report content as JSON: sections, paragraphs and tables, every number with its source reference.

This is the content itself (not a rendering), so other tools can reuse a report: a `Number` piece is
{"type": "number", "value": 1300.0, "unit": "亿元", "text": "1,300亿元", "source": {...}}.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from enum import Enum

from planwatch.evaluate.content import Number, Paragraph, Report, Section, Table, Text
from planwatch.evaluate.scorecard import Scorecard

FORMAT = "planwatch.evaluation/1"
JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


def _plain(value: object) -> JsonValue:
    if isinstance(value, Enum):
        return str(value.value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def piece_json(piece: Text | Number) -> JsonValue:
    if isinstance(piece, Text):
        return {"type": "text", "text": piece.text}
    source = _plain(piece.source)
    assert isinstance(source, dict)
    compact: dict[str, JsonValue] = {k: v for k, v in source.items() if v not in (None, "", [])}
    return {"type": "number", "value": piece.value, "unit": piece.unit, "text": piece.text, "source": compact}


def block_json(block: Paragraph | Table) -> JsonValue:
    if isinstance(block, Paragraph):
        return {
            "type": "paragraph",
            "style": block.style.value,
            "lead": block.lead,
            "pieces": [piece_json(p) for p in block.pieces],
        }
    return {
        "type": "table",
        "key": block.key,
        "caption": block.caption,
        "columns": [{"title": c.title, "kind": c.kind.value} for c in block.columns],
        "rows": [[[piece_json(p) for p in cell] for cell in row] for row in block.rows],
    }


def section_json(section: Section) -> JsonValue:
    return {
        "key": section.key,
        "heading": section.heading,
        "blocks": [block_json(b) for b in section.blocks],
        "subsections": [section_json(s) for s in section.subsections],
    }


def report_json(report: Report, scorecards: tuple[Scorecard, ...] = ()) -> dict[str, JsonValue]:
    return {
        "format": FORMAT,
        "title": report.title,
        "subtitle": report.subtitle,
        "meta": _plain(report.meta),
        "preface": [block_json(p) for p in report.preface],
        "sections": [section_json(s) for s in report.sections],
        "appendices": [section_json(s) for s in report.appendices],
        "scorecards": [_plain(c) for c in scorecards],
    }


def render_json(report: Report, scorecards: tuple[Scorecard, ...] = ()) -> bytes:
    return (json.dumps(report_json(report, scorecards), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
