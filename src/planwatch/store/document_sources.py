"""Documents as observation sources: recognising a document already imported, and linking its figures.

A document is recognised by its file's sha256 within a plan (`document_sources`). Each figure stored
from it is an ordinary observation (origin `import`, with the document's title as its source and the
sentence as its quote) plus a `document_observations` row with the line it was read from, so a second
upload of the same file can tell which of its figures are already stored. Repository functions: they
never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch.store.history import record_creation
from planwatch.store.models import DocumentObservationRow, DocumentSourceRow, ObservationRow, utcnow


@dataclass(frozen=True, slots=True)
class DocumentSourceOut:
    """A document already imported for a plan, with how many of its figures are stored."""

    id: int
    plan_id: int
    sha256: str
    title: str
    filename: str
    kind: str
    year: int | None
    imported_by: str
    imported_at: datetime
    observations: int


@dataclass(frozen=True, slots=True)
class StoredFigure:
    """What identifies a figure already stored from a document: the document's name for it, year, value."""

    metric: str
    year: int
    value: float
    indicator_id: int


def _out(session: Session, row: DocumentSourceRow) -> DocumentSourceOut:
    count = session.scalar(
        select(func.count(DocumentObservationRow.id)).where(DocumentObservationRow.document_id == row.id)
    )
    return DocumentSourceOut(
        id=row.id,
        plan_id=row.plan_id,
        sha256=row.sha256,
        title=row.title,
        filename=row.filename,
        kind=row.kind,
        year=row.year,
        imported_by=row.imported_by,
        imported_at=row.imported_at,
        observations=int(count or 0),
    )


def find_document_source(session: Session, plan_id: int, sha256: str) -> DocumentSourceOut | None:
    """The document with this sha256 if it was imported for the plan before."""
    row = session.scalar(
        select(DocumentSourceRow).where(
            DocumentSourceRow.plan_id == plan_id, DocumentSourceRow.sha256 == sha256
        )
    )
    return _out(session, row) if row is not None else None


def stored_figures(session: Session, document_id: int) -> list[StoredFigure]:
    """The figures stored from a document (the observations that still exist)."""
    rows = session.execute(
        select(
            DocumentObservationRow.metric,
            ObservationRow.year,
            ObservationRow.value,
            ObservationRow.indicator_id,
        )
        .join(ObservationRow, ObservationRow.id == DocumentObservationRow.observation_id)
        .where(DocumentObservationRow.document_id == document_id)
        .order_by(DocumentObservationRow.id)
    )
    return [StoredFigure(metric, year, value, indicator_id) for metric, year, value, indicator_id in rows]


def ensure_document_source(
    session: Session,
    plan_id: int,
    *,
    sha256: str,
    title: str,
    filename: str,
    kind: str,
    year: int | None,
    who: str,
) -> int:
    """The id of the plan's source row for this document, created (and audited) on first use."""
    row = session.scalar(
        select(DocumentSourceRow).where(
            DocumentSourceRow.plan_id == plan_id, DocumentSourceRow.sha256 == sha256
        )
    )
    if row is not None:
        return row.id
    row = DocumentSourceRow(
        plan_id=plan_id,
        sha256=sha256,
        title=title[:500],
        filename=filename[:300],
        kind=kind,
        year=year,
        imported_by=who,
        imported_at=utcnow(),
    )
    session.add(row)
    session.flush()
    record_creation(
        session, "document_sources", row.id, {"sha256": sha256, "title": row.title, "plan_id": plan_id}, who
    )
    return row.id


def link_observation(
    session: Session, document_id: int, observation_id: int, *, line: int, metric: str
) -> None:
    """Record that an observation was read from line `line` of the document."""
    session.add(
        DocumentObservationRow(
            document_id=document_id, observation_id=observation_id, line=line, metric=metric[:300]
        )
    )
    session.flush()
