"""Hostile documents for the growth bench and the reader's regression tests, each at a chosen size.

Every family reproduces one measured failure of the reader (issue 9): text that a PDF table, a careless
export or a malicious upload produces, wrapped in just enough plan structure (a title and a goal
section) that the reader does not refuse it as "not a plan". `make(family, kb)` returns the document's
bytes and its file suffix; the text families are plain UTF-8, `deep-html` is HTML and
`docx-paragraphs` a Word file.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable

HEAD = "某市科技创新发展“十四五”规划\n第一章 发展目标\n一、主要目标\n"
_PROSE = (
    "到2025年，全市高新技术企业数量突破12000家，技术合同成交额达到1300亿元，"
    "研究与试验发展经费投入强度达到3.5%左右。（责任单位：市科技局、市发改委）"
)


def _fill(unit: str, kb: float, head: str = HEAD, tail: str = "", sep: str = "") -> str:
    """`head` + `unit` repeated (joined by `sep`) until the text reaches `kb` KB of UTF-8."""
    target = int(kb * 1024)
    size = len(unit.encode("utf-8")) + len(sep.encode("utf-8"))
    count = max(1, (target - len(head.encode("utf-8"))) // max(1, size))
    return head + sep.join([unit] * count) + tail


def bare_numbers(kb: float) -> str:
    """Lines holding only bare numbers, as PDF tables produce: the cleaner joins them into one paragraph,
    a single ever-growing clause."""
    lines = [HEAD.rstrip("\n")]
    size, i = 0, 0
    while size < kb * 1024:
        line = f"{1000 + i * 37 % 9000} {2000 + i % 7000} {i % 90 + 10}"
        lines.append(line)
        size += len(line) + 1
        i += 1
    return "\n".join(lines)


def chinese_numerals(kb: float) -> str:
    """A run of Chinese numerals without a unit: 一千二百三十四万 × n."""
    return _fill("一千二百三十四万", kb, tail="。\n")


def unclosed_notes(kb: float) -> str:
    """Responsibility notes that never close: （责任单位： × n."""
    return _fill("（责任单位：", kb, head=HEAD + "加快推进科技创新", tail="\n")


def boxes(kb: float) -> str:
    """专栏 after 专栏, each followed by a lower heading (which used to nest every box in the last one)."""
    parts = [HEAD]
    size, i = 0, 0
    while size < kb * 1024:
        part = f"专栏{i // 99 % 99 + 1}-{i % 99 + 1} 重点工程\n（一）重点任务{i}\n光谷实验室{i}。建设国家级实验室。\n"
        parts.append(part)
        size += len(part.encode("utf-8"))
        i += 1
    return "".join(parts)


def remark_brackets(kb: float) -> str:
    """A responsibility note holding a long run of unclosed 《."""
    return _fill("《", kb, head=HEAD + "加快推进科技创新。（责任单位：市科技局", tail="）\n")


def long_targets(kb: float) -> str:
    """One long comma-separated sentence of targets (every target used to store the whole sentence)."""
    parts = [HEAD, "到2025年，"]
    size, i = 0, 0
    while size < kb * 1024:
        part = f"第{i}类企业数量达到{100 + i % 900}家，"
        parts.append(part)
        size += len(part.encode("utf-8"))
        i += 1
    return "".join(parts) + "全面建成科技创新中心。\n"


def huge_number(kb: float) -> str:
    """One figure of `kb` thousand digits (a million digits used to raise decimal.Overflow)."""
    return HEAD + "技术合同成交额达到" + "9" * int(kb * 1024) + "亿元。\n"


def single_line(kb: float) -> str:
    """Ordinary plan prose on one line of `kb` KB (no line breaks at all)."""
    return _fill(_PROSE, kb, tail="\n")


def deep_html(kb: float) -> str:
    """<div class="header"> nested up to 1,500 deep (a quarter of the bytes; libxml2 reads 2,048 levels
    with huge_tree, and used to stop silently at 256), then prose paragraphs."""
    depth = min(1500, int(kb * 1024) // 4 // 26)
    head = '<div class="header">' * depth
    paragraph = f"<p>{_PROSE}</p>"
    count = max(1, (int(kb * 1024) - len(head) * 2) // len(paragraph.encode("utf-8")))
    body = head + "<h2>第一章 发展目标</h2>" + paragraph * count + "</div>" * depth
    return (
        "<html><head><title>某市科技创新发展“十四五”规划</title></head><body>"
        f"<h1>某市科技创新发展“十四五”规划</h1>{body}</body></html>"
    )


def docx_paragraphs(kb: float) -> bytes:
    """A Word document of short paragraphs, about `kb` KB of text (300k paragraphs at ~9 MB)."""
    import docx  # python-docx: a runtime dependency of planwatch

    document = docx.Document()
    document.add_paragraph("某市科技创新发展“十四五”规划")
    document.add_paragraph("第一章 发展目标")
    count = max(1, int(kb * 1024) // 30)
    body = document.element.body
    template = document.add_paragraph("加快推进科技创新。")._p
    for i in range(count):
        p = copy.deepcopy(template)
        p[-1][-1].text = f"加快推进第{i}项科技创新。"
        body.append(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


TEXT_FAMILIES: dict[str, Callable[[float], str]] = {
    "bare-numbers": bare_numbers,
    "chinese-numerals": chinese_numerals,
    "unclosed-notes": unclosed_notes,
    "boxes": boxes,
    "remark-brackets": remark_brackets,
    "long-targets": long_targets,
    "huge-number": huge_number,
    "single-line": single_line,
}
FAMILIES: tuple[str, ...] = (*TEXT_FAMILIES, "deep-html", "docx-paragraphs")


def make(family: str, kb: float) -> tuple[bytes, str]:
    """The document of `family` at about `kb` KB, and the file suffix to save it with."""
    if family in TEXT_FAMILIES:
        return TEXT_FAMILIES[family](kb).encode("utf-8"), ".txt"
    if family == "deep-html":
        return deep_html(kb).encode("utf-8"), ".html"
    if family == "docx-paragraphs":
        return docx_paragraphs(kb), ".docx"
    raise ValueError(f"unknown family {family!r}; known: {', '.join(FAMILIES)}")
