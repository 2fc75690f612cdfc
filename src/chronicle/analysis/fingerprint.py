"""A text's fingerprint for near-duplicate detection: its word 5-shingles, hashed, and their MinHash.

Computed once per article in the analysis (a pure function of the text), so the cross-article step only
queries and verifies. datasketch's MinHash hashes each shingle with SHA-1 in a Python loop; we hash each
word once with CRC-32 and combine five word hashes into a shingle hash with numpy, then hand those integers
to datasketch (identity hashfunc), whose MurmurHash3 pre-mix makes the weak combination safe. The shingle
hashes are kept too: candidates from the LSH are verified on their exact Jaccard, not on the estimate.
"""

from __future__ import annotations

import re
import zlib

import numpy as np
from datasketch import MinHash

from chronicle.records import Fingerprint

NUM_PERM = 128
SHINGLE_WORDS = 5
# Stored signatures must be read back with the hashing scheme that made them (datasketch 2 asks for it).
MINHASH_SCHEME = "affine32"
_MIX = np.uint64(0x9E3779B97F4A7C15)  # an odd 64-bit constant: multiplying by it spreads word order
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME).permutations


def words(text: str) -> list[str]:
    """The text's words, lower-cased: runs of letters, digits and underscores."""
    return re.findall(r"\w+", text.lower())


def shingle_hashes(text: str, size: int = SHINGLE_WORDS) -> np.ndarray:
    """Sorted distinct 32-bit hashes of the text's word `size`-shingles (one shingle if it is shorter)."""
    word_hashes = np.fromiter((zlib.crc32(w.encode()) for w in words(text)), dtype=np.uint64)
    count = len(word_hashes) - size + 1
    if count < 1:
        combined = np.array([zlib.crc32(" ".join(words(text)).encode())], dtype=np.uint64)
    else:
        combined = word_hashes[:count].copy()
        for offset in range(1, size):
            combined = combined * _MIX + word_hashes[offset : offset + count]
    return np.unique((combined ^ (combined >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def fingerprint(text: str) -> Fingerprint:
    """The text's shingle hashes and their MinHash signature."""
    hashes = shingle_hashes(text)
    minhash = MinHash(num_perm=NUM_PERM, hashfunc=int, permutations=_PERMUTATIONS, scheme=MINHASH_SCHEME)
    minhash.update_batch(hashes.tolist())
    return Fingerprint(shingles=hashes, minhash=minhash.hashvalues)


def exact_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted distinct hash arrays."""
    if not len(a) and not len(b):
        return 1.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)
