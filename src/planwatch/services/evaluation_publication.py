"""Publishing an evaluation report, and what each reader sees of the published one.

Drafts (computed from current data) are for the planning office. Once it publishes a report, the
stored version is what reporters, viewers and — with public read — visitors see, unchanged by later
data. When the office marks the 部门考评 internal, the published page and JSON leave out the ranking
(附表3) for everybody but admins; a reporter still sees the rows of its own departments.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import Principal
from planwatch.render.html_writer import render_html_fragment
from planwatch.render.json_writer import report_json
from planwatch.services.evaluation import draft_evaluation
from planwatch.services.permissions import require_admin
from planwatch.store import NotFoundError, transaction
from planwatch.store.evaluations import NewPublication, PublicationOut, add_publication, latest_publication

SCORECARD_SECTION = "appendix-scorecards"
JsonObject = dict[str, object]


@dataclass(frozen=True, slots=True)
class PublishedView:
    """The published report as one reader may see it."""

    publication: PublicationOut
    html: str
    content: JsonObject  # the JSON content, with the ranking removed or narrowed as the reader may see
    scorecards: tuple[JsonObject, ...]
    scorecards_note: str  # why the reader sees all, some or none of the ranking


def publish_evaluation(
    factory: sessionmaker[Session],
    principal: Principal,
    plan_id: int,
    *,
    kind: str | None = None,
    as_of: str | None = None,
    internal_scorecards: bool = False,
) -> PublicationOut:
    """Freeze the draft for these options as the plan's published report (admins only)."""
    require_admin(principal)
    evaluation = draft_evaluation(factory, principal, plan_id, kind=kind, as_of=as_of)
    report = evaluation.report
    public = replace(report, appendices=tuple(a for a in report.appendices if a.key != SCORECARD_SECTION))
    new = NewPublication(
        plan_id=report.meta.plan_id,
        kind=report.meta.kind,
        cutoff=report.meta.cutoff,
        title=report.title,
        data_version=report.meta.data_version,
        content=json.dumps(report_json(report, evaluation.scorecards), ensure_ascii=False),
        html=render_html_fragment(report),
        public_html=render_html_fragment(public),
        internal_scorecards=internal_scorecards,
    )
    with transaction(factory) as session:
        return add_publication(session, new, who=principal.username)


def published_report(factory: sessionmaker[Session], principal: Principal, plan_id: int) -> PublishedView:
    """The latest published report of a plan as `principal` may see it (NotFound when none)."""
    with transaction(factory, read_only=True) as session:
        publication = latest_publication(session, plan_id)
    if publication is None:
        raise NotFoundError("该规划还没有发布评估报告；发布后可在此查看。")
    content: JsonObject = json.loads(publication.content)
    cards = tuple(c for c in _items(content.get("scorecards")) if isinstance(c, dict))
    if not publication.internal_scorecards or principal.is_admin:
        return PublishedView(
            publication,
            publication.html,
            content,
            cards,
            "部门考评对所有读者公开。"
            if not publication.internal_scorecards
            else "部门考评为内部资料，仅规划处可见全部排名。",
        )
    own = tuple(c for c in cards if c.get("unit") in principal.department_names)
    appendices = content.get("appendices", [])
    content = {
        **content,
        "appendices": [
            a for a in _items(appendices) if isinstance(a, dict) and a.get("key") != SCORECARD_SECTION
        ],
        "scorecards": list(own),
    }
    note = "部门考评为内部资料：" + ("仅显示本单位的考评结果。" if own else "不对外公开。")
    return PublishedView(publication, publication.public_html, content, own, note)


def _items(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []
