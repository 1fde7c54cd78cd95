"""Documents as observation sources: the past figures a bulletin or work report states, as observation records.

A statistical bulletin (统计公报), a government work report (政府工作报告) or a department's summary states
last year's figures in sentences ("高新技术企业突破1.7万家"). The plan reader already finds them, with their
year, unit, sentence and line (`Plan.observations`); this stage turns each into a `DocumentFigure` that
says how firm the figure is and where it came from, and into the `ObservationRecord`s that the CSV import's
name mapping works on — so a document's metric names are mapped to plan indicators by exactly the same
confirm-and-remember rules as a data file's. Pure: no database, no files.

Rules (each small, so a wrong proposal can be traced to a line here):

* **Which figures.** Past figures with a year. A figure whose year the reader could not resolve stays out:
  a figure on the wrong year is worse than none.
* **Qualifier.** The words next to the number in its sentence, by `observation_rules.infer_qualifier`
  (the CSV import's rule): 突破/超过/超/逾 before or 以上/多 after → lower bound; 约/近 before or 左右 after
  → approximate; 不到/不足 before or 以下/以内 after → upper bound; otherwise exact.
* **Status.** A bulletin publishes the settled figures of its year → final. A work report is written in
  January, before the statistics are settled → preliminary. Any figure whose sentence says 预计 (or
  推算/估计) is an estimate, whatever the document. Other documents (summaries, plans) → preliminary.
* **Source.** The document's title when it names what the document is (公报, 报告, 总结, …); otherwise the
  file name with the kind and year the reader recognised, so a work report whose first line is its date
  line is still cited recognisably. The file's sha256 identifies the document itself.
* **Area.** The document belongs to the stored plan whose area (武汉市) it names in its title, else in
  its first lines; a document naming no stored plan's area has no default plan.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from planwatch.datasets.observation_files import ObservationFile
from planwatch.datasets.observation_rules import infer_qualifier
from planwatch.domain.plan import DocumentKind, PastFigure, Plan
from planwatch.domain.records import ObservationRecord, ObservationStatus, Qualifier

AREA_LINES = 20  # how many opening lines may name the document's area when its title does not

KIND_LABELS: dict[DocumentKind, str] = {
    DocumentKind.FIVE_YEAR_PLAN: "五年规划",
    DocumentKind.ACTION_PLAN: "行动计划",
    DocumentKind.ANNUAL_PLAN: "年度工作要点",
    DocumentKind.WORK_REPORT: "政府工作报告",
    DocumentKind.TASK_BREAKDOWN: "任务分解",
    DocumentKind.STATISTICAL_BULLETIN: "统计公报",
    DocumentKind.OTHER: "文件",
}
_TITLE_WORDS = ("公报", "报告", "总结", "规划", "计划", "方案", "要点", "通报", "公告")
_ESTIMATE_WORDS = ("预计", "推算", "估计", "预估")


@dataclass(frozen=True, slots=True)
class DocumentFigure:
    """One past figure of the document, ready to be proposed as an observation.

    `index` is its position among the document's figures (stable for the same file, so a web form can
    name it); `quote` is the sentence as the reader quoted it and `mark` the character span of the figure
    in `quote` (for highlighting), or None when the figure's own wording cannot be found in it.
    """

    index: int
    metric: str
    year: int
    value: float
    unit: str
    qualifier: Qualifier
    status: ObservationStatus
    line: int
    quote: str
    value_text: str
    mark: tuple[int, int] | None
    base_year: int | None = None


@dataclass(frozen=True, slots=True)
class DocumentReading:
    """What a document offers as observations: its identity and its figures with years."""

    path: str
    filename: str
    sha256: str
    title: str  # as the source is cited (see the module docstring)
    kind: DocumentKind
    year: int | None
    figures: tuple[DocumentFigure, ...]
    opening: tuple[str, ...]  # the title and first lines, to find the document's area

    def figure(self, index: int) -> DocumentFigure | None:
        return self.figures[index] if 0 <= index < len(self.figures) else None


def figure_status(kind: DocumentKind, sentence: str) -> ObservationStatus:
    """How settled a figure is, from the document kind and its sentence (see the module docstring)."""
    if any(word in sentence for word in _ESTIMATE_WORDS):
        return ObservationStatus.ESTIMATE
    if kind is DocumentKind.STATISTICAL_BULLETIN:
        return ObservationStatus.FINAL
    return ObservationStatus.PRELIMINARY


def source_title(title: str, filename: str, kind: DocumentKind, year: int | None) -> str:
    """How the document is cited as a source: its title if it says what it is, else name, kind and year."""
    cleaned = " ".join(title.split())
    if cleaned and any(word in cleaned for word in _TITLE_WORDS):
        return cleaned
    when = f"{year}年" if year is not None else ""
    return f"{filename}（{when}{KIND_LABELS[kind]}）"


def figure_mark(quote: str, value_text: str) -> tuple[int, int] | None:
    """Where the figure's own wording stands in its quote (the first occurrence), for highlighting."""
    if not value_text:
        return None
    start = quote.find(value_text)
    return (start, start + len(value_text)) if start >= 0 else None


def document_figure(index: int, figure: PastFigure, kind: DocumentKind) -> DocumentFigure | None:
    """A reader's past figure as a proposable figure; None when it has no year."""
    if figure.year is None:
        return None
    return DocumentFigure(
        index=index,
        metric=figure.metric.strip(),
        year=figure.year,
        value=figure.value,
        unit=figure.unit,
        qualifier=infer_qualifier(figure.value, figure.sentence, ""),
        status=figure_status(kind, figure.sentence),
        line=figure.lines.start,
        quote=figure.sentence,
        value_text=figure.value_text,
        mark=figure_mark(figure.sentence, figure.value_text),
        base_year=figure.base_year,
    )


def read_document_figures(plan: Plan) -> DocumentReading:
    """The figures a read document offers, with the document's identity (see the module docstring)."""
    info = plan.document
    kind = info.kind if info is not None else DocumentKind.OTHER
    year = info.year if info is not None else None
    filename = PurePath(plan.source.path).name
    figures: list[DocumentFigure] = []
    for figure in plan.observations:
        proposed = document_figure(len(figures), figure, kind)
        if proposed is not None:
            figures.append(proposed)
    opening = (plan.title, *plan.source.lines[:AREA_LINES])
    return DocumentReading(
        path=plan.source.path,
        filename=filename,
        sha256=plan.source.sha256,
        title=source_title(plan.title, filename, kind, year),
        kind=kind,
        year=year,
        figures=tuple(figures),
        opening=opening,
    )


def figure_note(reading: DocumentReading, figure: DocumentFigure) -> str:
    """The note stored with an extracted observation: which file and line it was read from."""
    return f"从文件“{reading.filename}”第 {figure.line} 行提取（sha256 {reading.sha256[:12]}…）"


def figure_records(reading: DocumentReading) -> ObservationFile:
    """The figures as observation records (`row` = figure index), for the CSV import's name mapping."""
    records = tuple(
        ObservationRecord(
            indicator_name=figure.metric,
            year=figure.year,
            value=figure.value,
            unit=figure.unit,
            scope=None,
            source=reading.title,
            source_quote=figure.quote,
            note=figure_note(reading, figure),
            status=figure.status,
            qualifier=figure.qualifier,
            row=figure.index,
        )
        for figure in reading.figures
    )
    return ObservationFile(path=reading.path, records=records)


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def document_area(opening: Sequence[str], areas: Iterable[str]) -> str | None:
    """The area (of `areas`, the stored plans' areas) the document names: in its title, else its first lines.

    The longest name wins where several match (武汉市武昌区 over 武汉市), so a district's report is taken
    for the district's plan when one is stored.
    """
    names = sorted({a for a in areas if a}, key=len, reverse=True)
    if not opening:
        return None
    title, lines = _fold(opening[0]), _fold("".join(opening[1:]))
    for text in (title, lines):
        for name in names:
            if _fold(name) in text:
                return name
    return None
