"""Reading fidelity on the real documents of tests/golden/real must not fall below what it is today.

The figures come from bench/fidelity.py (the same matching rules, documented there); the floors below are
the measured precision and recall less a small margin, so a regression fails while a small rewording of
an unrelated rule does not. Raise them when the reader gets better; never lower them to make a change pass.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Protocol

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "golden" / "real"

# slug → part → (precision floor, recall floor); parts the reader does not read yet (responsibility notes\n# of these styles, some targets) are left out rather than given a floor of 0 that could never fail.
FLOORS: dict[str, dict[str, tuple[float, float]]] = {
    "beijing-15th-plan-2026-2030": {"headings": (0.95, 0.95), "indicators": (0.84, 0.81)},
    "chengdu-embedded-services-implementation-plan": {"headings": (0.95, 0.95), "targets": (0.95, 0.95)},
    "dongyang-2024-statistical-bulletin": {"headings": (0.95, 0.95), "past_figures": (0.89, 0.89)},
    "guangzhou-15th-plan-2026-2030": {"headings": (0.95, 0.95), "indicators": (0.74, 0.72)},
    "hangzhou-2026-work-report": {
        "headings": (0.95, 0.95),
        "targets": (0.95, 0.95),
        "past_figures": (0.95, 0.95),
    },
    "hefei-2026-work-report": {
        "headings": (0.95, 0.95),
        "targets": (0.95, 0.95),
        "past_figures": (0.95, 0.95),
    },
    "jiangsu-2026-work-report": {
        "headings": (0.95, 0.95),
        "targets": (0.95, 0.95),
        "past_figures": (0.95, 0.95),
    },
    "jingan-three-year-action-plan-2018-2020": {"headings": (0.95, 0.95)},
    "jingmen-14th-plan-task-division": {
        "headings": (0.95, 0.95),
        "targets": (0.95, 0.95),
        "responsibilities": (0.95, 0.95),
    },
    "leshan-2024-statistical-bulletin": {"headings": (0.95, 0.95), "past_figures": (0.95, 0.95)},
    "lishan-2023-task-breakdown": {
        "headings": (0.95, 0.95),
        "targets": (0.95, 0.95),
        "responsibilities": (0.95, 0.95),
    },
    "nanjing-15th-plan-2026-2030": {
        "headings": (0.95, 0.95),
        "indicators": (0.95, 0.71),
        "targets": (0.95, 0.95),
    },
    "national-2026-work-report": {
        "headings": (0.95, 0.95),
        "targets": (0.95, 0.95),
        "past_figures": (0.95, 0.95),
    },
    "sichuan-2026-work-report": {
        "headings": (0.95, 0.95),
        "targets": (0.95, 0.95),
        "past_figures": (0.95, 0.95),
    },
    "songyuan-2024-statistical-bulletin": {"headings": (0.95, 0.95), "past_figures": (0.91, 0.95)},
    "suzhou-15th-plan-2026-2030": {"headings": (0.95, 0.95), "indicators": (0.95, 0.88)},
    "wansheng-double-doubling-plan-2023-2027-qa": {"targets": (0.95, 0.95)},
    "xinxiang-manufacturing-three-year-action-plan-2023-2025": {
        "headings": (0.95, 0.95),
        "targets": (0.95, 0.95),
    },
}
NAME_RIGHTNESS_FLOOR = (
    0.85  # share of found facts (value, unit, year) whose metric name is right, all documents
)


class _Part(Protocol):
    precision: float | None
    recall: float | None
    misses: list[str]
    extras: list[str]


class _Score(Protocol):
    slug: str
    error: str | None
    kind_ok: bool | None
    year_ok: bool | None
    parts: dict[str, _Part]
    names_judged: int
    names_right: int


def _fidelity() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fidelity_bench", ROOT / "bench" / "fidelity.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fidelity_bench"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores() -> dict[str, _Score]:
    module = _fidelity()
    return {s.slug: s for s in module.score_all()}


def test_every_real_document_has_its_source_and_expectations() -> None:
    documents = [p for p in REAL.iterdir() if p.suffix in {".txt", ".html", ".docx"}]
    assert len(documents) >= 12
    for path in documents:
        slug = path.name.rsplit(".", 1)[0]
        source = (REAL / f"{slug}.source.md").read_text(encoding="utf-8")
        assert "public government document, kept as received" in source
        assert (REAL / f"{slug}.expected.json").is_file()
        assert slug in FLOORS


@pytest.mark.parametrize("slug", sorted(FLOORS))
def test_fidelity_floor(scores: dict[str, _Score], slug: str) -> None:
    score = scores[slug]
    assert score.error is None
    assert score.kind_ok is True, "document kind"
    assert score.year_ok is True, "document year"
    parts = score.parts
    for part, (p_floor, r_floor) in FLOORS[slug].items():
        got = parts[part]
        assert got.precision is not None and got.precision >= p_floor, (
            part,
            "precision",
            got.precision,
            got.extras,
        )
        assert got.recall is not None and got.recall >= r_floor, (part, "recall", got.recall, got.misses)


def test_metric_names_are_right(scores: dict[str, _Score]) -> None:
    judged = sum(s.names_judged for s in scores.values())
    right = sum(s.names_right for s in scores.values())
    assert judged > 100
    assert right / judged >= NAME_RIGHTNESS_FLOOR
