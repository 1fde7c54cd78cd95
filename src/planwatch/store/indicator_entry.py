"""Storing an indicator table entered by hand (手工录入) as the current revision's table.

The entered rows become the revision's indicator definitions with origin `entered` (no source lines: the
plan prints the table as an image). Entering again replaces the earlier entered rows; rows the reader
extracted from the text are replaced only when the caller says so. An in-text target that defined the
same indicator gives way to the entered row. Every definition written or removed goes to the change
history under the indicator (the audit log links to its page). Nothing commits here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.domain.plan import Attribute, Indicator
from planwatch.domain.records import IndicatorOrigin
from planwatch.store.errors import ConflictError, NotFoundError
from planwatch.store.history import record_creation, record_deletion
from planwatch.store.models import IndicatorDefinitionRow, IndicatorRow, PlanRevisionRow, utcnow
from planwatch.store.plans import indicator_name_key

HISTORY_TABLE = "indicators"
_ATTRIBUTE_WORDS = {Attribute.EXPECTED: "预期性", Attribute.BINDING: "约束性"}


@dataclass(frozen=True, slots=True)
class EntryOutcome:
    """What storing the entered table did."""

    revision_number: int
    entered: int
    replaced_entered: int
    replaced_extracted: int
    replaced_text_targets: int
    new_series: int  # indicators the plan did not have before


def _point(year: int | None, text: str) -> str | None:
    if not text:
        return None
    return f"{year}年 {text}" if year is not None else text


def _history_values(row: IndicatorDefinitionRow, name: str) -> dict[str, object]:
    return {
        "name": name,
        "origin": row.origin,
        "unit": row.unit or None,
        "baseline": _point(row.baseline_year, row.baseline_text),
        "target": _point(row.target_year, row.target_text),
        "attribute": _ATTRIBUTE_WORDS.get(row.attribute) if row.attribute else None,
    }


def table_origins(session: Session, revision_id: int) -> dict[IndicatorOrigin, int]:
    """How many definitions of each origin a revision has."""
    counts: dict[IndicatorOrigin, int] = {}
    for origin in session.scalars(
        select(IndicatorDefinitionRow.origin).where(IndicatorDefinitionRow.revision_id == revision_id)
    ):
        counts[origin] = counts.get(origin, 0) + 1
    return counts


def store_entered_table(
    session: Session,
    plan_id: int,
    indicators: Sequence[Indicator],
    *,
    who: str,
    replace_extracted: bool,
) -> EntryOutcome:
    """Make `indicators` the current revision's indicator table (origin `entered`), with history."""
    revision = session.scalar(
        select(PlanRevisionRow)
        .where(PlanRevisionRow.plan_id == plan_id)
        .order_by(PlanRevisionRow.number.desc())
        .limit(1)
    )
    if revision is None:
        raise NotFoundError(f"规划 {plan_id} 没有导入的版本，请先用 planwatch import 导入规划原文。")
    existing = [
        (definition, indicator)
        for definition, indicator in session.execute(
            select(IndicatorDefinitionRow, IndicatorRow)
            .join(IndicatorRow, IndicatorRow.id == IndicatorDefinitionRow.indicator_id)
            .where(IndicatorDefinitionRow.revision_id == revision.id)
        )
    ]
    extracted = [(d, i) for d, i in existing if d.origin is IndicatorOrigin.TABLE]
    if extracted and not replace_extracted:
        raise ConflictError(
            f"该规划已有从原文识别的指标表（{len(extracted)} 项）。如确需用手工录入的指标表替换，"
            "请在命令中加 --replace（页面上勾选“替换从原文识别的指标表”）后重试。"
        )
    wanted = {indicator_name_key(ind.name) for ind in indicators}
    counts = {IndicatorOrigin.ENTERED: 0, IndicatorOrigin.TABLE: 0, IndicatorOrigin.TEXT_TARGET: 0}
    for definition, indicator in existing:
        replaced = definition.origin is not IndicatorOrigin.TEXT_TARGET or (
            indicator_name_key(indicator.name) in wanted
        )
        if not replaced:
            continue  # an in-text target the table does not cover stays monitored
        counts[definition.origin] += 1
        record_deletion(
            session, HISTORY_TABLE, indicator.id, _history_values(definition, indicator.name), who
        )
        session.delete(definition)
    session.flush()
    series = {
        indicator_name_key(row.name): row
        for row in session.scalars(select(IndicatorRow).where(IndicatorRow.plan_id == plan_id))
    }
    new_series = 0
    for position, ind in enumerate(indicators):
        row = series.get(indicator_name_key(ind.name))
        if row is None:
            row = IndicatorRow(plan_id=plan_id, name=ind.name.strip(), created_at=utcnow())
            session.add(row)
            session.flush()
            series[indicator_name_key(ind.name)] = row
            new_series += 1
        definition = IndicatorDefinitionRow(
            indicator_id=row.id,
            revision_id=revision.id,
            position=position,
            unit=ind.unit,
            attribute=ind.attribute,
            kind=ind.kind,
            baseline_year=ind.baseline.year,
            baseline_value=ind.baseline.value,
            baseline_high=ind.baseline.high,
            baseline_text=ind.baseline.text,
            target_year=ind.target.year,
            target_value=ind.target.value,
            target_high=ind.target.high,
            target_text=ind.target.text,
            comparator=ind.comparator,
            origin=IndicatorOrigin.ENTERED,
            node_id=None,
            line_start=0,  # no source lines: the plan prints this table as an image
            line_end=0,
        )
        session.add(definition)
        record_creation(session, HISTORY_TABLE, row.id, _history_values(definition, row.name), who)
    session.flush()
    return EntryOutcome(
        revision_number=revision.number,
        entered=len(indicators),
        replaced_entered=counts[IndicatorOrigin.ENTERED],
        replaced_extracted=counts[IndicatorOrigin.TABLE],
        replaced_text_targets=counts[IndicatorOrigin.TEXT_TARGET],
        new_series=new_series,
    )
