"""The indicator table and indicator detail pages on both Wuhan plans, and the departments form."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.records import ReviewState
from planwatch.services import stored_plans
from planwatch.store import add_observation, indicator_departments, list_indicators, transaction
from planwatch.store.views import PlanSummary
from web_support import EVALUATION_YEAR, OWNED_INDICATOR, csrf_token, login

_CHART = re.compile(r'<script type="application/json" id="indicator-chart-data">(.*?)</script>', re.S)
_ROW = re.compile(r'<td class="num" data-label="序号">\d+</td>')


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


def _chart(html: str) -> dict[str, Any]:
    match = _CHART.search(html)
    assert match, "no chart data on the page"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def test_indicator_table_of_the_14th_plan(app: FastAPI, client: TestClient) -> None:
    p14, _ = _plans(app)
    owned = _indicator_id(app, p14.id, OWNED_INDICATOR)
    login(client, "viewer")
    page = client.get(f"/plans/{p14.id}/indicators")
    assert page.status_code == 200
    html = page.text
    assert len(_ROW.findall(html)) == 11
    row = html.split(f'<a href="/indicators/{owned}">{OWNED_INDICATOR}</a>')[1].split("</tr>")[0]
    assert "2020年 6,259家" in row and "2025年 ≥12,000家" in row
    assert '<span class="latest">2025年 突破17,000家</span>' in row
    assert 'href="http://www.ycqclp.cn/peizichaoguwang/325698.html"' in row  # the source, linked
    assert "非官方来源" in row  # a news mirror, not a government site: marked (issue 8 item 3)
    assert '<span class="badge good">提前实现</span>' in row
    # a figure for another area is marked as a stand-in
    assert "湖北省口径" in html
    # the growth indicator and the in-text-only target are listed too
    assert "2025年 年均增速≥14%" in html and "国家重大科技基础设施" in html

    early = client.get(f"/plans/{p14.id}/indicators", params={"status": "achieved_early"}).text
    assert len(_ROW.findall(early)) == 3  # 湖北实验室's 湖北省 figure no longer decides
    everything = client.get(f"/plans/{p14.id}/indicators", params={"year": 2026, "status": "", "family": ""})
    assert everything.status_code == 200 and len(_ROW.findall(everything.text)) == 11  # the form's 全部
    money = client.get(f"/plans/{p14.id}/indicators", params={"family": "money"}).text
    assert len(_ROW.findall(money)) == 1 and "技术合同成交额" in money
    old = client.get(f"/plans/{p14.id}/indicators", params={"year": 2022}).text
    assert '<span class="latest">2022年 12,400家</span>' in old  # as of 2022, nothing newer counts


def test_plan_text_sources_are_cited_by_title_and_line(app: FastAPI, client: TestClient) -> None:
    """The sample data gives some figures as `file:…/000_6d58e259aa89691f.txt`: shown as the plan and line."""
    p14, _ = _plans(app)
    rd = _indicator_id(app, p14.id, "全社会R&D经费支出占GDP比重")
    login(client, "viewer")
    html = client.get(f"/indicators/{rd}").text
    assert "《武汉市科技创新发展“十四五”规划》第31行" in html
    assert "000_6d58e259aa89691f" not in html


def test_high_tech_firms_detail(app: FastAPI, client: TestClient) -> None:
    p14, _ = _plans(app)
    owned = _indicator_id(app, p14.id, OWNED_INDICATOR)
    login(client, "viewer")
    page = client.get(f"/indicators/{owned}")
    assert page.status_code == 200
    html = page.text
    assert '<strong class="latest-value">2025年 突破17,000家</strong>' in html
    assert 'data-latest-value="17000.0"' in html
    assert "2020年 6,259家" in html and "2025年 ≥12,000家" in html
    assert '<span class="badge good">提前实现</span>' in html
    assert f'href="/plans/{p14.id}/source?from=445&to=445#L445"' in html  # the table row in the plan
    assert "市科技局" in html.split('id="dept-heading"')[1]
    # figures with sources; the one that counts is marked, the others are kept
    assert "12,400家" in html and "突破16,000家" in html and "约14,500家" in html
    assert "cq.snbst.com" in html and "“武汉市全年高新技术企业12400家" in html
    conflicts = html.split('id="conflict-heading"')[1].split("</section>")[0]
    assert "2021年" in conflicts and "9,151家" in conflicts and "9,145家" in conflicts
    # status history from the first year of the period to the evaluation year
    history = html.split('id="history-heading"')[1].split("</section>")[0]
    years = re.findall(r"<td>(\d{4})年</td><td><span class=\"badge [a-z]+\">([^<]+)</span>", history)
    assert years[0] == ("2021", "快于预期") and years[1] == ("2022", "提前实现")
    assert [y for y, _ in years] == [str(y) for y in range(2021, EVALUATION_YEAR + 1)]
    # the target year is over: results, no forecast (there was one: 2025年预计达到27,070家)
    assert "目标年（2025年）已过，不再预测" in html and "80%预测区间" not in html

    chart = _chart(html)
    assert chart["baseline"]["year"] == 2020 and chart["baseline"]["value"] == 6259
    assert chart["target"]["year"] == 2025 and chart["target"]["value"] == 12000
    assert chart["linear"][-1] == {"year": 2025, "value": 12000}
    assert chart["compound"][-1]["year"] == 2025 and abs(chart["compound"][-1]["value"] - 12000) < 1e-6
    assert len(chart["linear"]) == len(chart["compound"]) == 6
    actual = {(p["year"], p["qualifier"]): p for p in chart["actual"]}
    assert actual[(2022, "exact")]["value"] == 12400
    assert actual[(2024, "lower_bound")]["label"] == "突破16,000家"
    assert chart["evaluation_year"] == EVALUATION_YEAR and chart["x_max"] == EVALUATION_YEAR
    assert chart["band"] == []  # no forecast band for a target year that is over


def test_a_running_plan_still_shows_its_forecast(app: FastAPI, client: TestClient) -> None:
    p14, _ = _plans(app)
    login(client, "viewer")
    owned = _indicator_id(app, p14.id, OWNED_INDICATOR)
    html = client.get(f"/indicators/{owned}", params={"year": 2023}).text
    assert "80%预测区间" in html and "按当前趋势，2025年预计" in html
    chart = _chart(html)
    assert chart["band"][-1]["year"] == 2025 and chart["band"][-1]["low"] < chart["band"][-1]["high"]


def test_proposals_are_shown_apart_and_do_not_count(app: FastAPI, client: TestClient) -> None:
    p14, _ = _plans(app)
    owned = _indicator_id(app, p14.id, OWNED_INDICATOR)
    with transaction(_factory(app)) as session:
        add_observation(
            session, owned, 2025, 18500, "家", who="kjj", source="市科技局报送", review=ReviewState.PROPOSED
        )
    login(client, "viewer")
    html = client.get(f"/indicators/{owned}").text
    proposals = html.split('id="proposal-heading"')[1].split("</section>")[0]
    assert "18,500家" in proposals and "待审核" in proposals and "kjj" in proposals
    assert "18,500家" not in html.split('id="obs-heading"')[1].split("</section>")[0]
    assert '<strong class="latest-value">2025年 突破17,000家</strong>' in html


def test_growth_and_empty_indicators_explain_missing_data(app: FastAPI, client: TestClient) -> None:
    p14, _ = _plans(app)
    login(client, "viewer")
    growth = client.get(f"/indicators/{_indicator_id(app, p14.id, '全社会研发经费投入增长')}")
    assert growth.status_code == 200
    assert "数据不足：增速指标需要基础数据在基期（2020年）的水平值" in growth.text
    chart = _chart(growth.text)
    assert chart["unit"] == "亿元" and chart["linear"] == [] and chart["breaks"] == [2016]
    assert chart["series_note"] == "增速指标按水平序列“全社会研发经费投入”（亿元）绘制"

    empty = client.get(f"/indicators/{_indicator_id(app, p14.id, '重大科技基础设施（含在建）')}")
    assert empty.status_code == 200
    assert "基期（2020年）之后至2025年没有观测值" in empty.text and "还没有已采纳的实际值" in empty.text
    assert _chart(empty.text)["empty_message"] == "暂无已采纳的观测值，图中只有基期、目标和预期路径。"


def test_12th_plan_pages(app: FastAPI, client: TestClient) -> None:
    _, p12 = _plans(app)
    login(client, "viewer")
    table = client.get(f"/plans/{p12.id}/indicators")
    assert table.status_code == 200 and len(_ROW.findall(table.text)) == 42
    rd = client.get(f"/indicators/{_indicator_id(app, p12.id, '全社会R&D投入费用占GDP的比重')}")
    assert rd.status_code == 200
    assert '<strong class="latest-value">2015年 3.02%</strong>' in rd.text and "已完成" in rd.text
    chart = _chart(rd.text)
    assert chart["linear"][0] == {"year": 2010, "value": 2.58} and chart["linear"][-1]["value"] == 3
    # a target without a baseline: judged on the target only, no expected path
    labs = client.get(f"/indicators/{_indicator_id(app, p12.id, '国家工程实验室和重点实验室')}")
    assert labs.status_code == 200 and "提前实现" in labs.text and "只判断是否达到目标" in labs.text


def test_series_without_target_and_unknown_indicator(app: FastAPI, client: TestClient) -> None:
    p14, _ = _plans(app)
    login(client, "viewer")
    with transaction(_factory(app), read_only=True) as session:
        names = list_indicators(session, p14.id)
    missing = client.get("/indicators/99999")
    assert missing.status_code == 404 and "找不到编号为 99999 的指标" in missing.text
    table_names = set(
        re.findall(r'<a href="/indicators/(\d+)">', client.get(f"/plans/{p14.id}/indicators").text)
    )
    extra = next(i for i in names if str(i) not in table_names)  # a series with past figures only
    page = client.get(f"/indicators/{extra}")
    assert page.status_code == 200 and "本规划当前版本没有为该数据序列设定目标" in page.text


def test_admin_sets_departments_with_the_form(app: FastAPI, client: TestClient) -> None:
    p14, _ = _plans(app)
    target = _indicator_id(app, p14.id, "技术合同成交额")
    url = f"/indicators/{target}/departments"
    # reporters and viewers see no form and cannot post one
    token = login(client, "kjj")
    assert f'action="{url}"' not in client.get(f"/indicators/{target}").text
    assert client.post(url, data={"departments": "市科技局", "csrf_token": token}).status_code == 403

    token = login(client, "admin")
    assert f'action="{url}"' in client.get(f"/indicators/{target}").text
    refused = client.post(url, data={"departments": "市科技局"})  # no CSRF token
    assert refused.status_code == 403
    done = client.post(
        url,
        data={"departments": "市科技局，市经信局、 市科技局", "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == f"/indicators/{target}#departments"
    with transaction(_factory(app), read_only=True) as session:
        assert indicator_departments(session, target) == ["市科技局", "市经信局"]
    page = client.get(f"/indicators/{target}").text
    assert "已更新责任单位：市科技局、市经信局。" in page
    bad = client.post(url, data={"departments": "不存在的局", "csrf_token": csrf_token(client)})
    assert bad.status_code == 200 and "找不到名为“不存在的局”的责任单位" in bad.text
    with transaction(_factory(app), read_only=True) as session:
        assert indicator_departments(session, target) == ["市科技局", "市经信局"]
