"""Near-duplicate detection: MinHash LSH for candidates, then the exact Jaccard of their shingle hashes.

A wire copy or a re-post shares most of its word 5-shingles with the original once the cleaning stage has
removed each site's boilerplate; the LSH banding finds pairs at the duplicate threshold 99% of the time
(chronicle.corpus.lsh), and exact verification keeps the precision.
"""

from __future__ import annotations

from chronicle.analysis.fingerprint import exact_jaccard
from chronicle.corpus.state import CorpusState
from chronicle.records import Fingerprint

DUPLICATE_JACCARD = 0.5


def find_copies(state: CorpusState, fingerprint: Fingerprint) -> list[tuple[str, float]]:
    """Stored articles this text repeats (exact Jaccard ≥ DUPLICATE_JACCARD), closest first, then by id."""
    found = []
    for candidate in sorted(state.lsh.query(fingerprint.minhash)):
        score = exact_jaccard(state.shingles[candidate], fingerprint.shingles)
        if score >= DUPLICATE_JACCARD:
            found.append((candidate, score))
    return sorted(found, key=lambda item: (-item[1], item[0]))


def find_original(state: CorpusState, fingerprint: Fingerprint) -> str | None:
    """The original of the stored article this one repeats most closely (lowest id on a tie), if any.

    A copy of a copy links to the first article, so every duplicate points at one original.
    """
    copies = find_copies(state, fingerprint)
    if not copies:
        return None
    closest = copies[0][0]
    return state.duplicate_of.get(closest, closest)
