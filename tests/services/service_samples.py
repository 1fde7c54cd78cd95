"""The sample files of examples/ and the `observe import --yes` step, shared by the service tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from planwatch.services import import_observation_file, propose_mappings, read_observations

ROOT = Path(__file__).resolve().parents[2]
PLAN_14 = ROOT / "examples" / "plans" / "wuhan-14th-sci-tech-2021-2025.txt"
PLAN_12 = ROOT / "examples" / "plans" / "wuhan-12th-sci-tech-2011-2015.txt"
OBSERVATIONS = ROOT / "examples" / "data" / "wuhan_observations.csv"


@dataclass(frozen=True)
class DemoDatabase:
    """A database loaded like `make demo`, and the ids of the two plans ("12", "14")."""

    factory: sessionmaker[Session]
    ids: dict[str, int]


def load_observations(factory: sessionmaker[Session], plan_id: int) -> None:
    """`observe import --yes` for one plan: suggestions at or above the threshold are accepted."""
    file = read_observations(OBSERVATIONS)
    proposal = propose_mappings(factory, plan_id, file)
    mapping = {
        n.external_name: chosen.indicator_id
        for n in proposal.names
        if n.remembered is None and (chosen := n.auto_choice()) is not None
    }
    import_observation_file(factory, plan_id, file, mapping, who="测试")
