"""Indicator pages: the plan's indicator table, one indicator in full, and who answers for its figures.

Rows and the detail are built from `PlanEvaluator` (the same judgement as `plan_status` and the CLI)
and shaped for people: every figure comes with its words (突破16,000家, 预计…), its source and whether
it counts. The page and the API serve exactly these objects, so what a script reads is what a
planner sees.

The detail's status history judges the indicator as of each year of the period from the figures read
once, rather than computing the whole plan's status once per year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import Principal
from planwatch.domain.errors import InputError
from planwatch.domain.plan import Attribute, Comparator, IndicatorKind
from planwatch.domain.progress import Assessment, ForecastMethod, ProgressStatus
from planwatch.domain.provenance import Provenance, provenance
from planwatch.domain.records import IndicatorOrigin, ObservationStatus, Qualifier, ReviewState
from planwatch.monitor.wording import format_value
from planwatch.services.indicator_names import is_rate_unit
from planwatch.services.permissions import require_admin
from planwatch.services.status import (
    CountedFigure,
    IndicatorEvaluation,
    IndicatorStatus,
    LatestValue,
    PlanEvaluator,
    SeriesRef,
)
from planwatch.store import (
    NotFoundError,
    indicator_departments,
    list_plans,
    set_indicator_departments,
    transaction,
)
from planwatch.store.dashboard_queries import indicator_plan_id
from planwatch.store.views import ObservationConflict, ObservationOut, PlanSummary

QUALIFIER_WORDS = {
    Qualifier.EXACT: "",
    Qualifier.LOWER_BOUND: "突破",
    Qualifier.UPPER_BOUND: "不超过",
    Qualifier.APPROXIMATE: "约",
}
QUALIFIER_LABELS = {
    Qualifier.EXACT: "精确值",
    Qualifier.LOWER_BOUND: "下限值",
    Qualifier.UPPER_BOUND: "上限值",
    Qualifier.APPROXIMATE: "约数",
}
OBSERVATION_STATUS_LABELS = {
    ObservationStatus.FINAL: "正式数",
    ObservationStatus.PRELIMINARY: "初步数",
    ObservationStatus.ESTIMATE: "预计数",
}
REVIEW_LABELS = {
    ReviewState.ACCEPTED: "已采纳",
    ReviewState.PROPOSED: "待审核",
    ReviewState.REJECTED: "已驳回",
}
ATTRIBUTE_LABELS = {Attribute.EXPECTED: "预期性", Attribute.BINDING: "约束性"}
ORIGIN_LABELS = {
    IndicatorOrigin.TABLE: "指标表",
    IndicatorOrigin.TEXT_TARGET: "文中目标",
    IndicatorOrigin.ENTERED: "手工录入",
}
KIND_LABELS = {IndicatorKind.LEVEL: "水平值", IndicatorKind.GROWTH: "年均增速"}
COMPARATOR_SIGNS = {Comparator.GE: "≥", Comparator.LE: "≤", Comparator.APPROX: "约", Comparator.EQ: ""}
FORECAST_METHOD_LABELS = {
    ForecastMethod.LOG_LINEAR_LS: "对数线性最小二乘（80%预测区间）",
    ForecastMethod.LINEAR_LS: "线性最小二乘（80%预测区间）",
    ForecastMethod.TWO_POINT_CAGR: "两点年均增速外推（经验区间）",
    ForecastMethod.TWO_POINT_LINEAR: "两点线性外推（经验区间）",
    ForecastMethod.NONE: "无预测",
}

MAX_HISTORY_YEARS = 40  # bounds the work of a status history whatever year is asked for
CHART_LOOKBACK_YEARS = 5  # figures this many years before the baseline still show on the chart


def plan_and_plans(session: Session, plan_id: int) -> tuple[PlanSummary, list[PlanSummary]]:
    """The plan with this id and every stored plan (the evaluator needs both; one read)."""
    plans = list_plans(session)
    plan = next((p for p in plans if p.id == plan_id), None)
    if plan is None:
        raise NotFoundError(f"找不到编号为 {plan_id} 的规划，请从“全部规划”列表中选择。")
    return plan, plans


def source_parts(source: str | None) -> tuple[str | None, str | None]:
    """(link, short label) of an observation's source: web addresses link out, other sources are text."""
    if not source:
        return None, None
    text = source.strip()
    parsed = urlparse(text)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        host = parsed.netloc.removeprefix("www.")
        return text, host
    if parsed.scheme == "file":
        return None, text.rsplit("/", 1)[-1]
    return None, text if len(text) <= 40 else text[:39] + "…"


# --- families --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Family:
    key: str
    label: str
    description: str


FAMILIES = (
    Family("growth", "增速类", "年均增速目标，按基础水平序列的复合增长路径评价"),
    Family("share", "比重与比率类", "以百分比表示的比重、比率"),
    Family("money", "金额类", "以元、万元、亿元计的投入、产值和成交额"),
    Family("count", "数量与规模类", "以家、个、件、项等计数的数量与规模"),
)
_FAMILY_BY_KEY = {f.key: f for f in FAMILIES}


def family_of(kind: IndicatorKind, unit: str) -> Family:
    """The family an indicator is charted in, by the kind of quantity it measures.

    Why this rule: the store keeps no category column of the indicator table (most plans have none,
    and a table split over two pages is layout, not meaning), while every indicator has a kind and a
    unit. Grouping by quantity keeps each chart's bars comparable in meaning — shares next to shares,
    money next to money — and works for any plan, including plans whose targets are only in the text:

    * 年均增速 indicators (kind growth) → 增速类;
    * a percentage unit (%, 个百分点, ‰) → 比重与比率类;
    * a unit of money (…元) → 金额类;
    * anything else (家, 个, 件, 项, 辆, no unit) → 数量与规模类.
    """
    if kind is IndicatorKind.GROWTH:
        return _FAMILY_BY_KEY["growth"]
    if is_rate_unit(unit) or unit.strip() == "‰":
        return _FAMILY_BY_KEY["share"]
    if "元" in unit:
        return _FAMILY_BY_KEY["money"]
    return _FAMILY_BY_KEY["count"]


# --- rows ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LatestOut:
    """The newest figure that counts, in words and with its source."""

    year: int
    value: float
    unit: str
    qualifier: Qualifier
    qualifier_word: str  # 突破 / 不超过 / 约 / ""
    status: ObservationStatus
    status_label: str
    text: str  # 突破17,000家
    source: str | None
    source_url: str | None  # set when the source is a web address
    source_label: str | None  # host name or a short form of the source
    source_quote: str | None
    scope: str | None
    other_scope: bool  # the figure is for another area than the plan's (a stand-in)
    series: str
    borrowed_from: str | None  # title of the other plan the figure was taken from
    source_unofficial: bool = False  # a news mirror or other non-government site (marked 非官方来源)


@dataclass(frozen=True, slots=True)
class IndicatorRowOut:
    """One row of a plan's indicator table (also the API's list item).

    `achievement` is the share of the way from baseline to target reached (1.0 = target met) by the
    figure the status rests on; `expected_achievement` the share the 序时进度 path asks for in that
    year. Both are None when they cannot be computed (no baseline, no usable figure, 保持型目标).
    """

    indicator_id: int | None
    name: str
    unit: str
    kind: IndicatorKind
    kind_label: str
    level_series: str | None  # 增速 indicators: the level series they are measured on
    origin: IndicatorOrigin
    origin_label: str
    family: str
    family_label: str
    comparator: Comparator
    baseline_year: int | None
    baseline_value: float | None
    baseline_text: str
    baseline_label: str  # 2020年 6,259家
    target_year: int | None
    target_value: float | None
    target_text: str
    target_label: str  # 2025年 ≥12,000家
    latest: LatestOut | None
    status: ProgressStatus
    status_label: str
    reason: str
    notes: tuple[str, ...]
    data_year: int | None
    achievement: float | None
    expected_achievement: float | None
    forecast_statement: str | None


def value_text(value: float, unit: str, qualifier: Qualifier, status: ObservationStatus) -> str:
    """A figure as a report would write it: 突破16,000家, 约14,500家, 预计360亿元."""
    text = f"{QUALIFIER_WORDS[qualifier]}{format_value(value, unit)}"
    if status is ObservationStatus.ESTIMATE:
        return f"预计{text}"
    if status is ObservationStatus.PRELIMINARY:
        return f"{text}（初步）"
    return text


def latest_out(latest: LatestValue, plan: PlanSummary) -> LatestOut:
    url, label = source_parts(latest.source)
    return LatestOut(
        year=latest.year,
        value=latest.value,
        unit=latest.unit,
        qualifier=latest.qualifier,
        qualifier_word=QUALIFIER_WORDS[latest.qualifier],
        status=latest.status,
        status_label=OBSERVATION_STATUS_LABELS[latest.status],
        text=value_text(latest.value, latest.unit, latest.qualifier, latest.status),
        source=latest.source,
        source_url=url,
        source_label=label,
        source_quote=latest.source_quote,
        scope=latest.scope,
        other_scope=bool(latest.scope and plan.scope and latest.scope != plan.scope),
        series=latest.series,
        borrowed_from=latest.plan_title,
        source_unofficial=provenance(latest.source) is Provenance.UNOFFICIAL,
    )


def _baseline_label(row: IndicatorStatus) -> str:
    year = f"{row.baseline_year}年 " if row.baseline_year is not None else ""
    if row.baseline_value is None:
        return f"{year}—" if year else "—"
    if row.kind is IndicatorKind.GROWTH:
        return f"{year}年均增速{format_value(row.baseline_value, row.unit)}"
    return f"{year}{format_value(row.baseline_value, row.unit)}"


def _target_label(row: IndicatorStatus) -> str:
    year = f"{row.target_year}年 " if row.target_year is not None else ""
    if row.target_value is None:
        return f"{year}{row.target_text or '—'}"
    sign = COMPARATOR_SIGNS[row.comparator]
    growth = "年均增速" if row.kind is IndicatorKind.GROWTH else ""
    return f"{year}{growth}{sign}{format_value(row.target_value, row.unit)}"


def _expected_share(assessment: Assessment, data_year: int | None) -> float | None:
    """The share of the way to the target the 序时进度 path asks for in `data_year`."""
    path = assessment.expected_path
    if data_year is None or not path:
        return None
    if assessment.status.expected_share is not None:
        return assessment.status.expected_share
    compound = assessment.spec.kind is IndicatorKind.GROWTH
    values = [p.compound if compound else p.linear for p in path]
    start, end = values[0], values[-1]
    year = min(max(data_year, path[0].year), path[-1].year)
    at = values[year - path[0].year]
    if start is None or end is None or at is None or end == start:
        return None
    return (at - start) / (end - start)


def indicator_row(row: IndicatorStatus, plan: PlanSummary) -> IndicatorRowOut:
    assessment = row.assessment
    family = family_of(row.kind, row.unit)
    judgement = assessment.status
    achievement = judgement.share
    data_year = judgement.data_year
    return IndicatorRowOut(
        indicator_id=row.indicator_id,
        name=row.name,
        unit=row.unit,
        kind=row.kind,
        kind_label=KIND_LABELS[row.kind],
        level_series=row.level_series,
        origin=row.origin,
        origin_label=ORIGIN_LABELS[row.origin],
        family=family.key,
        family_label=family.label,
        comparator=row.comparator,
        baseline_year=row.baseline_year,
        baseline_value=row.baseline_value,
        baseline_text=row.baseline_text,
        baseline_label=_baseline_label(row),
        target_year=row.target_year,
        target_value=row.target_value,
        target_text=row.target_text,
        target_label=_target_label(row),
        latest=None if row.latest is None else latest_out(row.latest, plan),
        status=row.status,
        status_label=row.status.label,
        reason=row.reason,
        notes=row.notes,
        data_year=data_year,
        achievement=achievement,
        expected_achievement=_expected_share(assessment, data_year) if achievement is not None else None,
        forecast_statement=assessment.forecast.statement,
    )


@dataclass(frozen=True, slots=True)
class IndicatorTable:
    plan: PlanSummary
    as_of_year: int
    rows: tuple[IndicatorRowOut, ...]
    notes: tuple[str, ...]


def indicator_table(factory: sessionmaker[Session], plan_id: int, as_of_year: int) -> IndicatorTable:
    """Every monitored indicator of a plan as of a year, in the plan's order."""
    with transaction(factory, read_only=True) as session:
        plan, plans = plan_and_plans(session, plan_id)
        evaluator = PlanEvaluator(session, plan, as_of_year, plans=plans)
        rows = tuple(indicator_row(e.status, plan) for e in evaluator.evaluate_all())
        return IndicatorTable(plan, as_of_year, rows, evaluator.plan_notes)


# --- detail ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ObservationView:
    """A stored figure as the detail page lists it."""

    id: int
    year: int
    value: float
    unit: str
    text: str
    qualifier: Qualifier
    qualifier_label: str
    status: ObservationStatus
    status_label: str
    review: ReviewState
    review_label: str
    scope: str | None
    source: str | None
    source_url: str | None
    source_label: str | None
    source_quote: str | None
    note: str | None
    series: str
    borrowed_from: str | None
    counts: bool  # this is the figure that counts for its year
    created_by: str
    source_unofficial: bool = False  # a news mirror or other non-government site (marked 非官方来源)


@dataclass(frozen=True, slots=True)
class ConflictView:
    """A year with differing accepted figures: all of them and which one counts, and why."""

    year: int
    series: str
    chosen_id: int | None
    chosen_text: str
    how: str
    candidates: tuple[ObservationView, ...]


@dataclass(frozen=True, slots=True)
class PathPoint:
    year: int
    linear: float | None
    compound: float | None


@dataclass(frozen=True, slots=True)
class ForecastOut:
    year: int | None
    value: float | None
    low: float | None
    high: float | None
    interval_level: float | None
    unit: str
    method: ForecastMethod
    method_label: str
    outlook: str | None
    statement: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """The status as of one year, judged only on the figures known up to that year."""

    year: int
    status: ProgressStatus
    status_label: str
    reason: str
    data_year: int | None


@dataclass(frozen=True, slots=True)
class ChartPoint:
    year: int
    value: float
    qualifier: Qualifier
    label: str


@dataclass(frozen=True, slots=True)
class ChartXY:
    year: int
    value: float


@dataclass(frozen=True, slots=True)
class ChartBand:
    year: int
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class ChartData:
    """Everything the indicator chart draws, in the unit of `unit` (the level series for 增速 indicators)."""

    title: str
    unit: str
    x_min: int
    x_max: int
    evaluation_year: int
    baseline: ChartPoint | None
    target: ChartPoint | None
    target_note: str | None  # e.g. the level a growth target implies
    linear: tuple[ChartXY, ...]
    compound: tuple[ChartXY, ...]
    actual: tuple[ChartPoint, ...]
    forecast: tuple[ChartXY, ...]
    band: tuple[ChartBand, ...]
    interval_label: str | None
    breaks: tuple[int, ...]  # years from which the series' definition changed (口径调整)
    series_note: str | None  # for 增速 indicators: the level series drawn
    empty_message: str | None  # why there is nothing (or little) to draw


@dataclass(frozen=True, slots=True)
class SeriesOut:
    indicator_id: int
    name: str
    plan_id: int
    plan_title: str
    own: bool


@dataclass(frozen=True, slots=True)
class IndicatorDetailOut:
    """One indicator in full as of `as_of_year`. `row` is None for a series without a target."""

    plan: PlanSummary
    as_of_year: int
    indicator_id: int
    name: str
    unit: str
    row: IndicatorRowOut | None
    attribute_label: str | None
    departments: tuple[str, ...]
    line_start: int | None
    line_end: int | None
    expected_path: tuple[PathPoint, ...]
    expected_path_unit: str
    observations: tuple[ObservationView, ...]
    proposals: tuple[ObservationView, ...]
    conflicts: tuple[ConflictView, ...]
    forecast: ForecastOut | None
    history: tuple[HistoryPoint, ...]
    notes: tuple[str, ...]
    explanation: str | None  # why the status is 数据不足, in plain words
    sources: tuple[SeriesOut, ...]
    chart: ChartData


def _view(
    observation: ObservationOut, series: SeriesRef, plan: PlanSummary, counted: set[int]
) -> ObservationView:
    url, label = source_parts(observation.source)
    return ObservationView(
        id=observation.id,
        year=observation.year,
        value=observation.value,
        unit=observation.unit,
        text=value_text(observation.value, observation.unit, observation.qualifier, observation.status),
        qualifier=observation.qualifier,
        qualifier_label=QUALIFIER_LABELS[observation.qualifier],
        status=observation.status,
        status_label=OBSERVATION_STATUS_LABELS[observation.status],
        review=observation.review,
        review_label=REVIEW_LABELS[observation.review],
        scope=observation.scope,
        source=observation.source,
        source_url=url,
        source_label=label,
        source_quote=observation.source_quote,
        note=observation.note,
        series=series.name,
        borrowed_from=series.plan.title if series.plan.id != plan.id else None,
        counts=observation.id in counted,
        created_by=observation.created_by,
        source_unofficial=provenance(observation.source) is Provenance.UNOFFICIAL,
    )


def _history_years(plan: PlanSummary, baseline_year: int | None, as_of_year: int) -> list[int]:
    """The years of the status history: from the first year of the period to the evaluation year."""
    first = plan.period_start
    if first is None and baseline_year is not None:
        first = baseline_year + 1
    if first is None or first > as_of_year:
        return []
    return list(range(max(first, as_of_year - MAX_HISTORY_YEARS + 1), as_of_year + 1))


def _conflict(
    resolution: ObservationConflict, series: SeriesRef, views: dict[int, ObservationView]
) -> ConflictView:
    chosen = resolution.chosen
    how = (
        "人工指定采用值"
        if resolution.overridden
        else "按默认规则：本地区口径优先，其次官方来源（政府网站、统计公报、规划原文）优先于新闻转载等非官方来源，再次正式数、精确值、规划原文或人工录入"
    )
    return ConflictView(
        year=resolution.year,
        series=series.name,
        chosen_id=chosen.id if chosen is not None else None,
        chosen_text=views[chosen.id].text if chosen is not None and chosen.id in views else "—",
        how=how,
        candidates=tuple(views[o.id] for o in resolution.observations if o.id in views),
    )


def _explanation(row: IndicatorRowOut | None) -> str | None:
    if row is None:
        return (
            "本规划当前版本没有为该数据序列设定目标，无法评价进度（数据不足）；下面列出其观测值，"
            "它们可能被其他指标（如增速指标的水平序列）使用。"
        )
    if row.status is not ProgressStatus.INSUFFICIENT_DATA:
        return None
    hint = "请在“数据录入”中补充该指标的年度数值（需经规划处审核采纳后计入）。"
    if row.kind is IndicatorKind.GROWTH:
        hint = "增速指标按其水平序列计算，需要基期年和最近年份的水平值；" + hint
    return f"数据不足：{row.reason}{hint}"


def _chart(
    name: str,
    row: IndicatorStatus | None,
    figures: Sequence[CountedFigure],
    as_of_year: int,
    fallback_unit: str,
    breaks: Sequence[int],
) -> ChartData:
    """The chart's series: baseline and target points, both expected paths, figures, forecast and band."""
    assessment = row.assessment if row is not None else None
    growth = row is not None and row.kind is IndicatorKind.GROWTH
    unit = (assessment.spec.level_unit if growth and assessment else None) or (
        row.unit if row is not None and not growth else fallback_unit
    )
    path = assessment.expected_path if assessment is not None else ()
    baseline: ChartPoint | None = None
    target: ChartPoint | None = None
    target_note: str | None = None
    if growth and path:
        first, last = path[0], path[-1]
        if first.compound is not None:
            baseline = ChartPoint(first.year, first.compound, Qualifier.EXACT, "基期水平")
        if last.compound is not None and row is not None and row.target_value is not None:
            target = ChartPoint(last.year, last.compound, Qualifier.EXACT, "目标水平")
            target_note = (
                f"年均增速{format_value(row.target_value, '%')}对应{last.year}年水平"
                f"{format_value(last.compound, unit)}"
            )
    elif row is not None and not growth:
        if row.baseline_year is not None and row.baseline_value is not None:
            baseline = ChartPoint(row.baseline_year, row.baseline_value, Qualifier.EXACT, "基期值")
        if row.target_year is not None and row.target_value is not None:
            target = ChartPoint(row.target_year, row.target_value, Qualifier.EXACT, "目标值")
    linear = tuple(ChartXY(p.year, p.linear) for p in path if p.linear is not None)
    compound = tuple(ChartXY(p.year, p.compound) for p in path if p.compound is not None)
    earliest = None
    if baseline is not None:
        earliest = baseline.year - CHART_LOOKBACK_YEARS
    elif row is not None and row.baseline_year is not None:
        earliest = row.baseline_year - CHART_LOOKBACK_YEARS
    actual = tuple(
        ChartPoint(
            f.observation.year,
            f.observation.value,
            f.observation.qualifier,
            value_text(
                f.observation.value, f.observation.unit, f.observation.qualifier, f.observation.status
            ),
        )
        for f in figures
        if f.observation.year <= as_of_year and (earliest is None or f.observation.year >= earliest)
    )
    forecast: tuple[ChartXY, ...] = ()
    band: tuple[ChartBand, ...] = ()
    interval_label: str | None = None
    prediction = assessment.forecast if assessment is not None else None
    if (
        prediction is not None
        and prediction.value is not None
        and prediction.year is not None
        and prediction.points
    ):
        start = prediction.points[-1]
        forecast = (ChartXY(start.year, start.value), ChartXY(prediction.year, prediction.value))
        if prediction.low is not None and prediction.high is not None:
            band = (
                ChartBand(start.year, start.value, start.value),
                ChartBand(prediction.year, prediction.low, prediction.high),
            )
            level = prediction.interval_level
            interval_label = f"{round(level * 100)}%预测区间" if level else "经验区间"
    years = [p.year for p in (*actual, *(x for x in (baseline, target) if x is not None))]
    years += [p.year for p in (*linear, *forecast)]
    years.append(as_of_year)
    if row is not None and row.target_year is not None:
        years.append(row.target_year)
    empty: str | None = None
    if not actual and baseline is None and target is None:
        empty = "暂无可绘制的数据：没有基期值、目标值或已采纳的观测值。"
    elif not actual:
        empty = "暂无已采纳的观测值，图中只有基期、目标和预期路径。"
    return ChartData(
        title=name,
        unit=unit,
        x_min=min(years),
        x_max=max(years),
        evaluation_year=as_of_year,
        baseline=baseline,
        target=target,
        target_note=target_note,
        linear=linear,
        compound=compound,
        actual=actual,
        forecast=forecast,
        band=band,
        interval_label=interval_label,
        breaks=tuple(b for b in sorted(set(breaks)) if min(years) < b <= max(years)),
        series_note=(
            f"增速指标按水平序列“{row.level_series}”（{unit}）绘制"
            if row is not None and growth and row.level_series
            else None
        ),
        empty_message=empty,
    )


def _forecast(row: IndicatorStatus) -> ForecastOut:
    forecast = row.assessment.forecast
    unit = row.assessment.spec.level_unit if row.kind is IndicatorKind.GROWTH else row.unit
    return ForecastOut(
        year=forecast.year,
        value=forecast.value,
        low=forecast.low,
        high=forecast.high,
        interval_level=forecast.interval_level,
        unit=unit,
        method=forecast.method,
        method_label=FORECAST_METHOD_LABELS[forecast.method],
        outlook=forecast.outlook.label if forecast.outlook is not None else None,
        statement=forecast.statement,
        reason=forecast.reason.message,
    )


def indicator_detail(
    factory: sessionmaker[Session], indicator_id: int, as_of_year: int
) -> IndicatorDetailOut:
    """One indicator as of a year: figures and their sources, paths, forecast, status history, owners."""
    with transaction(factory, read_only=True) as session:
        plan, plans = plan_and_plans(session, indicator_plan_id(session, indicator_id))
        evaluator = PlanEvaluator(session, plan, as_of_year, plans=plans)
        item = next((i for i in evaluator.items() if i.indicator_id == indicator_id), None)
        years = _history_years(plan, item.baseline_year if item is not None else None, as_of_year)
        evaluation = evaluator.evaluate_indicator(indicator_id, years)
        own = next(s for s in evaluator.catalogue if s.indicator_id == indicator_id)
        return _detail(session, evaluator, plan, own, evaluation, as_of_year)


def _detail(
    session: Session,
    evaluator: PlanEvaluator,
    plan: PlanSummary,
    own: SeriesRef,
    evaluation: IndicatorEvaluation | None,
    as_of_year: int,
) -> IndicatorDetailOut:
    sources = evaluation.sources if evaluation is not None else (own,)
    if evaluation is not None:
        figures = evaluation.figures
    else:  # a series without a target: its own figures that count
        figures = tuple(
            CountedFigure(r.chosen, own)
            for r in evaluator.stored(own.indicator_id).resolutions(evaluator.own_scope(own)).values()
            if r.chosen is not None
        )
    counted = {f.observation.id for f in figures}
    observations: list[ObservationView] = []
    conflicts: list[ConflictView] = []
    for series in sources:
        stored = evaluator.stored(series.indicator_id)
        views = {
            o.id: _view(o, series, plan, counted)
            for o in stored.observations
            if o.review is ReviewState.ACCEPTED
        }
        counted_years = {f.observation.year for f in figures if f.series.indicator_id == series.indicator_id}
        if series.indicator_id == own.indicator_id:
            observations.extend(views.values())
        else:  # another series: only the years it supplies the figure that counts
            observations.extend(v for v in views.values() if v.year in counted_years)
        for resolution in stored.resolutions(evaluator.own_scope(series)).values():
            if resolution.values_differ and resolution.year in counted_years:
                conflicts.append(_conflict(resolution, series, views))
    proposals = tuple(
        _view(o, own, plan, counted)
        for o in evaluator.stored(own.indicator_id).observations
        if o.review is not ReviewState.ACCEPTED
    )
    observations.sort(key=lambda v: (v.year, not v.counts, v.id))
    conflicts.sort(key=lambda c: c.year)
    status = evaluation.status if evaluation is not None else None
    row = indicator_row(status, plan) if status is not None else None
    unit = status.unit if status is not None else next((o.unit for o in observations), "")
    path_unit = ""
    path: tuple[PathPoint, ...] = ()
    if status is not None:
        path = tuple(PathPoint(p.year, p.linear, p.compound) for p in status.assessment.expected_path)
        path_unit = status.assessment.spec.level_unit if status.kind is IndicatorKind.GROWTH else status.unit
    history = tuple(
        HistoryPoint(
            h.assessment.as_of_year, h.status, h.status.label, h.reason, h.assessment.status.data_year
        )
        for h in (evaluation.history if evaluation is not None else ())
    )
    notes = (*(status.notes if status is not None else ()), *evaluator.plan_notes)
    attribute = evaluation.attribute if evaluation is not None else None
    return IndicatorDetailOut(
        plan=plan,
        as_of_year=as_of_year,
        indicator_id=own.indicator_id,
        name=status.name if status is not None else own.name,
        unit=unit,
        row=row,
        attribute_label=ATTRIBUTE_LABELS[attribute] if attribute is not None else None,
        departments=tuple(indicator_departments(session, own.indicator_id)),
        line_start=evaluation.line_start if evaluation is not None else None,
        line_end=evaluation.line_end if evaluation is not None else None,
        expected_path=path,
        expected_path_unit=path_unit,
        observations=tuple(observations),
        proposals=proposals,
        conflicts=tuple(conflicts),
        forecast=_forecast(status) if status is not None else None,
        history=history,
        notes=tuple(dict.fromkeys(notes)),
        explanation=_explanation(row),
        sources=tuple(
            SeriesOut(s.indicator_id, s.name, s.plan.id, s.plan.title, s.indicator_id == own.indicator_id)
            for s in sources
        ),
        chart=_chart(
            status.name if status is not None else own.name,
            status,
            figures,
            as_of_year,
            unit,
            [b for s in {f.series.indicator_id for f in figures} for b in evaluator.stored(s).breaks],
        ),
    )


# --- responsible departments -----------------------------------------------------------------------

_SEPARATORS = re.compile(r"[、,，;；\s]+")


def parse_department_names(text: str) -> list[str]:
    """Names typed into one field, separated by 、 or commas (full or half width), in order, once each."""
    return list(dict.fromkeys(n for n in _SEPARATORS.split(text.strip()) if n))


@dataclass(frozen=True, slots=True)
class IndicatorDepartmentsOut:
    indicator_id: int
    departments: tuple[str, ...]


def set_departments(
    factory: sessionmaker[Session], principal: Principal, indicator_id: int, names: Sequence[str]
) -> IndicatorDepartmentsOut:
    """Replace the departments responsible for an indicator's figures (admins only; recorded in history).

    Their reporters may then propose values for the indicator; an empty list leaves it to the planning
    office alone.
    """
    require_admin(principal)
    cleaned = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    if any(len(n) > 200 for n in cleaned):
        raise InputError("责任单位名称过长，请检查是否漏写了分隔符（用“、”或逗号分隔）。")
    with transaction(factory) as session:
        indicator_plan_id(session, indicator_id)
        after = set_indicator_departments(session, indicator_id, cleaned, who=principal.username)
        return IndicatorDepartmentsOut(indicator_id, tuple(after))
