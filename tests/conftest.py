"""Shared fixtures: the sample plans shipped in examples/ (public documents, kept exactly as received)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.domain.plan import Plan
from planwatch.services import parse_plan_file

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "examples" / "plans"
PLAN_14 = PLANS / "wuhan-14th-sci-tech-2021-2025.txt"
PLAN_12 = PLANS / "wuhan-12th-sci-tech-2011-2015.txt"


@pytest.fixture(scope="session")
def plan14() -> Plan:
    return parse_plan_file(PLAN_14)


@pytest.fixture(scope="session")
def plan12() -> Plan:
    return parse_plan_file(PLAN_12)
