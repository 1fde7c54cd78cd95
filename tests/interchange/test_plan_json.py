"""The plan/1 JSON output validates against the shipped schema, and every fact points at real nodes."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema

from planwatch.domain.plan import Plan
from planwatch.interchange.plan_json import plan_to_json


def _schema() -> dict[str, object]:
    text = resources.files("planwatch.schema").joinpath("plan-1.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, object] = json.loads(text)
    return loaded


def test_both_samples_validate(plan14: Plan, plan12: Plan) -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    for plan in (plan14, plan12):
        doc = plan_to_json(plan)
        errors = sorted(validator.iter_errors(doc), key=str)
        assert not errors, errors[:3]
        json.dumps(doc, ensure_ascii=False)


def test_fact_references_resolve(plan14: Plan) -> None:
    doc = plan_to_json(plan14)
    ids = {n["id"] for n in doc["nodes"]}  # type: ignore[index, union-attr]
    for key in ("indicators", "responsibilities", "targets", "observations"):
        for fact in doc[key]:  # type: ignore[union-attr]
            assert fact["node"] in ids  # type: ignore[index, call-overload]
    parents = {n["parent"] for n in doc["nodes"]} - {None}  # type: ignore[index, union-attr]
    assert parents <= ids
