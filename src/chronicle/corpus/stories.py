"""Story assignment: each article joins the most likely recent story, or starts a new one.

Each candidate story is scored by a logistic join model (data/story_join_model.json, fitted by
scripts/fit_story_model.py on gold story clusters) over features in the manner of Miranda et al. 2018:
text (cosine of the article's TF-IDF vector, IDF from the corpus so far, with the story's centroid, and
with its closest recent article), shared names, the years and weekdays the texts name and the figures they
state (details that tell two happenings of one kind apart when a text has no date), and time (days to the
story's nearest date). The article joins the best story whose join probability passes the model's threshold.
Online assignment splits a happening whose first reports share little (each opened its own story); a
later report that belongs to two stories as surely as the model's merge threshold shows they are one, and
they merge; and a small story related to that report which, taken as one report itself, now belongs to the
story the report joined is a fragment of it and is absorbed (the story has grown since the fragment came).
Undated reports have no date to keep two happenings of one kind apart, so those of a batch that joined a
dated story are looked at again as a group once the batch is placed: if they hold together apart from the
story's other reports (reports_apart), they are another happening, and a story of their own.

No step scans all stories: candidates come from indexes (stories sharing a name or a key term, dated inside
the window), a story keeps only its last few article vectors, and no story is ever re-weighted. An article
published more than a month from every date of a story never joins it, however alike the text: the same two
leaders meeting again months later is another story. A date found only in an article's text sets no such
fence: it may be a background date decades off.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain

import numpy as np

from chronicle.corpus.state import MEMBER_TERMS, CorpusState, StoryProfile, period_number, story_number
from chronicle.corpus.vectors import Products, TermVector, Vocabulary
from chronicle.records import AnalysedArticle

TIME_WINDOW_DAYS = 30
KEY_TERMS = 10  # an article's highest-weighted terms, by which stories are found
# Stories an article relates to this surely, besides the one it joins, are looked at as fragments of it...
RELATED_PROBABILITY = 0.1
# ...if they hold at most this many articles: a bigger story has shown it is a happening of its own.
FRAGMENT_ARTICLES = 3
# A candidate story must share this many of the article's keys (names and key terms). One key alone is the
# chance overlap of two unrelated texts: on ECB+, the news story chains and the benchmark stream, six in ten
# candidates share just one key and none of them was ever the story an article joined; scoring them was
# most of the cost of story assignment.
MIN_SHARED_KEYS = 2
# One name shared out of one ("Paris") is weak evidence of one happening, but as a plain share it counted as
# much as ten of ten: the name share counts this many more names on the smaller side, so it grows with the
# names both sides have (docs/DECISIONS.md, "Story assignment").
NAME_SHARE_PRIOR = 2
# Undated reports that joined a dated story are set apart as a happening of their own when at least this
# many of them hold together (and apart, by the join model's apart_cohesion): each undated report joins on
# its own, and the text of two happenings of one kind (two firings of one team's coach) is as alike as that of
# one happening's reports, but a group shows what one report cannot. Fewer are too few to measure a group's
# cohesion by (docs/DECISIONS.md, "Story assignment").
APART_REPORTS = 5
SUMMARY_SENTENCES = 2  # lead sentences, each from a different outlet, a story's summary cites


@dataclass(frozen=True)
class ArticleSignature:
    """An article as story assignment sees it, computed once: its TF-IDF vector (IDF of the corpus so far),
    its heaviest terms, the names it is matched on, the day it is about, and the years, weekdays and figures
    it names."""

    vector: TermVector
    heaviest: TermVector  # its MEMBER_TERMS heaviest terms, heaviest first: what its story remembers
    key_terms: tuple[str, ...]  # the heaviest few (KEY_TERMS), by which the stories it could join are found
    entities: frozenset[str]
    day: date | None
    years: frozenset[str]
    weekdays: frozenset[str] = frozenset()
    figures: frozenset[str] = frozenset()
    # whether `day` is the date it was published under (metadata, a dateline), which bounds the stories it
    # can join, or one guessed from its text, which may be a background date decades off ("the 1974
    # resignation") and so only weighs in the join model
    published_day: bool = True


# The bases of a publication date the article really carried; a date found in its content is a guess.
PUBLISHED_BASES = frozenset({"metadata", "dateline"})


def signature(state: CorpusState, analysed: AnalysedArticle, vector: TermVector, day: date | None) -> ArticleSignature:
    """The signature of an article whose TF-IDF vector is `vector` (from `state.vocabulary`)."""
    vocabulary = state.vocabulary
    heaviest = vector.heaviest(MEMBER_TERMS)
    key_terms = tuple(vocabulary.terms[i] for i in heaviest.ids[:KEY_TERMS].tolist())
    article, marks = analysed.article, analysed.marks
    published_day = (
        article.published is not None and day == article.published and (article.published_basis in PUBLISHED_BASES)
    )
    return ArticleSignature(
        vector, heaviest, key_terms, marks.names, day, marks.years, marks.weekdays, marks.figures, published_day
    )


def text_similarity(products: Products, story: StoryProfile) -> float:
    """Cosine between the unit vector `products` are of and the story's centroid."""
    return products.dot(story.centroid) / story.centroid_norm if story.centroid_norm else 0.0


def _share(article: frozenset[str], story: Mapping[str, int], prior: int = 0) -> float:
    """The share of the smaller side's keys (names, figures) that the other side has too, as if the smaller
    side had `prior` more keys, none shared."""
    if not article or not story:
        return 0.0
    return sum(map(story.__contains__, article)) / (min(len(article), len(story)) + prior)


def _agreement(article: frozenset[str], story: Mapping[str, int]) -> float:
    """+1 when both name one in common, -1 when both name some and none is shared, else 0."""
    if not article or not story:
        return 0.0
    return 1.0 if any(item in story for item in article) else -1.0


def join_features(article: ArticleSignature, story: StoryProfile, products: Products) -> tuple[float, ...]:
    """What the join model weighs, each in [-1, 1], in the order of JOIN_FEATURES (a tuple, not a dict: this
    runs for every candidate of every article); `products` are those of the article's vector
    (`state.vocabulary.spread(article.vector)`)."""
    day = article.day
    dated = day is not None and bool(story.dates)
    return (
        text_similarity(products, story),
        # (a story of one article needs no stacking: most stories of a large corpus are one article)
        products.dot(story.members[0]) if len(story.members) == 1 else products.best_dot(story.stacked_members),
        _share(article.entities, story.entities, NAME_SHARE_PRIOR),
        # agreements: +1 when both name one in common, -1 when both name some and none is shared
        _agreement(article.years, story.years),
        _agreement(article.weekdays, story.weekdays),
        _share(article.figures, story.figures),
        1.0 if dated else 0.0,
        math.exp(-story.days_from(day) / 7) if dated and day is not None else 0.0,
    )


def _shares_keys(story: StoryProfile, keys: frozenset[str], least: int) -> bool:
    """Whether the story has at least `least` of these keys among its names and key terms."""
    return len((keys & story.entities.keys()) | (keys & story.key_terms)) >= least


def candidate_stories(
    state: CorpusState, article: ArticleSignature, min_shared_keys: int = MIN_SHARED_KEYS
) -> list[StoryProfile]:
    """The stories an article could join, from the indexes, never a scan of all stories: those sharing
    `min_shared_keys` of its entities and key terms, and, for an article with a publication date, only those
    dated inside the window or undated; for one without, found only by keys few stories share
    (COMMON_KEY_STORIES). The join model is fitted on every story sharing one key: its easy negatives keep
    it strict (docs/DECISIONS.md, "Story assignment")."""
    keys, day = [*article.entities, *article.key_terms], article.day if article.published_day else None
    key_set = frozenset(keys)
    stories = state.stories
    if day is None:
        ids: set[str] = set()
        for filed in filter(None, map(state.key_stories.get, keys)):  # (None: a key too common to search)
            ids |= filed
        return [
            story for story in map(stories.__getitem__, sorted(ids)) if _shares_keys(story, key_set, min_shared_keys)
        ]
    # A story is filed under each of its keys in each of its periods, so one sharing n keys with the article
    # is found at least n times in a period of the window: counting finds the few worth a closer look.
    undated = state.undated_stories
    found: list[Iterable[str]] = list(filter(None, map(state.undated_key_stories.get, keys))) if undated else []
    window = timedelta(days=TIME_WINDOW_DAYS)
    for period in range(period_number(day - window), period_number(day + window) + 1):
        by_key = state.period_key_stories.get(period)
        if by_key:
            found.extend(filter(None, map(by_key.get, keys)))
    hits = Counter(chain.from_iterable(found))
    return [
        story
        for story in map(stories.__getitem__, sorted(i for i, n in hits.items() if n >= min_shared_keys))
        if (story.id in undated or story.days_from(day) <= TIME_WINDOW_DAYS)
        and _shares_keys(story, key_set, min_shared_keys)
    ]


@dataclass
class StoryChoice:
    """Where an article goes: the story it joins (None: a new one), the other stories it belongs to as
    surely, which are the same happening reported apart and merge into the one it joins, and the other
    candidates it is related to, among which fragments of its story may be."""

    story: StoryProfile | None
    probability: float
    same_happening: list[StoryProfile]
    related: list[StoryProfile] = field(default_factory=list)


def best_story(state: CorpusState, article: ArticleSignature) -> StoryChoice:
    """The candidate most likely to be this article's story, if likely enough, and any others as likely as
    the merge threshold. Of those, the one opened first is kept, so a story's address stays where it was."""
    model = state.join_model
    with state.vocabulary.spread(article.vector) as products:
        scored = sorted(
            (
                (model.probability(join_features(article, story, products)), story)
                for story in candidate_stories(state, article)
            ),
            key=lambda item: -item[0],
        )
    if not scored or scored[0][0] < model.threshold:
        return StoryChoice(None, scored[0][0] if scored else 0.0, [])
    related = [story for probability, story in scored[1:] if probability >= RELATED_PROBABILITY]
    sure = sorted(
        (story for probability, story in scored if probability >= model.merge_threshold),
        key=lambda story: story_number(story.id),
    )
    if len(sure) < 2:  # noqa: PLR2004 (two stories at the least to merge)
        return StoryChoice(scored[0][1], scored[0][0], [], related)
    return StoryChoice(sure[0], scored[0][0], sure[1:], [s for s in related if s not in sure])


def reports_apart(
    vocabulary: Vocabulary, core: TermVector, core_count: int, reports: Mapping[str, TermVector], apart_cohesion: float
) -> list[str]:
    """Which of a story's undated reports (unit vectors, by article id) form a happening of their own, apart
    from the rest of the story (`core`: the sum of its other `core_count` articles' unit vectors); none if
    they do not. The story's other reports hold one side; each undated report goes, in turn until none moves,
    to the side whose reports it is the more like on average; the undated side is set apart when it has
    APART_REPORTS reports and the two sides are less alike than the join model's apart_cohesion times
    their own cohesion."""
    ids = list(reports)
    if len(ids) < APART_REPORTS or core_count < 2:  # noqa: PLR2004 (a side's cohesion needs a pair of reports)
        return []
    with vocabulary.spread(core) as products:
        to_core = np.array([products.dot(reports[i]) for i in ids])
    between = np.zeros((len(ids), len(ids)))  # cosines between the reports; none with itself
    for row, article_id in enumerate(ids):
        with vocabulary.spread(reports[article_id]) as products:
            between[row, row + 1 :] = [products.dot(reports[other]) for other in ids[row + 1 :]]
    between += between.T
    apart = np.ones(len(ids), dtype=bool)
    for _ in range(len(ids)):
        moved = False
        for row in range(len(ids)):
            others_apart = apart.copy()
            others_apart[row] = False
            others_in = ~apart
            others_in[row] = False
            like_apart = between[row, others_apart].mean() if others_apart.any() else -1.0
            like_in = (to_core[row] + between[row, others_in].sum()) / (core_count + others_in.sum())
            if (like_apart > like_in) != apart[row]:
                apart[row] = not apart[row]
                moved = True
        if not moved:
            break
    if apart.sum() < APART_REPORTS:
        return []
    ratio = cohesion_ratio(core.norm**2, core_count, to_core, between, apart)
    if ratio is None or ratio >= apart_cohesion:
        return []
    return [article_id for article_id, set_apart in zip(ids, apart, strict=True) if set_apart]


def cohesion_ratio(
    core_squared_norm: float, core_count: int, to_core: np.ndarray, between: np.ndarray, apart: np.ndarray
) -> float | None:
    """The mean cosine across two sides of a story over the geometric mean of each side's own mean cosine
    between two of its reports (None if a side has none above zero). One side is `core_count` reports whose
    unit vectors sum to a vector of squared norm `core_squared_norm`, with those of the undated reports not
    `apart`; the other, the undated reports `apart`. `to_core` holds each undated report's dot product with
    the core's sum (the sum of its cosines with the core's reports), `between` the cosines between undated
    reports (none with itself)."""
    joined = ~apart
    count_apart, count_in = int(apart.sum()), core_count + int(joined.sum())
    # the story side's pairs, from the squared norm of the sum of its vectors less each vector with itself
    pairs_in = core_squared_norm - core_count + 2 * to_core[joined].sum() + between[np.ix_(joined, joined)].sum()
    cohesion_in = pairs_in / (count_in * (count_in - 1))
    cohesion_apart = between[np.ix_(apart, apart)].sum() / (count_apart * (count_apart - 1))
    if min(cohesion_in, cohesion_apart) <= 0:
        return None
    across = (to_core[apart].sum() + between[np.ix_(apart, joined)].sum()) / (count_apart * count_in)
    return float(across / math.sqrt(cohesion_in * cohesion_apart))


def story_as_report(story: StoryProfile) -> ArticleSignature:
    """A small story taken as one report of its happening, to be scored against another story: its
    centroid as the text (for a story of one article, that article's vector), everything its articles name,
    its middle date. Its heaviest terms stay empty: they only find candidates, and none are looked for."""
    vector = story.centroid.scaled(1 / (story.centroid_norm or 1.0))
    day = story.dates[len(story.dates) // 2] if story.dates else None
    return ArticleSignature(
        vector,
        TermVector.empty(),
        (),
        frozenset(story.entities),
        day,
        frozenset(story.years),
        frozenset(story.weekdays),
        frozenset(story.figures),
        published_day=False,
    )


def fragments_of(state: CorpusState, story: StoryProfile, related: list[StoryProfile]) -> list[StoryProfile]:
    """The small stories, among those related to the article that just joined `story`, which taken as one
    report would now join it at the model's absorb threshold: pieces of its happening whose first reports
    shared too little with it to join when they came (each report adds to what the story is known by).
    A fragment dated more than the window from every date of the story stays apart, as an article would."""
    model = state.join_model
    found = []
    for other in related:
        if other.id == story.id or len(other.article_ids) > FRAGMENT_ARTICLES:
            continue
        if (
            other.dates
            and story.dates
            and min(story.days_from(other.dates[0]), story.days_from(other.dates[-1])) > TIME_WINDOW_DAYS
        ):
            continue
        report = story_as_report(other)
        with state.vocabulary.spread(report.vector) as products:
            if model.probability(join_features(report, story, products)) >= model.absorb_threshold:
                found.append(other)
    return found


def refresh_title_and_summary(state: CorpusState, story: StoryProfile) -> None:
    """The headline nearest the story's centroid, and two lead sentences from different outlets, cited.
    Nothing is scored where there is no choice: a story of one article has its headline and its lead."""
    ranked, headlines = story.lead_sentences, set(story.titles.values())
    if len(headlines) == 1:
        story.title = headlines.pop()
    if len(story.article_ids) > 1:
        titles = list(story.titles.items()) if len(headlines) > 1 else []
        texts = [_words(title) for _, title in titles] + [_words(sentence) for _, _, sentence in ranked]
        with state.vocabulary.spread(story.centroid) as centroid:
            # (cosines; a story whose articles had no terms has a zero centroid and scores nothing)
            scores = (state.vocabulary.similarities(texts, centroid) / (story.centroid_norm or 1.0)).tolist()
        if titles:
            story.title = max(
                zip(titles, scores[: len(titles)], strict=True), key=lambda item: (item[1], -len(item[0][0]))
            )[0][1]
        sentence_scores = scores[len(titles) :]
        ranked = [ranked[i] for i in sorted(range(len(ranked)), key=lambda i: -sentence_scores[i])]
    chosen, outlets = [], set()
    for article_id, source, sentence in ranked:
        outlet = source or article_id
        if outlet in outlets:
            continue
        outlets.add(outlet)
        chosen.append(f"{sentence} [{outlet}]")
        if len(chosen) == SUMMARY_SENTENCES:
            break
    story.summary = " ".join(chosen)


def _words(text: str) -> Counter[str]:
    """A headline's or sentence's words, as they are scored against a story's centroid."""
    return Counter(w.lower() for w in text.split() if w.isalpha())


def article_similarity(state: CorpusState, a: AnalysedArticle, b: AnalysedArticle) -> float:
    """The join model's probability that article `a` belongs to a story holding only article `b` (no dates)."""
    b_vector = state.vocabulary.tfidf(b.terms)
    story = StoryProfile(
        id="pair",
        centroid=b_vector,
        entities=Counter(b.marks.names),
        years=Counter(b.marks.years),
        weekdays=Counter(b.marks.weekdays),
        figures=Counter(b.marks.figures),
        members=[b_vector],
    )
    article = signature(state, a, state.vocabulary.tfidf(a.terms), None)
    with state.vocabulary.spread(article.vector) as products:
        return state.join_model.probability(join_features(article, story, products))
