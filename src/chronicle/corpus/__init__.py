"""Corpus: the cross-article stage. Near-duplicates, stories and merged events, updated one article at a time.

Its names load on first use: reading stored events needs `corpus.events` alone, not the analysis the
corpus state is built with.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "ArticleOutcome": "chronicle.corpus.state",
    "CorpusChanges": "chronicle.corpus.state",
    "CorpusState": "chronicle.corpus.state",
    "StoryProfile": "chronicle.corpus.state",
    "EventRecord": "chronicle.corpus.events",
    "add_articles": "chronicle.corpus.update",
}
__all__ = ["ArticleOutcome", "CorpusChanges", "CorpusState", "EventRecord", "StoryProfile", "add_articles"]

if TYPE_CHECKING:
    from chronicle.corpus.events import EventRecord
    from chronicle.corpus.state import ArticleOutcome, CorpusChanges, CorpusState, StoryProfile
    from chronicle.corpus.update import add_articles


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'chronicle.corpus' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
