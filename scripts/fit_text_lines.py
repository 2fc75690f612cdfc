"""Fit the plain-text line model (src/chronicle/data/text_line_model.json) on the article-extraction pages.

    python scripts/fit_text_lines.py --data ../shared/data

Every page of the benchmark comes twice: as the scraped text of the whole page and as the article body a
person marked. Aligning the two word by word labels each scraped line as body (most of its words are in a run
of at least MIN_RUN words shared with the body) or not: labels for free, from no one's rules. The model is
fitted on the tuning pages only (data/gold/splits.json); the L2 strength and the body threshold are the pair
with the best shingle F1 of the cleaned text over page-grouped folds of those pages. The untouched pages are
scored once, at the end, and never read.
"""

from __future__ import annotations

import argparse
import json
from difflib import SequenceMatcher
from pathlib import Path
from typing import NamedTuple

import numpy as np

from chronicle.clean.lines import FEATURES, WORD, LineModel, body_lines, line_features
from chronicle.clean.text import CleanedText, clean_text, scraped_lines
from chronicle.evaluation.fitting import fit_logistic, grouped_folds, predict
from chronicle.evaluation.gold import split_ids
from chronicle.evaluation.metrics import Tally, shingle_counts

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "src" / "chronicle" / "data" / "text_line_model.json"
PENALTIES = (10.0, 100.0, 1000.0, 10000.0)
THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(2, 19))
FOLDS = 5
MIN_RUN = 4  # shorter shared runs are common phrases, not the same text


class Page(NamedTuple):
    group: str  # the benchmark page: its scraped and its clean version share a fold
    lines: list[str]
    features: np.ndarray
    labels: np.ndarray
    body: str


def body_labels(lines: list[str], body: str) -> list[float]:
    """1.0 for a line whose words are mostly in runs shared with the gold body, else 0.0."""
    line_of: list[int] = []
    words: list[str] = []
    for number, line in enumerate(lines):
        found = [w.lower() for w in WORD.findall(line)]
        words += found
        line_of += [number] * len(found)
    gold = [w.lower() for w in WORD.findall(body)]
    shared = [0] * len(lines)
    for block in SequenceMatcher(None, words, gold, autojunk=False).get_matching_blocks():
        if block.size >= MIN_RUN:
            for position in range(block.a, block.a + block.size):
                shared[line_of[position]] += 1
    sizes = [len(WORD.findall(line)) for line in lines]
    return [float(size > 0 and shared[i] / size > 0.5) for i, size in enumerate(sizes)]


def page_rows(group: str, text: str, body: str, clean: bool) -> Page:
    """A page's lines, features and labels; a clean page is the gold body given as a text of its own."""
    lines = scraped_lines(text, CleanedText(title=None, body=""))
    labels = np.ones(len(lines)) if clean else np.array(body_labels(lines, body))
    return Page(group, lines, line_features(lines), labels, body)


def standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = x.std(axis=0)
    return x.mean(axis=0), np.where(scale > 0, scale, 1.0)


def kept_text(lines: list[str], probabilities: np.ndarray, threshold: float) -> str:
    kept = body_lines(lines, probabilities, threshold)
    return "\n\n".join(line for line, body in zip(lines, kept, strict=True) if body)


def training_rows(pages: list[Page]) -> tuple[np.ndarray, np.ndarray]:
    return np.vstack([p.features for p in pages]), np.concatenate([p.labels for p in pages])


def cross_validated(pages: list[Page]) -> dict[tuple[float, float], float]:
    """Shingle F1 of the cleaned page text for each (penalty, threshold), over page-grouped folds."""
    folds = grouped_folds([p.group for p in pages], FOLDS)
    tallies = {(c, t): Tally() for c in PENALTIES for t in THRESHOLDS}
    for fold in range(FOLDS):
        x, y = training_rows([p for p, f in zip(pages, folds, strict=True) if f != fold])
        mean, scale = standardise(x)
        for penalty in PENALTIES:
            params = fit_logistic((x - mean) / scale, y, penalty)
            for page in (p for p, f in zip(pages, folds, strict=True) if f == fold):
                probabilities = predict(params, (page.features - mean) / scale)
                for threshold in THRESHOLDS:
                    kept = kept_text(page.lines, probabilities, threshold)
                    tallies[penalty, threshold].add(*shingle_counts(kept, page.body))
    return {key: tally.prf().f1 for key, tally in tallies.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    folder = args.data / "extraction" / "aeb_dev"
    gold = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    dumps = json.loads((folder / "page-text-dump.json").read_text("utf-8"))
    parts = split_ids("extraction_aeb")
    tuning = [
        page_rows(i, text, gold[i]["articleBody"], clean)
        for i in sorted(parts["tuning"])
        if i in dumps
        for text, clean in ((dumps[i], False), (gold[i]["articleBody"], True))
    ]
    scores = cross_validated(tuning)
    (penalty, threshold), best = max(scores.items(), key=lambda item: item[1])
    print(
        f"grouped {FOLDS}-fold shingle F1 on {len(tuning) // 2} tuning pages, scraped and clean: "
        f"{best:.3f} at L2 {penalty}, "
        f"threshold {threshold}"
    )
    x, y = training_rows(tuning)
    mean, scale = standardise(x)
    params = fit_logistic((x - mean) / scale, y, penalty)
    model = LineModel(mean, scale, params[1:], float(params[0]), threshold)
    MODEL.write_text(json.dumps(model.as_dict(), indent=1) + "\n", "utf-8")
    for name, weight in sorted(zip(FEATURES, params[1:], strict=True), key=lambda item: -abs(item[1])):
        print(f"  {name:24} {weight:+.3f}")
    for part in ("tuning", "untouched"):
        tally = Tally()
        for page in sorted(parts[part]):
            if page in dumps:
                tally.add(*shingle_counts(clean_text(dumps[page], line_model=model).body, gold[page]["articleBody"]))
        prf = tally.prf()
        print(f"{part}: cleaned text P {prf.precision:.3f} R {prf.recall:.3f} F1 {prf.f1:.3f}")
    kept = [
        len(clean_text(record["articleBody"], line_model=model).body.split())
        / max(1, len(record["articleBody"].split()))
        for page, record in gold.items()
        if page in parts["tuning"]
    ]
    print(
        f"tuning gold bodies given as clean text: {np.mean(kept):.3f} of their words kept on average, "
        f"lowest {min(kept):.3f}"
    )


if __name__ == "__main__":
    main()
