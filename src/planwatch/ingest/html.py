"""HTML reader: decode the page, drop site chrome, pick the article, and emit one line per block.

Plan pages on government sites wrap the text in navigation, breadcrumbs, share buttons and footers,
and mark the article container differently on every site (id="zoom", class="TRS_Editor",
class="article-content", a layout <td>…). So the article is found generically: starting at <body>
(or an <article> that holds at least half of the text) we descend into the child that holds at least
70% of the visible non-link text, and stop where the text spreads over several children. That node
contains the paragraphs and nothing much else; link lists have no weight because link text counts 0.

The page <title> is kept as the first line, and the article heading is kept when it sits outside the
chosen container (the usual case: <h1> above the body div). Text is otherwise untouched except that
runs of ASCII whitespace collapse to one space; full-width spaces and no-break spaces used for
indentation stay as they are.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import lxml.html
from lxml import etree

from planwatch.ingest import messages
from planwatch.ingest.encoding import (
    Decoded,
    DecodeError,
    check_not_binary,
    decode_bom_or_utf16,
    decode_fallbacks,
    decode_with,
    normalise_label,
)
from planwatch.ingest.extraction import Extraction

logger = logging.getLogger(__name__)

_DECLARED = (
    re.compile(rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]{2,40})", re.IGNORECASE),
    re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_\-.]{2,40})", re.IGNORECASE),
)
# Declarations of these single-byte charsets are usually wrong on Chinese pages; try UTF-8/GB18030 first.
_WESTERN = frozenset({"ascii", "latin-1", "iso8859-1", "cp1252", "iso8859-15"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_ASCII_SPACE_CHARS = " \t\n\r\f\v"

_DROP_TAGS = frozenset(
    {
        "script", "style", "noscript", "nav", "footer", "aside", "iframe", "template", "svg",
        "object", "embed", "select", "button", "input", "textarea", "link", "meta", "map", "form",
    }
)  # fmt: skip
_CHROME_TOKENS = frozenset(
    {
        "nav", "navbar", "navigation", "menu", "menus", "submenu", "breadcrumb", "breadcrumbs", "crumb",
        "crumbs", "share", "sharing", "sidebar", "toolbar", "tools", "login", "logon", "copyright",
        "related", "pagination", "pager", "paging", "banner", "ad", "ads", "advert", "comment",
        "comments", "search", "friendlink", "qrcode", "footer", "foot", "position",
        "location", "curpos", "daohang", "weizhi", "banquan", "fenxiang", "xiangguan",
    }
)  # fmt: skip
# Class/id tokens of page headers; dropped only when they do not contain a heading.
_HEADER_TOKENS = frozenset({"header", "head", "top", "topbar"})
_TITLE_TOKENS = frozenset({"title", "tit", "bt", "biaoti", "headline"})
_HEADINGS = frozenset({"h1", "h2", "h3"})
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table",
        "tbody", "thead", "tfoot", "section", "article", "main", "blockquote", "pre", "center",
        "address", "figure", "figcaption", "caption", "hr", "form", "fieldset", "header", "details",
        "summary", "body", "td", "th",
    }
)  # fmt: skip
# Elements the container search does not descend into: they are content, not layout.
_CONTENT_TAGS = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "pre",
        "blockquote", "span", "font", "strong", "b", "em", "i", "a",
    }
)  # fmt: skip
_DESCEND_SHARE = 0.7
_NEVER_KEEP = frozenset({"script", "style", "noscript", "template"})
_PROTECT_SHARE = 0.5


# --------------------------------------------------------------------------- decoding


def _declared_charset(data: bytes) -> str | None:
    head = data[:16384]
    for pattern in _DECLARED:
        match = pattern.search(head)
        if match:
            return match.group(1).decode("ascii", errors="ignore")
    return None


def decode_html(data: bytes) -> Decoded:
    """BOM, then the declared charset (gb2312/gbk read as gb18030), then UTF-8, then GB18030."""
    decoded = decode_bom_or_utf16(data)
    if decoded is None:
        declared = _declared_charset(data)
        codec = normalise_label(declared) if declared else None
        # A declaration read as ASCII cannot be right about UTF-16/32 (WHATWG treats it as UTF-8).
        if codec is not None and codec not in _WESTERN and not codec.startswith(("utf-16", "utf-32")):
            decoded = decode_with(data, codec)
        if decoded is None:
            decoded = decode_fallbacks(data)
    check_not_binary(decoded.text)
    return decoded


# --------------------------------------------------------------------------- tree helpers


def _tag(element: etree._Element) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def _tokens(element: etree._Element) -> set[str]:
    raw = f"{element.get('class') or ''} {element.get('id') or ''}"
    raw = re.sub(r"([a-z])([A-Z])", r"\1 \2", raw).lower()
    return {token for token in re.split(r"[^a-z0-9]+", raw) if token}


def _visible_len(text: str | None) -> int:
    return 0 if not text else len(text) - sum(1 for ch in text if ch.isspace())


def _text_sizes(root: etree._Element) -> dict[etree._Element, int]:
    """Visible non-link characters under each element (iterative post-order, no recursion limit)."""
    sizes: dict[etree._Element, int] = {}
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        element, done = stack.pop()
        if not done:
            stack.append((element, True))
            stack.extend((child, False) for child in element)
            continue
        if _tag(element) == "a":
            sizes[element] = 0
            continue
        total = _visible_len(element.text)
        for child in element:
            total += sizes.get(child, 0) + _visible_len(child.tail)
        sizes[element] = total
    return sizes


def _is_hidden(element: etree._Element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or element.get("hidden") is not None


def _holding_headings(root: etree._Element) -> set[etree._Element]:
    """Every element that has a heading (h1–h3) in its subtree, found once for the page: asking each
    element's subtree in turn made 2,000 nested <div class="header"> quadratic."""
    holding: set[etree._Element] = set()
    for heading in root.iter(*_HEADINGS):
        for element in (heading, *heading.iterancestors()):
            if element in holding:
                break
            holding.add(element)
    return holding


def _should_drop(element: etree._Element, holding: set[etree._Element]) -> bool:
    tag = _tag(element)
    if not tag:
        return True  # comments and processing instructions the parser kept
    if tag in _DROP_TAGS or _is_hidden(element):
        return True
    if tag == "header":
        return not any(_tag(a) in {"article", "main"} for a in element.iterancestors())
    tokens = _tokens(element)
    if tokens & _CHROME_TOKENS:
        return True
    return bool(tokens & _HEADER_TOKENS) and element not in holding


def _strip_chrome(body: etree._Element) -> None:
    """Remove scripts, menus, footers and the like; never an element holding half of the text.

    The guard matters for ASP.NET sites that wrap the whole page in <form id="form1"> and for
    containers with unlucky class names (class="main-content nav-fix").
    """
    sizes = _text_sizes(body)
    holding = _holding_headings(body)
    total = sizes.get(body, 0)
    stack = [body]
    while stack:
        element = stack.pop()
        for child in list(element):
            if not _should_drop(child, holding):
                stack.append(child)
            elif (
                total > 0 and sizes.get(child, 0) >= _PROTECT_SHARE * total and _tag(child) not in _NEVER_KEEP
            ):
                logger.debug("kept <%s> that looks like chrome but holds most of the text", _tag(child))
                stack.append(child)
            else:
                _drop(child)


def _choose_container(body: etree._Element) -> etree._Element:
    sizes = _text_sizes(body)
    total = sizes.get(body, 0)
    node = body
    articles = [el for el in body.iter("article") if sizes.get(el, 0) * 2 >= total > 0]
    if articles:
        node = max(articles, key=lambda el: sizes.get(el, 0))
    while True:
        children = [child for child in node if _tag(child)]
        if not children:
            return node
        best = max(children, key=lambda el: sizes.get(el, 0))
        size = sizes.get(best, 0)
        if size == 0 or size < _DESCEND_SHARE * sizes.get(node, 0) or _tag(best) in _CONTENT_TAGS:
            return node
        node = best


def _drop(element: etree._Element) -> None:
    """Remove `element` and its subtree but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _text_of(element: etree._Element) -> str:
    return "".join(str(piece) for piece in element.itertext())


def _collapse(text: str) -> str:
    return _ASCII_SPACE.sub(" ", text)


# --------------------------------------------------------------------------- line emission


class _LineWriter:
    """Emits one line per block element, `<br>` as a line break and one tab-joined line per table row."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._parts: list[str] = []
        self._row_spans: dict[etree._Element, dict[int, int]] = {}

    def _add(self, text: str | None) -> None:
        if text:
            self._parts.append(_collapse(text))

    def flush(self) -> None:
        line = "".join(self._parts).strip(_ASCII_SPACE_CHARS)
        self._parts = []
        if line.strip():
            self.lines.append(line)

    def write(self, root: etree._Element) -> None:
        stack: list[tuple[etree._Element, bool]] = [(root, False)]
        while stack:
            element, leaving = stack.pop()
            tag = _tag(element)
            block = tag in _BLOCK_TAGS
            if leaving:
                if block:
                    self.flush()
                if element is not root:
                    self._add(element.tail)
                continue
            if tag == "br":
                self.flush()
                stack.append((element, True))
                continue
            if tag == "tr":
                self.flush()
                self.lines.append(self._row(element))
                stack.append((element, True))
                continue
            if block:
                self.flush()
            self._add(element.text)
            stack.append((element, True))
            stack.extend((child, False) for child in reversed(element))
        self.flush()

    def _row(self, row: etree._Element) -> str:
        table = next((a for a in row.iterancestors() if _tag(a) == "table"), row)
        spans = self._row_spans.setdefault(table, {})
        cells: list[str] = []

        def fill_spanned() -> None:
            while spans.get(len(cells), 0) > 0:
                spans[len(cells)] -= 1
                cells.append("")

        for cell in row:
            if _tag(cell) not in {"td", "th"}:
                continue
            fill_spanned()
            writer = _LineWriter()
            writer.write(cell)
            cells.append(" ".join(writer.lines).replace("\t", " "))
            colspan = _span(cell.get("colspan"))
            rowspan = _span(cell.get("rowspan"))
            start = len(cells) - 1
            cells.extend([""] * (colspan - 1))
            if rowspan > 1:
                for column in range(start, start + colspan):
                    spans[column] = rowspan - 1
        fill_spanned()
        last = max((col for col, left in spans.items() if left > 0), default=-1)
        while len(cells) <= last:
            if spans.get(len(cells), 0) > 0:
                spans[len(cells)] -= 1
            cells.append("")
        return "\t".join(cells)


def _span(value: str | None) -> int:
    try:
        return min(max(int((value or "1").strip()), 1), 64)
    except ValueError:
        return 1


def _heading_outside(root: etree._Element, container: etree._Element) -> str | None:
    """Text of the last heading-like element before the container, if outside it."""
    ancestors = set(container.iterancestors())
    found: str | None = None
    for element in root.iter():
        if element is container:
            break
        if element in ancestors or not _tag(element):
            continue
        if _tag(element) in _HEADINGS or _tokens(element) & _TITLE_TOKENS:
            text = _collapse(_text_of(element)).strip()
            if 2 <= len(text) <= 200:
                found = text
    return found


_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def read_html(data: bytes, path: Path) -> Extraction:
    """Lines of the article text of an HTML page; raises `InputError` when it has no text."""
    try:
        decoded = decode_html(data)
    except DecodeError as exc:
        if exc.binary:
            raise messages.binary(path, exc.reason) from exc
        raise messages.undecodable(path, exc.reason) from exc
    source = _XML_DECLARATION.sub("", decoded.text, count=1)
    # lxml refuses strings with control characters anywhere in the tree; they carry no text anyway
    source = _XML_INCOMPATIBLE.sub("", source)
    # huge_tree: libxml2 otherwise stops silently at 256 nested elements and the rest of the page is lost
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(source, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise messages.html_no_text(path) from exc
    if any(error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for error in parser.error_log):
        raise messages.html_too_deep(path)
    title_element = root.find(".//title")
    title = _collapse(_text_of(title_element)).strip() if title_element is not None else ""
    body = root.find("body")
    if body is None:
        body = root
    _strip_chrome(body)
    container = _choose_container(body)
    writer = _LineWriter()
    writer.write(container)
    lines: list[str] = [title] if title else []
    heading = _heading_outside(body, container) if container is not body else None
    if heading and heading != title:
        lines.append(heading)
    lines.extend(writer.lines)
    if not any(line.strip() for line in writer.lines):
        raise messages.html_no_text(path)
    logger.debug("%s: container <%s id=%s class=%s>", path, _tag(container), container.get("id"),
                 container.get("class"))  # fmt: skip
    return Extraction(lines=tuple(lines), encoding=decoded.encoding)
