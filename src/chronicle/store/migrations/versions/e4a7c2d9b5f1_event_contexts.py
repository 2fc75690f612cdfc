"""event contexts

Events carry the PLOVER contexts their mentions give (military, economic, migration, ...); events stored
before have none recorded.

Revision ID: e4a7c2d9b5f1
Revises: c8d2e6f4a1b9
Create Date: 2026-12-02 15:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e4a7c2d9b5f1"
down_revision = "c8d2e6f4a1b9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch_op:
        batch_op.add_column(sa.Column("contexts", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_column("contexts")
