"""专栏项目: the named labs, facilities, centres and platforms that a plan's boxes (专栏) list.

A box entry is a project the plan commits to by name. The entries of a box are its direct children
that carry a name: run-in entries (光谷实验室。…) or numbered items (1、网络安全) with their text. Each
project gets a general type from the ending of its name (…实验室 → 实验室), or, when the name says
nothing (光, 2025年目标), from the ending of its box's title (…关键技术方向 → 技术方向). The types are a
rule on word endings, not a list of names, so they work for any plan.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.errors import InputError
from planwatch.domain.plan import NodeKind
from planwatch.services.plan_reader import clean_query, contains_phrase
from planwatch.services.plans import newest_first
from planwatch.store import transaction
from planwatch.store.outline import NoteOut, RevisionChoice, choose_revision, revision_nodes, revision_notes
from planwatch.store.plans import list_plans
from planwatch.store.views import NodeOut, PlanSummary

OTHER = "其他"
# General project types and the name endings that give them, checked in this order (first match wins).
TYPE_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("实验室", ("实验室",)),
    ("中心", ("中心",)),
    ("平台", ("平台", "样本库", "资源库", "数据库")),
    ("装置·设施", ("装置", "设施", "光源")),
    ("基地", ("基地",)),
    ("园区", ("园区", "产业园", "科技园", "科学城", "城区", "功能区", "开发区", "示范区", "园", "城", "谷")),
    ("工程", ("工程", "专项")),
    ("技术方向", ("技术方向", "方向", "技术", "领域")),
)
PROJECT_TYPES: tuple[str, ...] = (*(name for name, _ in TYPE_ENDINGS), OTHER)
_TRAILING = re.compile(r"[\s。．.，,；;：:、]+$|[（(][^（()）]*[）)]$")


def _name_ending(name: str) -> str:
    """The name without trailing punctuation or a bracketed remark: 光谷实验室（筹）。 → 光谷实验室."""
    text = name.strip()
    while True:
        trimmed = _TRAILING.sub("", text)
        if trimmed == text:
            return text
        text = trimmed


def type_of_name(name: str) -> str | None:
    """The general type a name's ending gives, or None when the ending says nothing."""
    core = _name_ending(name)
    for type_name, endings in TYPE_ENDINGS:
        if core.endswith(endings):
            return type_name
    return None


def project_type(name: str, box_title: str = "") -> str:
    """A project's general type: from its own name, else from its box's title, else 其他."""
    return type_of_name(name) or type_of_name(box_title) or OTHER


@dataclass(frozen=True, slots=True)
class BoxOut:
    """A 专栏 with how many named entries it lists."""

    id: int
    plan_id: int
    marker: str
    number: str | None
    title: str
    entry_count: int
    line_start: int
    line_end: int

    @property
    def label(self) -> str:
        return f"{self.marker} {self.title}".strip()


@dataclass(frozen=True, slots=True)
class ProjectOut:
    """One named entry of a box, with its text and the units responsible for it.

    `notes` are the entry's own responsibility notes; when it has none, the notes of the clause the
    box belongs to are given instead and `inherited` is True (the plan assigns the box as a whole).
    """

    id: int  # the entry's outline node id
    plan_id: int
    plan_title: str
    box_id: int
    box_marker: str
    box_number: str | None
    box_title: str
    name: str
    text: str
    type: str
    notes: tuple[NoteOut, ...]
    inherited: bool
    line_start: int
    line_end: int


@dataclass(frozen=True, slots=True)
class TypeCount:
    type: str
    count: int


@dataclass(frozen=True, slots=True)
class ProjectListing:
    """Projects matching a filter, and the boxes and types to filter by (counted before filtering)."""

    plan_id: int | None  # None: across all plans
    box: str
    type: str
    q: str
    boxes: tuple[BoxOut, ...]
    types: tuple[TypeCount, ...]
    total: int  # projects before filtering
    items: tuple[ProjectOut, ...]


def _entries(box: NodeOut, children: dict[int, list[NodeOut]]) -> list[NodeOut]:
    """The named entries of a box: its direct children with a title (intro paragraphs are not entries)."""
    return [c for c in children.get(box.id, []) if c.title.strip() and c.kind is not NodeKind.TABLE]


def _subtree_text(node: NodeOut, children: dict[int, list[NodeOut]]) -> str:
    parts = [node.text] if node.text else []
    stack = list(reversed(children.get(node.id, [])))
    while stack:
        child = stack.pop()
        label = f"{child.marker} {child.title}".strip()
        if label:
            parts.append(label)
        if child.text:
            parts.append(child.text)
        stack.extend(reversed(children.get(child.id, [])))
    return "\n".join(parts)


def _subtree_ids(node: NodeOut, children: dict[int, list[NodeOut]]) -> list[int]:
    ids = [node.id]
    stack = list(children.get(node.id, []))
    while stack:
        child = stack.pop()
        ids.append(child.id)
        stack.extend(children.get(child.id, []))
    return ids


def plan_projects(
    choice: RevisionChoice, nodes: Sequence[NodeOut], notes: Sequence[NoteOut]
) -> tuple[list[BoxOut], list[ProjectOut]]:
    """The boxes of a revision and the projects they list, in document order."""
    children: dict[int, list[NodeOut]] = {}
    for node in nodes:
        if node.parent_id is not None:
            children.setdefault(node.parent_id, []).append(node)
    notes_by_node: dict[int, list[NoteOut]] = {}
    for note in notes:
        if note.node_id is not None:
            notes_by_node.setdefault(note.node_id, []).append(note)
    boxes: list[BoxOut] = []
    projects: list[ProjectOut] = []
    for box in (n for n in nodes if n.kind is NodeKind.BOX):
        entries = _entries(box, children)
        boxes.append(
            BoxOut(
                box.id,
                choice.plan.id,
                box.marker,
                box.number,
                box.title,
                len(entries),
                box.line_start,
                box.line_end,
            )
        )
        # the clause the box belongs to: notes on the box's parent or its sibling paragraphs
        context: list[NoteOut] = []
        if box.parent_id is not None:
            context.extend(notes_by_node.get(box.parent_id, []))
            for sibling in children.get(box.parent_id, []):
                if sibling.kind is NodeKind.PARAGRAPH:
                    context.extend(notes_by_node.get(sibling.id, []))
        for entry in entries:
            own = [note for i in _subtree_ids(entry, children) for note in notes_by_node.get(i, [])]
            last = max([entry.line_end, *_descendant_ends(entry, children)])
            projects.append(
                ProjectOut(
                    id=entry.id,
                    plan_id=choice.plan.id,
                    plan_title=choice.plan.title,
                    box_id=box.id,
                    box_marker=box.marker,
                    box_number=box.number,
                    box_title=box.title,
                    name=entry.title.strip(),
                    text=_subtree_text(entry, children),
                    type=project_type(entry.title, box.title),
                    notes=tuple(own or context),
                    inherited=not own and bool(context),
                    line_start=entry.line_start,
                    line_end=last,
                )
            )
    return boxes, projects


def _descendant_ends(node: NodeOut, children: dict[int, list[NodeOut]]) -> list[int]:
    """The last source line of each descendant, so an entry's source link covers its whole text."""
    ends: list[int] = []
    stack = list(children.get(node.id, []))
    while stack:
        child = stack.pop()
        ends.append(child.line_end)
        stack.extend(children.get(child.id, []))
    return ends


def _box_matches(box_number: str | None, box_marker: str, wanted: str) -> bool:
    wanted = wanted.replace(" ", "")
    return wanted in {(box_number or "").replace(" ", ""), box_marker.replace(" ", "")}


def find_projects(
    factory: sessionmaker[Session],
    plan_id: int | None,
    *,
    box: str | None = None,
    type: str | None = None,
    q: str | None = None,
) -> ProjectListing:
    """Projects of one plan's current revision (or of every plan when `plan_id` is None), filtered.

    `box` is a box number as printed (2-1) or its marker (专栏 2-1); `type` one of PROJECT_TYPES; `q` a
    phrase looked for in the name, the text and the box title.
    """
    phrase = clean_query(q)
    wanted_box = (box or "").strip()
    wanted_type = (type or "").strip()
    if wanted_type and wanted_type not in PROJECT_TYPES:
        raise InputError(f"项目类型“{wanted_type}”不存在，请从以下类型中选择：{'、'.join(PROJECT_TYPES)}。")
    all_boxes: list[BoxOut] = []
    all_projects: list[ProjectOut] = []
    with transaction(factory, read_only=True) as session:
        plan_ids = [plan_id] if plan_id is not None else [p.id for p in _plans_newest_first(session)]
        for pid in plan_ids:
            choice = choose_revision(session, pid)
            nodes = revision_nodes(session, choice.revision.id)
            if not any(n.kind is NodeKind.BOX for n in nodes):
                continue
            boxes, projects = plan_projects(choice, nodes, revision_notes(session, choice.revision.id))
            all_boxes.extend(boxes)
            all_projects.extend(projects)
    items = [
        p
        for p in all_projects
        if (not wanted_box or _box_matches(p.box_number, p.box_marker, wanted_box))
        and (not wanted_type or p.type == wanted_type)
        and (not phrase or contains_phrase(f"{p.name}\n{p.text}\n{p.box_marker} {p.box_title}", phrase))
    ]
    counts = Counter(p.type for p in all_projects)
    return ProjectListing(
        plan_id=plan_id,
        box=wanted_box,
        type=wanted_type,
        q=phrase,
        boxes=tuple(all_boxes),
        types=tuple(TypeCount(t, counts[t]) for t in PROJECT_TYPES if counts[t]),
        total=len(all_projects),
        items=tuple(items),
    )


def _plans_newest_first(session: Session) -> list[PlanSummary]:
    return newest_first(list_plans(session))
