"""Corpus: the cross-article stage. Near-duplicates, stories and merged events, updated one article at a time."""

from chronicle.corpus.state import ArticleOutcome, CorpusChanges, CorpusState, EventRecord, StoryProfile
from chronicle.corpus.update import add_articles

__all__ = ["ArticleOutcome", "CorpusChanges", "CorpusState", "EventRecord", "StoryProfile", "add_articles"]
