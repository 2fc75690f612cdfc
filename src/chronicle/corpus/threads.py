"""Threads: the level above stories. A thread links the stories of one running topic (a protest movement over
months, a primary season, a negotiation) without merging them: each story stays one happening.

A story joins the thread of an earlier story when the two are about the same things: their centroids' cosine
is at least THREAD_COSINE and they name at least one entity in common that few stories name, within THREAD_DAYS
of each other, and when the two threads are as alike as wholes (the mean cosine over their stories' pairs).
Candidates come from the story indexes (stories sharing SHARED_KEYS of the story's names and key terms), never
a scan. Threads only grow: once linked, two stories stay in one thread. A thread is named after its earliest
story ("thread-0007" holds story-0007), so its id is stable as it grows.
"""

from __future__ import annotations

from collections.abc import Iterable

from chronicle.corpus.state import CorpusState, StoryProfile, story_number

# The best link F1 on the tuning groups of the Wikinews story groups among the cosines that keep link precision
# at least 0.9, the higher cosine where two tie (chronicle eval threads; docs/DECISIONS.md).
THREAD_COSINE = 0.25
THREAD_DAYS = 365  # a running topic can last a year; one that comes back after longer is a new thread
SHARED_KEYS = 2
RARE_NAME_SHARE, RARE_NAME_STORIES = 0.1, 5  # a shared name tells a topic when at most this share of stories has it


def thread_name(story_id: str) -> str:
    """The id of the thread a story opens: "thread-0007" for story-0007."""
    return f"thread-{story_number(story_id):04d}"


def _candidates(state: CorpusState, story: StoryProfile) -> list[StoryProfile]:
    keys = [*story.entities, *story.key_terms]
    counts: dict[str, int] = {}
    for key in keys:
        for other in state.key_stories.get(key) or ():
            if other != story.id:
                counts[other] = counts.get(other, 0) + 1
    return [state.stories[i] for i, n in sorted(counts.items()) if n >= SHARED_KEYS and i in state.stories]


def _close_in_time(a: StoryProfile, b: StoryProfile) -> bool:
    if not a.dates or not b.dates:
        return True
    (a_first, a_last), (b_first, b_last) = (a.dates[0], a.dates[-1]), (b.dates[0], b.dates[-1])
    return min(abs((a_first - b_last).days), abs((b_first - a_last).days)) <= THREAD_DAYS or (
        a_first <= b_last and b_first <= a_last
    )


def _telling(state: CorpusState, name: str) -> bool:
    """Whether a name shared by two stories says they share a topic: one a tenth of all stories name (the
    publisher, "United States") says nothing, as a word in every document says nothing in TF-IDF."""
    holders = state.key_stories.get(name)
    return holders is not None and len(holders) <= max(RARE_NAME_STORIES, RARE_NAME_SHARE * len(state.stories))


def same_topic(state: CorpusState, a: StoryProfile, b: StoryProfile) -> float:
    """The cosine of two stories' centroids, 0 when they name no telling entity in common."""
    if not a.centroid_norm or not b.centroid_norm:
        return 0.0
    if not any(_telling(state, name) for name in set(a.entities) & set(b.entities)):
        return 0.0
    with state.vocabulary.spread(a.centroid) as products:
        return products.dot(b.centroid) / (a.centroid_norm * b.centroid_norm)


def thread_affinity(state: CorpusState, a: str, b: str) -> float:
    """The mean topic cosine over every pair of stories of two threads: two threads join when they are alike
    as wholes (average link), not when one story of each is (single link chains a hundred stories of an
    election year into one thread through its interviews and obituaries)."""
    first = [state.stories[i] for i in sorted(state.thread_members.get(a, ())) if i in state.stories]
    second = [state.stories[i] for i in sorted(state.thread_members.get(b, ())) if i in state.stories]
    pairs = [(x, y) for x in first for y in second]
    return sum(same_topic(state, x, y) for x, y in pairs) / len(pairs) if pairs else 0.0


def link_threads(state: CorpusState, story_ids: Iterable[str], min_cosine: float = THREAD_COSINE) -> None:
    """Give each of these stories a thread, and join its thread with those of the stories on its topic."""
    for story_id in sorted(story_ids):
        story = state.stories.get(story_id)
        if story is None:
            continue
        if story_id not in state.thread_of:
            state.add_to_thread(story_id, thread_name(story_id))
        for other in _candidates(state, story):
            mine, theirs = state.thread_of[story_id], state.thread_of.get(other.id)
            if theirs is None or mine == theirs or not _close_in_time(story, other):
                continue
            if same_topic(state, story, other) >= min_cosine and thread_affinity(state, mine, theirs) >= min_cosine:
                state.join_threads(*sorted((mine, theirs), key=story_number))  # the earliest story's thread stays
