"""Story assignment: each article joins the most similar recent story, or starts a new one.

Similarity combines text (cosine of the article's TF-IDF vector, IDF from the corpus so far, with the
story's centroid: the sum of its articles' vectors as each was weighted on arrival, so no story is ever
re-weighted and the per-article cost does not grow with the corpus), shared entities, and time: a story is one happening, so an article more than a week away from every date
of a story never joins it, however alike the text. That keeps "the same two leaders meet again months
later" apart from the first meeting.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from datetime import date, timedelta

from chronicle.corpus.state import CorpusState, StoryProfile

TIME_WINDOW_DAYS = 7
JOIN_THRESHOLD = 0.3
TEXT_WEIGHT, ENTITY_WEIGHT = 0.6, 0.4


def tfidf_vector(state: CorpusState, terms: Mapping[str, int]) -> dict[str, float]:
    """Unit-length TF-IDF weights (sublinear term frequency, IDF of the corpus so far)."""
    documents, df, log = 1 + state.doc_count, state.df, math.log  # locals: this runs for every term of every article
    weights = {t: (1 + log(n)) * (log(documents / (1 + df.get(t, 0))) + 1) for t, n in terms.items() if n > 0}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def text_similarity(vector: Mapping[str, float], story: StoryProfile) -> float:
    """Cosine between an article's unit vector and the story's centroid."""
    return _dot(vector, story.centroid) / story.centroid_norm if story.centroid_norm else 0.0


def _entity_overlap(article: set[str], story: Mapping[str, int]) -> float:
    if not article or not story:
        return 0.0
    shared = sum(1 for key in article if key in story)
    return shared / min(len(article), len(story))


def time_factor(day: date | None, story: StoryProfile) -> float:
    """1 for the same day, falling to 0.5 at the edge of the window, 0 beyond it or without dates."""
    if day is None or not story.dates:
        return 1.0 if day is None else 0.75
    gap = story.days_from(day)
    if gap > TIME_WINDOW_DAYS:
        return 0.0
    return 1.0 - 0.5 * gap / TIME_WINDOW_DAYS


def candidate_stories(state: CorpusState, entities: set[str], day: date | None) -> list[StoryProfile]:
    """The stories an article could join, from the indexes, never a scan of all stories.

    A dated article: stories with a date inside the window, and undated stories sharing an entity. An
    undated article: stories sharing an entity.
    """
    ids: set[str] = set()
    if day is None:
        for key in entities:
            ids |= state.entity_stories.get(key, set())
    else:
        for offset in range(-TIME_WINDOW_DAYS, TIME_WINDOW_DAYS + 1):
            ids |= state.day_stories.get(day + timedelta(days=offset), set())
        for key in entities:
            ids |= state.entity_stories.get(key, set()) & state.undated_stories
    return [state.stories[i] for i in sorted(ids)]


def best_story(state: CorpusState, vector: Mapping[str, float], entities: set[str],
               day: date | None) -> tuple[StoryProfile | None, float]:
    best, best_score = None, 0.0
    for story in candidate_stories(state, entities, day):
        factor = time_factor(day, story)
        if factor == 0:
            continue
        score = factor * (TEXT_WEIGHT * text_similarity(vector, story)
                          + ENTITY_WEIGHT * _entity_overlap(entities, story.entities))
        if score > best_score:
            best, best_score = story, score
    if best_score < JOIN_THRESHOLD:
        return None, best_score
    return best, best_score


def refresh_title_and_summary(state: CorpusState, story: StoryProfile) -> None:
    """The headline nearest the story's centroid, and two lead sentences from different outlets, cited."""
    def score(text: str) -> float:
        return text_similarity(tfidf_vector(state, Counter(w.lower() for w in text.split() if w.isalpha())), story)

    if story.titles:
        story.title = max(story.titles.items(), key=lambda item: (score(item[1]), -len(item[0])))[1]
    ranked = sorted(story.lead_sentences, key=lambda item: -score(item[2]))
    chosen, outlets = [], set()
    for article_id, source, sentence in ranked:
        outlet = source or article_id
        if outlet in outlets:
            continue
        outlets.add(outlet)
        chosen.append(f"{sentence} [{outlet}]")
        if len(chosen) == 2:
            break
    story.summary = " ".join(chosen)


def article_similarity(state: CorpusState, a_terms: dict[str, int], a_entities: set[str],
                       b_terms: dict[str, int], b_entities: set[str]) -> float:
    """The text-and-entity score stories are joined on, between two articles (no time factor)."""
    return (TEXT_WEIGHT * _dot(tfidf_vector(state, a_terms), tfidf_vector(state, b_terms))
            + ENTITY_WEIGHT * _entity_overlap(a_entities, dict.fromkeys(b_entities, 1)))
