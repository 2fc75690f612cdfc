"""Term vectors over integer term ids: the text side of story assignment, kept in numpy arrays.

Story assignment weighs every article's TF-IDF vector against a handful of stories' centroids and recent
articles. Done over dicts keyed by term strings, that cost a hash lookup per term for every weight, every
dot product and every centroid update, and at 100,000 articles those lookups (their keys scattered over
gigabytes of memory) were most of the cross-article step (benchmarks/run.py). Here each term is numbered
once, when an article is counted, and everything after is array arithmetic: document frequencies are one
integer array, a vector is an array of ids with an array of weights, and an article's dot products with
other vectors are gathers from one dense array its weights are spread into.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from itertools import repeat

import numpy as np

INITIAL_TERMS = 1 << 14


@dataclass(frozen=True)
class TermVector:
    """Weights of terms, by term id: `ids` unique, `weights` the same length."""

    ids: np.ndarray  # int64
    weights: np.ndarray  # float64

    @classmethod
    def empty(cls) -> TermVector:
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def norm(self) -> float:
        return float(math.sqrt(self.weights @ self.weights))

    def heaviest(self, count: int) -> TermVector:
        """The `count` heaviest terms, heaviest first (ties in the vector's own order)."""
        order = (-self.weights).argsort(kind="stable")[:count]
        return TermVector(self.ids[order], self.weights[order])

    def scaled(self, factor: float) -> TermVector:
        return TermVector(self.ids, self.weights * factor)

    def plus(self, other: TermVector) -> TermVector:
        """The sum of two vectors (the other itself when this one is empty: vectors are never changed in
        place)."""
        if not len(self):
            return other
        ids, inverse = np.unique(np.concatenate((self.ids, other.ids)), return_inverse=True)
        return TermVector(ids, np.bincount(inverse, np.concatenate((self.weights, other.weights)), len(ids)))


@dataclass(frozen=True)
class StackedVectors:
    """Several vectors in one pair of arrays, so an article's dot products with all of them take one gather."""

    ids: np.ndarray
    weights: np.ndarray
    starts: np.ndarray  # where each vector begins; every vector is non-empty

    @classmethod
    def of(cls, vectors: Iterable[TermVector]) -> StackedVectors:
        kept = [v for v in vectors if len(v)]
        if not kept:
            return cls(np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0, dtype=np.int64))
        lengths = np.fromiter((len(v) for v in kept), dtype=np.int64, count=len(kept))
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        return cls(np.concatenate([v.ids for v in kept]), np.concatenate([v.weights for v in kept]), starts)


class Vocabulary:
    """Every term counted so far, numbered in the order first seen, with the number of documents it is in."""

    def __init__(self) -> None:
        self.documents = 0
        self._ids: dict[str, int] = {}
        self.terms: list[str] = []
        self._df = np.zeros(INITIAL_TERMS, dtype=np.int64)
        self._spread = np.zeros(INITIAL_TERMS, dtype=np.float64)  # zero but while a vector is spread in it
        self._spreading = False

    def _grow(self, size: int) -> None:
        if size > len(self._df):
            capacity = max(size, 2 * len(self._df))
            self._df = np.concatenate((self._df, np.zeros(capacity - len(self._df), dtype=np.int64)))
            self._spread = np.concatenate((self._spread, np.zeros(capacity - len(self._spread))))

    def _number(self, terms: Collection[str]) -> np.ndarray:
        """The ids of these terms, numbering the new ones."""
        ids = self.ids(terms)  # one C-level pass; most terms are known
        new = np.flatnonzero(ids < 0)
        if len(new):
            known, listed = self._ids, list(terms)
            for index in new.tolist():
                term = listed[index]
                term_id = known.get(term)  # a term twice in `terms` is numbered once
                if term_id is None:
                    term_id = known[term] = len(self.terms)
                    self.terms.append(term)
                ids[index] = term_id
            self._grow(len(self.terms))
        return ids

    def add_document(self, terms: Mapping[str, int]) -> TermVector:
        """Count one more document, with these term counts, and return its unit TF-IDF vector over every
        document counted, itself included (one lookup per term for both)."""
        ids = self._number(terms)
        self._df[ids] += 1
        self.documents += 1
        return self._weigh(ids, np.fromiter(terms.values(), dtype=np.int64, count=len(ids)), all_counted=True)

    def load(self, documents: int, counts: Iterable[tuple[str, int]]) -> None:
        """Add stored counts: a number of documents and the document frequencies of their terms."""
        pairs = list(counts)
        ids = self._number([term for term, _ in pairs])
        np.add.at(self._df, ids, np.array([df for _, df in pairs], dtype=np.int64))
        self.documents += documents

    def ids(self, terms: Collection[str]) -> np.ndarray:
        """The ids of known terms; -1 for a term never counted."""
        return np.fromiter(map(self._ids.get, terms, repeat(-1)), dtype=np.int64, count=len(terms))

    def tfidf(self, terms: Mapping[str, int]) -> TermVector:
        """Unit-length TF-IDF weights of a text not counted. A term never counted weighs in the norm but has
        no id, so it matches nothing."""
        return self._weigh(self.ids(terms), np.fromiter(terms.values(), dtype=np.int64, count=len(terms)))

    def _weigh(self, ids: np.ndarray, counts: np.ndarray, all_counted: bool = False) -> TermVector:
        """Sublinear term frequency 1 + ln(count) times IDF ln((1 + D) / (1 + df)) + 1, normalised; ids of -1
        (terms never counted) have df 0 and are dropped after the norm. `all_counted` says there are none,
        which spares the masks (this runs for every article)."""
        if not all_counted or not counts.all():
            keep = counts > 0
            ids, counts = ids[keep], counts[keep]
        if not len(ids):
            return TermVector.empty()
        df = self._df[ids] if all_counted else np.where(ids >= 0, self._df[np.maximum(ids, 0)], 0)
        weights = (1 + np.log(counts)) * (math.log(1 + self.documents) + 1 - np.log1p(df))
        norm = math.sqrt(weights @ weights)
        if not norm:
            return TermVector.empty()
        if all_counted:
            return TermVector(ids, weights / norm)
        known = ids >= 0
        return TermVector(ids[known], weights[known] / norm)

    def words(self, vector: TermVector) -> dict[str, float]:
        """A vector keyed by its terms, as it is stored."""
        terms = self.terms
        return {terms[i]: w for i, w in zip(vector.ids.tolist(), vector.weights.tolist(), strict=True)}

    def vector(self, weights: Mapping[str, float]) -> TermVector:
        """A stored vector back over term ids (its terms must have been counted)."""
        ids = self.ids(weights)
        if (ids < 0).any():
            raise ValueError("a stored vector names terms the stored document frequencies do not")
        return TermVector(ids, np.fromiter(weights.values(), dtype=np.float64, count=len(weights)))

    def spread(self, vector: TermVector) -> Products:
        """Dot products of `vector` with any others, inside a with-block."""
        return Products(self, vector)


class Products:
    """Dot products with one vector, which is spread into its vocabulary's dense array for the length of a
    with-block (a class, not a generator: this is entered for every article)."""

    __slots__ = ("_vocabulary", "_vector", "dense")

    def __init__(self, vocabulary: Vocabulary, vector: TermVector) -> None:
        self._vocabulary, self._vector = vocabulary, vector

    def __enter__(self) -> Products:
        if self._vocabulary._spreading:
            raise RuntimeError("one vector at a time is spread")
        self._vocabulary._spreading = True
        self.dense = self._vocabulary._spread  # taken on entry: the vocabulary reallocates it as it grows
        self.dense[self._vector.ids] = self._vector.weights
        return self

    def __exit__(self, *exc: object) -> None:
        self.dense[self._vector.ids] = 0.0
        self._vocabulary._spreading = False

    def dot(self, other: TermVector) -> float:
        return float(self.dense[other.ids] @ other.weights)

    def best_dot(self, stacked: StackedVectors) -> float:
        """The largest dot product with any of the stacked vectors (0 for none)."""
        if len(stacked.starts) < 2:
            return float(self.dense[stacked.ids] @ stacked.weights) if len(stacked.starts) else 0.0
        return float(np.add.reduceat(self.dense[stacked.ids] * stacked.weights, stacked.starts).max())
