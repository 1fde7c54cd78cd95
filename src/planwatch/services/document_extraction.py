"""Proposing and storing observations read from a document (统计公报, 政府工作报告, summary).

Three steps, so that an entry point can show the proposals and ask in between:

1. `read_document` reads the file with the plan reader and keeps its figures with years
   (`datasets.document_observations`);
2. `propose_document_observations` picks the plan (the one given, else the newest plan of the area the
   document names) and proposes, for every figure, the plan series its name may mean — through
   `observation_import.propose_mappings`, the very confirm-and-remember name mapping of CSV import, so a
   name confirmed once (for a file or a document) is reused for both. Candidates whose unit cannot
   measure the figure (户 for an indicator counted in 家, % for a level), and candidates scoring below
   `DOCUMENT_MIN_SCORE`, are dropped. A document already
   imported for the plan is recognised by its sha256 and its stored figures are marked, not proposed again;
3. `store_document_figures` stores the figures the user accepted, in one transaction, each with the
   document's title as source, the sentence as quote and the file line in `document_observations`.

Nothing is written before step 3. Who may do what (the web's reporters propose, the planning office
accepts) is decided by the caller: `who`, the review state, whether mappings are remembered, and the
series the principal may write to.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from planwatch.datasets.document_observations import (
    DocumentFigure,
    DocumentReading,
    document_area,
    figure_note,
    figure_records,
    read_document_figures,
)
from planwatch.domain.errors import NotAPlanError, PlanwatchError
from planwatch.domain.records import ObservationOrigin, ReviewState
from planwatch.services.indicator_names import units_compatible
from planwatch.services.observation_entry import plan_series
from planwatch.services.observation_import import AUTO_ACCEPT_SCORE, Candidate, propose_mappings
from planwatch.services.parsing import parse_plan_file
from planwatch.services.plans import newest_first
from planwatch.store import NotFoundError, add_observation, confirm_mapping, list_plans, transaction
from planwatch.store.document_sources import (
    DocumentSourceOut,
    StoredFigure,
    ensure_document_source,
    find_document_source,
    link_observation,
    stored_figures,
)
from planwatch.store.models import ObservationRow
from planwatch.store.views import PlanSummary

logger = logging.getLogger(__name__)

DOCUMENT_MIN_SCORE = 80.0
"""A document states dozens of figures that are no indicator of the plan (GDP, population, prices); a
candidate scoring below this (第一产业增加值 ~ 规上高新技术产业增加值 scores 75) is noise, not a proposal."""


class DocumentUnreadableError(PlanwatchError):
    """The file was read but holds no text the reader can use (a scan, a blank document)."""

    exit_code = 3


class NoPlanForDocumentError(PlanwatchError):
    """No stored plan to propose the document's figures for."""

    exit_code = 5


class NoMatchingFiguresError(PlanwatchError):
    """The document states no figure that may be one of the plan's indicators."""

    exit_code = 4


@dataclass(frozen=True, slots=True)
class FigureProposal:
    """One figure of the document with the plan series it may be.

    `suggested` is the remembered mapping of its name, else the best candidate scoring at least
    `AUTO_ACCEPT_SCORE` (what --yes accepts); `stored` is True when this very figure of this document is
    already stored for the plan.
    """

    figure: DocumentFigure
    candidates: tuple[Candidate, ...]
    suggested: Candidate | None
    remembered: bool
    stored: bool
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ExtractionProposal:
    """Everything the confirmation step shows: the document, the plan and the proposals."""

    reading: DocumentReading
    plan: PlanSummary
    area: str | None  # the area the document names, if it names a stored plan's area
    known: DocumentSourceOut | None  # the same file imported for this plan before
    proposals: tuple[FigureProposal, ...]  # figures with at least one candidate, document order
    unmatched: int  # figures with no candidate at all
    units: Mapping[int, str]  # the plan's series → unit, for figures stated without one

    @property
    def open(self) -> tuple[FigureProposal, ...]:
        """Proposals not yet stored from this document."""
        return tuple(p for p in self.proposals if not p.stored)


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """What storing did."""

    plan: PlanSummary
    document_title: str
    added: int
    skipped_duplicates: int
    review: ReviewState
    remembered: tuple[str, ...]  # names whose mapping was confirmed now


def read_document(path: Path, *, time_budget: float | None = None) -> DocumentReading:
    """Read a bulletin, work report or summary into its figures (`time_budget` as in `parse_plan_file`)."""
    try:
        plan = parse_plan_file(path, time_budget=time_budget)
    except NotAPlanError as exc:
        raise DocumentUnreadableError(
            f"无法从文件“{path.name}”中读出可用的文字：请确认它是统计公报、政府工作报告或工作总结的文本"
            "（.txt .docx .pdf .html），而不是扫描件或空白文档。",
            detail=exc.message,
        ) from None
    return read_document_figures(plan)


def _choose_plan(
    session: Session, reading: DocumentReading, plan_id: int | None
) -> tuple[PlanSummary, str | None]:
    plans = list_plans(session)
    if not plans:
        raise NoPlanForDocumentError(
            "数据库中还没有规划，请先运行 planwatch import 导入规划文件，再提取数据。"
        )
    area = document_area(reading.opening, [p.scope or "" for p in plans])
    if plan_id is not None:
        for plan in plans:
            if plan.id == plan_id:
                return plan, area
        raise NoPlanForDocumentError(
            f"找不到编号为 {plan_id} 的规划，请运行 planwatch plans 查看已导入规划的编号。"
        )
    if area is None:
        raise NoPlanForDocumentError(
            f"文件“{reading.filename}”没有写明与已导入规划相同的地区，无法确定数据属于哪个规划，"
            "请用 --plan 指定规划编号（planwatch plans 可查看编号）。"
        )
    return newest_first(p for p in plans if p.scope == area)[0], area


def _stored(session: Session, known: DocumentSourceOut | None) -> list[StoredFigure]:
    return stored_figures(session, known.id) if known is not None else []


def _is_stored(figure: DocumentFigure, stored: list[StoredFigure]) -> bool:
    return any(
        s.metric == figure.metric and s.year == figure.year and s.value == figure.value for s in stored
    )


def propose_document_observations(
    factory: sessionmaker[Session],
    reading: DocumentReading,
    plan_id: int | None,
    *,
    writable: frozenset[int] | None = None,
    threshold: float = AUTO_ACCEPT_SCORE,
) -> ExtractionProposal:
    """Propose plan series for the document's figures (nothing is written); `writable` limits the series."""
    with transaction(factory, read_only=True) as session:
        plan, area = _choose_plan(session, reading, plan_id)
        known = find_document_source(session, plan.id, reading.sha256)
        stored = _stored(session, known)
        units = {s.id: s.unit for s in plan_series(session, plan.id)}
    mapping = propose_mappings(factory, plan.id, figure_records(reading))
    by_name = {name.external_name: name for name in mapping.names}
    proposals: list[FigureProposal] = []
    unmatched = 0
    for figure in reading.figures:
        name = by_name[figure.metric]
        fits = [
            c
            for c in name.candidates
            if c.score >= DOCUMENT_MIN_SCORE
            and units_compatible(figure.unit, units.get(c.indicator_id, ""))
            and (writable is None or c.indicator_id in writable)
        ]
        remembered = name.remembered
        if remembered is not None and not units_compatible(
            figure.unit, units.get(remembered.indicator_id, "")
        ):
            remembered = None
        if remembered is not None and writable is not None and remembered.indicator_id not in writable:
            remembered = None
        candidates = (
            tuple(fits)
            if remembered is None
            else (remembered, *[c for c in fits if c.indicator_id != remembered.indicator_id])
        )
        if not candidates:
            unmatched += 1
            continue
        suggested = remembered or (candidates[0] if candidates[0].score >= threshold else None)
        proposals.append(
            FigureProposal(
                figure=figure,
                candidates=candidates,
                suggested=suggested,
                remembered=remembered is not None,
                stored=_is_stored(figure, stored),
                note=name.note,
            )
        )
    return ExtractionProposal(reading, plan, area, known, tuple(proposals), unmatched, units)


def store_document_figures(
    factory: sessionmaker[Session],
    proposal: ExtractionProposal,
    accepted: Mapping[int, int],
    *,
    who: str,
    review: ReviewState = ReviewState.ACCEPTED,
    remember: bool = True,
) -> ExtractionResult:
    """Store the accepted figures (figure index → indicator id) in one transaction.

    Only figures of `proposal` that are still open may be stored, each on one of its candidates (a
    tampered form cannot put a figure on another series). With `remember`, the name → indicator choices
    are remembered for the next document or data file, as in CSV import. A figure identical to a stored
    one (same series, year, value, source and quote) is skipped.
    """
    reading, plan = proposal.reading, proposal.plan
    offered = {p.figure.index: p for p in proposal.open}
    for index, indicator_id in accepted.items():
        item = offered.get(index)
        if item is None:
            raise NotFoundError(f"文件中没有编号为 {index} 的待确认数字（可能已导入），请刷新页面后重试。")
        if indicator_id not in {c.indicator_id for c in item.candidates}:
            raise NotFoundError(
                f"“{item.figure.metric}”不能对应到编号为 {indicator_id} 的指标，请从列出的候选指标中选择。"
            )
    added = skipped = 0
    remembered: list[str] = []
    with transaction(factory) as session:
        document_id = None
        for index, indicator_id in sorted(accepted.items()):
            figure = offered[index].figure
            known = offered[index].suggested if offered[index].remembered else None
            already = known is not None and known.indicator_id == indicator_id
            if remember and not already and figure.metric not in remembered:
                confirm_mapping(session, plan.id, figure.metric, indicator_id, who=who)
                remembered.append(figure.metric)
            if _duplicate(session, indicator_id, figure, reading.title):
                skipped += 1
                continue
            if document_id is None:
                document_id = ensure_document_source(
                    session,
                    plan.id,
                    sha256=reading.sha256,
                    title=reading.title,
                    filename=reading.filename,
                    kind=reading.kind.value,
                    year=reading.year,
                    who=who,
                )
            created = add_observation(
                session,
                indicator_id,
                figure.year,
                figure.value,
                figure.unit or proposal.units.get(indicator_id, ""),
                who=who,
                scope=proposal.area if proposal.area != plan.scope else None,
                source=reading.title,
                source_quote=figure.quote,
                status=figure.status,
                qualifier=figure.qualifier,
                note=figure_note(reading, figure),
                origin=ObservationOrigin.IMPORT,
                review=review,
            )
            link_observation(session, document_id, created.id, line=figure.line, metric=figure.metric)
            added += 1
    logger.info(
        "document %s into plan %d: %d added, %d duplicates", reading.sha256[:8], plan.id, added, skipped
    )
    return ExtractionResult(plan, reading.title, added, skipped, review, tuple(remembered))


def _duplicate(session: Session, indicator_id: int, figure: DocumentFigure, source: str) -> bool:
    found = session.scalar(
        select(ObservationRow.id)
        .where(
            ObservationRow.indicator_id == indicator_id,
            ObservationRow.year == figure.year,
            ObservationRow.value == figure.value,
            ObservationRow.source == source,
            ObservationRow.source_quote == figure.quote,
        )
        .limit(1)
    )
    return found is not None
