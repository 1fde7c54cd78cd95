"""Plain-text decoding: BOMs, UTF-16 without BOM, GB18030, binary and empty files, line splitting."""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from planwatch.domain.errors import InputError
from planwatch.domain.source import SourceFormat
from planwatch.ingest import read_source

Write = Callable[[str, bytes], Path]

PLAN = "武汉市科技创新发展“十四五”规划\n第一章　发展基础\n硚口区研发投入强度达到3.5%。\n"
PLAN_LINES = ("武汉市科技创新发展“十四五”规划", "第一章　发展基础", "硚口区研发投入强度达到3.5%。")


def test_utf8(write: Write) -> None:
    data = PLAN.encode("utf-8")
    path = write("plan.txt", data)
    source = read_source(path)
    assert source.format is SourceFormat.TEXT
    assert source.encoding == "utf-8"
    assert source.lines == PLAN_LINES
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.path == str(path)
    assert source.page_breaks == ()


def test_utf8_bom(write: Write) -> None:
    source = read_source(write("plan.txt", codecs.BOM_UTF8 + PLAN.encode("utf-8")))
    assert source.encoding == "utf-8-sig"
    assert source.lines == PLAN_LINES  # the BOM is not part of the first line


def test_gb18030_with_characters_outside_gb2312(write: Write) -> None:
    text = "硚口区与堃、珺、昇的名字都不在 GB2312 里。\n第二行\n"
    data = text.encode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        text.encode("gb2312")
    source = read_source(write("gbk.txt", data))
    assert source.encoding == "gb18030"
    assert source.lines == ("硚口区与堃、珺、昇的名字都不在 GB2312 里。", "第二行")


def test_gbk_plain(write: Write) -> None:
    source = read_source(write("gbk.txt", PLAN.encode("gbk")))
    assert source.encoding == "gb18030"
    assert source.lines == PLAN_LINES


@pytest.mark.parametrize(
    ("codec", "bom"), [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)]
)
def test_utf16_with_bom(write: Write, codec: str, bom: bytes) -> None:
    source = read_source(write("u16.txt", bom + PLAN.encode(codec)))
    assert source.encoding == "utf-16"
    assert source.lines == PLAN_LINES


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(write: Write, codec: str) -> None:
    source = read_source(write("u16.txt", PLAN.encode(codec)))
    assert source.encoding == codec
    assert source.lines == PLAN_LINES


def test_line_endings_and_form_feed(write: Write) -> None:
    # CRLF, lone CR and LF all end a line; a form feed (page break from pdftotext) stays in its line,
    # so line numbers match what an editor shows.
    data = "第一行\r\n第二行\r第三行\n\x0c第四行\n\n第六行".encode()
    source = read_source(write("mixed.txt", data))
    assert source.lines == ("第一行", "第二行", "第三行", "\x0c第四行", "", "第六行")


def test_indentation_kept(write: Write) -> None:
    source = read_source(write("indent.txt", "　　一、总体要求  \n".encode()))
    assert source.lines == ("　　一、总体要求  ",)


def test_empty_file(write: Write) -> None:
    with pytest.raises(InputError) as caught:
        read_source(write("empty.txt", b""))
    assert caught.value.message.startswith("文件为空：")
    assert "请确认" in caught.value.message
    assert caught.value.detail


@pytest.mark.parametrize("data", [b"   \n\t\r\n  ", "　　\n".encode(), codecs.BOM_UTF8])
def test_whitespace_only(write: Write, data: bytes) -> None:
    with pytest.raises(InputError, match="只包含空白字符"):
        read_source(write("blank.txt", data))


def test_binary_with_nul_bytes(write: Write) -> None:
    data = bytes(range(256)) * 8
    with pytest.raises(InputError, match="不是文本文件") as caught:
        read_source(write("blob.bin", data))
    assert caught.value.detail is not None and "binary" in caught.value.detail


def test_binary_control_characters_without_nul(write: Write) -> None:
    data = bytes(range(1, 32)) * 20 + "正文".encode()
    with pytest.raises(InputError, match="不是文本文件"):
        read_source(write("ctrl.bin", data))


def test_damaged_bom_file_is_undecodable(write: Write) -> None:
    with pytest.raises(InputError, match="无法识别文件的文字编码"):
        read_source(write("bad.txt", codecs.BOM_UTF8 + b"\xff\xfe\xfd abc"))


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "plan.txt"
    with pytest.raises(InputError, match="找不到文件") as caught:
        read_source(missing)
    assert str(missing) in caught.value.message


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="不是一个普通文件"):
        read_source(tmp_path)


def test_path_with_nul_character(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"找不到文件|无法打开文件"):
        read_source(tmp_path / "bad\x00name.txt")
