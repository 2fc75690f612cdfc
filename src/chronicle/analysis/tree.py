"""A document's dependency tree read by token index: the event coder walks the parse of every candidate verb,
and spaCy makes a new Token object for each word each time it is reached, most of them never needed."""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, HEAD, LEMMA, LOWER
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

TREE_KEY = "chronicle.doc_tree"  # where a Doc keeps its `DocTree`


def label_ids(*labels: str) -> frozenset[int]:
    """The ids `DocTree.deps` holds for these dependency labels."""
    return frozenset(map(get_string_id, labels))


class DocTree:
    """A document's dependency tree and each token's word ids, read from its arrays once a document. A
    subtree is every word whose heads lead up to its root, as `Token.subtree` gives it: spaCy's edges of a
    non-projective parse can leave some out. Labels are the ids a Doc's arrays hold
    (`label_ids`)."""

    def __init__(self, doc: Doc) -> None:
        rows = doc.to_array([HEAD, DEP, LOWER, LEMMA])
        offsets = rows[:, 0].astype(np.int64)
        heads = np.where(offsets == 0, -1, np.arange(len(doc)) + offsets)  # a root heads itself: no child of its own
        # every token's children, in order, as one list of indices grouped by head (few small objects a
        # document: a list per token made the collector's work a tenth of the stage)
        order = np.argsort(heads, kind="stable")
        self._by_head: list[int] = order.tolist()
        self._first_child: list[int] = np.searchsorted(heads[order], np.arange(len(doc) + 1)).tolist()
        self.deps: list[int] = rows[:, 1].tolist()
        # each token's lower-case form and lemma as string-store hashes: few tokens' words are ever read
        self._lowers, self._lemmas = rows[:, 2].tolist(), rows[:, 3].tolist()
        self.strings: StringStore = doc.vocab.strings

    def word_ids(self, indices: list[int]) -> list[tuple[int, int]]:
        """The tokens' lower-case forms and lemmas, as string-store hashes."""
        lowers, lemmas = self._lowers, self._lemmas
        return [(lowers[i], lemmas[i]) for i in indices]

    def words(self, start: int, end: int) -> tuple[list[str], list[str]]:
        """The lower-case forms and lemmas of the tokens from `start` to `end`."""
        strings = self.strings
        return [strings[h] for h in self._lowers[start:end]], [strings[h] for h in self._lemmas[start:end]]

    def subtree(self, root: int) -> list[int]:
        """The indices of a token's subtree, in order."""
        return sorted(self.descendants(root))

    def descendants(self, root: int) -> list[int]:
        """The indices of a token's subtree, in no order."""
        found, waiting, by_head, first = [], [root], self._by_head, self._first_child
        while waiting:
            node = waiting.pop()
            found.append(node)
            waiting += by_head[first[node] : first[node + 1]]
        return found

    def children(self, token: int) -> list[int]:
        """The indices of a token's children, in order."""
        return self._by_head[self._first_child[token] : self._first_child[token + 1]]


def doc_tree(doc: Doc) -> DocTree:
    """The document's `DocTree`, read once a document."""
    tree = doc.user_data.get(TREE_KEY)
    if not isinstance(tree, DocTree):
        tree = doc.user_data[TREE_KEY] = DocTree(doc)
    return tree
