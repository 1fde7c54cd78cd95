"""A comparison as plain JSON-ready data (the CLI's --format json), labels in Chinese beside the codes."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from enum import Enum

from planwatch.compare.model import CarryRow, Comparison, CrosswalkRow

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


def _plain(value: object) -> JsonValue:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _row(row: CrosswalkRow | CarryRow) -> JsonValue:
    data = asdict(row)
    data["label_name"] = row.label_name
    return _plain(data)


def comparison_data(comparison: Comparison) -> dict[str, JsonValue]:
    def plan(p: object) -> JsonValue:
        assert is_dataclass(p) and not isinstance(p, type)
        data = asdict(p)
        data.pop("indicators", None)
        data.pop("clauses", None)
        data.pop("projects", None)
        return _plain(data)

    return {
        "a": plan(comparison.a),
        "b": plan(comparison.b),
        "counts": {label.value: n for label, n in comparison.counts().items()},
        "notes": list(comparison.notes),
        "crosswalk": [_row(r) for r in comparison.crosswalk],
        "tasks": [_row(r) for r in comparison.tasks if r.a is not None or r.b is not None],
        "projects": [_row(r) for r in comparison.projects],
        "chapters": [_plain(asdict(c)) for c in comparison.chapters],
    }
