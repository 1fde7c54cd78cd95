"""上期规划 / 下期规划 on a plan's 总览, 指标 and 规划原文 pages once `plans link` set a successor, and a
14th-plan indicator confirmed as the same series as a 12th-plan one showing the 12th-plan years."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import Principal, UserRole
from planwatch.services import stored_plans
from planwatch.services.comparison import compare, confirm_pair, link_successor
from planwatch.store import add_observation, transaction
from web_support import login

ADMIN = Principal(user_id=1, username="admin", display_name="规划处", role=UserRole.ADMIN)


def _factory(app: FastAPI) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    return factory


def _ids(app: FastAPI) -> tuple[int, int, str, str]:
    plans = sorted(stored_plans(_factory(app)), key=lambda p: p.period_start or 0)
    return plans[0].id, plans[-1].id, plans[0].title, plans[-1].title


def test_pages_name_the_previous_and_next_plan(app: FastAPI, client: TestClient) -> None:
    a, b, title_a, title_b = _ids(app)
    login(client, "viewer")
    assert "上期规划：" not in client.get(f"/plans/{b}").text  # nothing linked yet
    link_successor(_factory(app), a, b, "admin")
    for path in (f"/plans/{b}", f"/plans/{b}/indicators", f"/plans/{b}/outline"):
        page = client.get(path).text
        assert f'上期规划：<a href="/plans/{a}">《{title_a}》</a>' in page, path
        assert f'href="/compare?a={a}&amp;b={b}"' in page, path
    for path in (f"/plans/{a}", f"/plans/{a}/indicators", f"/plans/{a}/outline"):
        page = client.get(path).text
        assert f'下期规划：<a href="/plans/{b}">《{title_b}》</a>' in page, path
        assert "上期规划：" not in page, path


def test_a_confirmed_pair_shows_the_earlier_plans_years(app: FastAPI, client: TestClient) -> None:
    a, b, _, _ = _ids(app)
    factory = _factory(app)
    rows = compare(factory, a, b).comparison
    ref_a = next(i.ref for i in rows.a.indicators if i.name == "科技企业孵化器")
    ref_b = next(i.ref for i in rows.b.indicators if i.name == "国家级创新创业孵化载体数量")
    b_id = int(ref_b[1:])
    with transaction(factory) as session:
        add_observation(session, int(ref_a[1:]), 2013, 87.0, "个", source="十二五监测（测试）", who="test")
    login(client, "viewer")
    assert "十二五监测（测试）" not in client.get(f"/indicators/{b_id}").text
    # for the test's sake the office says they are one series (renamed)
    confirm_pair(factory, ADMIN, a, b, a_ref=ref_a, b_ref=ref_b, label="renamed")
    page = client.get(f"/indicators/{b_id}").text
    assert "十二五监测（测试）" in page and "2013" in page
