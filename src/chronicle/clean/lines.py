"""Which lines of scraped plain text are article body: a logistic model over shallow text features.

Plain text has lost the markup that HTML extractors lean on, so each line is judged by what it looks like and
by its neighbours, after Kohlschütter, Fankhauser and Nejdl (2010, "Boilerplate detection using shallow text
features": word counts of a block and of the blocks around it carry most of the signal) and jusText (Pomikálek
2011: stop-word density separates prose from navigation). The weights are fitted by
scripts/fit_text_lines.py on the tuning pages of the article-extraction benchmark, with the L2 strength chosen
by page-grouped cross-validation; data/text_line_model.json names the features it was fitted with.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from chronicle.data import data_json

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+")
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
# Lines of the neighbourhood whose words are summed into the "region" feature: body text comes in runs.
REGION = 3
REPEAT_SHARE = 0.8  # of a line's word 4-grams found elsewhere: the line is a copy
MIN_COPIED_LINES = 2  # shorter lines a line must be made of to be taken for a copy of them (a metadata copy)


@dataclass(frozen=True)
class LineShape:
    """What one line looks like on its own."""

    words: int
    stopword_share: float
    capitalised_share: float
    ends_sentence: bool


def line_shape(line: str) -> LineShape:
    """The line's word count, the shares of its words that are stop words or capitalised, and its ending."""
    words = WORD.findall(line)
    alphabetic = [w for w in words if not w.isdigit()]
    return LineShape(
        words=len(words),
        stopword_share=sum(w.lower() in STOP_WORDS for w in alphabetic) / len(alphabetic) if alphabetic else 0.0,
        capitalised_share=sum(w[0].isupper() for w in alphabetic) / len(alphabetic) if alphabetic else 0.0,
        ends_sentence=bool(SENTENCE_END.search(line)),
    )


def _size(words: int) -> float:
    return math.log1p(words)


def line_features(lines: list[str]) -> np.ndarray:
    """One row of features per line; the columns are FEATURES, in order."""
    shapes = [line_shape(line) for line in lines]
    sizes = [_size(s.words) for s in shapes]
    largest = max(sizes, default=0.0) or 1.0
    rows = []
    for i, shape in enumerate(shapes):
        # At the text's ends a line is its own neighbour: where the text stops says nothing about the line.
        before = shapes[i - 1] if i > 0 else shape
        after = shapes[i + 1] if i + 1 < len(shapes) else shape
        region = sum(s.words for s in shapes[max(0, i - REGION) : i + REGION + 1])
        rows.append(
            [
                sizes[i],
                sizes[i] / largest,
                shape.stopword_share,
                shape.capitalised_share,
                float(shape.ends_sentence),
                _size(before.words),
                before.stopword_share,
                float(before.ends_sentence),
                _size(after.words),
                after.stopword_share,
                float(after.ends_sentence),
                _size(region),
                i / len(lines),
            ]
        )
    return np.array(rows, dtype=float).reshape(len(lines), len(FEATURES))


FEATURES = (
    "size",
    "size_of_largest",
    "stopwords",
    "capitalised",
    "ends_sentence",
    "before_size",
    "before_stopwords",
    "before_ends_sentence",
    "after_size",
    "after_stopwords",
    "after_ends_sentence",
    "region_size",
    "position",
)


def body_run(lines: list[str], probabilities: np.ndarray, threshold: float) -> list[bool]:
    """Body lines: those at or above the threshold inside the one run of lines that holds the most body
    evidence (each line weighs its probability above the threshold times its words, the maximum-sum run).
    An article is one stretch of text (Finn, Kushmerick and Smyth 2001, "Fact or fiction": body text
    extraction as the one region that maximises text inside it); comments and teasers after it stay out.
    """
    best, best_span, running, start = 0.0, (0, 0), 0.0, 0
    for i, (line, p) in enumerate(zip(lines, probabilities, strict=True)):
        if running <= 0:
            running, start = 0.0, i
        running += (p - threshold) * (len(WORD.findall(line)) + 1)
        if running > best:
            best, best_span = running, (start, i + 1)
    return [best_span[0] <= i < best_span[1] and bool(p >= threshold) for i, p in enumerate(probabilities)]


def _grams(line: str) -> set[tuple[str, ...]]:
    words = [w.lower() for w in WORD.findall(line)]
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


def without_repeats(lines: list[str], kept: list[bool]) -> list[bool]:
    """The kept lines with every text kept once. A line made of two or more other, shorter kept lines (a
    metadata copy of the whole body on one line) goes first. Then of a line and an earlier one it mostly
    repeats or is mostly repeated in (a caption under each picture of a gallery, a teaser cut from the first
    paragraph), the shorter goes."""
    grams = [_grams(line) if keep else set() for line, keep in zip(lines, kept, strict=True)]
    result = _without_composites(grams, kept)
    earlier: list[int] = []
    for i, found in enumerate(grams):
        if not result[i] or not found:
            continue
        for j in earlier:
            if not result[j]:
                continue
            shared = len(found & grams[j])
            if shared >= REPEAT_SHARE * min(len(found), len(grams[j])):
                result[i if len(found) <= len(grams[j]) else j] = False
                if not result[i]:
                    break
        if result[i]:
            earlier.append(i)
    return result


def _without_composites(grams: list[set[tuple[str, ...]]], kept: list[bool]) -> list[bool]:
    """The kept lines less those made of MIN_COPIED_LINES or more other, shorter kept lines (by word 4-grams)."""
    holders: dict[tuple[str, ...], list[int]] = {}
    for i, found in enumerate(grams):
        for gram in found:
            holders.setdefault(gram, []).append(i)
    result = list(kept)
    for i, found in enumerate(grams):
        shorter = {
            j: [g for g in found if j in holders[g]]
            for j in {j for g in found for j in holders[g]}
            if len(grams[j]) < len(found)
        }
        covered = {g for shared in shorter.values() for g in shared}
        if found and len(shorter) >= MIN_COPIED_LINES and len(covered) >= REPEAT_SHARE * len(found):
            result[i] = False
    return result


def body_lines(lines: list[str], probabilities: np.ndarray, threshold: float) -> list[bool]:
    """The lines kept as the article body: the body run, every text once."""
    return without_repeats(lines, body_run(lines, probabilities, threshold))


@dataclass(frozen=True)
class LineModel:
    """Logistic weights over standardised FEATURES and the probability above which a line is body."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    intercept: float
    threshold: float

    def body_probability(self, lines: list[str]) -> np.ndarray:
        """The model's probability, for each line, that it is article body."""
        if not lines:
            return np.zeros(0)
        x = (line_features(lines) - self.mean) / self.scale
        return 1.0 / (1.0 + np.exp(-(x @ self.weights + self.intercept)))

    def is_body(self, lines: list[str]) -> list[bool]:
        """Whether each line is kept as body: likely enough, inside the body run, and not a repeat."""
        return body_lines(lines, self.body_probability(lines), self.threshold)

    def as_dict(self) -> dict:
        """The model as data/text_line_model.json stores it, with the names of the features it was fitted on."""
        return {
            "features": list(FEATURES),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "intercept": self.intercept,
            "threshold": self.threshold,
        }

    @classmethod
    def from_dict(cls, data: dict) -> LineModel:
        """The model stored in `data`; ValueError when it was fitted with features other than FEATURES."""
        if tuple(data["features"]) != FEATURES:
            raise ValueError("data/text_line_model.json was fitted with other features: run scripts/fit_text_lines.py")
        return cls(
            np.array(data["mean"]),
            np.array(data["scale"]),
            np.array(data["weights"]),
            float(data["intercept"]),
            float(data["threshold"]),
        )


@lru_cache(maxsize=1)
def text_line_model() -> LineModel:
    """The fitted model shipped with the package."""
    data = data_json("text_line_model.json")
    return LineModel.from_dict(data)
