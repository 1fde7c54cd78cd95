"""Accounts, API tokens, login attempts, indicator owners and the review state of observations.

Existing observations become accepted (server default), so upgrading changes no status result.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 22:41:32.550860
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("client", sa.String(length=100), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_login_attempts_client_attempted_at"), ["client", "attempted_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_login_attempts_username_attempted_at"), ["username", "attempted_at"], unique=False
        )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "reporter",
                "viewer",
                name="user_role",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "user_departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_user_departments_department_id_departments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_departments_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_departments")),
        sa.UniqueConstraint(
            "user_id", "department_id", name=op.f("uq_user_departments_user_id_department_id")
        ),
    )
    with op.batch_alter_table("user_departments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_user_departments_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_user_departments_user_id"), ["user_id"], unique=False)

    op.create_table(
        "indicator_departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_indicator_departments_department_id_departments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_departments_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_departments")),
        sa.UniqueConstraint(
            "indicator_id", "department_id", name=op.f("uq_indicator_departments_indicator_id_department_id")
        ),
    )
    with op.batch_alter_table("indicator_departments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_departments_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_indicator_departments_indicator_id"), ["indicator_id"], unique=False
        )

    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "review",
                sa.Enum(
                    "accepted",
                    "proposed",
                    "rejected",
                    name="observation_review",
                    native_enum=False,
                    create_constraint=True,
                    length=16,
                ),
                nullable=False,
                server_default="accepted",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.drop_column("review")

    with op.batch_alter_table("indicator_departments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_departments_indicator_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_departments_department_id"))

    op.drop_table("indicator_departments")
    with op.batch_alter_table("user_departments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_departments_user_id"))
        batch_op.drop_index(batch_op.f("ix_user_departments_department_id"))

    op.drop_table("user_departments")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))

    op.drop_table("api_tokens")
    op.drop_table("users")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempts_username_attempted_at"))
        batch_op.drop_index(batch_op.f("ix_login_attempts_client_attempted_at"))

    op.drop_table("login_attempts")
