"""The original lines of each plan revision, so every fact can be shown next to the words it came from.

Lines are stored as one text joined by "\\n" (a source line never contains a newline: lines are split
on every kind of line break when the document is read). Revisions imported before the table existed
have no stored source; `revision_lines` returns None for them and callers fall back to the node texts.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.store.models import PlanRevisionRow, PlanRow, RevisionSourceRow

# PostgreSQL text cannot hold NUL; a NUL in a decoded line is shown as the replacement character.
_NUL = "\x00"
_REPLACEMENT = "\ufffd"


def save_revision_lines(session: Session, revision_id: int, lines: Sequence[str]) -> None:
    """Store the source lines of a revision (replacing any stored before)."""
    text = "\n".join(line.replace(_NUL, _REPLACEMENT) for line in lines)
    row = session.scalar(select(RevisionSourceRow).where(RevisionSourceRow.revision_id == revision_id))
    if row is None:
        session.add(RevisionSourceRow(revision_id=revision_id, text=text))
    else:
        row.text = text
    session.flush()


def revision_lines(session: Session, revision_id: int) -> tuple[str, ...] | None:
    """The stored source lines of a revision (line n is item n - 1), or None when none were stored."""
    text = session.scalar(select(RevisionSourceRow.text).where(RevisionSourceRow.revision_id == revision_id))
    if text is None:
        return None
    return tuple(text.split("\n")) if text else ()


def revisions_with_source(session: Session, revision_ids: Sequence[int]) -> set[int]:
    """Which of these revisions have their source lines stored."""
    if not revision_ids:
        return set()
    return set(
        session.scalars(
            select(RevisionSourceRow.revision_id).where(RevisionSourceRow.revision_id.in_(revision_ids))
        )
    )


def plan_documents(session: Session) -> list[tuple[str, str]]:
    """(plan title, stored source text) of every revision with stored lines, newest plan and revision first.

    Used to cite a data file's `file:` source by the plan it quotes instead of by a file name.
    """
    rows = session.execute(
        select(PlanRow.title, RevisionSourceRow.text)
        .join(PlanRevisionRow, PlanRevisionRow.plan_id == PlanRow.id)
        .join(RevisionSourceRow, RevisionSourceRow.revision_id == PlanRevisionRow.id)
        .order_by(PlanRow.id.desc(), PlanRevisionRow.number.desc())
    )
    return [(title, text) for title, text in rows]
