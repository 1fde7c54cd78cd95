"""HTML: charset from BOM/meta (gb2312 read as gb18030), chrome dropped, article chosen generically."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from planwatch.domain.errors import InputError
from planwatch.domain.source import SourceFormat
from planwatch.ingest import read_source

FIXTURES = Path(__file__).parent / "fixtures"
Write = Callable[[str, bytes], Path]


def test_government_page_declared_gb2312() -> None:
    source = read_source(FIXTURES / "gov_page_gb2312.html")
    assert source.format is SourceFormat.HTML
    assert source.encoding == "gb18030"  # declared gb2312, but 硚 is outside GB2312
    assert source.lines == (
        "武汉市科技创新发展“十四五”规划_武汉市人民政府",  # <title>
        "武汉市科技创新发展“十四五”规划",  # <h1> above the article container
        "\xa0\xa0\xa0\xa0为深入实施创新驱动发展战略，建设具有全国影响力的科技创新中心，制定本规划。",
        "\u3000\u3000第一章\u3000发展基础",
        "\u3000\u3000“十三五”以来，全市研发投入强度由2.96%提高到3.51%，硚口区、江汉区 创新街区建设加快推进。",
        "\u3000\u3000一、总体要求",
        "\u3000\u3000（一）指导思想",
        "指标\t目标值\t",  # colspan keeps the grid
        "研发投入强度（%）\t2025年\t3.5",
        "\t2030年\t4.0",  # rowspan leaves an empty cell below
        "光谷实验室",
        "江夏实验室",
    )
    text = "\n".join(source.lines)
    for chrome in ("首页", "当前位置", "相关链接", "分享到", "相关文章", "版权所有", "主办", "菜单脚本"):
        assert chrome not in text


ARTICLE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>规划全文</title></head>
<body><nav><a href="/">首页</a></nav>
<header><h1>门户网站</h1></header>
<main><article><header><h1>湖北省科技创新“十四五”规划</h1></header>
<p>第一章 发展环境</p><p>一、发展基础</p>
<footer>责任编辑：张三</footer></article>
<aside><p>热点新闻：某某会议召开，内容较长的侧栏文字也不应进入正文。</p></aside></main>
<footer><p>网站地图 | 联系我们</p></footer></body></html>"""


def test_article_element_utf8(write: Write) -> None:
    source = read_source(write("a.html", ARTICLE_PAGE.encode("utf-8")))
    assert source.encoding == "utf-8"
    assert source.lines == ("规划全文", "湖北省科技创新“十四五”规划", "第一章 发展环境", "一、发展基础")


def test_aspnet_form_wrapper_is_not_dropped(write: Write) -> None:
    page = (
        "<html><head><title>规划</title></head><body><form id='form1' method='post'>"
        "<div class='content'><p>第一章 总体要求</p><p>到2025年，研发投入强度达到3.5%。</p></div>"
        "</form></body></html>"
    )
    source = read_source(write("aspx.html", page.encode("utf-8")))
    assert source.lines == ("规划", "第一章 总体要求", "到2025年，研发投入强度达到3.5%。")


def test_text_with_br_in_editor_div(write: Write) -> None:
    page = (
        "<html><body><div class='TRS_Editor'>　　第一章　总体要求<br>　　一、指导思想<br/>"
        "坚持创新   在现代化建设全局中的核心地位。</div></body></html>"
    )
    source = read_source(write("trs.htm", page.encode("gbk")))
    assert source.encoding == "gb18030"  # undeclared: UTF-8 fails, GB18030 decodes
    assert source.lines == (
        "　　第一章　总体要求",
        "　　一、指导思想",
        "坚持创新 在现代化建设全局中的核心地位。",
    )


def test_wrong_latin1_declaration_on_utf8_page(write: Write) -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>创新驱动</p></body></html>'
    source = read_source(write("x.html", page.encode("utf-8")))
    assert source.encoding == "utf-8"
    assert source.lines == ("创新驱动",)


def test_xhtml_with_xml_declaration(write: Write) -> None:
    page = '<?xml version="1.0" encoding="gb2312"?>\n<html><body><p>硚口区</p></body></html>'
    source = read_source(write("x.xhtml", page.encode("gb18030")))
    assert source.lines == ("硚口区",)


def test_html_fragment_recognised_by_tag_density(write: Write) -> None:
    fragment = "".join(f"<p>第{i}条 内容</p>\n" for i in range(1, 8))
    source = read_source(write("fragment.txt", fragment.encode("utf-8")))
    assert source.format is SourceFormat.HTML
    assert source.lines == tuple(f"第{i}条 内容" for i in range(1, 8))


def test_plain_text_mentioning_a_tag_stays_text(write: Write) -> None:
    source = read_source(write("t.txt", "说明：网页中的 <p> 标签表示段落。\n".encode()))
    assert source.format is SourceFormat.TEXT


def test_page_with_only_navigation(write: Write) -> None:
    page = "<html><head><title></title></head><body><nav><a href='/'>首页</a></nav></body></html>"
    with pytest.raises(InputError, match="网页中没有找到正文"):
        read_source(write("nav.html", page.encode("utf-8")))


def test_utf16_html_with_bom(write: Write) -> None:
    page = "<html><body><p>规划正文</p></body></html>"
    source = read_source(write("u16.html", "\ufeff".encode("utf-16-le") + page.encode("utf-16-le")))
    assert source.format is SourceFormat.HTML
    assert source.encoding == "utf-16"
    assert source.lines == ("规划正文",)
