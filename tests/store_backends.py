"""The database a storage test runs on, in a form a child process can reopen."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from planwatch.store.engine import make_engine

POSTGRES_ENV = "PLANWATCH_TEST_POSTGRES_URL"


@dataclass(frozen=True)
class Backend:
    """Everything a test (or a child process) needs to open the same database again."""

    name: str
    url: str
    schema: str | None

    def engine(self) -> Engine:
        if self.schema is None:
            return make_engine(self.url)
        return make_engine(self.url, connect_args={"options": f"-csearch_path={self.schema}"})

    @property
    def app_url(self) -> str:
        """The URL for code that opens the database itself (the web app): the schema rides in the URL."""
        if self.schema is None:
            return self.url
        separator = "&" if "?" in self.url else "?"
        return f"{self.url}{separator}options=-csearch_path%3D{self.schema}"


@contextmanager
def provide_backend(name: str, directory: Path) -> Iterator[Backend]:
    """A fresh database on `name` ("sqlite" in `directory`, or a new PostgreSQL schema, dropped after)."""
    if name == "sqlite":
        yield Backend("sqlite", f"sqlite:///{directory / 'planwatch.sqlite3'}", None)
        return
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set; PostgreSQL tests not run")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = make_engine(url, connect_args={"connect_timeout": 5})
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except OperationalError as exc:
        admin.dispose()
        pytest.fail(f"{POSTGRES_ENV} is set to {url!r} but PostgreSQL cannot be reached: {exc}")
    try:
        yield Backend("postgresql", url, schema)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
