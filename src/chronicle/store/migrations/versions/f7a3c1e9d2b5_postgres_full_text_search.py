"""postgres full text search

On PostgreSQL, articles (title and text), events (type and evidence) and quotes (speaker and words) are
searched, as in the FTS5 table, with PostgreSQL's own full-text search: GIN indexes over their English
`tsvector`s, which the store's search queries name by the same expressions. SQLite keeps its FTS5 table
(e2d8a5c4b7f3); nothing changes there.

Revision ID: f7a3c1e9d2b5
Revises: e2d8a5c4b7f3
Create Date: 2026-12-06 16:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f7a3c1e9d2b5"
down_revision = "e2d8a5c4b7f3"
branch_labels = None
depends_on = None

# index name, table, the document searched (the store's search must write the same expression)
INDEXES = (
    ("ix_articles_search", "articles", "to_tsvector('english', coalesce(title, '') || ' ' || text)"),
    ("ix_events_search", "events", "to_tsvector('english', type || ' ' || coalesce(evidence_text, ''))"),
    ("ix_quotes_search", "quotes", "to_tsvector('english', coalesce(speaker, '') || ' ' || text)"),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, table, document in INDEXES:
        op.execute(sa.text(f"CREATE INDEX {name} ON {table} USING gin (({document}))"))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, _, _ in INDEXES:
        op.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
