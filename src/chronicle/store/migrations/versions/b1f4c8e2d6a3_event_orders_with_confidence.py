"""event orders that hold the confidence; quotes by speaker

Every event list keeps the events at or above a confidence. With the confidence in the index of the list's
order, the database judges each event it passes on the way to a page (an offset, or a count) from the index
alone instead of reading the event's row. An actor's page lists the quotes it is the speaker of; the quote
list runs by article and place in it.

Revision ID: b1f4c8e2d6a3
Revises: a8c3e5f1d7b2
Create Date: 2026-12-07 01:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "b1f4c8e2d6a3"
down_revision = "a8c3e5f1d7b2"
branch_labels = None
depends_on = None

ORDERS = {
    "ix_events_date_order": ["(date_start IS NULL)", "date_start", "id"],
    "ix_events_newest_order": ["(date_end IS NULL)", "date_end DESC", "id"],
}


def _create(with_confidence: bool) -> None:
    for name, columns in ORDERS.items():
        op.create_index(name, "events", [sa.text(c) for c in [*columns, *(["confidence"] if with_confidence else [])]])


def upgrade() -> None:
    for name in ORDERS:
        op.drop_index(name, "events")
    _create(with_confidence=True)
    op.create_index("ix_quotes_speaker_id", "quotes", ["speaker_id"])
    op.create_index("ix_quotes_list_order", "quotes", ["article_id", "start", "id"])


def downgrade() -> None:
    op.drop_index("ix_quotes_list_order", "quotes")
    op.drop_index("ix_quotes_speaker_id", "quotes")
    for name in ORDERS:
        op.drop_index(name, "events")
    _create(with_confidence=False)
