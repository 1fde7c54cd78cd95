"""Source lines → logical lines (one per paragraph, heading or table row) with a map back to the source.

Text extracted from PDFs is hard-wrapped every ~30 characters, double-spaced, interrupted by page numbers
and page breaks, and sometimes has table rows from the next page dropped into the middle of a sentence.
This module undoes that:

* page-number lines and running headers/footers are dropped;
* wrapped lines are re-joined: a line that is (nearly) as wide as its neighbours and does not end a
  sentence continues on the next line, unless the next line starts a new block (a heading marker, a box
  title, a run-in entry title, a table row);
* flattened table rows found inside a wrapped sentence are set aside and emitted after it, so that the
  sentence (often a responsibility note) stays whole and the table can still collect its rows;
* spaces next to Chinese characters are removed (see spacing.py).

Every logical line keeps the 1-based source line numbers it was built from.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from planwatch.domain.source import SourceText, Span
from planwatch.normalize.markers import (
    RESPONSIBILITY_START,
    RUN_IN,
    is_framed_page_number,
    is_page_number,
    is_table_header,
    is_table_row,
    match_marker,
)
from planwatch.normalize.spacing import collapse_spaces, display_width, fix_spaces, strip_indent

# A line ending with one of these may end a paragraph; anything else means the sentence goes on.
TERMINAL = set("。！？；…!?;")
CLOSERS = set("”’」』）)】》")

# Share of the local line width a line must reach to count as wrapped (see _is_full).
FULL_NONTERMINAL = 0.72
FULL_TERMINAL = 0.9
MAX_NOTE_LINES = 3  # lines a responsibility note may wrap onto, whatever the line widths say
_NOTE_OPEN = re.compile(r"[（(]\s*(?:责任|牵头|配合|协办|主办|参与|实施|主责|负责)?(?:单位|部门)\s*[：:]")
MAX_SET_ASIDE = 14  # table rows / page numbers skipped over inside one wrapped sentence


@dataclass(frozen=True, slots=True)
class LogicalLine:
    """One paragraph, heading or table row after cleaning."""

    text: str
    span: Span
    is_table_row: bool = False


@dataclass(frozen=True, slots=True)
class _Phys:
    number: int  # 1-based source line number
    raw: str
    text: str  # indentation stripped
    width: int
    page_start: bool


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip()
    while stripped and stripped[-1] in CLOSERS:
        if stripped[-1] in "）)" and ("（" in stripped or "(" in stripped):
            # a closing parenthesis ends a sentence only after a full responsibility-style note
            inner = stripped[: len(stripped) - 1]
            return any(key in inner for key in ("单位", "责任")) or (inner[-1:] in TERMINAL)
        stripped = stripped[:-1]
    return bool(stripped) and stripped[-1] in TERMINAL


def _is_heading(text: str) -> bool:
    marker = match_marker(text)
    if marker is None:
        return False
    return "。" not in marker.rest and len(marker.rest) <= 40


def _starts_block(text: str) -> bool:
    return match_marker(text) is not None or is_table_row(text) or is_table_header(text)


def _double_spaced(lines: list[str]) -> bool:
    """True when (almost) every text line is followed by a blank line, as in many PDF extractions."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    if len(content) < 10:
        return False
    followed = sum(1 for i in content if i + 1 < len(lines) and not lines[i + 1].strip())
    return followed / len(content) >= 0.75


def _wrapped(widths: list[int]) -> bool:
    """True when most lines are about as wide as the widest ones: the text was hard-wrapped."""
    usable = [w for w in widths if w >= 8]
    if len(usable) < 6:
        return False
    ref = statistics.quantiles(usable, n=10)[-1]
    near = sum(1 for w in usable if w >= FULL_NONTERMINAL * ref)
    # measured: 0.80 on PDF-extracted text, 0.21 on one-paragraph-per-line web text
    return near / len(usable) >= 0.35 and ref <= 200


def _physical_lines(source: SourceText) -> list[_Phys | None]:
    """Source lines with page numbers and running headers removed; None marks a blank line."""
    raw_lines = [line.replace("\ufeff", "").rstrip() for line in source.lines]
    breaks = set(source.page_breaks)
    double = _double_spaced(raw_lines)
    for i, line in enumerate(raw_lines):
        if "\f" in line:
            breaks.add(i + 1)
            raw_lines[i] = line.replace("\f", "")
        elif double and i > 0 and line[:1].isspace() and line.strip() and raw_lines[i - 1].strip():
            breaks.add(i + 1)  # no blank line before it in a double-spaced text: a new page starts

    def neighbour(i: int, step: int) -> str:
        j = i + step
        while 0 <= j < len(raw_lines) and not raw_lines[j].strip():
            j += step
        return raw_lines[j].strip() if 0 <= j < len(raw_lines) else ""

    out: list[_Phys | None] = []
    for i, line in enumerate(raw_lines):
        text = strip_indent(line)
        if not text:
            out.append(None)
            continue
        if is_framed_page_number(text):
            if _isolated(raw_lines, i, breaks):
                out.append(None)  # between blank lines: a blank line stays
            breaks.add(i + 2)  # the line after a page number starts a page
            continue  # between two lines of one sentence: they join as if it were not there
        if is_page_number(text) and _isolated(raw_lines, i, breaks):
            before, after = neighbour(i, -1), neighbour(i, 1)
            if not (is_page_number(before) or is_page_number(after)) and not _table_cell(before, after):
                out.append(None)
                continue
        out.append(_Phys(i + 1, line, text, display_width(text), (i + 1) in breaks))
    _drop_running_headers(out, breaks)
    return out


def _table_cell(before: str, after: str) -> bool:
    """A bare number between short cells ("43.9" / 60 / "预期性") is a cell of a table printed one cell per
    line, not a page number: page numbers sit between running text."""
    if len(before) > 12 or len(after) > 12:
        return False
    return bool(re.search(r"\d", before)) or after in ("预期性", "约束性") or before in ("预期性", "约束性")


def _isolated(lines: list[str], i: int, breaks: set[int]) -> bool:
    before_blank = i == 0 or not lines[i - 1].strip() or (i + 1) in breaks
    after_blank = i + 1 >= len(lines) or not lines[i + 1].strip() or (i + 2) in breaks
    return before_blank and after_blank


def _drop_running_headers(lines: list[_Phys | None], breaks: set[int]) -> None:
    """Remove short lines that repeat next to page breaks (running headers and footers)."""
    if len(breaks) < 3:
        return
    near: dict[str, list[int]] = {}
    content = [i for i, p in enumerate(lines) if p is not None]
    for pos, i in enumerate(content):
        p = lines[i]
        assert p is not None
        nxt = lines[content[pos + 1]] if pos + 1 < len(content) else None
        at_edge = p.page_start or (nxt is not None and nxt.page_start)
        if at_edge and len(p.text) <= 40 and not _ends_sentence(p.text):
            near.setdefault(p.text, []).append(i)
    for text, indexes in near.items():
        if len(indexes) >= 3 and match_marker(text) is None:
            for i in indexes:
                lines[i] = None


class _Joiner:
    """Re-joins wrapped physical lines into logical lines."""

    def __init__(self, lines: list[_Phys | None], *, double: bool, wrapped: bool) -> None:
        self.lines = lines
        self.double = double
        self.wrapped = wrapped
        self.content = [p for p in lines if p is not None]
        # flags computed once per line: the joining rules and the width window ask for them many times
        texts = [p.text for p in self.content]
        self.row = [is_table_row(t) for t in texts]
        self.ends = [_ends_sentence(t) for t in texts]
        # text that is not wrapped is never joined by width, so these are asked only for a few lines
        self._block: dict[int, bool] = {}
        self.header: list[bool] = []
        self.heading: list[bool] = []
        if wrapped:
            markers = [match_marker(t) for t in texts]
            self.header = [is_table_header(t) for t in texts]
            self.heading = [m is not None and "。" not in m.rest and len(m.rest) <= 40 for m in markers]
            self._block = {
                k: m is not None or r or h
                for k, (m, r, h) in enumerate(zip(markers, self.row, self.header, strict=True))
            }
            self.plain = [not r and not h for r, h in zip(self.row, self.heading, strict=True)]
        else:
            self.plain = [not r and not _is_heading(t) for r, t in zip(self.row, texts, strict=True)]
        self.plain_width = [
            p.width if plain else -1 for p, plain in zip(self.content, self.plain, strict=True)
        ]
        self.hard_break_before: set[int] = set()
        if not double:
            previous_blank = False
            for p in lines:
                if p is None:
                    previous_blank = True
                elif previous_blank:
                    self.hard_break_before.add(p.number)
                    previous_blank = False

    def block(self, k: int) -> bool:
        """Whether content line k starts a new block (a marker, a table row or header)."""
        found = self._block.get(k)
        if found is None:
            found = self._block[k] = _starts_block(self.content[k].text)
        return found

    def _local_width(self, k: int, *, widest_side: bool = False) -> int:
        """The width of a full line around line k: the smaller of the widest lines before and after.

        Taking the smaller side keeps a paragraph next to a box (boxes are set in a smaller font and
        so have wider lines) from looking short.
        """

        def widest(lo: int, hi: int) -> int | None:
            found = max(self.plain_width[max(0, lo) : hi], default=-1)
            return found if found >= 0 else None

        own = self.content[k].width
        sides = [max(w, own) for w in (widest(k - 4, k), widest(k + 1, k + 5)) if w is not None]
        if not sides:
            return own
        return max(sides) if widest_side else min(sides)

    def _is_full(self, k: int, share: float, *, widest_side: bool = False) -> bool:
        return self.content[k].width >= share * self._local_width(k, widest_side=widest_side)

    def _continues(self, k: int, j: int) -> bool:
        """Whether content line k continues on content line j (the next line that is not set aside)."""
        nxt = self.content[j]
        if not self.wrapped or nxt.number in self.hard_break_before:
            return False
        if self.row[k] or self.header[k] or self.block(j):
            return False
        if "\t" in self.content[k].text or "\t" in nxt.text:
            return False  # a row of a DOCX or HTML table (cells joined by TABs) is a line of its own
        if RESPONSIBILITY_START.match(nxt.text) and not self.heading[k]:
            return True
        if self.heading[k]:
            return self._is_full(k, FULL_TERMINAL, widest_side=True)
        if not self.ends[k]:
            return self._is_full(k, FULL_NONTERMINAL)
        if RUN_IN.match(nxt.text):
            return False
        return self._is_full(k, FULL_TERMINAL)

    def run(self) -> list[LogicalLine]:
        out: list[LogicalLine] = []
        k = 0
        n = len(self.content)
        while k < n:
            parts = [self.content[k]]
            set_aside: list[_Phys] = []
            note_joins = 0
            while k + 1 < n:
                nxt_k = k + 1
                skipped: list[_Phys] = []
                mid_sentence = not self.ends[k] and not self.row[k]
                if mid_sentence and self.wrapped and self.row[nxt_k]:
                    while nxt_k < n and self.row[nxt_k] and len(skipped) < MAX_SET_ASIDE:
                        skipped.append(self.content[nxt_k])
                        nxt_k += 1
                    if nxt_k >= n or self.block(nxt_k):
                        break
                    if not self._is_full(k, FULL_NONTERMINAL):
                        break
                elif not self._continues(k, nxt_k):
                    if note_joins >= MAX_NOTE_LINES or not _open_note(parts) or self.block(nxt_k):
                        break
                    note_joins += 1  # a responsibility note wraps onto the next line: keep it whole
                set_aside.extend(skipped)
                parts.append(self.content[nxt_k])
                k = nxt_k
            out.append(_logical(parts))
            out.extend(_logical([row]) for row in set_aside)
            k += 1
        return out


def _open_note(parts: list[_Phys]) -> bool:
    """Whether the text so far ends inside a responsibility note: （责任单位：市科技局、| 市发改委）."""
    tail = "".join(p.text for p in parts[-MAX_NOTE_LINES - 1 :])[-300:]
    if "单位" not in tail and "部门" not in tail:
        return False
    found = None
    for found in _NOTE_OPEN.finditer(tail):  # noqa: B007  (the last opening is the one that matters)
        pass
    if found is None:
        return False
    rest = tail[found.start() :]
    return sum(rest.count(c) for c in "（(") > sum(rest.count(c) for c in "）)")


def _join_text(parts: list[_Phys]) -> str:
    """The parts' text joined (a space between two Latin letters); built once, not by repeated +=,
    which copied the growing paragraph for every line (quadratic on thousands of joined lines)."""
    pieces = [parts[0].text]
    previous = parts[0].text
    for p in parts[1:]:
        last, first = previous[-1:], p.text[:1]
        if last.isascii() and last.isalpha() and first.isascii() and first.isalpha():
            pieces.append(" ")
        pieces.append(p.text)
        previous = p.text
    return "".join(pieces)


def _logical(parts: list[_Phys]) -> LogicalLine:
    joined = _join_text(parts)
    span = Span(parts[0].number, parts[-1].number)
    if is_table_row(joined) or is_table_header(joined):
        return LogicalLine(collapse_spaces(joined), span, is_table_row=True)
    return LogicalLine(fix_spaces(joined), span)


def clean_lines(source: SourceText) -> tuple[LogicalLine, ...]:
    """Logical lines of a document, each with the source lines it came from."""
    raw = [line.rstrip() for line in source.lines]
    double = _double_spaced(raw)
    phys = _physical_lines(source)
    widths = [p.width for p in phys if p is not None]
    joiner = _Joiner(phys, double=double, wrapped=_wrapped(widths))
    return tuple(line for line in joiner.run() if line.text)
