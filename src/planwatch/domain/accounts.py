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


class TokenScope(StrEnum):
    """What an API token may do: READ tokens only read; WRITE tokens act with the owner's full rights."""

    READ = "read"
    WRITE = "write"


TOKEN_SCOPE_LABELS: dict[TokenScope, str] = {TokenScope.READ: "只读", TokenScope.WRITE: "读写"}


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
    token_scope: TokenScope | None = None  # None for a browser session; the token's scope otherwise

    @property
    def is_admin(self) -> bool:
        return self.role is UserRole.ADMIN

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    @property
    def can_write(self) -> bool:
        """Admins and reporters write; viewers, the anonymous public and read-only tokens only read."""
        if self.token_scope is TokenScope.READ:
            return False
        return self.role in (UserRole.ADMIN, UserRole.REPORTER) and not self.is_anonymous

    @property
    def via_token(self) -> bool:
        return self.token_scope is not None


ANONYMOUS = Principal(user_id=None, username="anonymous", display_name="访客", role=UserRole.VIEWER)
