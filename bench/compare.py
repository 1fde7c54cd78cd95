"""Comparing two plans: two generated plans of 200 indicators and 1,000 task clauses each (aim < 1 s).

The generated plans share a vocabulary of sector, object and verb words, so names and clauses overlap
the way successive plans do: of plan A's indicators some reappear unchanged, some with a qualifier
(高价值, 国家级), some as a share or a growth rate, the rest are new or gone; of its clauses some are
reworded (shuffled words, another verb), the rest replaced. Prints the time of each step (median of
several runs) and the label counts. Figures are printed, never asserted.

Run: .venv/bin/python bench/compare.py [--indicators 200] [--tasks 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from planwatch.compare.carryover import align, tokens
from planwatch.compare.comparison import compare_plans
from planwatch.compare.continuity import with_continuity
from planwatch.compare.crosswalk import crosswalk
from planwatch.compare.model import ClauseFacts, Figure, IndicatorFacts, PlanFacts
from planwatch.domain.plan import IndicatorKind

SECTORS = ["光电子", "集成电路", "生物医药", "新能源汽车", "人工智能", "量子", "航空航天", "新材料", "节能环保", "数字经济", "智能制造", "现代农业", "医疗器械", "软件", "信息", "网络安全", "氢能", "北斗", "显示面板", "存储器", "激光", "机器人", "船舶", "轨道交通"]  # fmt: skip
OBJECTS = [
    "企业",
    "实验室",
    "研究中心",
    "平台",
    "孵化器",
    "基地",
    "园区",
    "专利",
    "成果",
    "项目",
    "人才",
    "机构",
    "联盟",
    "产值",
    "投资",
    "收入",
]
VERBS = ["加快", "推进", "支持", "培育", "建设", "完善", "提升", "引导", "布局", "突破", "壮大", "优化"]
UNITS = ("个", "家", "亿元", "%", "件", "人")
QUALIFIERS = ("高价值", "国家级", "规模以上", "每万人")


def _indicator(rng: random.Random, ref: str, name: str, unit: str, start: int) -> IndicatorFacts:
    base = rng.uniform(10, 1000)
    return IndicatorFacts(
        ref=ref,
        indicator_id=None,
        name=name,
        unit=unit,
        baseline_year=start - 1,
        baseline_value=base,
        target_year=start + 4,
        target_value=base * rng.uniform(1.1, 2.0),
        figures=tuple(Figure(start - 1 + k, base * (1 + 0.08 * k)) for k in range(6)),
    )


def _clause(rng: random.Random, node: int, words: list[str]) -> ClauseFacts:
    title = "".join(words[:3])
    text = "，".join("".join(rng.sample(words, 3)) for _ in range(8)) + "。"
    units = tuple(rng.sample(["市科技局", "市发改委", "市经信局", "市教育局", "市财政局"], 2))
    return ClauseFacts(node, title, text, title, units, line_start=node, line_end=node + 2)


def generate(n_indicators: int, n_tasks: int, seed: int = 7) -> tuple[PlanFacts, PlanFacts]:
    rng = random.Random(seed)
    a_inds: list[IndicatorFacts] = []
    b_inds: list[IndicatorFacts] = []
    names: set[str] = set()
    while len(a_inds) < n_indicators:
        name = f"{rng.choice(SECTORS)}{rng.choice(OBJECTS)}{rng.choice(['数量', '总额', '规模', ''])}"
        if name in names:
            name = f"{name}{len(names)}"
        names.add(name)
        unit = rng.choice(UNITS)
        a_inds.append(_indicator(rng, f"a{len(a_inds)}", name, unit, 2021))
        fate = rng.random()
        j = f"b{len(b_inds)}"
        if fate < 0.35:
            b_inds.append(_indicator(rng, j, name, unit, 2026))
        elif fate < 0.5:
            b_inds.append(_indicator(rng, j, f"{rng.choice(QUALIFIERS)}{name}", unit, 2026))
        elif fate < 0.6:
            b_inds.append(_indicator(rng, j, f"{name}占GDP比重", "%", 2026))
        elif fate < 0.7:
            b = _indicator(rng, j, f"{name}年均增长", "%", 2026)
            b_inds.append(replace(b, kind=IndicatorKind.GROWTH, baseline_value=8.0, target_value=10.0))
    while len(b_inds) < n_indicators:
        b_inds.append(
            _indicator(rng, f"b{len(b_inds)}", f"新增{rng.choice(SECTORS)}指标{len(b_inds)}", "个", 2026)
        )
    a_clauses: list[ClauseFacts] = []
    b_clauses: list[ClauseFacts] = []
    for k in range(n_tasks):
        words = [
            rng.choice(VERBS),
            rng.choice(SECTORS),
            rng.choice(OBJECTS),
            rng.choice(SECTORS),
            rng.choice(OBJECTS),
        ]
        a_clauses.append(_clause(rng, k, words))
        if rng.random() < 0.6:
            reworded = [rng.choice(VERBS), *rng.sample(words[1:], 4)]
            b_clauses.append(_clause(rng, 10_000 + k, reworded))
    while len(b_clauses) < n_tasks:
        words = [rng.choice(VERBS), rng.choice(SECTORS), rng.choice(OBJECTS), rng.choice(SECTORS), "示范"]
        b_clauses.append(_clause(rng, 20_000 + len(b_clauses), words))
    a = PlanFacts(
        1, "生成的上期规划", 2021, 2025, "十四五", tuple(a_inds), tuple(a_clauses), tuple(a_clauses[:200])
    )
    b = PlanFacts(
        2, "生成的本期规划", 2026, 2030, "十五五", tuple(b_inds), tuple(b_clauses), tuple(b_clauses[:200])
    )
    return a, b


def timed(step: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    a, b = generate(args.indicators, args.tasks)
    start = time.perf_counter()
    for clause in (*a.clauses, *b.clauses):
        tokens(f"{clause.title} {clause.title} {clause.text}")
    first_cut = time.perf_counter() - start
    print(f"两期生成规划：各 {args.indicators} 个指标、{args.tasks} 条任务（中位数，{args.runs} 次）")
    print(f"  首次分词（rjieba，{len(a.clauses) + len(b.clauses)} 条，之后缓存）：{first_cut * 1000:.0f} ms")
    rows = crosswalk(a.indicators, b.indicators)
    print(
        f"  指标对应 crosswalk：{timed(lambda: crosswalk(a.indicators, b.indicators), args.runs) * 1000:.0f} ms"
    )
    print(f"  衔接与雄心 continuity：{timed(lambda: with_continuity(rows, a, b), args.runs) * 1000:.0f} ms")
    print(f"  任务对齐 align：{timed(lambda: align(a.clauses, b.clauses), args.runs) * 1000:.0f} ms")
    total = timed(lambda: compare_plans(a, b), args.runs)
    print(f"  整体 compare_plans（含专栏 200×200）：{total * 1000:.0f} ms")
    counts = Counter(r.label.value for r in rows)
    print("  指标对应结果：" + "，".join(f"{k} {v}" for k, v in sorted(counts.items())))
    carried = Counter(r.label.value for r in align(a.clauses, b.clauses))
    print("  任务对齐结果：" + "，".join(f"{k} {v}" for k, v in sorted(carried.items())))


if __name__ == "__main__":
    main()
