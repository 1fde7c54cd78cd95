"""Format detection by content.

Files from government sites often carry the wrong extension (an .htm saved as .doc, a .docx renamed
.txt, a PDF served as .html), so the reader is chosen from the bytes. Formats we cannot read are
recognised too, so that the user is told "this is an Excel file" instead of "undecodable text".
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from planwatch.domain.source import SourceFormat
from planwatch.ingest import messages
from planwatch.ingest.encoding import bom_encoding, utf16_without_bom

# Refuse archives that would inflate beyond this: a plan DOCX is a few MB even with images.
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_IMAGES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
)
_HTML_MARKERS = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.IGNORECASE)
_HTML_TAGS = re.compile(
    r"</?(?:p|div|span|br|table|tr|td|th|a|li|ul|ol|h[1-6]|strong|b|i|em|font|img|meta|title|center)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_SNIFF_CHARS = 64 * 1024


def _zip_format(data: bytes, path: Path) -> SourceFormat:
    """DOCX when the archive holds a Word document; other archives are refused with a reason."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        # A broken archive is most likely a damaged Word file: that is the only ZIP format we read.
        raise messages.docx_corrupt(path, f"bad zip: {exc}") from exc
    names = {info.filename for info in infos}
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED_BYTES:
        raise messages.too_large(path, f"{total} bytes uncompressed")
    if "word/document.xml" in names:
        return SourceFormat.DOCX
    if any(name.startswith("word/") for name in names):
        raise messages.docx_corrupt(path, "word/document.xml missing")
    if any(name.startswith("xl/") for name in names):
        raise messages.unsupported(path, "Excel 表格", "请把规划正文另存为 .docx 或 .txt")
    if any(name.startswith("ppt/") for name in names):
        raise messages.unsupported(path, "PowerPoint 演示文稿", "请把规划正文另存为 .docx 或 .pdf")
    if "mimetype" in names or "content.xml" in names:
        raise messages.unsupported(path, "OpenDocument 文档", "请在 WPS 或 LibreOffice 中另存为 .docx")
    raise messages.unsupported(path, "ZIP 压缩包", "请先解压，再选择其中的规划文件")


def _text_view(data: bytes) -> str:
    """A lossy view of the first bytes, good enough to look for ASCII markup in any encoding."""
    head = data[: _SNIFF_CHARS * 2]
    bom = bom_encoding(head)
    codec = bom[0] if bom is not None else utf16_without_bom(head[: len(head) // 2 * 2])
    if codec is not None:
        return head.decode(codec, errors="ignore")
    return head.decode("latin-1")


def looks_like_html(text: str) -> bool:
    """Markup markers near the top, or many common HTML tags relative to the text length."""
    head = text[:_SNIFF_CHARS]
    if _HTML_MARKERS.search(head[:4096]):
        return True
    tags = len(_HTML_TAGS.findall(head))
    return tags >= 5 and tags * 200 >= len(head)


def sniff(data: bytes, path: Path) -> SourceFormat:
    """Return the reader's format for `data`, or raise `InputError` for formats we do not read."""
    if data[:1024].lstrip(b"\x00\t\n\r\f ").startswith(b"%PDF-"):
        return SourceFormat.PDF
    if data.startswith(_ZIP_MAGICS):
        return _zip_format(data, path)
    if data.startswith(_OLE2):
        raise messages.unsupported(path, "旧版 Office 文件 .doc/.xls", "请在 Word 或 WPS 中另存为 .docx")
    for magic, kind in _IMAGES:
        if data.startswith(magic):
            raise messages.unsupported(path, kind, "请先用文字识别（OCR）转换为文字")
    if data.startswith(b"{\\rtf"):
        raise messages.unsupported(path, "RTF 文档", "请在 Word 或 WPS 中另存为 .docx")
    if looks_like_html(_text_view(data)):
        return SourceFormat.HTML
    return SourceFormat.TEXT
