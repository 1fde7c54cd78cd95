"""Formats we do not read are named in the error, whatever the file extension says."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from planwatch.domain.errors import InputError
from planwatch.ingest import read_source

Write = Callable[[str, bytes], Path]

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("scan.png", PNG, "PNG 图片"),
        ("scan.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG 图片"),
        ("anim.gif", b"GIF89a\x01\x00\x01\x00", "GIF 图片"),
        ("tasks.xlsx", _zip(["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]), "Excel"),
        ("slides.pptx", _zip(["[Content_Types].xml", "ppt/presentation.xml"]), "PowerPoint"),
        ("plan.odt", _zip(["mimetype", "content.xml"]), "OpenDocument"),
        ("bundle.zip", _zip(["a.txt", "b.txt"]), "ZIP 压缩包"),
        ("old.doc", OLE, ".doc/.xls"),
        ("old.rtf", b"{\\rtf1\\ansi hello}", "RTF"),
    ],
)
def test_unsupported_formats(write: Write, name: str, data: bytes, kind: str) -> None:
    with pytest.raises(InputError) as caught:
        read_source(write(name, data))
    message = caught.value.message
    assert message.startswith("不支持的文件格式")
    assert kind in message
    for extension in (".txt", ".docx", ".pdf", ".html"):
        assert extension in message  # tells the user what would work
    assert caught.value.detail is not None and caught.value.detail.startswith("unsupported format")


def test_png_with_txt_extension_is_still_an_image(write: Write) -> None:
    with pytest.raises(InputError, match="PNG"):
        read_source(write("plan.txt", PNG))
