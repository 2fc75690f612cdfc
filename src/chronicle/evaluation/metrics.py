"""Scorers shared by the evaluation suites: pure functions of predictions and gold, each unit-tested."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TypeVar

Item = TypeVar("Item", bound=Hashable)  # what is clustered: an article id, a mention number


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1, their harmonic mean."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def from_rates(cls, precision: float, recall: float) -> PRF:
        """The scores for a precision and a recall (F1 0 when both are 0)."""
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1)

    @classmethod
    def from_counts(cls, tp: float, fp: float, fn: float) -> PRF:
        """The scores for counts of true positives, false positives and false negatives (0 for an empty ratio)."""
        return cls.from_rates(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


class Tally:
    """True positives, false positives and false negatives summed over documents (micro-averaged)."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        """Add one document's counts."""
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    def prf(self) -> PRF:
        """The micro-averaged scores of the counts so far."""
        return PRF.from_counts(self.tp, self.fp, self.fn)


def bcubed(predicted: Mapping[Item, Hashable], gold: Mapping[Item, Hashable]) -> PRF:
    """BCubed precision and recall over the items of `gold` (Bagga & Baldwin), each item weighted equally."""
    items = list(gold)
    pred_clusters: dict[Hashable, set[Item]] = defaultdict(set)
    gold_clusters: dict[Hashable, set[Item]] = defaultdict(set)
    for item in items:
        pred_clusters[predicted[item]].add(item)
        gold_clusters[gold[item]].add(item)
    precision = recall = 0.0
    for item in items:
        mine, truth = pred_clusters[predicted[item]], gold_clusters[gold[item]]
        shared = len(mine & truth)
        precision += shared / len(mine)
        recall += shared / len(truth)
    n = len(items)
    return PRF.from_rates(precision / n, recall / n) if n else PRF(0.0, 0.0, 0.0)


def same_cluster_pairs(assignment: Mapping[Item, Hashable]) -> set[frozenset[Item]]:
    """Every pair of items assigned to one cluster."""
    by_cluster: dict[Hashable, list[Item]] = defaultdict(list)
    for item, cluster in assignment.items():
        by_cluster[cluster].append(item)
    return {frozenset(pair) for members in by_cluster.values() for pair in combinations(members, 2)}


def pairwise(predicted: Mapping[Item, Hashable], gold: Mapping[Item, Hashable]) -> PRF:
    """Precision and recall of same-cluster links over all pairs of gold items."""
    pred = same_cluster_pairs({k: predicted[k] for k in gold})
    truth = same_cluster_pairs(gold)
    return PRF.from_counts(len(pred & truth), len(pred - truth), len(truth - pred))


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson's correlation of two samples of one length; 0 when either does not vary."""
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    return cov / math.sqrt(var_x * var_y) if var_x and var_y else 0.0


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    ranked = sorted(zip(scores, labels, strict=True), key=lambda pair: pair[0])
    positives = sum(1 for _, label in ranked if label)
    negatives = len(ranked) - positives
    if not positives or not negatives:
        return 0.0
    rank_sum, index = 0.0, 0
    while index < len(ranked):
        tied = index
        while tied < len(ranked) and ranked[tied][0] == ranked[index][0]:
            tied += 1
        mean_rank = (index + 1 + tied) / 2  # ranks are 1-based; a tie shares the mean rank
        rank_sum += mean_rank * sum(1 for _, label in ranked[index:tied] if label)
        index = tied
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def macro_f1(predicted: Sequence[str | None], gold: Sequence[str]) -> float:
    """Mean F1 over the gold classes; a missing prediction is wrong for its gold class."""
    scores = []
    for label in sorted(set(gold)):
        tp = sum(1 for p, g in zip(predicted, gold, strict=True) if p == label and g == label)
        fp = sum(1 for p, g in zip(predicted, gold, strict=True) if p == label and g != label)
        fn = sum(1 for p, g in zip(predicted, gold, strict=True) if p != label and g == label)
        scores.append(PRF.from_counts(tp, fp, fn).f1)
    return sum(scores) / len(scores) if scores else 0.0


def word_shingles(text: str, size: int) -> Counter[tuple[str, ...]]:
    """Lower-cased word n-grams with their counts (a short text is one shingle)."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < size:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def shingle_counts(predicted: str, gold: str, size: int = 4) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of word shingles (multiset)."""
    pred, truth = word_shingles(predicted, size), word_shingles(gold, size)
    tp = sum((pred & truth).values())
    return tp, sum(pred.values()) - tp, sum(truth.values()) - tp


def jaccard(a: set, b: set) -> float:
    """The Jaccard similarity of two sets; 0 for two empty sets."""
    return len(a & b) / len(a | b) if a | b else 0.0


@dataclass(frozen=True)
class SpanMatch:
    """Spans of one document matched one to one, gold order first."""

    pairs: list[tuple[int, int]]  # (predicted index, gold index)
    predicted: int
    gold: int

    def counts(self) -> tuple[int, int, int]:
        """True positives, false positives and false negatives of the match."""
        tp = len(self.pairs)
        return tp, self.predicted - tp, self.gold - tp

    def prf(self) -> PRF:
        """Precision, recall and F1 of the match."""
        return PRF.from_counts(*self.counts())


def match_spans(
    predicted: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]], strict: bool = False
) -> SpanMatch:
    """Match each gold span to at most one predicted span: exact offsets when strict, else any overlap."""
    used: set[int] = set()
    pairs = []
    for g, (gs, ge) in enumerate(gold):
        for p, (ps, pe) in enumerate(predicted):
            if p in used:
                continue
            if (ps, pe) == (gs, ge) if strict else (ps < ge and gs < pe):
                used.add(p)
                pairs.append((p, g))
                break
    return SpanMatch(pairs, len(predicted), len(gold))


def accuracy(hits: Iterable[bool]) -> float:
    """The share of hits that are true; 0 for none."""
    values = list(hits)
    return sum(values) / len(values) if values else 0.0
