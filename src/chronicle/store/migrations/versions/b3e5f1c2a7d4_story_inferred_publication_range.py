"""story-inferred publication range

An article dated from its story (published_basis "story") keeps the range its publication lies in: the
first and last dates of the story, taken from the stored story profile.

Revision ID: b3e5f1c2a7d4
Revises: 7c41e0a9d2b3
Create Date: 2026-11-22 12:00:00
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "b3e5f1c2a7d4"
down_revision = "7c41e0a9d2b3"
branch_labels = None
depends_on = None

articles = sa.table(
    "articles",
    sa.column("story_id", sa.String),
    sa.column("published_basis", sa.String),
    sa.column("published_earliest", sa.Date),
    sa.column("published_latest", sa.Date),
)
stories = sa.table("stories", sa.column("id", sa.String), sa.column("profile", sa.JSON))


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch_op:
        batch_op.add_column(sa.Column("published_earliest", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("published_latest", sa.Date(), nullable=True))
    connection = op.get_bind()
    for story_id, profile in connection.execute(sa.select(stories.c.id, stories.c.profile)).all():
        dates = sorted(profile.get("dates") or [])
        if dates:
            connection.execute(
                articles.update()
                .where((articles.c.story_id == story_id) & (articles.c.published_basis == "story"))
                .values(published_earliest=date.fromisoformat(dates[0]), published_latest=date.fromisoformat(dates[-1]))
            )


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_column("published_latest")
        batch_op.drop_column("published_earliest")
