"""Page: the 总览 of a plan — indicator status counts, family charts, tasks, recent changes, data gaps."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from planwatch.server.auth import Reader
from planwatch.server.state import State
from planwatch.services.comparison import neighbours
from planwatch.services.dashboard import DashboardOut, dashboard
from planwatch.store.views import PlanSummary
from planwatch.web.templating import render, status_class

router = APIRouter()

YearQuery = Annotated[int | None, Query(ge=1900, le=2200)]


def year_choices(plan: PlanSummary, evaluation_year: int, chosen: int) -> list[int]:
    """Years offered by the year switch: the period (and the year after), the default and the chosen one."""
    years = {evaluation_year, chosen}
    if plan.period_start is not None and plan.period_end is not None:
        years.update(range(plan.period_start, plan.period_end + 2))
    return sorted(years, reverse=True)


def family_chart_data(data: DashboardOut) -> dict[str, object]:
    """What charts.js draws for each family: the indicators that have an achievement to show."""
    return {
        "families": [
            {
                "key": family.key,
                "label": family.label,
                "items": [
                    {
                        "name": item.name,
                        "achievement": item.achievement_percent,
                        "expected": item.expected_percent,
                        "status": item.status_label,
                        "tone": status_class(item.status_label),
                        "year": item.data_year,
                        "url": f"/indicators/{item.indicator_id}" if item.indicator_id is not None else None,
                    }
                    for item in family.items
                    if item.achievement_percent is not None
                ],
            }
            for family in data.families
            if family.charted
        ]
    }


@router.get("/plans/{plan_id:int}")
def dashboard_page(
    request: Request, plan_id: int, _who: Reader, state: State, year: YearQuery = None
) -> HTMLResponse:
    as_of = year if year is not None else state.evaluation_year
    data = state.cached(
        request, ("dashboard", plan_id, as_of), lambda: dashboard(state.factory, plan_id, as_of)
    )
    context = {
        "plan": data.plan,
        "active": "dashboard",
        "d": data,
        "chart_data": family_chart_data(data),
        "years": year_choices(data.plan, state.evaluation_year, as_of),
        "year_param": "" if year is None else f"?year={year}",
        "lineage": state.cached(request, ("lineage", plan_id), lambda: neighbours(state.factory, plan_id)),
    }
    return render(request, "dashboard.html", context)
