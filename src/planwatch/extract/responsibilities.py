"""Responsibility notes in the styles plans use.

    （责任单位：A、B）  (责任单位:A、B)      brackets full- or half-width
    （牵头单位：A；配合单位：B、C）          explicit roles
    责任单位：A、B。                        no brackets, at a sentence start or on a line of its own
    （责任单位：A（牵头）、B）              the lead marked inside the list
    由A牵头，B配合                          the roles in a sentence
    （A牵头，B、C配合）（A牵头）             the roles by verbs inside a bracket
    【责任单位：A】 [责任单位:A]             square brackets
    （预期性指标，牵头单位：A；…）           a short label before the roles
    （责任单位：A、B，以下均需…              never closed: runs to the end of its paragraph

A note closes the clause it follows, so it is attached to the node whose text contains it, and the task
it defines is that node's clause; a paragraph that is nothing but a note (a trailing line "责任单位：…")
belongs to the node before it. The first listed unit leads unless the note names roles explicitly.
Every scan is one pass over the text: brackets are matched once, sentence ends looked up by bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence

from planwatch.domain.plan import Due, Node, NodeKind, Responsibility, Role
from planwatch.domain.source import Span
from planwatch.extract.due import parse_due
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
_ROLES = "责任|主责|负责|实施|牵头|主办|配合|协办|参与"
# The bracket may open with a short label before the roles: "（预期性指标，牵头单位：市发改委；…）".
# Square brackets (【】, []) are used too.
_OPEN = re.compile(
    rf"[（(【\[]\s*(?:[^（）()【】\[\]；;。]{{2,16}}[，,；;]\s*)?({_ROLES})?(单位|部门)\s*[：:]"
)
_OPENING, _CLOSING = "（(【[", "）)】]"
_SEGMENT = re.compile(rf"({_ROLES})?(?:单位|部门)\s*[：:]")
# Without brackets a note needs its role word ("单位：" alone is also 计量单位：万元) and starts a sentence.
_BARE = re.compile(rf"(?:^|(?<=[。；;！？!?\s]))(?:{_ROLES})(?:单位|部门)\s*[：:]")
_BARE_END = re.compile(r"[。！？!?\n]")
MAX_BARE_NOTE = 300  # characters a note without brackets may run before its full stop
# 由A牵头，B配合: both parts within one clause each, the second ending with its role verb.
_LED_BY = re.compile(
    r"由([^，,。；;：:由]{2,40}?)牵头[，,、]\s*([^，,。；;：:]{2,60}?)(?:等(?:单位|部门))?"
    r"(?:协同配合|配合|协助|协办|参与)(?=[，,。；;）)]|$)"
)
# （A牵头，B、C配合）: the roles by verbs inside a bracket; the second part may be missing.
_BRACKET_LED = re.compile(
    r"[（(]由?([^（）()，,。；;：:由]{2,40}?)牵头(?:[，,、；;]\s*([^（）()。；;：:]{2,60}?)(?:等(?:单位|部门))?"
    r"(协同配合|配合|协助|协办|参与|负责落实|负责|落实|按职责分工负责))?[）)]"
)
_VERB_ROLES: dict[str, Role] = {
    "参与": Role.PARTICIPANT,
    "负责落实": Role.RESPONSIBLE,
    "负责": Role.RESPONSIBLE,
}
_LEAD_MARK = re.compile(r"[（(](?:牵头|牵头单位)[）)]")


def find_notes(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, inner text) of every note, bracketed or not, in order of their start.

    Brackets are matched once for the whole text: scanning to the end from every opening made
    5,000 unclosed "（责任单位：" cost 14 s. A note without brackets runs to its sentence's end.
    """
    led = "牵头" in text
    if "单位" not in text and "部门" not in text and not led:
        return  # most paragraphs: one substring test instead of two pattern scans
    notes: list[tuple[int, int, str]] = []
    if led:
        notes.extend(
            (m.start(), m.end(), text[m.start() + 1 : m.end() - 1]) for m in _BRACKET_LED.finditer(text)
        )
    opens = list(_OPEN.finditer(text))
    if opens:
        closing = closing_brackets(text, _OPENING, _CLOSING)
        last_end = -1
        for m in opens:
            end = closing.get(m.start())
            if end is not None:
                notes.append((m.start(), end + 1, text[m.start() + 1 : end]))
                last_end = max(last_end, end)
            elif m.start() > last_end and len(text) - m.start() <= MAX_BARE_NOTE and m is opens[-1]:
                # never closed before the paragraph ends (a cut or unproofread text): the note runs to
                # the end; only the last opening can, so 5,000 unclosed openings still cost one pass
                notes.append((m.start(), len(text), text[m.start() + 1 :].rstrip(" ；;，,。")))
    notes.extend(_bare_notes(text, notes))
    notes.sort()
    yield from notes


def _bare_notes(text: str, bracketed: Sequence[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    """Notes without brackets, outside the bracketed ones."""
    matches = list(_BARE.finditer(text))
    if not matches:
        return
    ends = [m.start() for m in _BARE_END.finditer(text)]
    taken = sorted((start, end) for start, end, _ in bracketed)
    last = 0
    for m in matches:
        if m.start() < last or any(start <= m.start() < end for start, end in _near(taken, m.start())):
            continue  # inside a note already found (牵头单位：A；配合单位：B has two openings)
        i = bisect_left(ends, m.end())
        stop = ends[i] if i < len(ends) else len(text)
        if stop - m.start() > MAX_BARE_NOTE:
            continue
        inner = text[m.start() : stop].rstrip(" ；;，,")
        last = stop
        end = stop + 1 if stop < len(text) and text[stop] in "。！？!?" else stop  # the full stop goes too
        yield m.start(), end, inner


def _near(spans: list[tuple[int, int]], pos: int) -> list[tuple[int, int]]:
    """The bracketed note that may hold `pos`: the last one starting at or before it."""
    i = bisect_left(spans, (pos + 1, -1))
    return spans[i - 1 : i]


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


# "…；完成时限：2025年底" inside a note: the deadline, not a unit.
_DUE_SEGMENT = re.compile(
    r"[；;，,。\s]*(?:完成时限|完成时间|时间节点|完成期限|时限)\s*[：:]\s*([^；;。]{1,30})[；;。]?\s*$"
)


def _split_due(inner: str) -> tuple[str, Due | None]:
    """The note without its trailing deadline segment, and the deadline."""
    if "时" not in inner:
        return inner, None
    m = _DUE_SEGMENT.search(inner)
    if m is None:
        return inner, None
    return inner[: m.start()], parse_due(m.group(1))


def _parse(inner: str, aliases: Mapping[str, str]) -> list[tuple[Role, tuple[str, ...], str | None]]:
    """The roles of a note: role segments ("牵头单位：A；配合单位：B"), or roles by verbs ("A牵头，B配合")."""
    segments = _segments(inner)
    if segments:
        return [r for role, body in segments for r in _roles(role, body, aliases)]
    m = _BRACKET_LED.fullmatch(f"（{inner}）")
    if m is None:
        return []
    out: list[tuple[Role, tuple[str, ...], str | None]] = []
    lead = split_units(m.group(1), aliases)
    if lead.units:
        out.append((Role.LEAD, lead.units, None))
    if m.group(2):
        rest = split_units(m.group(2), aliases)
        if rest.units:
            out.append((_VERB_ROLES.get(m.group(3), Role.SUPPORT), rest.units, rest.remark))
    return out


def heading_of(node: Node, by_id: Mapping[str, Node]) -> str | None:
    """The nearest ancestor (or the node itself) that is not a plain paragraph."""
    current: Node | None = node
    while current is not None:
        if current.kind is not NodeKind.PARAGRAPH:
            return current.id
        current = by_id.get(current.parent) if current.parent else None
    return None


def _roles(
    role: Role, body: str, aliases: Mapping[str, str]
) -> list[tuple[Role, tuple[str, ...], str | None]]:
    """The units of one segment with their roles: "A（牵头）、B" under 责任单位 is a lead and a supporter."""
    units = split_units(body, aliases)
    if not units.units:
        return []
    remark = units.remark
    if role in (Role.RESPONSIBLE, Role.LEAD) and _LEAD_MARK.search(body):
        leads: list[str] = []
        for piece in re.split(r"[、，,；;]", body):
            if _LEAD_MARK.search(piece):
                leads.extend(split_units(_LEAD_MARK.sub("", piece), aliases).units)
        leads = [u for u in leads if u in units.units]
        if leads:
            rest = tuple(u for u in units.units if u not in leads)
            kept = [r for r in (remark or "").split("；") if r and r not in ("牵头", "牵头单位")]
            remark = "；".join(kept) or None
            out = [(Role.LEAD, tuple(leads), remark)]
            if rest:
                out.append((Role.SUPPORT, rest, remark))
            return out
    return [(role, units.units, remark)]


def _note_only(node: Node) -> bool:
    """A paragraph that is nothing but a note without brackets: a trailing line "责任单位：…"."""
    if node.kind is not NodeKind.PARAGRAPH:
        return False
    m = _BARE.match(node.text)
    return m is not None and m.start() == 0 and _BARE_END.search(node.text.rstrip("。！？!? ")) is None


def extract_responsibilities(nodes: Sequence[Node], aliases: Mapping[str, str]) -> list[Responsibility]:
    out: list[Responsibility] = []
    by_id = {n.id: n for n in nodes}
    previous: Node | None = None
    leads: dict[str, str] = {}  # the lead named by an owner's earlier note-only line
    for node in nodes:
        owner = node
        lines = node.lines
        trailing = previous is not None and _note_only(node)
        if previous is not None and trailing:
            owner, lines = previous, Span(previous.lines.start, node.lines.end)
        heading = heading_of(owner, by_id)
        for text in (node.title, node.text):
            spans: list[tuple[int, int]] = []
            for start, end, inner in find_notes(text):
                spans.append((start, end))
                bracketed = text[start] in _OPENING
                roles_text, due = _split_due(inner)
                parsed = _parse(roles_text, aliases)
                lead_unit = next(
                    (u[0] for role, u, _ in parsed if role is Role.LEAD),
                    next((u[0] for role, u, _ in parsed if role is Role.RESPONSIBLE), None),
                )
                if lead_unit is None and trailing:
                    lead_unit = leads.get(owner.id)  # "牵头单位：A" then a line "配合单位：B、C"
                elif lead_unit is not None and trailing:
                    leads.setdefault(owner.id, lead_unit)
                for role, units, remark in parsed:
                    out.append(
                        Responsibility(
                            node=owner.id,
                            heading=heading,
                            role=role,
                            units=units,
                            lead=lead_unit,
                            remark=remark,
                            text=f"（{inner}）" if bracketed else inner,
                            lines=lines,
                            due=due,
                        )
                    )
            out.extend(_led_by(text, owner, heading, lines, aliases, spans))
        if node.kind is not NodeKind.TABLE:
            previous = owner
    return out


def _led_by(
    text: str,
    node: Node,
    heading: str | None,
    lines: Span,
    aliases: Mapping[str, str],
    notes: list[tuple[int, int]] | None = None,
) -> Iterator[Responsibility]:
    """由A牵头，B配合 → A leads, B supports (unless it is inside a note already read)."""
    if "牵头" not in text:
        return
    for m in _LED_BY.finditer(text):
        if any(start <= m.start() < end for start, end in _near(notes or [], m.start())):
            continue
        lead = split_units(m.group(1), aliases).units
        support = split_units(m.group(2), aliases).units
        if not lead or not support:
            continue
        for role, units in ((Role.LEAD, lead), (Role.SUPPORT, support)):
            yield Responsibility(node.id, heading, role, units, lead[0], None, m.group(0), lines)
