"""The `threads` suite: stories of one running topic linked into a thread, on the Wikinews story groups.

The 293 Wikinews articles go through `chronicle ingest`. The story groups of ../shared/data (articles about one
running topic over weeks: the Hong Kong protests, Brexit's prorogation) are the gold: two articles of one group
should share a thread, two of different groups should not. Scored over article pairs, for each part of the
groups' split, from the threads the ingest stored; the tuning part also over a range of cosine thresholds,
threads rebuilt from the stored stories, which is how THREAD_COSINE was chosen.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

from chronicle.corpus.state import CorpusState
from chronicle.corpus.threads import THREAD_COSINE, link_threads
from chronicle.evaluation.article_events import WIKINEWS
from chronicle.evaluation.gold import by_part
from chronicle.evaluation.ingested import ingested
from chronicle.evaluation.metrics import PRF
from chronicle.evaluation.report import Row, SuiteResult

GROUPS = Path("corpora") / "wikinews_2019_2020" / "story_groups.json"
COSINES = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def link_scores(thread_of: dict[str, str], groups: list[dict]) -> PRF:
    """Same-thread links between the groups' articles: right within a group, wrong across two."""
    group_of = {article: g["id"] for g in groups for article in g["articles"] if article in thread_of}
    tp = fp = fn = 0
    for a, b in combinations(sorted(group_of), 2):
        same_group, same_thread = group_of[a] == group_of[b], thread_of[a] == thread_of[b]
        tp += same_group and same_thread
        fp += same_thread and not same_group
        fn += same_group and not same_thread
    return PRF.from_counts(tp, fp, fn)


def rebuilt_threads(state: CorpusState, cosine: float) -> dict[str, str]:
    """Article id → thread, the threads built anew over the stored stories at this cosine."""
    state.thread_of.clear()
    state.thread_members.clear()
    link_threads(state, list(state.stories), cosine)
    return {
        article: state.thread_of[story] for article, story in state.article_story.items() if story in state.thread_of
    }


def run(data: Path) -> SuiteResult:
    """The threads suite: same-thread link precision, recall and F1 of the ingest's threads for each part of the
    split, and on the tuning part for threads rebuilt at a range of cosines."""
    raw = json.loads((data / GROUPS).read_text("utf-8"))
    groups = [{"id": name, "articles": [a["id"] for a in articles]} for name, articles in sorted(raw.items())]
    with ingested("threads", [data / WIKINEWS]) as store:
        thread_of_story = {s.id: s.thread_id for s in store.stories()}
        stored = {a.id: thread_of_story.get(a.story_id) or a.story_id for a in store.articles()}
        story_of = {a.id: a.story_id for a in store.articles()}
        state = store.load_state()
    parts = by_part(groups, "wikinews_story_groups")
    rows, notes = [], []
    for part, chosen in parts.items():
        label = f"{part} ({len(chosen)} groups, {sum(len(g['articles']) for g in chosen)} articles)"
        prf, stories = link_scores(stored, chosen), link_scores(story_of, chosen)
        rows += [
            Row(f"{label}: same-thread link precision", prf.precision),
            Row(f"{label}: same-thread link recall", prf.recall, "", stories.recall, "one story per topic"),
            Row(f"{label}: same-thread link F1", prf.f1, "", stories.f1, "one story per topic"),
        ]
    for cosine in COSINES:
        rebuilt = rebuilt_threads(state, cosine)
        prf = link_scores(rebuilt, parts.get("tuning", []))
        largest = max((len(m) for m in _members(rebuilt).values()), default=0)
        notes.append(
            f"tuning part, threads rebuilt at cosine {cosine}{' (THREAD_COSINE)' if cosine == THREAD_COSINE else ''}: "
            f"P {prf.precision:.3f} R {prf.recall:.3f} F1 {prf.f1:.3f}; largest thread {largest} articles"
        )
    sizes = sorted((len(m) for m in _members(stored).values()), reverse=True)
    notes.append(f"All {len(stored)} articles: {len(sizes)} threads; the largest hold {sizes[:5]} articles.")
    return SuiteResult(
        "threads",
        f"Wikinews 2019–2020 ingest, {len(groups)} story groups as gold, tuning and "
        "untouched groups fixed in data/gold/splits.json",
        rows,
        notes=notes,
    )


def _members(thread_of: dict[str, str]) -> dict[str, list[str]]:
    members: dict[str, list[str]] = {}
    for article, thread in thread_of.items():
        members.setdefault(thread, []).append(article)
    return members
