"""event actors and date spans

Events are found by who takes part and when: each actor of an event gets a row of its own (by id, name,
country and sector, as source or target), and each event the first and last day its date covers. Events
stored before get both here, from their stored actors and dates (the date parsing is a copy of the corpus
stage's at this revision, so that this revision stays what it was).

Revision ID: b9e4d2a7c3f1
Revises: d5c1a8e3f702
Create Date: 2026-12-06 13:45:00
"""

import re
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision = "b9e4d2a7c3f1"
down_revision = "d5c1a8e3f702"
branch_labels = None
depends_on = None


def _span(value: str | None) -> tuple[date, date] | None:
    """The first and last day a date value covers (a day, ISO week, month, quarter or year)."""
    if not value or "X" in value:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            day = date.fromisoformat(value)
            return day, day
        if found := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
            monday = date.fromisocalendar(int(found.group(1)), int(found.group(2)), 1)
            return monday, monday + timedelta(days=6)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            first = date.fromisoformat(value + "-01")
            return first, date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1)
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1), date(int(value), 12, 31)
        if found := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            year, quarter = int(found.group(1)), int(found.group(2))
            last = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - timedelta(days=1)  # noqa: PLR2004 (Q4)
            return date(year, 3 * quarter - 2, 1), last
    except ValueError:
        return None
    return None


def upgrade() -> None:
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.String(32), sa.ForeignKey("events.id"), primary_key=True),
        sa.Column("role", sa.String(8), primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("actor_key", sa.String(512), nullable=False),
        sa.Column("actor_id", sa.String(256), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("country", sa.String(8), nullable=True),
        sa.Column("sector", sa.String(8), nullable=True),
    )
    op.create_index("ix_event_actors_actor_id", "event_actors", ["actor_id"])
    op.create_index("ix_event_actors_country", "event_actors", ["country"])
    with op.batch_alter_table("events") as batch_op:
        batch_op.add_column(sa.Column("date_start", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("date_end", sa.Date(), nullable=True))
    op.create_index("ix_events_date_span", "events", ["date_start", "date_end"])
    connection = op.get_bind()
    events = sa.table(
        "events",
        sa.column("id", sa.String),
        sa.column("date", sa.String),
        sa.column("sources", sa.JSON),
        sa.column("targets", sa.JSON),
        sa.column("date_start", sa.Date),
        sa.column("date_end", sa.Date),
    )
    actors = sa.table(
        "event_actors",
        *(
            sa.column(name)
            for name in ("event_id", "role", "position", "actor_key", "actor_id", "name", "country", "sector")
        ),
    )
    for event_id, value, sources, targets in connection.execute(
        sa.select(events.c.id, events.c.date, events.c.sources, events.c.targets)
    ).all():
        span = _span(value)
        if span is not None:
            connection.execute(
                events.update().where(events.c.id == event_id).values(date_start=span[0], date_end=span[1])
            )
        rows = [
            {
                "event_id": event_id,
                "role": role,
                "position": position,
                "actor_key": actor.get("key") or "",
                "actor_id": actor.get("actor_id"),
                "name": actor.get("name") or "",
                "country": actor.get("country"),
                "sector": actor.get("sector"),
            }
            for role, listed in (("source", sources or []), ("target", targets or []))
            for position, actor in enumerate(listed)
        ]
        if rows:
            connection.execute(actors.insert(), rows)


def downgrade() -> None:
    op.drop_index("ix_events_date_span", "events")
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_column("date_end")
        batch_op.drop_column("date_start")
    op.drop_index("ix_event_actors_country", "event_actors")
    op.drop_index("ix_event_actors_actor_id", "event_actors")
    op.drop_table("event_actors")
