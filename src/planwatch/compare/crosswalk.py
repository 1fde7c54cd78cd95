"""The indicator crosswalk between an older plan A and a newer plan B: suggested pairs with evidence.

Every A×B pair is tried against the rules below, strongest first; a pair is suggested when neither
indicator is already taken by a stronger one. Umbrella pairs may share an end: several A indicators
counted under one B aggregate are *merged*, one A aggregate broken out into several B indicators is
*split*. What remains is *dropped* (only in A) or *added* (only in B). Confirmed pairs (the user's
word) are fixed first and never second-guessed.

| strength | rule | label |
|---|---|---|
| 100 | same series key, units agree | continued |
| 95 | same series key, unit or kind differs | redefined |
| 90 | names differ only in filler words | renamed |
| 85 | a qualifier added or removed (高价值, 国家级, 每万人 …) | redefined |
| 80 | a share with the same numerator over another denominator | redefined |
| 80 | per-capita ↔ total of the same quantity | redefined |
| 75 | names ≥ 90 similar, same measure and unit | renamed |
| 60 | an umbrella term of one names the kind of thing the other counts | redefined / merged / split |
| 50 | same topic (≥ 70 similar), another measure (强度 → 增速) | replaced |

A percentage is never paired with a count or an amount by the name rules (a table row misread by the
reader can carry a name that looks like another indicator's).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from planwatch.compare.model import (
    CrosswalkRow,
    Evidence,
    IndicatorFacts,
    PairLabel,
)
from planwatch.compare.names import (
    PER_CAPITA,
    Measure,
    NameParts,
    families_clash,
    member_of,
    name_parts,
    shown,
    similarity,
    umbrella_of,
)
from planwatch.services.indicator_names import units_compatible

UMBRELLA_STRENGTH = 60
TOPIC_THRESHOLD = 70.0
RENAME_THRESHOLD = 90.0


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A pair the user confirmed or corrected; `a_ref`/`b_ref` None for dropped/added."""

    a_ref: str | None
    b_ref: str | None
    label: PairLabel
    by: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class _Edge:
    a: int
    b: int
    strength: int
    label: PairLabel
    rule: str
    score: float
    umbrella: str | None = None  # "merge" (A members → B aggregate) or "split"


def _unit_match(a: IndicatorFacts, b: IndicatorFacts) -> str:
    if a.unit.strip() == b.unit.strip():
        return "same"
    return "compatible" if units_compatible(a.unit, b.unit) else "different"


def _same_measure(a: IndicatorFacts, b: IndicatorFacts, pa: NameParts, pb: NameParts) -> bool:
    return pa.measure == pb.measure and a.kind == b.kind


def _edge(i: int, j: int, a: IndicatorFacts, b: IndicatorFacts, pa: NameParts, pb: NameParts) -> _Edge | None:
    score = similarity(pa.plain, pb.plain)
    if families_clash(a.unit, b.unit):
        return None
    units_ok = units_compatible(a.unit, b.unit)
    if pa.key == pb.key or (pa.measure is Measure.GROWTH and pa.plain == pb.plain):
        if units_ok and a.kind == b.kind:
            return _Edge(i, j, 100, PairLabel.CONTINUED, "名称按命名规则相同，单位一致", score)
        return _Edge(
            i,
            j,
            95,
            PairLabel.REDEFINED,
            f"名称相同，单位或类型不同（{a.unit or '无'}→{b.unit or '无'}）",
            score,
        )
    same_words = pa.plain == pb.plain or (pa.stem == pb.stem and pa.qualifiers == pb.qualifiers)
    if same_words and _same_measure(a, b, pa, pb):
        label = PairLabel.RENAMED if units_ok else PairLabel.REDEFINED
        return _Edge(i, j, 90, label, "名称仅有措辞差别", score)
    if pa.stem == pb.stem and pa.stem:
        added = sorted(pb.qualifiers - pa.qualifiers)
        removed = sorted(pa.qualifiers - pb.qualifiers)
        parts = [f"增加“{'、'.join(added)}”" for _ in [0] if added] + [
            f"去掉“{'、'.join(removed)}”" for _ in [0] if removed
        ]
        return _Edge(i, j, 85, PairLabel.REDEFINED, f"限定词变化：{'，'.join(parts)}", score)
    if pa.numerator and pb.numerator and pa.numerator == pb.numerator and pa.denominator != pb.denominator:
        rule = f"比重分母由“{shown(pa.denominator or '')}”改为“{shown(pb.denominator or '')}”"
        return _Edge(i, j, 80, PairLabel.REDEFINED, rule, score)
    pa_total = _without(pa.plain, PER_CAPITA)
    pb_total = _without(pb.plain, PER_CAPITA)
    if pa_total == pb_total and (pa.measure is Measure.PER_CAPITA) != (pb.measure is Measure.PER_CAPITA):
        rule = "由人均值改为总量" if pa.measure is Measure.PER_CAPITA else "由总量改为人均值"
        return _Edge(i, j, 80, PairLabel.REDEFINED, rule, score)
    if score >= RENAME_THRESHOLD and _same_measure(a, b, pa, pb) and units_ok:
        return _Edge(i, j, 75, PairLabel.RENAMED, f"名称相似度{score:.0f}", score)
    umbrella = _umbrella_edge(i, j, pa, pb, score)
    if umbrella is not None:
        return umbrella
    topic = similarity(pa.topic, pb.topic)
    if topic >= TOPIC_THRESHOLD and pa.measure != pb.measure:
        rule = f"同一主题（“{shown(pa.topic)}”与“{shown(pb.topic)}”相似度{topic:.0f}），统计方式不同"
        return _Edge(i, j, 50, PairLabel.REPLACED, rule, topic)
    return None


def _without(text: str, words: Iterable[str]) -> str:
    for word in words:
        text = text.replace(word, "")
    return text


def _umbrella_edge(i: int, j: int, pa: NameParts, pb: NameParts, score: float) -> _Edge | None:
    term_b = umbrella_of(pb.plain)
    if term_b and not umbrella_of(pa.plain):
        kind = member_of(pa.plain, term_b)
        if kind:
            rule = f"“{kind}”属于“{term_b}”的统计范围"
            return _Edge(i, j, UMBRELLA_STRENGTH, PairLabel.MERGED, rule, score, "merge")
    term_a = umbrella_of(pa.plain)
    if term_a and not umbrella_of(pb.plain):
        kind = member_of(pb.plain, term_a)
        if kind:
            rule = f"“{kind}”属于“{term_a}”的统计范围"
            return _Edge(i, j, UMBRELLA_STRENGTH, PairLabel.SPLIT, rule, score, "split")
    return None


def _evidence(edge: _Edge, a: IndicatorFacts, b: IndicatorFacts) -> Evidence:
    return Evidence(
        rule=edge.rule,
        name_similarity=round(edge.score, 1),
        unit_a=a.unit,
        unit_b=b.unit,
        unit_match=_unit_match(a, b),
        kind_a=a.kind,
        kind_b=b.kind,
        attribute_a=a.attribute,
        attribute_b=b.attribute,
        shared_units=tuple(u for u in a.units if u in set(b.units)),
    )


def evidence_for(a: IndicatorFacts, b: IndicatorFacts) -> Evidence:
    """The evidence for a pair the user made (whatever rule, if any, would have suggested it)."""
    pa, pb = name_parts(a.name, a.kind, a.unit), name_parts(b.name, b.kind, b.unit)
    edge = _edge(0, 0, a, b, pa, pb) or _Edge(
        0, 0, 0, PairLabel.REPLACED, "用户确认", similarity(pa.plain, pb.plain)
    )
    return _evidence(edge, a, b)


def _rationale(label: PairLabel, a: IndicatorFacts | None, b: IndicatorFacts | None, rule: str) -> str:
    if a is None and b is not None:
        return f"上期规划没有对应指标，“{b.name}”为新增指标。"
    if b is None and a is not None:
        return f"新规划中没有与“{a.name}”对应的指标，视为不再列入。"
    assert a is not None and b is not None
    lead = {
        PairLabel.CONTINUED: "延续上期指标",
        PairLabel.RENAMED: "同一指标更换名称",
        PairLabel.REDEFINED: "同一指标调整口径",
        PairLabel.REPLACED: "以新的统计方式替代上期指标",
        PairLabel.MERGED: "多个上期指标合并为一个",
        PairLabel.SPLIT: "上期指标拆分为多个",
    }[label]
    return f"“{a.name}”→“{b.name}”：{lead}（{rule}）。"


def crosswalk(
    a_items: Sequence[IndicatorFacts],
    b_items: Sequence[IndicatorFacts],
    confirmations: Sequence[Confirmation] = (),
) -> list[CrosswalkRow]:
    """Crosswalk rows: confirmed pairs, then suggested pairs (in A order), dropped, then added (B order)."""
    a_index = {x.ref: i for i, x in enumerate(a_items)}
    b_index = {x.ref: j for j, x in enumerate(b_items)}
    rows: list[tuple[float, CrosswalkRow]] = []
    a_used: dict[int, str | None] = {}  # index → umbrella mode of its edges (None: exclusive)
    b_used: dict[int, str | None] = {}
    for c in confirmations:
        i = a_index.get(c.a_ref) if c.a_ref else None
        j = b_index.get(c.b_ref) if c.b_ref else None
        if (c.a_ref and i is None) or (c.b_ref and j is None) or (i is None and j is None):
            continue  # the indicator is no longer in the plan
        mode = {PairLabel.MERGED: "merge", PairLabel.SPLIT: "split"}.get(c.label)
        if i is not None:
            a_used[i] = mode
        if j is not None:
            b_used[j] = mode
        a = a_items[i] if i is not None else None
        b = b_items[j] if j is not None else None
        evidence = evidence_for(a, b) if a is not None and b is not None else None
        rule = evidence.rule if evidence else ""
        order = float(i) if i is not None else 10_000.0 + float(j or 0)
        rows.append(
            (
                order,
                CrosswalkRow(
                    c.label,
                    a,
                    b,
                    _rationale(c.label, a, b, rule),
                    evidence,
                    confirmed=True,
                    confirmed_by=c.by,
                    note=c.note,
                ),
            )
        )
    confirmed_a = {i for i in a_used}
    confirmed_b = {j for j in b_used}
    parts_a = [name_parts(x.name, x.kind, x.unit) for x in a_items]
    parts_b = [name_parts(x.name, x.kind, x.unit) for x in b_items]
    edges: list[_Edge] = []
    free_a = [i for i in range(len(a_items)) if i not in confirmed_a]
    free_b = [j for j in range(len(b_items)) if j not in confirmed_b]
    for i in free_a:
        for j in free_b:
            edge = _edge(i, j, a_items[i], b_items[j], parts_a[i], parts_b[j])
            if edge is not None:
                edges.append(edge)
    edges.sort(key=lambda e: (-e.strength, -e.score, e.a, e.b))
    accepted: list[_Edge] = []
    for edge in edges:
        if not (
            _may_take(a_used, edge.a, edge.umbrella, "split")
            and _may_take(b_used, edge.b, edge.umbrella, "merge")
        ):
            continue
        a_used[edge.a] = edge.umbrella
        b_used[edge.b] = edge.umbrella
        accepted.append(edge)
    per_b: dict[int, int] = {}
    per_a: dict[int, int] = {}
    for edge in accepted:
        per_b[edge.b] = per_b.get(edge.b, 0) + 1
        per_a[edge.a] = per_a.get(edge.a, 0) + 1
    for edge in accepted:
        label = edge.label
        if edge.umbrella == "merge" and per_b[edge.b] < 2:
            label = PairLabel.REDEFINED
        if edge.umbrella == "split" and per_a[edge.a] < 2:
            label = PairLabel.REDEFINED
        a, b = a_items[edge.a], b_items[edge.b]
        rows.append(
            (
                float(edge.a),
                CrosswalkRow(label, a, b, _rationale(label, a, b, edge.rule), _evidence(edge, a, b)),
            )
        )
    for i in range(len(a_items)):
        if i not in a_used:
            a = a_items[i]
            rows.append(
                (
                    float(i),
                    CrosswalkRow(PairLabel.DROPPED, a, None, _rationale(PairLabel.DROPPED, a, None, "")),
                )
            )
    for j in range(len(b_items)):
        if j not in b_used:
            b = b_items[j]
            rows.append(
                (
                    10_000.0 + j,
                    CrosswalkRow(PairLabel.ADDED, None, b, _rationale(PairLabel.ADDED, None, b, "")),
                )
            )
    rows.sort(key=lambda item: (item[0], item[1].b.ref if item[1].b else ""))
    return [row for _, row in rows]


def _may_take(used: Mapping[int, str | None], index: int, mode: str | None, shared_mode: str) -> bool:
    """An end is free, or both the end's edges and this one are umbrella edges that may share it."""
    if index not in used:
        return True
    return mode == shared_mode and used[index] == shared_mode
