"""Published evaluation reports: store one, read the latest of a plan, list them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.store.history import record_change
from planwatch.store.models import EvaluationPublicationRow


@dataclass(frozen=True, slots=True)
class PublicationOut:
    id: int
    plan_id: int
    kind: str
    cutoff: str
    title: str
    data_version: str
    content: str
    html: str
    public_html: str
    internal_scorecards: bool
    published_by: str
    published_at: datetime


@dataclass(frozen=True, slots=True)
class NewPublication:
    plan_id: int
    kind: str
    cutoff: str
    title: str
    data_version: str
    content: str
    html: str
    public_html: str
    internal_scorecards: bool


def _out(row: EvaluationPublicationRow) -> PublicationOut:
    return PublicationOut(
        id=row.id,
        plan_id=row.plan_id,
        kind=row.kind,
        cutoff=row.cutoff,
        title=row.title,
        data_version=row.data_version,
        content=row.content,
        html=row.html,
        public_html=row.public_html,
        internal_scorecards=row.internal_scorecards,
        published_by=row.published_by,
        published_at=row.published_at,
    )


def add_publication(session: Session, publication: NewPublication, *, who: str) -> PublicationOut:
    """Store a published report (the change history records who published what)."""
    row = EvaluationPublicationRow(
        plan_id=publication.plan_id,
        kind=publication.kind,
        cutoff=publication.cutoff,
        title=publication.title,
        data_version=publication.data_version,
        content=publication.content,
        html=publication.html,
        public_html=publication.public_html,
        internal_scorecards=publication.internal_scorecards,
        published_by=who,
    )
    session.add(row)
    session.flush()
    label = f"{publication.title}（{publication.cutoff}，数据版本 {publication.data_version}）"
    record_change(session, "evaluation_publications", row.id, "published", None, label, who)
    return _out(row)


def latest_publication(session: Session, plan_id: int) -> PublicationOut | None:
    row = session.scalars(
        select(EvaluationPublicationRow)
        .where(EvaluationPublicationRow.plan_id == plan_id)
        .order_by(EvaluationPublicationRow.published_at.desc(), EvaluationPublicationRow.id.desc())
        .limit(1)
    ).first()
    return _out(row) if row is not None else None


def publications(session: Session, plan_id: int) -> list[PublicationOut]:
    rows = session.scalars(
        select(EvaluationPublicationRow)
        .where(EvaluationPublicationRow.plan_id == plan_id)
        .order_by(EvaluationPublicationRow.published_at.desc(), EvaluationPublicationRow.id.desc())
    )
    return [_out(r) for r in rows]
