"""Hard limits of the reader, and the parse time budget.

The reader is linear in its input (bench/growth.py measures it), but linear in a 500 MB file is still
too much for a web upload or a 2 GB server. So what a document may hold is capped here, in one place,
and every cap ends the same way: one Chinese sentence saying what was too large and what to do, as an
`InputError` (exit code 2), never a traceback, a MemoryError or a request that never answers.

The caps sit far above real plans (the two Wuhan samples: ~100 KB, ~1,800 lines, ~1,000 nodes, ~300
facts) and far below what breaks a machine (a node costs about 1 KB of memory with its text; a fact a
few hundred bytes now that its quote is bounded).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from planwatch.domain.errors import InputError

MAX_FILE_BYTES = 64 * 1024 * 1024  # the file as stored on disk (uploads are capped lower, at 10 MB)
MAX_TEXT_CHARS = 8_000_000  # characters of decoded text (a 5-year plan has ~40,000)
MAX_LINES = 200_000  # source lines (one per paragraph for DOCX/HTML, per text line for PDF/TXT)
MAX_NODES = 200_000  # outline nodes: headings, boxes, box entries, tables and paragraphs
MAX_FACTS = 100_000  # indicators, responsibilities, targets and past figures together
MAX_QUOTE_CHARS = 200  # a fact quotes at most this much of its sentence, around the figure
UPLOAD_PARSE_SECONDS = 20.0  # the parse time budget of a document uploaded through the web app


def _wan(count: int) -> str:
    """12,000,000 → "1200万": Chinese readers count large numbers in 万."""
    return f"{count // 10_000}万" if count >= 10_000 and count % 10_000 == 0 else f"{count:,}"


def check_file_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"文件过大（{size / 2**20:.1f} MB）：{name}。planwatch 最多读取 {MAX_FILE_BYTES // 2**20} MB 的文件，"
            "请只保留规划正文或拆分文件后重试。",
            detail=f"file of {size} bytes exceeds MAX_FILE_BYTES={MAX_FILE_BYTES}",
        )


def check_text(lines: tuple[str, ...] | list[str], name: str) -> None:
    """The decoded document: not too many lines, not too many characters."""
    if len(lines) > MAX_LINES:
        raise InputError(
            f"文档行数过多（{len(lines):,} 行）：{name}。planwatch 最多读取 {_wan(MAX_LINES)} 行，"
            "请确认这是规划正文（数据表请用“planwatch observe import”导入）。",
            detail=f"{len(lines)} lines exceed MAX_LINES={MAX_LINES}",
        )
    chars = sum(len(line) for line in lines)
    if chars > MAX_TEXT_CHARS:
        raise InputError(
            f"文档文字过多（约 {chars // 10_000:,} 万字）：{name}。planwatch 最多读取 {_wan(MAX_TEXT_CHARS)} 字，"
            "请只保留规划正文或拆分文件后重试。",
            detail=f"{chars} characters exceed MAX_TEXT_CHARS={MAX_TEXT_CHARS}",
        )


def check_nodes(count: int, name: str) -> None:
    if count > MAX_NODES:
        raise InputError(
            f"文档的段落和标题过多（{count:,} 个）：{name}。planwatch 最多读取 {_wan(MAX_NODES)} 个，"
            "请确认这是一份规划正文，而不是数据导出文件。",
            detail=f"{count} nodes exceed MAX_NODES={MAX_NODES}",
        )


def check_facts(count: int, name: str) -> None:
    if count > MAX_FACTS:
        raise InputError(
            f"从文档中识别出的指标、目标和数据过多（超过 {_wan(MAX_FACTS)} 条）：{name}。"
            "请确认这是一份规划正文，而不是数据表或统计资料汇编。",
            detail=f"more than MAX_FACTS={MAX_FACTS} facts",
        )


@dataclass(frozen=True, slots=True)
class Deadline:
    """A parse time budget: `check()` raises once `seconds` have passed since `start()`.

    The reader calls `check()` between stages and every few hundred nodes, so a budget is kept to
    within a few milliseconds; a web upload passes one so that a hostile document cannot hold a worker.
    """

    seconds: float
    at: float  # time.monotonic() after which check() raises

    @classmethod
    def start(cls, seconds: float) -> Deadline:
        return cls(seconds, time.monotonic() + seconds)

    def check(self, name: str = "") -> None:
        if time.monotonic() > self.at:
            where = f"：{name}" if name else ""
            raise InputError(
                f"解析超时（超过 {self.seconds:g} 秒）{where}。文档可能过大或格式异常，"
                "请只保留规划正文、拆分文件后重试，或在命令行中用“planwatch parse”解析。",
                detail=f"parse time budget of {self.seconds} s exceeded",
            )


def check_deadline(deadline: Deadline | None, name: str = "") -> None:
    if deadline is not None:
        deadline.check(name)
