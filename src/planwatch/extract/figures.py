"""Quantitative targets and past figures in the running text.

Each sentence is read clause by clause. A quantity gets its year from the nearest time phrase before it
in the sentence (years in comparisons such as "比2015年增长" or inside 《》 do not count), or from a
parallel from–to clause ("从2015年的68.19亿元提高到2020年的152.67亿元，…比重从3.02%上升到3.51%"), or,
failing both, from the section: a review section speaks of the year before the plan period, a goal
section of its last year. A figure about the past is never a target; a forecast (预计) is neither.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from planwatch.domain.limits import Deadline, check_deadline, check_facts
from planwatch.domain.plan import (
    Comparator,
    DocumentInfo,
    DocumentKind,
    Node,
    NodeKind,
    PastFigure,
    Period,
    Target,
)
from planwatch.domain.quantity import Quantity
from planwatch.extract.context import Tense, node_context
from planwatch.extract.metrics import metric_after, metric_before, share_after
from planwatch.extract.quotes import BodyMap, quote
from planwatch.extract.responsibilities import kept_spans
from planwatch.extract.subjects import (
    carried_subject,
    heading_subject,
    lead_measure,
    level_name,
    sentence_subject,
)
from planwatch.extract.years import heading_year, year_words
from planwatch.normalize.brackets import blank_unclosable
from planwatch.normalize.numbers import find_quantities

_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
_LETTER = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_QUOTED = re.compile(r"《[^》]*》|（[^（）]*）|\([^()]*\)")
_CLAUSE_BREAK = re.compile(r"[，,；;：:、]")
_YEAR = re.compile(r"(?<![\d〔（(比较])((?:19|20)\d\d)\s*年(?![\d—\-~～至到]*\s*年)")
_PERIOD_END = re.compile(r"“?[十一二三四五六七八九]{1,3}五”?\s*(末|期末|时期末)")
_FROM_TO = re.compile(r"[从由]")
_TO = re.compile(r"(提高|上升|增加|增长|提升|扩大|发展|跃升|下降|减少|降低)?(到|至)")
_CHANGE_BEFORE = re.compile(
    r"(净增|新增|增长|增加了|提高了|上升了|下降|减少|降低|增幅|增速为|比[^，；。]{0,12}(增长|提高|增加))$"
)
_FORECAST = re.compile(r"预计|预测|估计")
_FUTURE = re.compile(
    r"到|力争|达到|突破|超过|实现|控制在|保持在|不低于|不超过|以上|以下|提高到|增加到|建成|培育|新增"
)
_GE = ("突破", "超过", "以上", "不低于", "达到", "达", "提高到", "增加到", "提升到", "高于", "力争")
_LE = ("以下", "控制在", "不超过", "不高于", "以内", "低于", "降低到", "下降到", "减少到")
_APPROX = ("左右", "约")
_SKIP_UNITS = frozenset({"个百分点", "倍"})
_ANNUAL_SKIP_UNITS = frozenset({"倍"})  # a bulletin's "提高1.99个百分点" is a figure of its own
_ANNUAL = (
    DocumentKind.WORK_REPORT,
    DocumentKind.STATISTICAL_BULLETIN,
    DocumentKind.ANNUAL_PLAN,
    DocumentKind.TASK_BREAKDOWN,
)
_BUILD_VERB = re.compile(r"(建设|建成|培育|引进|组建|新建|打造|设立)$")
_RATIO_AFTER = re.compile(r"\s*[:：]\s*\d")
_RATIO_BEFORE = re.compile(r"\d\s*[:：]\s*$")
_PLANNED = re.compile(r"^(安排|为宜|为目标)")
_LIST_NEXT = re.compile(r"^[和及与]\s*[\d０-９]")
_DIGIT = re.compile(r"[\d０-９]")
_QUANTIFIER = re.compile(r"首批|第一批|新一批|一批|首期")
_VERB_ONLY = re.compile(r"(累计|总计|合计|共|已)?(达到|达|突破|超过|为|是|至)")
_RUN_IN_KINDS = (NodeKind.ITEM, NodeKind.SUBITEM, NodeKind.POINT)
_GOAL_SENTENCE = re.compile(r"预期目标|主要目标|目标是|目标为")
_BASE_YEAR = re.compile(r"比((?:19|20)\d\d)年")
_BUILD_VERB = re.compile(r"(建设|建成|培育|引进|组建|新建|打造|设立)$")
_RATIO_AFTER = re.compile(r"\s*[:：]\s*\d")
_RATIO_BEFORE = re.compile(r"\d\s*[:：]\s*$")
_PLANNED = re.compile(r"^(安排|为宜|为目标)")
_LIST_NEXT = re.compile(r"^[和及与]\s*[\d０-９]")
_DIGIT = re.compile(r"[\d０-９]")
_QUANTIFIER = re.compile(r"首批|第一批|新一批|一批|首期")
_VERB_ONLY = re.compile(r"(累计|总计|合计|共|已)?(达到|达|突破|超过|为|是|至)")
_RUN_IN_KINDS = (NodeKind.ITEM, NodeKind.SUBITEM, NodeKind.POINT)
MAX_CLAUSE_CHARS = 120  # a metric is read from at most this much of the clause before its figure
_HEAD_CHARS = 24  # the start of a clause that says it is a change (新增, 比…增长)
_TAIL_CHARS = 64  # what follows a figure that the rules look at (以上, a noun after the unit)


@dataclass(frozen=True, slots=True)
class _Found:
    quantity: Quantity
    metric: str
    year: int | None
    clause: str  # the start of the figure's clause (its first _HEAD_CHARS characters)
    role: str  # "from" / "to" of a from–to pair, or "" for a plain figure


_CHANGE_CLAUSE = re.compile(r"^(累计新增|新增|净增|新获批|新建|新认定|增加|增长|提高|下降|减少|较|比)")
_MODIFIER_TAIL = re.compile(r"^(以上|以下|左右|多)?[\u4e00-\u9fff]")
_VERBISH_METRIC = re.compile(r"[出了在于以对向]$|[，,、]")


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) of every sentence, surrounding spaces stripped."""
    for m in _SENTENCE.finditer(text):
        raw = m.group(0)
        sentence = raw.strip()
        if sentence:
            yield m.start() + len(raw) - len(raw.lstrip()), sentence


def _mask_quoted(text: str) -> str:
    """Blank out 《…》 and （…） so that years in titles and document numbers are not read as context."""
    scan = blank_unclosable(text, "《", "》")  # an unclosed 《 would scan to the end of the sentence
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), scan)


class _Breaks:
    """Where the clauses of one text start (the end of every clause break), found once per sentence:
    looking them up from the start of the sentence for every figure made a long sentence quadratic."""

    def __init__(self, text: str) -> None:
        self.ends = [m.end() for m in _CLAUSE_BREAK.finditer(text)]

    def clause_start(self, pos: int) -> int:
        """The start of the clause holding `pos`: the end of the last break ending at or before `pos`."""
        i = bisect_right(self.ends, pos)
        return self.ends[i - 1] if i else 0


def _comparator(before: str, after: str) -> Comparator:
    window_before, window_after = before[-8:], after[:4]
    if any(w in window_after for w in _LE) or any(w in window_before for w in _LE):
        return Comparator.LE
    if any(w in window_after for w in _APPROX) or window_before.endswith("约"):
        return Comparator.APPROX
    if any(w in window_after for w in ("以上",)) or any(w in window_before for w in _GE):
        return Comparator.GE
    return Comparator.EQ


_BASE_FRAME = re.compile(r"\s*(的)?(基础上|基数|水平上)")


def _years_in(masked: str) -> list[tuple[int, int]]:
    """Explicit years, without base frames ("在2022年的基础上实现倍增" dates nothing)."""
    return [
        (m.start(), int(m.group(1))) for m in _YEAR.finditer(masked) if not _BASE_FRAME.match(masked, m.end())
    ]


def _previous_subject(sentence: str, breaks: _Breaks, clause_start: int) -> str:
    """Subject of the clause before `clause_start`, for "…连续倍增，从2015年的1656家…"."""
    if clause_start <= 0:
        return ""
    prev_start = max(breaks.clause_start(clause_start - 1), clause_start - 1 - MAX_CLAUSE_CHARS)
    subject = metric_before(sentence[prev_start : clause_start - 1])
    return "" if re.search(r"\d", subject) else subject


def _last_before(years: list[tuple[int, int]], positions: list[int], low: int, high: int) -> int | None:
    """The last year whose position is in [low, high), or None."""
    i = bisect_left(positions, high)
    if i and positions[i - 1] >= low:
        return years[i - 1][1]
    return None


def _named(metric: str) -> str:
    """A metric is named by words: digits, spaces and signs alone ("1037 2000") name nothing."""
    return metric if _LETTER.search(metric) else ""


def _read_sentence(
    sentence: str,
    document: DocumentInfo | None = None,
    subject: str = "",
    skip_units: frozenset[str] = _SKIP_UNITS,
) -> list[_Found]:
    if not _LETTER.search(sentence):
        return []  # rows of bare numbers (a PDF table) state no target: no metric can be named
    quantities = [_signed(q, sentence) for q in find_quantities(sentence) if q.unit not in skip_units]
    if not quantities:
        return []
    masked = _mask_quoted(sentence)
    years = _years_in(masked) + [(w.start, w.year) for w in year_words(masked, document)]
    years = sorted((pos, y) for pos, y in years if masked[max(0, pos - 1) : pos] not in ("比", "较"))
    positions = [pos for pos, _ in years]
    lead = lead_measure(sentence)
    opening = sentence_subject(sentence)
    breaks = _Breaks(masked)
    plain_breaks: _Breaks | None = None  # clause breaks of the unmasked sentence, when a rule needs them
    found: list[_Found] = []
    parallel: list[int] = []  # years of the last explicit from–to pair, reused by a parallel clause
    pending_from: list[int] = []
    last_metric = ""
    for q in quantities:
        if _RATIO_AFTER.match(sentence, q.end) or _RATIO_BEFORE.search(
            sentence, max(0, q.start - 4), q.start
        ):
            continue  # "三次产业结构为2.7:40.4:56.8": the parts of a ratio are not figures
        clause_start = breaks.clause_start(q.start)
        # a metric name never needs more than the end of a long clause (the samples' longest: 45)
        start = max(clause_start, q.start - MAX_CLAUSE_CHARS)
        clause = sentence[start : q.start]
        head = sentence[clause_start : min(clause_start + _HEAD_CHARS, q.start)]
        share = ""
        if sentence[q.end : q.end + 1] == "的" and not _FROM_TO.search(clause):
            if q.unit in ("%", "％"):
                share = share_after(sentence[q.end : q.end + _TAIL_CHARS])
            if not share:
                continue  # "超过100亿元的龙头企业": a qualifier inside a noun phrase
        role = ""
        year = _last_before(years, positions, 0, q.start)
        from_m = _FROM_TO.search(clause)
        to_m = _TO.search(clause, from_m.end()) if from_m else None
        if from_m and to_m is None:  # the "from" value
            own = _last_before(years, positions, start + from_m.start(), q.start)
            year = own if own is not None else (parallel[0] if len(parallel) == 2 else year)
            pending_from = [own] if own is not None else []
            role = "from"
            if plain_breaks is None:
                plain_breaks = _Breaks(sentence)
            metric = (
                _named(metric_before(clause[: from_m.start()]))
                or _previous_subject(sentence, plain_breaks, clause_start)
                or last_metric
            )
        elif from_m and to_m is not None:  # the "to" value, same metric as the "from" value
            own = _last_before(years, positions, start + to_m.start(), q.start)
            if own is not None:
                year = own
                if pending_from:
                    parallel = [pending_from[0], own]
            elif len(parallel) == 2:
                year = parallel[1]
            metric = found[-1].metric if found else _named(metric_before(clause[: from_m.start()]))
            role = "to"
        elif share:
            metric = share  # "50%的城市社区建成…": the share is named by what follows
        else:
            metric = _named(metric_before(clause))
            if _QUANTIFIER.fullmatch(metric):
                metric = ""  # "全市首批100个示范社区全面建成": the name follows the number
            if metric.startswith("占") and last_metric:
                metric = level_name(last_metric) + metric
            tail = sentence[q.end : q.end + _TAIL_CHARS]
            bounded = re.match(r"^[\u4e00-\u9fff]{0,4}(以上|以下|左右)", tail.lstrip())
            listed = _LIST_NEXT.match(tail.lstrip())  # "6.5%和7%": the next value of a list
            planned = _PLANNED.match(tail.lstrip())  # "地区生产总值按增长5%安排"
            if metric and _MODIFIER_TAIL.match(tail.lstrip()) and not bounded and not listed and not planned:
                continue  # "9纳米光刻样机", "选派1052名科技特派员": a number inside a noun phrase
            if metric and _VERBISH_METRIC.search(metric):
                continue
            if metric:
                metric = carried_subject(metric, last_metric, subject, lead)
            if not metric and _BUILD_VERB.search(clause.strip()):
                metric = _named(metric_after(tail))  # "建设100所一流研发机构": the name follows
            if not metric and clause.strip() and last_metric:
                metric = last_metric  # "…72家，累计达110家": the clause only has a verb
            if not metric and clause.strip() and _VERB_ONLY.fullmatch(clause.strip()) and opening:
                metric = opening  # "地区生产总值连续迈上4个万亿元台阶、达14.2万亿元": the sentence's subject
            if not metric and not clause.strip():
                if plain_breaks is None:
                    plain_breaks = _Breaks(sentence)
                metric = _previous_subject(sentence, plain_breaks, clause_start)
            if not metric:
                metric = _named(metric_after(tail))
        if metric and not metric.startswith("占"):
            last_metric = metric
        found.append(_Found(q, metric, year, head, role))
    return _distribute(found, sentence)


def _signed(q: Quantity, sentence: str) -> Quantity:
    """ "自然增长率为-3.93‰": a minus sign before the figure (and not between two numbers) negates it."""
    if q.start > 0 and sentence[q.start - 1] in "-－−" and not sentence[max(q.start - 2, 0)].isdigit():
        return replace(q, value=-q.value, start=q.start - 1, text=sentence[q.start - 1] + q.text)
    return q


_RESPECTIVELY = re.compile(r"^分别(?P<verb>为|是|达到|达|增长|提高|下降|减少|增加|占|超过|突破|不低于)?$")
_CONTINUATION = re.compile(r"^[和及与、，,]?$")
_GROWTH_VERB = re.compile(r"增长|提高|下降|减少|增加|增速|增幅")


def _distribute(found: list[_Found], sentence: str) -> list[_Found]:
    """ "X、Y分别增长6.5%和7%" gives X and Y their own figure; "A…，B…，C…，增速分别为4.4%、4.8%、6.0%"
    gives the three figures to the three metrics named before in the sentence."""
    if "分别" not in sentence:
        return found
    out = list(found)
    i = 0
    while i < len(out):
        q = out[i].quantity
        at = sentence.rfind("分别", 0, q.start)
        m = (
            _RESPECTIVELY.match(sentence[at : q.start].strip())
            if at >= 0 and "分别" in out[i].clause
            else None
        )
        if not m:
            i += 1
            continue
        group = [i]
        while group[-1] + 1 < len(out):
            gap = sentence[out[group[-1]].quantity.end : out[group[-1] + 1].quantity.start]
            if not _CONTINUATION.match(gap.strip()):
                break
            group.append(group[-1] + 1)
        head_start = max((sentence.rfind(c, 0, at) for c in "，,；;：:。"), default=-1) + 1
        head, verb = sentence[head_start:at], m.group("verb") or ""
        if not head.strip() and head_start > 0:  # "A和B在2022年的基础上实现倍增，分别超过90家和870家"
            prev_start = max((sentence.rfind(c, 0, head_start - 1) for c in "，,；;：:"), default=-1) + 1
            head = sentence_subject(sentence[prev_start : head_start - 1])
        subjects = [metric_before(part) for part in re.split(r"[、和及]", head)]
        subjects = [x for x in subjects if x]
        growth = bool(_GROWTH_VERB.search(verb)) or bool(subjects and _GROWTH_VERB.search(subjects[-1]))
        names: list[str] = []
        if len(subjects) == len(group) > 1:
            names = [x + ("增长" if growth and not _GROWTH_VERB.search(x) else "") for x in subjects]
        elif len(subjects) == 1 and len(group) == 3 and subjects[0].startswith("三次产业"):
            rest = subjects[0][4:]  # 三次产业对经济增长的贡献率分别为7.3%、34.4%和58.3%
            names = [f"{side}{rest}" for side in ("第一产业", "第二产业", "第三产业")]
        elif len(subjects) == 1 and len(group) == 2 and subjects[0].startswith("城乡"):
            rest = subjects[0][2:]  # 城乡居民收入分别增长4.4%、5.6%: 城镇居民…, 农村居民…
            names = [
                f"{side}{rest}" + ("增长" if growth and not _GROWTH_VERB.search(rest) else "")
                for side in ("城镇", "农村")
            ]
        elif len(subjects) <= 1:
            earlier = [f.metric for f in out[:i] if f.quantity.unit not in ("%", "‰") and f.metric]
            if (len(subjects) == 1 and not _GROWTH_VERB.fullmatch(subjects[0])) or len(earlier) < len(group):
                names = [subjects[0]] * len(group) if subjects else []
            else:
                names = [x + "增长" for x in earlier[-len(group) :]]
        for k, name in zip(group, names, strict=False):
            out[k] = replace(out[k], metric=name)
        i = group[-1] + 1
    return out


def _quantity_kind(found: _Found, sentence: str) -> str:
    before = sentence[max(0, found.quantity.start - 14) : found.quantity.start]
    if _CHANGE_BEFORE.search(before) or _CHANGE_CLAUSE.match(found.clause.strip()):
        return "change"
    return "level"


def _change_word(before: str, annual: bool) -> str:
    change = _CHANGE_BEFORE.search(before[-14:])
    word = change.group(0) if change else ""
    if annual:
        word = re.sub(r"^比[^增提下减降]*", "", word)  # "比上年增长" names the base, not the metric
    return word


def _base_year(before: str, year: int | None, annual: bool) -> int | None:
    m = _BASE_YEAR.search(before[-16:])
    if m:
        return int(m.group(1))
    if year is not None and (annual or "比上年" in before[-16:]):
        return year - 1
    return None


def extract_figures(
    nodes: Sequence[Node],
    period: Period | None,
    *,
    deadline: Deadline | None = None,
    name: str = "",
    document: DocumentInfo | None = None,
) -> tuple[list[Target], list[PastFigure]]:
    """Targets and past figures from every node's own text (InputError beyond MAX_FACTS or `deadline`).

    For a work report, bulletin, annual plan or task breakdown (`document`), years in words are resolved
    against the document's year, a section defaults to the year its heading names (or the document's
    year), a bulletin is all past, and growth figures ("增长5.2%") are kept as figures of their own.
    """
    by_id: Mapping[str, Node] = {n.id: n for n in nodes}
    targets: list[Target] = []
    past: list[PastFigure] = []
    annual = document is not None and document.kind in _ANNUAL
    bulletin = document is not None and document.kind is DocumentKind.STATISTICAL_BULLETIN
    report = document is not None and document.kind is DocumentKind.WORK_REPORT
    doc_year = document.year if document is not None else None
    skip_units = _ANNUAL_SKIP_UNITS if annual else _SKIP_UNITS
    for index, node in enumerate(nodes):
        if index % 256 == 255:
            check_deadline(deadline, name)
        if node.kind is NodeKind.TABLE:
            continue
        tense = Tense.PAST if bulletin else node_context(node, by_id, period)
        section_year = heading_year(node, by_id) if annual else None
        subject = heading_subject(node, by_id)
        kept = kept_spans(node.text)
        body = "".join(node.text[a:b] for a, b in kept)
        prefix = 0
        if node.kind is NodeKind.BOX_ENTRY and node.title:
            body = f"{node.title}：{body}"
            prefix = len(node.title) + 1
        elif node.kind in _RUN_IN_KINDS and _DIGIT.search(node.title) and find_quantities(node.title):
            body = f"{node.title}。{body}"  # "1.努力实现地区生产总值增长6.2%左右。": the item is a sentence
            prefix = len(node.title) + 1
        where = BodyMap(kept, prefix)
        for offset, sentence in _sentences(body):
            check_facts(len(targets) + len(past), name)
            if _FORECAST.search(sentence):
                continue
            span = (where.to_text(offset), where.to_text(offset + len(sentence), end=True))
            period_end: bool | None = None  # whether the sentence names a period end, once asked
            future: bool | None = None
            sentence_tense = tense
            if annual and tense is not Tense.PAST and _GOAL_SENTENCE.search(sentence):
                sentence_tense = Tense.GOAL
            for found in _read_sentence(sentence, document, subject, skip_units):
                if not found.metric:
                    continue
                kind = _quantity_kind(found, sentence)
                year = found.year
                q = found.quantity
                before = sentence[max(0, q.start - 14) : q.start]
                past_context = (
                    sentence_tense is Tense.PAST
                    or (year is not None and period is not None and year < period.start)
                    or (annual and year is not None and doc_year is not None and year < doc_year)
                    or (
                        annual
                        and sentence_tense is not Tense.GOAL
                        and section_year is not None
                        and doc_year is not None
                        and section_year < doc_year
                    )
                )
                if past_context:
                    metric = found.metric
                    if kind == "change":
                        if not annual:
                            continue
                        word = _change_word(before, annual)
                        metric = metric if metric.endswith(word) else f"{metric}{word}"
                    if year is None and annual:
                        if section_year is not None and (doc_year is None or section_year <= doc_year):
                            year = section_year
                        elif doc_year is not None:
                            year = doc_year - 1 if report else doc_year
                    if year is None and period is not None:
                        # a review speaks of the previous period: its base year and its last year
                        year = period.start - 6 if found.role == "from" else period.start - 1
                    past.append(
                        PastFigure(
                            metric=metric,
                            year=year,
                            value=q.value,
                            unit=q.unit,
                            node=node.id,
                            sentence=quote(sentence, q.start, q.end),
                            lines=node.lines,
                            value_text=q.text,
                            sentence_span=span,
                            base_year=_base_year(before, year, annual) if kind == "change" else None,
                        )
                    )
                    continue
                in_period = (
                    year is not None and period is not None and period.start <= year <= period.end + 15
                ) or (annual and year is not None and doc_year is not None and year >= doc_year)
                if not in_period and period_end is None:
                    period_end = bool(_PERIOD_END.search(sentence))
                explicit_future = in_period or bool(period_end)
                if sentence_tense is not Tense.GOAL and explicit_future and future is None:
                    future = bool(_FUTURE.search(sentence))
                if sentence_tense is not Tense.GOAL and not (explicit_future and future):
                    continue
                if year is None and annual:
                    if section_year is not None and (doc_year is None or section_year >= doc_year):
                        year = section_year
                    elif period is not None:
                        year = period.end  # a breakdown of a five-year plan: the plan's last year
                    else:
                        year = doc_year
                if year is None and period is not None:
                    year = period.end
                after = sentence[q.end : q.end + 4]
                metric = found.metric
                if kind == "change":
                    word = _change_word(before, annual)
                    metric = metric if metric.endswith(word) else f"{metric}{word}"
                targets.append(
                    Target(
                        metric=metric,
                        comparator=_comparator(before, after),
                        value=q.value,
                        unit=q.unit,
                        year=year,
                        node=node.id,
                        sentence=quote(sentence, q.start, q.end),
                        lines=node.lines,
                        high=q.high,
                        value_text=q.text,
                        sentence_span=span,
                    )
                )
    return targets, past
