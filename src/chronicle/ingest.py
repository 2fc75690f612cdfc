"""The main job: sources -> clean -> analyse -> corpus -> store, with bad input reported and skipped.

Each article is on its own: an exception while one is cleaned, analysed, placed in the corpus or saved makes
that article a `skipped PATH[:LINE]: reason` and the run goes on. Only the database failing ends a run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from spacy.language import Language

from chronicle.analysis.nlp import load_pipeline
from chronicle.analysis.pipeline import analyse_articles
from chronicle.clean import ExtractionError, clean_article
from chronicle.config import AnalysisSettings
from chronicle.corpus import add_articles
from chronicle.corpus.state import CorpusState
from chronicle.failures import IngestFailure, first_line
from chronicle.records import AnalysedArticle, CleanArticle
from chronicle.sources import SourceError, SourceWarning, read_paths
from chronicle.store import Store, StoreError
from chronicle.store.store import text_hash

BATCH_SIZE = 64


@dataclass
class IngestReport:
    """What an ingest did: the articles read, added and already stored, the inputs skipped and why (`errors`), and
    the warnings of reading them."""

    added: int = 0
    unchanged: int = 0  # already stored (same id or same text)
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)
    inputs: int = 0  # articles read, stored or not


def _reason(stage: str, exc: Exception) -> str:
    """One line: the input's fault where cleaning says so (no text, a value it cannot read), else a bug."""
    if stage == "cleaning" and isinstance(exc, ExtractionError | ValueError):
        return first_line(exc)
    return f"internal error while {stage} ({type(exc).__name__}: {first_line(exc)})"


def collect(paths: list[Path], store: Store, report: IngestReport) -> list[CleanArticle]:
    """Read and clean every input; errors and warnings go to the report, known articles are left out."""
    cleaned: list[CleanArticle] = []
    seen_ids: set[str] = set()
    seen_texts: set[str] = set()
    for item in read_paths(paths):
        if isinstance(item, SourceError):
            report.errors.append(item)
            continue
        if isinstance(item, SourceWarning):
            report.warnings.append(item)
            continue
        report.inputs += 1
        try:
            article = clean_article(item)
            digest = text_hash(article.text)
        except Exception as exc:  # one article's failure is that article's
            report.errors.append(SourceError(item.origin, _reason("cleaning", exc)))
            continue
        if article.id in seen_ids or digest in seen_texts or store.known(article.id, article.text):
            report.unchanged += 1
            continue
        seen_ids.add(article.id)
        seen_texts.add(digest)
        cleaned.append(article)
    return cleaned


def _analysed(batch: list[CleanArticle], nlp: Language, report: IngestReport) -> list[AnalysedArticle]:
    """The batch analysed together; if that fails, each article alone, so only the failing one is skipped."""
    try:
        return list(analyse_articles(batch, nlp))
    except Exception as exc:
        if len(batch) == 1:
            report.errors.append(SourceError(batch[0].origin, _reason("analysing", exc)))
            return []
        return [analysed for article in batch for analysed in _analysed([article], nlp, report)]


def _added(store: Store, state: CorpusState, analysed: list[AnalysedArticle], report: IngestReport) -> CorpusState:
    """The corpus state with the batch added and saved. If that fails the state may hold half the batch: it is
    loaded again from the database, which holds none of it, and each article is added alone."""
    try:
        outcomes = add_articles(state, analysed)
        store.save(analysed, outcomes, state.take_changes())
        return state
    except StoreError as exc:
        raise IngestFailure(str(exc), analysed[0].article.origin if analysed else None) from exc
    except Exception as exc:
        state = _reloaded(store, analysed)
        if len(analysed) == 1:
            report.errors.append(SourceError(analysed[0].article.origin, _reason("adding it to the corpus", exc)))
            return state
        for one in analysed:
            state = _added(store, state, [one], report)
        return state


def _ready(settings: AnalysisSettings) -> Language:
    """Load the spaCy pipeline and the registry before any article: a missing model is the run's failure, not
    every article's."""
    try:
        return load_pipeline(settings.spacy_model, settings.registry_folders)
    except Exception as exc:
        raise IngestFailure(f"cannot load the analysis: {first_line(exc)}", None) from exc


def _reloaded(store: Store, analysed: list[AnalysedArticle]) -> CorpusState:
    try:
        return store.load_state()
    except Exception as exc:
        raise IngestFailure(f"cannot read the database again: {first_line(exc)}", analysed[0].article.origin) from exc


def ingest(
    paths: list[Path],
    store: Store,
    on_progress: Callable[[int, int], None] | None = None,
    on_wait: Callable[[], None] | None = None,
    settings: AnalysisSettings | None = None,
) -> IngestReport:
    """Read, clean, analyse and add every new article, saving batch by batch. Articles with a publication date
    go in time order, BATCH_SIZE at a time; those without come last, analysed as many at a time but added to
    the corpus and saved in one batch: a story's undated reports are only set apart as another happening
    from the reports of one batch (chronicle.corpus.update), and within it their dates in the text order them.

    The whole run holds the database's writer lock (`on_wait` is called if another ingest holds it first), so
    two ingests into one database give what running them one after the other gives. `settings` choose the
    spaCy pipeline and the registry folders the analysis runs with."""
    report = IngestReport()
    with store.writing(on_wait=on_wait):
        articles = collect(paths, store, report)
        unread = len(report.errors)
        # Time order, so that stories grow as the news did; undated articles come last and meet dated stories.
        articles.sort(key=lambda a: (a.published is None, a.published or date.min, a.id))
        if not articles:
            return report
        nlp = _ready(settings or AnalysisSettings())
        state = store.load_state()
        undated: list[AnalysedArticle] = []
        done = 0
        for offset in range(0, len(articles), BATCH_SIZE):
            batch = articles[offset : offset + BATCH_SIZE]
            analysed = _analysed(batch, nlp, report)
            dated = [a for a in analysed if a.article.published is not None]
            undated.extend(a for a in analysed if a.article.published is None)
            if dated:
                state = _added(store, state, dated, report)
            done += len(batch)
            if on_progress:
                on_progress(done, len(articles))
        if undated:
            _added(store, state, undated, report)
    report.added = len(articles) - (len(report.errors) - unread)
    return report
