"""Results of expensive read use cases (dashboard, indicator pages), reused until the data changes.

The dashboard judges every indicator of a plan; with twenty people opening it at once, computing it
per request would queue them behind each other. A result is kept with the data version it was computed
at (`store.versions.data_version`), which is checked on every call — one indexed query — so a page
never shows data older than the last committed write, even with several server processes: each
process keeps its own cache and checks the shared database's version.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

from sqlalchemy.orm import Session, sessionmaker

from planwatch.store import transaction
from planwatch.store.versions import data_version

T = TypeVar("T")

DEFAULT_SIZE = 256


class ReadCache:
    """A small thread-safe LRU of (key → (version, value)); values must be immutable snapshots."""

    def __init__(self, factory: sessionmaker[Session], max_entries: int = DEFAULT_SIZE) -> None:
        self._factory = factory
        self._max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[tuple[int, ...], object]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def version(self) -> tuple[int, ...]:
        with transaction(self._factory, read_only=True) as session:
            return data_version(session)

    def get(self, key: Hashable, compute: Callable[[], T], *, version: tuple[int, ...] | None = None) -> T:
        """The cached value for `key` at the current data version, computing (outside the lock) on a miss."""
        current = version if version is not None else self.version()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == current:
                self._entries.move_to_end(key)
                self.hits += 1
                return cast(T, entry[1])
            self.misses += 1
        value = compute()  # two threads may compute the same miss; both results are equal
        with self._lock:
            self._entries[key] = (current, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
