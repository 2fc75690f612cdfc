"""Fit the event confidence model (src/chronicle/data/event_confidence.json) on the article gold.

    python scripts/fit_event_confidence.py --data ../shared/data

The model is a logistic regression over chronicle.analysis.events.confidence.FEATURES, with the label "this
emitted mention matches a gold event of its type" (docs/ANNOTATION.md). It is fitted on the tuning part of
data/gold/article_events.jsonl only; its L2 strength is chosen by cross-validation with folds grouped by
article, so no article is scored by a model that saw it. The untouched part is used for two decisions, as the
issue asks: the scores are calibrated (Platt scaling, two numbers) on the events `chronicle ingest` emits for
the untouched articles, and the default display threshold is the lowest confidence at which those events
reach the wanted precision; both read from aggregate counts only, never from single articles. The precision
reported at that threshold is therefore read on the data it was chosen on.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import numpy as np

from chronicle.analysis.entities import link_entities
from chronicle.analysis.events import extract_events
from chronicle.analysis.events.confidence import FEATURES, confidence_model
from chronicle.analysis.nlp import load_pipeline
from chronicle.analysis.timex import tag_doc
from chronicle.clean import clean_article
from chronicle.data import data_json, data_text
from chronicle.evaluation import article_events
from chronicle.evaluation.article_events import Emitted, OffsetMap, gold_articles, match
from chronicle.evaluation.fitting import fit_logistic, grouped_folds, predict
from chronicle.evaluation.gold import by_part, read_jsonl
from chronicle.records import RawArticle

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "src" / "chronicle" / "data" / "event_confidence.json"
PENALTIES = (0.1, 0.3, 1.0, 3.0, 10.0)
FOLDS = 4
WANTED_PRECISION = 0.80
MIN_SUPPORT = 10  # a precision read on fewer events says nothing
THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(1, 20))


def labelled_mentions(data: Path, articles: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and article numbers of every mention the coder emits for these articles."""
    records = {r["id"]: r for r in read_jsonl(data / article_events.WIKINEWS)}
    nlp = load_pipeline()
    rows, labels, groups = [], [], []
    for number, gold in enumerate(articles):
        record = records[gold["article"]]
        published = date.fromisoformat(record["date"][:10])
        clean = clean_article(
            RawArticle(
                id=record["id"],
                origin=record["id"],
                text=record["text"],
                title=record.get("title"),
                url=record.get("url"),
                published=published,
            )
        )
        doc = nlp(clean.text)
        entities = link_entities(doc, clean.published)
        recorded: list[dict[str, float]] = []

        def record_features(features: dict[str, float], into: list = recorded) -> float:
            into.append(dict(features))
            return 0.5

        # one scorer call per emitted mention, in the order the mentions come out
        mentions = extract_events(doc, entities, tuple(tag_doc(doc, clean.published)), clean.published, record_features)
        to = OffsetMap(clean.text, record["text"])
        emitted = [
            Emitted(
                gold["article"],
                m.type,
                m.status,
                m.date,
                m.date_basis,
                m.confidence,
                None,
                None,
                (to.span(*m.trigger_span),) if m.trigger_span else (),
                (to.span(m.start, m.end),),
                (),
            )
            for m in mentions
        ]
        pairs, _ = match(emitted, gold["events"])
        right = {id(e) for e, _ in pairs}
        for mention, features in zip(emitted, recorded, strict=True):
            rows.append([features[name] for name in FEATURES])
            labels.append(float(id(mention) in right))
            groups.append(number)
    return np.array(rows), np.array(labels), np.array(groups)


def grouped_log_loss(x: np.ndarray, y: np.ndarray, groups: np.ndarray, penalty: float) -> float:
    """Mean log loss of predictions for held-out articles, folds made of whole articles."""
    folds = grouped_folds(list(groups), FOLDS)
    predicted = np.zeros(len(y))
    for fold in range(FOLDS):
        test = folds == fold
        predicted[test] = predict(fit_logistic(x[~test], y[~test], penalty), x[test])
    predicted = np.clip(predicted, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(predicted) + (1 - y) * np.log(1 - predicted)))


def _corpus_events(data: Path, articles: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Confidence and match of every event `chronicle ingest` emits for these articles, as the eval counts them."""
    found = article_events.ingest_gold(data, articles)
    confidences, labels = [], []
    for gold in articles:
        emitted = found[gold["article"]]
        pairs, _ = match(emitted, gold["events"])
        right = {id(e) for e, _ in pairs}
        confidences += [e.confidence for e in emitted]
        labels += [float(id(e) in right) for e in emitted]
    return np.array(confidences), np.array(labels)


def platt(confidences: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Slope and intercept on the log-odds that make the scores probabilities on these events."""
    clipped = np.clip(confidences, 1e-4, 1 - 1e-4)
    logits = np.log(clipped / (1 - clipped))[:, None]
    params = fit_logistic(logits, labels, 0.0)
    return float(params[1]), float(params[0])


def _write(model: dict) -> None:
    _write_text(json.dumps(model, indent=1) + "\n")


def main() -> None:
    previous = MODEL.read_text("utf-8")
    try:
        fit_and_write()
    except BaseException:
        _write_text(previous)  # the ingests below read the model file: a failed fit leaves the old one
        raise


def _write_text(text: str) -> None:
    MODEL.write_text(text, "utf-8")
    # the bundled data is read once a process: the ingests after this must read the model just written
    data_text.cache_clear()
    data_json.cache_clear()
    confidence_model.cache_clear()


def fit_and_write() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    parts = by_part(gold_articles(), "article_events", key="article")
    x, y, groups = labelled_mentions(args.data, parts["tuning"])
    losses = {penalty: grouped_log_loss(x, y, groups, penalty) for penalty in PENALTIES}
    penalty = min(losses, key=losses.__getitem__)
    params = fit_logistic(x, y, penalty)
    rate = float(y.mean())
    model = {
        "about": "Logistic model of P(an emitted event matches a real event of its type): weights fitted on the "
        "tuning part of data/gold/article_events.jsonl, calibration and default threshold read on its "
        "untouched part, by scripts/fit_event_confidence.py.",
        "intercept": round(float(params[0]), 4),
        "weights": {name: round(float(w), 4) for name, w in zip(FEATURES, params[1:], strict=True)},
        "calibration": {"slope": 1.0, "intercept": 0.0},
        "default_min_confidence": 0.0,
        "fitted": {
            "tuning_mentions": len(y),
            "tuning_matched": int(y.sum()),
            "l2": penalty,
            "grouped_cv_log_loss": {str(k): round(v, 4) for k, v in losses.items()},
            "base_rate_log_loss": round(-(rate * np.log(rate) + (1 - rate) * np.log(1 - rate)), 4),
        },
    }
    _write(model)
    slope, shift = platt(*_corpus_events(args.data, parts["untouched"]))
    model["calibration"] = {"slope": round(slope, 4), "intercept": round(shift, 4)}
    _write(model)
    # precision at a threshold as `chronicle eval article-events` reads it: the events shown, matched alone
    found = article_events.ingest_gold(args.data, parts["untouched"])
    shown = {t: article_events.score(parts["untouched"], found, t) for t in THRESHOLDS}
    table = {t: (c.emitted, c.matched / c.emitted if c.emitted else None) for t, c in shown.items()}
    reaching = [
        t
        for t, (emitted, precision) in table.items()
        if emitted >= MIN_SUPPORT and precision is not None and precision >= WANTED_PRECISION
    ]
    supported = [t for t, (emitted, _) in table.items() if emitted >= MIN_SUPPORT]
    model["default_min_confidence"] = min(reaching) if reaching else max(supported, key=lambda t: table[t][1])
    model["fitted"]["untouched_events_and_precision_by_threshold"] = {
        str(t): [emitted, round(precision, 3) if precision is not None else None]
        for t, (emitted, precision) in table.items()
    }
    _write(model)
    print(json.dumps(model, indent=1))


if __name__ == "__main__":
    main()
