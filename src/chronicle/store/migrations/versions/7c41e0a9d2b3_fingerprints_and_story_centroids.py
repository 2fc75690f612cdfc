"""fingerprints and story centroids

Articles get their shingle hashes beside a MinHash made by the new fingerprint (CRC-32 word hashes instead
of SHA-1 per shingle), both recomputed from the stored text; story profiles trade their summed term counts
for a centroid of unit TF-IDF vectors, rebuilt from each article's stored terms with today's document
frequencies.

Revision ID: 7c41e0a9d2b3
Revises: 2d9ba0b71af5
Create Date: 2026-11-22 07:30:00
"""

from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "7c41e0a9d2b3"
down_revision = "2d9ba0b71af5"
branch_labels = None
depends_on = None

articles = sa.table(
    "articles",
    sa.column("id", sa.String),
    sa.column("text", sa.Text),
    sa.column("terms", sa.JSON),
    sa.column("story_id", sa.String),
    sa.column("duplicate_of", sa.String),
    sa.column("shingles", sa.LargeBinary),
    sa.column("minhash", sa.LargeBinary),
)
stories = sa.table("stories", sa.column("id", sa.String), sa.column("profile", sa.JSON))
term_counts = sa.table("term_counts", sa.column("term", sa.String), sa.column("df", sa.Integer))


def upgrade() -> None:
    # (imported here, not at the top: finding the newest revision loads every revision file, and must not
    # load the analysis with it)
    import numpy as np

    from chronicle.analysis.fingerprint import fingerprint
    from chronicle.corpus.vectors import Vocabulary

    with op.batch_alter_table("articles") as batch_op:
        batch_op.add_column(sa.Column("shingles", sa.LargeBinary(), nullable=True))
    connection = op.get_bind()
    df = dict(connection.execute(sa.select(term_counts.c.term, term_counts.c.df)).all())
    rows = connection.execute(
        sa.select(articles.c.id, articles.c.text, articles.c.terms, articles.c.story_id, articles.c.duplicate_of)
    ).all()
    vocabulary = Vocabulary()
    vocabulary.load(sum(1 for row in rows if row.duplicate_of is None), df.items())
    centroids: dict[str, Counter[str]] = {}
    for row in rows:
        found = fingerprint(row.text)
        connection.execute(
            articles.update()
            .where(articles.c.id == row.id)
            .values(
                shingles=found.shingles.astype(np.uint32).tobytes(), minhash=found.minhash.astype(np.uint32).tobytes()
            )
        )
        if row.duplicate_of is None:
            centroids.setdefault(row.story_id, Counter()).update(vocabulary.words(vocabulary.tfidf(row.terms)))
    for story_id, profile in connection.execute(sa.select(stories.c.id, stories.c.profile)).all():
        profile = dict(profile)
        profile.pop("terms", None)
        profile["centroid"] = dict(centroids.get(story_id, {}))
        connection.execute(stories.update().where(stories.c.id == story_id).values(profile=profile))
    with op.batch_alter_table("articles") as batch_op:
        batch_op.alter_column("shingles", existing_type=sa.LargeBinary(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_column("shingles")
