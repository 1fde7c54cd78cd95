"""Growth bench: the reader's cost on hostile documents at doubling sizes (issue 9).

Times are CPU seconds of the reading process (time.process_time), which other work on a shared machine
disturbs far less than wall-clock time. For each family of bench/hostile.py the document is generated at doubling sizes and read the way
`planwatch parse` reads a file (ingest, clean, outline, facts, then the planwatch.plan/1 JSON). Each
size runs in its own process, so a size that never ends can be cut off (--timeout) and memory is
measured per size. Printed per size: milliseconds, ms per KB, the growth factor of the time against
the previous (half) size, JSON bytes per input byte and the peak resident memory. A reader linear in
its input grows ×2 per doubling; any growth above ×2.3 prints a loud FAIL line (sizes under 50 ms
are too noisy on a shared machine to judge and are marked as such).

Run: make bench   (or: .venv/bin/python bench/growth.py [--max-kb 1024] [--families a,b])
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile

LIMIT = 2.3  # the largest acceptable growth of the time per doubling of the input
NOISE_MS = 50.0  # below this the larger size's time is too noisy to judge growth
DEFAULT_START, DEFAULT_MAX = 32.0, 1024.0
START_KB = {"docx-paragraphs": 64.0, "single-line": 40.0}  # 40 KB doubles to 5 MB
MAX_KB = {"docx-paragraphs": 2048.0, "single-line": 5120.0}


def _measure_one(family: str, kb: float) -> dict[str, object]:
    """Runs in the child: generate, read, serialise; best of up to 5 runs while under 3 s in total."""
    from planwatch.domain.errors import PlanwatchError
    from planwatch.extract.pipeline import read_plan
    from planwatch.extract.units import load_aliases
    from planwatch.ingest import read_source
    from planwatch.interchange.plan_json import plan_to_json

    data, suffix = hostile.make(family, kb)
    aliases = load_aliases()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{family}{suffix}"
        path.write_bytes(data)
        best = float("inf")
        spent = 0.0
        out_bytes = 0
        error = None
        for _ in range(5):
            start = time.process_time()
            try:
                plan = read_plan(read_source(path), aliases)
                out_bytes = len(json.dumps(plan_to_json(plan), ensure_ascii=False).encode("utf-8"))
            except PlanwatchError as exc:
                error = exc.message
            elapsed = time.process_time() - start
            best = min(best, elapsed)
            spent += elapsed
            if spent > 3.0:
                break
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "bytes": len(data),
        "text_bytes": kb * 1024,
        "seconds": best,
        "out_bytes": out_bytes,
        "peak_mb": peak_kb / 1024,
        "error": error,
    }


def _run_child(family: str, kb: float, timeout: float) -> dict[str, object] | None:
    cmd = [sys.executable, __file__, "--child", family, str(kb)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"crash": tail}
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _sizes(family: str, start: float, stop: float) -> list[float]:
    """Doubling sizes from `start` to `stop`; on the default range a few families start or go further
    (the DOCX from 64 KB, single lines to 5 MB)."""
    if start == DEFAULT_START and stop == DEFAULT_MAX:
        start, stop = START_KB.get(family, start), MAX_KB.get(family, stop)
    sizes, kb = [], start
    while kb <= stop:
        sizes.append(kb)
        kb *= 2
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--start-kb", type=float, default=DEFAULT_START)
    parser.add_argument("--max-kb", type=float, default=DEFAULT_MAX)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds allowed per size")
    parser.add_argument("--families", default=",".join(hostile.FAMILIES))
    parser.add_argument("--child", nargs=2, metavar=("FAMILY", "KB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_measure_one(args.child[0], float(args.child[1]))))
        return
    print("planwatch reader growth on hostile documents (ingest + read + JSON; CPU ms, best of up to 5 runs)")
    print(
        f"  {'family':18s} {'KB':>7s} {'ms':>9s} {'ms/KB':>7s} {'growth':>7s} {'out/in':>7s} {'peak MB':>8s}"
    )
    failures: list[str] = []
    for family in args.families.split(","):
        previous: float | None = None
        for kb in _sizes(family, args.start_kb, args.max_kb):
            result = _run_child(family, kb, args.timeout)
            if result is None:
                line = f"  {family:18s} {kb:7.0f}  TIMEOUT after {args.timeout:.0f} s"
                print(line, flush=True)
                failures.append(line.strip())
                break
            if "crash" in result:
                line = f"  {family:18s} {kb:7.0f}  CRASH: {result['crash']}"
                print(line, flush=True)
                failures.append(line.strip())
                break
            seconds = float(str(result["seconds"]))
            if previous is not None and seconds / previous > LIMIT:
                # one more try of both sizes before calling it: another process may have had the CPU
                again = _run_child(family, kb, args.timeout)
                before = _run_child(family, kb / 2, args.timeout)
                if again is not None and "crash" not in again:
                    seconds = min(seconds, float(str(again["seconds"])))
                if before is not None and "crash" not in before:
                    previous = min(previous, float(str(before["seconds"])))
            ms = seconds * 1000
            growth = "" if previous is None else f"×{seconds / previous:.2f}"
            ratio = float(str(result["out_bytes"])) / float(str(result["bytes"]))
            note = f"  refused: {result['error']}" if result["error"] else ""
            print(
                f"  {family:18s} {kb:7.0f} {ms:9.1f} {ms / kb:7.3f} {growth:>7s} {ratio:7.1f} "
                f"{float(str(result['peak_mb'])):8.0f}{note}",
                flush=True,
            )
            if previous is not None and seconds / previous > LIMIT:
                if ms < NOISE_MS:
                    print(f"    (growth ×{seconds / previous:.2f} at {ms:.0f} ms: too small to judge)")
                else:
                    line = f"FAIL {family} at {kb:.0f} KB: ×{seconds / previous:.2f} per doubling (limit ×{LIMIT})"
                    print(f"  !!! {line}", flush=True)
                    failures.append(line)
            previous = seconds
    if failures:
        print(f"\nFAIL: {len(failures)} problem(s):")
        for line in failures:
            print(f"  {line}")
    else:
        print(f"\nOK: every family grew at most ×{LIMIT} per doubling.")


if __name__ == "__main__":
    main()
