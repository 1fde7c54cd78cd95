"""Published evaluation reports (总结评估 / 中期评估): the content as the planning office published it.

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-03 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evaluation_publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("cutoff", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("data_version", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("public_html", sa.Text(), nullable=False),
        sa.Column("internal_scorecards", sa.Boolean(), nullable=False),
        sa.Column("published_by", sa.String(length=100), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_evaluation_publications_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_publications")),
    )
    op.create_index(
        op.f("ix_evaluation_publications_plan_id"), "evaluation_publications", ["plan_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_evaluation_publications_plan_id"), table_name="evaluation_publications")
    op.drop_table("evaluation_publications")
