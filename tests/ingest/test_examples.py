"""The real sample plans shipped in examples/plans read as UTF-8 with one line per file line."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.domain.source import SourceFormat
from planwatch.ingest import read_source

PLANS = Path(__file__).resolve().parents[2] / "examples" / "plans"

# `wc -l` counts newline characters: 2557 and 509. Both files end in "\n " — a last line holding one
# space and no final newline — which is a line of the file too, so there is one more line than `wc -l`.
EXPECTED = {
    "wuhan-14th-sci-tech-2021-2025.txt": 2557,
    "wuhan-12th-sci-tech-2011-2015.txt": 509,
}


@pytest.mark.parametrize(("name", "newlines"), sorted(EXPECTED.items()))
def test_sample_plan(name: str, newlines: int) -> None:
    path = PLANS / name
    raw = path.read_bytes()
    assert raw.count(b"\n") == newlines  # what `wc -l` reports
    source = read_source(path)
    assert source.format is SourceFormat.TEXT
    assert source.encoding == "utf-8"
    assert len(source.lines) == newlines + 1
    assert source.lines[-1] == " "
    assert source.lines[:newlines] == tuple(raw.decode("utf-8").split("\n")[:newlines])
    assert "规划" in "".join(source.lines[:10])
