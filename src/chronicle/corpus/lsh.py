"""Banded LSH over MinHash signatures: which stored articles could be near-duplicates of a new one.

The signatures are datasketch's (chronicle.analysis.fingerprint). Its MinHashLSH index served here until the
corpus grew: it keeps, besides its band tables, every article's band keys (so that an article can be
removed, which a corpus that never forgets does not need), each band's bucket is a set, and its query and
its insert each cut the signature into byte-string band keys again. At 100,000 articles that was a fifth of
the cross-article step and over a gigabyte (benchmarks/run.py). This index files each article once per band
under one 64-bit integer key computed with numpy, in a single table whose buckets hold one id until a second
arrives.

Banding: BANDS bands of ROWS values. Two texts of Jaccard similarity J share a band with probability
1 - (1 - J^ROWS)^BANDS: 0.993 at 0.5, the duplicate threshold (chronicle.corpus.dedup), and 0.036 at 0.1.
Every candidate is verified on its exact Jaccard, so a false candidate costs time, never precision.

But texts that share a sentence or two (a quote, a wire paragraph) share a band now and then, and the number
of such texts grows with the corpus: at 100,000 articles of the benchmark stream each query met five of them,
a tenth of the cross-article step and growing with the corpus (benchmarks/run.py). So a text sharing a band
must also agree on at least SPARE_MATCHES of the SPARE values the bands leave unused: each agrees with
probability J, so a duplicate at J = 0.5 fails this 0.1% of the time and a text at J = 0.05 passes 5% of the time.
"""

from __future__ import annotations

import math

import numpy as np

BANDS, ROWS = 37, 3  # the bands × rows datasketch picks for a threshold of 0.3 over 128 values
SPARE = 17  # the signature's values after the bands' (128 in all)
SPARE_MATCHES = 3
_SPARE_VALUES = slice(BANDS * ROWS, BANDS * ROWS + SPARE)
# Each band's rows are mixed into one key by a dot product with odd 64-bit constants (wrapping modulo 2^64),
# in one matrix product for all bands; two bands' keys stay apart by a salt per band. A collision of two
# different bands costs a verification, never a wrong answer.
_ROW_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)  # one per row
_BAND_SALT = np.arange(BANDS, dtype=np.uint64) * np.uint64(0xD6E8FEB86659FD93)  # one table holds every band


def candidate_probability(jaccard: float) -> float:
    """The chance that two texts this similar share at least one band and SPARE_MATCHES spare values."""
    spare_failure = sum(math.comb(SPARE, k) * jaccard**k * (1 - jaccard) ** (SPARE - k) for k in range(SPARE_MATCHES))
    return (1 - (1 - jaccard**ROWS) ** BANDS) * (1 - spare_failure)


def band_keys(values: np.ndarray) -> list[int]:
    """One integer per band of a MinHash signature (at least BANDS × ROWS values)."""
    rows = values[: BANDS * ROWS].astype(np.uint64, copy=False).reshape(BANDS, ROWS)
    keys: list[int] = ((rows @ _ROW_MIX) ^ _BAND_SALT).tolist()
    return keys


class BandIndex:
    """Article ids filed under the band keys of their MinHash signatures, with each article's spare values."""

    def __init__(self) -> None:
        self._buckets: dict[int, str | list[str]] = {}
        # the last signature's band keys: an article is looked up, then filed, under the same keys
        self._last: tuple[np.ndarray | None, list[int]] = (None, [])
        self._rows: dict[str, int] = {}  # article id -> its row of spare values
        self._spare = np.zeros((1024, SPARE), dtype=np.uint64)

    def _keys(self, values: np.ndarray) -> list[int]:
        if self._last[0] is not values:
            self._last = (values, band_keys(values))
        return self._last[1]

    def __len__(self) -> int:
        return len(self._buckets)

    def query(self, values: np.ndarray) -> set[str]:
        """The ids sharing at least one band and SPARE_MATCHES spare values with this signature."""
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
        if not found:
            return found
        ids = list(found)
        rows = self._spare[[self._rows[i] for i in ids]]
        agree = np.count_nonzero(rows == values[_SPARE_VALUES], axis=1) >= SPARE_MATCHES
        return {i for i, kept in zip(ids, agree.tolist(), strict=True) if kept}

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
        row = self._rows[article_id] = len(self._rows)
        if row == len(self._spare):
            self._spare = np.concatenate((self._spare, np.zeros_like(self._spare)))
        self._spare[row] = values[_SPARE_VALUES]
