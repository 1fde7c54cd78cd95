"""下一期指标建议: a draft indicator table for the plan that follows an outgoing plan.

For each indicator of the outgoing plan: the proposed baseline (its latest actual, flagged as an
estimate when it is one or when it is older than the new base year), three target options for the new
target year with the method stated, and the caveats a drafting office must check before adopting it.

Methods (each stated in the row; the trend is measured from the outgoing plan's base year when
there are figures since then, else from the earliest figure):

* levels: the compound annual growth of the indicator's figures during the outgoing plan (first to
  latest figure), extrapolated from the baseline: 趋势 at that rate, 保守 at half of it, 积极 at 1.5×;
* shares and other percentages: the same with the average change in percentage points a year;
* growth-rate indicators (年均增速): the rate achieved, ×0.8 / ×1 / ×1.2; the baseline is that rate,
  as the plans' own tables give it (年均增速 10.7).

A falling trend gives options in the direction of the trend (保守 the smaller change), so a 约束性
indicator kept below a ceiling gets sensible numbers too.
"""

from __future__ import annotations

from dataclasses import dataclass

from planwatch.compare.model import Figure, IndicatorFacts, PlanFacts
from planwatch.compare.names import UnitFamily, unit_family
from planwatch.domain.plan import Attribute, IndicatorKind
from planwatch.monitor.wording import format_number

PLAN_YEARS = 5
FACTORS = {"conservative": 0.5, "trend": 1.0, "ambitious": 1.5}
GROWTH_FACTORS = {"conservative": 0.8, "trend": 1.0, "ambitious": 1.2}
ATTRIBUTE_NAMES = {Attribute.EXPECTED: "预期性", Attribute.BINDING: "约束性"}


@dataclass(frozen=True, slots=True)
class DraftRow:
    number: int
    category: str  # 增速 / 比重 / 金额 / 数量
    name: str
    unit: str
    baseline_year: int | None
    baseline: float | None
    baseline_estimate: bool
    baseline_note: str
    conservative: float | None
    trend: float | None
    ambitious: float | None
    method: str
    attribute: str
    caveats: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NextPlanDraft:
    plan_title: str
    base_year: int
    target_year: int
    rows: tuple[DraftRow, ...]


def category(item: IndicatorFacts) -> str:
    if item.kind is IndicatorKind.GROWTH:
        return "增速"
    family = unit_family(item.unit)
    if family is UnitFamily.PERCENT:
        return "比重"
    if family is UnitFamily.MONEY:
        return "金额"
    return "数量"


def _latest(item: IndicatorFacts, base_year: int) -> Figure | None:
    figures = [f for f in item.figures if f.year <= base_year]
    return max(figures, key=lambda f: f.year) if figures else None


def _round(value: float, unit: str) -> float:
    return round(value, 2 if abs(value) < 100 else 1 if abs(value) < 10_000 else 0)


def draft_row(
    number: int, item: IndicatorFacts, plan: PlanFacts, base_year: int, target_year: int
) -> DraftRow:
    latest = _latest(item, base_year)
    caveats: list[str] = []
    notes: list[str] = []
    estimate = False
    if latest is not None:
        estimate = latest.estimate or latest.year < base_year
        if latest.estimate:
            notes.append(f"{latest.year}年为预计数")
        if latest.year < base_year:
            notes.append(f"最新实际值为{latest.year}年，{base_year}年数据公布后需更新")
    else:
        caveats.append("没有实际值，基期值需由统计部门提供。")
    if item.status:
        caveats.append(f"{plan.label}评价：{item.status}。")
    caveats.extend(note for note in item.notes if "范围" in note or "预计" in note or "口径" in note)
    years = target_year - base_year
    baseline = latest.value if latest else None
    options: dict[str, float | None] = dict.fromkeys(FACTORS)
    method = "数据不足，无法按趋势测算（需至少两个年份的实际值）。"
    earlier = [f for f in item.figures if latest is not None and f.year < latest.year]
    in_period = [f for f in earlier if plan.period_start is None or f.year >= plan.period_start - 1]
    start = min(in_period or earlier, key=lambda f: f.year, default=None)
    if latest is not None and start is not None and latest.year > start.year:
        span = latest.year - start.year
        percent = unit_family(item.unit) is UnitFamily.PERCENT
        if item.kind is IndicatorKind.GROWTH:
            if start.value > 0 and latest.value > 0:
                rate = (latest.value / start.value) ** (1 / span) - 1
                options = {k: _round(rate * 100 * f, "%") for k, f in GROWTH_FACTORS.items()}
                baseline = _round(rate * 100, "%")
                notes.append(
                    f"基期值为{start.year}—{latest.year}年年均增速；水平值{latest.year}年{format_number(latest.value)}"
                )
                method = (
                    f"{start.year}—{latest.year}年水平值年均增长{format_number(round(rate * 100, 2))}%，"
                    "保守、趋势、积极分别取其0.8倍、1倍、1.2倍。"
                )
        elif percent:
            slope = (latest.value - start.value) / span
            options = {k: _round(latest.value + slope * f * years, item.unit) for k, f in FACTORS.items()}
            method = (
                f"{start.year}—{latest.year}年平均每年变化{format_number(round(slope, 2))}个百分点，"
                f"按其0.5倍、1倍、1.5倍外推到{target_year}年。"
            )
        elif start.value > 0 and latest.value > 0:
            rate = (latest.value / start.value) ** (1 / span) - 1
            options = {
                k: _round(latest.value * (1 + rate * f) ** years, item.unit) for k, f in FACTORS.items()
            }
            method = (
                f"{start.year}—{latest.year}年年均增长{format_number(round(rate * 100, 2))}%，"
                f"按其0.5倍、1倍、1.5倍复合外推到{target_year}年。"
            )
    if item.kind is IndicatorKind.GROWTH and baseline == (latest.value if latest else None):
        baseline = None  # a level is not a rate: without a trend the rate is unknown
    return DraftRow(
        number=number,
        category=category(item),
        name=item.name,
        unit=item.unit,
        baseline_year=latest.year if latest else None,
        baseline=baseline,
        baseline_estimate=estimate,
        baseline_note="；".join(notes),
        conservative=options["conservative"],
        trend=options["trend"],
        ambitious=options["ambitious"],
        method=method,
        attribute=ATTRIBUTE_NAMES.get(item.attribute, "预期性") if item.attribute else "预期性",
        caveats=tuple(caveats),
    )


def next_plan_draft(plan: PlanFacts) -> NextPlanDraft:
    """The draft indicator table for the plan after `plan` (base year: its end; target: five years on)."""
    base_year = (
        plan.period_end
        if plan.period_end is not None
        else max((f.year for i in plan.indicators for f in i.figures), default=0)
    )
    target_year = base_year + PLAN_YEARS
    rows = tuple(
        draft_row(number, item, plan, base_year, target_year)
        for number, item in enumerate(plan.indicators, 1)
    )
    return NextPlanDraft(plan.title, base_year, target_year, rows)
