"""The read cache serves a result again only while the data version is unchanged, on both backends."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.plan import Plan
from planwatch.services.plans import store_plan
from planwatch.services.read_cache import ReadCache
from planwatch.store import add_observation, list_indicators, transaction


def test_cache_is_reused_until_a_write(factory: sessionmaker[Session], plan14: Plan) -> None:
    summary, _ = store_plan(factory, plan14)
    cache = ReadCache(factory, max_entries=2)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get("k", compute) == 1
    assert cache.get("k", compute) == 1  # unchanged data: reused
    with transaction(factory) as session:
        indicator_id = next(iter(list_indicators(session, summary.id)))
        add_observation(session, indicator_id, 2023, 1.0, "家", who="test", source="测试")
    assert cache.get("k", compute) == 2  # a committed write: recomputed
    assert (cache.hits, cache.misses) == (1, 2)


def test_cache_keeps_at_most_max_entries(factory: sessionmaker[Session]) -> None:
    cache = ReadCache(factory, max_entries=2)
    for key in ("a", "b", "c"):
        cache.get(key, lambda key=key: key)
    calls: list[str] = []
    cache.get("a", lambda: calls.append("a") or "a")  # evicted first, so computed again
    assert calls == ["a"]
