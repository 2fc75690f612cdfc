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
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from chronicle.analysis.terms import term_hashes

INITIAL_TERMS = 1 << 14
ROUNDING = 1e-9  # a weight this small, relative to the largest, is what a subtraction left of zero


@dataclass(frozen=True)
class TermVector:
    """Weights of terms, by term id: `ids` unique, `weights` the same length."""

    ids: np.ndarray  # int64
    weights: np.ndarray  # float64

    @classmethod
    def empty(cls) -> TermVector:
        """The empty vector (one object: every story starts with it)."""
        return _EMPTY

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def norm(self) -> float:
        """The vector's Euclidean length."""
        return float(math.sqrt(self.weights @ self.weights))

    def heaviest(self, count: int) -> TermVector:
        """The `count` heaviest terms, heaviest first (ties in the vector's own order)."""
        order = (-self.weights).argsort(kind="stable")[:count]
        return TermVector(self.ids[order], self.weights[order])

    def scaled(self, factor: float) -> TermVector:
        """The vector with every weight multiplied by `factor`."""
        return TermVector(self.ids, self.weights * factor)

    def plus(self, other: TermVector) -> TermVector:
        """The sum of two vectors (the other itself when this one is empty: vectors are never changed in
        place)."""
        if not len(self):
            return other
        ids, inverse = np.unique(np.concatenate((self.ids, other.ids)), return_inverse=True)
        return TermVector(ids, np.bincount(inverse, np.concatenate((self.weights, other.weights)), len(ids)))

    def minus(self, other: TermVector) -> TermVector:
        """This sum without a vector it holds, the terms only that vector gave dropped (not kept at a
        rounding error from zero)."""
        rest = self.plus(other.scaled(-1.0))
        kept = np.abs(rest.weights) > ROUNDING * max(1.0, float(np.abs(self.weights).max(initial=0.0)))
        return TermVector(rest.ids[kept], rest.weights[kept])


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


_EMPTY = TermVector(_read_only(np.zeros(0, dtype=np.int64)), _read_only(np.zeros(0, dtype=np.float64)))


@dataclass(frozen=True)
class StackedVectors:
    """Several vectors in one pair of arrays, so an article's dot products with all of them take one gather."""

    ids: np.ndarray
    weights: np.ndarray
    starts: np.ndarray  # where each vector begins; every vector is non-empty

    @classmethod
    def of(cls, vectors: Iterable[TermVector]) -> StackedVectors:
        """The non-empty ones of `vectors`, stacked in their order."""
        kept = [v for v in vectors if len(v)]
        if not kept:
            return cls(np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0, dtype=np.int64))
        lengths = np.fromiter((len(v) for v in kept), dtype=np.int64, count=len(kept))
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        return cls(np.concatenate([v.ids for v in kept]), np.concatenate([v.weights for v in kept]), starts)


class Vocabulary:
    """Every term counted so far, numbered in the order first seen, with the number of documents it is in.

    Terms are found by their 64-bit hashes (chronicle.analysis.terms) in an open-addressing table held in two
    numpy arrays, not in a dict keyed by the strings: a dict lookup per term reads the term's string object
    and the dict's slot, which in the running corpus step are rarely in the CPU cache, and an article's
    hundred-odd terms cost more than the rest of counting it (benchmarks/run.py); the table looks up all of
    an article's hashes in a few gathers. Two terms with one hash would share an id: at 64 bits, for a
    million terms, a chance of about one in thirty-seven million.
    """

    def __init__(self) -> None:
        self.documents = 0
        self.terms: list[str] = []
        self._df = np.zeros(INITIAL_TERMS, dtype=np.int64)
        self._spread = np.zeros(INITIAL_TERMS, dtype=np.float64)  # zero but while a vector is spread in it
        self._spreading = False
        # the table: a slot holds a term's hash and id (-1: empty); at most a quarter full, so that most
        # hashes are found at their first slot
        self._slot_hashes = np.zeros(4 * INITIAL_TERMS, dtype=np.uint64)
        self._slot_ids = np.full(4 * INITIAL_TERMS, -1, dtype=np.int64)

    def _grow(self, size: int) -> None:
        if size > len(self._df):
            capacity = max(size, 2 * len(self._df))
            self._df = np.concatenate((self._df, np.zeros(capacity - len(self._df), dtype=np.int64)))
            self._spread = np.concatenate((self._spread, np.zeros(capacity - len(self._spread))))
        if 4 * size > len(self._slot_ids):
            hashes = self._slot_hashes[self._slot_ids >= 0]
            ids = self._slot_ids[self._slot_ids >= 0]
            self._slot_hashes = np.zeros(2 * len(self._slot_hashes), dtype=np.uint64)
            self._slot_ids = np.full(len(self._slot_hashes), -1, dtype=np.int64)
            for term_hash, term_id in zip(hashes.tolist(), ids.tolist(), strict=True):
                slot = self._free_slot(term_hash)
                self._slot_ids[slot], self._slot_hashes[slot] = term_id, term_hash

    def _free_slot(self, term_hash: int) -> int:
        """The slot where this hash is, or the empty one where it would go."""
        mask = len(self._slot_ids) - 1
        slot = term_hash & mask
        while self._slot_ids[slot] >= 0 and self._slot_hashes[slot] != term_hash:
            slot = (slot + 1) & mask
        return slot

    def _find(self, hashes: np.ndarray) -> np.ndarray:
        """The ids of these term hashes; -1 for a term never counted. A gather finds most at their first
        slot; the few whose slot holds another term move on to the next slot together."""
        mask = np.uint64(len(self._slot_ids) - 1)
        slots = hashes & mask
        ids: np.ndarray = self._slot_ids[slots]
        pending = np.flatnonzero((ids >= 0) & (self._slot_hashes[slots] != hashes))
        while len(pending):
            moved = (slots[pending] + np.uint64(1)) & mask
            slots[pending] = moved
            found = ids[pending] = self._slot_ids[moved]
            pending = pending[(found >= 0) & (self._slot_hashes[moved] != hashes[pending])]
        return ids

    def _number(self, terms: Collection[str], hashes: np.ndarray) -> np.ndarray:
        """The ids of these terms (with their hashes), numbering the new ones."""
        ids = self._find(hashes)
        new = np.flatnonzero(ids < 0)
        if len(new):
            listed = list(terms)
            for index in new.tolist():
                slot = self._free_slot(int(hashes[index]))
                term_id = int(self._slot_ids[slot])
                if term_id < 0:  # (else the same term came twice in `terms`)
                    term_id = self._slot_ids[slot] = len(self.terms)
                    self._slot_hashes[slot] = hashes[index]
                    self.terms.append(listed[index])
                    self._grow(len(self.terms))
                ids[index] = term_id
        return ids

    def add_document(self, terms: Mapping[str, int], hashes: np.ndarray | None = None) -> TermVector:
        """Count one more document, with these term counts, and return its unit TF-IDF vector over every
        document counted, itself included. `hashes` are the terms' hashes (term_hashes), when the analysis
        computed them already."""
        ids = self._number(terms, term_hashes(terms) if hashes is None else hashes)
        self._df[ids] += 1
        self.documents += 1
        return self._weigh(ids, np.fromiter(terms.values(), dtype=np.int64, count=len(ids)), all_counted=True)

    def load(self, documents: int, counts: Iterable[tuple[str, int]]) -> None:
        """Add stored counts: a number of documents and the document frequencies of their terms."""
        pairs = list(counts)
        terms = [term for term, _ in pairs]
        ids = self._number(terms, term_hashes(terms))
        np.add.at(self._df, ids, np.array([df for _, df in pairs], dtype=np.int64))
        self.documents += documents

    def ids(self, terms: Collection[str]) -> np.ndarray:
        """The ids of known terms; -1 for a term never counted."""
        return self._find(term_hashes(terms))

    def tfidf(self, terms: Mapping[str, int]) -> TermVector:
        """Unit-length TF-IDF weights of a text not counted. A term never counted weighs in the norm but has
        no id, so it matches nothing."""
        return self._weigh(self.ids(terms), np.fromiter(terms.values(), dtype=np.int64, count=len(terms)))

    def similarities(self, texts: Sequence[Mapping[str, int]], products: Products) -> np.ndarray:
        """The dot product of each text's unit TF-IDF vector (as `tfidf` weighs it) with the vector `products`
        are of (0 for a text without terms). One pass over all the texts' terms: a story retitled at the end
        of a batch scores every headline and lead sentence it has, and weighing them one at a time took a
        seventeenth of the cross-article step on the benchmark stream (benchmarks/run.py), a third of that now."""
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        scores = np.zeros(len(texts))
        if not lengths.any():
            return scores
        terms = [term for text in texts for term in text]
        counts = np.fromiter((n for text in texts for n in text.values()), dtype=np.int64, count=len(terms))
        ids = self._find(term_hashes(terms))
        weights = self._tfidf_weights(ids, counts, all_counted=False)
        # (reduceat over the texts with terms: an empty segment would take the next text's first term)
        with_terms = lengths > 0
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[with_terms]
        norms = np.sqrt(np.add.reduceat(weights * weights, starts))
        dots = np.add.reduceat(np.where(ids >= 0, products.dense[np.maximum(ids, 0)], 0.0) * weights, starts)
        scores[with_terms] = np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)
        return scores

    def _tfidf_weights(self, ids: np.ndarray, counts: np.ndarray, all_counted: bool) -> np.ndarray:
        """Sublinear term frequency 1 + ln(count) times IDF ln((1 + D) / (1 + df)) + 1 (counts positive); an
        id of -1 (a term never counted) has df 0. `all_counted` says there is none, which spares the mask."""
        df = self._df[ids] if all_counted else np.where(ids >= 0, self._df[np.maximum(ids, 0)], 0)
        weights: np.ndarray = (1 + np.log(counts)) * (math.log(1 + self.documents) + 1 - np.log1p(df))
        return weights

    def _weigh(self, ids: np.ndarray, counts: np.ndarray, all_counted: bool = False) -> TermVector:
        """The unit TF-IDF vector of these term counts (_tfidf_weights, normalised); terms never counted weigh
        in the norm and are dropped after it. `all_counted` says there are none, which spares the masks (this
        runs for every article)."""
        if not all_counted or not counts.all():
            keep = counts > 0
            ids, counts = ids[keep], counts[keep]
        if not len(ids):
            return TermVector.empty()
        weights = self._tfidf_weights(ids, counts, all_counted)
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
        """The dot product of the spread vector with `other`."""
        return float(self.dense[other.ids] @ other.weights)

    def best_dot(self, stacked: StackedVectors) -> float:
        """The largest dot product with any of the stacked vectors (0 for none)."""
        if len(stacked.starts) < 2:  # noqa: PLR2004 (one vector or none: no maximum to take)
            return float(self.dense[stacked.ids] @ stacked.weights) if len(stacked.starts) else 0.0
        return float(np.add.reduceat(self.dense[stacked.ids] * stacked.weights, stacked.starts).max())
