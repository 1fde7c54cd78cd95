"""What the app holds while it runs (settings, the open database), and the dependencies that read it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from planwatch.server.settings import Settings
from planwatch.services import Database


@dataclass(frozen=True, slots=True)
class AppState:
    settings: Settings
    database: Database

    @property
    def factory(self) -> sessionmaker[Session]:
        return self.database.factory

    @property
    def evaluation_year(self) -> int:
        return self.settings.evaluation_year or datetime.date.today().year


def app_state(request: Request) -> AppState:
    """The running app's state (set by the factory's lifespan); views receive it, never import the app."""
    state = request.app.state.planwatch
    assert isinstance(state, AppState)
    return state


def session_factory(request: Request) -> sessionmaker[Session]:
    return app_state(request).factory


State = Annotated[AppState, Depends(app_state)]
Factory = Annotated[sessionmaker[Session], Depends(session_factory)]
