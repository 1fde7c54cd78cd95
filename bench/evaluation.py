"""Evaluation report generation: content, DOCX, XLSX and PDF, timed separately.

1. The 14th Wuhan sample as `make demo` loads it (both plans, the sample observations, SQLite in a
   temporary directory): reading the facts from the database and building the content
   (`evaluate_plan`), then each writer.
2. A generated plan of 200 indicators (figures for 2019–2025, some provisional, some bounds) and 500
   tasks in 10 chapters (with 1,500 progress reports) and 40 boxes: the content is built from facts
   directly (pure `build_report`), then each writer. The aim is content + DOCX + XLSX under 2 s.

PDF needs LibreOffice (`make system-deps`); it is skipped with a note when missing. Figures are printed,
never asserted. Run: .venv/bin/python bench/evaluation.py [--runs 3] [--no-pdf]
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from planwatch.domain.errors import PlanwatchError
from planwatch.domain.plan import Attribute, Comparator, IndicatorKind
from planwatch.domain.progress import ProgressStatus
from planwatch.domain.records import IndicatorOrigin, ObservationStatus, Qualifier, ReportStatus
from planwatch.evaluate import (
    Cutoff,
    Evaluation,
    EvaluationFacts,
    EvaluationKind,
    EvaluationOptions,
    build_report,
)
from planwatch.evaluate.facts import Figure, IndicatorFacts, PlanFacts, ProjectFacts, ReportFact, TaskFacts
from planwatch.render.docx_writer import render_docx
from planwatch.render.pdf import soffice
from planwatch.render.xlsx_writer import render_xlsx
from planwatch.services import (
    import_observation_file,
    open_database,
    parse_plan_file,
    propose_mappings,
    read_observations,
)
from planwatch.services.evaluation import EvaluationRequest, ReportFormat, evaluate_plan, render_evaluation
from planwatch.services.plans import store_plan

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "examples" / "plans"
OBSERVATIONS = ROOT / "examples" / "data" / "wuhan_observations.csv"


def timed(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def sample(workdir: Path, runs: int, pdf: bool) -> None:
    url = f"sqlite:///{workdir / 'demo.db'}"
    with open_database(url) as db:
        ids = [store_plan(db.factory, parse_plan_file(p))[0].id for p in sorted(PLANS.glob("*.txt"))]
        file = read_observations(OBSERVATIONS)
        for plan_id in ids:
            proposal = propose_mappings(db.factory, plan_id, file)
            mapping = {
                n.external_name: c.indicator_id
                for n in proposal.names
                if n.remembered is None and (c := n.auto_choice()) is not None
            }
            import_observation_file(db.factory, plan_id, file, mapping, who="bench")
        request = EvaluationRequest(ids[-1], EvaluationKind.FINAL, Cutoff(2025))
        evaluation = evaluate_plan(db.factory, request)
        content = timed(lambda: evaluate_plan(db.factory, request), runs)
        report(
            "1. 14th Wuhan sample, final evaluation (facts from SQLite + content)",
            evaluation,
            content,
            runs,
            pdf,
        )


def report(title: str, evaluation: Evaluation, content: float, runs: int, pdf: bool) -> None:
    docx = timed(lambda: render_evaluation(evaluation, ReportFormat.DOCX), runs)
    xlsx = timed(lambda: render_evaluation(evaluation, ReportFormat.XLSX), runs)
    html = timed(lambda: render_evaluation(evaluation, ReportFormat.HTML), runs)
    size = len(render_docx(evaluation.report)), len(render_xlsx(evaluation.report, evaluation.scorecards))
    print(title)
    print(f"   content {ms(content)}   DOCX {ms(docx)}   XLSX {ms(xlsx)}   HTML {ms(html)}")
    print(
        f"   content + DOCX + XLSX {ms(content + docx + xlsx)}   (DOCX {size[0] / 1024:.0f} KiB, XLSX {size[1] / 1024:.0f} KiB)"
    )
    if pdf:
        try:
            soffice()
        except PlanwatchError as exc:
            print(f"   PDF skipped: {exc.message}")
            return
        start = time.perf_counter()
        data = render_evaluation(evaluation, ReportFormat.PDF)
        print(
            f"   PDF (LibreOffice headless, one run) {ms(time.perf_counter() - start)}  ({len(data) / 1024:.0f} KiB)"
        )


def generated_facts(indicators: int, tasks: int, seed: int = 7) -> EvaluationFacts:
    rng = random.Random(seed)
    plan = PlanFacts(
        1, "测试市科技创新发展“十四五”规划", "测试市", 2021, 2025, "《测试市科技创新发展“十四五”规划》"
    )
    units = [f"市第{i}局" for i in range(1, 41)]
    statuses = list(ProgressStatus)
    rows = []
    observation = 0
    for i in range(indicators):
        base = rng.uniform(50, 5000)
        target = base * rng.uniform(1.1, 2.0)
        figures = []
        for year in range(2019, 2026):
            if rng.random() < 0.15:
                continue
            observation += 1
            figures.append(
                Figure(
                    observation, year, round(base * (1 + 0.08 * (year - 2020)), 2), "个",
                    Qualifier.LOWER_BOUND if rng.random() < 0.1 else Qualifier.EXACT,
                    ObservationStatus.PRELIMINARY if rng.random() < 0.1 else ObservationStatus.FINAL,
                    "测试市", f"https://stats.example/{i}/{year}", None, f"指标{i}", None,
                )
            )  # fmt: skip
        rows.append(
            IndicatorFacts(
                key=f"indicator:{i}", indicator_id=i, name=f"监测指标{i:03d}", unit="个",
                attribute=Attribute.BINDING if i % 10 == 0 else Attribute.EXPECTED, kind=IndicatorKind.LEVEL,
                origin=IndicatorOrigin.TABLE, comparator=Comparator.GE, baseline_year=2020, baseline_value=base,
                baseline_text=f"{base:.0f}", baseline_observation=None, target_year=2025, target_value=target,
                target_text=f"{target:.0f}", line_start=100 + i, line_end=100 + i, figures=tuple(figures),
                breaks=(2016,) if i % 50 == 0 else (), status=rng.choice(statuses), reason="",
                status_year=figures[-1].year if figures else None, expected=None, growth=None, forecast=None,
                units=tuple(rng.sample(units, 3)),
            )
        )  # fmt: skip
    task_rows = []
    report_id = 0
    for t in range(tasks):
        reports = []
        for year in (2021, 2022, 2023):
            if rng.random() < 0.8:
                report_id += 1
                reports.append(
                    ReportFact(
                        report_id, units[t % 40], str(year), year, rng.choice(list(ReportStatus)),
                        "按计划推进，完成年度目标。" * 3, None, datetime.date(year + 1, 1, rng.randint(1, 28)),
                    )
                )  # fmt: skip
        task_rows.append(
            TaskFacts(
                t, f"第{t % 10 + 1}章 重点任务", f"（{t % 7 + 1}） 任务{t}", "推进重点工作", units[t % 40],
                tuple(rng.sample(units, 4)), 1000 + t * 10, 1000 + t * 10 + 9, tuple(reports),
            )
        )  # fmt: skip
    projects = tuple(
        ProjectFacts(f"专栏 {b // 4 + 1}-{b % 4 + 1} 重大平台{b}", f"项目{b}-{k}", "平台", (units[b % 40],), 1000 + b * 120 + k, 1000 + b * 120 + k)
        for b in range(40)
        for k in range(5)
    )  # fmt: skip
    return EvaluationFacts(plan, tuple(rows), tuple(task_rows), projects, "bench")


def generated(runs: int, pdf: bool) -> None:
    facts = generated_facts(200, 500)
    options = EvaluationOptions(EvaluationKind.MIDTERM, Cutoff(2023))
    evaluation = build_report(facts, options)
    content = timed(lambda: build_report(facts, options), runs)
    report(
        "2. generated plan: 200 indicators, 500 tasks, 1,200 reports, 200 projects (pure content)",
        evaluation,
        content,
        runs,
        pdf,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="planwatch-bench-evaluation-"))
    try:
        sample(workdir, args.runs, not args.no_pdf)
        generated(args.runs, not args.no_pdf)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
