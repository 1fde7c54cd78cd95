"""Indicator tables entered by hand (手工录入): the indicator origin may be `entered`.

The origin column is a VARCHAR with a CHECK constraint (see `store.models.str_enum`), so allowing a new
value means replacing the constraint: SQLite rebuilds the table (batch mode), PostgreSQL swaps it.

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-04 21:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "indicator_definitions"
CONSTRAINT = "ck_indicator_definitions_indicator_origin"
OLD = ("table", "text_target")
NEW = ("table", "text_target", "entered")


def _origin(values: Sequence[str]) -> sa.Enum:
    return sa.Enum(*values, name="indicator_origin", native_enum=False, create_constraint=True, length=19)


def _swap(old: Sequence[str], new: Sequence[str]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(TABLE, schema=None) as batch_op:
            batch_op.alter_column(
                "origin", existing_type=_origin(old), type_=_origin(new), existing_nullable=False
            )
        return
    op.drop_constraint(op.f(CONSTRAINT), TABLE, type_="check")
    allowed = ", ".join(f"'{v}'" for v in new)
    op.create_check_constraint(op.f(CONSTRAINT), TABLE, f"origin IN ({allowed})")


def upgrade() -> None:
    _swap(OLD, NEW)


def downgrade() -> None:
    op.execute(sa.text(f"DELETE FROM {TABLE} WHERE origin = 'entered'"))
    _swap(NEW, OLD)
