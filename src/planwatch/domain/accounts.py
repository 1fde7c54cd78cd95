"""Who is acting: user roles and the principal a request or command acts as.

The rules of what a role may do live in `services.permissions`; this module only names things, so
every layer can speak about a principal without importing the store or the web stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class UserRole(StrEnum):
    """The three roles of the planning office's installation (stored as these values)."""

    ADMIN = "admin"  # 规划处: everything, including accepting proposed figures and managing accounts
    REPORTER = "reporter"  # 责任部门填报员: reports on its own departments' tasks, proposes their figures
    VIEWER = "viewer"  # 领导、公众: read only


ROLE_LABELS: dict[UserRole, str] = {
    UserRole.ADMIN: "管理员（规划处）",
    UserRole.REPORTER: "部门填报员",
    UserRole.VIEWER: "只读用户",
}


@dataclass(frozen=True, slots=True)
class Principal:
    """The user a request acts as, with the departments a reporter is bound to (canonical names)."""

    user_id: int | None  # None for the anonymous public reader
    username: str
    display_name: str
    role: UserRole
    department_ids: frozenset[int] = frozenset()
    department_names: tuple[str, ...] = ()

    @property
    def is_admin(self) -> bool:
        return self.role is UserRole.ADMIN

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    @property
    def can_write(self) -> bool:
        """Admins and reporters write; viewers and the anonymous public only read."""
        return self.role in (UserRole.ADMIN, UserRole.REPORTER) and not self.is_anonymous


ANONYMOUS = Principal(user_id=None, username="anonymous", display_name="访客", role=UserRole.VIEWER)
