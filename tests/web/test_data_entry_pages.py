"""The 数据录入 pages: the hub, entry and correction forms, review, choice, and the upload with its
mapping step — on both Wuhan plans, on SQLite and once on PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from planwatch.cli.main import app as cli_app
from planwatch.domain.accounts import UserRole
from planwatch.domain.records import ReviewState
from planwatch.services import accounts, open_database, plan_status, stored_plans
from planwatch.services import upload_staging as uploads
from planwatch.store import list_indicators, observations_for, resolve_observation, transaction
from planwatch.store.views import PlanSummary
from web_support import EVALUATION_YEAR, OWNED_INDICATOR, PASSWORDS, login, make_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "data" / "wuhan_observations.csv"
_SELECTED = re.compile(r'<select id="map-(\d+)" name="map">(.*?)</select>', re.S)
_ALERT = re.compile(r'class="alert bad" role="alert">([^<]*)<')


@pytest.fixture(autouse=True)
def private_staging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> uploads.UploadStaging:
    staging = uploads.UploadStaging(tmp_path / "uploads")
    monkeypatch.setattr(uploads, "default_staging", lambda: staging)
    return staging


def _factory(app: FastAPI) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = app.state.planwatch.factory
    return factory


def _plans(app: FastAPI) -> dict[int, PlanSummary]:
    """Plans by the first year of their period (2011, 2021)."""
    return {p.period_start or 0: p for p in stored_plans(_factory(app))}


def _indicator(app: FastAPI, plan_id: int, name: str) -> int:
    with transaction(_factory(app), read_only=True) as session:
        return next(i for i, n in list_indicators(session, plan_id).items() if n == name)


def _latest(app: FastAPI, plan_id: int, indicator_id: int) -> tuple[int, float] | None:
    status = plan_status(_factory(app), plan_id, EVALUATION_YEAR)
    row = next(r for r in status.indicators if r.indicator_id == indicator_id)
    return (row.latest.year, row.latest.value) if row.latest else None


def _flash(page: str) -> str:
    match = re.search(r'class="alert good" role="status">([^<]*)<', page)
    return match.group(1) if match else ""


@pytest.mark.parametrize("period", [2021, 2011])
def test_admin_hub_on_both_plans(client: TestClient, app: FastAPI, period: int) -> None:
    plan = _plans(app)[period]
    login(client, "admin")
    page = client.get(f"/data?plan_id={plan.id}")
    assert page.status_code == 200
    text = page.text
    assert "<h1>数据录入</h1>" in text and 'aria-current="page">数据录入' in text
    assert "管理员（规划处）录入的数值直接生效" in text
    with transaction(_factory(app), read_only=True) as session:
        series = list_indicators(session, plan.id)
    options = re.findall(r'<option value="(\d+)" data-unit="[^"]*"', text)
    assert sorted(int(o) for o in options) == sorted(series)  # admins may enter every series
    assert 'id="queue"' in text and "目前没有待审核的数值" in text
    assert 'id="conflicts"' in text
    assert f'<option value="{plan.id}" selected>' in text
    assert 'name="csrf_token" value=""' not in text  # every form carries the session's token
    upload = client.get(f"/data/upload?plan_id={plan.id}")
    assert upload.status_code == 200 and 'enctype="multipart/form-data"' in upload.text


def test_hub_defaults_to_the_plan_running_now(client: TestClient, app: FastAPI) -> None:
    login(client, "kjj")
    page = client.get("/data")
    assert page.status_code == 200
    assert f'<option value="{_plans(app)[2021].id}" selected>' in page.text
    assert "只能填报本单位（市科技局）负责的指标" in page.text
    assert OWNED_INDICATOR in page.text


def test_reporter_without_indicators_in_a_plan_is_told_so(client: TestClient, app: FastAPI) -> None:
    login(client, "fgw")
    page = client.get(f"/data?plan_id={_plans(app)[2011].id}")
    assert page.status_code == 200
    assert "没有负责的指标" in page.text
    assert 'action="/data/observations"' not in page.text


def test_admin_entry_counts_at_once(client: TestClient, app: FastAPI) -> None:
    plan = _plans(app)[2021]
    indicator = _indicator(app, plan.id, OWNED_INDICATOR)
    token = login(client, "admin")
    response = client.post(
        "/data/observations",
        data={
            "csrf_token": token,
            "plan_id": str(plan.id),
            "indicator_id": str(indicator),
            "year": "2025年",
            "value": "18,200",
            "unit": "",
            "qualifier": "exact",
            "status": "final",
            "scope": "",
            "source": "2025年武汉市国民经济和社会发展统计公报",
            "source_quote": "全市高新技术企业达到18200家",
            "note": "",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/data?plan_id={plan.id}")
    page = client.get(response.headers["location"])
    assert _flash(page.text) == "已录入 2025年 18200家，该数值已生效。"
    assert _flash(client.get(f"/data?plan_id={plan.id}").text) == ""  # shown once
    assert _latest(app, plan.id, indicator) == (2025, 18200.0)
    with transaction(_factory(app), read_only=True) as session:
        stored = observations_for(session, indicator, 2025)[-1]
    assert (stored.unit, stored.scope, stored.created_by) == ("家", plan.scope, "admin")  # defaults


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"source": "  "}, "请填写数据出处"),
        ({"year": "1800"}, "年份 1800 不在合理范围内"),
        ({"year": "去年"}, "年份“去年”无法识别"),
        ({"value": "一万八"}, "数值“一万八”不是数字"),
        ({"value": "nan"}, "数值必须是有限的数字"),
        ({"qualifier": "maybe"}, "不是可选的值"),
        ({"indicator_id": ""}, "请选择指标"),
    ],
)
def test_entry_mistakes_keep_what_was_typed(
    client: TestClient, app: FastAPI, fields: dict[str, str], message: str
) -> None:
    plan = _plans(app)[2021]
    indicator = _indicator(app, plan.id, OWNED_INDICATOR)
    token = login(client, "admin")
    before = len(client.get(f"/api/v1/observations?indicator_id={indicator}&limit=500").json()["items"])
    body = {
        "csrf_token": token,
        "plan_id": str(plan.id),
        "indicator_id": str(indicator),
        "year": "2025",
        "value": "18200",
        "source": "统计公报",
        "note": "保留的备注",
    }
    body.update(fields)
    response = client.post("/data/observations", data=body)
    assert response.status_code == 422
    assert message in response.text
    assert 'name="note"' in response.text and "保留的备注</textarea>" in response.text
    after = len(client.get(f"/api/v1/observations?indicator_id={indicator}&limit=500").json()["items"])
    assert after == before


def test_admin_accepts_a_proposal_from_the_queue(client: TestClient, app: FastAPI) -> None:
    plan = _plans(app)[2021]
    indicator = _indicator(app, plan.id, OWNED_INDICATOR)
    before = _latest(app, plan.id, indicator)
    with TestClient(app) as reporter:
        token = login(reporter, "kjj")
        reporter.post(
            "/data/observations",
            data={
                "csrf_token": token,
                "plan_id": str(plan.id),
                "indicator_id": str(indicator),
                "year": "2025",
                "value": "18300",
                "source": "市科技局2025年工作总结",
            },
        )
        own = reporter.get(f"/data?plan_id={plan.id}").text
        assert "本单位提交的数值" in own and "待审核" in own and "撤回" in own
    assert _latest(app, plan.id, indicator) == before
    token = login(client, "admin")
    hub = client.get(f"/data?plan_id={plan.id}").text
    queue = hub[hub.index('id="queue"') : hub.index('id="conflicts"')]
    assert "市科技局2025年工作总结" in queue and "采纳" in queue
    proposal = int(re.search(r'action="/observations/(\d+)/review"', queue).group(1))  # type: ignore[union-attr]
    response = client.post(
        f"/observations/{proposal}/review",
        data={"csrf_token": token, "state": "accepted", "next": f"/data?plan_id={plan.id}#queue"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "已采纳“高新技术企业数量”2025年 18300家，该数值计入监测。" in page.text
    assert "目前没有待审核的数值" in page.text
    assert _latest(app, plan.id, indicator) == (2025, 18300.0)


def test_rejected_proposal_does_not_count(client: TestClient, app: FastAPI) -> None:
    plan = _plans(app)[2021]
    indicator = _indicator(app, plan.id, OWNED_INDICATOR)
    before = _latest(app, plan.id, indicator)
    with TestClient(app) as reporter:
        token = login(reporter, "kjj")
        created = reporter.post(
            "/api/v1/observations",
            json={"indicator_id": indicator, "year": 2025, "value": 99999, "source": "有误的数字"},
            headers={"X-CSRF-Token": token},
        ).json()
    token = login(client, "admin")
    client.post(f"/observations/{created['id']}/review", data={"csrf_token": token, "state": "rejected"})
    assert _latest(app, plan.id, indicator) == before
    with TestClient(app) as reporter:
        login(reporter, "kjj")
        own = reporter.get(f"/data?plan_id={plan.id}").text
        section = own[own.index('id="proposals"') : own.index('id="recent"')]
        assert "未采纳" in section and f"/observations/{created['id']}/edit" not in section


def test_correction_records_who_and_keeps_history(client: TestClient, app: FastAPI) -> None:
    plan = _plans(app)[2011]
    indicator = _indicator(app, plan.id, "技术合同成交额")
    with transaction(_factory(app), read_only=True) as session:
        figure = observations_for(session, indicator)[-1]
    token = login(client, "admin")
    page = client.get(f"/observations/{figure.id}/edit")
    assert page.status_code == 200
    assert "更正数值" in page.text and f'value="{figure.year}"' in page.text
    assert "data-confirm=" in page.text  # deleting asks first
    response = client.post(
        f"/observations/{figure.id}/edit",
        data={
            "csrf_token": token,
            "year": str(figure.year),
            "value": "123.45",
            "unit": figure.unit,
            "qualifier": "approximate",
            "status": "preliminary",
            "scope": figure.scope or "",
            "source": "更正后的出处",
            "source_quote": "",
            "note": "按年鉴更正",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == f"/data?plan_id={plan.id}"
    assert "已修改“技术合同成交额”的数值" in client.get(response.headers["location"]).text
    after = client.get(f"/observations/{figure.id}/edit").text
    assert 'value="123.45"' in after
    history = after[after.index("修改记录") :]
    assert "admin" in history and "数值" in history and "123.45" in history
    assert "数值性质" in history and "约数" in history  # labels, not codes
    with transaction(_factory(app), read_only=True) as session:
        stored = next(o for o in observations_for(session, indicator) if o.id == figure.id)
    assert (stored.value, stored.source, stored.source_quote, stored.note) == (
        123.45,
        "更正后的出处",
        None if figure.source_quote is None else "",
        "按年鉴更正",
    )


def test_correction_mistake_shows_the_form_again(client: TestClient, app: FastAPI) -> None:
    plan = _plans(app)[2021]
    indicator = _indicator(app, plan.id, OWNED_INDICATOR)
    with transaction(_factory(app), read_only=True) as session:
        figure = observations_for(session, indicator)[-1]
    token = login(client, "admin")
    response = client.post(
        f"/observations/{figure.id}/edit",
        data={"csrf_token": token, "year": "2025", "value": "17000", "source": ""},
    )
    assert response.status_code == 422
    assert "请填写数据出处" in response.text and "修改" in response.text


def test_delete_from_the_hub(client: TestClient, app: FastAPI) -> None:
    plan = _plans(app)[2021]
    indicator = _indicator(app, plan.id, OWNED_INDICATOR)
    token = login(client, "admin")
    created = client.post(
        "/api/v1/observations",
        json={"indicator_id": indicator, "year": 2024, "value": 1, "source": "测试"},
        headers={"X-CSRF-Token": token},
    ).json()
    hub = client.get(f"/data?plan_id={plan.id}").text
    form = re.search(rf'<form method="post" action="/observations/{created["id"]}/delete"[^>]*>', hub)
    assert form is not None and "data-confirm=" in form.group(0)
    response = client.post(
        f"/observations/{created['id']}/delete", data={"csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303
    assert "已删除“高新技术企业数量”2024年 1家" in client.get(response.headers["location"]).text
    assert client.get(f"/api/v1/observations/{created['id']}").status_code == 404


def test_choose_and_clear_a_conflicting_figure(client: TestClient, app: FastAPI) -> None:
    plan = _plans(app)[2021]
    indicator = _indicator(app, plan.id, OWNED_INDICATOR)
    with transaction(_factory(app), read_only=True) as session:
        resolution = resolve_observation(session, indicator, 2021)
    assert resolution.values_differ and not resolution.overridden
    other = next(o for o in resolution.observations if o.value != resolution.chosen.value)  # type: ignore[union-attr]
    token = login(client, "admin")
    hub = client.get(f"/data?plan_id={plan.id}").text
    assert f'action="/observations/{other.id}/choose"' in hub
    response = client.post(
        f"/observations/{other.id}/choose",
        data={"csrf_token": token, "next": f"/data?plan_id={plan.id}#conflicts"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert "设为“高新技术企业数量”2021年的采用值" in _flash(page)
    assert "人工选定" in page
    with transaction(_factory(app), read_only=True) as session:
        chosen = resolve_observation(session, indicator, 2021)
    assert chosen.overridden and chosen.chosen is not None and chosen.chosen.id == other.id
    response = client.post(
        f"/indicators/{indicator}/choices/2021/clear",
        data={"csrf_token": token, "next": f"/data?plan_id={plan.id}"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "现按默认规则采用" in _flash(client.get(response.headers["location"]).text)
    with transaction(_factory(app), read_only=True) as session:
        assert not resolve_observation(session, indicator, 2021).overridden


def test_choosing_a_proposal_is_refused_with_a_message(client: TestClient, app: FastAPI) -> None:
    plan = _plans(app)[2021]
    indicator = _indicator(app, plan.id, OWNED_INDICATOR)
    with TestClient(app) as reporter:
        token = login(reporter, "kjj")
        created = reporter.post(
            "/api/v1/observations",
            json={"indicator_id": indicator, "year": 2021, "value": 9000, "source": "测试"},
            headers={"X-CSRF-Token": token},
        ).json()
    token = login(client, "admin")
    response = client.post(f"/observations/{created['id']}/choose", data={"csrf_token": token})
    assert response.status_code == 200  # followed back to the hub
    assert "尚未通过审核" in response.text


# --- uploads ------------------------------------------------------------------------------------


@pytest.fixture
def fresh_app(tmp_path: Path) -> Iterator[FastAPI]:
    """Both plans imported but no observations and no remembered mappings yet, and an admin."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    result = CliRunner().invoke(cli_app, ["--database", url, "import", str(ROOT / "examples" / "plans")])
    assert result.exit_code == 0, result.output
    with open_database(url) as db:
        accounts.add_user(db.factory, "admin", UserRole.ADMIN, who="test", password=PASSWORDS["admin"])
    application = make_app(url)
    yield application
    application.state.planwatch.database.engine.dispose()


def _selected(page: str) -> dict[int, str]:
    """Mapping-step select index → the value of its selected option."""
    result = {}
    for index, body in _SELECTED.findall(page):
        match = re.search(r'<option value="([^"]*)" selected', body)
        assert match, f"select {index} has nothing selected"
        result[int(index)] = match.group(1)
    return result


def test_upload_into_a_fresh_database(fresh_app: FastAPI) -> None:
    plan = max(stored_plans(_factory(fresh_app)), key=lambda p: p.period_start or 0)
    with TestClient(fresh_app) as client:
        token = login(client, "admin")
        response = client.post(
            "/data/upload",
            data={"csrf_token": token, "plan_id": str(plan.id)},
            files={"file": ("武汉观测数据.csv", SAMPLE.read_bytes(), "text/csv")},
            follow_redirects=False,
        )
        assert response.status_code == 303
        mapping_url = response.headers["location"]
        assert mapping_url.startswith("/data/upload/")
        page = client.get(mapping_url).text
        assert "核对指标对应关系" in page and "武汉观测数据.csv" in page and "共 109 行" in page
        selected = _selected(page)
        assert len(selected) == 19
        owned = _indicator(fresh_app, plan.id, OWNED_INDICATOR)
        names = re.findall(r'<label for="map-(\d+)">([^<]*)</label>', page)
        by_name = {name: int(index) for index, name in names}
        assert selected[by_name[OWNED_INDICATOR]] == f"{by_name[OWNED_INDICATOR]}:{owned}"  # pre-filled
        assert selected[by_name["全国重点实验室数量"]].endswith(":")  # weak match: 不导入 until chosen
        assert "相似度" in page and "不导入" in page
        growth = page[page.index("全社会研发经费投入增长</label>") :]
        assert "这是增速值" in growth[: growth.index("</tr>")]

        result = client.post(mapping_url, data={"csrf_token": token, "map": list(selected.values())})
        assert result.status_code == 200
        text = re.sub(r"\s+", " ", result.text)
        added = int(re.search(r'<div class="value">(\d+)</div><div class="label">新增数值', text).group(1))  # type: ignore[union-attr]
        assert added > 50
        assert "未导入的指标名称" in text and "全国重点实验室数量" in text
        assert _latest(fresh_app, plan.id, owned) == (2025, 17000.0)
        assert client.get(mapping_url).status_code == 404  # the staged file is gone once imported

        # The same file again: the mapping is remembered and every row is a duplicate.
        again = client.post(
            "/data/upload",
            data={"csrf_token": token, "plan_id": str(plan.id)},
            files={"file": ("武汉观测数据.csv", SAMPLE.read_bytes(), "text/csv")},
        )
        assert "已确认过" in again.text
        second = client.post(
            str(again.url), data={"csrf_token": token, "map": list(_selected(again.text).values())}
        )
        text = re.sub(r"\s+", " ", second.text)
        assert '<div class="value">0</div><div class="label">新增数值' in text
        assert f'<div class="value">{added}</div><div class="label">已存在、跳过' in text


def test_not_imported_names_stay_out_even_when_remembered(client: TestClient, app: FastAPI) -> None:
    plan = _plans(app)[2021]
    owned = _indicator(app, plan.id, OWNED_INDICATOR)
    token = login(client, "admin")
    rows = "指标,年份,数值,单位,出处\n高新技术企业数量,2026,20000,家,测试公报\n技术合同成交额,2026,3000,亿元,测试公报\n"
    page = client.post(
        "/data/upload",
        data={"csrf_token": token, "plan_id": str(plan.id)},
        files={"file": ("new.csv", rows.encode(), "text/csv")},
    )
    selected = _selected(page.text)
    assert all(not value.endswith(":") for value in selected.values())  # both remembered from the seed
    choices = ["0:", selected[1]]  # 高新技术企业数量 → 不导入
    result = client.post(str(page.url), data={"csrf_token": token, "map": choices})
    text = re.sub(r"\s+", " ", result.text)
    assert '<div class="value">1</div><div class="label">新增数值' in text
    with transaction(_factory(app), read_only=True) as session:
        assert not observations_for(session, owned, 2026)


def test_gbk_csv_upload(client: TestClient, app: FastAPI) -> None:
    plan = _plans(app)[2011]
    token = login(client, "admin")
    gbk = SAMPLE.read_text(encoding="utf-8").encode("gb18030")
    response = client.post(
        "/data/upload",
        data={"csrf_token": token, "plan_id": str(plan.id)},
        files={"file": ("gbk.csv", gbk, "text/csv")},
    )
    assert response.status_code == 200
    assert "核对指标对应关系" in response.text and "R&amp;D经费投入强度" in response.text
    assert plan.title in response.text


def test_xlsx_upload(client: TestClient, app: FastAPI, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["指标", "年份", "数值", "单位", "出处"])
    sheet.append(["高新技术企业数量", 2026, 21000, "家", "测试公报"])
    path = tmp_path / "obs.xlsx"
    book.save(path)
    plan = _plans(app)[2021]
    token = login(client, "admin")
    page = client.post(
        "/data/upload",
        data={"csrf_token": token, "plan_id": str(plan.id)},
        files={"file": ("obs.xlsx", path.read_bytes(), "application/octet-stream")},
    )
    assert page.status_code == 200 and "共 1 行" in page.text
    result = client.post(
        str(page.url), data={"csrf_token": token, "map": list(_selected(page.text).values())}
    )
    assert '<div class="value">1</div><div class="label">新增数值' in re.sub(r"\s+", " ", result.text)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("obs.pdf", b"%PDF-1.4", "不支持的文件类型“.pdf”"),
        ("obs.csv", b"", "是空的"),
        ("obs.csv", "指标,年份\n高新技术企业数量,2024\n".encode(), "表头缺少 value 列"),
        ("obs.csv", "指标,年份,数值\n".encode(), "只有表头，没有数据行"),
        ("obs.csv", "指标,年份,数值\n高新技术企业数量,二〇二四,1\n".encode(), "第2行的年份"),
        ("obs.xlsx", b"PK not really a workbook", "无法打开 Excel 文件"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_kept(
    client: TestClient,
    app: FastAPI,
    private_staging: uploads.UploadStaging,
    name: str,
    content: bytes,
    message: str,
) -> None:
    plan = _plans(app)[2021]
    token = login(client, "admin")
    before = client.get("/api/v1/observations?limit=1").json()["total"]
    response = client.post(
        "/data/upload",
        data={"csrf_token": token, "plan_id": str(plan.id)},
        files={"file": (name, content, "text/csv")},
        follow_redirects=False,
    )
    assert response.status_code == 422
    alert = _ALERT.search(response.text)
    assert alert and message in alert.group(1)
    assert client.get("/api/v1/observations?limit=1").json()["total"] == before
    folder = private_staging.directory
    assert not folder.exists() or not [p for p in folder.iterdir() if p.is_dir()]


def test_upload_without_a_file(client: TestClient, app: FastAPI) -> None:
    token = login(client, "admin")
    response = client.post("/data/upload", data={"csrf_token": token, "plan_id": str(_plans(app)[2021].id)})
    assert response.status_code == 422 and "请选择要上传的 CSV 或 XLSX 文件" in response.text


def test_discarding_an_upload(client: TestClient, app: FastAPI) -> None:
    plan = _plans(app)[2021]
    token = login(client, "admin")
    page = client.post(
        "/data/upload",
        data={"csrf_token": token, "plan_id": str(plan.id)},
        files={"file": ("obs.csv", SAMPLE.read_bytes(), "text/csv")},
    )
    url = str(page.url)
    response = client.post(
        f"{url}/discard", data={"csrf_token": token, "plan_id": str(plan.id)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert "已取消本次上传" in client.get(response.headers["location"]).text
    assert client.get(url).status_code == 404


def test_unknown_upload_token(client: TestClient) -> None:
    login(client, "admin")
    assert client.get("/data/upload/no-such-token-0000000000000").status_code == 404
    assert client.get("/data/upload/..%2F..%2Fetc").status_code == 404


# --- PostgreSQL ---------------------------------------------------------------------------------


def test_entry_review_and_upload_on_postgresql(pg_web_url: str) -> None:
    app = make_app(pg_web_url)
    try:
        with TestClient(app) as admin, TestClient(app) as reporter:
            plan = max(stored_plans(_factory(app)), key=lambda p: p.period_start or 0)
            indicator = _indicator(app, plan.id, OWNED_INDICATOR)
            kjj = login(reporter, "kjj")
            proposal = reporter.post(
                "/data/observations",
                data={
                    "csrf_token": kjj,
                    "plan_id": str(plan.id),
                    "indicator_id": str(indicator),
                    "year": "2025",
                    "value": "18400",
                    "source": "PostgreSQL 测试公报",
                },
                follow_redirects=False,
            )
            assert proposal.status_code == 303
            token = login(admin, "admin")
            hub = admin.get(f"/data?plan_id={plan.id}").text
            proposal_id = int(re.search(r'action="/observations/(\d+)/review"', hub).group(1))  # type: ignore[union-attr]
            admin.post(f"/observations/{proposal_id}/review", data={"csrf_token": token, "state": "accepted"})
            assert _latest(app, plan.id, indicator) == (2025, 18400.0)
            with transaction(_factory(app), read_only=True) as session:
                assert (
                    next(o for o in observations_for(session, indicator, 2025) if o.id == proposal_id).review
                    is ReviewState.ACCEPTED
                )
            page = admin.post(
                "/data/upload",
                data={"csrf_token": token, "plan_id": str(plan.id)},
                files={"file": ("obs.csv", SAMPLE.read_bytes(), "text/csv")},
            )
            assert page.status_code == 200
            result = admin.post(
                str(page.url), data={"csrf_token": token, "map": list(_selected(page.text).values())}
            )
            assert "导入结果" in result.text and "已存在、跳过" in result.text
    finally:
        app.state.planwatch.database.engine.dispose()


def test_an_in_text_target_can_receive_figures(client: TestClient, app: FastAPI) -> None:
    """Found by a user: 国家重大科技基础设施 3个, a target in the text of a plan with a table, had no
    indicator, so it had no page and could not be chosen in data entry or CSV mapping."""
    plan = _plans(app)[2021]
    indicator_id = _indicator(app, plan.id, "国家重大科技基础设施")
    login(client, "admin")
    assert client.get(f"/indicators/{indicator_id}").status_code == 200
    hub = client.get(f"/data?plan_id={plan.id}").text
    assert f'<option value="{indicator_id}"' in hub
