"""Plan use cases: import plan documents into the database, list stored plans, pick the plan a command means."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.errors import PlanwatchError
from planwatch.domain.plan import Plan
from planwatch.extract.pipeline import read_plan
from planwatch.extract.units import load_aliases
from planwatch.ingest import read_source
from planwatch.services.parsing import parse_plan_file
from planwatch.store import NotFoundError, list_plans, save_plan, transaction
from planwatch.store.views import PlanSummary


@dataclass(frozen=True, slots=True)
class PlanImport:
    """What importing one document did: `created` is False when the same document was imported before."""

    path: Path
    plan: PlanSummary
    created: bool


def store_plan(factory: sessionmaker[Session], plan: Plan) -> tuple[PlanSummary, bool]:
    """Store a parsed plan in one transaction (all of it or nothing); re-storing the same document is a no-op."""
    with transaction(factory) as session:
        result = save_plan(session, plan)
        summary = next(p for p in list_plans(session) if p.id == result.plan_id)
    return summary, result.created


def import_plan_file(
    factory: sessionmaker[Session],
    path: Path,
    *,
    aliases_file: Path | None = None,
    time_budget: float | None = None,
) -> PlanImport:
    """Parse one plan document and store it (see `store_plan`); `time_budget` as in `parse_plan_file`."""
    plan = parse_plan_file(path, aliases_file=aliases_file, time_budget=time_budget)
    summary, created = store_plan(factory, plan)
    return PlanImport(path, summary, created)


def import_plan_files(
    factory: sessionmaker[Session],
    paths: list[Path],
    *,
    aliases_file: Path | None = None,
    on_done: Callable[[Path], None] | None = None,
) -> Iterator[tuple[Path, PlanImport | PlanwatchError]]:
    """Import many documents, each in its own transaction; a bad file yields its error, the rest go on."""
    aliases = load_aliases(aliases_file)
    for path in paths:
        result: PlanImport | PlanwatchError
        try:
            summary, created = store_plan(factory, read_plan(read_source(path), aliases))
            result = PlanImport(path, summary, created)
        except PlanwatchError as exc:
            result = exc
        if on_done is not None:
            on_done(path)
        yield path, result


def stored_plans(factory: sessionmaker[Session]) -> list[PlanSummary]:
    """Every stored plan with its current revision, by period then title."""
    with transaction(factory, read_only=True) as session:
        return list_plans(session)


def resolve_plan(session: Session, plan_id: int | None) -> PlanSummary:
    """The plan with `plan_id`; without an id, the plan with the latest period (the one running now).

    Defaulting to the latest period lets `planwatch status` answer the usual question — how is the
    current plan doing — without looking up an id first.
    """
    plans = list_plans(session)
    if not plans:
        raise NotFoundError("数据库中还没有规划，请先运行 planwatch import 导入规划文件。")
    if plan_id is None:
        return max(plans, key=lambda p: (p.period_start or 0, p.id))
    for plan in plans:
        if plan.id == plan_id:
            return plan
    raise NotFoundError(f"找不到编号为 {plan_id} 的规划，请运行 planwatch plans 查看已导入规划的编号。")
