"""Reading fidelity on real documents of other places: precision and recall per part, against hand-written facts.

Every `tests/golden/real/<slug>.txt|.html` is read with the product reader (`parse_plan_file`) and compared
with `<slug>.expected.json` (format: tests/golden/real/README.md). Printed per document and as the mean
per part: headings, indicators, responsibility notes, targets and past figures, plus whether the document
kind and year were recognised and how often metric names were right.

Matching rules (one expected fact matches at most one extracted fact, and the other way round):

- **Text** is compared after NFKC folding (full- and half-width punctuation become one), with whitespace,
  quotation marks and trailing 。；;：: dropped.
- **Headings**: marker + title of an extracted heading equals an expected item. Precision counts only the
  extracted headings of the styles the expectation covers (`一、`, `（一）`, `1.`, `第一章` …), so a table of
  contents or a site menu read as headings of those styles counts against it.
- **Metric and indicator names** match when `planwatch.services.indicator_names.series_key` says they are
  the same series, when both are growth names (X增长/增速/年均增长…) of the same level series, or when one
  normalised name contains the other and the shorter has at least 60% of the longer's characters (so
  年产值 does not pass for 生物产业年产值, nor 增长 for 地区生产总值增长).
- **Values** are exact (a range or bound is compared by its low end, the `value`); **years** are exact
  (null only matches null); **units** are equal after NFKC folding (an expected empty unit accepts any),
  with magnitude words multiplied out of counts on both sides (85 万人 = 850000 人, as the reader writes
  counts) while money keeps them (1300 亿元).
- **Indicators**: name and unit as above, target and baseline as numbers (exact) or, for a target in
  words, the expected words contained in the cell's text; an expected `null` cell is not compared.
- **Targets / past figures**: only extracted facts whose source lines contain one of the expectation's
  scope anchors are judged (all, when the scope is null). Metric-name rightness: of the expected facts
  whose value, unit and year are found among the judged facts, the share whose name matches too.
- **Responsibility notes**: the notes of one outline node are taken together (lead + all units; a task
  table's row is a node of its own); a note matches when its set of units equals the expected set and,
  where one is expected, its lead and its deadline (完成时限, as written) too.

A part with nothing expected and nothing extracted is not scored (—); with nothing expected but something
extracted, its precision is 0. Means are over the documents where a figure is defined.

Run: make fidelity   (or: .venv/bin/python bench/fidelity.py [--details SLUG] [--json OUT])
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from planwatch.domain.errors import PlanwatchError
from planwatch.domain.plan import HEADING_KINDS, Indicator, Plan, Role, ValuePoint
from planwatch.services.indicator_names import level_series_name, series_key
from planwatch.services.parsing import parse_plan_file

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "golden" / "real"
PARTS = ("headings", "indicators", "responsibilities", "targets", "past_figures")
SHORT = {
    "headings": "标题",
    "indicators": "指标",
    "responsibilities": "责任",
    "targets": "目标",
    "past_figures": "过往",
}

Expected = dict[str, object]
E = TypeVar("E")
G = TypeVar("G")


def norm(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    folded = re.sub(r"[\s\"'“”‘’「」]", "", folded)
    return re.sub(r"[。；;:：,，]+$", "", folded)


_STYLES = (
    ("part", re.compile(r"^第[一二三四五六七八九十百零〇]+篇")),
    ("chapter", re.compile(r"^第[一二三四五六七八九十百零〇]+章")),
    ("jie", re.compile(r"^第[一二三四五六七八九十百零〇]+节")),
    ("cn", re.compile(r"^[一二三四五六七八九十百]+、")),
    ("paren_cn", re.compile(r"^\([一二三四五六七八九十百]+\)")),
    ("paren_num", re.compile(r"^\(\d+\)")),
    ("num", re.compile(r"^\d+[.、．]")),
    ("circled", re.compile(r"^[①-⑳]")),
)


def style(heading: str) -> str | None:
    text = norm(heading)
    return next((name for name, pattern in _STYLES if pattern.match(text)), None)


def names_match(expected: str, got: str) -> bool:
    if not got:
        return False
    if series_key(expected) == series_key(got):
        return True
    level_e, level_g = level_series_name(expected), level_series_name(got)
    if level_e and level_g and series_key(level_e) == series_key(level_g):
        return True
    a, b = series_key(expected), series_key(got)
    short, long_ = sorted((a, b), key=len)
    return bool(short) and short in long_ and len(short) / len(long_) >= 0.6


_SCALES = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4), ("千", 1e3), ("百", 1e2))
_MONEY = ("元", "美元", "港元", "欧元")


def scaled(value: float, unit: str) -> tuple[float, str]:
    """85 万人 → 850000 人, 1.4 万亿斤 → 1.4e12 斤 (the reader multiplies counts out); money keeps 亿元."""
    unit = unicodedata.normalize("NFKC", unit)
    for prefix, factor in _SCALES:
        rest = unit[len(prefix) :]
        if unit.startswith(prefix) and rest and not rest.startswith(_MONEY) and "/" not in unit:
            return value * factor, rest
    return value, unit


def same_value(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-9 * max(1.0, abs(a))


def same_unit(expected: str, got: str) -> bool:
    return not expected or unicodedata.normalize("NFKC", expected) == unicodedata.normalize("NFKC", got)


@dataclass
class PartScore:
    expected: int = 0
    extracted: int = 0
    matched: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        if self.extracted == 0:
            return None if self.expected == 0 else 0.0
        return self.matched / self.extracted

    @property
    def recall(self) -> float | None:
        return None if self.expected == 0 else self.matched / self.expected


@dataclass
class DocumentScore:
    slug: str
    error: str | None = None
    kind_ok: bool | None = None
    year_ok: bool | None = None
    parts: dict[str, PartScore] = field(default_factory=dict)
    names_judged: int = 0
    names_right: int = 0

    @property
    def name_rightness(self) -> float | None:
        return None if self.names_judged == 0 else self.names_right / self.names_judged


def pair(expected: Sequence[E], got: Sequence[G], same: Callable[[E, G], bool]) -> tuple[list[E], list[G]]:
    """Greedy one-to-one matching; returns the unmatched expected and unmatched extracted items."""
    free = list(range(len(got)))
    misses = []
    for item in expected:
        hit = next((i for i in free if same(item, got[i])), None)
        if hit is None:
            misses.append(item)
        else:
            free.remove(hit)
    return misses, [got[i] for i in free]


def score_part(
    expected: Sequence[E], got: Sequence[G], same: Callable[[E, G], bool], show: Callable[[object], str]
) -> PartScore:
    misses, extras = pair(expected, got, same)
    return PartScore(
        expected=len(expected),
        extracted=len(got),
        matched=len(expected) - len(misses),
        misses=[show(m) for m in misses],
        extras=[show(x) for x in extras],
    )


def source_text(plan: Plan, start: int, end: int) -> str:
    return norm("".join(plan.source.lines[max(start - 1, 0) : end]))


def in_scope(plan: Plan, start: int, end: int, anchors: object) -> bool:
    if anchors is None:
        return True
    text = source_text(plan, start, end)
    return any(norm(str(a)) in text for a in anchors)  # type: ignore[attr-defined]


def cell_ok(expected: object, point: ValuePoint) -> bool:
    if expected is None:
        return True
    if isinstance(expected, (int, float)):
        return same_value(float(expected), point.value)
    want, text = norm(str(expected)), norm(point.text)
    return bool(text) and (want in text or text in want)


def indicator_ok(exp: dict[str, object], ind: Indicator) -> bool:
    return (
        names_match(str(exp["name"]), ind.name)
        and same_unit(str(exp["unit"]), ind.unit)
        and cell_ok(exp["target"], ind.target)
        and cell_ok(exp["baseline"], ind.baseline)
    )


@dataclass(frozen=True)
class Fact:
    metric: str
    value: float
    unit: str
    year: int | None


def fact_ok(exp: dict[str, object], got: Fact) -> bool:
    return value_ok(exp, got) and names_match(str(exp["metric"]), got.metric)


def value_ok(exp: dict[str, object], got: Fact) -> bool:
    value = exp["value"]
    if not isinstance(value, (int, float)) or exp["year"] != got.year:
        return False
    want_value, want_unit = scaled(float(value), str(exp["unit"]))
    got_value, got_unit = scaled(got.value, got.unit)
    return same_value(want_value, got_value) and same_unit(want_unit, got_unit)


@dataclass(frozen=True)
class Note:
    lead: str | None
    units: tuple[str, ...]
    deadline: str | None = None


def notes(plan: Plan, anchors: object) -> list[Note]:
    """Responsibility notes taken together per outline node (a 牵头单位 line and a 责任单位 line are one note)."""
    by_node: dict[str, tuple[list[str | None], list[str]]] = {}
    due: dict[str, str] = {}
    order: list[str] = []
    for r in plan.responsibilities:
        if not in_scope(plan, r.lines.start, r.lines.end, anchors):
            continue
        if r.node not in by_node:
            by_node[r.node] = ([], [])
            order.append(r.node)
        leads, units = by_node[r.node]
        if r.due is not None:
            due.setdefault(r.node, r.due.text)
        lead = r.lead if r.lead else (r.units[0] if r.role is Role.LEAD and r.units else None)
        if lead:
            leads.append(lead)
        units.extend(u for u in r.units if u not in units)
    return [
        Note(by_node[n][0][0] if by_node[n][0] else None, tuple(by_node[n][1]), due.get(n)) for n in order
    ]


def note_ok(exp: dict[str, object], got: Note) -> bool:
    want = {norm(str(u)) for u in exp["units"]}  # type: ignore[attr-defined]
    if want != {norm(u) for u in got.units}:
        return False
    lead = exp.get("lead")
    if lead is not None and (got.lead is None or norm(str(lead)) != norm(got.lead)):
        return False
    deadline = exp.get("deadline")  # a task table's 完成时限, where the expectation gives one
    return deadline is None or (got.deadline is not None and norm(str(deadline)) == norm(got.deadline))


def show_indicator(x: object) -> str:
    if isinstance(x, Indicator):
        return f"{x.name} [{x.unit}] {x.baseline.text} → {x.target.text}"
    assert isinstance(x, dict)
    return f"{x['name']} [{x['unit']}] {x['baseline']} → {x['target']}"


def show_fact(x: object) -> str:
    if isinstance(x, Fact):
        return f"{x.metric}={x.value:g}{x.unit}@{x.year}"
    assert isinstance(x, dict)
    return f"{x['metric']}={x['value']}{x['unit']}@{x['year']}"


def items(spec: object) -> list[dict[str, object]]:
    return list(spec["items"]) if isinstance(spec, dict) else []


def score_document(path: Path) -> DocumentScore:
    slug = path.name.rsplit(".", 1)[0]
    spec = json.loads((REAL / f"{slug}.expected.json").read_text(encoding="utf-8"))
    result = DocumentScore(slug)
    try:
        plan = parse_plan_file(path)
    except PlanwatchError as exc:
        result.error = str(exc)
        for part in PARTS:
            if part in spec:
                result.parts[part] = PartScore(expected=len(items(spec[part])))
        return result
    document = getattr(plan, "document", None)
    want = spec.get("document", {})
    result.kind_ok = document is not None and getattr(document, "kind", None) == want.get("kind")
    result.year_ok = document is not None and getattr(document, "year", None) == want.get("year")

    if "headings" in spec:
        styles = {style(h) for h in spec["headings"]["items"]} | {
            style(m) for m in spec["headings"]["markers"]
        }
        styles.discard(None)
        got = [
            n.marker + n.title
            for n in plan.nodes
            if n.kind in HEADING_KINDS and style(n.marker + n.title) in styles
        ]
        result.parts["headings"] = score_part(
            spec["headings"]["items"], got, lambda e, g: norm(e) == norm(g), str
        )
    if "indicators" in spec:
        result.parts["indicators"] = score_part(
            items(spec["indicators"]), list(plan.indicators), indicator_ok, show_indicator
        )
    if "responsibilities" in spec:
        scope = spec["responsibilities"].get("scope")
        result.parts["responsibilities"] = score_part(
            items(spec["responsibilities"]), notes(plan, scope), note_ok, str
        )
    for part, facts in (("targets", plan.targets), ("past_figures", plan.observations)):
        if part not in spec:
            continue
        scope = spec[part].get("scope")
        judged = [
            Fact(f.metric, f.value, f.unit, f.year)
            for f in facts
            if in_scope(plan, f.lines.start, f.lines.end, scope)
        ]
        expected = items(spec[part])
        result.parts[part] = score_part(expected, judged, fact_ok, show_fact)
        for exp in expected:
            candidates = [g for g in judged if value_ok(exp, g)]
            if candidates:
                result.names_judged += 1
                result.names_right += any(names_match(str(exp["metric"]), g.metric) for g in candidates)
    return result


def documents() -> list[Path]:
    return sorted(
        p for p in REAL.iterdir() if p.suffix in {".txt", ".html", ".docx"} and p.name != "README.md"
    )


def score_all(paths: Iterable[Path] | None = None) -> list[DocumentScore]:
    return [score_document(p) for p in (paths if paths is not None else documents())]


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.fmean(present) if present else None


def f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def fmt(value: float | None) -> str:
    return "  — " if value is None else f"{value:4.2f}"


def flag(value: bool | None) -> str:
    return "—" if value is None else ("✓" if value else "✗")


def report(scores: list[DocumentScore]) -> str:
    head = (
        f"{'document':48} kind year " + " ".join(f"{SHORT[p]:>2}P  {SHORT[p]:>2}R " for p in PARTS) + " names"
    )
    lines = [head, "-" * len(head)]
    for s in scores:
        cells = []
        for part in PARTS:
            ps = s.parts.get(part)
            cells.append(f"{fmt(ps.precision if ps else None)} {fmt(ps.recall if ps else None)}")
        lines.append(
            f"{s.slug[:48]:48} {flag(s.kind_ok):>4} {flag(s.year_ok):>4} "
            + " ".join(cells)
            + f"  {fmt(s.name_rightness)}"
            + ("  (未读出: " + s.error[:40] + ")" if s.error else "")
        )
    lines.append("-" * len(head))
    means = []
    for part in PARTS:
        p = mean(s.parts[part].precision for s in scores if part in s.parts)
        r = mean(s.parts[part].recall for s in scores if part in s.parts)
        means.append((part, p, r))
    kinds = mean(float(s.kind_ok) for s in scores if s.kind_ok is not None)
    years = mean(float(s.year_ok) for s in scores if s.year_ok is not None)
    judged = sum(s.names_judged for s in scores)
    right = sum(s.names_right for s in scores)
    lines.append(
        f"{'mean':48} {fmt(kinds):>4} {fmt(years):>4} "
        + " ".join(f"{fmt(p)} {fmt(r)}" for _, p, r in means)
        + f"  {fmt(right / judged if judged else None)}"
    )
    lines.append("")
    lines.append(
        "mean per part: "
        + "; ".join(f"{part} P {fmt(p)} R {fmt(r)} F1 {fmt(f1(p, r))}" for part, p, r in means)
    )
    lines.append(
        f"metric names right: {right}/{judged} of the expected facts whose value, unit and year were found"
    )
    return "\n".join(lines)


def details(score: DocumentScore) -> str:
    out = [f"== {score.slug}"]
    for part, ps in score.parts.items():
        out.append(f"-- {part}: expected {ps.expected}, extracted {ps.extracted}, matched {ps.matched}")
        out.extend(f"   missing: {m}" for m in ps.misses)
        out.extend(f"   extra:   {x}" for x in ps.extras)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--details",
        action="append",
        default=[],
        help="list misses and extras for a slug ('all' for every one)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    scores = score_all()
    print(report(scores))
    for s in scores:
        if "all" in args.details or s.slug in args.details:
            print()
            print(details(s))
    if args.json:
        data = [
            {
                "slug": s.slug,
                "kind_ok": s.kind_ok,
                "year_ok": s.year_ok,
                "name_rightness": s.name_rightness,
                "parts": {k: {"precision": v.precision, "recall": v.recall} for k, v in s.parts.items()},
            }
            for s in scores
        ]
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
