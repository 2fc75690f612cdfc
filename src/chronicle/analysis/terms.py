"""An article's content terms, the text features stories are compared on, and their stable hashes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

import numpy as np
from spacy.strings import hash_string  # type: ignore[attr-defined]  # (spaCy's Cython module has no stub)
from spacy.tokens import Doc

TERM_POS = {"NOUN", "PROPN", "VERB", "ADJ"}
SHORT_WORD_LETTERS = 2  # a word of this many letters or fewer is no term ("UN", "go")


def content_terms(doc: Doc) -> dict[str, int]:
    """Lemmas of content words and their counts."""
    counts = Counter(
        t.lemma_.lower()
        for t in doc
        if t.pos_ in TERM_POS and t.is_alpha and not t.is_stop and len(t) > SHORT_WORD_LETTERS
    )
    return dict(counts)


def term_hashes(terms: Collection[str]) -> np.ndarray:
    """A 64-bit hash of each term, in order: spaCy's string hash (MurmurHash2 64A of the UTF-8 text), the
    same in every process, so articles analysed in workers carry hashes the corpus can number terms by
    (chronicle.corpus.vectors) without a lookup keyed by the strings."""
    return np.fromiter(map(hash_string, terms), dtype=np.uint64, count=len(terms))
