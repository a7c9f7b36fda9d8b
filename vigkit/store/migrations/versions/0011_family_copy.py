"""A family's yes or no to a copy of their clips for them to keep (the use "family_copy");
every consent recorded before says no.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision: str | None = "0010"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("consents") as batch:
        batch.add_column(
            sa.Column("family_copy", sa.Boolean, nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("consents") as batch:
        batch.drop_column("family_copy")
