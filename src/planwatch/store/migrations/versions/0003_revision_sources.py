"""The decoded source lines of each revision, for quoting the original text next to every fact.

Revisions imported before this migration get no row; readers fall back to the stored node texts.
Re-importing the same document does not add the lines (the import is a no-op for a known sha256).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 22:51:39.446513
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "revision_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["plan_revisions.id"],
            name=op.f("fk_revision_sources_revision_id_plan_revisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revision_sources")),
        sa.UniqueConstraint("revision_id", name=op.f("uq_revision_sources_revision_id")),
    )


def downgrade() -> None:
    op.drop_table("revision_sources")
