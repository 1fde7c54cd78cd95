"""Pages: all plans (全部规划), the plan switcher's target, a plan's outline and its original lines."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from planwatch.server.auth import Reader
from planwatch.server.state import State
from planwatch.services.comparison import neighbours
from planwatch.services.plan_reader import (
    link_param,
    mark_phrase,
    plan_id_from,
    plan_list,
    plan_outline,
    quote_figure,
    source_window,
    table_of_contents,
)
from planwatch.web.templating import render

router = APIRouter()

SHOW_MORE = 100  # lines added by the "show more" links of the source page

# How the outline and the source page print a comparator before a figure.
COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", "~": "约", "=": ""}
ROLE_LABELS = {
    "responsible": "责任单位",
    "lead": "牵头单位",
    "support": "配合单位",
    "participant": "参与单位",
}
KIND_LABELS = {
    "chapter": "章",
    "section": "节",
    "subsection": "条",
    "item": "项",
    "subitem": "子项",
    "point": "点",
    "box": "专栏",
    "box_entry": "专栏条目",
    "table": "表格",
    "paragraph": "段落",
}


@router.get("/plans")
def plans_page(request: Request, _who: Reader, state: State) -> HTMLResponse:
    return render(request, "plans.html", {"items": plan_list(state.factory), "active": "plans"})


@router.get("/plans/go")
def go_to_plan(
    _who: Reader, state: State, plan_id: Annotated[str | None, Query()] = None
) -> RedirectResponse:
    """Where the header's plan switcher submits: on to the chosen plan's dashboard."""
    return RedirectResponse(f"/plans/{plan_id_from(plan_id, state.factory)}", status_code=303)


@router.get("/plans/{plan_id}/outline")
def outline_page(
    request: Request,
    plan_id: int,
    _who: Reader,
    state: State,
    q: Annotated[str | None, Query(max_length=500)] = None,
    revision: Annotated[int | None, Query()] = None,
) -> HTMLResponse:
    outline = plan_outline(state.factory, plan_id, q=q, revision_id=revision)
    current = outline.revision.id == outline.plan.current.id
    source_base = f"/plans/{plan_id}/source?" + ("" if current else f"revision={outline.revision.id}&")
    context = {
        "plan": outline.plan,
        "active": "outline",
        "outline": outline,
        "toc": table_of_contents(outline.roots),
        "q": outline.q,
        "mark": mark_phrase,
        "figure": quote_figure,
        "hlq": link_param,
        "source_base": source_base,
        "is_current": current,
        "signs": COMPARATOR_SIGNS,
        "role_labels_note": ROLE_LABELS,
        "kind_labels": KIND_LABELS,
        "lineage": neighbours(state.factory, plan_id),
    }
    return render(request, "outline.html", context)


@router.get("/plans/{plan_id}/source")
def source_page(
    request: Request,
    plan_id: int,
    _who: Reader,
    state: State,
    line_from: Annotated[int | None, Query(alias="from")] = None,
    line_to: Annotated[int | None, Query(alias="to")] = None,
    start: Annotated[int | None, Query()] = None,
    end: Annotated[int | None, Query()] = None,
    hl: Annotated[str | None, Query()] = None,
    revision: Annotated[int | None, Query()] = None,
) -> HTMLResponse:
    window = source_window(
        state.factory,
        plan_id,
        line_from=line_from,
        line_to=line_to,
        start=start,
        end=end,
        highlight=hl,
        revision_id=revision,
    )
    keep: list[tuple[str, str]] = []
    if window.line_from is not None and window.line_to is not None:
        keep += [("from", str(window.line_from)), ("to", str(window.line_to))]
    if window.highlight:
        keep.append(("hl", window.highlight))
    if window.revision.id != window.plan.current.id:
        keep.append(("revision", str(window.revision.id)))
    context = {
        "plan": window.plan,
        "active": "outline",
        "window": window,
        "keep": keep,
        "more": SHOW_MORE,
        "is_current": window.revision.id == window.plan.current.id,
        "kind_labels": KIND_LABELS,
    }
    return render(request, "source.html", context)
