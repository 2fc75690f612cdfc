"""Near-duplicate detection: MinHash LSH for candidates, then the exact Jaccard of their shingle hashes.

A wire copy or a re-post shares most of its word 5-shingles with the original once the cleaning stage has
removed each site's boilerplate; the LSH threshold sits below the duplicate threshold so that pairs just
above it are still found, and exact verification keeps the precision.
"""

from __future__ import annotations

from chronicle.analyse.fingerprint import as_minhash, exact_jaccard
from chronicle.corpus.state import CorpusState
from chronicle.records import Fingerprint

DUPLICATE_JACCARD = 0.5


def find_original(state: CorpusState, fingerprint: Fingerprint) -> str | None:
    """The original of the stored article this one repeats most closely (lowest id on a tie), if any.

    A copy of a copy links to the first article, so every duplicate points at one original.
    """
    best, best_score = None, DUPLICATE_JACCARD
    for candidate in sorted(state.lsh.query(as_minhash(fingerprint.minhash))):
        score = exact_jaccard(state.shingles[candidate], fingerprint.shingles)
        if score > best_score or (score == best_score and best is None):
            best, best_score = candidate, score
    return state.duplicate_of.get(best, best) if best else None
