"""PDF: text layer page by page, radicals folded, damaged/encrypted/scanned files refused."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from planwatch.domain.errors import InputError
from planwatch.domain.source import SourceFormat
from planwatch.ingest import read_source

Write = Callable[[str, bytes], Path]
MakePdf = Callable[[Sequence[Sequence[str]]], bytes]

PAGE_ONE = ("第一章 总体要求", "到2025年，全社会研发投入强度达到3.5%。", "硚口区建设创新街区。")
PAGE_TWO = ("第二章 主要任务", "（一）提升原始创新能力")


def test_two_pages_of_chinese(write: Write, make_pdf: MakePdf) -> None:
    source = read_source(write("plan.pdf", make_pdf([PAGE_ONE, PAGE_TWO])))
    assert source.format is SourceFormat.PDF
    assert source.encoding is None
    assert source.lines == PAGE_ONE + PAGE_TWO
    assert source.page_breaks == (4,)  # page 2 starts at line 4


def test_radicals_are_folded(write: Write, make_pdf: MakePdf) -> None:
    # STSong-Light has glyphs for the radical code points, so this PDF extracts as radicals — like
    # the government PDFs that motivated radicals.py.
    source = read_source(write("radicals.pdf", make_pdf([["第⼀章 ⻓江经济带“⼗四五”规划"]])))
    assert source.lines == ("第一章 长江经济带“十四五”规划",)


def test_page_without_text_keeps_page_numbering(write: Write, make_pdf: MakePdf) -> None:
    source = read_source(write("gap.pdf", make_pdf([PAGE_ONE, [], PAGE_TWO])))
    assert source.lines == (*PAGE_ONE, "", *PAGE_TWO)
    assert source.page_breaks == (4, 5)


def _drawing_only_pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(72, 72, 300, 500, fill=1)  # what a scanned page looks like to a text extractor
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_no_text_layer_needs_ocr(write: Write) -> None:
    with pytest.raises(InputError, match="OCR") as caught:
        read_source(write("scan.pdf", _drawing_only_pdf()))
    assert "扫描件" in caught.value.message


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_truncated_pdf(write: Write, make_pdf: MakePdf, fraction: float) -> None:
    data = make_pdf([PAGE_ONE, PAGE_TWO])
    cut = data[: int(len(data) * fraction)]
    try:
        source = read_source(write("cut.pdf", cut))
    except InputError as error:
        assert error.message.startswith("PDF 文件已损坏或不完整")
    else:  # PDFium repairs some truncations; then what it recovered must be real text
        assert set(source.lines) <= set(PAGE_ONE + PAGE_TWO) | {""}


def test_half_a_pdf_is_corrupt(write: Write, make_pdf: MakePdf) -> None:
    data = make_pdf([PAGE_ONE, PAGE_TWO])
    with pytest.raises(InputError, match="PDF 文件已损坏或不完整"):
        read_source(write("cut.pdf", data[: len(data) // 2]))


def test_header_only(write: Write) -> None:
    with pytest.raises(InputError, match="PDF 文件已损坏或不完整"):
        read_source(write("stub.pdf", b"%PDF-1.7\n"))


def test_password_protected(write: Write) -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=pdfencrypt.StandardEncryption("secret"))
    pdf.drawString(72, 750, "confidential")
    pdf.save()
    with pytest.raises(InputError, match="密码"):
        read_source(write("locked.pdf", buffer.getvalue()))


def test_documents_are_closed(write: Write, make_pdf: MakePdf, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Any] = []

    class Tracking(pypdfium2.PdfDocument):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.closed_by_caller = False
            opened.append(self)

        def close(self) -> None:
            self.closed_by_caller = True
            super().close()

    monkeypatch.setattr(pypdfium2, "PdfDocument", Tracking)
    read_source(write("ok.pdf", make_pdf([PAGE_ONE])))
    with pytest.raises(InputError):
        read_source(write("scan.pdf", _drawing_only_pdf()))
    assert len(opened) == 2
    assert all(document.closed_by_caller for document in opened)


def test_pdf_with_html_extension_is_sniffed(write: Write, make_pdf: MakePdf) -> None:
    assert read_source(write("page.html", make_pdf([PAGE_ONE]))).format is SourceFormat.PDF
