"""Template versions: a copy of each question set as it was when a record was first saved
with it, so a record opens under the prompts it was given after the template changes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Add the template_versions table; nothing recorded before changes."""
    op.create_table(
        "template_versions",
        sa.Column("template_id", sa.String(120), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("template_id", "version", name="pk_template_versions"),
    )


def downgrade() -> None:
    """Drop the copies (records keep their template id and version)."""
    op.drop_table("template_versions")
