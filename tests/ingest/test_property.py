"""Whatever the bytes, `read_source` returns a SourceText or raises InputError — nothing else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planwatch.domain.errors import InputError
from planwatch.domain.source import SourceText
from planwatch.ingest import read_source

_PREFIXES = st.sampled_from(
    [
        b"",
        b"%PDF-",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        b"PK\x03\x04",
        b"PK\x05\x06" + b"\x00" * 18,
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xfe\xff",
        b"<html><head><meta charset=gb2312></head><body>",
        b"<p>",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\x89PNG\r\n\x1a\n",
    ]
)
_BODIES = st.one_of(
    st.binary(max_size=2048),
    st.text(max_size=300).map(lambda text: text.encode("utf-8")),
    st.text(alphabet="一二三四五六七八九十章节、（）<>/p \n\x00", max_size=300).map(
        lambda text: text.encode("gb18030")
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=_PREFIXES, body=_BODIES)
def test_any_bytes_give_source_text_or_input_error(prefix: bytes, body: bytes) -> None:
    data = prefix + body
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.bin"
        path.write_bytes(data)
        try:
            result = read_source(path)
        except InputError as error:
            assert error.message and error.detail
            # The catch-all for unforeseen library failures must not be what handled these bytes.
            assert not error.detail.startswith("internal error"), error.detail
        else:
            assert isinstance(result, SourceText)
            assert all("\n" not in line and "\r" not in line for line in result.lines)
            assert any(line.strip() for line in result.lines)


def _samples() -> list[bytes]:
    """A valid DOCX, PDF and HTML page to damage: random bytes rarely get past the format checks."""
    import io

    import docx
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    document = docx.Document()
    document.add_paragraph("第一章 总体要求", style="List Number")
    document.add_table(rows=2, cols=2).cell(0, 0).text = "指标"
    docx_buffer = io.BytesIO()
    document.save(docx_buffer)
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf_buffer = io.BytesIO()
    pdf = canvas.Canvas(pdf_buffer, pageCompression=0)
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(72, 750, "第一章 总体要求 ⼗四五")
    pdf.showPage()
    pdf.save()
    html = "<html><head><meta charset=gb2312><title>规划</title></head><body><div id=zoom>"
    html += "<p>硚口区</p><table><tr><td rowspan=3 colspan=2>a</td></tr></table></div></body></html>"
    return [docx_buffer.getvalue(), pdf_buffer.getvalue(), html.encode("gb18030")]


_SAMPLES = _samples()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.sampled_from(range(len(_SAMPLES))),
    cut=st.floats(min_value=0.0, max_value=1.0),
    flips=st.lists(st.tuples(st.floats(min_value=0.0, max_value=0.999), st.integers(0, 255)), max_size=8),
)
def test_damaged_documents_give_source_text_or_input_error(
    sample: int, cut: float, flips: list[tuple[float, int]]
) -> None:
    data = bytearray(_SAMPLES[sample])
    for position, value in flips:
        data[int(position * len(data))] = value
    data = data[: max(1, int(len(data) * cut))] if cut < 1.0 else data
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.bin"
        path.write_bytes(bytes(data))
        try:
            read_source(path)
        except InputError as error:
            assert error.detail is not None and not error.detail.startswith("internal error"), error.detail
