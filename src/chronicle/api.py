"""Chronicle from Python: analyse one text, gather articles into a corpus in memory, or open a stored one.

`analyse` runs the per-article stages (clean, analyse) on one text; `Corpus` runs the corpus stage as well
(duplicates, stories, threads, merged events) with no database; `open_store` opens what `chronicle ingest`
stored. They are exported from the package as `chronicle.analyse`, `chronicle.Corpus` and `chronicle.open`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from spacy.language import Language

from chronicle.analysis.nlp import load_pipeline
from chronicle.analysis.pipeline import analyse_article, analyse_articles
from chronicle.clean import clean_article
from chronicle.config import database_url
from chronicle.corpus import CorpusState, add_articles
from chronicle.ingest import BATCH_SIZE
from chronicle.records import AnalysedArticle, CleanArticle, Event, RawArticle, Story
from chronicle.sources import SourceError, SourceWarning, article_from_record
from chronicle.store import Store
from chronicle.store.store import text_hash

ArticleInput = str | Mapping[str, Any] | RawArticle


def _day(published: date | str | None) -> date | None:
    return date.fromisoformat(published) if isinstance(published, str) else published


def _text_id(text: str) -> str:
    """An id for an article given as bare text: the same text always gets the same one."""
    return "text-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def analyse(
    text: str,
    published: date | str | None = None,
    url: str | None = None,
    title: str | None = None,
    source: str | None = None,
    nlp: Language | None = None,
) -> AnalysedArticle:
    """One article's text cleaned and analysed: its entities, temporal expressions, quotes and events, with
    character offsets into `result.article.text` (the cleaned text). No database is involved.

    `published` (a date or an ISO date) anchors relative dates ("on Tuesday"); without it Chronicle looks for
    a dateline. `nlp` is a loaded spaCy pipeline to use instead of the configured one."""
    raw = RawArticle(
        id=_text_id(text), origin="<text>", text=text, url=url, source=source, title=title, published=_day(published)
    )
    return analyse_article(clean_article(raw), nlp)


@dataclass
class AddReport:
    """What `Corpus.add` did: articles added, already there (same id or same text), and inputs refused."""

    added: int = 0
    unchanged: int = 0
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)


class Corpus:
    """Articles gathered in memory into stories, threads and merged events, as `chronicle ingest` does into a
    database (the same stages, in the same order): nothing is written anywhere.

        corpus = Corpus()
        corpus.add([{"id": "a1", "text": "...", "published": "2024-03-04", "source": "Wire"}, "bare text"])
        for story in corpus.stories():
            print(story.title, story.article_ids)
    """

    def __init__(self, nlp: Language | None = None) -> None:
        self._nlp = nlp
        self._state = CorpusState()
        self._articles: dict[str, AnalysedArticle] = {}
        self._known: set[str] = set()  # ids and text hashes of the articles added

    def add(self, articles: Iterable[ArticleInput]) -> AddReport:
        """Add articles: texts, mappings with the fields of a JSONL line (`text` or `html`, and `id`, `url`,
        `source`, `title`, `published`), or RawArticle records. An input that cannot be read or cleaned is
        reported in the result's errors (by its position, "item N") and the rest go on."""
        report, cleaned = AddReport(), []
        for number, item in enumerate(articles, start=1):
            origin = f"item {number}"
            try:
                raw = self._raw(item, origin, report)
                article = clean_article(raw)
            except ValueError as exc:  # ExtractionError is one: no text left after cleaning
                report.errors.append(SourceError(origin, str(exc).splitlines()[0]))
                continue
            digest = text_hash(article.text)
            if article.id in self._known or digest in self._known:
                report.unchanged += 1
                continue
            self._known.update((article.id, digest))
            cleaned.append(article)
        self._add_cleaned(cleaned)
        report.added = len(cleaned)
        return report

    @staticmethod
    def _raw(item: ArticleInput, origin: str, report: AddReport) -> RawArticle:
        if isinstance(item, RawArticle):
            return item
        if isinstance(item, str):
            if not item.strip():
                raise ValueError("no text")
            return RawArticle(id=_text_id(item), origin=origin, text=item)
        raw, warning = article_from_record(dict(item), _text_id(str(item.get("text") or item.get("html"))), origin)
        if warning:
            report.warnings.append(SourceWarning(origin, warning))
        return raw

    def _add_cleaned(self, cleaned: list[CleanArticle]) -> None:
        # As `chronicle ingest` does: dated articles in time order, then the undated ones together, so that
        # stories grow as the news did and undated reports meet the dated stories.
        cleaned.sort(key=lambda a: (a.published is None, a.published or date.min, a.id))
        analysed = list(analyse_articles(cleaned, self._nlp or load_pipeline()))
        for one in analysed:
            self._articles[one.article.id] = one
        dated = [a for a in analysed if a.article.published is not None]
        batches = [dated[start : start + BATCH_SIZE] for start in range(0, len(dated), BATCH_SIZE)]
        for batch in [*batches, [a for a in analysed if a.article.published is None]]:
            if batch:
                add_articles(self._state, batch)
        self._state.take_changes()  # nothing to save: the state itself is the corpus

    def articles(self) -> list[AnalysedArticle]:
        """Every article added, as analysed, in the order they were added."""
        return list(self._articles.values())

    def stories(self, thread_id: str | None = None) -> list[Story]:
        """The stories, newest first (undated last), as `chronicle stories` lists them."""
        state = self._state
        found = [
            Story(
                id=s.id,
                title=s.title,
                summary=s.summary,
                first_date=s.first_date,
                last_date=s.last_date,
                article_ids=tuple(s.article_ids),
                thread_id=state.thread_of.get(s.id),
            )
            for s in state.stories.values()
            if thread_id is None or state.thread_of.get(s.id) == thread_id
        ]
        found.sort(key=lambda s: s.id)
        found.sort(key=lambda s: s.first_date or date.min, reverse=True)
        return sorted(found, key=lambda s: s.first_date is None)

    def events(self, story_id: str | None = None, min_confidence: float = 0.0) -> list[Event]:
        """The events at or above a confidence, by date (undated last); with `story_id`, that story's."""
        state = self._state
        found = []
        for record in state.events.values():
            # (an event keeps the id of the story it was found in; that story may since have merged)
            event = replace(record.public(), story_id=record.story_id and state.current_story_id(record.story_id))
            if event.confidence >= min_confidence and story_id in (None, event.story_id):
                found.append(event)
        return sorted(found, key=lambda e: (e.date is None, e.date or "", e.id))


def open_store(db: str, create: bool = False) -> Store:
    """A database `chronicle ingest` wrote: a path or an SQLAlchemy URL. Its `stories()`, `events()`,
    `find_events(query)`, `articles()`, `quotes()` and `entities()` read it; `create` makes an empty one where
    there is none. StoreError says why a database cannot be opened."""
    return Store(database_url(db), create=create)
