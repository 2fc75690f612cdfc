"""event plover code

The PLOVER category a coder gives an event is kept with the event by the corpus stage, which decides it,
instead of being worked out again each time an event is read. Events stored before get theirs here from
their type and status, by the rule in force when this revision was written (a copy, so that this revision
stays what it was when the analysis changes).

Revision ID: d5c1a8e3f702
Revises: a6d2f9c4e1b8
Create Date: 2026-12-06 13:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d5c1a8e3f702"
down_revision = "a6d2f9c4e1b8"
branch_labels = None
depends_on = None

# PLOVER files a statement of intent by what it intends (the manual's AGREE, THREATEN and REJECT).
COOPERATIVE = ("CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "AGREE")
COERCIVE = ("SANCTION", "COERCE", "ASSAULT", "FIGHT", "MOBILIZE", "PROTEST")


def upgrade() -> None:
    with op.batch_alter_table("events") as batch_op:
        batch_op.add_column(sa.Column("plover_code", sa.String(16), nullable=False, server_default=""))
    events = sa.table(
        "events", sa.column("type", sa.String), sa.column("status", sa.String), sa.column("plover_code", sa.String)
    )
    intended = events.c.status.in_(("planned", "hypothetical"))
    op.execute(
        events.update().values(
            plover_code=sa.case(
                (intended & events.c.type.in_(COOPERATIVE), "AGREE"),
                (intended & events.c.type.in_(COERCIVE), "THREATEN"),
                ((events.c.status == "negated") & events.c.type.in_(COOPERATIVE), "REJECT"),
                else_=events.c.type,
            )
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_column("plover_code")
