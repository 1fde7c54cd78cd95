"""The database a storage test runs on, in a form a child process can reopen."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from planwatch.store.engine import make_engine


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
