"""Child process for test_atomic_import: starts a large plan import and hangs inside it, to be SIGKILLed.

Usage: python kill_import_child.py URL SCHEMA MARKER. SCHEMA is "" for SQLite. The MARKER file is
written once thousands of rows have been flushed inside the still-open transaction.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from store_builders import make_plan

from planwatch.store import plans
from planwatch.store.engine import make_engine, make_session_factory, transaction


def main() -> None:
    url, schema, marker = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    connect_args = {"options": f"-csearch_path={schema}"} if schema else {}
    engine = make_engine(url, connect_args=connect_args)
    original = plans.resolve_department
    calls = 0

    def slow_resolve(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 200:
            marker.write_text("flushed")
            time.sleep(120)  # the parent kills us here, mid-transaction
        return original(*args, **kwargs)  # type: ignore[arg-type]

    plans.resolve_department = slow_resolve  # type: ignore[assignment]
    with transaction(make_session_factory(engine)) as session:
        plans.save_plan(session, make_plan(version="big", extra_nodes=20_000, extra_notes=1_000))


if __name__ == "__main__":
    main()
