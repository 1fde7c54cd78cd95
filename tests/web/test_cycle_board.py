"""The 督办 board and a department's own list on the 14th Wuhan plan with a quarterly calendar."""

from __future__ import annotations

from datetime import date

from fastapi import FastAPI
from fastapi.testclient import TestClient

from cycle_support import OFFICE, file, quarterly, tasks_of
from planwatch.domain.records import ReportStatus
from planwatch.services.cycle_setup import MilestoneInput, create_milestone
from web_support import login


def _setup(app: FastAPI) -> tuple[int, dict[str, int]]:
    """Q1 2025: one 市科技局 task reported on time, one reported 滞后, one with a missed milestone."""
    factory = app.state.planwatch.factory
    plan = quarterly(factory)
    kjj = [t for t in tasks_of(factory, plan) if t.lead == "市科技局"]
    on_time, lagging, missed = kjj[0], kjj[1], kjj[2]
    file(factory, on_time, "2025年第一季度")
    file(factory, lagging, "2025Q1", ReportStatus.LAGGING)
    create_milestone(factory, OFFICE, missed.id, MilestoneInput("完成一季度节点", "2025-03-31"))
    return plan, {"green": on_time.id, "yellow": lagging.id, "red": missed.id}


def _colours(payload: dict[str, object]) -> dict[int, str]:
    lights = payload["lights"] if "lights" in payload else payload["shown"]
    assert isinstance(lights, list)
    return {item["task_id"]: item["colour"] for item in lights}


def test_lights_before_and_after_the_q1_due_date(app: FastAPI, client: TestClient) -> None:
    plan, ids = _setup(app)
    login(client, "admin")
    before = client.get(f"/api/v1/plans/{plan}/lights", params={"today": "2025-04-08"}).json()
    assert before["period"]["label"] == "2025Q1" and before["period"]["due"] == "2025-04-10"
    colours = _colours(before)
    assert colours[ids["green"]] == "green" and colours[ids["yellow"]] == "yellow"
    assert colours[ids["red"]] == "red"
    others = {c for t, c in colours.items() if t not in ids.values()}
    assert others == {"blue"}  # nobody else has reported; the due date is 2 days away
    after = _colours(client.get(f"/api/v1/plans/{plan}/lights", params={"today": "2025-04-15"}).json())
    assert after[ids["green"]] == "green"
    assert {c for t, c in after.items() if t not in ids.values()} == {"red"}


def test_the_board_counts_by_department_and_colour_and_shows_the_rule(
    app: FastAPI, client: TestClient
) -> None:
    plan, ids = _setup(app)
    login(client, "admin")
    board = client.get("/api/v1/supervision", params={"today": "2025-04-08", "plan_id": plan}).json()
    kjj = next(r for r in board["rows"] if r["department"] == "市科技局")
    counts = {c["colour"]: c["count"] for c in kjj["counts"]}
    assert counts["green"] == 1 and counts["yellow"] == 1 and counts["red"] == 1
    assert counts["blue"] == kjj["total"] - 3
    page = client.get("/supervision", params={"today": "2025-04-08", "plan_id": plan})
    assert page.status_code == 200
    assert "红灯：报送期限已过仍未报送本期进展" in page.text
    assert 'class="light red"' in page.text and 'class="light blue"' in page.text
    only_red = client.get("/supervision", params={"today": "2025-04-08", "plan_id": plan, "colour": "red"})
    assert f'data-task="{ids["red"]}"' in only_red.text and f'data-task="{ids["green"]}"' not in only_red.text


def test_a_reporter_sees_only_its_departments(app: FastAPI, client: TestClient) -> None:
    plan, _ids = _setup(app)
    login(client, "fgw")
    board = client.get("/api/v1/supervision", params={"today": "2025-04-08", "plan_id": plan}).json()
    assert board["limited_to"] == ["市发改委"]
    assert all("市发改委" in light["units"] for light in board["shown"])
    departments = client.get("/api/v1/departments?limit=500").json()["items"]
    kjj_id = next(d["id"] for d in departments if d["name"] == "市科技局")
    fgw_id = next(d["id"] for d in departments if d["name"] == "市发改委")
    assert client.get(f"/api/v1/departments/{kjj_id}/lights").status_code == 403
    own = client.get(f"/supervision/departments/{fgw_id}", params={"today": "2025-04-15"})
    assert own.status_code == 200 and "市发改委 · 督办清单" in own.text and 'class="light red"' in own.text
    mine = client.get("/supervision/mine", follow_redirects=False)
    assert mine.headers["location"] == f"/supervision/departments/{fgw_id}"


def test_the_board_is_not_public(app: FastAPI, client: TestClient) -> None:
    quarterly(app.state.planwatch.factory)
    assert client.get("/api/v1/supervision").status_code == 401
    page = client.get("/supervision", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_today_defaults_and_bad_dates(app: FastAPI, client: TestClient) -> None:
    plan, _ = _setup(app)
    login(client, "viewer")
    today = client.get(f"/api/v1/plans/{plan}/lights").json()
    assert today["today"] == date.today().isoformat()
    assert client.get("/supervision", params={"today": "2025-13-01"}).status_code == 422
    wrong = client.get(f"/api/v1/plans/{plan}/lights", params={"period": "2030Q1"})
    assert wrong.status_code == 422 and "报送日历" in wrong.json()["error"]["message"]
