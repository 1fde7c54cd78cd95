"""The observations API: listing, entry, correction, review, choice and file uploads, in JSON."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from planwatch.services import plan_status, stored_plans
from planwatch.services import upload_staging as uploads
from planwatch.store import list_indicators, resolve_observation, transaction
from web_support import EVALUATION_YEAR, OWNED_INDICATOR, login, make_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "data" / "wuhan_observations.csv"


@pytest.fixture(autouse=True)
def private_staging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    staging = uploads.UploadStaging(tmp_path / "uploads")
    monkeypatch.setattr(uploads, "default_staging", lambda: staging)


def _factory(app: FastAPI) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    return factory


def _plan_and_indicator(app: FastAPI, period: int = 2021, name: str = OWNED_INDICATOR) -> tuple[int, int]:
    plan = next(p for p in stored_plans(_factory(app)) if p.period_start == period)
    with transaction(_factory(app), read_only=True) as session:
        indicator = next(i for i, n in list_indicators(session, plan.id).items() if n == name)
    return plan.id, indicator


def _latest(app: FastAPI, plan_id: int, indicator_id: int) -> tuple[int, float] | None:
    status = plan_status(_factory(app), plan_id, EVALUATION_YEAR)
    row = next(r for r in status.indicators if r.indicator_id == indicator_id)
    return (row.latest.year, row.latest.value) if row.latest else None


def test_list_filters_and_pages(client: TestClient, app: FastAPI) -> None:
    plan_id, indicator = _plan_and_indicator(app)
    login(client, "admin")
    everything = client.get(f"/api/v1/observations?indicator_id={indicator}&limit=500").json()
    assert everything["total"] == len(everything["items"]) > 10
    assert {o["indicator_id"] for o in everything["items"]} == {indicator}
    years = [o["year"] for o in everything["items"]]
    assert years == sorted(years)
    one_year = client.get(f"/api/v1/observations?indicator_id={indicator}&year=2021").json()
    assert one_year["total"] == 3 and {o["value"] for o in one_year["items"]} == {9151, 9145}
    page = client.get(f"/api/v1/observations?plan_id={plan_id}&limit=5&offset=5").json()
    assert (page["limit"], page["offset"], len(page["items"])) == (5, 5, 5)
    assert page["total"] > 5
    proposed = client.get("/api/v1/observations?review=proposed").json()
    assert proposed["total"] == 0
    bad = client.get("/api/v1/observations?review=maybe")
    assert bad.status_code == 422 and "review" in bad.json()["error"]["fields"]


def test_admin_creates_a_figure_that_counts(client: TestClient, app: FastAPI) -> None:
    plan_id, indicator = _plan_and_indicator(app)
    token = login(client, "admin")
    response = client.post(
        "/api/v1/observations",
        json={
            "indicator_id": indicator,
            "year": 2025,
            "value": 18500,
            "source": "2025年武汉市国民经济和社会发展统计公报",
            "qualifier": "exact",
            "status": "preliminary",
        },
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["review"] == "accepted" and body["unit"] == "家" and body["scope"] == "武汉市"
    assert body["origin"] == "manual" and body["created_by"] == "admin"
    # The default rule prefers an official source (a 统计公报) to the final figure already stored from a
    # news site, before status: the bulletin's preliminary figure counts without being chosen.
    with transaction(_factory(app), read_only=True) as session:
        resolution = resolve_observation(session, indicator, 2025)
    assert resolution.chosen is not None and resolution.chosen.id == body["id"]
    assert resolution.chosen.status.value == "preliminary"
    assert any(o.status.value == "final" and o.id != body["id"] for o in resolution.observations)
    chosen = client.post(
        f"/api/v1/observations/{body['id']}/choose",
        json={"note": "以统计公报为准"},
        headers={"X-CSRF-Token": token},
    )
    assert chosen.status_code == 200
    assert chosen.json()["overridden"] is True and chosen.json()["chosen"]["id"] == body["id"]
    assert _latest(app, plan_id, indicator) == (2025, 18500.0)
    cleared = client.delete(f"/api/v1/observation-choices/{indicator}/2025", headers={"X-CSRF-Token": token})
    assert cleared.status_code == 200 and cleared.json()["overridden"] is False
    assert _latest(app, plan_id, indicator) == (2025, 18500.0)  # the rule again: the official figure


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"source": None}, "请填写数据出处"),
        ({"source": "   "}, "请填写数据出处"),
        ({"year": 1900}, "年份 1900 不在合理范围内"),
        ({"year": 2101}, "不在合理范围内"),
        ({"unit": "单" * 51}, "单位太长"),
    ],
)
def test_create_refuses_bad_figures_in_chinese(
    client: TestClient, app: FastAPI, change: dict[str, object], message: str
) -> None:
    _, indicator = _plan_and_indicator(app)
    token = login(client, "admin")
    before = client.get("/api/v1/observations?limit=1").json()["total"]
    body: dict[str, object] = {"indicator_id": indicator, "year": 2025, "value": 1, "source": "公报"}
    body.update(change)
    response = client.post("/api/v1/observations", json=body, headers={"X-CSRF-Token": token})
    assert response.status_code == 422
    assert message in response.json()["error"]["message"]
    assert client.get("/api/v1/observations?limit=1").json()["total"] == before


def test_create_needs_numbers_and_a_known_indicator(client: TestClient) -> None:
    token = login(client, "admin")
    headers = {"X-CSRF-Token": token}
    wrong_type = client.post(
        "/api/v1/observations",
        json={"indicator_id": 1, "year": 2025, "value": "很多", "source": "公报"},
        headers=headers,
    )
    assert wrong_type.status_code == 422 and wrong_type.json()["error"]["fields"]["value"] == "应为数字"
    missing = client.post(
        "/api/v1/observations",
        json={"indicator_id": 999999, "year": 2025, "value": 1, "source": "公报"},
        headers=headers,
    )
    assert missing.status_code == 404 and "找不到编号为 999999 的指标" in missing.json()["error"]["message"]


def test_patch_delete_and_review(client: TestClient, app: FastAPI) -> None:
    plan_id, indicator = _plan_and_indicator(app)
    with TestClient(app) as reporter:
        kjj = login(reporter, "kjj")
        created = reporter.post(
            "/api/v1/observations",
            json={
                "indicator_id": indicator,
                "year": 2025,
                "value": 18600,
                "source": "市科技局统计",
                "note": "初报",
            },
            headers={"X-CSRF-Token": kjj},
        ).json()
        assert created["review"] == "proposed"
        patched = reporter.patch(
            f"/api/v1/observations/{created['id']}",
            json={"value": 18650, "note": "", "qualifier": "lower_bound"},
            headers={"X-CSRF-Token": kjj},
        )
        assert patched.status_code == 200, patched.text
        assert (patched.json()["value"], patched.json()["note"], patched.json()["qualifier"]) == (
            18650,
            "",
            "lower_bound",
        )
        assert patched.json()["source"] == "市科技局统计"  # untouched fields stay
        refused = reporter.patch(
            f"/api/v1/observations/{created['id']}", json={"source": ""}, headers={"X-CSRF-Token": kjj}
        )
        assert refused.status_code == 422 and "出处" in refused.json()["error"]["message"]
    token = login(client, "admin")
    queue = client.get("/api/v1/observations?review=proposed").json()
    assert [o["id"] for o in queue["items"]] == [created["id"]]
    bad = client.post(
        f"/api/v1/observations/{created['id']}/review",
        json={"state": "proposed"},
        headers={"X-CSRF-Token": token},
    )
    assert bad.status_code == 422
    accepted = client.post(
        f"/api/v1/observations/{created['id']}/review",
        json={"state": "accepted"},
        headers={"X-CSRF-Token": token},
    )
    assert accepted.status_code == 200 and accepted.json()["review"] == "accepted"
    # Accepted, it counts: a typed-in figure ranks before imported ones of the same standing.
    assert _latest(app, plan_id, indicator) == (2025, 18650.0)
    deleted = client.delete(f"/api/v1/observations/{created['id']}", headers={"X-CSRF-Token": token})
    assert deleted.status_code == 204
    assert _latest(app, plan_id, indicator) == (2025, 17000.0)
    assert client.get(f"/api/v1/observations/{created['id']}").status_code == 404
    again = client.delete(f"/api/v1/observations/{created['id']}", headers={"X-CSRF-Token": token})
    assert again.status_code == 404


def test_choosing_a_proposal_conflicts(client: TestClient, app: FastAPI) -> None:
    _, indicator = _plan_and_indicator(app)
    with TestClient(app) as reporter:
        kjj = login(reporter, "kjj")
        created = reporter.post(
            "/api/v1/observations",
            json={"indicator_id": indicator, "year": 2025, "value": 1, "source": "测试"},
            headers={"X-CSRF-Token": kjj},
        ).json()
    token = login(client, "admin")
    response = client.post(f"/api/v1/observations/{created['id']}/choose", headers={"X-CSRF-Token": token})
    assert response.status_code == 409 and "尚未通过审核" in response.json()["error"]["message"]


def test_viewer_sees_accepted_figures_only(client: TestClient, app: FastAPI) -> None:
    _, indicator = _plan_and_indicator(app)
    with TestClient(app) as reporter:
        kjj = login(reporter, "kjj")
        created = reporter.post(
            "/api/v1/observations",
            json={"indicator_id": indicator, "year": 2025, "value": 1, "source": "测试"},
            headers={"X-CSRF-Token": kjj},
        ).json()
        assert reporter.get(f"/api/v1/observations/{created['id']}").status_code == 200
    login(client, "viewer")
    listing = client.get(f"/api/v1/observations?indicator_id={indicator}&limit=500").json()
    assert created["id"] not in {o["id"] for o in listing["items"]}
    assert {o["review"] for o in listing["items"]} == {"accepted"}
    assert client.get(f"/api/v1/observations/{created['id']}").status_code == 404
    assert client.get("/api/v1/observations?review=proposed").json()["total"] == 0


def test_upload_propose_and_import(client: TestClient, app: FastAPI) -> None:
    plan_id, indicator = _plan_and_indicator(app, 2011, "技术合同成交额")
    token = login(client, "admin")
    headers = {"X-CSRF-Token": token}
    rows = (
        "指标,年份,数值,单位,出处,备注\n"
        "技术合同成交额,2016,250,亿元,测试公报,\n"
        "技术合同成交额,2017,300,亿元,测试公报,\n"
        "完全无关的名称,2016,1,个,测试公报,\n"
    )
    staged = client.post(
        "/api/v1/observation-files",
        data={"plan_id": str(plan_id)},
        files={"file": ("extra.csv", rows.encode("gb18030"), "text/csv")},
        headers=headers,
    )
    assert staged.status_code == 201, staged.text
    review = staged.json()
    token_id = review["upload"]["token"]
    assert review["plan"]["id"] == plan_id and review["total_rows"] == 3
    names = {n["external_name"]: n for n in review["names"]}
    assert names["技术合同成交额"]["selected_id"] == indicator and names["技术合同成交额"]["remembered"]
    assert names["完全无关的名称"]["selected_id"] is None
    assert any(i["id"] == indicator for i in review["indicators"])
    assert client.get(f"/api/v1/observation-files/{token_id}").json()["total_rows"] == 3

    wrong = client.post(
        f"/api/v1/observation-files/{token_id}/import",
        json={"mapping": {"不存在": indicator}},
        headers=headers,
    )
    assert wrong.status_code == 422 and "文件中没有名为“不存在”的指标" in wrong.json()["error"]["message"]
    foreign = client.post(
        f"/api/v1/observation-files/{token_id}/import",
        json={"mapping": {"技术合同成交额": 999999}},
        headers=headers,
    )
    assert foreign.status_code == 422 and "不属于规划" in foreign.json()["error"]["message"]

    imported = client.post(
        f"/api/v1/observation-files/{token_id}/import",
        json={"mapping": {"技术合同成交额": indicator, "完全无关的名称": None}},
        headers=headers,
    )
    assert imported.status_code == 200, imported.text
    summary = imported.json()
    assert (summary["added"], summary["skipped_duplicates"]) == (2, 0)
    assert summary["not_imported"] == ["完全无关的名称"] and summary["rows_not_imported"] == 1
    figures = client.get(f"/api/v1/observations?indicator_id={indicator}&year=2017").json()["items"]
    assert any(o["value"] == 300 and o["origin"] == "import" and o["review"] == "accepted" for o in figures)
    assert client.get(f"/api/v1/observation-files/{token_id}").status_code == 404


def test_upload_errors_and_discard(client: TestClient, app: FastAPI) -> None:
    plan_id, _ = _plan_and_indicator(app)
    token = login(client, "admin")
    headers = {"X-CSRF-Token": token}
    too_big = uploads.UploadStaging(uploads.default_staging().directory, max_bytes=10)
    refused = client.post(
        "/api/v1/observation-files",
        data={"plan_id": str(plan_id)},
        files={"file": ("obs.txt", b"x", "text/plain")},
        headers=headers,
    )
    assert refused.status_code == 422 and "不支持的文件类型" in refused.json()["error"]["message"]
    with pytest.raises(uploads.UploadError, match="太大"):
        too_big.stage(b"x" * 11, "obs.csv", plan_id=plan_id, who="admin")
    no_plan = client.post(
        "/api/v1/observation-files",
        data={"plan_id": "999999"},
        files={"file": ("obs.csv", SAMPLE.read_bytes(), "text/csv")},
        headers=headers,
    )
    assert no_plan.status_code == 404
    staged = client.post(
        "/api/v1/observation-files",
        data={"plan_id": str(plan_id)},
        files={"file": ("obs.csv", SAMPLE.read_bytes(), "text/csv")},
        headers=headers,
    ).json()
    token_id = staged["upload"]["token"]
    assert client.delete(f"/api/v1/observation-files/{token_id}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/observation-files/{token_id}").status_code == 404


def test_observations_api_on_postgresql(pg_web_url: str) -> None:
    app = make_app(pg_web_url)
    try:
        with TestClient(app) as client:
            plan_id, indicator = _plan_and_indicator(app)
            token = login(client, "admin")
            headers = {"X-CSRF-Token": token}
            created = client.post(
                "/api/v1/observations",
                json={"indicator_id": indicator, "year": 2025, "value": 18700, "source": "PG 测试"},
                headers=headers,
            )
            assert created.status_code == 201
            observation_id = created.json()["id"]
            assert (
                client.post(f"/api/v1/observations/{observation_id}/choose", headers=headers).status_code
                == 200
            )
            assert _latest(app, plan_id, indicator) == (2025, 18700.0)
            listing = client.get(f"/api/v1/observations?indicator_id={indicator}&year=2025").json()
            assert observation_id in {o["id"] for o in listing["items"]}
            assert client.delete(f"/api/v1/observations/{observation_id}", headers=headers).status_code == 204
            assert _latest(app, plan_id, indicator) == (2025, 17000.0)
    finally:
        app.state.planwatch.database.engine.dispose()
