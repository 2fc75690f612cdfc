"""event search columns

An event's words are searched in its evidence sentences and its place's name, kept as plain text beside the
JSON they come from (searching the JSON text found key names and missed escaped letters); events are found
by an actor's key. Events stored before get both columns from their stored mentions and location.

Revision ID: c7f2e9b4a1d6
Revises: b9e4d2a7c3f1
Create Date: 2026-12-06 14:35:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c7f2e9b4a1d6"
down_revision = "b9e4d2a7c3f1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch_op:
        batch_op.add_column(sa.Column("evidence_text", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("place_name", sa.Text(), nullable=True))
    op.create_index("ix_event_actors_actor_key", "event_actors", ["actor_key"])
    connection = op.get_bind()
    events = sa.table(
        "events",
        sa.column("id", sa.String),
        sa.column("mentions", sa.JSON),
        sa.column("location", sa.JSON),
        sa.column("evidence_text", sa.Text),
        sa.column("place_name", sa.Text),
    )
    for event_id, mentions, location in connection.execute(
        sa.select(events.c.id, events.c.mentions, events.c.location)
    ).all():
        sentences = dict.fromkeys(m.get("sentence") or "" for m in mentions or [])
        connection.execute(
            events.update()
            .where(events.c.id == event_id)
            .values(evidence_text="\n".join(s for s in sentences if s), place_name=(location or {}).get("name"))
        )


def downgrade() -> None:
    op.drop_index("ix_event_actors_actor_key", "event_actors")
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_column("place_name")
        batch_op.drop_column("evidence_text")
