"""What a principal may do. One place for the rules, so the API, the forms and the CLI agree.

* admin (规划处): everything;
* reporter: reports on tasks its departments lead or support, edits only its departments' reports;
  proposes figures for indicators its departments are responsible for, and edits or withdraws only
  its own departments' proposals that are still waiting for review;
* viewer and the anonymous public: read only.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from planwatch.domain.accounts import Principal
from planwatch.domain.errors import PlanwatchError
from planwatch.domain.records import ReviewState
from planwatch.store import indicator_department_ids
from planwatch.store.views import ObservationOut, ProgressReportOut, TaskOut


class PermissionDeniedError(PlanwatchError):
    """The principal is signed in but not allowed to do this."""


class AuthenticationRequiredError(PlanwatchError):
    """Nobody is signed in and the action (or the whole site) needs an account."""


def require_signed_in(principal: Principal) -> None:
    if principal.is_anonymous:
        raise AuthenticationRequiredError("请先登录后再进行此操作。")


def require_writer(principal: Principal) -> None:
    require_signed_in(principal)
    if not principal.can_write:
        raise PermissionDeniedError("您的账号为只读账号，不能修改数据；如需填报请联系管理员。")


def require_admin(principal: Principal) -> None:
    require_signed_in(principal)
    if not principal.is_admin:
        raise PermissionDeniedError("只有管理员（规划处）可以进行此操作。")


def task_departments(task: TaskOut) -> set[str]:
    """The lead and supporting departments of a task (canonical names)."""
    names = {d.name for d in task.supporting}
    if task.lead:
        names.add(task.lead)
    return names


def can_report_on(principal: Principal, task: TaskOut) -> bool:
    if principal.is_admin:
        return True
    return principal.can_write and bool(task_departments(task) & set(principal.department_names))


def require_report_on(principal: Principal, task: TaskOut, department: str | None = None) -> None:
    """A reporter may report on its departments' tasks, and only in the name of one of its departments."""
    require_writer(principal)
    if principal.is_admin:
        return
    if not can_report_on(principal, task):
        raise PermissionDeniedError("该任务不属于您所在的责任单位，不能填报其进展。")
    if department is not None and department not in principal.department_names:
        raise PermissionDeniedError(f"您不能以“{department}”的名义填报，请选择您所在的责任单位。")


def require_edit_report(principal: Principal, report: ProgressReportOut) -> None:
    require_writer(principal)
    if not principal.is_admin and report.department not in principal.department_names:
        raise PermissionDeniedError("这份进展报告由其他责任单位填报，您不能修改。")


def can_propose_for(session: Session, principal: Principal, indicator_id: int) -> bool:
    if principal.is_admin:
        return True
    if not principal.can_write:
        return False
    return bool(indicator_department_ids(session, indicator_id) & principal.department_ids)


def require_propose_for(session: Session, principal: Principal, indicator_id: int) -> None:
    require_writer(principal)
    if not can_propose_for(session, principal, indicator_id):
        raise PermissionDeniedError("该指标不由您所在的责任单位负责，不能填报其数值；如有疑问请联系规划处。")


def require_edit_observation(session: Session, principal: Principal, observation: ObservationOut) -> None:
    """Admins edit any figure; a reporter only its departments' proposals still waiting for review."""
    require_writer(principal)
    if principal.is_admin:
        return
    if observation.review is not ReviewState.PROPOSED or not can_propose_for(
        session, principal, observation.indicator_id
    ):
        raise PermissionDeniedError("您只能修改本单位提交且尚未审核的数值，其他数值请联系规划处修改。")


def require_session(principal: Principal) -> None:
    """Credentials (tokens, accounts) are made only from a signed-in browser, never with an API token.

    A stolen token could otherwise mint new tokens that outlive its own revocation.
    """
    require_signed_in(principal)
    if principal.via_token:
        raise PermissionDeniedError("API 令牌不能用于生成令牌或管理账号，请登录网页后操作。")
