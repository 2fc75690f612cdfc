"""full text search

Articles, event evidence and quotes are searched by their words through one SQLite FTS5 index (title and body
of each, with its kind and id), filled here from what is stored. A database without FTS5 (PostgreSQL, or an
SQLite built without it) gets no index: the store then searches the same columns with ILIKE.

Revision ID: e2d8a5c4b7f3
Revises: c7f2e9b4a1d6
Create Date: 2026-12-06 14:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e2d8a5c4b7f3"
down_revision = "c7f2e9b4a1d6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return
    try:
        with connection.begin_nested():
            connection.execute(
                sa.text(
                    "CREATE VIRTUAL TABLE search_text USING fts5(kind UNINDEXED, ref UNINDEXED, title, body, "
                    "tokenize = 'unicode61 remove_diacritics 2')"
                )
            )
    except sa.exc.OperationalError:  # no FTS5 in this SQLite: searched without an index
        return
    connection.execute(
        sa.text("INSERT INTO search_text (kind, ref, title, body) SELECT 'article', id, title, text FROM articles")
    )
    connection.execute(
        sa.text("INSERT INTO search_text (kind, ref, title, body) SELECT 'event', id, type, evidence_text FROM events")
    )
    connection.execute(
        sa.text(
            "INSERT INTO search_text (kind, ref, title, body) SELECT 'quote', id, coalesce(speaker, ''), text "
            "FROM quotes"
        )
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_text")
