"""event reports and date orders

Events are found and counted by the outlets that reported them: each article that reports an event gets a
row (event, article, the article's outlet). Events stored before get theirs from their stored mentions,
which name the article and its outlet. Event lists run by the first day an event's date covers, oldest first,
or by its last day, newest first: an index for each.

Revision ID: a8c3e5f1d7b2
Revises: f7a3c1e9d2b5
Create Date: 2026-12-06 18:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a8c3e5f1d7b2"
down_revision = "f7a3c1e9d2b5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_reports",
        sa.Column("event_id", sa.String(32), sa.ForeignKey("events.id"), primary_key=True),
        sa.Column("article_id", sa.String(512), primary_key=True),
        sa.Column("outlet", sa.String(256), nullable=True),
    )
    op.create_index("ix_event_reports_outlet", "event_reports", ["outlet"])
    op.create_index(
        "ix_events_date_order", "events", [sa.text("(date_start IS NULL)"), sa.text("date_start"), sa.text("id")]
    )
    op.create_index(
        "ix_events_newest_order", "events", [sa.text("(date_end IS NULL)"), sa.text("date_end DESC"), sa.text("id")]
    )
    connection = op.get_bind()
    events = sa.table("events", sa.column("id", sa.String), sa.column("mentions", sa.JSON))
    reports = sa.table("event_reports", sa.column("event_id"), sa.column("article_id"), sa.column("outlet"))
    for event_id, mentions in connection.execute(sa.select(events.c.id, events.c.mentions)).all():
        outlets: dict[str, str | None] = {}
        for mention in mentions or []:
            outlets.setdefault(mention["article_id"], mention.get("source"))
        if outlets:
            connection.execute(
                reports.insert(),
                [{"event_id": event_id, "article_id": a, "outlet": outlet} for a, outlet in outlets.items()],
            )


def downgrade() -> None:
    op.drop_index("ix_events_newest_order", "events")
    op.drop_index("ix_events_date_order", "events")
    op.drop_index("ix_event_reports_outlet", "event_reports")
    op.drop_table("event_reports")
