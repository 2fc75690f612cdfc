"""merged stories

A story found to be the same happening as another is merged into it; its row stays, empty, with the id of
the story it went into, so that its address still leads somewhere.

Revision ID: c8d2e6f4a1b9
Revises: 5e8d2a4c9f17
Create Date: 2026-12-01 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c8d2e6f4a1b9"
down_revision = "5e8d2a4c9f17"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch_op:
        batch_op.add_column(sa.Column("merged_into", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch_op:
        batch_op.drop_column("merged_into")
