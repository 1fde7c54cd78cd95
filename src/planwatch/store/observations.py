"""Observations of indicators: adding and correcting them, choosing among conflicting figures, imports.

Several sources often give different figures for the same indicator and year (a statistical table, a
news report rounding it, a government work report saying 突破…). All are kept; one counts. The user's
explicit choice wins; otherwise the default rule ranks candidates by, in this order:

1. scope — the plan's own area (武汉市) before a stand-in (湖北省, 武汉地区); an observation without a
   scope is taken as the plan's own;
2. provenance — an official source (a gov.cn site, the plan's own text, a 统计公报 or other named
   official publication) before an unknown one, and both before a news mirror or other site
   (`planwatch.domain.provenance`);
3. status — final, then preliminary, then estimate;
4. qualifier — an exact figure before a bound or an approximation;
5. origin — the plan's own figure, then a manual entry, then an imported one; then the oldest row.

Scope comes first because a settled figure for another area measures a different quantity, while an
estimate for the right area at least measures the right one.

Only accepted observations take part. A figure a department's reporter proposes is stored with review
state `PROPOSED` and is shown beside the others, but counts only after the planning office accepts it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from planwatch.domain.provenance import provenance
from planwatch.domain.records import (
    ObservationOrigin,
    ObservationRecord,
    ObservationStatus,
    Qualifier,
    ReviewState,
)
from planwatch.store.errors import ConflictError, NotFoundError
from planwatch.store.history import record_change, record_creation, record_deletion
from planwatch.store.models import (
    DefinitionBreakRow,
    IndicatorNameMappingRow,
    IndicatorRow,
    ObservationChoiceRow,
    ObservationRow,
    PlanRow,
    utcnow,
)
from planwatch.store.views import DefinitionBreakOut, ImportSummary, ObservationConflict, ObservationOut

logger = logging.getLogger(__name__)

_STATUS_RANK = {ObservationStatus.FINAL: 0, ObservationStatus.PRELIMINARY: 1, ObservationStatus.ESTIMATE: 2}
_ORIGIN_RANK = {ObservationOrigin.PLAN: 0, ObservationOrigin.MANUAL: 1, ObservationOrigin.IMPORT: 2}
_AUDITED_FIELDS = (
    "indicator_id",
    "year",
    "value",
    "unit",
    "scope",
    "source",
    "source_quote",
    "status",
    "qualifier",
    "note",
    "origin",
)


def _out(row: ObservationRow) -> ObservationOut:
    return ObservationOut(
        id=row.id,
        indicator_id=row.indicator_id,
        year=row.year,
        value=row.value,
        unit=row.unit,
        scope=row.scope,
        source=row.source,
        source_quote=row.source_quote,
        status=row.status,
        qualifier=row.qualifier,
        note=row.note,
        origin=row.origin,
        created_by=row.created_by,
        created_at=row.created_at,
        review=row.review,
    )


def _indicator(session: Session, indicator_id: int) -> IndicatorRow:
    row = session.get(IndicatorRow, indicator_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {indicator_id} 的指标，请先查看该规划的指标列表。")
    return row


def _observation(session: Session, observation_id: int) -> ObservationRow:
    row = session.get(ObservationRow, observation_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {observation_id} 的观测值，请刷新后重试。")
    return row


def add_observation(
    session: Session,
    indicator_id: int,
    year: int,
    value: float,
    unit: str,
    *,
    who: str,
    scope: str | None = None,
    source: str | None = None,
    source_quote: str | None = None,
    status: ObservationStatus = ObservationStatus.FINAL,
    qualifier: Qualifier = Qualifier.EXACT,
    note: str | None = None,
    origin: ObservationOrigin = ObservationOrigin.MANUAL,
    review: ReviewState = ReviewState.ACCEPTED,
) -> ObservationOut:
    """Store one observation and its creation in the history (a `PROPOSED` one does not count yet)."""
    _indicator(session, indicator_id)
    row = ObservationRow(
        indicator_id=indicator_id,
        year=year,
        value=value,
        unit=unit,
        scope=scope,
        source=source,
        source_quote=source_quote,
        status=ObservationStatus(status),
        qualifier=Qualifier(qualifier),
        note=note,
        origin=ObservationOrigin(origin),
        review=ReviewState(review),
        created_by=who,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    record_creation(session, "observations", row.id, {f: getattr(row, f) for f in _AUDITED_FIELDS}, who)
    return _out(row)


def update_observation(
    session: Session,
    observation_id: int,
    *,
    who: str,
    year: int | None = None,
    value: float | None = None,
    unit: str | None = None,
    scope: str | None = None,
    source: str | None = None,
    source_quote: str | None = None,
    status: ObservationStatus | None = None,
    qualifier: Qualifier | None = None,
    note: str | None = None,
) -> ObservationOut:
    """Correct an observation. None leaves a field as it is (pass "" to clear a text field)."""
    row = _observation(session, observation_id)
    changes: dict[str, object] = {
        "year": year,
        "value": value,
        "unit": unit,
        "scope": scope,
        "source": source,
        "source_quote": source_quote,
        "status": ObservationStatus(status) if status is not None else None,
        "qualifier": Qualifier(qualifier) if qualifier is not None else None,
        "note": note,
    }
    for field, new in changes.items():
        if new is None:
            continue
        record_change(session, "observations", row.id, field, getattr(row, field), new, who)
        setattr(row, field, new)
    session.flush()
    return _out(row)


def delete_observation(session: Session, observation_id: int, *, who: str) -> None:
    """Delete an observation (a user's choice of it goes too); the history keeps its values."""
    row = _observation(session, observation_id)
    record_deletion(session, "observations", row.id, {f: getattr(row, f) for f in _AUDITED_FIELDS}, who)
    for choice in session.scalars(
        select(ObservationChoiceRow).where(ObservationChoiceRow.observation_id == row.id)
    ):
        record_deletion(session, "observation_choices", choice.id, {"observation_id": row.id}, who)
        session.delete(choice)
    session.delete(row)
    session.flush()


def observations_for(session: Session, indicator_id: int, year: int | None = None) -> list[ObservationOut]:
    """Observations of an indicator (in one year, or all years), by year then age."""
    query = select(ObservationRow).where(ObservationRow.indicator_id == indicator_id)
    if year is not None:
        query = query.where(ObservationRow.year == year)
    return [_out(r) for r in session.scalars(query.order_by(ObservationRow.year, ObservationRow.id))]


def rank_key(observation: ObservationOut, own_scope: str | None) -> tuple[int, int, int, int, int, int]:
    """Sort key of the default choice rule (smaller is better); see the module docstring."""
    scope_rank = 0 if observation.scope in (None, "", own_scope) else 1
    qualifier_rank = 0 if observation.qualifier == Qualifier.EXACT else 1
    return (
        scope_rank,
        int(provenance(observation.source)),
        _STATUS_RANK[observation.status],
        qualifier_rank,
        _ORIGIN_RANK[observation.origin],
        observation.id,
    )


def default_choice(observations: Iterable[ObservationOut], own_scope: str | None) -> ObservationOut | None:
    """The observation the default rule picks, or None when there are none."""
    ranked = sorted(observations, key=lambda o: rank_key(o, own_scope))
    return ranked[0] if ranked else None


def _own_scope(session: Session, indicator: IndicatorRow, own_scope: str | None) -> str | None:
    if own_scope is not None:
        return own_scope
    plan = session.get(PlanRow, indicator.plan_id)
    return plan.scope if plan is not None else None


def _resolve(
    indicator_id: int,
    year: int,
    candidates: Sequence[ObservationOut],
    chosen_id: int | None,
    scope: str | None,
) -> ObservationConflict:
    """The choice among one year's observations: a user's choice, else the rule; proposals never count."""
    counted = [o for o in candidates if o.review is ReviewState.ACCEPTED]
    chosen = next((o for o in counted if o.id == chosen_id), None)
    overridden = chosen is not None
    if chosen is None:
        chosen = default_choice(counted, scope)
    return ObservationConflict(
        indicator_id=indicator_id,
        year=year,
        observations=tuple(sorted(counted, key=lambda o: rank_key(o, scope))),
        chosen=chosen,
        overridden=overridden,
        values_differ=len({o.value for o in counted}) > 1,
    )


def _resolve_all(
    session: Session, indicator_id: int, own_scope: str | None
) -> dict[int, ObservationConflict]:
    """year → resolution, for every year with observations, in two queries (the monitoring hot path)."""
    indicator = _indicator(session, indicator_id)
    scope = _own_scope(session, indicator, own_scope)
    by_year: dict[int, list[ObservationOut]] = {}
    for observation in observations_for(session, indicator_id):
        by_year.setdefault(observation.year, []).append(observation)
    rows = session.execute(
        select(ObservationChoiceRow.year, ObservationChoiceRow.observation_id).where(
            ObservationChoiceRow.indicator_id == indicator_id
        )
    )
    choices = {year: observation_id for year, observation_id in rows}
    return {
        year: _resolve(indicator_id, year, candidates, choices.get(year), scope)
        for year, candidates in sorted(by_year.items())
    }


def resolve_observation(
    session: Session, indicator_id: int, year: int, *, own_scope: str | None = None
) -> ObservationConflict:
    """The accepted observations of an indicator in a year and the one that counts (user's choice, else the rule)."""
    indicator = _indicator(session, indicator_id)
    scope = _own_scope(session, indicator, own_scope)
    choice = session.scalar(
        select(ObservationChoiceRow.observation_id).where(
            ObservationChoiceRow.indicator_id == indicator_id, ObservationChoiceRow.year == year
        )
    )
    return _resolve(indicator_id, year, observations_for(session, indicator_id, year), choice, scope)


def observation_conflicts(
    session: Session, indicator_id: int, *, own_scope: str | None = None
) -> list[ObservationConflict]:
    """Years in which an indicator has more than one distinct accepted value, each with the current choice."""
    return [c for c in _resolve_all(session, indicator_id, own_scope).values() if c.values_differ]


def chosen_series(
    session: Session, indicator_id: int, *, own_scope: str | None = None
) -> dict[int, ObservationOut]:
    """year → the observation that counts, for every year with accepted observations (the input to monitoring)."""
    return {
        year: resolution.chosen
        for year, resolution in _resolve_all(session, indicator_id, own_scope).items()
        if resolution.chosen is not None
    }


def review_observation(
    session: Session, observation_id: int, state: ReviewState, *, who: str
) -> ObservationOut:
    """Accept or reject a proposed figure (or send an accepted one back to proposed); recorded in the history."""
    row = _observation(session, observation_id)
    record_change(session, "observations", row.id, "review", row.review, ReviewState(state), who)
    row.review = ReviewState(state)
    session.flush()
    return _out(row)


def choose_observation(
    session: Session, observation_id: int, *, who: str, note: str | None = None
) -> ObservationConflict:
    """Make this observation the one that counts for its indicator and year, whatever the rule says."""
    obs = _observation(session, observation_id)
    if obs.review is not ReviewState.ACCEPTED:
        raise ConflictError("该数值尚未通过审核，请先采纳后再将其设为采用值。")
    choice = session.scalar(
        select(ObservationChoiceRow).where(
            ObservationChoiceRow.indicator_id == obs.indicator_id, ObservationChoiceRow.year == obs.year
        )
    )
    if choice is None:
        choice = ObservationChoiceRow(
            indicator_id=obs.indicator_id,
            year=obs.year,
            observation_id=obs.id,
            note=note,
            chosen_by=who,
            chosen_at=utcnow(),
        )
        session.add(choice)
        session.flush()
        record_creation(
            session, "observation_choices", choice.id, {"observation_id": obs.id, "note": note}, who
        )
    else:
        record_change(
            session, "observation_choices", choice.id, "observation_id", choice.observation_id, obs.id, who
        )
        choice.observation_id, choice.note, choice.chosen_by, choice.chosen_at = obs.id, note, who, utcnow()
    session.flush()
    return resolve_observation(session, obs.indicator_id, obs.year)


def clear_choice(session: Session, indicator_id: int, year: int, *, who: str) -> None:
    """Drop the user's choice so that the default rule decides again."""
    choice = session.scalar(
        select(ObservationChoiceRow).where(
            ObservationChoiceRow.indicator_id == indicator_id, ObservationChoiceRow.year == year
        )
    )
    if choice is not None:
        record_deletion(
            session, "observation_choices", choice.id, {"observation_id": choice.observation_id}, who
        )
        session.delete(choice)
        session.flush()


# --- definition breaks -----------------------------------------------------------------------------


def add_definition_break(
    session: Session, indicator_id: int, comparable_from: int, *, who: str, note: str | None = None
) -> DefinitionBreakOut:
    """Record that the indicator's definition changed in `comparable_from`; idempotent per year."""
    _indicator(session, indicator_id)
    row = session.scalar(
        select(DefinitionBreakRow).where(
            DefinitionBreakRow.indicator_id == indicator_id,
            DefinitionBreakRow.comparable_from == comparable_from,
        )
    )
    if row is None:
        row = DefinitionBreakRow(
            indicator_id=indicator_id,
            comparable_from=comparable_from,
            note=note,
            created_by=who,
            created_at=utcnow(),
        )
        session.add(row)
        session.flush()
        record_creation(
            session, "definition_breaks", row.id, {"comparable_from": comparable_from, "note": note}, who
        )
    return DefinitionBreakOut(row.id, row.indicator_id, row.comparable_from, row.note)


def definition_breaks(session: Session, indicator_id: int) -> list[DefinitionBreakOut]:
    """The indicator's definition breaks, oldest first."""
    rows = session.scalars(
        select(DefinitionBreakRow)
        .where(DefinitionBreakRow.indicator_id == indicator_id)
        .order_by(DefinitionBreakRow.comparable_from)
    )
    return [DefinitionBreakOut(r.id, r.indicator_id, r.comparable_from, r.note) for r in rows]


# --- name mappings ---------------------------------------------------------------------------------


def remembered_mappings(session: Session, plan_id: int) -> dict[str, int]:
    """Confirmed mappings of a plan: name in data files → indicator id."""
    rows = session.execute(
        select(IndicatorNameMappingRow.external_name, IndicatorNameMappingRow.indicator_id).where(
            IndicatorNameMappingRow.plan_id == plan_id
        )
    )
    return {name: indicator_id for name, indicator_id in rows}


def confirm_mapping(
    session: Session, plan_id: int, external_name: str, indicator_id: int, *, who: str
) -> None:
    """Remember that `external_name` in data files means this indicator (once the user said so)."""
    indicator = _indicator(session, indicator_id)
    if indicator.plan_id != plan_id:
        raise ConflictError(f"指标“{indicator.name}”不属于所选规划，请从该规划的指标中选择。")
    name = external_name.strip()
    row = session.scalar(
        select(IndicatorNameMappingRow).where(
            IndicatorNameMappingRow.plan_id == plan_id, IndicatorNameMappingRow.external_name == name
        )
    )
    if row is None:
        row = IndicatorNameMappingRow(
            plan_id=plan_id,
            external_name=name,
            indicator_id=indicator_id,
            confirmed_by=who,
            confirmed_at=utcnow(),
        )
        session.add(row)
        session.flush()
        record_creation(
            session,
            "indicator_name_mappings",
            row.id,
            {"external_name": name, "indicator_id": indicator_id},
            who,
        )
    elif row.indicator_id != indicator_id:
        record_change(
            session, "indicator_name_mappings", row.id, "indicator_id", row.indicator_id, indicator_id, who
        )
        row.indicator_id, row.confirmed_by, row.confirmed_at = indicator_id, who, utcnow()
        session.flush()


def forget_mapping(session: Session, plan_id: int, external_name: str, *, who: str) -> None:
    """Drop a remembered mapping, so the next import asks again."""
    row = session.scalar(
        select(IndicatorNameMappingRow).where(
            IndicatorNameMappingRow.plan_id == plan_id,
            IndicatorNameMappingRow.external_name == external_name.strip(),
        )
    )
    if row is not None:
        record_deletion(
            session,
            "indicator_name_mappings",
            row.id,
            {"external_name": row.external_name, "indicator_id": row.indicator_id},
            who,
        )
        session.delete(row)
        session.flush()


# --- imports ---------------------------------------------------------------------------------------


def import_observations(
    session: Session,
    plan_id: int,
    records: Sequence[ObservationRecord],
    *,
    who: str,
    mapping: Mapping[str, int] | None = None,
) -> ImportSummary:
    """Store records read from a data file, mapped to the plan's indicators, in the caller's transaction.

    `mapping` holds the names the user has just confirmed; they are remembered, and remembered ones are
    used for the rest. Rows whose name has no mapping are not stored and are listed in the summary.
    A row identical to a stored one (indicator, year, value, scope, source, quote) is skipped, so
    importing the same file twice adds nothing. Definition breaks the file states are recorded.
    """
    if session.get(PlanRow, plan_id) is None:
        raise NotFoundError(f"找不到编号为 {plan_id} 的规划，请先导入规划再导入观测数据。")
    for name, confirmed_id in (mapping or {}).items():
        confirm_mapping(session, plan_id, name, confirmed_id, who=who)
    known = remembered_mappings(session, plan_id)
    added = skipped = breaks = 0
    unmapped: list[str] = []
    for record in records:
        mapped = known.get(record.indicator_name.strip())
        if mapped is None:
            if record.indicator_name not in unmapped:
                unmapped.append(record.indicator_name)
            continue
        indicator_id = mapped
        duplicate = session.scalar(
            select(ObservationRow.id)
            .where(
                ObservationRow.indicator_id == indicator_id,
                ObservationRow.year == record.year,
                ObservationRow.value == record.value,
                _same(ObservationRow.scope, record.scope),
                _same(ObservationRow.source, record.source),
                _same(ObservationRow.source_quote, record.source_quote),
            )
            .limit(1)
        )
        if duplicate is None:
            add_observation(
                session,
                indicator_id,
                record.year,
                record.value,
                record.unit,
                who=who,
                scope=record.scope,
                source=record.source,
                source_quote=record.source_quote,
                status=record.status,
                qualifier=record.qualifier,
                note=record.note,
                origin=ObservationOrigin.IMPORT,
            )
            added += 1
        else:
            skipped += 1
        if record.definition_break_from is not None:
            before = len(definition_breaks(session, indicator_id))
            add_definition_break(
                session, indicator_id, record.definition_break_from, who=who, note=record.note
            )
            breaks += len(definition_breaks(session, indicator_id)) - before
    logger.info(
        "observation import: %d added, %d duplicates, %d names unmapped", added, skipped, len(unmapped)
    )
    return ImportSummary(
        added=added, skipped_duplicates=skipped, unmapped=tuple(unmapped), definition_breaks_added=breaks
    )


def _same(column: InstrumentedAttribute[str | None], value: str | None) -> ColumnElement[bool]:
    """`column = value`, or `column IS NULL` for None (SQL's `= NULL` is never true)."""
    return column.is_(None) if value is None else column == value
