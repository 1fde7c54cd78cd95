"""Server-rendered pages in Simplified Chinese. Each module in `web.pages` owns a page family.

Pages call the same use cases (`services`) as the API, render Jinja2 templates (autoescaped), and
use a little HTMX and plain JS from `static/`; every asset is served locally.
"""

from __future__ import annotations

from fastapi import APIRouter

from planwatch.web.pages import (
    account,
    audit,
    compare,
    cycle_board,
    cycle_setup,
    dashboard,
    data_entry,
    departments,
    document_extract,
    entry,
    evaluation,
    indicator_entry,
    indicators,
    plans,
    projects,
    tasks,
)
from planwatch.web.templating import STATIC_DIR, error_page

router = APIRouter(include_in_schema=False)
for module in (
    entry,
    account,
    plans,
    dashboard,
    indicators,
    indicator_entry,
    departments,
    tasks,
    data_entry,
    document_extract,
    projects,
    evaluation,
    compare,
    audit,
    cycle_setup,
    cycle_board,
):
    router.include_router(module.router)

__all__ = ["STATIC_DIR", "error_page", "router"]
