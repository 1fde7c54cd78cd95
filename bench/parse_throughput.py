"""Parse throughput: MB/s of text and documents per second, on the samples and a generated corpus.

The generated corpus (>= 200 plans) is built from the two sample plans by recombining their chapters,
renaming the city and perturbing every number, in sizes from ~10 KB to ~400 KB, so that cost can be
checked against size (the aim: a 100 KB plan well under 0.1 s, cost linear in size).

Run: make bench   (or: .venv/bin/python bench/parse_throughput.py [--plans 200])
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import statistics
import time
import tracemalloc
from pathlib import Path

from planwatch.domain.source import SourceFormat, SourceText
from planwatch.extract.pipeline import read_plan
from planwatch.extract.units import load_aliases

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "examples" / "plans").glob("*.txt"))
CITIES = ["襄阳", "宜昌", "长沙", "合肥", "南昌", "郑州", "成都", "西安", "济南", "杭州", "苏州", "青岛"]


def _source(text: str, name: str) -> SourceText:
    data = text.encode("utf-8")
    return SourceText(
        name, hashlib.sha256(data).hexdigest(), SourceFormat.TEXT, "utf-8", tuple(text.splitlines())
    )


def _chapters(text: str) -> tuple[str, list[str]]:
    parts = re.split(r"(?m)^(?=\s*第[一二三四五六七八九十]+章)", text)
    return parts[0], parts[1:]


def generate(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    base_head, chapters = _chapters(SAMPLES[-1].read_text(encoding="utf-8"))
    plans = []
    for k in range(count):
        city = CITIES[k % len(CITIES)]
        size = rng.choice([1, 2, 3, 4, 6, 8, 12, 16])  # chapters in this plan
        body = [rng.choice(chapters) for _ in range(size)]
        text = base_head.replace("武汉", city) + "".join(body).replace("武汉", city)
        text = re.sub(
            r"\d+(\.\d+)?", lambda m: str(round(float(m.group(0)) * rng.uniform(0.8, 1.2), 2)), text
        )
        plans.append(text)
    return plans


def measure(texts: list[str], aliases: dict[str, str]) -> list[tuple[int, float]]:
    results = []
    for i, text in enumerate(texts):
        source = _source(text, f"gen-{i}")
        start = time.perf_counter()
        read_plan(source, aliases)
        results.append((len(text.encode("utf-8")), time.perf_counter() - start))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=200)
    args = parser.parse_args()
    aliases = load_aliases()
    print("planwatch parse throughput (text already decoded; ingest excluded)")
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        runs = [measure([text], aliases)[0][1] for _ in range(5)]
        size = len(text.encode("utf-8"))
        best = min(runs)
        print(
            f"  {path.name:42s} {size / 1024:7.1f} KB  best {best * 1000:7.1f} ms  {size / best / 1e6:6.2f} MB/s"
        )
    corpus = generate(args.plans)
    results = measure(corpus, aliases)
    total_bytes = sum(b for b, _ in results)
    total_time = sum(t for _, t in results)
    print(
        f"  generated corpus: {len(results)} plans, {total_bytes / 1e6:.1f} MB in {total_time:.2f} s: "
        f"{total_bytes / total_time / 1e6:.2f} MB/s, {len(results) / total_time:.1f} documents/s"
    )
    per_kb = [t / (b / 1024) for b, t in results]
    small = [t / (b / 1024) for b, t in results if b < 100_000]
    large = [t / (b / 1024) for b, t in results if b >= 200_000]
    print(f"  cost per KB: median {statistics.median(per_kb) * 1000:.3f} ms")
    if small and large:
        ratio = statistics.median(large) / statistics.median(small)
        print(f"  linearity: per-KB cost of plans >= 200 KB / plans < 100 KB = {ratio:.2f} (1.0 = linear)")
    near_100 = [t for b, t in results if 80_000 <= b <= 120_000]
    if near_100:
        print(
            f"  plans of 80-120 KB: median {statistics.median(near_100) * 1000:.1f} ms (aim: well under 100 ms)"
        )
    tracemalloc.start()
    measure([max(corpus, key=len)], aliases)
    _, peak = tracemalloc.get_traced_memory()
    print(
        f"  peak Python memory parsing the largest plan ({len(max(corpus, key=len).encode()) / 1024:.0f} KB): {peak / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
