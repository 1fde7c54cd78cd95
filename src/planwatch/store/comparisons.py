"""Confirmed crosswalk pairs and plan succession: what the user decided when comparing two plans.

Every change is written to the change history in the caller's transaction (the audit log shows who
confirmed or corrected which pair); nothing commits here.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from planwatch.domain.comparison import SAME_SERIES_LABELS, PairLabel
from planwatch.store.errors import ConflictError, NotFoundError
from planwatch.store.history import record_change, record_creation, record_deletion
from planwatch.store.models import IndicatorLinkRow, PlanLinkRow, PlanRow, utcnow

LINKS_TABLE = "indicator_links"
PLAN_LINKS_TABLE = "plan_links"


@dataclass(frozen=True, slots=True)
class IndicatorLinkOut:
    id: int
    plan_a_id: int
    plan_b_id: int
    a_ref: str
    b_ref: str
    a_indicator_id: int | None
    b_indicator_id: int | None
    a_name: str
    b_name: str
    label: PairLabel
    note: str | None
    confirmed_by: str
    confirmed_at: datetime


@dataclass(frozen=True, slots=True)
class PlanLinkOut:
    predecessor_id: int
    successor_id: int
    linked_by: str
    linked_at: datetime


def _out(row: IndicatorLinkRow) -> IndicatorLinkOut:
    return IndicatorLinkOut(
        row.id,
        row.plan_a_id,
        row.plan_b_id,
        row.a_ref,
        row.b_ref,
        row.a_indicator_id,
        row.b_indicator_id,
        row.a_name,
        row.b_name,
        row.label,
        row.note,
        row.confirmed_by,
        row.confirmed_at,
    )


def _values(row: IndicatorLinkRow) -> dict[str, object]:
    return {
        "plan_a_id": row.plan_a_id,
        "plan_b_id": row.plan_b_id,
        "a_name": row.a_name or None,
        "b_name": row.b_name or None,
        "label": row.label,
        "note": row.note,
    }


def indicator_links(session: Session, plan_a_id: int, plan_b_id: int) -> list[IndicatorLinkOut]:
    """The confirmed pairs of a comparison, in the order they were confirmed."""
    rows = session.scalars(
        select(IndicatorLinkRow)
        .where(IndicatorLinkRow.plan_a_id == plan_a_id, IndicatorLinkRow.plan_b_id == plan_b_id)
        .order_by(IndicatorLinkRow.id)
    )
    return [_out(r) for r in rows]


def save_indicator_link(
    session: Session,
    plan_a_id: int,
    plan_b_id: int,
    *,
    a_ref: str,
    b_ref: str,
    a_indicator_id: int | None,
    b_indicator_id: int | None,
    a_name: str,
    b_name: str,
    label: PairLabel,
    note: str | None,
    who: str,
) -> IndicatorLinkOut:
    """Confirm a pair (or a lone dropped/added indicator), replacing what it contradicts.

    An indicator belongs to one confirmed pair, except the shared end of merged (B) or split (A)
    pairs; earlier confirmations that put either end elsewhere are removed, with history.
    """
    clashes = []
    conditions = []
    if a_ref and label is not PairLabel.SPLIT:
        conditions.append(IndicatorLinkRow.a_ref == a_ref)
    if b_ref and label is not PairLabel.MERGED:
        conditions.append(IndicatorLinkRow.b_ref == b_ref)
    if conditions:
        clashes = list(
            session.scalars(
                select(IndicatorLinkRow).where(
                    IndicatorLinkRow.plan_a_id == plan_a_id,
                    IndicatorLinkRow.plan_b_id == plan_b_id,
                    or_(*conditions),
                )
            )
        )
    same = next((r for r in clashes if r.a_ref == a_ref and r.b_ref == b_ref), None)
    for row in clashes:
        if row is same:
            continue
        record_deletion(session, LINKS_TABLE, row.id, _values(row), who)
        session.delete(row)
    session.flush()
    if same is not None:
        record_change(session, LINKS_TABLE, same.id, "label", same.label, label, who)
        record_change(session, LINKS_TABLE, same.id, "note", same.note, note, who)
        same.label, same.note, same.confirmed_by, same.confirmed_at = label, note, who, utcnow()
        session.flush()
        return _out(same)
    row = IndicatorLinkRow(
        plan_a_id=plan_a_id,
        plan_b_id=plan_b_id,
        a_ref=a_ref,
        b_ref=b_ref,
        a_indicator_id=a_indicator_id,
        b_indicator_id=b_indicator_id,
        a_name=a_name,
        b_name=b_name,
        label=label,
        note=note,
        confirmed_by=who,
        confirmed_at=utcnow(),
    )
    session.add(row)
    session.flush()
    record_creation(session, LINKS_TABLE, row.id, _values(row), who)
    return _out(row)


def delete_indicator_link(session: Session, link_id: int, who: str) -> None:
    row = session.get(IndicatorLinkRow, link_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {link_id} 的指标对应关系。")
    record_deletion(session, LINKS_TABLE, row.id, _values(row), who)
    session.delete(row)
    session.flush()


def same_series_links(session: Session, indicator_ids: Collection[int] | None = None) -> dict[int, set[int]]:
    """indicator id → the indicators of other plans confirmed to be the same series (both ways)."""
    query = select(IndicatorLinkRow.a_indicator_id, IndicatorLinkRow.b_indicator_id).where(
        IndicatorLinkRow.label.in_(sorted(SAME_SERIES_LABELS)),
        IndicatorLinkRow.a_indicator_id.is_not(None),
        IndicatorLinkRow.b_indicator_id.is_not(None),
    )
    if indicator_ids is not None:
        ids = sorted(set(indicator_ids))
        query = query.where(
            or_(IndicatorLinkRow.a_indicator_id.in_(ids), IndicatorLinkRow.b_indicator_id.in_(ids))
        )
    result: dict[int, set[int]] = {}
    for a_id, b_id in session.execute(query):
        if a_id is None or b_id is None:
            continue
        result.setdefault(a_id, set()).add(b_id)
        result.setdefault(b_id, set()).add(a_id)
    return result


def link_plans(session: Session, predecessor_id: int, successor_id: int, who: str) -> PlanLinkOut:
    """Mark `successor_id` as the plan that follows `predecessor_id`, replacing earlier links of either."""
    if predecessor_id == successor_id:
        raise ConflictError("一个规划不能是它自己的下期规划，请选择两个不同的规划。")
    for plan_id in (predecessor_id, successor_id):
        if session.get(PlanRow, plan_id) is None:
            raise NotFoundError(
                f"找不到编号为 {plan_id} 的规划，请运行 planwatch plans 查看已导入规划的编号。"
            )
    existing = list(
        session.scalars(
            select(PlanLinkRow).where(
                or_(PlanLinkRow.predecessor_id == predecessor_id, PlanLinkRow.successor_id == successor_id)
            )
        )
    )
    for row in existing:
        if row.predecessor_id == predecessor_id and row.successor_id == successor_id:
            return PlanLinkOut(row.predecessor_id, row.successor_id, row.linked_by, row.linked_at)
        record_deletion(
            session,
            PLAN_LINKS_TABLE,
            row.id,
            {"predecessor_id": row.predecessor_id, "successor_id": row.successor_id},
            who,
        )
        session.delete(row)
    session.flush()
    row = PlanLinkRow(
        predecessor_id=predecessor_id, successor_id=successor_id, linked_by=who, linked_at=utcnow()
    )
    session.add(row)
    session.flush()
    record_creation(
        session,
        PLAN_LINKS_TABLE,
        row.id,
        {"predecessor_id": predecessor_id, "successor_id": successor_id},
        who,
    )
    return PlanLinkOut(row.predecessor_id, row.successor_id, row.linked_by, row.linked_at)


def plan_neighbours(session: Session, plan_id: int) -> tuple[int | None, int | None]:
    """(predecessor id, successor id) of a plan, None where not linked."""
    before = session.scalar(select(PlanLinkRow.predecessor_id).where(PlanLinkRow.successor_id == plan_id))
    after = session.scalar(select(PlanLinkRow.successor_id).where(PlanLinkRow.predecessor_id == plan_id))
    return before, after
