"""The `event-coref` suite: do Chronicle's merged events group MEANTIME's mentions of one happening?

MEANTIME's 120 Wikinews articles go in with their dates through cleaning, analysis and the corpus stage, as
`chronicle ingest` runs them. A gold event mention (a token of a sentence) aligns with a Chronicle event
mention from the same article whose sentence holds that token in the same context and whose trigger
contains it. Over the aligned mentions, two mentions in *different* articles are linked in the gold when
they share a cross-document instance, and by Chronicle when they belong to one merged event: pairwise
precision, recall and F1 of those links, and BCubed over the aligned mentions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from chronicle.analysis.pipeline import analyse_articles
from chronicle.corpus import CorpusState, add_articles
from chronicle.evaluation.gold import read_jsonl
from chronicle.evaluation.metrics import PRF, bcubed
from chronicle.evaluation.report import Row, SuiteResult
from chronicle.evaluation.stories import clean_records

CONTEXT_TOKENS = 2  # tokens either side that must sit around the gold token in our sentence


def _squeeze(text: str) -> str:
    """Text without whitespace: MEANTIME's tokens and our sentences agree on characters, not on spacing."""
    return re.sub(r"\s+", "", text).lower()


def _gold_context(tokens: list[str], index: int) -> str:
    return _squeeze("".join(tokens[max(0, index - CONTEXT_TOKENS) : index + CONTEXT_TOKENS + 1]))


def align(
    gold_mentions: list[dict], sentences: dict[tuple[str, int], list[str]], ours: list[tuple[str, str, str, str]]
) -> dict[int, str]:
    """Gold mention index → Chronicle event id, for the gold mentions that align with one of ours.

    `ours` holds (article id, sentence, trigger, event id) for every Chronicle event mention.
    """
    by_article: dict[str, list[tuple[str, set[str], str]]] = defaultdict(list)
    for article_id, sentence, trigger, event_id in ours:
        by_article[article_id].append((_squeeze(sentence), {w.lower() for w in trigger.split()}, event_id))
    aligned = {}
    for index, mention in enumerate(gold_mentions):
        tokens = sentences.get((mention["doc_id"], mention["sent_id"]))
        if not tokens:
            continue
        context = _gold_context(tokens, mention["token_numbers"][0])
        words = {w.lower() for w in mention["text"].split()}
        for sentence, trigger_words, event_id in by_article[mention["doc_id"]]:
            if context in sentence and words & trigger_words:
                aligned[index] = event_id
                break
    return aligned


def cross_document_links(items: dict[int, str], document: dict[int, str]) -> set[frozenset[int]]:
    """Pairs of items in different documents that share a cluster."""
    by_cluster: dict[str, list[int]] = defaultdict(list)
    for item, cluster in items.items():
        by_cluster[cluster].append(item)
    return {
        frozenset((a, b))
        for members in by_cluster.values()
        for a, b in combinations(members, 2)
        if document[a] != document[b]
    }


def run(data: Path) -> SuiteResult:
    """The event-coref suite: MEANTIME through the corpus stage, its merged events scored on the cross-document
    links of the gold mentions they align with."""
    folder = data / "corpora" / "meantime_en"
    articles = read_jsonl(folder / "meantime_en_articles.jsonl")
    gold_mentions = read_jsonl(folder / "meantime_en_event_mentions.jsonl")
    sentences = {(a["id"], s["sent_id"]): s["tokens"] for a in articles for s in a["sentences"]}
    records = [{"id": a["id"], "title": a["title"], "text": a["text"], "date": a["date"]} for a in articles]
    state = CorpusState()
    add_articles(state, analyse_articles(clean_records(records, "id")))
    # (every mention made here has its event word)
    ours = [
        (m.article_id, m.sentence, m.trigger or "", event.id) for event in state.events.values() for m in event.mentions
    ]
    aligned = align(gold_mentions, sentences, ours)
    gold_cluster = {i: gold_mentions[i]["cluster_id"] for i in aligned}
    document = {i: gold_mentions[i]["doc_id"] for i in aligned}
    gold_links, our_links = cross_document_links(gold_cluster, document), cross_document_links(aligned, document)
    links = PRF.from_counts(len(gold_links & our_links), len(our_links - gold_links), len(gold_links - our_links))
    b3 = bcubed(aligned, gold_cluster)
    all_gold_links = cross_document_links(
        {i: m["cluster_id"] for i, m in enumerate(gold_mentions)}, {i: m["doc_id"] for i, m in enumerate(gold_mentions)}
    )
    return SuiteResult(
        "event-coref",
        f"MEANTIME English, {len(articles)} Wikinews articles, {len(gold_mentions):,} gold event mentions, "
        f"{len(all_gold_links):,} gold cross-document links",
        [
            Row("gold event mentions aligned with a Chronicle event", len(aligned) / len(gold_mentions)),
            Row("gold cross-document links among aligned mentions", len(gold_links)),
            Row("Chronicle cross-document links among aligned mentions", len(our_links)),
            # with no links on a side the ratio is undefined, not zero
            Row("cross-document links: precision", links.precision if our_links else None),
            Row("cross-document links: recall", links.recall if gold_links else None),
            Row("cross-document links: F1", links.f1 if our_links and gold_links else None),
            Row("BCubed F1 over aligned mentions", b3.f1),
        ],
        notes=[
            "Only mentions Chronicle codes as PLOVER events can align, so the links scored are those among "
            "happenings of PLOVER types."
        ],
    )
