"""Near-duplicate detection: MinHash over word 5-shingles (datasketch), candidates checked on their estimate."""

from __future__ import annotations

import re

from datasketch import MinHash

from chronicle.corpus.state import MINHASH_SCHEME, NUM_PERM, CorpusState

SHINGLE_WORDS = 5
DUPLICATE_JACCARD = 0.7


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < size:
        return {" ".join(words).encode()}
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME)
    minhash.update_batch(list(shingles(text)))
    return minhash


def find_original(state: CorpusState, minhash: MinHash) -> str | None:
    """The earliest stored article this one nearly repeats, if any."""
    matches = [
        candidate for candidate in state.lsh.query(minhash)
        if state.signatures[candidate].jaccard(minhash) >= DUPLICATE_JACCARD
    ]
    if not matches:
        return None
    return min(matches, key=lambda a: (state.signatures[a].jaccard(minhash) * -1, a))
