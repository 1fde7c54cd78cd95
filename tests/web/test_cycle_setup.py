"""Setting the reporting calendar and milestones through the API and the forms, and the 任务分解表
template round trip (download, fill with openpyxl, upload → milestones)."""

from __future__ import annotations

import io
from datetime import date

from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook

from planwatch.services import stored_plans
from planwatch.store import transaction
from planwatch.store.cycle_calendars import milestones_of
from planwatch.store.task_queries import current_tasks
from web_support import login

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan14(app: FastAPI) -> int:
    return max(stored_plans(app.state.planwatch.factory), key=lambda p: p.period_start or 0).id


def all_milestones(app: FastAPI) -> dict[int, list[tuple[str, date, date | None]]]:
    with transaction(app.state.planwatch.factory, read_only=True) as session:
        found = milestones_of(session)
    return {k: [(m.title, m.deadline, m.completed_on) for m in v] for k, v in found.items()}


def test_admin_sets_a_quarterly_calendar_in_words_and_reads_its_periods(
    app: FastAPI, client: TestClient
) -> None:
    plan = plan14(app)
    token = login(client, "admin")
    response = client.put(
        f"/api/v1/plans/{plan}/calendar",
        json={"rule": "每季度结束后10日内", "starts_on": "2025-01-01"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["rule_text"] == "每季度结束后10日内" and body["frequency"] == "quarterly"
    assert body["days_before"] == 3 and body["escalate_after"] == 5
    assert len(body["periods"]) == 20
    q1 = next(p for p in body["periods"] if p["label"] == "2025Q1")
    assert q1["due"] == "2025-04-10" and q1["name"] == "2025年第一季度"
    page = client.get(f"/plans/{plan}/calendar")
    assert "每季度结束后10日内" in page.text and "2025-04-10" in page.text


def test_the_calendar_form_keeps_what_was_typed_when_a_value_is_wrong(
    app: FastAPI, client: TestClient
) -> None:
    plan = plan14(app)
    token = login(client, "admin")
    response = client.post(
        f"/plans/{plan}/calendar",
        data={"csrf_token": token, "frequency": "quarterly", "days_before": "1", "due_days": "10"},
    )
    assert response.status_code == 422
    assert "3 到 60" in response.text
    assert client.get(f"/api/v1/plans/{plan}/calendar").json()["configured"] is False
    ok = client.post(
        f"/plans/{plan}/calendar",
        data={"csrf_token": token, "frequency": "half_yearly", "due_days": "15", "days_before": "5"},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert client.get(f"/api/v1/plans/{plan}/calendar").json()["rule_text"] == "每半年结束后15日内"


def test_the_breakdown_template_round_trips_into_milestones(app: FastAPI, client: TestClient) -> None:
    plan = plan14(app)
    token = login(client, "admin")
    download = client.get(f"/api/v1/plans/{plan}/milestones/template")
    assert download.status_code == 200 and download.headers["content-type"] == XLSX
    book = load_workbook(io.BytesIO(download.content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == [
        "序号",
        "任务",
        "牵头单位",
        "配合单位",
        "年度目标",
        "完成时限",
        "任务编号",
    ]
    first, second = sheet[2], sheet[3]
    first_id, second_id = int(first[6].value), int(second[6].value)
    first[4].value, first[5].value = "完成年度建设任务", "2024年底"
    second[4].value, second[5].value = "形成阶段成果", "2025年6月"
    sheet.insert_rows(4)  # a second milestone of the second task, its 任务 cell left empty as people do
    sheet.cell(row=4, column=5).value = "全面完成"
    sheet.cell(row=4, column=6).value = date(2025, 12, 31)
    filled = io.BytesIO()
    book.save(filled)
    upload = client.post(
        f"/api/v1/plans/{plan}/milestones/import",
        files={"file": ("任务分解表.xlsx", filled.getvalue(), XLSX)},
        headers={"X-CSRF-Token": token},
    )
    assert upload.status_code == 200, upload.text
    assert upload.json()["created"] == 3 and upload.json()["tasks"] == 2
    stored = all_milestones(app)
    assert stored[first_id] == [("完成年度建设任务", date(2024, 12, 31), None)]
    assert stored[second_id] == [
        ("形成阶段成果", date(2025, 6, 30), None),
        ("全面完成", date(2025, 12, 31), None),
    ]
    # the downloaded template now carries them, and importing it again changes nothing
    again = client.get(f"/api/v1/plans/{plan}/milestones/template").content
    reimport = client.post(
        f"/api/v1/plans/{plan}/milestones/import",
        files={"file": ("任务分解表.xlsx", again, XLSX)},
        headers={"X-CSRF-Token": token},
    )
    assert reimport.status_code == 200 and reimport.json()["replaced"] == 3
    assert all_milestones(app) == stored


def test_a_hand_made_sheet_without_task_ids_is_matched_by_task_wording(
    app: FastAPI, client: TestClient
) -> None:
    plan = plan14(app)
    with transaction(app.state.planwatch.factory, read_only=True) as session:
        tasks = current_tasks(session, plan_id=plan)
    labs = next(t for t in tasks if t.title.endswith("（一） 高标准建设湖北实验室"))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["武汉市科技创新发展“十四五”规划任务分解表"])
    sheet.append(["序号", "任务", "牵头单位", "配合单位", "年度目标", "完成时限"])
    sheet.append([1, "高标准建设湖北实验室", "市科技局", "", "光谷实验室等挂牌运行", "2022年底"])
    buffer = io.BytesIO()
    book.save(buffer)
    token = login(client, "admin")
    response = client.post(
        f"/api/v1/plans/{plan}/milestones/import",
        files={"file": ("分解表.xlsx", buffer.getvalue(), XLSX)},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 200, response.text
    assert all_milestones(app)[labs.id] == [("光谷实验室等挂牌运行", date(2022, 12, 31), None)]


def test_a_sheet_with_bad_rows_names_them_and_writes_nothing(app: FastAPI, client: TestClient) -> None:
    plan = plan14(app)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["序号", "任务", "牵头单位", "配合单位", "年度目标", "完成时限"])
    sheet.append([1, "高标准建设湖北实验室", "市科技局", "", "挂牌运行", "2022年底"])
    sheet.append([2, "不存在的任务名称甲乙丙丁", "市科技局", "", "目标", "2023年底"])
    sheet.append([3, "高标准建设湖北实验室", "市科技局", "", "目标", "尽快"])
    buffer = io.BytesIO()
    book.save(buffer)
    token = login(client, "admin")
    response = client.post(
        f"/api/v1/plans/{plan}/milestones/import",
        files={"file": ("分解表.xlsx", buffer.getvalue(), XLSX)},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert "第 3 行" in message and "第 4 行" in message and "共 2 处问题" in message
    assert all_milestones(app) == {}
    broken = client.post(
        f"/api/v1/plans/{plan}/milestones/import",
        files={"file": ("分解表.xlsx", b"not a workbook", XLSX)},
        headers={"X-CSRF-Token": token},
    )
    assert broken.status_code == 422 and "无法打开" in broken.json()["error"]["message"]


def test_a_reporter_adds_and_completes_a_milestone_of_its_own_task(app: FastAPI, client: TestClient) -> None:
    plan = plan14(app)
    with transaction(app.state.planwatch.factory, read_only=True) as session:
        task = next(t for t in current_tasks(session, plan_id=plan) if t.lead == "市科技局")
    token = login(client, "kjj")
    added = client.post(
        f"/api/v1/tasks/{task.id}/milestones",
        json={"title": "完成年度目标", "deadline": "2025年上半年"},
        headers={"X-CSRF-Token": token},
    )
    assert added.status_code == 201, added.text
    assert added.json()["deadline"] == "2025-06-30"
    done = client.patch(
        f"/api/v1/milestones/{added.json()['id']}",
        json={"completed_on": "2025-06-20"},
        headers={"X-CSRF-Token": token},
    )
    assert done.status_code == 200 and done.json()["completed_on"] == "2025-06-20"
    page = client.get(f"/tasks/{task.id}/milestones")
    assert "完成年度目标" in page.text and "已完成" in page.text
    form = client.post(
        f"/tasks/{task.id}/milestones", data={"csrf_token": token, "title": "下一节点", "deadline": "明年"}
    )
    assert form.status_code == 422 and "完成时限" in form.text and "下一节点" in form.text
