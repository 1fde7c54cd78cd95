"""Who may enter, correct, review and choose figures, through every write endpoint (API and forms alike).

Each refusal is checked twice: the status code, and that nothing was written (the observations, the
choices and the change history are unchanged). Sources and notes with markup must come back as text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import Principal, UserRole
from planwatch.domain.records import ReviewState
from planwatch.services import plan_status, stored_plans
from planwatch.services import upload_staging as uploads
from planwatch.services.observation_entry import find_observations
from planwatch.store import (
    list_indicators,
    observations_for,
    recent_changes,
    set_indicator_departments,
    transaction,
)
from web_support import EVALUATION_YEAR, OWNED_INDICATOR, csrf_token, login

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "data" / "wuhan_observations.csv"
OTHER_INDICATOR = "技术合同成交额"  # 14th plan; no department is responsible for it in the seed
XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
AUDITOR = Principal(user_id=0, username="test-auditor", display_name="测试", role=UserRole.ADMIN)


@pytest.fixture(autouse=True)
def private_staging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Uploads of this test go to its own directory, not the shared temp dir."""
    staging = uploads.UploadStaging(tmp_path / "uploads")
    monkeypatch.setattr(uploads, "default_staging", lambda: staging)


def _factory(app: FastAPI) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    return factory


@dataclass(frozen=True)
class Ids:
    plan: int
    owned: int  # 高新技术企业数量, 市科技局 answers for it
    other: int  # 技术合同成交额, nobody's
    accepted: int  # an accepted figure of the owned indicator


@pytest.fixture
def ids(app: FastAPI) -> Ids:
    plan = max(stored_plans(_factory(app)), key=lambda p: p.period_start or 0)
    with transaction(_factory(app), read_only=True) as session:
        names = {name: i for i, name in list_indicators(session, plan.id).items()}
        owned = names[OWNED_INDICATOR]
        accepted = [o for o in observations_for(session, owned) if o.review is ReviewState.ACCEPTED][-1]
    return Ids(plan.id, owned, names[OTHER_INDICATOR], accepted.id)


def written(app: FastAPI) -> tuple[int, int, int, int]:
    """Observations, their review states, and history lines of observations and choices."""
    factory = _factory(app)
    figures = find_observations(factory, AUDITOR)
    with transaction(factory, read_only=True) as session:
        _, history = recent_changes(session, limit=1, table="observations")
        _, choices = recent_changes(session, limit=1, table="observation_choices")
    proposed = sum(1 for o in figures if o.review is not ReviewState.ACCEPTED)
    return len(figures), proposed, history, choices


def unchanged(app: FastAPI, action: Callable[[], object]) -> None:
    before = written(app)
    action()
    assert written(app) == before


def counted(app: FastAPI, plan_id: int, indicator_id: int) -> tuple[int, float] | None:
    """The latest figure that counts in monitoring for an indicator (year, value)."""
    status = plan_status(_factory(app), plan_id, EVALUATION_YEAR)
    row = next(r for r in status.indicators if r.indicator_id == indicator_id)
    return (row.latest.year, row.latest.value) if row.latest else None


def form(token: str | None, **fields: str) -> dict[str, str]:
    body = {
        "year": "2026",
        "value": "18000",
        "source": "2026年武汉市统计公报",
        "qualifier": "exact",
        "status": "final",
    }
    body.update(fields)
    if token is not None:
        body["csrf_token"] = token
    return body


def api_body(indicator_id: int, **fields: object) -> dict[str, object]:
    body: dict[str, object] = {
        "indicator_id": indicator_id,
        "year": 2026,
        "value": 18000,
        "source": "2026年统计公报",
    }
    body.update(fields)
    return body


@pytest.fixture
def other_client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as other:
        yield other


# --- reporters ----------------------------------------------------------------------------------


def test_reporter_proposal_counts_only_after_acceptance(
    client: TestClient, other_client: TestClient, app: FastAPI, ids: Ids
) -> None:
    before = counted(app, ids.plan, ids.owned)
    token = login(client, "kjj")
    response = client.post(
        "/api/v1/observations",
        json=api_body(ids.owned, year=2025, value=19999),
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 201, response.text
    proposal = response.json()
    assert proposal["review"] == "proposed" and proposal["created_by"] == "kjj"
    assert counted(app, ids.plan, ids.owned) == before  # a proposal does not change the status

    admin_token = login(other_client, "admin")
    accepted = other_client.post(
        f"/api/v1/observations/{proposal['id']}/review",
        json={"state": "accepted"},
        headers={"X-CSRF-Token": admin_token},
    )
    assert accepted.status_code == 200 and accepted.json()["review"] == "accepted"
    assert counted(app, ids.plan, ids.owned) == (2025, 19999.0)


def test_reporter_form_proposal_for_owned_indicator(client: TestClient, app: FastAPI, ids: Ids) -> None:
    before = counted(app, ids.plan, ids.owned)
    token = login(client, "kjj")
    response = client.post(
        "/data/observations", data=form(token, indicator_id=str(ids.owned)), follow_redirects=False
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "等待规划处审核" in page.text
    assert counted(app, ids.plan, ids.owned) == before


def test_reporter_cannot_propose_for_another_indicator(client: TestClient, app: FastAPI, ids: Ids) -> None:
    token = login(client, "kjj")

    def by_api() -> None:
        response = client.post(
            "/api/v1/observations", json=api_body(ids.other), headers={"X-CSRF-Token": token}
        )
        assert response.status_code == 403
        assert "不由您所在的责任单位负责" in response.json()["error"]["message"]

    def by_form() -> None:
        response = client.post("/data/observations", data=form(token, indicator_id=str(ids.other)))
        assert response.status_code == 403
        assert "不由您所在的责任单位负责" in response.text

    unchanged(app, by_api)
    unchanged(app, by_form)
    hub = client.get(f"/data?plan_id={ids.plan}")
    assert f'value="{ids.other}"' not in hub.text  # the form offers only its own indicators
    assert f'value="{ids.owned}"' in hub.text


def _refused_edits(client: TestClient, token: str, observation_id: int) -> list[Callable[[], object]]:
    """Every way to change or remove a figure, each asserting 403."""

    def api_patch() -> None:
        response = client.patch(
            f"/api/v1/observations/{observation_id}", json={"value": 1}, headers={"X-CSRF-Token": token}
        )
        assert response.status_code == 403, response.text

    def api_delete() -> None:
        response = client.delete(f"/api/v1/observations/{observation_id}", headers={"X-CSRF-Token": token})
        assert response.status_code == 403, response.text

    def form_edit_page() -> None:
        assert client.get(f"/observations/{observation_id}/edit").status_code == 403

    def form_edit() -> None:
        response = client.post(f"/observations/{observation_id}/edit", data=form(token, value="1"))
        assert response.status_code == 403

    def form_delete() -> None:
        response = client.post(f"/observations/{observation_id}/delete", data={"csrf_token": token})
        assert response.status_code == 403

    return [api_patch, api_delete, form_edit_page, form_edit, form_delete]


def test_reporter_cannot_touch_an_accepted_figure(client: TestClient, app: FastAPI, ids: Ids) -> None:
    token = login(client, "kjj")
    for attempt in _refused_edits(client, token, ids.accepted):
        unchanged(app, attempt)


def test_reporter_cannot_touch_another_departments_proposal(
    client: TestClient, other_client: TestClient, app: FastAPI, ids: Ids
) -> None:
    with transaction(_factory(app)) as session:
        set_indicator_departments(session, ids.other, ["市发改委"], who="test")
    fgw_token = login(other_client, "fgw")
    created = other_client.post(
        "/api/v1/observations", json=api_body(ids.other), headers={"X-CSRF-Token": fgw_token}
    )
    assert created.status_code == 201 and created.json()["review"] == "proposed"
    token = login(client, "kjj")
    for attempt in _refused_edits(client, token, created.json()["id"]):
        unchanged(app, attempt)


def test_reporter_edits_and_withdraws_its_own_proposal(client: TestClient, app: FastAPI, ids: Ids) -> None:
    token = login(client, "kjj")
    created = client.post("/api/v1/observations", json=api_body(ids.owned), headers={"X-CSRF-Token": token})
    observation_id = created.json()["id"]
    response = client.post(
        f"/observations/{observation_id}/edit", data=form(token, value="18100"), follow_redirects=False
    )
    assert response.status_code == 303
    assert client.get(f"/api/v1/observations/{observation_id}").json()["value"] == 18100
    response = client.post(
        f"/observations/{observation_id}/delete", data={"csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303
    assert "已撤回" in client.get(response.headers["location"]).text
    assert client.get(f"/api/v1/observations/{observation_id}").status_code == 404


def test_reporter_cannot_review_choose_or_upload(client: TestClient, app: FastAPI, ids: Ids) -> None:
    token = login(client, "kjj")
    created = client.post("/api/v1/observations", json=api_body(ids.owned), headers={"X-CSRF-Token": token})
    proposal = created.json()["id"]
    headers = {"X-CSRF-Token": token}
    attempts: list[Callable[[], object]] = [
        lambda: client.post(
            f"/api/v1/observations/{proposal}/review", json={"state": "accepted"}, headers=headers
        ),
        lambda: client.post(f"/api/v1/observations/{ids.accepted}/choose", headers=headers),
        lambda: client.delete(f"/api/v1/observation-choices/{ids.owned}/2024", headers=headers),
        lambda: client.post(
            "/api/v1/observation-files",
            data={"plan_id": str(ids.plan)},
            files={"file": ("obs.csv", SAMPLE.read_bytes(), "text/csv")},
            headers=headers,
        ),
        lambda: client.post(
            f"/observations/{proposal}/review", data={"csrf_token": token, "state": "accepted"}
        ),
        lambda: client.post(f"/observations/{ids.accepted}/choose", data={"csrf_token": token}),
        lambda: client.post(f"/indicators/{ids.owned}/choices/2024/clear", data={"csrf_token": token}),
        lambda: client.post(
            "/data/upload",
            data={"csrf_token": token, "plan_id": str(ids.plan)},
            files={"file": ("obs.csv", SAMPLE.read_bytes(), "text/csv")},
        ),
    ]
    for attempt in attempts:
        before = written(app)
        response = attempt()
        assert isinstance(response, object)
        assert getattr(response, "status_code", None) == 403, getattr(response, "text", "")
        assert written(app) == before
    page = client.get("/data/upload")
    assert page.status_code == 200 and "只有规划处（管理员）可以上传数据文件" in page.text
    assert 'type="file"' not in page.text


# --- viewers, the public, forged forms ----------------------------------------------------------


def _every_write(client: TestClient, token: str | None, ids: Ids) -> list[tuple[str, Callable[[], object]]]:
    """(name, call) for every write endpoint; `token` goes in the header or form when given."""
    headers = {"X-CSRF-Token": token} if token else {}
    data = {"csrf_token": token} if token else {}
    upload = {"file": ("obs.csv", SAMPLE.read_bytes(), "text/csv")}
    return [
        (
            "api create",
            lambda: client.post("/api/v1/observations", json=api_body(ids.owned), headers=headers),
        ),
        (
            "api patch",
            lambda: client.patch(f"/api/v1/observations/{ids.accepted}", json={"value": 1}, headers=headers),
        ),
        ("api delete", lambda: client.delete(f"/api/v1/observations/{ids.accepted}", headers=headers)),
        (
            "api review",
            lambda: client.post(
                f"/api/v1/observations/{ids.accepted}/review", json={"state": "rejected"}, headers=headers
            ),
        ),
        ("api choose", lambda: client.post(f"/api/v1/observations/{ids.accepted}/choose", headers=headers)),
        (
            "api clear",
            lambda: client.delete(f"/api/v1/observation-choices/{ids.owned}/2024", headers=headers),
        ),
        (
            "api upload",
            lambda: client.post(
                "/api/v1/observation-files", data={"plan_id": str(ids.plan)}, files=upload, headers=headers
            ),
        ),
        (
            "form add",
            lambda: client.post("/data/observations", data=form(token, indicator_id=str(ids.owned))),
        ),
        ("form edit", lambda: client.post(f"/observations/{ids.accepted}/edit", data=form(token, value="1"))),
        ("form delete", lambda: client.post(f"/observations/{ids.accepted}/delete", data=data)),
        (
            "form review",
            lambda: client.post(f"/observations/{ids.accepted}/review", data={**data, "state": "rejected"}),
        ),
        ("form choose", lambda: client.post(f"/observations/{ids.accepted}/choose", data=data)),
        ("form clear", lambda: client.post(f"/indicators/{ids.owned}/choices/2024/clear", data=data)),
        (
            "form upload",
            lambda: client.post("/data/upload", data={**data, "plan_id": str(ids.plan)}, files=upload),
        ),
    ]


def test_viewer_cannot_write(client: TestClient, app: FastAPI, ids: Ids) -> None:
    token = login(client, "viewer")
    for name, attempt in _every_write(client, token, ids):
        before = written(app)
        response = attempt()
        assert getattr(response, "status_code", None) == 403, name
        assert written(app) == before, name
    assert client.get("/data").status_code == 403


def test_anonymous_cannot_write(client: TestClient, app: FastAPI, ids: Ids) -> None:
    token = csrf_token(client)  # an anonymous session has a CSRF token too, so the refusal is about the user
    for name, attempt in _every_write(client, token, ids):
        before = written(app)
        response = attempt()
        assert getattr(response, "status_code", None) == 401, name
        assert written(app) == before, name
    assert client.get("/data", follow_redirects=False).headers["location"].startswith("/login")


def test_forms_and_session_calls_without_csrf_are_refused(client: TestClient, app: FastAPI, ids: Ids) -> None:
    login(client, "admin")
    for name, attempt in _every_write(client, None, ids):
        before = written(app)
        response = attempt()
        assert getattr(response, "status_code", None) == 403, name
        assert "CSRF" in getattr(response, "text", ""), name
        assert written(app) == before, name


def test_bearer_token_writes_without_csrf(client: TestClient, app: FastAPI, ids: Ids) -> None:
    token = login(client, "kjj")
    secret = client.post("/api/v1/tokens", json={"name": "同步"}, headers={"X-CSRF-Token": token}).json()[
        "secret"
    ]
    with TestClient(app) as script:
        response = script.post(
            "/api/v1/observations", json=api_body(ids.owned), headers={"Authorization": f"Bearer {secret}"}
        )
        assert response.status_code == 201 and response.json()["review"] == "proposed"
        refused = script.post(
            "/api/v1/observations", json=api_body(ids.other), headers={"Authorization": f"Bearer {secret}"}
        )
        assert refused.status_code == 403


# --- markup in what users typed -----------------------------------------------------------------


def test_markup_in_source_and_note_is_shown_as_text(client: TestClient, app: FastAPI, ids: Ids) -> None:
    token = login(client, "kjj")
    response = client.post(
        "/data/observations",
        data=form(token, indicator_id=str(ids.owned), source=XSS, note=XSS, source_quote=XSS),
        follow_redirects=False,
    )
    assert response.status_code == 303
    observation_id = max(o.id for o in find_observations(_factory(app), AUDITOR, indicator_id=ids.owned))
    for path in (f"/data?plan_id={ids.plan}", f"/observations/{observation_id}/edit"):
        page = client.get(path)
        assert page.status_code == 200
        assert XSS not in page.text, path
        assert XSS_ESCAPED in page.text, path
    login(client, "admin")
    for path in (f"/data?plan_id={ids.plan}", f"/observations/{observation_id}/edit"):
        page = client.get(path)
        assert XSS not in page.text and XSS_ESCAPED in page.text, path


def test_javascript_source_is_not_a_link(client: TestClient, app: FastAPI, ids: Ids) -> None:
    token = login(client, "admin")
    client.post(
        "/data/observations",
        data=form(token, indicator_id=str(ids.owned), source="javascript:alert(1)"),
        follow_redirects=False,
    )
    page = client.get(f"/data?plan_id={ids.plan}")
    assert "javascript:alert(1)" in page.text
    assert 'href="javascript:' not in page.text


def test_redirect_target_stays_on_site(client: TestClient, app: FastAPI, ids: Ids) -> None:
    token = login(client, "admin")
    response = client.post(
        f"/observations/{ids.accepted}/choose",
        data={"csrf_token": token, "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/")
