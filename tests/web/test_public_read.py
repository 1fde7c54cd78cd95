"""Public reading fit for a government site: a banner, and no account names or unreviewed figures.

Found by a user: with public read on, 最近更新 showed “规划处（admin）” and “市科技局填报员（kjj）” to anyone.
A reporter files a report and proposes a figure; the public then sees the report's department but not
who filed it, neither in the pages nor in the API, and no figure that is still under review.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from planwatch.services import stored_plans
from planwatch.store import transaction
from planwatch.store.task_queries import current_tasks
from web_support import login, make_app

KJJ = "市科技局"


@pytest.fixture
def public_app(web_url: str, client: TestClient, app: FastAPI) -> Iterator[FastAPI]:
    """The seeded site with public reading on, after kjj filed a report and proposed a figure."""
    factory = app.state.planwatch.database.factory
    plan = next(p for p in stored_plans(factory) if p.period_start == 2021)
    with transaction(factory, read_only=True) as session:
        task = next(t for t in current_tasks(session, plan_id=plan.id) if t.lead == KJJ)
    token = login(client, "kjj")
    headers = {"X-CSRF-Token": token}
    body = {"period_label": "2026", "status": "推进中", "narrative": "稳步推进"}
    assert client.post(f"/api/v1/tasks/{task.id}/reports", json=body, headers=headers).status_code == 201
    indicators = client.get(f"/api/v1/plans/{plan.id}/indicators?limit=500").json()["items"]
    owned = next(i for i in indicators if i["name"] == "高新技术企业数量")
    proposal = {
        "indicator_id": owned["indicator_id"],
        "year": 2026,
        "value": 9999,
        "unit": "家",
        "source": "https://kjj.wuhan.gov.cn/",
    }
    assert client.post("/api/v1/observations", json=proposal, headers=headers).status_code == 201, "proposal"
    public = make_app(web_url, public_read=True)
    public.state.task_id = task.id
    public.state.plan_id = plan.id
    public.state.indicator_id = owned["indicator_id"]
    yield public
    public.state.planwatch.database.engine.dispose()


def test_public_pages_show_a_banner_and_no_account_names(public_app: FastAPI) -> None:
    state = public_app.state
    with TestClient(public_app) as visitor:
        pages = [f"/plans/{state.plan_id}", f"/tasks/{state.task_id}", f"/indicators/{state.indicator_id}"]
        pages += [f"/plans/{state.plan_id}/tasks", "/departments"]
        for path in pages:
            page = visitor.get(path)
            assert page.status_code == 200, path
            assert "公众只读" in page.text, path
            for name in (">kjj<", "（kjj）", " kjj ", ">admin<", "（admin）", "市科技局填报员", "规划处（"):
                assert name not in page.text, f"{path} shows the account {name}"
            assert "9999" not in page.text.replace(",", ""), f"{path} shows a figure under review"
        assert "稳步推进" in visitor.get(f"/tasks/{state.task_id}").text  # the report itself is public


def test_public_api_answers_carry_no_account_names(public_app: FastAPI) -> None:
    state = public_app.state
    with TestClient(public_app) as visitor:
        reports = visitor.get(f"/api/v1/tasks/{state.task_id}/reports")
        assert reports.status_code == 200
        assert reports.json() and all(r["author"] == "" and r["department"] == KJJ for r in reports.json())
        dashboard = visitor.get(f"/api/v1/plans/{state.plan_id}/dashboard").json()
        assert "'kjj'" not in str(dashboard) and dashboard["recent_changes"] == []
        detail = visitor.get(f"/api/v1/indicators/{state.indicator_id}").json()
        assert detail["proposals"] == [] and "'kjj'" not in str(detail)


def test_staff_still_see_who_did_what(public_app: FastAPI) -> None:
    with TestClient(public_app) as staff:
        login(staff, "admin")
        reports = staff.get(f"/api/v1/tasks/{public_app.state.task_id}/reports").json()
        assert reports[0]["author"] == "kjj"
        assert "公众只读" not in staff.get(f"/plans/{public_app.state.plan_id}").text


def test_the_login_page_says_whether_public_reading_is_on(public_app: FastAPI, app: FastAPI) -> None:
    with TestClient(app) as visitor:
        assert "未开放公众浏览" in visitor.get("/login").text
    with TestClient(public_app) as visitor:
        assert "已开放公众只读" in visitor.get("/login").text
