"""Entering observations by hand: adding and correcting figures, proposals and their review, and which
of several conflicting figures counts.

The rules live here so that the JSON API and the web forms enforce exactly the same ones:

* the planning office (admin) adds figures that count at once (review `accepted`), corrects or deletes
  any figure, accepts or rejects proposals and decides which of conflicting figures counts;
* a department's reporter proposes figures (review `proposed`) only for indicators its departments
  are responsible for, and edits or withdraws only those proposals while they wait for review; it never
  touches accepted figures;
* viewers and the public read, and see only accepted figures: a proposal is an internal draft until
  the planning office has looked at it.

Every figure needs a source (出处): a figure nobody can trace is worse than none in an evaluation. The
year must be plausible, the value a finite number; the unit defaults to the indicator's unit and the
scope to the plan's own area.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import Principal
from planwatch.domain.errors import InputError
from planwatch.domain.records import ObservationOrigin, ObservationStatus, Qualifier, ReviewState
from planwatch.services.permissions import (
    require_admin,
    require_edit_observation,
    require_propose_for,
    require_writer,
)
from planwatch.services.plans import resolve_plan
from planwatch.store import (
    NotFoundError,
    add_observation,
    choose_observation,
    clear_choice,
    delete_observation,
    get_plan,
    history_for,
    indicators_of_departments,
    list_indicators,
    observation_conflicts,
    resolve_observation,
    review_observation,
    transaction,
    update_observation,
)
from planwatch.store.models import IndicatorDefinitionRow, IndicatorRow, ObservationRow, PlanRow
from planwatch.store.plans import current_revision_id
from planwatch.store.views import ChangeOut, ObservationConflict, ObservationOut, PlanSummary

YEAR_MIN = 1949
YEAR_MAX = 2100
MAX_UNIT = 50  # column sizes of the observations table, checked here to answer in Chinese
MAX_SCOPE = 100
MAX_SOURCE = 2000
MAX_TEXT = 5000
RECENT_LIMIT = 20

QUALIFIER_LABELS: dict[Qualifier, str] = {
    Qualifier.EXACT: "准确值",
    Qualifier.LOWER_BOUND: "下限（突破、超过）",
    Qualifier.UPPER_BOUND: "上限（不到）",
    Qualifier.APPROXIMATE: "约数",
}
STATUS_LABELS: dict[ObservationStatus, str] = {
    ObservationStatus.FINAL: "正式数",
    ObservationStatus.PRELIMINARY: "初步数",
    ObservationStatus.ESTIMATE: "预计数",
}
REVIEW_LABELS: dict[ReviewState, str] = {
    ReviewState.ACCEPTED: "已采纳",
    ReviewState.PROPOSED: "待审核",
    ReviewState.REJECTED: "未采纳",
}
ORIGIN_LABELS: dict[ObservationOrigin, str] = {
    ObservationOrigin.PLAN: "规划原文",
    ObservationOrigin.IMPORT: "文件导入",
    ObservationOrigin.MANUAL: "手工录入",
}
REVIEW_DECISIONS = (ReviewState.ACCEPTED, ReviewState.REJECTED)
FIELD_LABELS: dict[str, str] = {
    "indicator_id": "指标编号",
    "year": "年份",
    "value": "数值",
    "unit": "单位",
    "scope": "统计范围",
    "source": "出处",
    "source_quote": "原文摘录",
    "status": "数据状态",
    "qualifier": "数值性质",
    "note": "备注",
    "origin": "来源方式",
    "review": "审核",
}


class ObservationInputError(InputError):
    """A figure as typed cannot be stored (no source, implausible year, not a number …)."""


@dataclass(frozen=True, slots=True)
class ObservationDraft:
    """A new figure as a user gives it; `unit` and `scope` default to the indicator's and the plan's."""

    indicator_id: int
    year: int
    value: float
    source: str | None
    unit: str | None = None
    scope: str | None = None
    source_quote: str | None = None
    status: ObservationStatus = ObservationStatus.FINAL
    qualifier: Qualifier = Qualifier.EXACT
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ObservationCorrection:
    """Changes to a stored figure: None leaves a field as it is, "" clears a quote or note.

    A blank unit or scope goes back to the default (the indicator's unit, the plan's area); a blank
    source is refused, like on entry.
    """

    year: int | None = None
    value: float | None = None
    unit: str | None = None
    scope: str | None = None
    source: str | None = None
    source_quote: str | None = None
    status: ObservationStatus | None = None
    qualifier: Qualifier | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class IndicatorChoice:
    """A series a figure can be entered for; `defined` when the plan sets a target for it."""

    id: int
    name: str
    unit: str
    defined: bool


@dataclass(frozen=True, slots=True)
class ObservationEntry:
    """A figure with the indicator and plan it belongs to, and what the principal may do with it."""

    observation: ObservationOut
    indicator_name: str
    plan_id: int
    plan_title: str
    can_edit: bool
    can_review: bool


@dataclass(frozen=True, slots=True)
class ConflictEntry:
    """A year in which an indicator has several different accepted figures, and the one that counts."""

    indicator_name: str
    conflict: ObservationConflict


@dataclass(frozen=True, slots=True)
class EditView:
    """What the correction page shows: the figure, its defaults, the year's other figures, its history."""

    entry: ObservationEntry
    indicator_unit: str
    plan_scope: str | None
    same_year: ObservationConflict
    history: tuple[ChangeOut, ...]
    can_choose: bool


@dataclass(frozen=True, slots=True)
class DataEntryOverview:
    """The data-entry hub of one plan for one principal."""

    plan: PlanSummary
    indicators: tuple[IndicatorChoice, ...]  # the series this principal may enter figures for
    review_queue: tuple[ObservationEntry, ...]  # admin: every proposal waiting for review
    own_proposals: tuple[ObservationEntry, ...]  # reporter: its departments' proposals (and rejections)
    recent: tuple[ObservationEntry, ...]
    conflicts: tuple[ConflictEntry, ...]  # admin: years with conflicting figures in this plan
    admin: bool


# --- checking what users typed ------------------------------------------------------------------


def _clean(text: str | None) -> str | None:
    """Trimmed text, None when blank."""
    if text is None:
        return None
    stripped = text.strip()
    return stripped or None


def check_year(year: int) -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ObservationInputError(
            f"年份 {year} 不在合理范围内，请填写 {YEAR_MIN}–{YEAR_MAX} 之间的四位数年份。"
        )
    return year


def check_value(value: float) -> float:
    if isinstance(value, bool) or not math.isfinite(value):
        raise ObservationInputError("数值必须是有限的数字，请填写阿拉伯数字，如 17000 或 3.51。")
    return float(value)


def _check_source(source: str | None) -> str:
    cleaned = _clean(source)
    if cleaned is None:
        raise ObservationInputError(
            "请填写数据出处（如“2024年武汉市国民经济和社会发展统计公报”或网址），没有出处的数值不能录入。"
        )
    return _check_length(cleaned, MAX_SOURCE, "出处")


def _check_length(text: str, limit: int, label: str) -> str:
    if len(text) > limit:
        raise ObservationInputError(f"{label}太长（{len(text)} 个字），请缩短到 {limit} 个字以内。")
    return text


def _optional(text: str | None, limit: int, label: str) -> str | None:
    cleaned = _clean(text)
    return None if cleaned is None else _check_length(cleaned, limit, label)


def parse_year(text: str) -> int:
    """A year typed in a form (full-width digits and a trailing 年 allowed)."""
    folded = unicodedata.normalize("NFKC", text).strip().removesuffix("年").strip()
    if not folded:
        raise ObservationInputError("请填写年份，如 2024。")
    if not folded.isdigit():
        raise ObservationInputError(f"年份“{text.strip()}”无法识别，请填写四位数年份，如 2024。")
    return check_year(int(folded))


def parse_value(text: str) -> float:
    """A figure typed in a form: thousands separators and full-width digits allowed, nothing else."""
    folded = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace("，", "")
    if not folded:
        raise ObservationInputError("请填写数值，如 17000 或 3.51。")
    try:
        value = float(folded)
    except ValueError:
        raise ObservationInputError(
            f"数值“{text.strip()}”不是数字，请只填写阿拉伯数字（单位另填），如 17000 或 3.51。"
        ) from None
    return check_value(value)


def parse_choice(text: str, labels: Mapping[str, str], what: str) -> str:
    """A select's value, which must be one of `labels` (a tampered form gets a clear answer)."""
    value = text.strip()
    if value not in labels:
        raise ObservationInputError(f"{what}“{value}”不是可选的值，请从列表中选择。")
    return value


def parse_id(text: str, what: str) -> int:
    value = text.strip()
    if not value.isdigit():
        raise ObservationInputError(f"请选择{what}。")
    return int(value)


def draft_from_form(form: Mapping[str, str]) -> ObservationDraft:
    """A draft from the fields of the entry form (all text, as browsers send them)."""
    return ObservationDraft(
        indicator_id=parse_id(form.get("indicator_id", ""), "指标"),
        year=parse_year(form.get("year", "")),
        value=parse_value(form.get("value", "")),
        source=form.get("source"),
        unit=form.get("unit"),
        scope=form.get("scope"),
        source_quote=form.get("source_quote"),
        status=ObservationStatus(
            parse_choice(form.get("status") or "final", {s.value: "" for s in ObservationStatus}, "状态")
        ),
        qualifier=Qualifier(
            parse_choice(form.get("qualifier") or "exact", {q.value: "" for q in Qualifier}, "数值性质")
        ),
        note=form.get("note"),
    )


def correction_from_form(form: Mapping[str, str]) -> ObservationCorrection:
    """A correction from the edit form, which always sends every field (blank quote/note = clear)."""
    return ObservationCorrection(
        year=parse_year(form.get("year", "")),
        value=parse_value(form.get("value", "")),
        unit=form.get("unit", ""),
        scope=form.get("scope", ""),
        source=form.get("source", ""),
        source_quote=form.get("source_quote", ""),
        status=ObservationStatus(
            parse_choice(form.get("status") or "final", {s.value: "" for s in ObservationStatus}, "状态")
        ),
        qualifier=Qualifier(
            parse_choice(form.get("qualifier") or "exact", {q.value: "" for q in Qualifier}, "数值性质")
        ),
        note=form.get("note", ""),
    )


def parse_review_state(text: str) -> ReviewState:
    value = text.strip()
    if value not in {s.value for s in REVIEW_DECISIONS}:
        raise ObservationInputError("审核结果只能是“采纳”（accepted）或“不采纳”（rejected）。")
    return ReviewState(value)


# --- reading (queries this use case needs that the store does not offer yet) --------------------


@dataclass(frozen=True, slots=True)
class _IndicatorFacts:
    id: int
    name: str
    plan_id: int
    plan_title: str
    plan_scope: str | None
    unit: str  # the current revision's unit, else the unit of the series' latest figure, else ""


def _observation_out(row: ObservationRow) -> ObservationOut:
    return ObservationOut(**{f.name: getattr(row, f.name) for f in fields(ObservationOut)})


def _indicator_facts(session: Session, indicator_id: int) -> _IndicatorFacts:
    found = session.execute(
        select(IndicatorRow.name, PlanRow.id, PlanRow.title, PlanRow.scope)
        .join(PlanRow, PlanRow.id == IndicatorRow.plan_id)
        .where(IndicatorRow.id == indicator_id)
    ).first()
    if found is None:
        raise NotFoundError(f"找不到编号为 {indicator_id} 的指标，请从列表中选择指标。")
    name, plan_id, plan_title, plan_scope = found
    unit = _units(session, plan_id, [indicator_id]).get(indicator_id, "")
    return _IndicatorFacts(indicator_id, name, plan_id, plan_title, plan_scope, unit)


def _units(session: Session, plan_id: int, indicator_ids: Sequence[int]) -> dict[int, str]:
    """indicator id → unit: as the current revision defines it, else the unit of its newest figure."""
    units: dict[int, str] = {}
    revision_id = current_revision_id(session, plan_id)
    if revision_id is not None:
        defined = session.execute(
            select(IndicatorDefinitionRow.indicator_id, IndicatorDefinitionRow.unit).where(
                IndicatorDefinitionRow.revision_id == revision_id,
                IndicatorDefinitionRow.indicator_id.in_(indicator_ids),
            )
        )
        units.update({indicator_id: unit for indicator_id, unit in defined})
    missing = [i for i in indicator_ids if not units.get(i)]
    if missing:
        rows = session.execute(
            select(ObservationRow.indicator_id, ObservationRow.unit)
            .where(ObservationRow.indicator_id.in_(missing))
            .order_by(ObservationRow.year, ObservationRow.id)
        )
        for indicator_id, unit in rows:
            units[indicator_id] = unit  # later rows win: the newest figure's unit
    return units


def _entry_query() -> Select[ObservationRow, str, int, str]:
    return (
        select(ObservationRow, IndicatorRow.name, PlanRow.id, PlanRow.title)
        .join(IndicatorRow, IndicatorRow.id == ObservationRow.indicator_id)
        .join(PlanRow, PlanRow.id == IndicatorRow.plan_id)
    )


def _entries(
    session: Session, principal: Principal, query: Select[ObservationRow, str, int, str]
) -> list[ObservationEntry]:
    owned = _owned_indicators(session, principal)
    result = []
    for row, name, plan_id, plan_title in session.execute(query):
        observation = _observation_out(row)
        result.append(
            ObservationEntry(
                observation=observation,
                indicator_name=name,
                plan_id=plan_id,
                plan_title=plan_title,
                can_edit=_may_edit(principal, observation, owned),
                can_review=principal.is_admin,
            )
        )
    return result


def _owned_indicators(session: Session, principal: Principal) -> set[int]:
    if principal.is_admin or not principal.can_write:
        return set()
    return indicators_of_departments(session, principal.department_ids)


def _may_edit(principal: Principal, observation: ObservationOut, owned: set[int]) -> bool:
    """`require_edit_observation` without a query per row (the owned indicators are looked up once)."""
    if principal.is_admin:
        return True
    return (
        principal.can_write
        and observation.review is ReviewState.PROPOSED
        and observation.indicator_id in owned
    )


def _visible(principal: Principal, observation: ObservationOut) -> bool:
    return principal.can_write or observation.review is ReviewState.ACCEPTED


def _get_observation(session: Session, observation_id: int) -> ObservationOut:
    row = session.get(ObservationRow, observation_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {observation_id} 的观测值，可能已被删除，请刷新后重试。")
    return _observation_out(row)


def _entry(session: Session, principal: Principal, observation_id: int) -> ObservationEntry:
    entries = _entries(session, principal, _entry_query().where(ObservationRow.id == observation_id))
    if not entries or not _visible(principal, entries[0].observation):
        raise NotFoundError(f"找不到编号为 {observation_id} 的观测值，可能已被删除，请刷新后重试。")
    return entries[0]


def plan_series(session: Session, plan_id: int) -> list[IndicatorChoice]:
    """The plan's series: the defined indicators in plan order first, then series with past figures only."""
    series = list_indicators(session, plan_id)
    defined = [i.id for i in get_plan(session, plan_id).indicators]
    units = _units(session, plan_id, list(series))
    order = list(dict.fromkeys([*defined, *series]))
    defined_set = set(defined)
    return [IndicatorChoice(i, series[i], units.get(i, ""), i in defined_set) for i in order if i in series]


def _writable(
    session: Session, principal: Principal, plan_id: int, series: Sequence[IndicatorChoice] | None = None
) -> list[IndicatorChoice]:
    """The plan's series the principal may enter figures for (`series`: the plan's, if already read)."""
    if not principal.can_write:
        return []
    every = list(series) if series is not None else plan_series(session, plan_id)
    if principal.is_admin:
        return every
    owned = indicators_of_departments(session, principal.department_ids)
    return [s for s in every if s.id in owned]


# --- use cases ----------------------------------------------------------------------------------


def writable_indicators(
    factory: sessionmaker[Session], principal: Principal, plan_id: int
) -> list[IndicatorChoice]:
    """The series of a plan this principal may enter figures for (all for admins, owned for reporters)."""
    with transaction(factory, read_only=True) as session:
        resolve_plan(session, plan_id)
        return _writable(session, principal, plan_id)


def enter_observation(
    factory: sessionmaker[Session], principal: Principal, draft: ObservationDraft
) -> ObservationOut:
    """Store a figure: it counts at once when the planning office enters it, else it is a proposal."""
    year, value = check_year(draft.year), check_value(draft.value)
    source = _check_source(draft.source)
    quote = _optional(draft.source_quote, MAX_TEXT, "原文摘录")
    note = _optional(draft.note, MAX_TEXT, "备注")
    with transaction(factory) as session:
        require_propose_for(session, principal, draft.indicator_id)
        facts = _indicator_facts(session, draft.indicator_id)
        unit = _optional(draft.unit, MAX_UNIT, "单位") or facts.unit
        if not unit:
            raise ObservationInputError(f"指标“{facts.name}”没有登记单位，请填写数值的单位。")
        return add_observation(
            session,
            draft.indicator_id,
            year,
            value,
            unit,
            who=principal.username,
            scope=_optional(draft.scope, MAX_SCOPE, "统计范围") or facts.plan_scope,
            source=source,
            source_quote=quote,
            status=ObservationStatus(draft.status),
            qualifier=Qualifier(draft.qualifier),
            note=note,
            origin=ObservationOrigin.MANUAL,
            review=ReviewState.ACCEPTED if principal.is_admin else ReviewState.PROPOSED,
        )


def correct_observation(
    factory: sessionmaker[Session],
    principal: Principal,
    observation_id: int,
    correction: ObservationCorrection,
) -> ObservationOut:
    """Correct a figure (admins: any; reporters: their departments' proposals awaiting review)."""
    with transaction(factory) as session:
        current = _get_observation(session, observation_id)
        require_edit_observation(session, principal, current)
        facts = _indicator_facts(session, current.indicator_id)
        unit = scope = None
        if correction.unit is not None:
            unit = _optional(correction.unit, MAX_UNIT, "单位") or facts.unit or current.unit
        if correction.scope is not None:
            scope = _optional(correction.scope, MAX_SCOPE, "统计范围") or facts.plan_scope or ""
        return update_observation(
            session,
            observation_id,
            who=principal.username,
            year=check_year(correction.year) if correction.year is not None else None,
            value=check_value(correction.value) if correction.value is not None else None,
            unit=unit,
            scope=scope,
            source=_check_source(correction.source) if correction.source is not None else None,
            source_quote=_cleared(correction.source_quote, "原文摘录"),
            status=correction.status,
            qualifier=correction.qualifier,
            note=_cleared(correction.note, "备注"),
        )


def _cleared(text: str | None, label: str) -> str | None:
    """None → leave unchanged; blank → clear ("" for the store); else the trimmed text."""
    if text is None:
        return None
    return _optional(text, MAX_TEXT, label) or ""


def remove_observation(
    factory: sessionmaker[Session], principal: Principal, observation_id: int
) -> ObservationEntry:
    """Delete a figure (a reporter withdraws its proposal); returns what was deleted, for the answer."""
    with transaction(factory) as session:
        entry = _entry(session, principal, observation_id)
        require_edit_observation(session, principal, entry.observation)
        delete_observation(session, observation_id, who=principal.username)
        return entry


def review_proposal(
    factory: sessionmaker[Session], principal: Principal, observation_id: int, state: ReviewState
) -> ObservationOut:
    """Accept (the figure counts from now on) or reject a figure; only the planning office reviews."""
    require_admin(principal)
    decision = ReviewState(state)
    if decision not in REVIEW_DECISIONS:
        raise ObservationInputError("审核结果只能是“采纳”（accepted）或“不采纳”（rejected）。")
    with transaction(factory) as session:
        _get_observation(session, observation_id)
        return review_observation(session, observation_id, decision, who=principal.username)


def choose_counted(
    factory: sessionmaker[Session], principal: Principal, observation_id: int, *, note: str | None = None
) -> ObservationConflict:
    """Make this figure the one that counts for its indicator and year, whatever the default rule says."""
    require_admin(principal)
    with transaction(factory) as session:
        _get_observation(session, observation_id)
        return choose_observation(
            session, observation_id, who=principal.username, note=_optional(note, MAX_TEXT, "说明")
        )


def clear_counted_choice(
    factory: sessionmaker[Session], principal: Principal, indicator_id: int, year: int
) -> ObservationConflict:
    """Let the default rule decide again which figure of the year counts."""
    require_admin(principal)
    with transaction(factory) as session:
        _indicator_facts(session, indicator_id)
        clear_choice(session, indicator_id, year, who=principal.username)
        return resolve_observation(session, indicator_id, year)


def get_entry(factory: sessionmaker[Session], principal: Principal, observation_id: int) -> ObservationEntry:
    """One figure with its indicator and plan (viewers and the public see accepted figures only)."""
    with transaction(factory, read_only=True) as session:
        return _entry(session, principal, observation_id)


def find_observations(
    factory: sessionmaker[Session],
    principal: Principal,
    *,
    plan_id: int | None = None,
    indicator_id: int | None = None,
    year: int | None = None,
    review: ReviewState | None = None,
) -> list[ObservationOut]:
    """Figures matching the filters, by indicator, year and age (viewers: accepted figures only)."""
    query = _entry_query().order_by(ObservationRow.indicator_id, ObservationRow.year, ObservationRow.id)
    if plan_id is not None:
        query = query.where(PlanRow.id == plan_id)
    if indicator_id is not None:
        query = query.where(ObservationRow.indicator_id == indicator_id)
    if year is not None:
        query = query.where(ObservationRow.year == year)
    if review is not None:
        query = query.where(ObservationRow.review == ReviewState(review))
    if not principal.can_write:
        query = query.where(ObservationRow.review == ReviewState.ACCEPTED)
    with transaction(factory, read_only=True) as session:
        return [e.observation for e in _entries(session, principal, query)]


def _review_queue(session: Session, principal: Principal) -> list[ObservationEntry]:
    query = _entry_query().where(ObservationRow.review == ReviewState.PROPOSED).order_by(ObservationRow.id)
    return _entries(session, principal, query)


def _own_proposals(session: Session, principal: Principal) -> list[ObservationEntry]:
    owned = _owned_indicators(session, principal)
    if not owned:
        return []
    query = (
        _entry_query()
        .where(
            ObservationRow.indicator_id.in_(owned),
            ObservationRow.review.in_([ReviewState.PROPOSED, ReviewState.REJECTED]),
        )
        .order_by(ObservationRow.id.desc())
    )
    return _entries(session, principal, query)


def _recent(session: Session, principal: Principal, plan_id: int, limit: int) -> list[ObservationEntry]:
    query = _entry_query().where(PlanRow.id == plan_id).order_by(ObservationRow.id.desc()).limit(limit)
    if not principal.is_admin:
        query = query.where(ObservationRow.indicator_id.in_(_owned_indicators(session, principal)))
    return _entries(session, principal, query)


def _conflicts(session: Session, series: Iterable[IndicatorChoice]) -> list[ConflictEntry]:
    return [
        ConflictEntry(s.name, conflict) for s in series for conflict in observation_conflicts(session, s.id)
    ]


def review_queue(factory: sessionmaker[Session], principal: Principal) -> list[ObservationEntry]:
    """Every proposal waiting for the planning office, oldest first."""
    require_admin(principal)
    with transaction(factory, read_only=True) as session:
        return _review_queue(session, principal)


def data_entry_overview(
    factory: sessionmaker[Session], principal: Principal, plan_id: int | None
) -> DataEntryOverview:
    """Everything the data-entry hub shows for one plan (default: the plan running now)."""
    require_writer(principal)
    with transaction(factory, read_only=True) as session:
        plan = resolve_plan(session, plan_id)
        admin = principal.is_admin
        series = plan_series(session, plan.id)
        return DataEntryOverview(
            plan=plan,
            indicators=tuple(_writable(session, principal, plan.id, series)),
            review_queue=tuple(_review_queue(session, principal)) if admin else (),
            own_proposals=() if admin else tuple(_own_proposals(session, principal)),
            recent=tuple(_recent(session, principal, plan.id, RECENT_LIMIT)),
            conflicts=tuple(_conflicts(session, series)) if admin else (),
            admin=admin,
        )


def edit_view(factory: sessionmaker[Session], principal: Principal, observation_id: int) -> EditView:
    """The correction page of a figure (only for those who may correct it)."""
    with transaction(factory, read_only=True) as session:
        entry = _entry(session, principal, observation_id)
        require_edit_observation(session, principal, entry.observation)
        facts = _indicator_facts(session, entry.observation.indicator_id)
        return EditView(
            entry=entry,
            indicator_unit=facts.unit,
            plan_scope=facts.plan_scope,
            same_year=resolve_observation(session, facts.id, entry.observation.year),
            history=tuple(history_for(session, "observations", observation_id)),
            can_choose=principal.is_admin,
        )
