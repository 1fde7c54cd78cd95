"""Reading a stored plan: the plan list, the outline with its facts, and the original source lines.

Every fact planwatch extracts points at source lines; these use cases put facts back next to the
wording they came from. Each one loads a whole revision in a fixed number of queries and assembles the
tree in memory, so a 2,000-line plan costs no more round trips than a short one.

Highlighting is decided here, in Python, as lists of text parts (marked or not), so templates only
ever print escaped text around a <mark>.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.errors import InputError
from planwatch.domain.plan import NodeKind
from planwatch.services.plans import newest_first
from planwatch.store import NotFoundError, transaction
from planwatch.store.outline import (
    NoteOut,
    PlanFigureOut,
    RevisionContent,
    RevisionCounts,
    choose_revision,
    revision_content,
    revision_counts,
    revision_nodes,
)
from planwatch.store.plans import list_plans
from planwatch.store.sources import revision_lines, revisions_with_source
from planwatch.store.views import IndicatorOut, NodeOut, PlanSummary, RevisionOut, TargetOut

SOURCE_CONTEXT = 30  # lines shown before and after the asked-for range
DEFAULT_WINDOW = 100  # lines shown when no range is asked for
MIN_PIECE = 4  # shortest piece of a sentence matched on its own when the whole is interrupted
GAP_REACH = 200  # how far before the first or after the last piece leftover characters are looked for
MAX_QUERY = 200  # longest filter phrase accepted
MAX_HIGHLIGHT = 2000  # longest sentence highlighted on the source page (longer ones are cut)


# --- highlighting ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextPart:
    """A piece of text; `mark` says whether it is highlighted."""

    text: str
    mark: bool = False


def clean_query(q: str | None) -> str:
    """A filter phrase: trimmed, or InputError when it is unreasonably long."""
    phrase = (q or "").strip()
    if len(phrase) > MAX_QUERY:
        raise InputError(f"搜索词太长（{len(phrase)} 字），请缩短到 {MAX_QUERY} 字以内后重试。")
    return phrase


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def contains_phrase(text: str, phrase: str) -> bool:
    """True when `text` contains `phrase`, ignoring case and full-/half-width differences."""
    return not phrase or _fold(phrase) in _fold(text)


def mark_phrase(text: str, phrase: str) -> tuple[TextPart, ...]:
    """`text` split into parts with every occurrence of `phrase` marked (case- and width-insensitive)."""
    if not phrase or not text:
        return (TextPart(text),) if text else ()
    folded, owners = _folded_index(text, skip_space=False)
    needle = _fold(phrase)
    marked = [False] * len(text)
    start = folded.find(needle)
    while start >= 0 and needle:
        for k in range(start, start + len(needle)):
            marked[owners[k]] = True
        start = folded.find(needle, start + len(needle))
    return _parts(text, marked)


def _folded_index(text: str, *, skip_space: bool) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character."""
    chars: list[str] = []
    owners: list[int] = []
    for i, ch in enumerate(text):
        if skip_space and ch.isspace():
            continue
        folded = _fold(ch)
        chars.append(folded)
        owners.extend([i] * len(folded))
    return "".join(chars), owners


def _parts(text: str, marked: Sequence[bool]) -> tuple[TextPart, ...]:
    parts: list[TextPart] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or marked[i] != marked[start]:
            parts.append(TextPart(text[start:i], marked[start]))
            start = i
    return tuple(parts)


def _pieces(hay: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` occurs in `hay`: whole if it can, else as an in-order run of its longest pieces.

    A sentence in a cleaned plan is re-joined from wrapped lines; in the source it can be interrupted
    by page numbers or a table row that the cleaner set aside. Matching piece by piece (each at least
    MIN_PIECE characters, each after the previous one) still finds all of its words; the few characters
    left between two pieces (（责 | 7 国家级… | 任单位：…) are then looked for in the gap between them.
    """
    if not needle:
        return []
    whole = hay.find(needle)
    if whole >= 0:
        return [(whole, whole + len(needle))]
    found_pieces: list[tuple[int, int, int]] = []  # needle start, needle end, hay start
    i = cursor = 0
    while i < len(needle):
        if len(needle) - i < MIN_PIECE or hay.find(needle[i : i + MIN_PIECE], cursor) < 0:
            i += 1
            continue
        size, top = MIN_PIECE, len(needle) - i
        while size < top:  # the longest prefix of needle[i:] still present after the cursor
            mid = (size + top + 1) // 2
            if hay.find(needle[i : i + mid], cursor) >= 0:
                size = mid
            else:
                top = mid - 1
        pos = hay.find(needle[i : i + size], cursor)
        found_pieces.append((i, i + size, pos))
        cursor = pos + size
        i += size
    spans = [(pos, pos + end - start) for start, end, pos in found_pieces]
    if not found_pieces:
        return spans
    # characters of the needle left between pieces: nearest occurrence inside the gap of the hay
    previous_end_in_hay = max(0, found_pieces[0][2] - GAP_REACH)
    previous_end_in_needle = 0
    for start, end, pos in found_pieces:
        gap = needle[previous_end_in_needle:start]
        if gap:
            at = hay.rfind(gap, previous_end_in_hay, pos)
            if at >= 0:
                spans.append((at, at + len(gap)))
        previous_end_in_hay, previous_end_in_needle = pos + end - start, end
    tail = needle[previous_end_in_needle:]
    if tail:
        at = hay.find(tail, previous_end_in_hay, previous_end_in_hay + GAP_REACH + len(tail))
        if at >= 0:
            spans.append((at, at + len(tail)))
    return sorted(spans)


def highlight_lines(lines: Sequence[str], sentence: str) -> tuple[list[tuple[TextPart, ...]], bool]:
    """Each line split into parts with `sentence` marked where the lines say it; and whether it was found.

    Spaces and line breaks are ignored when matching (the cleaner removed them), so a sentence wrapped
    over several source lines is marked on each of them.
    """
    needle = "".join(_fold(ch) for ch in sentence if not ch.isspace())
    hay_chars: list[str] = []
    owners: list[tuple[int, int]] = []
    for n, line in enumerate(lines):
        folded, index = _folded_index(line, skip_space=True)
        hay_chars.append(folded)
        owners.extend((n, i) for i in index)
    marks = [[False] * len(line) for line in lines]
    spans = _pieces("".join(hay_chars), needle)
    for start, end in spans:
        for k in range(start, end):
            n, i = owners[k]
            marks[n][i] = True
    for n, line in enumerate(lines):  # spaces between two marked characters of a line are marked too
        flags = marks[n]
        last: int | None = None
        for i in range(len(line)):
            if flags[i]:
                if last is not None and i - last > 1 and line[last + 1 : i].isspace():
                    for k in range(last + 1, i):
                        flags[k] = True
                last = i
    found = sum(end - start for start, end in spans) >= max(1, len(needle) // 2)
    return [_parts(line, marks[n]) if line else () for n, line in enumerate(lines)], found


def quote_figure(value: float | None, unit: str = "") -> str:
    """A figure as the plan states it, without rounding: 152.67亿元, 12,000家 (— when missing)."""
    if value is None:
        return "—"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return f"{'0' if text == '-0' else text}{unit}"


def link_param(text: str, limit: int = 300) -> str:
    """`text` (cut to `limit` characters) for a query string: ASCII escaped, Chinese left as it is.

    Browsers send non-ASCII link text percent-encoded anyway; leaving it readable in the page keeps a
    page with hundreds of sentence links a third of the size.
    """
    return "".join(ch if ord(ch) > 127 and not ch.isspace() else quote(ch, safe="") for ch in text[:limit])


# --- plan list ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanCounts:
    """How much the current revision of a plan holds."""

    nodes: int
    chapters: int
    boxes: int
    indicators: int
    targets: int
    tasks: int


def _counts(counts: RevisionCounts | None) -> PlanCounts:
    c = counts or RevisionCounts()
    return PlanCounts(c.nodes, c.chapters, c.boxes, c.indicators, c.targets, c.tasks)


@dataclass(frozen=True, slots=True)
class PlanListItemOut:
    """A stored plan with its current revision and what that revision holds."""

    plan: PlanSummary
    counts: PlanCounts
    has_source: bool  # whether the original lines of the current revision are stored


@dataclass(frozen=True, slots=True)
class PlanOverviewOut:
    """A plan with every revision and the counts of its current revision."""

    plan: PlanSummary
    revisions: tuple[RevisionOut, ...]
    counts: PlanCounts
    has_source: bool


def plan_list(factory: sessionmaker[Session]) -> list[PlanListItemOut]:
    """Every stored plan, newest period first, with counts of its current revision."""
    with transaction(factory, read_only=True) as session:
        plans = list_plans(session)
        ids = [p.current.id for p in plans]
        counts = revision_counts(session, ids)
        stored = revisions_with_source(session, ids)
    return [
        PlanListItemOut(p, _counts(counts.get(p.current.id)), p.current.id in stored)
        for p in newest_first(plans)
    ]


def plan_overview(factory: sessionmaker[Session], plan_id: int) -> PlanOverviewOut:
    """One plan: summary, all revisions (oldest first) and the counts of the current revision."""
    with transaction(factory, read_only=True) as session:
        choice = choose_revision(session, plan_id)
        counts = revision_counts(session, [choice.revision.id])
        stored = revisions_with_source(session, [choice.revision.id])
    return PlanOverviewOut(
        plan=choice.plan,
        revisions=choice.revisions,
        counts=_counts(counts.get(choice.revision.id)),
        has_source=choice.revision.id in stored,
    )


def plan_id_from(raw: str | None, factory: sessionmaker[Session]) -> int:
    """The id of a stored plan from a form value (the header's plan switcher), or NotFoundError."""
    text = (raw or "").strip()
    if not text.isdigit():
        raise NotFoundError("所选规划编号无效，请在“全部规划”中查看已导入的规划后重新选择。")
    plan_id = int(text)
    with transaction(factory, read_only=True) as session:
        choose_revision(session, plan_id)  # NotFoundError for an unknown id
    return plan_id


# --- outline -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FigureOut:
    """A past figure placed on a clause, with the lines to cite."""

    observation_id: int
    indicator_id: int
    metric: str
    year: int
    value: float
    unit: str
    sentence: str
    line_start: int
    line_end: int


@dataclass(frozen=True, slots=True)
class OutlineNodeOut:
    """A clause or heading of the outline with the facts extracted from it and its sub-clauses."""

    id: int
    key: str
    kind: NodeKind
    marker: str
    number: str | None
    title: str
    text: str
    line_start: int
    line_end: int
    depth: int
    matched: bool  # contains the filter phrase (always True without a filter)
    notes: tuple[NoteOut, ...]
    indicators: tuple[IndicatorOut, ...]
    targets: tuple[TargetOut, ...]
    figures: tuple[FigureOut, ...]
    children: tuple[OutlineNodeOut, ...]

    @property
    def label(self) -> str:
        """Marker and title as the plan prints them: 第二章 创建…, 专栏 2-1 湖北实验室."""
        return f"{self.marker} {self.title}".strip()

    @property
    def has_facts(self) -> bool:
        return bool(self.notes or self.indicators or self.targets or self.figures)


@dataclass(frozen=True, slots=True)
class PlanOutlineOut:
    """A revision's outline as a tree, with what was filtered for."""

    plan: PlanSummary
    revision: RevisionOut
    revisions: tuple[RevisionOut, ...]
    line_count: int
    has_source: bool
    q: str
    node_count: int
    match_count: int  # nodes containing the filter phrase (all nodes without a filter)
    roots: tuple[OutlineNodeOut, ...]

    def walk(self) -> Iterator[OutlineNodeOut]:
        """Every node in document order."""
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


TOC_KINDS = frozenset(
    {
        NodeKind.CHAPTER,
        NodeKind.SECTION,
        NodeKind.SUBSECTION,
        NodeKind.ITEM,
        NodeKind.BOX,
        NodeKind.BOX_ENTRY,
        NodeKind.TABLE,
    }
)


@dataclass(frozen=True, slots=True)
class TocEntry:
    """A line of the table of contents: headings, boxes with their entries, and tables."""

    id: int
    kind: NodeKind
    label: str
    matched: bool
    children: tuple[TocEntry, ...]


def table_of_contents(roots: Sequence[OutlineNodeOut]) -> tuple[TocEntry, ...]:
    """The headings, boxes, box entries and tables of an outline, nested as in the plan.

    Paragraphs and deeper list levels are left out; a heading below a paragraph still shows, under the
    nearest heading above it.
    """

    def entries(nodes: Sequence[OutlineNodeOut]) -> list[TocEntry]:
        out: list[TocEntry] = []
        for node in nodes:
            below = entries(node.children)
            if node.kind in TOC_KINDS:
                label = node.label or ("表格" if node.kind is NodeKind.TABLE else node.text[:20])
                out.append(TocEntry(node.id, node.kind, label, node.matched, tuple(below)))
            else:
                out.extend(below)
        return out

    return tuple(entries(roots))


def _compact(text: str) -> str:
    return "".join(_fold(ch) for ch in text if not ch.isspace())


def _place_figures(
    nodes: Sequence[NodeOut], figures: Sequence[PlanFigureOut], revision_id: int
) -> dict[int, list[FigureOut]]:
    """Each past figure on the clause that states it.

    Figures of this revision cite their lines: the innermost clause covering them that contains the
    sentence wins. A figure first stated by an earlier revision is not stored again, so it is placed on
    whichever clause of this revision contains its sentence (citing that clause's lines), if any.
    """
    compact = {n.id: _compact(n.text) for n in nodes}
    placed: dict[int, list[FigureOut]] = {}
    for fig in figures:
        sentence = _compact(fig.sentence)
        node: NodeOut | None = None
        if fig.revision_id == revision_id and fig.line_start is not None:
            covering = [n for n in nodes if n.line_start <= fig.line_start <= n.line_end]
            with_text = [n for n in covering if sentence and sentence in compact[n.id]]
            pool = with_text or covering
            node = min(pool, key=lambda n: n.line_end - n.line_start) if pool else None
        if node is None and sentence:
            node = next((n for n in nodes if sentence in compact[n.id]), None)
        if node is None:
            continue
        own_lines = fig.revision_id == revision_id and fig.line_start is not None
        placed.setdefault(node.id, []).append(
            FigureOut(
                observation_id=fig.observation_id,
                indicator_id=fig.indicator_id,
                metric=fig.metric,
                year=fig.year,
                value=fig.value,
                unit=fig.unit,
                sentence=fig.sentence,
                line_start=fig.line_start if own_lines and fig.line_start is not None else node.line_start,
                line_end=fig.line_end if own_lines and fig.line_end is not None else node.line_end,
            )
        )
    return placed


def build_outline(content: RevisionContent, *, q: str = "", has_source: bool = False) -> PlanOutlineOut:
    """The outline tree of a revision with each fact on its clause; with `q`, only matching branches."""
    nodes = content.nodes
    known = {n.id for n in nodes}
    notes: dict[int, list[NoteOut]] = {}
    for note in content.notes:
        if note.node_id in known:
            notes.setdefault(note.node_id, []).append(note)
    indicators: dict[int, list[IndicatorOut]] = {}
    for ind in content.indicators:
        if ind.node_id in known:
            indicators.setdefault(ind.node_id, []).append(ind)
    targets: dict[int, list[TargetOut]] = {}
    for target in content.targets:
        if target.node_id in known:
            targets.setdefault(target.node_id, []).append(target)
    figures = _place_figures(nodes, content.figures, content.choice.revision.id)

    children: dict[int | None, list[NodeOut]] = {}
    for node in nodes:
        parent = node.parent_id if node.parent_id in known else None
        children.setdefault(parent, []).append(node)

    matches = 0

    def build(node: NodeOut, depth: int) -> OutlineNodeOut | None:
        nonlocal matches
        kids = [b for b in (build(c, depth + 1) for c in children.get(node.id, [])) if b is not None]
        matched = not q or contains_phrase(f"{node.marker} {node.title}\n{node.text}", q)
        matches += matched
        if q and not matched and not kids:
            return None
        return OutlineNodeOut(
            id=node.id,
            key=node.key,
            kind=node.kind,
            marker=node.marker,
            number=node.number,
            title=node.title,
            text=node.text,
            line_start=node.line_start,
            line_end=node.line_end,
            depth=depth,
            matched=matched,
            notes=tuple(notes.get(node.id, ())),
            indicators=tuple(indicators.get(node.id, ())),
            targets=tuple(targets.get(node.id, ())),
            figures=tuple(figures.get(node.id, ())),
            children=tuple(kids),
        )

    roots = [b for b in (build(n, 0) for n in children.get(None, [])) if b is not None]
    return PlanOutlineOut(
        plan=content.choice.plan,
        revision=content.choice.revision,
        revisions=content.choice.revisions,
        line_count=content.choice.line_count,
        has_source=has_source,
        q=q,
        node_count=len(nodes),
        match_count=matches,
        roots=tuple(roots),
    )


def plan_outline(
    factory: sessionmaker[Session], plan_id: int, *, q: str | None = None, revision_id: int | None = None
) -> PlanOutlineOut:
    """The outline of a plan's revision (default: current) with facts per clause, optionally filtered."""
    phrase = clean_query(q)
    with transaction(factory, read_only=True) as session:
        content = revision_content(session, plan_id, revision_id)
        stored = revisions_with_source(session, [content.choice.revision.id])
    return build_outline(content, q=phrase, has_source=content.choice.revision.id in stored)


# --- source ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceLineOut:
    """One line of the original document. `parts` carry the highlighted sentence, if any."""

    number: int
    text: str
    in_range: bool
    parts: tuple[TextPart, ...]


@dataclass(frozen=True, slots=True)
class SourceFragmentOut:
    """A stored clause standing in for the original lines when they were not stored."""

    node_id: int
    kind: NodeKind
    label: str
    text: str
    line_start: int
    line_end: int
    in_range: bool
    parts: tuple[TextPart, ...]


@dataclass(frozen=True, slots=True)
class SourceWindowOut:
    """Original lines `start`–`end` of a revision, with `line_from`–`line_to` the range asked about."""

    plan: PlanSummary
    revision: RevisionOut
    line_count: int
    has_source: bool
    line_from: int | None
    line_to: int | None
    start: int
    end: int
    highlight: str
    highlight_found: bool
    lines: tuple[SourceLineOut, ...]
    fragments: tuple[SourceFragmentOut, ...]  # only when the lines were not stored


def _check_range(
    line_from: int | None, line_to: int | None, line_count: int
) -> tuple[int | None, int | None]:
    if line_from is None and line_to is None:
        return None, None
    first = line_from if line_from is not None else line_to
    assert first is not None
    last = line_to if line_to is not None else first
    if first < 1 or last < 1:
        raise InputError("行号必须从 1 开始，请检查 from 和 to 参数。")
    if last < first:
        raise InputError(f"结束行（{last}）不能小于起始行（{first}），请检查 from 和 to 参数。")
    if first > line_count or last > line_count:
        raise InputError(f"该规划原文共 {line_count} 行，所请求的第 {first}–{last} 行超出范围，请检查行号。")
    return first, last


def source_window(
    factory: sessionmaker[Session],
    plan_id: int,
    *,
    line_from: int | None = None,
    line_to: int | None = None,
    start: int | None = None,
    end: int | None = None,
    highlight: str | None = None,
    context: int = SOURCE_CONTEXT,
    revision_id: int | None = None,
) -> SourceWindowOut:
    """The original lines around a range (`context` lines either side unless `start`/`end` say otherwise).

    `highlight` (a fact's sentence) is marked where the range's lines say it. A range outside the
    document is an InputError; the window itself is clamped to the document and always holds the range.
    """
    phrase = (highlight or "").strip()[:MAX_HIGHLIGHT]
    with transaction(factory, read_only=True) as session:
        choice = choose_revision(session, plan_id, revision_id)
        lines = revision_lines(session, choice.revision.id)
        line_count = len(lines) if lines is not None else choice.line_count
        first, last = _check_range(line_from, line_to, line_count)
        nodes = revision_nodes(session, choice.revision.id) if lines is None else []
    lo = start if start is not None else (first - context if first is not None else 1)
    hi = end if end is not None else (last + context if last is not None else lo + DEFAULT_WINDOW - 1)
    lo = min(max(1, lo), max(1, line_count))
    hi = max(lo, min(hi, line_count))
    if first is not None and last is not None:
        lo, hi = min(lo, first), max(hi, last)

    def in_range(a: int, b: int) -> bool:
        return first is not None and last is not None and a <= last and b >= first

    out_lines: list[SourceLineOut] = []
    fragments: list[SourceFragmentOut] = []
    found = False
    if lines is not None:
        window = lines[lo - 1 : hi]
        marked: list[tuple[TextPart, ...]] = [(TextPart(t),) if t else () for t in window]
        if phrase and first is not None and last is not None:
            ranged, found = highlight_lines(lines[first - 1 : last], phrase)
            marked[first - lo : last - lo + 1] = ranged
        out_lines = [
            SourceLineOut(lo + k, text, in_range(lo + k, lo + k), marked[k]) for k, text in enumerate(window)
        ]
    else:
        for node in nodes:
            if node.line_end >= lo and node.line_start <= hi and (node.text or node.title):
                inside = in_range(node.line_start, node.line_end)
                parts = mark_phrase(node.text, phrase) if inside and phrase else (TextPart(node.text),)
                found = found or any(p.mark for p in parts)
                fragments.append(
                    SourceFragmentOut(
                        node_id=node.id,
                        kind=node.kind,
                        label=f"{node.marker} {node.title}".strip(),
                        text=node.text,
                        line_start=node.line_start,
                        line_end=node.line_end,
                        in_range=inside,
                        parts=parts,
                    )
                )
    return SourceWindowOut(
        plan=choice.plan,
        revision=choice.revision,
        line_count=line_count,
        has_source=lines is not None,
        line_from=first,
        line_to=last,
        start=lo,
        end=hi,
        highlight=phrase,
        highlight_found=found,
        lines=tuple(out_lines),
        fragments=tuple(fragments),
    )
