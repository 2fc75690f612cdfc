"""The per-article analysis: a pure function from a CleanArticle to an AnalysedArticle."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from chronicle.analysis.entities import link_entities, publisher_names
from chronicle.analysis.events import extract_events
from chronicle.analysis.fingerprint import fingerprint
from chronicle.analysis.marks import story_marks
from chronicle.analysis.nlp import load_pipeline
from chronicle.analysis.quotes import extract_quotes
from chronicle.analysis.terms import content_terms, term_hashes
from chronicle.analysis.timex import tag_doc
from chronicle.dates import LEAD_DATELINE
from chronicle.records import AnalysedArticle, CleanArticle, Sentence

LEAD_SENTENCES = 2  # a story's summary cites two lead sentences from different outlets


def lead_sentences(sentences: Iterable[Sentence], title: str, count: int) -> tuple[str, ...]:
    """The first `count` sentences that are not the headline, each without a dateline ("PARIS (AP) - ")."""
    found: list[str] = []
    for sentence in sentences:
        text = sentence.text.strip()
        if text != title.strip() and (text := LEAD_DATELINE.sub("", text, count=1)):
            found.append(text)
            if len(found) == count:
                break
    return tuple(found)


def analyse_doc(article: CleanArticle, doc: Doc) -> AnalysedArticle:
    """The analysis of an article from its text's parse (`doc`, made by the pipeline of load_pipeline)."""
    sentences = tuple(Sentence(s.start_char, s.end_char, s.text) for s in doc.sents)
    entities = link_entities(doc, article.published, publisher=publisher_names(article.source, article.url))
    timexes = tuple(tag_doc(doc, article.published))
    terms = content_terms(doc)
    return AnalysedArticle(
        article=article,
        sentences=sentences,
        entities=entities,
        timexes=timexes,
        quotes=extract_quotes(doc, entities),
        events=extract_events(doc, entities, timexes, article.published),
        lead_sentences=lead_sentences(sentences, article.title, LEAD_SENTENCES),
        terms=terms,
        term_hashes=term_hashes(terms),
        fingerprint=fingerprint(article.text),
        marks=story_marks(entities, timexes, terms, article.text),
    )


def analyse_article(article: CleanArticle, nlp: Language | None = None) -> AnalysedArticle:
    """The analysis of one article, parsed by `nlp` (the default pipeline unless given)."""
    return analyse_doc(article, (nlp or load_pipeline())(article.text))


def analyse_articles(
    articles: Iterable[CleanArticle], nlp: Language | None = None, batch_size: int = 16
) -> Iterator[AnalysedArticle]:
    """Many articles through spaCy's batched pipe; the same result as analyse_article one by one."""
    pipeline = nlp or load_pipeline()
    pairs = ((a.text, a) for a in articles)
    for doc, article in pipeline.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield analyse_doc(article, doc)
