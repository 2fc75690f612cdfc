"""The main job: sources -> clean -> analyse -> corpus -> store, with bad input reported and skipped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from chronicle.analyse.pipeline import analyse_articles
from chronicle.clean import ExtractionError, clean_article
from chronicle.corpus import add_articles
from chronicle.records import AnalysedArticle, CleanArticle
from chronicle.sources import SourceError, read_paths
from chronicle.store import Store
from chronicle.store.store import text_hash

BATCH_SIZE = 64


@dataclass
class IngestReport:
    added: int = 0
    unchanged: int = 0  # already stored (same id or same text)
    errors: list[SourceError] = field(default_factory=list)


def collect(paths: list[Path], store: Store, report: IngestReport) -> list[CleanArticle]:
    """Read and clean every input; errors go to the report, known articles are left out."""
    cleaned: list[CleanArticle] = []
    seen_ids: set[str] = set()
    seen_texts: set[str] = set()
    for item in read_paths(paths):
        if isinstance(item, SourceError):
            report.errors.append(item)
            continue
        try:
            article = clean_article(item)
        except (ExtractionError, ValueError) as exc:
            report.errors.append(SourceError(item.origin, str(exc)))
            continue
        digest = text_hash(article.text)
        if article.id in seen_ids or digest in seen_texts or store.known(article.id, article.text):
            report.unchanged += 1
            continue
        seen_ids.add(article.id)
        seen_texts.add(digest)
        cleaned.append(article)
    return cleaned


def ingest(paths: list[Path], store: Store, on_progress: Callable[[int, int], None] | None = None) -> IngestReport:
    """Read, clean, analyse and add every new article, saving batch by batch. Articles with a publication date
    go in time order, BATCH_SIZE at a time; those without come last, analysed as many at a time but added to
    the corpus and saved in one batch: a story's undated reports are only set apart as another happening
    from the reports of one batch (chronicle.corpus.update), and within it their dates in the text order them."""
    report = IngestReport()
    articles = collect(paths, store, report)
    # Time order, so that stories grow as the news did; undated articles come last and meet dated stories.
    articles.sort(key=lambda a: (a.published is None, a.published or date.min, a.id))
    state = store.load_state()
    undated: list[AnalysedArticle] = []
    for offset in range(0, len(articles), BATCH_SIZE):
        batch = articles[offset:offset + BATCH_SIZE]
        analysed = list(analyse_articles(batch))
        dated = [a for a in analysed if a.article.published is not None]
        undated.extend(a for a in analysed if a.article.published is None)
        if dated:
            store.save(dated, add_articles(state, dated), state)
        report.added += len(batch)
        if on_progress:
            on_progress(report.added, len(articles))
    if undated:
        store.save(undated, add_articles(state, undated), state)
    return report
