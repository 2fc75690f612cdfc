"""story threads

Stories carry the thread of their running topic (chronicle.corpus.threads). Stories stored before get a
thread of their own, named after them; a later ingest links a story it adds to or changes with those of its
topic, old ones included, but does not revisit stories it leaves alone.

Revision ID: f3b8d1c6a2e7
Revises: e4a7c2d9b5f1
Create Date: 2026-12-06 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f3b8d1c6a2e7"
down_revision = "e4a7c2d9b5f1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as batch_op:
        batch_op.add_column(sa.Column("thread_id", sa.String(32), nullable=True))
        batch_op.create_index("ix_stories_thread_id", ["thread_id"])
    # "story-0007" -> "thread-0007": written out here, not imported, so this migration never changes
    op.execute("UPDATE stories SET thread_id = 'thread-' || substr(id, 7) WHERE merged_into IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch_op:
        batch_op.drop_index("ix_stories_thread_id")
        batch_op.drop_column("thread_id")
