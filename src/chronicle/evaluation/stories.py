"""The `stories` and `dedup` suites: Chronicle's corpus stage on ECB+, news story chains and SemEval pairs.

Articles go in as raw text (with their dates where the data has them) through cleaning, analysis and the
same online story assignment `chronicle ingest` uses, into a fresh corpus state per clustering.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime
from itertools import combinations
from pathlib import Path

import numpy as np
from datasketch import MinHash
from scipy.cluster.hierarchy import fcluster, linkage
from spacy.lang.en.stop_words import STOP_WORDS

from chronicle.analysis.fingerprint import NUM_PERM, SHINGLE_WORDS, fingerprint
from chronicle.analysis.pipeline import analyse_articles
from chronicle.clean import ExtractionError, clean_article
from chronicle.clean.lines import WORD
from chronicle.corpus import CorpusState, add_articles
from chronicle.corpus.dedup import find_copies, find_original
from chronicle.corpus.stories import article_similarity
from chronicle.corpus.update import happening_date
from chronicle.evaluation.gold import read_jsonl
from chronicle.evaluation.metrics import (
    PRF,
    bcubed,
    jaccard,
    pairwise,
    pearson,
    roc_auc,
    same_cluster_pairs,
    word_shingles,
)
from chronicle.evaluation.report import Row, SuiteResult
from chronicle.records import AnalysedArticle, CleanArticle, RawArticle

GOLD_DUPLICATE_JACCARD = 0.5
SEMEVAL_SAME_STORY = 2.0  # gold "overall" 1 (same) to 4 (different): up to 2 counts as the same story
# Half of ECB+ has no date: such reports have no time order, and "all at once" takes them by id. They are
# also clustered in this many random orders, so the score's dependence on that order is shown.
UNDATED_ORDERS = 5
BASELINE_DISTANCES = tuple(round(0.5 + 0.025 * step, 3) for step in range(19))  # cosine distance cuts tried


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def clean_records(records: Iterable[dict], id_field: str, text_field: str = "text") -> list[CleanArticle]:
    """The records cleaned as articles, with their titles, URLs and dates; a record the cleaning finds no text in
    is kept with its text as it is."""
    cleaned = []
    for record in records:
        raw = RawArticle(
            id=str(record[id_field]),
            origin=str(record[id_field]),
            text=record[text_field],
            url=record.get("url"),
            title=record.get("title"),
            published=_day(record.get("date")),
        )
        try:
            cleaned.append(clean_article(raw))
        except ExtractionError:
            # Kept with its text unchanged so every gold item has a prediction.
            cleaned.append(
                CleanArticle(
                    raw.id,
                    raw.origin,
                    raw.title or "",
                    raw.text or "",
                    raw.url,
                    None,
                    raw.published,
                    "metadata" if raw.published else "unknown",
                )
            )
    return cleaned


def cluster(analysed: list[AnalysedArticle]) -> dict[str, str]:
    """Article id → story id from a fresh corpus state."""
    return {o.article_id: o.story_id for o in add_articles(CorpusState(), analysed)}


def cluster_undated_shuffled(analysed: list[AnalysedArticle], seed: int, one_by_one: bool) -> dict[str, str]:
    """As `cluster`, but the articles without a date come in a random order after the dated ones, instead of
    by id: how much the result owes to the order of reports nothing orders. `one_by_one`: each is a batch of
    its own, as in a stream; else they come in one batch, which orders them by id, so they are given ids in
    the random order for it (and their own back in the result)."""
    state, outcomes = CorpusState(), []
    dated: list[AnalysedArticle] = []
    undated: list[AnalysedArticle] = []
    for item in sorted(analysed, key=lambda a: a.article.id):
        (undated if happening_date(item) is None else dated).append(item)
    random.Random(seed).shuffle(undated)
    if one_by_one:
        for batch in (dated, *([a] for a in undated)):
            outcomes += add_articles(state, batch)
        return {o.article_id: state.current_story_id(o.story_id) for o in outcomes}
    own_id = {f"undated-{rank:06d}": a.article.id for rank, a in enumerate(undated)}
    renamed = [replace(a, article=replace(a.article, id=i)) for i, a in zip(own_id, undated, strict=True)]
    outcomes = add_articles(state, dated) + add_articles(state, renamed)
    return {own_id.get(o.article_id, o.article_id): state.current_story_id(o.story_id) for o in outcomes}


def tfidf_average_link(texts: dict[str, str], distance: float) -> dict[str, str]:
    """The plain baseline: TF-IDF vectors (log term frequency, smoothed IDF over these texts, stop words out)
    clustered by average-link agglomeration, cut at a cosine distance."""
    ids = sorted(texts)
    counts = [Counter(w for w in (m.lower() for m in WORD.findall(texts[i])) if w not in STOP_WORDS) for i in ids]
    vocabulary = {w: n for n, w in enumerate(sorted(set().union(*counts)))}
    frequency = np.zeros(len(vocabulary))
    for found in counts:
        frequency[[vocabulary[w] for w in found]] += 1
    idf = np.log((1 + len(ids)) / (1 + frequency)) + 1
    matrix = np.zeros((len(ids), len(vocabulary)))
    for row, found in enumerate(counts):
        for word, count in found.items():
            matrix[row, vocabulary[word]] = (1 + math.log(count)) * idf[vocabulary[word]]
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    if len(ids) < 2:  # noqa: PLR2004 (linkage needs a pair of texts)
        return {i: "0" for i in ids}
    labels = fcluster(linkage(matrix, method="average", metric="cosine"), t=distance, criterion="distance")
    return {i: str(label) for i, label in zip(ids, labels, strict=True)}


def baseline_distance(texts: dict[str, str], gold: dict[str, str]) -> float:
    """The baseline's cut that gives the best BCubed F1 on the split the join model is fitted on."""
    return max(BASELINE_DISTANCES, key=lambda d: bcubed(tfidf_average_link(texts, d), gold).f1)


def merged_topics(predicted: dict[str, str], gold: dict[str, str], topic_of: dict[str, str]) -> int:
    """Topics whose two happenings share one story holding more than half of each happening's articles."""
    count = 0
    for topic in sorted(set(topic_of.values())):
        docs = [d for d in gold if topic_of[d] == topic]
        happenings = Counter(gold[d] for d in docs)
        if len(happenings) < 2:  # noqa: PLR2004 (a topic of one happening has none to merge)
            continue
        for story in set(predicted[d] for d in docs):
            inside = Counter(gold[d] for d in docs if predicted[d] == story)
            if all(inside[h] * 2 > n for h, n in happenings.items()):
                count += 1
                break
    return count


# Issue 5's ECB+ targets are set on train+dev together; the join model is fitted on train alone
# (scripts/fit_story_model.py), so each other split, dev and a held-out test split where the data holds one,
# is also scored alone: the documents it never saw.
TARGET_SPLITS = ("train", "dev")
FITTED_SPLIT = "train"


def _ecb_rows(data: Path) -> tuple[list[Row], str]:
    records = read_jsonl(data / "stories" / "ecbplus_docs.jsonl")
    analysed = {a.article.id: a for a in analyse_articles(clean_records(records, "doc_id"))}
    gold = {r["doc_id"]: r["event_cluster"] for r in records}
    topic_of = {r["doc_id"]: str(r["topic"]) for r in records}
    target = [r["doc_id"] for r in records if r["split"] in TARGET_SPLITS] or list(gold)
    target_gold = {d: gold[d] for d in target}
    per_topic: dict[str, str] = {}
    for topic in sorted({topic_of[d] for d in target}):
        ids = [d for d in target if topic_of[d] == topic]
        per_topic.update({d: f"{topic}/{s}" for d, s in cluster([analysed[d] for d in ids]).items()})
    across = cluster([analysed[d] for d in target])
    rows = []
    for label, predicted in (("per topic", per_topic), ("all topics at once", across)):
        b3, pairs = bcubed(predicted, target_gold), pairwise(predicted, target_gold)
        rows += [
            Row(f"ECB+ {label}: BCubed precision", b3.precision),
            Row(f"ECB+ {label}: BCubed recall", b3.recall),
            Row(f"ECB+ {label}: BCubed F1", b3.f1, "TF-IDF + average link 0.869; target ≥ 0.93 (issue 5)"),
            Row(f"ECB+ {label}: pairwise F1", pairs.f1),
            Row(
                f"ECB+ {label}: topics with both happenings merged",
                merged_topics(predicted, target_gold, topic_of),
                f"text alone: 7 of 43; target 0 (of {len({topic_of[d] for d in target})} here)",
            ),
        ]
    for one_by_one, arrive in ((False, "in one batch"), (True, "one by one")):
        shuffled = [
            cluster_undated_shuffled([analysed[d] for d in target], seed, one_by_one)
            for seed in range(1, UNDATED_ORDERS + 1)
        ]
        f1s = [bcubed(predicted, target_gold).f1 for predicted in shuffled]
        label = f"ECB+ all topics at once, undated reports {arrive} in {UNDATED_ORDERS} random orders"
        rows += [
            Row(f"{label}: mean BCubed F1", sum(f1s) / len(f1s)),
            Row(f"{label}: lowest BCubed F1", min(f1s)),
            Row(
                f"{label}: most topics with both happenings merged",
                max(merged_topics(predicted, target_gold, topic_of) for predicted in shuffled),
            ),
        ]
    unseen = sorted({r["split"] for r in records} - {FITTED_SPLIT})
    texts = {r["doc_id"]: r["text"] for r in records}
    fitted = [r["doc_id"] for r in records if r["split"] == FITTED_SPLIT]
    distance = baseline_distance({d: texts[d] for d in fitted}, {d: gold[d] for d in fitted}) if fitted else 0.8
    for split in unseen:
        docs = [r["doc_id"] for r in records if r["split"] == split]
        predicted, split_gold = cluster([analysed[d] for d in docs]), {d: gold[d] for d in docs}
        baseline = tfidf_average_link({d: texts[d] for d in docs}, distance)
        b3, label = bcubed(predicted, split_gold), f"ECB+ {split} split alone (unseen by the join model)"
        base = bcubed(baseline, split_gold)
        name = f"TF-IDF + average link, cut at {distance} (best on {FITTED_SPLIT})"
        rows += [
            Row(f"{label}: BCubed precision", b3.precision, "", base.precision, name),
            Row(f"{label}: BCubed recall", b3.recall, "", base.recall, name),
            Row(f"{label}: BCubed F1", b3.f1, "target ≥ 0.93 and ≥ baseline + 0.05 (issue 25)", base.f1, name),
            Row(
                f"{label}: topics with both happenings merged",
                merged_topics(predicted, split_gold, topic_of),
                f"of {len({topic_of[d] for d in docs})}; target 0",
                merged_topics(baseline, split_gold, topic_of),
                name,
            ),
        ]
    splits_scored = "+".join(split for split in TARGET_SPLITS if any(r["split"] == split for r in records))
    described = f"ECB+ {splits_scored or 'all'} ({len(target):,} documents)"
    if extra := [split for split in unseen if split not in TARGET_SPLITS]:
        described += ", ECB+ " + ", ".join(
            f"{split} ({sum(r['split'] == split for r in records):,} documents, scored alone)" for split in extra
        )
    return rows, described


def _chain_rows(data: Path) -> list[Row]:
    folder = data / "stories" / "news_story_chains"
    articles = read_jsonl(folder / "articles.jsonl")
    predicted = cluster(list(analyse_articles(clean_records(articles, "url"))))
    links = [(p["url1"], p["url2"], bool(p["same_story"])) for p in read_jsonl(folder / "pairs.jsonl")]
    tp = sum(1 for a, b, same in links if same and predicted[a] == predicted[b])
    fp = sum(1 for a, b, same in links if not same and predicted[a] == predicted[b])
    fn = sum(1 for a, b, same in links if same and predicted[a] != predicted[b])
    prf = PRF.from_counts(tp, fp, fn)
    return [
        Row("news story chains: same-story link precision", prf.precision),
        Row("news story chains: same-story link recall", prf.recall),
        Row("news story chains: same-story link F1", prf.f1, "pairwise F1 94.0 on Miranda et al. 2018 data"),
    ]


def _semeval_rows(data: Path) -> list[Row]:
    pairs = read_jsonl(data / "stories" / "semeval2022t8_en_pairs.jsonl")
    records = [{"id": f"{p['pair_id']}/{side}", "text": p[f"text{side}"]} for p in pairs for side in (1, 2)]
    analysed = {a.article.id: a for a in analyse_articles(clean_records(records, "id"))}
    state = CorpusState()  # document frequencies over every text of the set, for the IDF weights
    for item in analysed.values():
        state.vocabulary.add_document(item.terms)
    scores, gold_scores = [], []
    for pair in pairs:
        a, b = analysed[f"{pair['pair_id']}/1"], analysed[f"{pair['pair_id']}/2"]
        scores.append(article_similarity(state, a, b))
        gold_scores.append(float(pair["overall"]))
    return [
        Row(
            "SemEval 2022 pairs: Pearson r with gold similarity",
            pearson(scores, [-g for g in gold_scores]),
            "gold sign flipped (1 = same)",
        ),
        Row(
            "SemEval 2022 pairs: ROC-AUC, same story (overall ≤ 2)",
            roc_auc(scores, [g <= SEMEVAL_SAME_STORY for g in gold_scores]),
        ),
    ]


def run_stories(data: Path) -> SuiteResult:
    """The stories suite: story clustering on ECB+ and news story chains, and same-story scores of SemEval pairs."""
    ecb, described = _ecb_rows(data)
    return SuiteResult(
        "stories",
        f"{described}, news story chains (100 articles, 4,950 pairs), SemEval 2022 Task 8 English pairs",
        ecb + _chain_rows(data) + _semeval_rows(data),
    )


def detect_duplicates(texts: dict[str, str]) -> tuple[set[frozenset[str]], dict[str, str]]:
    """As the corpus stage sees them, in order: the pairs verified as near-duplicates when an article arrived,
    and each article's group (the first article it, or the copy it repeats, was linked to)."""
    state = CorpusState()
    links: set[frozenset[str]] = set()
    root: dict[str, str] = {}
    for article_id, text in texts.items():
        found = fingerprint(text)
        links |= {frozenset((article_id, copy)) for copy, _ in find_copies(state, found)}
        original = find_original(state, found)
        state.add_fingerprint(article_id, found)
        if original:
            state.duplicate_of[article_id] = original
        root[article_id] = original or article_id
    return links, root


def _documents_per_second(texts: Iterable[str], hash_text: Callable[[str], object]) -> float:
    texts = list(texts)
    started = time.perf_counter()
    for text in texts:
        hash_text(text)
    return len(texts) / (time.perf_counter() - started)


def _datasketch_minhash(text: str) -> MinHash:
    """datasketch's MinHash as its documentation uses it (SHA-1 per shingle), over the same shingles."""
    minhash = MinHash(num_perm=NUM_PERM)
    minhash.update_batch([" ".join(shingle).encode() for shingle in word_shingles(text, SHINGLE_WORDS)])
    return minhash


def run_dedup(data: Path) -> SuiteResult:
    """The dedup suite: near-duplicate pairs found as each article arrives against the gold pairs by shingle
    Jaccard, and hashing speed beside datasketch's."""
    records = read_jsonl(data / "stories" / "ecbplus_docs.jsonl")
    texts = {a.id: a.text for a in clean_records(records, "doc_id")}
    sets = {k: set(word_shingles(v, SHINGLE_WORDS)) for k, v in texts.items()}
    gold = {
        frozenset(p)
        for p in combinations(sorted(texts), 2)
        if jaccard(sets[p[0]], sets[p[1]]) >= GOLD_DUPLICATE_JACCARD
    }
    links, groups = detect_duplicates(texts)
    prf = PRF.from_counts(len(links & gold), len(links - gold), len(gold - links))
    grouped = same_cluster_pairs(groups)
    ours_speed = _documents_per_second(texts.values(), fingerprint)
    datasketch_speed = _documents_per_second(texts.values(), _datasketch_minhash)
    return SuiteResult(
        "dedup",
        f"ECB+ train+dev, {len(texts)} documents; gold: pairs with word 5-shingle "
        f"Jaccard ≥ {GOLD_DUPLICATE_JACCARD}; predicted: pairs verified as each article arrives",
        [
            Row("gold near-duplicate pairs", len(gold)),
            Row("predicted pairs", len(links)),
            Row("precision", prf.precision, "datasketch candidates 0.96 at J 0.7; target ≥ 0.99 (issue 5)"),
            Row("recall", prf.recall, "datasketch candidates 0.91 at J 0.7; target ≥ 0.95 (issue 5)"),
            Row("F1", prf.f1),
            Row("pairs in one duplicate group (copies of copies)", len(grouped)),
            Row("of those, gold pairs", len(grouped & gold), "the rest are copies of one text further apart"),
            Row(
                "hashing, documents/s",
                ours_speed,
                "datasketch ≈1,800 docs/s; target ≥ datasketch's",
                datasketch_speed,
                "datasketch MinHash (SHA-1)",
            ),
        ],
    )
