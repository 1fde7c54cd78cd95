"""The audit log: every recorded change, newest first, described in Chinese and linked to its object.

Only the planning office (admins) reads it: it names who changed what, including account changes.
The bulk importer's lines (user "import") can be hidden, because one data import writes thousands.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from planwatch.domain.accounts import Principal
from planwatch.services.permissions import require_admin
from planwatch.store import recent_changes, transaction
from planwatch.store.task_queries import existing_department_ids, history_authors, history_tables, owner_ids
from planwatch.store.views import AuditEntryOut

IMPORT_USER = "import"
"""The username bulk imports write under."""

TABLE_LABELS: dict[str, str] = {
    "progress_reports": "进展报告",
    "observations": "观测值",
    "observation_choices": "观测值选用",
    "definition_breaks": "口径调整",
    "indicator_name_mappings": "指标名称对应",
    "indicators": "指标",
    "indicator_departments": "指标责任单位",
    "tasks": "任务",
    "plans": "规划",
    "plan_revisions": "规划版本",
    "departments": "部门",
    "department_aliases": "部门别名",
    "users": "用户",
    "user_departments": "用户所属单位",
    "api_tokens": "API 令牌",
    "indicator_links": "指标对应（规划对比）",
    "plan_links": "上下期规划",
}

FIELD_LABELS: dict[str, str] = {
    "task_id": "任务",
    "department_id": "部门",
    "period_label": "报告期",
    "status": "状态",
    "narrative": "进展说明",
    "evidence": "佐证材料",
    "percent": "完成百分比",
    "indicator_id": "指标",
    "year": "年份",
    "value": "数值",
    "unit": "单位",
    "scope": "统计范围",
    "source": "来源",
    "source_quote": "来源原文",
    "qualifier": "限定",
    "note": "备注",
    "origin": "来源类型",
    "review": "审核状态",
    "observation_id": "观测值",
    "comparable_from": "可比起始年",
    "external_name": "外部名称",
    "name": "名称",
    "alias": "别名",
    "username": "用户名",
    "display_name": "姓名",
    "role": "角色",
    "departments": "责任单位",
    "is_active": "启用",
    "password": "密码",
    "revoked": "吊销",
    "plan_a_id": "上期规划",
    "plan_b_id": "本期规划",
    "a_name": "上期指标",
    "b_name": "本期指标",
    "label": "对应关系",
    "predecessor_id": "上期规划",
    "successor_id": "下期规划",
    "sessions": "登录会话",
    "expires_at": "到期时间",
    "prefix": "令牌前缀",
    "user_id": "所属用户",
    "sign_in_lock": "登录锁定",
    "baseline": "基期值",
    "target": "目标值",
    "attribute": "属性",
}


@dataclass(frozen=True, slots=True)
class AuditLine:
    """One changed field, with the object it belongs to described and (where there is a page) linked."""

    entry: AuditEntryOut
    table_label: str  # 进展报告, 观测值, …
    field_label: str
    object_label: str  # e.g. 进展报告 #12
    link: str | None  # the page showing the object, when there is one


@dataclass(frozen=True, slots=True)
class AuditPage:
    """One page of the audit log, the size of the filtered log, and what the filters offer."""

    lines: tuple[AuditLine, ...]
    total: int
    limit: int
    offset: int
    tables: tuple[str, ...]
    users: tuple[str, ...]


def table_label(table: str) -> str:
    return TABLE_LABELS.get(table, table)


def _links(session: Session, entries: list[AuditEntryOut]) -> dict[tuple[str, int], str]:
    """Where each entry's object can be seen; objects without a page (or gone for good) get none."""
    rows: dict[str, set[int]] = {}
    for e in entries:
        rows.setdefault(e.table, set()).add(e.row_id)
    links: dict[tuple[str, int], str] = {}
    for table, ids in rows.items():
        if table == "progress_reports":
            for row_id, task_id in owner_ids(session, table, ids).items():
                links[(table, row_id)] = f"/tasks/{task_id}#report-{row_id}"
        elif table in ("observations", "definition_breaks", "indicator_name_mappings", "observation_choices"):
            for row_id, indicator_id in owner_ids(session, table, ids).items():
                links[(table, row_id)] = f"/indicators/{indicator_id}"
        elif table == "department_aliases":
            owners = owner_ids(session, table, ids)
            alive = existing_department_ids(session, set(owners.values()))
            for row_id, department_id in owners.items():
                if department_id in alive:
                    links[(table, row_id)] = f"/departments/{department_id}"
        elif table == "departments":
            for row_id in existing_department_ids(session, ids):
                links[(table, row_id)] = f"/departments/{row_id}"
        else:
            prefix = {"tasks": "/tasks/", "indicators": "/indicators/", "plans": "/plans/"}.get(table)
            for row_id in ids:
                if prefix is not None:
                    links[(table, row_id)] = f"{prefix}{row_id}"
                elif table in ("users", "user_departments", "api_tokens"):
                    links[(table, row_id)] = "/account"
    return links


def audit_log(
    factory: sessionmaker[Session],
    principal: Principal,
    *,
    limit: int,
    offset: int = 0,
    table: str | None = None,
    user: str | None = None,
    hide_import: bool = False,
) -> AuditPage:
    """The change history newest first, filtered by table and by who changed it (admins only)."""
    require_admin(principal)
    with transaction(factory, read_only=True) as session:
        entries, total = recent_changes(
            session,
            limit=limit,
            offset=offset,
            table=(table or "").strip() or None,
            changed_by=(user or "").strip() or None,
            exclude_by=IMPORT_USER if hide_import else None,
        )
        links = _links(session, entries)
        tables = tuple(history_tables(session))
        users = tuple(history_authors(session))
    lines = tuple(
        AuditLine(
            entry=e,
            table_label=table_label(e.table),
            field_label=FIELD_LABELS.get(e.field, e.field),
            object_label=f"{table_label(e.table)} #{e.row_id}",
            link=links.get((e.table, e.row_id)),
        )
        for e in entries
    )
    return AuditPage(lines, total, limit, offset, tables, users)
