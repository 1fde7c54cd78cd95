"""Departments and their aliases: every name a plan uses resolves to one canonical department.

Plans abbreviate freely (市城建局 for 市城乡建设局), so tasks are linked through `resolve_department`,
which looks at aliases first. Every change is written to the change history.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from planwatch.store.errors import ConflictError, NotFoundError
from planwatch.store.history import record_change, record_creation, record_deletion
from planwatch.store.models import (
    DepartmentAliasRow,
    DepartmentRow,
    ProgressReportRow,
    TaskDepartmentRow,
    TaskRow,
    utcnow,
)
from planwatch.store.views import DepartmentOut

logger = logging.getLogger(__name__)

_SPACES = re.compile(r"\s+")


def clean_department_name(name: str) -> str:
    """The form names are stored and compared in: NFKC (full-width letters folded) without any spaces."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name))


def _out(row: DepartmentRow) -> DepartmentOut:
    return DepartmentOut(id=row.id, name=row.name, aliases=tuple(a.alias for a in row.aliases))


def _require_name(name: str) -> str:
    cleaned = clean_department_name(name)
    if not cleaned:
        raise ConflictError("部门名称为空，请填写部门全称。")
    return cleaned


def find_department_row(session: Session, name: str) -> DepartmentRow | None:
    """The department called `name`, by canonical name or by alias; None when unknown."""
    cleaned = clean_department_name(name)
    row = session.scalar(select(DepartmentRow).where(DepartmentRow.name == cleaned))
    if row is not None:
        return row
    alias = session.scalar(select(DepartmentAliasRow).where(DepartmentAliasRow.alias == cleaned))
    return alias.department if alias is not None else None


def resolve_department(session: Session, name: str, *, who: str) -> DepartmentRow:
    """The department for `name` (through aliases), created under that name when nobody knows it yet."""
    row = find_department_row(session, name)
    if row is not None:
        return row
    row = DepartmentRow(name=_require_name(name), created_at=utcnow())
    session.add(row)
    session.flush()
    record_creation(session, "departments", row.id, {"name": row.name}, who)
    logger.debug("new department %s", row.name)
    return row


def _get_row(session: Session, department_id: int) -> DepartmentRow:
    row = session.get(DepartmentRow, department_id)
    if row is None:
        raise NotFoundError(f"找不到编号为 {department_id} 的部门，请先查看部门列表。")
    return row


def list_departments(session: Session) -> list[DepartmentOut]:
    """All departments with their aliases, by name."""
    rows = session.scalars(
        select(DepartmentRow).options(selectinload(DepartmentRow.aliases)).order_by(DepartmentRow.name)
    )
    return [_out(r) for r in rows]


def get_department(session: Session, name: str) -> DepartmentOut | None:
    """The department called `name` (canonical name or alias)."""
    row = find_department_row(session, name)
    return _out(row) if row is not None else None


def create_department(session: Session, name: str, *, who: str) -> DepartmentOut:
    """Add a department under its canonical name; refuses a name that already names one."""
    cleaned = _require_name(name)
    existing = find_department_row(session, cleaned)
    if existing is not None:
        raise ConflictError(f"“{cleaned}”已是部门“{existing.name}”的名称或别名，请勿重复添加。")
    return _out(resolve_department(session, cleaned, who=who))


def rename_department(session: Session, department_id: int, new_name: str, *, who: str) -> DepartmentOut:
    """Change the canonical name; the old name becomes an alias so old spellings keep resolving."""
    row = _get_row(session, department_id)
    cleaned = _require_name(new_name)
    if cleaned == row.name:
        return _out(row)
    other = find_department_row(session, cleaned)
    if other is not None and other.id != row.id:
        raise ConflictError(f"“{cleaned}”已是部门“{other.name}”的名称或别名，请改用合并部门。")
    old_name = row.name
    own_alias = session.scalar(select(DepartmentAliasRow).where(DepartmentAliasRow.alias == cleaned))
    if own_alias is not None:  # the new name was one of its aliases: it stops being an alias
        record_deletion(session, "department_aliases", own_alias.id, {"alias": own_alias.alias}, who)
        row.aliases.remove(own_alias)
        session.flush()
    row.name = cleaned
    record_change(session, "departments", row.id, "name", old_name, cleaned, who)
    session.flush()
    add_alias(session, row.id, old_name, who=who)
    session.refresh(row)
    return _out(row)


def add_alias(session: Session, department_id: int, alias: str, *, who: str) -> DepartmentOut:
    """Let `alias` name the department. Idempotent for the same department; refuses one naming another."""
    row = _get_row(session, department_id)
    cleaned = _require_name(alias)
    other = find_department_row(session, cleaned)
    if other is not None:
        if other.id == row.id:
            return _out(row)
        raise ConflictError(
            f"“{cleaned}”已是部门“{other.name}”的名称或别名，请先删除该别名，或将两个部门合并。"
        )
    alias_row = DepartmentAliasRow(alias=cleaned, department_id=row.id)
    session.add(alias_row)
    session.flush()
    record_creation(
        session, "department_aliases", alias_row.id, {"alias": cleaned, "department_id": row.id}, who
    )
    session.refresh(row)
    return _out(row)


def remove_alias(session: Session, alias: str, *, who: str) -> None:
    """Forget an alias; tasks already linked keep their department."""
    cleaned = clean_department_name(alias)
    row = session.scalar(select(DepartmentAliasRow).where(DepartmentAliasRow.alias == cleaned))
    if row is None:
        raise NotFoundError(f"没有别名“{cleaned}”，请先查看该部门的别名列表。")
    record_deletion(
        session, "department_aliases", row.id, {"alias": row.alias, "department_id": row.department_id}, who
    )
    row.department.aliases.remove(row)  # delete-orphan deletes it and keeps the loaded collection true
    session.flush()


def merge_departments(session: Session, source_id: int, target_id: int, *, who: str) -> DepartmentOut:
    """Fold `source` into `target`: its tasks, reports and aliases move over and its name becomes an alias.

    This is how a department created under an abbreviation before its alias was known gets fixed.
    """
    source, target = _get_row(session, source_id), _get_row(session, target_id)
    if source.id == target.id:
        return _out(target)
    session.execute(
        update(TaskRow).where(TaskRow.lead_department_id == source.id).values(lead_department_id=target.id)
    )
    session.execute(
        update(ProgressReportRow)
        .where(ProgressReportRow.department_id == source.id)
        .values(department_id=target.id)
    )
    already = set(
        session.scalars(select(TaskDepartmentRow.task_id).where(TaskDepartmentRow.department_id == target.id))
    )
    for link in session.scalars(
        select(TaskDepartmentRow).where(TaskDepartmentRow.department_id == source.id)
    ):
        task = session.get(TaskRow, link.task_id)
        if link.task_id in already or (task is not None and task.lead_department_id == target.id):
            session.delete(link)
        else:
            link.department_id = target.id
    for alias in list(source.aliases):
        record_change(session, "department_aliases", alias.id, "department_id", source.id, target.id, who)
        alias.department = target  # moves it between the two collections, so the cascade spares it
    session.flush()
    source_name = source.name
    record_deletion(session, "departments", source.id, {"name": source_name}, who)
    session.delete(source)
    session.flush()
    session.expire_all()
    return add_alias(session, target.id, source_name, who=who)


def delete_department(session: Session, department_id: int, *, who: str) -> None:
    """Delete a department that nothing refers to; one with tasks or reports must be merged instead."""
    row = _get_row(session, department_id)
    in_use = session.scalar(select(TaskRow.id).where(TaskRow.lead_department_id == row.id).limit(1))
    in_use = in_use or session.scalar(
        select(TaskDepartmentRow.id).where(TaskDepartmentRow.department_id == row.id).limit(1)
    )
    in_use = in_use or session.scalar(
        select(ProgressReportRow.id).where(ProgressReportRow.department_id == row.id).limit(1)
    )
    if in_use:
        raise ConflictError(f"部门“{row.name}”仍有任务或进展报告，不能删除，请改为合并到其他部门。")
    for alias in row.aliases:
        record_deletion(session, "department_aliases", alias.id, {"alias": alias.alias}, who)
    record_deletion(session, "departments", row.id, {"name": row.name}, who)
    session.delete(row)
    session.flush()
