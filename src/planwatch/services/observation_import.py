"""Observation import: read a data file, propose which plan indicator each of its names means, store.

Two steps, so that an entry point can ask the user in between: `propose_mappings` ranks candidate
indicators for every indicator name in the file (remembered mappings first), and
`import_observation_file` stores the rows of the names the user confirmed, in one transaction.

Candidates come from fuzzy matching (rapidfuzz, in `planwatch.datasets`), raised to a score of 100
by the naming rules of `indicator_names` (same series key, statistical synonyms, and the level series
of a growth indicator). `AUTO_ACCEPT_SCORE` is the score at which `--yes` accepts a suggestion without
asking: 95, because fuzzy WRatio gives 90 to a name contained in a longer one
(高新技术产业增加值 in 高新技术产业增加值占GDP比重, 投入 in R&D经费投入强度), and those are different series.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from planwatch.datasets.indicator_matching import MappingSuggestion, suggest_mappings
from planwatch.datasets.observation_files import ObservationFile, read_observation_file
from planwatch.domain.plan import IndicatorKind
from planwatch.services.indicator_names import level_series_name, series_key
from planwatch.services.plan_citations import cite_plan_files
from planwatch.services.plans import resolve_plan
from planwatch.store import (
    get_plan,
    import_observations,
    list_indicators,
    remembered_mappings,
    transaction,
)
from planwatch.store.views import ImportSummary, PlanSummary

AUTO_ACCEPT_SCORE = 95.0
_FUZZY_LIMIT = 5
_FUZZY_CUTOFF = 50.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """A plan series a file name may mean; `why` says which rule proposed it ("" for fuzzy only)."""

    indicator_id: int
    indicator_name: str
    score: float
    defined: bool  # the plan defines a target for it (table row or in-text target), not only past figures
    why: str = ""


@dataclass(frozen=True, slots=True)
class NameProposal:
    """The candidates for one indicator name of the file, best first."""

    external_name: str
    rows: int
    remembered: Candidate | None
    candidates: tuple[Candidate, ...]
    note: str | None = None  # why an obvious candidate was left out

    def auto_choice(self, threshold: float = AUTO_ACCEPT_SCORE) -> Candidate | None:
        """The remembered mapping, else the best candidate if it scores at least `threshold`."""
        if self.remembered is not None:
            return self.remembered
        if self.candidates and self.candidates[0].score >= threshold:
            return self.candidates[0]
        return None


@dataclass(frozen=True, slots=True)
class MappingProposal:
    """Proposals for every name of one file against one plan."""

    plan: PlanSummary
    names: tuple[NameProposal, ...]


def read_observations(path: Path) -> ObservationFile:
    """Read a CSV/XLSX observation file (raises a user-facing error naming the bad row)."""
    return read_observation_file(path)


def propose_mappings(
    factory: sessionmaker[Session], plan_id: int | None, file: ObservationFile
) -> MappingProposal:
    """Rank the plan's series as meanings of each indicator name in `file` (nothing is written)."""
    with transaction(factory, read_only=True) as session:
        plan = resolve_plan(session, plan_id)
        series = list_indicators(session, plan.id)
        detail = get_plan(session, plan.id)
        remembered = remembered_mappings(session, plan.id)
    defined = {i.id for i in detail.indicators}
    growth = {i.id: i.name for i in detail.indicators if i.kind is IndicatorKind.GROWTH}
    rows = Counter(r.indicator_name for r in file.records)
    fuzzy = suggest_mappings(file.indicator_names, series, limit=_FUZZY_LIMIT, cutoff=_FUZZY_CUTOFF)
    proposals = []
    for name in file.indicator_names:
        known = remembered.get(name.strip())
        remembered_candidate = (
            Candidate(known, series[known], 100.0, known in defined, "已确认的对应关系")
            if known is not None and known in series
            else None
        )
        candidates, note = _candidates(name, series, defined, growth, fuzzy.get(name, []))
        proposals.append(NameProposal(name, rows[name], remembered_candidate, candidates, note))
    return MappingProposal(plan, tuple(proposals))


def _candidates(
    name: str,
    series: dict[int, str],
    defined: set[int],
    growth: dict[int, str],
    fuzzy: list[MappingSuggestion],
) -> tuple[tuple[Candidate, ...], str | None]:
    key = series_key(name)
    scored: dict[int, Candidate] = {}

    def offer(candidate: Candidate) -> None:
        old = scored.get(candidate.indicator_id)
        if old is None or (candidate.score, bool(candidate.why)) > (old.score, bool(old.why)):
            scored[candidate.indicator_id] = candidate

    for suggestion in fuzzy:
        indicator_id = suggestion.indicator_id
        offer(Candidate(indicator_id, series[indicator_id], suggestion.score, indicator_id in defined))
    same = [i for i, n in series.items() if series_key(n) == key]
    for indicator_id in same:
        offer(Candidate(indicator_id, series[indicator_id], 100.0, indicator_id in defined, "同一指标"))
    note = None
    for indicator_id, growth_name in growth.items():
        level = level_series_name(growth_name)
        if key == series_key(growth_name):
            # The file gives the growth rate itself; a growth indicator is monitored on its level series.
            scored.pop(indicator_id, None)
            note = (
                f"这是增速值；增速指标按水平序列“{level or '（未知）'}”的复合年均增长率监测，这些行不导入。"
            )
        elif level is not None and key == series_key(level) and not same:
            offer(Candidate(indicator_id, growth_name, 100.0, True, "增速指标的水平序列"))
    ranked = sorted(scored.values(), key=lambda c: (-c.score, not c.defined, c.indicator_id))
    return tuple(ranked), note


def import_observation_file(
    factory: sessionmaker[Session],
    plan_id: int,
    file: ObservationFile,
    mapping: dict[str, int],
    *,
    who: str,
) -> ImportSummary:
    """Store the file's rows for the confirmed names (remembered ones included) in one transaction.

    The confirmed mappings are remembered for the next import; rows identical to stored ones are
    skipped, so importing the same file twice adds nothing. A `file:` source quoting a stored plan is
    stored as that plan's citation (《标题》第N行), see `plan_citations`.
    """
    with transaction(factory) as session:
        records = cite_plan_files(session, file.records)
        return import_observations(session, plan_id, records, who=who, mapping=mapping)
