"""Parsing use cases: plan documents in, structured plans out (ingest → normalize → parse → extract)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from planwatch.domain.errors import InputError, PlanwatchError
from planwatch.domain.limits import Deadline
from planwatch.domain.plan import Plan
from planwatch.extract.pipeline import read_plan
from planwatch.extract.units import load_aliases
from planwatch.ingest import read_source

PLAN_SUFFIXES = (".txt", ".text", ".docx", ".pdf", ".html", ".htm")


def parse_plan_file(
    path: Path, *, aliases_file: Path | None = None, time_budget: float | None = None
) -> Plan:
    """Read one plan document into a structured plan.

    With `time_budget` (seconds; the web upload path passes one) a document still being read when it
    runs out ends in an InputError saying so, instead of holding the worker.
    """
    deadline = Deadline.start(time_budget) if time_budget is not None else None
    return read_plan(read_source(path), load_aliases(aliases_file), deadline=deadline)


def plan_files(directory: Path) -> list[Path]:
    """Documents in a directory (not recursive) that look like plan files, by name."""
    if not directory.is_dir():
        raise InputError(f"{directory} 不是一个目录。")
    files = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in PLAN_SUFFIXES)
    if not files:
        raise InputError(
            f"目录 {directory} 中没有可读取的规划文件（支持 .txt .docx .pdf .html）：请检查路径。"
        )
    return files


def parse_plan_files(
    paths: list[Path],
    *,
    aliases_file: Path | None = None,
    on_done: Callable[[Path], None] | None = None,
) -> Iterator[tuple[Path, Plan | PlanwatchError]]:
    """Parse many files; a bad file yields its error instead of stopping the batch."""
    aliases = load_aliases(aliases_file)
    for path in paths:
        result: Plan | PlanwatchError
        try:
            result = read_plan(read_source(path), aliases)
        except PlanwatchError as exc:
            result = exc
        if on_done is not None:
            on_done(path)
        yield path, result
