"""fingerprints and story centroids

Articles get their shingle hashes beside a MinHash made by the new fingerprint (CRC-32 word hashes instead
of SHA-1 per shingle), both recomputed from the stored text; story profiles trade their summed term counts
for a centroid of unit TF-IDF vectors, rebuilt from each article's stored terms with today's document
frequencies. Both are made by copies of the rules in force when this revision was written, so that this
revision stays what it was when the analysis changes.

Revision ID: 7c41e0a9d2b3
Revises: 2d9ba0b71af5
Create Date: 2026-11-22 07:30:00
"""

import math
import re
import zlib
from collections import Counter
from collections.abc import Mapping

import sqlalchemy as sa
from alembic import op

revision = "7c41e0a9d2b3"
down_revision = "2d9ba0b71af5"
branch_labels = None
depends_on = None

NUM_PERM = 128
SHINGLE_WORDS = 5
MINHASH_SCHEME = "affine32"
MIX = 0x9E3779B97F4A7C15


def _fingerprint(text: str, permutations: object) -> tuple[bytes, bytes]:
    """The text's sorted distinct 32-bit word 5-shingle hashes and their MinHash, as stored."""
    import numpy as np
    from datasketch import MinHash

    words = re.findall(r"\w+", text.lower())
    word_hashes = np.fromiter((zlib.crc32(w.encode()) for w in words), dtype=np.uint64)
    count = len(word_hashes) - SHINGLE_WORDS + 1
    if count < 1:
        combined = np.array([zlib.crc32(" ".join(words).encode())], dtype=np.uint64)
    else:
        combined = word_hashes[:count].copy()
        for offset in range(1, SHINGLE_WORDS):
            combined = combined * np.uint64(MIX) + word_hashes[offset : offset + count]
    shingles = np.unique((combined ^ (combined >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    minhash = MinHash(num_perm=NUM_PERM, hashfunc=int, permutations=permutations, scheme=MINHASH_SCHEME)
    minhash.update_batch(shingles.tolist())
    return shingles.tobytes(), minhash.hashvalues.astype(np.uint32).tobytes()


def _unit_tfidf(terms: Mapping[str, int], df: Mapping[str, int], documents: int) -> dict[str, float]:
    """Sublinear TF times IDF ln((1 + D) / (1 + df)) + 1, normalised; a term never counted weighs in the norm
    and is left out."""
    weights = {
        term: (1 + math.log(count)) * (math.log(1 + documents) + 1 - math.log1p(df.get(term, 0)))
        for term, count in terms.items()
        if count > 0
    }
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {term: w / norm for term, w in weights.items() if term in df} if norm else {}


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
    with op.batch_alter_table("articles") as batch_op:
        batch_op.add_column(sa.Column("shingles", sa.LargeBinary(), nullable=True))
    connection = op.get_bind()
    df = dict(connection.execute(sa.select(term_counts.c.term, term_counts.c.df)).all())
    rows = connection.execute(
        sa.select(articles.c.id, articles.c.text, articles.c.terms, articles.c.story_id, articles.c.duplicate_of)
    ).all()
    documents = sum(1 for row in rows if row.duplicate_of is None)
    from datasketch import MinHash

    permutations = MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME).permutations  # made once: they are costly
    centroids: dict[str, Counter[str]] = {}
    for row in rows:
        shingles, minhash = _fingerprint(row.text, permutations)
        connection.execute(articles.update().where(articles.c.id == row.id).values(shingles=shingles, minhash=minhash))
        if row.duplicate_of is None:
            centroids.setdefault(row.story_id, Counter()).update(_unit_tfidf(row.terms or {}, df, documents))
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
