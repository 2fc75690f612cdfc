"""each event's public JSON beside its row; the article list's order indexed

A page of the event API is each event's record as the export gives it. Made from the row's JSON columns, a
page parsed six JSON columns an event, built the records and wrote them out again. The text is now written
once, when the event is, and a page joins it. Events stored
before get it here, made from their columns as the export made it when this revision was written (mentions
stored before they had a status or contexts take the event's status and none).

The article list (by publication, undated last) had no index of its order: each page sorted every article.

Revision ID: d4a9e7c1b3f6
Revises: b1f4c8e2d6a3
Create Date: 2026-12-07 07:20:00
"""

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "d4a9e7c1b3f6"
down_revision = "b1f4c8e2d6a3"
branch_labels = None
depends_on = None

BATCH = 2000  # events filled at once
ACTOR_FIELDS = ("name", "actor_id", "country", "sector")  # an event party as the export names it (no key)


def _actor(party: dict[str, Any]) -> dict[str, Any]:
    return {field: party.get(field) for field in ACTOR_FIELDS}


def _mention(m: dict[str, Any], status: str) -> dict[str, Any]:
    span = m.get("trigger_span")
    return {
        "article_id": m["article_id"],
        "source": m.get("source"),
        "sentence": m["sentence"],
        "start": m["start"],
        "end": m["end"],
        "status": m.get("status") or status,
        "date": m.get("date"),
        "trigger": m.get("trigger"),
        "trigger_span": list(span) if span else None,
        "contexts": list(m.get("contexts") or []),
        "actor_spans": [{"role": r, "start": s, "end": e} for r, s, e in m.get("actor_spans") or []],
    }


def public_json(row: Any) -> str:
    """An event row's record as the JSON export gave it in this revision, as compact text."""
    sources = [_actor(a) for a in row.sources]
    targets = [_actor(a) for a in row.targets]
    mentions = row.mentions or []
    record = {
        "id": row.id,
        "story_id": row.story_id,
        "type": row.type,
        "status": row.status,
        "date": row.date,
        "date_basis": row.date_basis,
        "source_actor": sources[0] if sources else None,
        "target_actor": targets[0] if targets else None,
        "source_actors": sources,
        "target_actors": targets,
        "location": dict(row.location) if row.location else None,
        "contexts": list(row.contexts or []),
        "plover_code": row.plover_code,
        "mentions": [_mention(m, row.status) for m in mentions],
        "num_articles": len({m["article_id"] for m in mentions}),
        "num_sources": len({m.get("source") or m["article_id"] for m in mentions}),
        "confidence": row.confidence,
        "history": [{"status": h["status"], "article_id": h["article_id"], "date": h.get("date")} for h in row.history],
    }
    return json.dumps(record, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def upgrade() -> None:
    # (not in batch mode: a copy of the table would lose its indexes on expressions, which Alembic cannot read)
    op.add_column("events", sa.Column("public_json", sa.Text(), nullable=False, server_default=""))
    events = sa.table(
        "events",
        *(sa.column(name, sa.String) for name in ("id", "story_id", "type", "status", "date", "date_basis")),
        *(sa.column(name, sa.JSON) for name in ("sources", "targets", "location", "mentions", "history", "contexts")),
        sa.column("plover_code", sa.String),
        sa.column("confidence", sa.Float),
        sa.column("public_json", sa.Text),
    )
    connection = op.get_bind()
    after = ""
    while True:  # a batch at a time by id: a large corpus's events do not fit in memory at once
        batch = connection.execute(
            sa.select(events).where(events.c.id > after).order_by(events.c.id).limit(BATCH)
        ).all()
        if not batch:
            break
        connection.execute(
            events.update().where(events.c.id == sa.bindparam("event_id")),
            [{"event_id": row.id, "public_json": public_json(row)} for row in batch],
        )
        after = batch[-1].id
    op.create_index(
        "ix_articles_list_order", "articles", [sa.text("(published IS NULL)"), sa.text("published"), sa.text("id")]
    )


def downgrade() -> None:
    op.drop_index("ix_articles_list_order", "articles")
    op.drop_column("events", "public_json")  # SQLite drops a column itself since 3.35
