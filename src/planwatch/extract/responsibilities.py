"""Responsibility notes: （责任单位：…）, （牵头单位：…；配合单位：…）.

A note closes the clause it follows, so it is attached to the node whose text contains it, and the task
it defines is that node's clause. The first listed unit leads unless the note names roles explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from planwatch.domain.plan import Node, NodeKind, Responsibility, Role
from planwatch.extract.units import split_units
from planwatch.normalize.brackets import closing_brackets

_ROLE_WORDS: dict[str, Role] = {
    "责任": Role.RESPONSIBLE,
    "主责": Role.RESPONSIBLE,
    "负责": Role.RESPONSIBLE,
    "实施": Role.RESPONSIBLE,
    "牵头": Role.LEAD,
    "主办": Role.LEAD,
    "配合": Role.SUPPORT,
    "协办": Role.SUPPORT,
    "参与": Role.PARTICIPANT,
}
_OPEN = re.compile(r"[（(]\s*(责任|主责|负责|实施|牵头|主办|配合|协办|参与)?(单位|部门)\s*[：:]")
_SEGMENT = re.compile(r"(责任|主责|负责|实施|牵头|主办|配合|协办|参与)?(?:单位|部门)\s*[：:]")


def find_notes(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, inner text) of every note, matching nested parentheses.

    Brackets are matched once for the whole text: scanning to the end from every opening made
    5,000 unclosed "（责任单位：" cost 14 s.
    """
    opens = list(_OPEN.finditer(text))
    if not opens:
        return
    closing = closing_brackets(text)
    for m in opens:
        end = closing.get(m.start())
        if end is not None:
            yield m.start(), end + 1, text[m.start() + 1 : end]


def kept_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the parts of `text` outside its responsibility notes, in order."""
    spans, last = [], 0
    for start, end, _inner in find_notes(text):
        if start < last:
            continue  # a note inside a note already removed
        spans.append((last, start))
        last = end
    spans.append((last, len(text)))
    return spans


def strip_notes(text: str) -> str:
    """The text without its responsibility notes (used before looking for targets)."""
    return "".join(text[start:end] for start, end in kept_spans(text))


def _segments(inner: str) -> list[tuple[Role, str]]:
    """Split "牵头单位：A；配合单位：B、C" into role segments."""
    matches = list(_SEGMENT.finditer(inner))
    segments: list[tuple[Role, str]] = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(inner)
        role = _ROLE_WORDS.get(m.group(1) or "责任", Role.RESPONSIBLE)
        body = inner[m.end() : end].strip(" ；;，,。")
        segments.append((role, body))
    return segments


def heading_of(node: Node, by_id: Mapping[str, Node]) -> str | None:
    """The nearest ancestor (or the node itself) that is not a plain paragraph."""
    current: Node | None = node
    while current is not None:
        if current.kind is not NodeKind.PARAGRAPH:
            return current.id
        current = by_id.get(current.parent) if current.parent else None
    return None


def extract_responsibilities(nodes: Sequence[Node], aliases: Mapping[str, str]) -> list[Responsibility]:
    out: list[Responsibility] = []
    by_id = {n.id: n for n in nodes}
    for node in nodes:
        for text in (node.title, node.text):
            for _start, _end, inner in find_notes(text):
                segments = _segments(inner)
                lead_unit: str | None = None
                parsed = [(role, split_units(body, aliases)) for role, body in segments]
                for role, units in parsed:
                    if role in (Role.LEAD, Role.RESPONSIBLE) and units.units and lead_unit is None:
                        lead_unit = units.units[0]
                for role, units in parsed:
                    if not units.units:
                        continue
                    out.append(
                        Responsibility(
                            node=node.id,
                            heading=heading_of(node, by_id),
                            role=role,
                            units=units.units,
                            lead=lead_unit,
                            remark=units.remark,
                            text=f"（{inner}）",
                            lines=node.lines,
                        )
                    )
    return out
