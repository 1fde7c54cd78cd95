"""Evaluation reports (总结评估 / 中期评估): the use case behind `planwatch evaluate`, the API and the page.

Reads the facts in one read-only transaction, builds the content (pure), and renders it in the asked
format. Options arrive as text from the CLI, forms and query strings; bad values get one Chinese
sentence saying what to write instead.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import Principal
from planwatch.domain.errors import InputError
from planwatch.evaluate import (
    Cutoff,
    Evaluation,
    EvaluationKind,
    EvaluationOptions,
    EvaluationRules,
    build_report,
)
from planwatch.evaluate.rules import rules_from_toml
from planwatch.render.docx_writer import render_docx
from planwatch.render.html_writer import render_html
from planwatch.render.json_writer import render_json
from planwatch.render.pdf import choose_fonts, docx_to_pdf, font_note, installed_families
from planwatch.render.xlsx_writer import render_xlsx
from planwatch.services.evaluation_facts import evaluation_facts
from planwatch.services.permissions import require_admin
from planwatch.services.plans import resolve_plan
from planwatch.store import transaction
from planwatch.store.views import PlanSummary

RULES_ENV = "PLANWATCH_EVALUATION_RULES"
_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


class ReportFormat(StrEnum):
    DOCX = "docx"
    XLSX = "xlsx"
    PDF = "pdf"
    HTML = "html"
    JSON = "json"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self]


MEDIA_TYPES = {
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.PDF: "application/pdf",
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.JSON: "application/json",
}


def parse_kind(text: str | None) -> EvaluationKind:
    if text is None or not text.strip():
        return EvaluationKind.FINAL
    try:
        return EvaluationKind(text.strip().lower())
    except ValueError:
        raise InputError(
            f"评估类型“{text}”无法识别，请写 final（总结评估）或 midterm（中期评估）。"
        ) from None


def parse_cutoff(text: str) -> Cutoff:
    """ "2025" → the end of 2025; "2023-06-30" → that date."""
    if match := _YEAR.match(text):
        return Cutoff(int(match.group(1)))
    if match := _DATE.match(text):
        try:
            day = datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise InputError(f"截止日期“{text}”不是有效日期，请写成 2023-06-30 这样的形式。") from None
        return Cutoff(day.year, day)
    raise InputError(f"截止时间“{text}”无法识别，请写年份（如 2025）或日期（如 2023-06-30）。")


def default_cutoff(plan: PlanSummary, kind: EvaluationKind) -> Cutoff:
    """Final: the plan's last year; mid-term: its third year (the usual mid-point of a five-year plan)."""
    today = datetime.date.today().year
    if kind is EvaluationKind.FINAL:
        return Cutoff(plan.period_end if plan.period_end is not None else today)
    if plan.period_start is not None:
        year = plan.period_start + 2
        return Cutoff(min(year, plan.period_end) if plan.period_end is not None else year)
    return Cutoff(today)


def check_cutoff(plan: PlanSummary, kind: EvaluationKind, cutoff: Cutoff) -> None:
    if plan.period_start is not None and cutoff.year < plan.period_start:
        raise InputError(f"截止时间早于规划期（{plan.period_start}年起），请选择规划期内或之后的时间。")
    if kind is EvaluationKind.FINAL and plan.period_end is not None and cutoff.data_year < plan.period_end:
        raise InputError(
            f"总结评估须按目标年（{plan.period_end}年）数据评价，截止时间不能早于{plan.period_end}年底；"
            "评估规划期中的进展请选择中期评估（--kind midterm）。"
        )
    if kind is EvaluationKind.MIDTERM and plan.period_end is not None and cutoff.year > plan.period_end:
        raise InputError(
            f"规划期已于{plan.period_end}年结束，中期评估的截止时间应在规划期内；规划期结束后请选择总结评估（--kind final）。"
        )


def load_rules(path: Path | None = None) -> EvaluationRules:
    """Rules from `path`, else from $PLANWATCH_EVALUATION_RULES, else the documented defaults."""
    chosen = (
        path if path is not None else (Path(os.environ[RULES_ENV]) if os.environ.get(RULES_ENV) else None)
    )
    if chosen is None:
        return EvaluationRules()
    try:
        text = chosen.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise InputError(
            f"无法读取评估规则文件 {chosen}，请检查路径（格式见 docs/evaluation-rules.toml）。"
        ) from None
    return rules_from_toml(text, f"评估规则文件 {chosen.name} ")


@dataclass(frozen=True, slots=True)
class EvaluationRequest:
    plan_id: int | None
    kind: EvaluationKind = EvaluationKind.FINAL
    cutoff: Cutoff | None = None
    rules: EvaluationRules | None = None


def evaluate_in_session(session: Session, request: EvaluationRequest) -> Evaluation:
    plan = resolve_plan(session, request.plan_id)
    cutoff = request.cutoff or default_cutoff(plan, request.kind)
    check_cutoff(plan, request.kind, cutoff)
    facts = evaluation_facts(session, plan, cutoff)
    options = EvaluationOptions(request.kind, cutoff, request.rules or EvaluationRules())
    return build_report(facts, options)


def evaluate_plan(factory: sessionmaker[Session], request: EvaluationRequest) -> Evaluation:
    """The evaluation report of a plan (default: the latest) as content, with its scorecards."""
    with transaction(factory, read_only=True) as session:
        return evaluate_in_session(session, request)


def parse_format(text: str | None) -> ReportFormat:
    if text is None or not text.strip():
        return ReportFormat.DOCX
    try:
        return ReportFormat(text.strip().lower())
    except ValueError:
        choices = "、".join(f.value for f in ReportFormat)
        raise InputError(f"输出格式“{text}”无法识别，请从 {choices} 中选择。") from None


def render_evaluation(evaluation: Evaluation, fmt: ReportFormat) -> bytes:
    """The report in one format. PDF goes through LibreOffice with free fonts standing in for the
    official ones; the PDF says which (its first page)."""
    report = evaluation.report
    if fmt is ReportFormat.DOCX:
        return render_docx(report)
    if fmt is ReportFormat.XLSX:
        return render_xlsx(report, evaluation.scorecards)
    if fmt is ReportFormat.HTML:
        return render_html(report).encode("utf-8")
    if fmt is ReportFormat.JSON:
        return render_json(report, evaluation.scorecards)
    choices = choose_fonts(installed_families())
    return docx_to_pdf(render_docx(report, font_note=font_note(choices)), choices)


def file_name(evaluation: Evaluation, fmt: ReportFormat) -> str:
    """A download name: 武汉市科技创新发展“十四五”规划总结评估报告（截至2025年底）.docx."""
    meta = evaluation.report.meta
    return f"{evaluation.report.title}（{meta.cutoff}）.{fmt.value}"


def draft_evaluation(
    factory: sessionmaker[Session],
    principal: Principal,
    plan_id: int,
    *,
    kind: str | None = None,
    as_of: str | None = None,
) -> Evaluation:
    """A draft report for the web page and the API: only the planning office (admins) sees drafts."""
    require_admin(principal)
    cutoff = parse_cutoff(as_of) if as_of and as_of.strip() else None
    request = EvaluationRequest(plan_id, parse_kind(kind), cutoff, load_rules())
    return evaluate_plan(factory, request)
