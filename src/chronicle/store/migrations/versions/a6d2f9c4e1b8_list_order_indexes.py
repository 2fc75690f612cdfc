"""list order indexes

The story list (newest first, undated last) and the event list (by date, undated last) are read a page at a
time: indexes in their order let the database skip to a page instead of sorting every row for each one.
The order is written `x IS NULL, x` so that SQLite and PostgreSQL can both use an index on those expressions.

Revision ID: a6d2f9c4e1b8
Revises: f3b8d1c6a2e7
Create Date: 2026-12-06 11:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a6d2f9c4e1b8"
down_revision = "f3b8d1c6a2e7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_stories_list_order", "stories", [sa.text("(first_date IS NULL)"), sa.text("first_date DESC"), sa.text("id")]
    )
    op.create_index("ix_events_list_order", "events", [sa.text("(date IS NULL)"), sa.text("date"), sa.text("id")])


def downgrade() -> None:
    op.drop_index("ix_events_list_order", "events")
    op.drop_index("ix_stories_list_order", "stories")
