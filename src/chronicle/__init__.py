"""Chronicle: raw news articles in, a sourced record of stories, events, quotes and entities out.

    import chronicle

    analysis = chronicle.analyse("Ministers met in Valletta on Monday ...", published="2024-03-04")
    corpus = chronicle.Corpus()
    corpus.add(texts_or_records)
    store = chronicle.open("chronicle.db")  # what `chronicle ingest` stored

Names are loaded on first use, so `import chronicle` (and the command line's start) stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> (module, name there)
_EXPORTS = {
    "analyse": ("chronicle.api", "analyse"),
    "Corpus": ("chronicle.api", "Corpus"),
    "AddReport": ("chronicle.api", "AddReport"),
    "open": ("chronicle.api", "open_store"),
    "sample_corpus": ("chronicle.sources", "sample_corpus"),
    "Store": ("chronicle.store", "Store"),
    "EventCursor": ("chronicle.query", "EventCursor"),
    "EventQuery": ("chronicle.query", "EventQuery"),
    "StoreError": ("chronicle.store", "StoreError"),
    **{
        name: ("chronicle.records", name)
        for name in (
            "RawArticle",
            "CleanArticle",
            "AnalysedArticle",
            "Entity",
            "Timex",
            "Quote",
            "EventMention",
            "Event",
            "Evidence",
            "EvidenceSpan",
            "ActorRef",
            "StatusChange",
            "Story",
            "Place",
            "StoredArticle",
            "StoredQuote",
            "StoredEntity",
            "EntityMentions",
            "StoryDetail",
            "Thread",
        )
    },
}
__all__ = [
    "AddReport",
    "ActorRef",
    "AnalysedArticle",
    "CleanArticle",
    "Corpus",
    "Entity",
    "EntityMentions",
    "Event",
    "EventCursor",
    "EventMention",
    "EventQuery",
    "Evidence",
    "EvidenceSpan",
    "Place",
    "Quote",
    "RawArticle",
    "StatusChange",
    "Store",
    "StoreError",
    "StoredArticle",
    "StoredEntity",
    "StoredQuote",
    "Story",
    "StoryDetail",
    "Thread",
    "Timex",
    "__version__",
    "analyse",
    "open",
    "sample_corpus",
]

if TYPE_CHECKING:
    from chronicle.api import AddReport, Corpus, analyse
    from chronicle.api import open_store as open  # noqa: A004
    from chronicle.query import EventCursor, EventQuery
    from chronicle.records import (
        ActorRef,
        AnalysedArticle,
        CleanArticle,
        Entity,
        EntityMentions,
        Event,
        EventMention,
        Evidence,
        EvidenceSpan,
        Place,
        Quote,
        RawArticle,
        StatusChange,
        StoredArticle,
        StoredEntity,
        StoredQuote,
        Story,
        StoryDetail,
        Thread,
        Timex,
    )
    from chronicle.sources import sample_corpus
    from chronicle.store import Store, StoreError


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'chronicle' has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # found once
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
