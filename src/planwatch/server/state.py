"""What the app holds while it runs (settings, the open database), and the dependencies that read it."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from planwatch.server.settings import Settings
from planwatch.services import Database
from planwatch.services.read_cache import ReadCache

T = TypeVar("T")


@dataclass(frozen=True)
class AppState:
    settings: Settings
    database: Database
    cache: ReadCache = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cache", ReadCache(self.database.factory))

    def cached(self, request: Request, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()` reused until the data changes; the data version is read once per request."""
        version = getattr(request.state, "data_version", None)
        if version is None:
            version = self.cache.version()
            request.state.data_version = version
        return self.cache.get(key, compute, version=version)

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


State = Annotated[AppState, Depends(app_state)]
