"""Banded LSH over MinHash signatures: which stored articles could be near-duplicates of a new one.

The signatures are datasketch's (chronicle.analyse.fingerprint). Its MinHashLSH index served here until the
corpus grew: it keeps, besides its band tables, every article's band keys (so that an article can be
removed, which a corpus that never forgets does not need), each band's bucket is a set, and its query and
its insert each cut the signature into byte-string band keys again. At 100,000 articles that was a fifth of
the cross-article step and over a gigabyte (benchmarks/run.py). This index files each article once per band
under one 64-bit integer key computed with numpy, in a single table whose buckets hold one id until a second
arrives.

Banding: BANDS bands of ROWS values. Two texts of Jaccard similarity J share a band with probability
1 - (1 - J^ROWS)^BANDS: 0.993 at 0.5, the duplicate threshold (chronicle.corpus.dedup), and 0.036 at 0.1.
Every candidate is verified on its exact Jaccard, so a false candidate costs time, never precision.
"""

from __future__ import annotations

import numpy as np

BANDS, ROWS = 37, 3  # the bands × rows datasketch picks for a threshold of 0.3 over 128 values
_MIX = np.uint64(0x9E3779B97F4A7C15)  # an odd 64-bit constant: spreads each row into the band key
_BAND_SALT = np.arange(BANDS, dtype=np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)  # one table holds every band


def candidate_probability(jaccard: float) -> float:
    """The chance that two texts this similar share at least one band."""
    return 1 - (1 - jaccard**ROWS) ** BANDS


def band_keys(values: np.ndarray) -> list[int]:
    """One integer per band of a MinHash signature (at least BANDS × ROWS values)."""
    rows = values[: BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    keys = rows[:, 0] ^ _BAND_SALT
    for column in range(1, ROWS):
        keys = keys * _MIX + rows[:, column]  # wraps around modulo 2^64, as it should
    return keys.tolist()


class BandIndex:
    """Article ids filed under the band keys of their MinHash signatures."""

    def __init__(self) -> None:
        self._buckets: dict[int, str | list[str]] = {}
        # the last signature's band keys: an article is looked up, then filed, under the same keys
        self._last: tuple[np.ndarray | None, list[int]] = (None, [])

    def _keys(self, values: np.ndarray) -> list[int]:
        if self._last[0] is not values:
            self._last = (values, band_keys(values))
        return self._last[1]

    def __len__(self) -> int:
        return len(self._buckets)

    def query(self, values: np.ndarray) -> set[str]:
        """The ids sharing at least one band with this signature."""
        found: set[str] = set()
        buckets = self._buckets
        for key in self._keys(values):
            bucket = buckets.get(key)
            if bucket is None:
                continue
            if isinstance(bucket, str):
                found.add(bucket)
            else:
                found.update(bucket)
        return found

    def insert(self, article_id: str, values: np.ndarray) -> None:
        """File an article under each of its bands (ids are unique in a corpus: no check is made)."""
        buckets = self._buckets
        for key in self._keys(values):
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = article_id
            elif isinstance(bucket, str):
                buckets[key] = [bucket, article_id]
            else:
                bucket.append(article_id)
