"""DOCX: paragraphs and tables in order, Word's automatic numbering rebuilt, damaged files refused."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph

from planwatch.domain.errors import InputError
from planwatch.domain.source import SourceFormat
from planwatch.ingest import read_source

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
Write = Callable[[str, bytes], Path]
AddNumbering = Callable[[Document], None]
Numbered = Callable[[Paragraph, int, int], None]


def _save(document: Document, path: Path) -> Path:
    document.save(str(path))
    return path


def test_heading_list_number_and_table(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("武汉市科技创新发展“十四五”规划", level=1)
    document.add_paragraph("总体要求如下：")
    # The default template's "List Number" style links to numId 5 → a single-level "%1." decimal list.
    document.add_paragraph("提升原始创新能力", style="List Number")
    document.add_paragraph("强化企业创新主体地位", style="List Number")
    document.add_paragraph("优化创新生态", style="List Number")
    table = document.add_table(rows=2, cols=3)
    for column, text in enumerate(("指标", "2020年", "2025年")):
        table.cell(0, column).text = text
    for column, text in enumerate(("研发投入强度（%）", "3.2", "3.5")):
        table.cell(1, column).text = text
    document.add_paragraph("表后说明。")
    source = read_source(_save(document, tmp_path / "plan.docx"))
    assert source.format is SourceFormat.DOCX
    assert source.encoding is None
    assert source.lines == (
        "武汉市科技创新发展“十四五”规划",
        "总体要求如下：",
        "1. 提升原始创新能力",
        "2. 强化企业创新主体地位",
        "3. 优化创新生态",
        "指标\t2020年\t2025年",
        "研发投入强度（%）\t3.2\t3.5",
        "表后说明。",
    )


def test_list_number_template_definition() -> None:
    """Guards the assumption above: what the default template's List Number style really produces."""
    document = docx.Document()
    style = document.styles["List Number"].element
    num_id = style.find(f"{{{W_NS}}}pPr/{{{W_NS}}}numPr/{{{W_NS}}}numId").get(f"{{{W_NS}}}val")
    numbering = document.part.numbering_part.element
    num = numbering.find(f"{{{W_NS}}}num[@{{{W_NS}}}numId='{num_id}']")
    abstract_id = num.find(f"{{{W_NS}}}abstractNumId").get(f"{{{W_NS}}}val")
    abstract = numbering.find(f"{{{W_NS}}}abstractNum[@{{{W_NS}}}abstractNumId='{abstract_id}']")
    level = abstract.find(f"{{{W_NS}}}lvl[@{{{W_NS}}}ilvl='0']")
    assert level.find(f"{{{W_NS}}}numFmt").get(f"{{{W_NS}}}val") == "decimal"
    assert level.find(f"{{{W_NS}}}lvlText").get(f"{{{W_NS}}}val") == "%1."


def test_chinese_numbering_levels(
    tmp_path: Path, chinese_numbering: AddNumbering, numbered: Numbered
) -> None:
    document = docx.Document()
    chinese_numbering(document)
    spec = [
        ("发展基础", 91, 0),
        ("总体要求", 90, 0),
        ("指导思想", 90, 1),
        ("基本原则", 90, 1),
        ("坚持创新引领", 90, 2),
        ("坚持开放合作", 90, 2),
        ("发展目标", 90, 0),  # level 0 advances: （一） restarts below it
        ("创新能力", 90, 1),
        ("主要任务", 91, 0),
        ("保障措施", 92, 0),  # a second list over the same definition, restarted at 5 by startOverride
    ]
    for text, num_id, level in spec:
        numbered(document.add_paragraph(text), num_id, level)
    for index in range(9):
        numbered(document.add_paragraph(f"第{index}项"), 90, 0)
    source = read_source(_save(document, tmp_path / "cn.docx"))
    assert source.lines[:10] == (
        "第一章 发展基础",
        "一、总体要求",
        "（一）指导思想",
        "（二）基本原则",
        "①坚持创新引领",
        "②坚持开放合作",
        "二、发展目标",
        "（一）创新能力",
        "第二章 主要任务",
        "第五章 保障措施",
    )
    # Counting goes on past ten the way Chinese writes numbers: 十, 十一.
    assert [line.split("、")[0] for line in source.lines[10:]] == [
        "三", "四", "五", "六", "七", "八", "九", "十", "十一"
    ]  # fmt: skip


def test_numbering_through_style_and_explicit_removal(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("甲", style="List Number")
    removed = document.add_paragraph("不编号", style="List Number")
    removed._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>')
    )
    document.add_paragraph("乙", style="List Number")
    source = read_source(_save(document, tmp_path / "style.docx"))
    assert source.lines == ("1. 甲", "不编号", "2. 乙")


def test_soft_breaks_tabs_and_merged_cells(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("第一行")
    run = paragraph.add_run()
    run.add_break()
    paragraph.add_run("第二行\t同一行")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "跨两列"
    table.cell(0, 2).text = "右"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "跨两行"
    table.cell(1, 1).text = "牵头单位"
    table.cell(1, 1).add_paragraph("配合单位")
    table.cell(1, 2).text = "x"
    table.cell(2, 1).text = "y"
    table.cell(2, 2).text = "z"
    source = read_source(_save(document, tmp_path / "merge.docx"))
    assert source.lines == (
        "第一行",
        "第二行 同一行",
        "跨两列\t\t右",
        "跨两行\t牵头单位 配合单位\tx",
        "\ty\tz",
    )


def test_tracked_deletion_and_field_code_skipped(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("保留")
    paragraph._p.append(
        parse_xml(
            f'<w:del xmlns:w="{W_NS}" w:id="1" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        )
    )
    paragraph._p.append(
        parse_xml(f'<w:ins xmlns:w="{W_NS}" w:id="2" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>')
    )
    paragraph._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:instrText> PAGE </w:instrText></w:r>'))
    source = read_source(_save(document, tmp_path / "track.docx"))
    assert source.lines == ("保留插入",)


def test_docx_renamed_to_txt_is_sniffed(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("正文")
    path = tmp_path / "plan.txt"
    document.save(str(path))
    assert read_source(path).format is SourceFormat.DOCX


def test_truncated_docx(tmp_path: Path, write: Write) -> None:
    document = docx.Document()
    document.add_paragraph("正文")
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    with pytest.raises(InputError, match="Word 文件已损坏或不完整"):
        read_source(write("cut.docx", data[: len(data) // 2]))


def test_docx_without_document_xml(write: Write) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<w:styles/>")
    with pytest.raises(InputError, match="Word 文件已损坏或不完整"):
        read_source(write("broken.docx", buffer.getvalue()))


def test_docx_with_broken_xml(write: Write) -> None:
    document = docx.Document()
    document.add_paragraph("正文")
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "word/document.xml":
                payload = payload[: len(payload) // 2]
            archive.writestr(info, payload)
    with pytest.raises(InputError, match="Word 文件已损坏或不完整") as caught:
        read_source(write("badxml.docx", out.getvalue()))
    assert caught.value.detail is not None and caught.value.detail.startswith("corrupt DOCX")


def test_empty_docx(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="Word 文件中没有文字"):
        read_source(_save(docx.Document(), tmp_path / "empty.docx"))
