"""Jinja2 templates, their shared context (who is signed in, the CSRF token, the plan list) and filters.

Autoescaping is on for every template, so text users typed (report narratives, sources) is shown as
text; nothing user-supplied is ever marked safe.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from planwatch import __version__
from planwatch.domain.accounts import ANONYMOUS, ROLE_LABELS, Principal
from planwatch.domain.errors import PlanwatchError
from planwatch.monitor.wording import format_value
from planwatch.server.auth import current_principal
from planwatch.server.csrf import csrf_token
from planwatch.server.state import app_state
from planwatch.services import newest_first, stored_plans
from planwatch.services.public_view import public_copy
from planwatch.store.views import PlanSummary

PACKAGE_DIR = Path(__file__).parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"

# Status words → CSS class, so colour follows meaning on every page.
STATUS_CLASSES = {
    "提前实现": "good",
    "已完成": "good",
    "快于预期": "good",
    "基本符合预期": "ok",
    "推进中": "ok",
    "滞后": "bad",
    "未完成": "bad",
    "数据不足": "none",
    "未启动": "none",
}


def principal_of(request: Request) -> Principal:
    """The request's principal, resolved here for pages that did not ask for one (login, errors)."""
    principal = getattr(request.state, "principal", None)
    if isinstance(principal, Principal):
        return principal
    try:
        return current_principal(request, app_state(request))
    except PlanwatchError:  # a bad bearer token on a page: show it as signed out
        return ANONYMOUS


def _plans(request: Request) -> list[PlanSummary]:
    cached = getattr(request.state, "plans", None)
    if isinstance(cached, list):
        return cached
    try:
        state = app_state(request)
        plans = state.cached(request, ("plans",), lambda: newest_first(stored_plans(state.factory)))
    except Exception:  # the error page must render even when the database is the problem
        plans = []
    request.state.plans = plans
    return plans


def base_context(request: Request) -> dict[str, Any]:
    """What every template may use: principal, CSRF token, plans for the switcher, labels.

    A visitor who may not read (signed out, site not public) sees no navigation and no plan titles.
    """
    principal = principal_of(request)
    can_read = not principal.is_anonymous or app_state(request).settings.public_read
    return {
        "principal": principal,
        "can_read": can_read,
        "role_labels": ROLE_LABELS,
        "csrf_token": csrf_token(request),
        "plans": _plans(request) if can_read else [],
        "version": __version__,
        "evaluation_year": app_state(request).evaluation_year,
    }


def fmt_number(value: object, unit: str = "") -> str:
    """A figure as planners write it: 12000 → 12000, 3.5100 → 3.51, None → —."""
    if value is None:
        return "—"
    if isinstance(value, int | float):
        return format_value(float(value), unit)
    return str(value)


def fmt_time(value: object) -> str:
    """A stored naive-UTC timestamp in Beijing time, e.g. 2026-11-21 14:05."""
    if isinstance(value, datetime.datetime):
        local = value.replace(tzinfo=datetime.UTC).astimezone(datetime.timezone(datetime.timedelta(hours=8)))
        return local.strftime("%Y-%m-%d %H:%M")
    return "—" if value is None else str(value)


def status_class(status: object) -> str:
    return STATUS_CLASSES.get(str(getattr(status, "value", status)), "none")


def _make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=TEMPLATES_DIR, context_processors=[base_context])
    templates.env.filters["num"] = fmt_number
    templates.env.filters["time"] = fmt_time
    templates.env.filters["status_class"] = status_class
    templates.env.globals["STATUS_CLASSES"] = STATUS_CLASSES
    return templates


templates = _make_templates()


def render(
    request: Request, name: str, context: Mapping[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    """Render a page template with the shared context (stripped of staff-only fields for the public)."""
    values = dict(context or {})
    if principal_of(request).is_anonymous:
        values = public_copy(values)
    return templates.TemplateResponse(request, name, values, status_code=status_code)


def error_page(request: Request, status: int, message: str) -> Response:
    """The HTML error page (used by the server's error handlers)."""
    return render(request, "error.html", {"status": status, "message": message}, status_code=status)
