"""The front door: / goes to the dashboard of the plan running now (or the plan list when there is none)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from planwatch.server.auth import Reader
from planwatch.server.state import State
from planwatch.services import newest_first, stored_plans

router = APIRouter()


@router.get("/")
def home(_who: Reader, state: State) -> RedirectResponse:
    plans = stored_plans(state.factory)
    if not plans:
        return RedirectResponse("/plans", status_code=303)
    current = newest_first(plans)[0]
    return RedirectResponse(f"/plans/{current.id}", status_code=303)


@router.get("/healthz")
def health() -> dict[str, str]:
    """For load balancers and the demo script: answers once the app has opened its database."""
    return {"status": "ok"}
