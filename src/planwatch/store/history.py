"""Change history: one row per changed field, written in the same transaction as the change itself.

Values are stored as text (`None` stays NULL) so that one table serves every audited table; the
writer states who made the change, because "who changed this figure" is the first question in a review.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch.store.models import ChangeHistoryRow, utcnow
from planwatch.store.views import AuditEntryOut, ChangeOut


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 100.0 and 100 are the same figure; history should not show a change
    if hasattr(value, "value") and isinstance(value.value, str):  # StrEnum members
        return str(value.value)
    return str(value)


def record_change(
    session: Session,
    table: str,
    row_id: int,
    field: str,
    old: object,
    new: object,
    who: str,
) -> None:
    """Write one history row when `old` and `new` differ (as text); equal values are not history."""
    old_text, new_text = _text(old), _text(new)
    if old_text == new_text:
        return
    session.add(
        ChangeHistoryRow(
            table_name=table,
            row_id=row_id,
            field=field,
            old_value=old_text,
            new_value=new_text,
            changed_by=who,
            changed_at=utcnow(),
        )
    )


def record_creation(
    session: Session, table: str, row_id: int, values: Mapping[str, object], who: str
) -> None:
    """History for a new row: each non-empty field goes from nothing to its value."""
    for field, value in values.items():
        record_change(session, table, row_id, field, None, value, who)


def record_deletion(
    session: Session, table: str, row_id: int, values: Mapping[str, object], who: str
) -> None:
    """History for a deleted row: each field goes from its value to nothing, so the row can be rebuilt."""
    for field, value in values.items():
        record_change(session, table, row_id, field, value, None, who)


def history_for(session: Session, table: str, row_id: int) -> list[ChangeOut]:
    """All recorded changes of one row, oldest first."""
    rows = session.scalars(
        select(ChangeHistoryRow)
        .where(ChangeHistoryRow.table_name == table, ChangeHistoryRow.row_id == row_id)
        .order_by(ChangeHistoryRow.id)
    )
    return [
        ChangeOut(
            table=r.table_name,
            row_id=r.row_id,
            field=r.field,
            old_value=r.old_value,
            new_value=r.new_value,
            changed_by=r.changed_by,
            changed_at=r.changed_at,
        )
        for r in rows
    ]


def recent_changes(
    session: Session,
    *,
    limit: int,
    offset: int = 0,
    table: str | None = None,
    changed_by: str | None = None,
    exclude_by: str | None = None,
) -> tuple[list[AuditEntryOut], int]:
    """The audit log, newest first, filtered by table and author: one page and the total count."""
    query = select(ChangeHistoryRow)
    if table:
        query = query.where(ChangeHistoryRow.table_name == table)
    if changed_by:
        query = query.where(ChangeHistoryRow.changed_by == changed_by)
    if exclude_by:
        query = query.where(ChangeHistoryRow.changed_by != exclude_by)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(ChangeHistoryRow.id.desc()).limit(limit).offset(offset))
    entries = [
        AuditEntryOut(
            id=r.id,
            table=r.table_name,
            row_id=r.row_id,
            field=r.field,
            old_value=r.old_value,
            new_value=r.new_value,
            changed_by=r.changed_by,
            changed_at=r.changed_at,
        )
        for r in rows
    ]
    return entries, total
