"""The 总览 page of both Wuhan plans: status cards, family charts, tasks, recent changes and data gaps."""

from __future__ import annotations

import json
import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.records import Qualifier, ReportStatus, ReviewState
from planwatch.services import stored_plans
from planwatch.store import (
    add_observation,
    add_progress_report,
    delete_observation,
    list_indicators,
    review_observation,
    transaction,
    update_observation,
)
from planwatch.store.task_queries import current_tasks
from planwatch.store.views import PlanSummary
from web_support import EVALUATION_YEAR, OWNED_INDICATOR, login

_CARD = re.compile(r'data-status="([^"]+)">\s*<span class="value">(\d+)</span>')
_CHART = re.compile(r'<script type="application/json" id="dashboard-chart-data">(.*?)</script>', re.S)


def _factory(app: FastAPI) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    return factory


def _plans(app: FastAPI) -> tuple[PlanSummary, PlanSummary]:
    stored = stored_plans(_factory(app))
    return (
        next(p for p in stored if p.period_start == 2021),
        next(p for p in stored if p.period_start == 2011),
    )


def _indicator_id(app: FastAPI, plan_id: int, name: str) -> int:
    with transaction(_factory(app), read_only=True) as session:
        return next(i for i, n in list_indicators(session, plan_id).items() if n == name)


def _cards(html: str) -> dict[str, int]:
    return {label: int(count) for label, count in _CARD.findall(html)}


def test_14th_plan_dashboard_counts_statuses_and_charts_families(app: FastAPI, client: TestClient) -> None:
    p14, _ = _plans(app)
    login(client, "viewer")
    page = client.get(f"/plans/{p14.id}")
    assert page.status_code == 200
    html = page.text
    assert p14.title in html and f"评价年度 {EVALUATION_YEAR}年" in html
    cards = _cards(html)
    # 10 table rows + 1 in-text target (国家重大科技基础设施); as of 2026 three targets were met early.
    # 湖北实验室 and 公民具备科学素质比例 have only 湖北省 figures: reference, never a status of their own.
    assert sum(cards.values()) == 11
    assert cards["提前实现"] == 3 and cards.get("未完成", 0) == 0 and cards["数据不足"] == 8
    assert "目标年（2025年）已过" in html
    chart = json.loads(_CHART.search(html).group(1))  # type: ignore[union-attr]
    families = {f["key"]: f for f in chart["families"]}
    counts = {i["name"]: i for i in families["count"]["items"]}
    firms = counts[OWNED_INDICATOR]
    assert firms["achievement"] == 187.1 and firms["expected"] == 100.0 and firms["status"] == "提前实现"
    assert firms["url"] == f"/indicators/{_indicator_id(app, p14.id, OWNED_INDICATOR)}"
    assert families["money"]["items"][0]["name"] == "技术合同成交额"
    assert "growth" not in families  # 全社会研发经费投入增长 has no computable achievement
    assert "本类指标暂无可计算的完成度" in html  # … which the page says instead of drawing an empty chart
    assert 'src="/static/js/charts.js"' in html and 'src="/static/vendor/echarts.min.js"' in html


def test_tasks_by_status_and_department_and_unreported_gap(app: FastAPI, client: TestClient) -> None:
    p14, _ = _plans(app)
    with transaction(_factory(app), read_only=True) as session:
        tasks = current_tasks(session, plan_id=p14.id)
    first = tasks[0]
    with transaction(_factory(app)) as session:
        add_progress_report(
            session,
            first.id,
            department=first.lead or "市科技局",
            period_label="2025",
            status=ReportStatus.IN_PROGRESS,
            author="kjj",
            narrative="按计划推进",
        )
    login(client, "viewer")
    html = client.get(f"/plans/{p14.id}").text
    assert f"共 {len(tasks)} 项任务" in html
    assert re.search(r'<span class="value">1</span><span class="label">推进中</span>', html)
    unreported = len(tasks) - 1
    assert f'<span class="value">{unreported}</span><span class="label">未报告</span>' in html
    assert f"从未报告进展的任务（{unreported} 项）" in html
    # the department table: 市科技局 leads most tasks and links to its page
    assert re.search(r'<a href="/departments/\d+">市科技局</a>', html)
    # the report shows up under recent changes, linked to its task
    assert f'<a href="/tasks/{first.id}">填报任务进展2025（推进中）' in html


def test_recent_changes_leave_out_the_importer_and_link_to_the_indicator(
    app: FastAPI, client: TestClient
) -> None:
    p14, _ = _plans(app)
    owned = _indicator_id(app, p14.id, OWNED_INDICATOR)
    login(client, "viewer")
    html = client.get(f"/plans/{p14.id}").text
    section = html.split('id="changes-heading"')[1].split("</section>")[0]
    assert f'<a href="/indicators/{owned}">设置“{OWNED_INDICATOR}”的责任单位：无 → 市科技局</a>' in section
    assert "import" not in section  # the plan importer's rows are the plan itself, not news


def test_recent_changes_say_who_did_what_in_plain_chinese(app: FastAPI, client: TestClient) -> None:
    p14, p12 = _plans(app)
    labs = _indicator_id(app, p14.id, "湖北实验室")
    with transaction(_factory(app)) as session:
        proposed = add_observation(
            session,
            labs,
            2025,
            12,
            "个",
            who="kjj",
            qualifier=Qualifier.LOWER_BOUND,
            review=ReviewState.PROPOSED,
        )
        review_observation(session, proposed.id, ReviewState.ACCEPTED, who="admin")
        update_observation(session, proposed.id, who="admin", source="市科技局年报")
        wrong = add_observation(session, labs, 2023, 99, "个", who="admin")
        delete_observation(session, wrong.id, who="admin")
    login(client, "viewer")
    html = client.get(f"/plans/{p14.id}").text
    section = html.split('id="changes-heading"')[1].split("</section>")[0]
    items = re.findall(r'<span class="who">([^<]+)</span>\s*<span class="what">(.*?)</span>', section, re.S)
    assert [(who, re.sub(r"<[^>]+>", "", what)) for who, what in items[:5]] == [
        ("规划处（admin）", "删除“湖北实验室”2023年数值99个"),
        ("规划处（admin）", "新增“湖北实验室”2023年数值99个"),
        ("规划处（admin）", "修改“湖北实验室”2025年数值突破12个：来源由“空”改为“市科技局年报”"),
        ("规划处（admin）", "采纳“湖北实验室”2025年数值突破12个"),
        ("kjj", "新增“湖北实验室”2025年数值突破12个"),
    ]
    assert f'<a href="/indicators/{labs}">采纳“湖北实验室”' in section
    assert "湖北实验室" not in client.get(f"/plans/{p12.id}").text.split('id="changes-heading"')[1]


def test_data_gaps_name_indicators_without_recent_figures(app: FastAPI, client: TestClient) -> None:
    p14, _ = _plans(app)
    login(client, "viewer")
    html = client.get(f"/plans/{p14.id}").text
    gaps = html.split('id="gaps-heading"')[1].split("</section>")[0]
    assert "2023—2025年缺少已采纳数值的指标" in gaps
    assert re.search(r"国家级创新创业孵化载体数量</a>：缺 2023、2024、2025年", gaps)
    assert re.search(r"湖北实验室</a>：缺 2025年<span class=\"muted\">（最近数值为 2024年）", gaps)
    assert "状态为“数据不足”的指标（8 项）" in gaps


def test_12th_plan_dashboard_works_without_tasks(app: FastAPI, client: TestClient) -> None:
    _, p12 = _plans(app)
    login(client, "viewer")
    page = client.get(f"/plans/{p12.id}")
    assert page.status_code == 200
    cards = _cards(page.text)
    assert sum(cards.values()) == 42  # in-text targets named with their subjects
    # 高新技术产业产值 has only a 2014 figure: no 序时进度 verdict once the period is over
    assert cards["已完成"] == 1 and cards["基本符合预期"] == 0 and cards["数据不足"] == 39
    assert "本规划没有识别出带责任单位的任务" in page.text
    assert "2013—2015年缺少已采纳数值的指标" in page.text


def test_year_switch_and_admin_only_links(app: FastAPI, client: TestClient) -> None:
    p14, _ = _plans(app)
    login(client, "viewer")
    html = client.get(f"/plans/{p14.id}", params={"year": 2022}).text
    assert "评价年度 2022年" in html and '<option value="2022" selected>' in html
    assert "目标年（2025年）已过" not in html
    assert 'href="/audit"' not in html and 'href="/data"' not in html
    login(client, "admin")  # signing in starts a fresh session
    admin_html = client.get(f"/plans/{p14.id}").text
    assert 'href="/audit">查看全部修改记录' in admin_html and 'href="/data">录入或导入数据' in admin_html


def test_unknown_plan_and_anonymous_visitor(client: TestClient) -> None:
    anonymous = client.get("/plans/1", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    login(client, "viewer")
    missing = client.get("/plans/99999")
    assert missing.status_code == 404 and "找不到编号为 99999 的规划" in missing.text
    assert client.get("/plans/2?year=1800").status_code == 422
