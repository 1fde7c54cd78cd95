"""What the public may see of a page or an API answer: everything but the office's internal workings.

A site opened for public reading (a government portal) must not show who typed a figure or filed a
report (account names such as “市科技局填报员（kjj）”), nor figures still under review, nor the change log. Rather than
remembering this in every template and endpoint, the whole answer passes through `public_copy` (view
models) or `public_json` (serialised API bodies) when the reader is anonymous: one list of staff-only
fields, applied everywhere, so a new page cannot forget it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TypeVar, cast

# Fields naming an account; collections that are the office's internal workings: figures not yet
# accepted (proposals) and the change log (who changed what, proposals under review included).
ACCOUNT_FIELDS = frozenset({"author", "created_by", "changed_by", "who"})
INTERNAL_COLLECTIONS = frozenset({"proposals", "recent_changes"})

T = TypeVar("T")


def public_copy(value: T) -> T:
    """`value` with account names blanked and unreviewed figures removed, at any depth."""
    return cast(T, _public(value))


def _public(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, object] = {}
        for field in dataclasses.fields(value):
            if not field.init:
                continue
            current = getattr(value, field.name)
            if field.name in ACCOUNT_FIELDS and isinstance(current, str):
                changes[field.name] = ""
            elif field.name in INTERNAL_COLLECTIONS and isinstance(current, tuple | list):
                changes[field.name] = type(current)()
            else:
                replaced = _public(current)
                if replaced is not current:
                    changes[field.name] = replaced
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        items = tuple(_public(v) for v in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, list):
        return [_public(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _public(v) for k, v in value.items()}
    return value


def public_json(value: object) -> object:
    """A decoded JSON body with the same fields blanked or emptied as `public_copy` does."""
    if isinstance(value, dict):
        result: dict[str, object] = {}
        for key, item in value.items():
            if key in ACCOUNT_FIELDS and isinstance(item, str):
                result[key] = ""
            elif key in INTERNAL_COLLECTIONS and isinstance(item, list):
                result[key] = []
            else:
                result[key] = public_json(item)
        return result
    if isinstance(value, list):
        return [public_json(v) for v in value]
    return value
