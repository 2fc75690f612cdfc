"""Story assignment: each article joins the most similar recent story, or starts a new one.

Similarity combines text (TF-IDF cosine against the story's term centroid, IDF from the corpus so far),
shared entities, and time: a story is one happening, so an article more than a week away from every date
of a story never joins it, however alike the text. That keeps "the same two leaders meet again months
later" apart from the first meeting.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date, timedelta

from chronicle.corpus.state import CorpusState, StoryProfile

TIME_WINDOW_DAYS = 7
JOIN_THRESHOLD = 0.3
TEXT_WEIGHT, ENTITY_WEIGHT = 0.6, 0.4


def _idf(state: CorpusState, term: str) -> float:
    return math.log((1 + state.doc_count) / (1 + state.df.get(term, 0))) + 1


def _cosine(state: CorpusState, a: Counter[str] | dict[str, int], b: Counter[str]) -> float:
    def weight(counts, term):
        return (1 + math.log(counts[term])) * _idf(state, term)

    dot = sum(weight(a, t) * weight(b, t) for t in a if b.get(t))
    if not dot:
        return 0.0
    norm_a = math.sqrt(sum(weight(a, t) ** 2 for t in a))
    norm_b = math.sqrt(sum(weight(b, t) ** 2 for t in b))
    return dot / (norm_a * norm_b)


def _entity_overlap(article: set[str], story: Counter[str]) -> float:
    if not article or not story:
        return 0.0
    shared = len(article & set(story))
    return shared / min(len(article), len(story))


def time_factor(day: date | None, story: StoryProfile) -> float:
    """1 for the same day, falling to 0.5 at the edge of the window, 0 beyond it or without dates."""
    if day is None or not story.dates:
        return 1.0 if day is None else 0.75
    gap = min(abs((day - d).days) for d in story.dates)
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


def best_story(state: CorpusState, terms: dict[str, int], entities: set[str], day: date | None) -> tuple[StoryProfile | None, float]:
    best, best_score = None, 0.0
    for story in candidate_stories(state, entities, day):
        factor = time_factor(day, story)
        if factor == 0:
            continue
        score = factor * (TEXT_WEIGHT * _cosine(state, terms, story.terms)
                          + ENTITY_WEIGHT * _entity_overlap(entities, story.entities))
        if score > best_score:
            best, best_score = story, score
    if best_score < JOIN_THRESHOLD:
        return None, best_score
    return best, best_score


def refresh_title_and_summary(state: CorpusState, story: StoryProfile) -> None:
    """The headline nearest the story's centroid, and two lead sentences from different outlets, cited."""
    def score(text: str) -> float:
        words = Counter(w.lower() for w in text.split() if w.isalpha())
        return _cosine(state, words, story.terms) if words else 0.0

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
    return (TEXT_WEIGHT * _cosine(state, Counter(a_terms), Counter(b_terms))
            + ENTITY_WEIGHT * _entity_overlap(a_entities, Counter(b_entities)))
