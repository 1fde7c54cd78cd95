"""全部规划, the outline of each Wuhan plan with its facts, and the original-lines page behind every source link."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
from fastapi import FastAPI
from fastapi.testclient import TestClient
from lxml.html import HtmlElement
from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services import stored_plans
from planwatch.store import list_departments, transaction
from planwatch.store.models import RevisionSourceRow
from planwatch.store.views import PlanSummary
from web_support import login

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS_14 = [
    "第一章 开启科技创新中心建设新征程",
    "第二章 创建湖北东湖综合性国家科学中心",
    "第三章 打造产业创新高地",
    "第四章 打造创新人才集聚高地",
    "第五章 打造科技成果转化高地",
    "第六章 营造最优科技创新生态",
    "第七章 强化规划实施保障",
]
BOXES_14 = [
    "2-1",
    "2-2",
    "2-3",
    "2-4",
    "3-1",
    "3-2",
    "3-3",
    "3-4",
    "3-5",
    "3-6",
    "3-7",
    "3-8",
    "3-9",
    "6-1",
    "6-2",
]
LABS_2_1 = [
    "光谷实验室",
    "珞珈实验室",
    "江夏实验室",
    "洪山实验室",
    "江城实验室",
    "东湖实验室",
    "九峰山实验室",
    "武昌实验室",
]
TARGET_SENTENCE = "到2025年，技术合同成交额突破1300亿元。"


def _factory(app: FastAPI) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    return factory


def plans(app: FastAPI) -> tuple[PlanSummary, PlanSummary]:
    """The 14th (2021–2025) and the 12th (2011–2015) plan."""
    stored = stored_plans(_factory(app))
    return (
        next(p for p in stored if p.period_start == 2021),
        next(p for p in stored if p.period_start == 2011),
    )


_COMPOUND = re.compile(r"([a-z0-9]*)((?:\.[\w-]+)*)((?:\[[^\]]+\])*)")


def css(element: HtmlElement, selector: str) -> list[HtmlElement]:
    """Elements matching a simple CSS selector (tag.class[attr] / [attr^="v"], descendant and >)."""
    path = "."
    axis = "//"
    for token in selector.split():
        if token == ">":
            axis = "/"
            continue
        match = _COMPOUND.fullmatch(token)
        assert match, token
        tag, classes, attrs = match.groups()
        tests = [
            f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in classes.split(".")[1:]
        ]
        for attr in re.findall(r"\[([^\]]+)\]", attrs):
            name, _, value = attr.partition("^=")
            tests.append(f"starts-with(@{name}, {value})" if value else f"@{attr}")
        path += f"{axis}{tag or '*'}" + "".join(f"[{t}]" for t in tests)
        axis = "//"
    return list(element.xpath(path))


def page(client: TestClient, url: str, status: int = 200) -> HtmlElement:
    response = client.get(url)
    assert response.status_code == status, response.text[-2000:]
    return lxml.html.fromstring(response.text)


def text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def file_lines(name: str) -> list[str]:
    """The file's lines, numbered from 1 by an editor (no empty line after a final newline)."""
    lines = (ROOT / "examples" / "plans" / name).read_text(encoding="utf-8").split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def test_pages_need_a_signed_in_reader(client: TestClient, app: FastAPI) -> None:
    p14, _ = plans(app)
    for url in ("/plans", f"/plans/{p14.id}/outline", f"/plans/{p14.id}/source?from=1&to=2"):
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")


def test_plan_list_shows_both_plans_with_their_counts(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, p12 = plans(app)
    doc = page(client, "/plans")
    rows = {int(r.get("data-plan-id")): r for r in css(doc, "tr[data-plan-id]")}
    assert list(rows) == [p14.id, p12.id]  # newest period first
    row14, row12 = text(rows[p14.id]), text(rows[p12.id])
    assert "武汉市科技创新发展“十四五”规划" in row14 and "2021—2025（十四五）" in row14
    assert "武汉市" in row14
    counts14 = [text(td) for td in css(rows[p14.id], "td.num")]
    # revisions, indicators (10 table rows + the in-text target 国家重大科技基础设施), targets, tasks, boxes
    assert counts14 == ["1", "11", "8", "54", "15"]
    assert "武政〔2012〕10号" in row12 and "2011—2015" in row12
    links = {a.get("href") for a in css(rows[p12.id], "a")}
    assert {f"/plans/{p12.id}", f"/plans/{p12.id}/outline"} <= links
    assert f"/plans/{p12.id}/projects" not in links  # the 12th plan has no boxes


def test_plan_switcher_goes_to_the_dashboard_or_says_why_not(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    _, p12 = plans(app)
    response = client.get(f"/plans/go?plan_id={p12.id}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/plans/{p12.id}"
    for bad in ("99999", "abc", ""):
        response = client.get(f"/plans/go?plan_id={bad}", follow_redirects=False)
        assert response.status_code == 404
        assert "规划" in text(css(lxml.html.fromstring(response.text), ".error-message")[0])


def test_14th_outline_has_its_chapters_boxes_and_entries(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, _ = plans(app)
    doc = page(client, f"/plans/{p14.id}/outline")
    chapters = [text(h) for h in css(doc, "section.kind-chapter > .clause .node-title")]
    assert chapters == CHAPTERS_14
    boxes = css(doc, "section.kind-box")
    titles = [text(css(b, ".box-title")[0]) for b in boxes]
    assert [t.split()[1] for t in titles] == BOXES_14
    box21 = boxes[0]
    assert titles[0] == "专栏 2-1 湖北实验室"
    entries = [text(h) for h in css(box21, "section.kind-box_entry .entry-title")]
    assert entries == LABS_2_1
    # the box sits inside its chapter and subsection, as in the plan
    chapter = box21.xpath("ancestor::section[contains(@class, 'kind-chapter')]")[0]
    assert text(css(chapter, ".node-title")[0]) == CHAPTERS_14[1]
    # the table of contents lists the same chapters and every box, each linking to its node
    toc = css(doc, "nav.outline-toc")[0]
    toc_links = {a.get("href"): text(a) for a in css(toc, "a")}
    assert [toc_links[f"#{c.get('id')}"] for c in css(doc, "section.kind-chapter")] == CHAPTERS_14
    assert sum(1 for label in toc_links.values() if label.startswith("专栏 ")) == 15


def test_a_clause_shows_its_lead_and_supporting_units(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, _ = plans(app)
    doc = page(client, f"/plans/{p14.id}/outline")
    clause = next(s for s in css(doc, "section.kind-paragraph") if "高新技术企业数量突破12000家" in text(s))
    facts = css(clause, "aside.facts")[0]
    lead = css(facts, ".unit.lead")[0]
    assert text(lead) == "牵头 市科技局"
    with transaction(_factory(app), read_only=True) as session:
        ids = {d.name: d.id for d in list_departments(session)}
    assert css(lead, "a")[0].get("href") == f"/departments/{ids['市科技局']}"
    supporting = [text(u) for u in css(facts, ".unit.support")]
    assert supporting == ["市发改委", "市经信局", "市国资委", "市市场监管局", "市地方金融局"]
    task_link = css(facts, 'a[href^="/tasks/"]')[0].get("href")
    assert re.fullmatch(r"/tasks/\d+", task_link)
    # the in-text target of the same clause, with its indicator
    target = text(css(facts, "li.target")[0])
    assert "高新技术企业数量" in target and "≥12,000家" in target and "2025年" in target


def test_indicator_table_and_past_figures_sit_on_their_clauses(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, _ = plans(app)
    doc = page(client, f"/plans/{p14.id}/outline")
    tables = css(doc, "section.kind-table")
    assert [text(css(t, ".node-title")[0]) for t in tables] == ["武汉市科技创新“十四五”预期性指标", "续表"]
    # the table is split by a page break: each part carries the indicators of its own rows
    names = [[text(css(li, "a")[0]) for li in css(t, "aside li.indicator")] for t in tables]
    assert [len(n) for n in names] == [6, 4]
    assert "全社会研发经费投入增长" in names[0] and "技术合同成交额" in names[1]
    links = [css(li, "a")[0].get("href") for t in tables for li in css(t, "aside li.indicator")]
    assert len(set(links)) == 10 and all(re.fullmatch(r"/indicators/\d+", h) for h in links)
    figures = [text(li) for li in css(doc, "li.past")]
    assert any("地方财政科学技术支出" in f and "2015年" in f and "68.19亿元" in f for f in figures)
    assert any("152.67亿元" in f for f in figures)  # quoted as the plan states it, not rounded


def test_a_targets_source_link_opens_the_lines_with_the_sentence_marked(
    client: TestClient, app: FastAPI
) -> None:
    login(client, "viewer")
    p14, _ = plans(app)
    doc = page(client, f"/plans/{p14.id}/outline")
    target = next(li for li in css(doc, "li.target") if "技术合同成交额" in text(li))
    href = css(target, "a.source-link")[0].get("href")
    query = parse_qs(urlsplit(href).query)
    assert query["hl"] == [TARGET_SENTENCE]
    first, last = int(query["from"][0]), int(query["to"][0])
    assert urlsplit(href).fragment == f"L{first}"

    source = page(client, href)
    in_range = css(source, ".source-line.in-range")
    assert [int(line.get("id")[1:]) for line in in_range] == list(range(first, last + 1))
    marked = "".join(m.text_content() for m in css(source, ".source-line mark"))
    assert re.sub(r"\s", "", marked) == TARGET_SENTENCE
    assert css(source, ".alert")[0].text_content().strip().startswith("已在所引行中标出")
    # the lines are the file's own lines, numbered from 1
    original = file_lines("wuhan-14th-sci-tech-2021-2025.txt")
    for line in css(source, ".source-line"):
        number = int(line.get("id")[1:])
        assert css(line, ".lt")[0].text_content() == original[number - 1]
        assert css(line, "a.ln")[0].get("href") == f"#L{number}"


def test_source_window_shows_context_and_links_to_more(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, _ = plans(app)
    doc = page(client, f"/plans/{p14.id}/source?from=100&to=102")
    numbers = [int(line.get("id")[1:]) for line in css(doc, ".source-line")]
    assert numbers == list(range(70, 133))  # 30 lines either side
    more = {text(a): a.get("href") for a in css(doc, "nav.source-nav a")}
    earlier = next(href for label, href in more.items() if "前面" in label)
    assert parse_qs(urlsplit(earlier).query) == {
        "from": ["100"],
        "to": ["102"],
        "start": ["1"],
        "end": ["132"],
    }
    widened = page(client, earlier)
    assert [int(line.get("id")[1:]) for line in css(widened, ".source-line")] == list(range(1, 133))
    whole = page(client, next(href for label, href in more.items() if label == "显示全文"))
    assert len(css(whole, ".source-line")) == len(file_lines("wuhan-14th-sci-tech-2021-2025.txt"))


def test_bad_ranges_are_refused_in_chinese(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, _ = plans(app)
    for query, words in (
        ("from=0&to=3", "从 1 开始"),
        ("from=20&to=10", "不能小于"),
        ("from=99999", "超出范围"),
    ):
        response = client.get(f"/plans/{p14.id}/source?{query}")
        assert response.status_code == 422, query
        assert words in response.text
    assert client.get("/plans/99999/source?from=1").status_code == 404
    assert client.get("/plans/99999/outline").status_code == 404


def test_12th_plan_outline_works_without_chapters(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    _, p12 = plans(app)
    doc = page(client, f"/plans/{p12.id}/outline")
    assert not css(doc, "section.kind-chapter")
    sections = [
        text(h)
        for h in doc.xpath(
            "//div[@data-outline]/section[contains(@class,'kind-section')]/div/div/*[contains(@class,'node-title')]"
        )
    ]
    assert sections[0] == "一、 “十一五”时期科技发展回顾"
    assert sections[-1] == "六、 保障措施"
    assert len(sections) == 6
    assert css(doc, "li.past") and css(doc, "li.target")
    href = css(doc, "li.target a.source-link")[0].get("href")
    source = page(client, href)
    assert css(source, ".source-line.in-range mark")


def test_outline_filter_marks_the_phrase_and_escapes_it(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, _ = plans(app)
    doc = page(client, f"/plans/{p14.id}/outline?q=光谷实验室")
    hits = css(doc, "section.hit")
    assert hits and all("光谷实验室" in text(css(s, ".clause")[0]) for s in hits)
    assert {m.text_content() for m in css(doc, "mark")} == {"光谷实验室"}
    assert [text(h) for h in css(doc, "section.kind-chapter > .clause .node-title")] == [CHAPTERS_14[1]]
    assert "共 2 处" in text(css(doc, "p.alert")[0])

    response = client.get(f"/plans/{p14.id}/outline", params={"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "没有条文含" in response.text


def test_source_highlight_text_is_escaped(client: TestClient, app: FastAPI) -> None:
    login(client, "viewer")
    p14, _ = plans(app)
    response = client.get(f"/plans/{p14.id}/source", params={"from": 11, "to": 11, "hl": "<b>第一章</b>"})
    assert response.status_code == 200
    assert "<b>第一章</b>" not in response.text and "&lt;b&gt;第一章&lt;/b&gt;" in response.text


def test_source_falls_back_to_clause_texts_when_lines_were_not_stored(
    client: TestClient, app: FastAPI
) -> None:
    """A revision imported before migration 0003 has no stored lines: the page shows the parsed clauses."""
    login(client, "viewer")
    p14, _ = plans(app)
    with transaction(_factory(app)) as session:
        session.execute(delete(RevisionSourceRow))
    doc = page(client, f"/plans/{p14.id}/source?from=1896&to=1906&hl={TARGET_SENTENCE}")
    assert not css(doc, ".source-line")
    assert "没有保存原文逐行文本" in text(doc)
    hit = css(doc, ".fragment.in-range")
    assert hit and any(TARGET_SENTENCE in text(f) for f in hit)
    assert [m.text_content() for m in css(doc, ".fragment mark")] == [TARGET_SENTENCE]
    outline = page(client, f"/plans/{p14.id}/outline")
    assert "未保存原文逐行文本" in text(css(outline, ".outline-meta")[0])
