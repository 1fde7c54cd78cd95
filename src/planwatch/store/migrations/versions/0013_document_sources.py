"""Documents as observation sources: which files' figures were imported, and from which line.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-04 21:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("imported_by", sa.String(length=100), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_document_sources_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_sources")),
        sa.UniqueConstraint("plan_id", "sha256", name=op.f("uq_document_sources_plan_id_sha256")),
    )
    with op.batch_alter_table("document_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_sources_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_sources_sha256"), ["sha256"], unique=False)

    op.create_table(
        "document_observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("observation_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document_sources.id"],
            name=op.f("fk_document_observations_document_id_document_sources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["observation_id"],
            ["observations.id"],
            name=op.f("fk_document_observations_observation_id_observations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_observations")),
        sa.UniqueConstraint("observation_id", name=op.f("uq_document_observations_observation_id")),
    )
    with op.batch_alter_table("document_observations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_observations_document_id"), ["document_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("document_observations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_observations_document_id"))
    op.drop_table("document_observations")
    with op.batch_alter_table("document_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_sources_sha256"))
        batch_op.drop_index(batch_op.f("ix_document_sources_plan_id"))
    op.drop_table("document_sources")
