"""Comparing successive plans: confirmed crosswalk pairs (indicator_links) and plan succession (plan_links).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 13:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PAIR_LABELS = ("continued", "renamed", "redefined", "replaced", "split", "merged", "added", "dropped")


def upgrade() -> None:
    op.create_table(
        "indicator_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_a_id", sa.Integer(), nullable=False),
        sa.Column("plan_b_id", sa.Integer(), nullable=False),
        sa.Column("a_ref", sa.String(length=320), nullable=False),
        sa.Column("b_ref", sa.String(length=320), nullable=False),
        sa.Column("a_indicator_id", sa.Integer(), nullable=True),
        sa.Column("b_indicator_id", sa.Integer(), nullable=True),
        sa.Column("a_name", sa.String(length=300), nullable=False),
        sa.Column("b_name", sa.String(length=300), nullable=False),
        sa.Column(
            "label",
            sa.Enum(*PAIR_LABELS, name="pair_label", native_enum=False, create_constraint=True, length=17),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("confirmed_by", sa.String(length=100), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_a_id"], ["plans.id"], name=op.f("fk_indicator_links_plan_a_id_plans"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["plan_b_id"], ["plans.id"], name=op.f("fk_indicator_links_plan_b_id_plans"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["a_indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_links_a_indicator_id_indicators"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["b_indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_links_b_indicator_id_indicators"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_links")),
        sa.UniqueConstraint(
            "plan_a_id",
            "plan_b_id",
            "a_ref",
            "b_ref",
            name=op.f("uq_indicator_links_plan_a_id_plan_b_id_a_ref_b_ref"),
        ),
    )
    with op.batch_alter_table("indicator_links", schema=None) as batch_op:
        for column in ("plan_a_id", "plan_b_id", "a_indicator_id", "b_indicator_id"):
            batch_op.create_index(batch_op.f(f"ix_indicator_links_{column}"), [column], unique=False)

    op.create_table(
        "plan_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("predecessor_id", sa.Integer(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=False),
        sa.Column("linked_by", sa.String(length=100), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["predecessor_id"],
            ["plans.id"],
            name=op.f("fk_plan_links_predecessor_id_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"], ["plans.id"], name=op.f("fk_plan_links_successor_id_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_links")),
        sa.UniqueConstraint("predecessor_id", name=op.f("uq_plan_links_predecessor_id")),
        sa.UniqueConstraint("successor_id", name=op.f("uq_plan_links_successor_id")),
    )


def downgrade() -> None:
    op.drop_table("plan_links")
    with op.batch_alter_table("indicator_links", schema=None) as batch_op:
        for column in ("b_indicator_id", "a_indicator_id", "plan_b_id", "plan_a_id"):
            batch_op.drop_index(batch_op.f(f"ix_indicator_links_{column}"))
    op.drop_table("indicator_links")
