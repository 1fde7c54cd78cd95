"""Who may file and correct progress reports, through every write endpoint (API and forms alike).

Each refusal is checked twice: the status code, and that nothing was written (report count and the
change history are unchanged). Narratives with markup must come back as text on every page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services import stored_plans
from planwatch.services.permissions import task_departments
from planwatch.store import recent_changes, transaction
from planwatch.store.task_queries import current_tasks
from planwatch.store.tasks import count_reports
from planwatch.store.views import TaskOut
from web_support import csrf_token, login, make_app

KJJ, FGW = "市科技局", "市发改委"
XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _factory(app: FastAPI) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    return factory


def _tasks(app: FastAPI) -> list[TaskOut]:
    plans = stored_plans(_factory(app))
    with transaction(_factory(app), read_only=True) as session:
        return [t for p in plans for t in current_tasks(session, plan_id=p.id)]


def kjj_led(app: FastAPI) -> TaskOut:
    return next(t for t in _tasks(app) if t.lead == KJJ)


def kjj_supported(app: FastAPI) -> TaskOut:
    return next(t for t in _tasks(app) if t.lead != KJJ and KJJ in task_departments(t))


def fgw_only(app: FastAPI) -> TaskOut:
    """A task of 市发改委 that 市科技局 has no part in."""
    return next(t for t in _tasks(app) if FGW in task_departments(t) and KJJ not in task_departments(t))


def written(app: FastAPI) -> tuple[int, int]:
    """How many reports exist and how many history lines the reports table has."""
    with transaction(_factory(app), read_only=True) as session:
        _, history = recent_changes(session, limit=1, table="progress_reports")
        return count_reports(session), history


def report_body(**extra: object) -> dict[str, object]:
    body: dict[str, object] = {"period_label": "2025", "status": "推进中", "narrative": "按计划推进"}
    body.update(extra)
    return body


def form_body(token: str | None, **extra: str) -> dict[str, str]:
    body = {
        "period_label": "2025",
        "status": "推进中",
        "narrative": "按计划推进",
        "percent": "",
        "evidence": "",
    }
    if token is not None:
        body["csrf_token"] = token
    body.update(extra)
    return body


def unchanged(app: FastAPI, action: Callable[[], object]) -> None:
    before = written(app)
    action()
    assert written(app) == before


def file_as(client: TestClient, name: str, task_id: int, **extra: object) -> int:
    token = login(client, name)
    response = client.post(
        f"/api/v1/tasks/{task_id}/reports", json=report_body(**extra), headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 201, response.text
    report_id: int = response.json()["id"]
    return report_id


# --- filing: API --------------------------------------------------------------------------------------


def test_reporter_files_on_tasks_its_department_leads_or_supports(app: FastAPI, client: TestClient) -> None:
    token = login(client, "kjj")
    for task in (kjj_led(app), kjj_supported(app)):
        before = written(app)
        response = client.post(
            f"/api/v1/tasks/{task.id}/reports", json=report_body(), headers={"X-CSRF-Token": token}
        )
        assert response.status_code == 201, response.text
        assert response.json()["department"] == KJJ and response.json()["author"] == "kjj"
        assert written(app)[0] == before[0] + 1 and written(app)[1] > before[1]


def test_reporter_cannot_file_on_a_task_of_other_departments(app: FastAPI, client: TestClient) -> None:
    token = login(client, "kjj")
    task = fgw_only(app)

    def attempt() -> None:
        response = client.post(
            f"/api/v1/tasks/{task.id}/reports", json=report_body(), headers={"X-CSRF-Token": token}
        )
        assert response.status_code == 403
        assert "不属于您所在的责任单位" in response.json()["error"]["message"]

    unchanged(app, attempt)


def test_reporter_cannot_report_in_the_name_of_another_department(app: FastAPI, client: TestClient) -> None:
    token = login(client, "kjj")
    task = kjj_led(app)
    assert FGW in task_departments(task)  # the other unit is one of the task's own units

    def attempt() -> None:
        response = client.post(
            f"/api/v1/tasks/{task.id}/reports",
            json=report_body(department=FGW),
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code == 403
        assert FGW in response.json()["error"]["message"]

    unchanged(app, attempt)


@pytest.mark.parametrize("who", ["viewer", None])
def test_viewer_and_anonymous_cannot_file(app: FastAPI, client: TestClient, who: str | None) -> None:
    token = login(client, who) if who else csrf_token(client)
    task = kjj_led(app)

    def attempt() -> None:
        response = client.post(
            f"/api/v1/tasks/{task.id}/reports", json=report_body(), headers={"X-CSRF-Token": token}
        )
        assert response.status_code == (403 if who else 401)

    unchanged(app, attempt)


def test_api_write_with_session_but_without_csrf_header_is_refused(app: FastAPI, client: TestClient) -> None:
    login(client, "kjj")
    task = kjj_led(app)
    unchanged(
        app,
        lambda: _expect(client.post(f"/api/v1/tasks/{task.id}/reports", json=report_body()), 403, "CSRF"),
    )


def _expect(response: httpx2.Response, status: int, text: str) -> None:
    assert response.status_code == status
    assert text in response.text


# --- filing: form -------------------------------------------------------------------------------------


def test_form_files_for_own_task_and_refuses_foreign_tasks(app: FastAPI, client: TestClient) -> None:
    token = login(client, "kjj")
    own, foreign = kjj_led(app), fgw_only(app)
    response = client.post(f"/tasks/{own.id}/reports", data=form_body(token), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith(f"/tasks/{own.id}")

    def foreign_attempt() -> None:
        refused = client.post(f"/tasks/{foreign.id}/reports", data=form_body(token))
        assert refused.status_code == 403
        assert "不属于您所在的责任单位" in refused.text

    def other_name() -> None:
        refused = client.post(f"/tasks/{own.id}/reports", data=form_body(token, department=FGW))
        assert refused.status_code == 403 and "名义" in refused.text

    unchanged(app, foreign_attempt)
    unchanged(app, other_name)
    page = client.get(f"/tasks/{foreign.id}")
    assert "只有该任务的责任单位可以填报进展" in page.text
    assert f'action="/tasks/{foreign.id}/reports"' not in page.text


def test_form_without_csrf_token_writes_nothing(app: FastAPI, client: TestClient) -> None:
    login(client, "kjj")
    task = kjj_led(app)

    def attempt() -> None:
        response = client.post(f"/tasks/{task.id}/reports", data=form_body(None))
        assert response.status_code == 403 and "CSRF" in response.text

    unchanged(app, attempt)


@pytest.mark.parametrize("who", ["viewer", None])
def test_form_refuses_viewer_and_anonymous(app: FastAPI, client: TestClient, who: str | None) -> None:
    token = login(client, who) if who else csrf_token(client)
    task = kjj_led(app)

    def attempt() -> None:
        response = client.post(f"/tasks/{task.id}/reports", data=form_body(token))
        assert response.status_code == (403 if who else 401)
        assert ("只读" if who else "登录") in response.text

    unchanged(app, attempt)


def test_refusal_comes_before_complaints_about_the_values(app: FastAPI, client: TestClient) -> None:
    """A caller who may not write hears that, not what was wrong with the values it sent."""
    bad = {"percent": "150", "status": "很好"}
    token = login(client, "kjj")
    foreign = client.post(f"/tasks/{fgw_only(app).id}/reports", data=form_body(token, **bad))
    assert foreign.status_code == 403
    token = login(client, "viewer")
    viewer = client.post(f"/tasks/{kjj_led(app).id}/reports", data=form_body(token, **bad))
    assert viewer.status_code == 403
    api = client.post(
        f"/api/v1/tasks/{kjj_led(app).id}/reports",
        json={"period_label": "2025", "status": "很好"},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 403


# --- editing: API and form ----------------------------------------------------------------------------


def test_reporter_cannot_edit_another_departments_report(app: FastAPI, client: TestClient) -> None:
    shared = kjj_led(app)
    assert FGW in task_departments(shared)
    fgw_report = file_as(client, "fgw", shared.id)
    token = login(client, "kjj")

    def api_attempt() -> None:
        response = client.patch(
            f"/api/v1/reports/{fgw_report}", json={"status": "已完成"}, headers={"X-CSRF-Token": token}
        )
        assert response.status_code == 403
        assert "其他责任单位" in response.json()["error"]["message"]

    def form_attempt() -> None:
        assert client.get(f"/reports/{fgw_report}/edit").status_code == 403
        response = client.post(f"/reports/{fgw_report}/edit", data=form_body(token, status="已完成"))
        assert response.status_code == 403 and "其他责任单位" in response.text

    unchanged(app, api_attempt)
    unchanged(app, form_attempt)
    page = client.get(f"/tasks/{shared.id}")
    assert f"/reports/{fgw_report}/edit" not in page.text  # no edit link either


def test_owner_edits_its_report_but_viewer_anonymous_and_no_csrf_cannot(
    app: FastAPI, client: TestClient
) -> None:
    task = kjj_led(app)
    report_id = file_as(client, "kjj", task.id)

    token = login(client, "viewer")
    unchanged(
        app,
        lambda: _expect(
            client.patch(
                f"/api/v1/reports/{report_id}", json={"status": "滞后"}, headers={"X-CSRF-Token": token}
            ),
            403,
            "只读",
        ),
    )
    unchanged(
        app, lambda: _expect(client.post(f"/reports/{report_id}/edit", data=form_body(token)), 403, "只读")
    )
    client.post("/logout", data={"csrf_token": token})
    anonymous = csrf_token(client)
    unchanged(
        app,
        lambda: _expect(
            client.patch(
                f"/api/v1/reports/{report_id}", json={"status": "滞后"}, headers={"X-CSRF-Token": anonymous}
            ),
            401,
            "登录",
        ),
    )
    unchanged(
        app,
        lambda: _expect(client.post(f"/reports/{report_id}/edit", data=form_body(anonymous)), 401, "登录"),
    )

    login(client, "kjj")
    unchanged(
        app,
        lambda: _expect(
            client.post(f"/reports/{report_id}/edit", data=form_body(None, status="滞后")), 403, "CSRF"
        ),
    )
    unchanged(
        app,
        lambda: _expect(client.patch(f"/api/v1/reports/{report_id}", json={"status": "滞后"}), 403, "CSRF"),
    )
    token = csrf_token(client)
    ok = client.patch(
        f"/api/v1/reports/{report_id}", json={"status": "滞后"}, headers={"X-CSRF-Token": token}
    )
    assert ok.status_code == 200 and ok.json()["status"] == "滞后"


def test_admin_may_file_for_any_unit_and_edit_any_report(app: FastAPI, client: TestClient) -> None:
    task = fgw_only(app)
    fgw_report = file_as(client, "fgw", task.id)
    token = login(client, "admin")
    response = client.patch(
        f"/api/v1/reports/{fgw_report}", json={"percent": 60}, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 200 and response.json()["percent"] == 60
    filed = client.post(
        f"/api/v1/tasks/{task.id}/reports", json=report_body(department=FGW), headers={"X-CSRF-Token": token}
    )
    assert filed.status_code == 201 and filed.json()["author"] == "admin"


def test_reporter_cannot_file_for_a_unit_outside_the_task_even_if_it_is_its_own(
    app: FastAPI, client: TestClient
) -> None:
    """A reporter of two units reports on a task one of them supports: not in the other's name."""
    from planwatch.domain.accounts import UserRole
    from planwatch.services import accounts

    task = next(t for t in _tasks(app) if KJJ in task_departments(t) and FGW not in task_departments(t))
    accounts.add_user(
        _factory(app),
        "both",
        UserRole.REPORTER,
        who="test",
        password="both-password-1",
        departments=[KJJ, FGW],
    )
    token = csrf_token(client)
    client.post("/login", data={"username": "both", "password": "both-password-1", "csrf_token": token})
    token = csrf_token(client)

    def attempt() -> None:
        response = client.post(
            f"/api/v1/tasks/{task.id}/reports",
            json=report_body(department=FGW),
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code == 422 and "不是该任务的责任单位" in response.json()["error"]["message"]

    unchanged(app, attempt)


# --- escaping -----------------------------------------------------------------------------------------


def test_script_in_a_narrative_is_shown_as_text_everywhere(app: FastAPI, client: TestClient) -> None:
    task = kjj_led(app)
    file_as(client, "kjj", task.id, narrative=XSS, evidence=[XSS])
    login(client, "admin")
    department_id = next(
        d["id"] for d in client.get("/api/v1/departments?limit=500").json()["items"] if d["name"] == KJJ
    )
    for url in (f"/tasks/{task.id}", f"/departments/{department_id}", "/audit?table=progress_reports"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "<script>alert(1)" not in page.text, url
        assert XSS_ESCAPED in page.text, url


# --- PostgreSQL ---------------------------------------------------------------------------------------


def test_reporting_on_postgresql(pg_web_url: str) -> None:
    app = make_app(pg_web_url)
    try:
        with TestClient(app) as client:
            task = kjj_led(app)
            token = login(client, "kjj")
            response = client.post(
                f"/tasks/{task.id}/reports", data=form_body(token, narrative=XSS), follow_redirects=False
            )
            assert response.status_code == 303
            refused = client.post(f"/tasks/{fgw_only(app).id}/reports", data=form_body(token))
            assert refused.status_code == 403
            page = client.get(f"/tasks/{task.id}")
            assert XSS_ESCAPED in page.text and "进展报告已提交" in page.text
            listed = client.get(f"/api/v1/tasks?plan_id={task.plan_id}&department={KJJ}&status=推进中").json()
            assert task.id in {item["task"]["id"] for item in listed["items"]}
            login(client, "admin")
            audit = client.get("/api/v1/audit?table=progress_reports&user=kjj").json()
            assert any(i["entry"]["new_value"] == XSS for i in audit["items"])
            assert re.search(r"<td[^>]*>kjj</td>", client.get("/audit?user=kjj").text)
    finally:
        app.state.planwatch.database.engine.dispose()
