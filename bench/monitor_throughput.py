"""Monitoring throughput: importing a plan, recomputing progress at scale, and the status query.

1. Import: parse + store each sample plan into a fresh SQLite database (a re-import is a no-op, so
   every run gets its own file), and the cost of that no-op re-import.
2. Recompute: `assess` for 200 plans × 20 indicators × 15 years of observations, pure arithmetic
   (level targets rising and falling, growth targets on level series with a definition break, bounds
   and approximate values mixed in), then the same through the database: `plan_status` for every one
   of the 200 stored plans (60,000 stored observations).
3. Status query: `plan_status` for the 14th sample plan with the sample observations, and for one
   generated plan in the 200-plan database.

Figures are printed, never asserted (see shared/ARCHITECTURE.md). SQLite files go to a temporary
directory that is removed afterwards.

Run: make bench   (or: .venv/bin/python bench/monitor_throughput.py [--plans 200])
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.plan import (
    Attribute,
    Comparator,
    Indicator,
    IndicatorKind,
    Period,
    Plan,
    SourceInfo,
    ValuePoint,
)
from planwatch.domain.progress import IndicatorSpec, ObservationPoint, Qualifier
from planwatch.domain.records import ObservationRecord, ObservationStatus
from planwatch.domain.records import Qualifier as RecordQualifier
from planwatch.domain.source import SourceFormat, Span
from planwatch.monitor import assess
from planwatch.services import (
    import_observation_file,
    import_plan_file,
    open_database,
    parse_plan_file,
    plan_status,
    propose_mappings,
    read_observations,
)
from planwatch.services.plans import store_plan
from planwatch.store import import_observations, list_indicators, transaction

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "examples" / "plans"
PLAN_14 = PLANS / "wuhan-14th-sci-tech-2021-2025.txt"
OBSERVATIONS = ROOT / "examples" / "data" / "wuhan_observations.csv"
BASE_YEAR, TARGET_YEAR = 2020, 2025
FIRST_YEAR = 2011  # 15 years of observations: 2011–2025


def timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


# --- synthetic data --------------------------------------------------------------------------------


def synthetic_series(
    rng: random.Random, years: int, kind: int
) -> tuple[IndicatorSpec, list[ObservationPoint]]:
    """One indicator and `years` observations: kind 0 rising level, 1 falling level, 2 growth."""
    level = rng.uniform(50, 5000)
    rate = rng.uniform(-0.02, 0.15) if kind != 1 else rng.uniform(-0.08, 0.01)
    points = []
    for offset in range(years):
        year = FIRST_YEAR + offset
        value = level * (1 + rate) ** offset * rng.uniform(0.97, 1.03)
        roll = rng.random()
        qualifier = (
            Qualifier.LOWER_BOUND
            if roll < 0.08
            else Qualifier.APPROXIMATE
            if roll < 0.16
            else Qualifier.EXACT
        )
        points.append(ObservationPoint(year, value, qualifier, comparable_from=2016 if kind == 2 else None))
    base = next(p.value for p in points if p.year == BASE_YEAR)
    if kind == 2:
        spec = IndicatorSpec(
            "研发经费投入增长", "%", IndicatorKind.GROWTH, Comparator.GE, BASE_YEAR, 10.0,
            TARGET_YEAR, rng.uniform(5, 15), level_unit="亿元",
        )  # fmt: skip
    elif kind == 1:
        spec = IndicatorSpec(
            "单位GDP能耗", "吨标准煤", IndicatorKind.LEVEL, Comparator.LE, BASE_YEAR, base,
            TARGET_YEAR, base * rng.uniform(0.7, 0.95),
        )  # fmt: skip
    else:
        spec = IndicatorSpec(
            "高新技术企业数量", "家", IndicatorKind.LEVEL, Comparator.GE, BASE_YEAR, base,
            TARGET_YEAR, base * rng.uniform(1.1, 2.0),
        )  # fmt: skip
    return spec, points


def synthetic_plan(k: int, indicators: int, rng: random.Random) -> tuple[Plan, list[ObservationRecord]]:
    """A stored-plan-shaped plan (no outline) with `indicators` table rows, and its observation rows."""
    city = f"测试{k:03d}市"
    rows = []
    records = []
    for j in range(indicators):
        spec, points = synthetic_series(rng, TARGET_YEAR - FIRST_YEAR + 1, j % 2)
        name = f"监测指标{j:02d}"
        rows.append(
            Indicator(
                name=name,
                unit=spec.unit,
                attribute=Attribute.EXPECTED,
                kind=IndicatorKind.LEVEL,
                baseline=ValuePoint(BASE_YEAR, spec.baseline_value, f"{spec.baseline_value:.2f}"),
                target=ValuePoint(TARGET_YEAR, spec.target_value, f"{spec.target_value:.2f}"),
                comparator=spec.comparator,
                node="",
                lines=Span(1, 1),
            )
        )
        for p in points:
            records.append(
                ObservationRecord(
                    indicator_name=name,
                    year=p.year,
                    value=round(p.value, 2),
                    unit=spec.unit,
                    scope=city,
                    source=f"https://stats.example/{k}/{j}/{p.year}",
                    source_quote=None,
                    note=None,
                    status=ObservationStatus.FINAL,
                    qualifier=RecordQualifier(p.qualifier.value),
                )
            )
    plan = Plan(
        source=SourceInfo(f"gen-{k}.txt", f"{k:064x}", SourceFormat.TEXT, "utf-8", 1),
        title=f"{city}科技创新发展“十四五”规划",
        period=Period(2021, 2025, "十四五"),
        notice=None,
        nodes=(),
        indicators=tuple(rows),
    )
    return plan, records


# --- the three measurements ------------------------------------------------------------------------


def bench_import(workdir: Path) -> None:
    print("1. importing a plan (parse + store, fresh SQLite file each run)")
    for path in sorted(PLANS.glob("*.txt")):
        parse_times = timed(lambda path=path: parse_plan_file(path), 3)
        totals = []
        noop = []
        for run in range(3):
            url = f"sqlite:///{workdir / f'import-{path.stem}-{run}.db'}"
            with open_database(url) as db:
                totals.extend(timed(lambda db=db, path=path: import_plan_file(db.factory, path), 1))
                noop.extend(timed(lambda db=db, path=path: import_plan_file(db.factory, path), 1))
        parse = statistics.median(parse_times)
        total = statistics.median(totals)
        print(
            f"   {path.name:42s} total {ms(total)}  (parse {ms(parse)}, store {ms(total - parse)});"
            f"  re-import (no-op) {ms(statistics.median(noop))}"
        )


def bench_recompute(plans: int, indicators: int, years: int) -> None:
    rng = random.Random(11)
    work = [synthetic_series(rng, years, kind % 3) for kind in range(plans * indicators)]
    start = time.perf_counter()
    for spec, points in work:
        assess(spec, points, TARGET_YEAR)
    elapsed = time.perf_counter() - start
    print(
        f"2. recomputing progress, pure arithmetic: {plans} plans × {indicators} indicators × {years} years "
        f"= {len(work):,} assessments in {elapsed:.2f} s ({elapsed / len(work) * 1e6:.0f} µs each, "
        f"{len(work) / elapsed:,.0f}/s)"
    )


def fill_generated(factory: sessionmaker[Session], plans: int, indicators: int) -> list[int]:
    rng = random.Random(5)
    ids = []
    for k in range(plans):
        plan, records = synthetic_plan(k, indicators, rng)
        summary, _ = store_plan(factory, plan)
        with transaction(factory) as session:
            mapping = {name: i for i, name in list_indicators(session, summary.id).items()}
            import_observations(session, summary.id, records, who="bench", mapping=mapping)
        ids.append(summary.id)
    return ids


def bench_database(workdir: Path, plans: int, indicators: int) -> None:
    url = f"sqlite:///{workdir / 'generated.db'}"
    with open_database(url) as db:
        start = time.perf_counter()
        ids = fill_generated(db.factory, plans, indicators)
        setup = time.perf_counter() - start
        stored = plans * indicators * (TARGET_YEAR - FIRST_YEAR + 1)
        print(f"   (setup: {plans} plans and {stored:,} observations stored in {setup:.1f} s)")
        start = time.perf_counter()
        for plan_id in ids:
            plan_status(db.factory, plan_id, TARGET_YEAR)
        elapsed = time.perf_counter() - start
        print(
            f"   through the database: plan_status for all {plans} plans in {elapsed:.2f} s "
            f"({elapsed / plans * 1000:.1f} ms per plan of {indicators} indicators)"
        )
        one = timed(lambda: plan_status(db.factory, ids[len(ids) // 2], TARGET_YEAR), 10)
        print(
            f"3. status query, one generated plan ({indicators} indicators × 15 years): median {ms(statistics.median(one))}"
        )


def bench_sample_status(workdir: Path) -> None:
    with open_database(f"sqlite:///{workdir / 'sample.db'}") as db:
        for path in sorted(PLANS.glob("*.txt")):
            import_plan_file(db.factory, path)
        file = read_observations(OBSERVATIONS)
        for plan in (1, 2):
            proposal = propose_mappings(db.factory, plan, file)
            mapping = {n.external_name: c.indicator_id for n in proposal.names if (c := n.auto_choice())}
            import_observation_file(db.factory, plan, file, mapping, who="bench")
        for plan_id, label in ((2, "14th"), (1, "12th")):
            result = plan_status(db.factory, plan_id, 2026)
            times = timed(lambda plan_id=plan_id: plan_status(db.factory, plan_id, 2026), 10)
            print(
                f"   status query, {label} sample plan ({len(result.indicators)} indicators, sample data): "
                f"median {ms(statistics.median(times))}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=200)
    parser.add_argument("--indicators", type=int, default=20)
    args = parser.parse_args()
    print("planwatch monitoring throughput (SQLite)")
    with tempfile.TemporaryDirectory(prefix="planwatch-bench-") as tmp:
        workdir = Path(tmp)
        bench_import(workdir)
        bench_recompute(args.plans, args.indicators, TARGET_YEAR - FIRST_YEAR + 1)
        bench_database(workdir, args.plans, args.indicators)
        bench_sample_status(workdir)


if __name__ == "__main__":
    main()
