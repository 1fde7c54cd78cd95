"""Indicator status of a plan: stored indicators + chosen observations + definition breaks → `assess`.

What is monitored:

* every indicator the current revision defines (table rows, or in-text targets when there is no
  table), then every in-text target whose metric is not already a defined indicator (same series
  key, see `indicator_names`), so a target is never listed twice;
* growth indicators (年均增速) on their level series (rule 3 of `indicator_names`); a figure in % of
  the growth series itself is a rate, not a level, and is left out.

Which observations count, per year: the one the store chooses for the indicator's own series (user's
choice, else the default rule); for years it has none, the same series under another name in this
plan (past figures of 国家级创新平台 for 国家级创新平台数量), then the same series in other plans of
the same area, so a successor plan's look back (十四五 says 2015年 3.02%) evaluates its predecessor's
targets. A pair confirmed as continued or renamed in a plan comparison (规划对比) counts as the same
series too, whatever the two names. Figures in a unit that does not match the indicator are left out with a note.

`PlanEvaluator` does the work inside a caller's session (the web pages use it directly): it reads the
series catalogue, the definitions and every needed series' figures, choices and breaks in bulk — a
constant number of queries per plan — and can judge one indicator as of several years from the same
figures (the detail page's status history).

Presentation rules on top of `assess`: an estimate (预计) counts as an approximate value; a target met
before the target year stays 提前实现 even when the target-year figure also meets it, with the year it
was first met (evaluations report when a target was reached); a baseline the plan does not state is
taken from an observation of the base year, and says so.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.plan import Attribute, Comparator, IndicatorKind
from planwatch.domain.progress import (
    Assessment,
    IndicatorSpec,
    ObservationPoint,
    ProgressStatus,
    Qualifier,
    ReasonCode,
    StatusJudgement,
)
from planwatch.domain.records import IndicatorOrigin, ObservationStatus
from planwatch.domain.records import Qualifier as RecordQualifier
from planwatch.monitor import assess
from planwatch.monitor import growth as growth_rates
from planwatch.monitor import series as level_series
from planwatch.monitor.wording import format_percent, format_value
from planwatch.services.indicator_names import is_rate_unit, level_series_name, series_key, units_compatible
from planwatch.services.plans import resolve_plan
from planwatch.services.target_check import check_target
from planwatch.store import list_plans, transaction
from planwatch.store.comparisons import same_series_links
from planwatch.store.dashboard_queries import (
    CatalogueEntry,
    StoredSeries,
    current_definitions,
    series_catalogue,
    stored_series,
)
from planwatch.store.views import IndicatorOut, ObservationOut, PlanSummary, TargetOut

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LatestValue:
    """The newest observation up to the evaluation year, and where it comes from."""

    year: int
    value: float
    unit: str
    qualifier: RecordQualifier
    status: ObservationStatus
    source: str | None
    source_quote: str | None
    scope: str | None
    series: str  # name of the stored series it belongs to
    plan_title: str | None  # set when the figure was borrowed from another plan


@dataclass(frozen=True, slots=True)
class IndicatorStatus:
    """One row of the status table: what the plan commits to, the latest figure and the judgement."""

    indicator_id: int | None
    name: str
    unit: str
    kind: IndicatorKind
    origin: IndicatorOrigin
    comparator: Comparator
    baseline_year: int | None
    baseline_value: float | None
    baseline_text: str
    target_year: int | None
    target_value: float | None
    target_text: str
    level_series: str | None  # growth indicators: the level series they are measured on
    latest: LatestValue | None
    status: ProgressStatus
    reason: str
    notes: tuple[str, ...]
    assessment: Assessment


@dataclass(frozen=True, slots=True)
class PlanStatus:
    plan: PlanSummary
    as_of_year: int
    indicators: tuple[IndicatorStatus, ...]
    notes: tuple[str, ...] = ()  # remarks that hold for every row (目标年已过 …)


@dataclass(frozen=True, slots=True)
class _Item:
    """An indicator to monitor, from a definition or from an in-text target."""

    indicator_id: int | None
    name: str
    unit: str
    kind: IndicatorKind
    origin: IndicatorOrigin
    comparator: Comparator
    baseline_year: int | None
    baseline_value: float | None
    baseline_text: str
    target_year: int | None
    target_value: float | None
    target_text: str
    line_start: int | None = None
    line_end: int | None = None


@dataclass(frozen=True, slots=True)
class SeriesRef:
    """A stored series that measures an indicator: its own, or the same quantity under another name or plan."""

    indicator_id: int
    name: str
    plan: PlanSummary


@dataclass(frozen=True, slots=True)
class CountedFigure:
    """The figure that counts for an indicator in one year, and the series it was taken from."""

    observation: ObservationOut
    series: SeriesRef


@dataclass(frozen=True, slots=True)
class IndicatorEvaluation:
    """One indicator's status row plus what the detail page shows about how it was reached.

    `figures` are the figures that count, by year (after unit checks); `sources` the series consulted,
    in order of preference; `history` the row as of each requested year (empty unless asked for);
    `line_start`/`line_end` the plan lines that define it (None for a target found only in the text).
    """

    status: IndicatorStatus
    figures: tuple[CountedFigure, ...]
    sources: tuple[SeriesRef, ...]
    history: tuple[IndicatorStatus, ...] = ()
    attribute: Attribute | None = None
    line_start: int | None = None
    line_end: int | None = None


def plan_status(
    factory: sessionmaker[Session], plan_id: int | None = None, as_of_year: int | None = None
) -> PlanStatus:
    """The status of every indicator of a plan (default: the latest plan) as of a year (default: this year)."""
    year = as_of_year if as_of_year is not None else datetime.date.today().year
    with transaction(factory, read_only=True) as session:
        plan = resolve_plan(session, plan_id)
        evaluator = PlanEvaluator(session, plan, year)
        rows = tuple(e.status for e in evaluator.evaluate_all())
        return PlanStatus(plan, year, rows, evaluator.plan_notes)


@dataclass(frozen=True, slots=True)
class _Prepared:
    """An item with its figures gathered once, ready to be judged as of any year."""

    item: _Item
    sources: tuple[SeriesRef, ...]
    level: str | None
    figures: dict[int, CountedFigure]
    breaks: frozenset[int]
    notes: tuple[str, ...]  # remarks about the figures, whatever the year


class PlanEvaluator:
    """Computes the status rows of one plan inside the caller's session, in a bounded number of queries.

    The series catalogue (this plan's series, then those of other plans of the same area) and the
    stored figures of every series an indicator is measured on are read once, in bulk; an indicator can
    then be judged as of several years from the same figures (its status history) without reading again.
    """

    def __init__(
        self, session: Session, plan: PlanSummary, year: int, *, plans: Sequence[PlanSummary] | None = None
    ) -> None:
        self.session = session
        self.plan = plan
        self.year = year
        self.catalogue = self._catalogue(list_plans(session) if plans is None else plans)
        self._keys = [series_key(s.name) for s in self.catalogue]  # computed once, compared often
        self._plan_notes: list[str] = []
        self._stored: dict[int, StoredSeries] = {}
        self._items: list[_Item] | None = None
        self._definitions: dict[int, IndicatorOut] = {}
        self._linked = same_series_links(session)  # confirmed in a plan comparison (规划对比)

    @property
    def plan_notes(self) -> tuple[str, ...]:
        """Remarks that hold for every row (目标年已过 …), each once."""
        return tuple(dict.fromkeys(self._plan_notes))

    def _catalogue(self, plans: Sequence[PlanSummary]) -> list[SeriesRef]:
        """This plan's series first, then those of other plans of the same area."""
        ordered = [self.plan] + [
            p for p in plans if p.id != self.plan.id and self.plan.scope and p.scope == self.plan.scope
        ]
        by_plan: dict[int, list[CatalogueEntry]] = {}
        for entry in series_catalogue(self.session, [p.id for p in ordered]):
            by_plan.setdefault(entry.plan_id, []).append(entry)
        return [SeriesRef(e.indicator_id, e.name, p) for p in ordered for e in by_plan.get(p.id, [])]

    def items(self) -> list[_Item]:
        """What the plan monitors: its defined indicators, then in-text targets not already defined."""
        if self._items is not None:
            return self._items
        definitions, targets = current_definitions(self.session, self.plan.id)
        self._definitions = {d.id: d for d in definitions}
        # Table rows first; an in-text target defines an indicator only where no row measures the same series.
        items: list[_Item] = []
        seen: set[str] = set()
        for definition in sorted(definitions, key=lambda d: d.origin is IndicatorOrigin.TEXT_TARGET):
            key = series_key(definition.name)
            if definition.origin is IndicatorOrigin.TEXT_TARGET and key in seen:
                continue
            seen.add(key)
            items.append(_from_indicator(definition))
        for target in targets:
            key = series_key(target.metric)
            if target.indicator_id is not None or key in seen:
                continue
            seen.add(key)
            items.append(_from_target(target, self._series_id(key)))
        self._items = items
        return items

    def evaluate_all(self) -> list[IndicatorEvaluation]:
        """Every monitored indicator as of the evaluator's year."""
        prepared = self._prepare(self.items())
        return [self._evaluation(p, ()) for p in prepared]

    def evaluate_indicator(
        self, indicator_id: int, history_years: Sequence[int] = ()
    ) -> IndicatorEvaluation | None:
        """One indicator as of the evaluator's year and as of each of `history_years`.

        None when the plan's current revision neither defines it nor has a target measured on it (a
        series that only carries past figures).
        """
        item = next((i for i in self.items() if i.indicator_id == indicator_id), None)
        if item is None:
            return None
        (prepared,) = self._prepare([item])
        return self._evaluation(prepared, history_years)

    def stored(self, indicator_id: int) -> StoredSeries:
        """The stored figures of one series (read in bulk with the others when first needed)."""
        if indicator_id not in self._stored:
            self._stored.update(stored_series(self.session, [indicator_id]))
        return self._stored[indicator_id]

    def own_scope(self, series: SeriesRef) -> str | None:
        """The area whose figures come first when choosing among a series' figures."""
        return self.plan.scope if self.plan.scope is not None else series.plan.scope

    def _series_id(self, key: str) -> int | None:
        return next(
            (
                s.indicator_id
                for s, k in zip(self.catalogue, self._keys, strict=True)
                if s.plan.id == self.plan.id and k == key
            ),
            None,
        )

    def _sources(self, item: _Item) -> tuple[list[SeriesRef], str | None]:
        """The series whose figures measure `item`, in order of preference, and the level series name."""
        level = level_series_name(item.name) if item.kind is IndicatorKind.GROWTH else None
        keys = {series_key(level)} if level else {series_key(item.name)}
        own = [s for s in self.catalogue if s.indicator_id == item.indicator_id]
        linked = self._linked.get(item.indicator_id, set()) if item.indicator_id is not None else set()
        same = [
            s
            for s, k in zip(self.catalogue, self._keys, strict=True)
            if s.indicator_id != item.indicator_id and (k in keys or s.indicator_id in linked)
        ]
        return own + same, level

    def _prepare(self, items: Sequence[_Item]) -> list[_Prepared]:
        sources = [self._sources(item) for item in items]
        wanted = {s.indicator_id for found, _ in sources for s in found} - set(self._stored)
        self._stored.update(stored_series(self.session, wanted))
        result: list[_Prepared] = []
        for item, (found, level) in zip(items, sources, strict=True):
            notes: list[str] = []
            figures, breaks = self._figures(item, found, notes)
            result.append(_Prepared(item, tuple(found), level, figures, frozenset(breaks), tuple(notes)))
        return result

    def _evaluation(self, prepared: _Prepared, history_years: Sequence[int]) -> IndicatorEvaluation:
        item = prepared.item
        definition = self._definitions.get(item.indicator_id) if item.indicator_id is not None else None
        if definition is not None and definition.origin is not item.origin:
            definition = None
        return IndicatorEvaluation(
            status=self._row(prepared, self.year, self._plan_notes),
            figures=tuple(prepared.figures.values()),
            sources=prepared.sources,
            history=tuple(self._row(prepared, year, []) for year in history_years),
            attribute=definition.attribute if definition is not None else None,
            line_start=definition.line_start if definition is not None else item.line_start,
            line_end=definition.line_end if definition is not None else item.line_end,
        )

    def _row(self, prepared: _Prepared, year: int, plan_notes: list[str]) -> IndicatorStatus:
        item, figures, level = prepared.item, prepared.figures, prepared.level
        notes = list(prepared.notes)
        base_year = item.baseline_year
        if base_year is None and self.plan.period_start is not None:
            base_year = self.plan.period_start - 1
        baseline_value = item.baseline_value
        if item.kind is IndicatorKind.LEVEL and baseline_value is None:
            baseline_value = _baseline_from_figures(figures, base_year, notes)
        spec = IndicatorSpec(
            name=item.name,
            unit=item.unit,
            kind=item.kind,
            comparator=item.comparator,
            baseline_year=base_year,
            baseline_value=baseline_value,
            target_year=item.target_year,
            target_value=item.target_value,
            level_unit=next((f.observation.unit for f in figures.values()), "") if level else "",
        )
        # A stand-in area's figure (湖北省 for a 武汉市 plan) is shown for reference but never judged.
        own = {y: f for y, f in figures.items() if not self._stand_in(f)}
        points = _points(own, set(prepared.breaks))
        assessment = assess(spec, points, year)
        status, reason = _judge(item, assessment, points, year, notes)
        evaluation_year = min(year, item.target_year) if item.target_year else year
        latest_year = max((y for y in figures if y <= evaluation_year), default=None)
        after_base = [y for y in own if y <= evaluation_year and (base_year is None or y > base_year)]
        stand_in_only = latest_year is not None and latest_year not in own and not after_base
        if status is ProgressStatus.INSUFFICIENT_DATA and latest_year is not None and stand_in_only:
            scope = figures[latest_year].observation.scope
            reason = (
                f"只有“{scope}”口径的数据（仅作参考），缺少本规划范围（{self.plan.scope}）的数据，无法评价。"
            )
        if latest_year is not None and latest_year not in own:
            scope = figures[latest_year].observation.scope
            notes.append(
                f"{latest_year}年数值为“{scope}”口径，不是本规划范围（{self.plan.scope}），仅作参考，不作为评价依据。"
            )
        if level is not None:
            notes.extend(_growth_notes(level, item, points))
        for warning in assessment.warnings:
            if warning.code is ReasonCode.TARGET_YEAR_PASSED:
                plan_notes.append(warning.message)  # said once for the plan, not on every row
            elif warning.message not in (reason, assessment.status.reason.message):
                notes.append(warning.message)
        return IndicatorStatus(
            indicator_id=item.indicator_id,
            name=item.name,
            unit=item.unit,
            kind=item.kind,
            origin=item.origin,
            comparator=item.comparator,
            baseline_year=base_year,
            baseline_value=baseline_value,
            baseline_text=item.baseline_text,
            target_year=item.target_year,
            target_value=item.target_value,
            target_text=item.target_text,
            level_series=level,
            latest=None if latest_year is None else self._latest(figures[latest_year]),
            status=status,
            reason=reason,
            notes=tuple(dict.fromkeys(notes)),
            assessment=assessment,
        )

    def _figures(
        self, item: _Item, sources: Sequence[SeriesRef], notes: list[str]
    ) -> tuple[dict[int, CountedFigure], set[int]]:
        """year → the figure that counts (first source with a usable one wins), and the definition breaks."""
        figures: dict[int, CountedFigure] = {}
        breaks: set[int] = set()
        for source in sources:
            used = False
            stored = self.stored(source.indicator_id)
            for year, resolution in stored.resolutions(self.own_scope(source)).items():
                obs = resolution.chosen
                if obs is None or year in figures:
                    continue
                if item.kind is IndicatorKind.GROWTH and is_rate_unit(obs.unit):
                    notes.append(
                        f"{year}年的{obs.value:g}{obs.unit}是增速值，增速指标只用水平序列计算，未使用。"
                    )
                    continue
                if item.kind is IndicatorKind.LEVEL and not units_compatible(obs.unit, item.unit):
                    notes.append(
                        f"“{source.name}”的数值单位“{obs.unit}”与指标单位“{item.unit}”不一致，未使用。"
                    )
                    continue
                figures[year] = CountedFigure(obs, source)
                used = True
            if used:
                breaks.update(stored.breaks)
        return dict(sorted(figures.items())), breaks

    def _stand_in(self, figure: CountedFigure) -> bool:
        scope = figure.observation.scope
        return bool(scope and self.plan.scope and scope != self.plan.scope)

    def _latest(self, figure: CountedFigure) -> LatestValue:
        obs = figure.observation
        return LatestValue(
            year=obs.year,
            value=obs.value,
            unit=obs.unit,
            qualifier=obs.qualifier,
            status=obs.status,
            source=obs.source,
            source_quote=obs.source_quote,
            scope=obs.scope,
            series=figure.series.name,
            plan_title=figure.series.plan.title if figure.series.plan.id != self.plan.id else None,
        )


def _from_indicator(row: IndicatorOut) -> _Item:
    return _Item(
        indicator_id=row.id,
        name=row.name,
        unit=row.unit,
        kind=row.kind,
        origin=row.origin,
        comparator=row.comparator,
        baseline_year=row.baseline_year,
        baseline_value=row.baseline_value,
        baseline_text=row.baseline_text,
        target_year=row.target_year,
        target_value=row.target_value,
        target_text=row.target_text,
        line_start=row.line_start,
        line_end=row.line_end,
    )


def _from_target(target: TargetOut, series_id: int | None) -> _Item:
    """An in-text target as an indicator; the same kind rule as the store uses for plans without a table."""
    growth = "年均" in target.metric and is_rate_unit(target.unit)
    return _Item(
        indicator_id=series_id,
        name=target.metric,
        unit=target.unit,
        kind=IndicatorKind.GROWTH if growth else IndicatorKind.LEVEL,
        origin=IndicatorOrigin.TEXT_TARGET,
        comparator=target.comparator,
        baseline_year=None,
        baseline_value=None,
        baseline_text="",
        target_year=target.year,
        target_value=target.value,
        target_text=f"{target.value:g}{target.unit}",
        line_start=target.line_start,
        line_end=target.line_end,
    )


def _baseline_from_figures(
    figures: dict[int, CountedFigure], base_year: int | None, notes: list[str]
) -> float | None:
    """The exact observation of the base year, when the plan states no baseline value (noted)."""
    base = figures.get(base_year) if base_year is not None else None
    if base is None or base.observation.qualifier is not RecordQualifier.EXACT:
        return None
    observation = base.observation
    notes.append(
        f"规划未写基期值，取{base_year}年观测值{format_value(observation.value, observation.unit)}"
        f"（来源：{observation.source or base.series.name}）作基期值。"
    )
    return observation.value


def _judge(
    item: _Item, assessment: Assessment, points: Sequence[ObservationPoint], year: int, notes: list[str]
) -> tuple[ProgressStatus, str]:
    """Status and reason: the monitor's, or the target-only check without a baseline."""
    status, reason = _presented_status(assessment)
    if (
        assessment.status.reason.code is ReasonCode.MISSING_BASELINE
        and item.kind is IndicatorKind.LEVEL
        and item.target_year is not None
        and item.target_value is not None
    ):
        check = check_target(item.comparator, item.target_value, item.target_year, item.unit, points, year)
        if check.note:
            notes.append(check.note)
        return check.status, check.message
    return status, reason


def _qualifier(observation: ObservationOut) -> Qualifier:
    """The monitor's qualifier; an exact-looking estimate (预计) is only approximately the true value."""
    qualifier = Qualifier(observation.qualifier.value)
    if qualifier is Qualifier.EXACT and observation.status is ObservationStatus.ESTIMATE:
        return Qualifier.APPROXIMATE
    return qualifier


def _points(figures: dict[int, CountedFigure], breaks: set[int]) -> list[ObservationPoint]:
    """Observation points with every definition break carried by at least one point.

    A point carries the latest break at or before its year (the earliest break for points before all
    breaks); a break no point carries is attached to a copy of the last point, which the monitor folds
    away (same year, same value).
    """
    ordered = sorted(breaks)
    points: list[ObservationPoint] = []
    for year, figure in figures.items():
        before = [b for b in ordered if b <= year]
        mark = before[-1] if before else (ordered[0] if ordered else None)
        points.append(
            ObservationPoint(
                year=year,
                value=figure.observation.value,
                qualifier=_qualifier(figure.observation),
                comparable_from=mark,
                note=figure.observation.source or "",
            )
        )
    carried = {p.comparable_from for p in points}
    for mark in ordered:
        if mark not in carried and points:
            points.append(replace(points[-1], comparable_from=mark))
    return points


def _presented_status(assessment: Assessment) -> tuple[ProgressStatus, str]:
    """The status to show: 已完成 becomes 提前实现 when the target was already met before the target year."""
    status = assessment.status
    if status.status is ProgressStatus.ACHIEVED:
        early = _first_met_early(assessment.history)
        if early is not None:
            return (
                ProgressStatus.ACHIEVED_EARLY,
                f"{early.reason.message}（{status.reason.message}）",
            )
    return status.status, status.reason.message


def _first_met_early(history: Sequence[StatusJudgement]) -> StatusJudgement | None:
    return next((h for h in history if h.status is ProgressStatus.ACHIEVED_EARLY), None)


def _growth_notes(level: str, item: _Item, points: Sequence[ObservationPoint]) -> list[str]:
    """Which growth rates of the level series can and cannot be computed, and why."""
    years = sorted({p.year for p in points if p.qualifier in (Qualifier.EXACT, Qualifier.APPROXIMATE)})
    if not years:
        return [f"增速指标按水平序列“{level}”计算，目前没有该序列的数据；请导入“{level}”的年度数值。"]
    notes = [f"增速指标按水平序列“{level}”计算（现有{years[0]}—{years[-1]}年数据）。"]
    breaks = level_series.break_years(points)
    first, last = years[0], years[-1]
    start = first
    if breaks and not level_series.comparable(first, last, breaks):
        notes.append(level_series.definition_break_reason(first, years[1:], breaks).message)
        start = next(y for y in years if level_series.comparable(y, last, breaks))
    if start < last:
        result = growth_rates.level_cagr(points, start, last)
        if result.rate is not None:
            target = f"，规划目标{item.target_value:g}%" if item.target_value is not None else ""
            approx = "（含约数或预计值，结果为近似值）" if any(c.notes for c in result.calculations) else ""
            notes.append(
                f"可计算：{start}—{last}年同口径年均增速{format_percent(result.rate)}{approx}{target}。"
            )
        elif result.reason is not None:
            notes.append(result.reason.message)
    return notes
