"""The `events` suite: PLOVER gold-standard sentences in, Chronicle's events out.

Each sentence is analysed as a one-sentence article with no date. The event it is scored on is Chronicle's
most confident one. Type accuracy and macro-F1 run over all sentences (no event is a miss); actor and
recipient country accuracy over the sentences whose gold gives that actor a country code; a predicted
country is right when it is one of the gold codes (compound actors have several).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from chronicle.analyse.events import plover_category
from chronicle.analyse.pipeline import analyse_articles
from chronicle.evaluation.gold import read_jsonl
from chronicle.evaluation.metrics import accuracy, macro_f1
from chronicle.evaluation.report import Row, SuiteResult
from chronicle.records import CleanArticle, EventActor, EventMention

# Chronicle's names for the categories PLOVER's 2021 release renamed (the gold uses the new names).
PLOVER_2021_NAMES = {"REQUEST": "DEMAND", "ACCUSE": "DISAPPROVE"}


def plover_type(event_type: str) -> str:
    return PLOVER_2021_NAMES.get(event_type, event_type)


def main_event(events: tuple[EventMention, ...]) -> EventMention | None:
    return max(events, key=lambda e: e.confidence) if events else None


def _codes(actors: list[dict]) -> set[str]:
    return {a["code"] for a in actors if a.get("code")}


def _country_hit(predicted: tuple[EventActor, ...], gold: list[dict]) -> bool:
    return bool(predicted) and predicted[0].country in _codes(gold)


def run(data: Path) -> SuiteResult:
    records = read_jsonl(data / "events" / "plover_gsr_dev.jsonl")
    articles = [CleanArticle(id=r["id"], origin=r["id"], title="", text=r["text"], url=None, source=None,
                             published=None, published_basis="unknown") for r in records]
    predicted_types: list[str | None] = []
    actor_hits, recipient_hits, sector_hits = [], [], []
    confusions: Counter[tuple[str, str]] = Counter()
    for record, analysed in zip(records, analyse_articles(articles), strict=True):
        event = main_event(analysed.events)
        predicted = plover_type(plover_category(event.type, event.status)) if event else None
        predicted_types.append(predicted)
        if predicted != record["event"]:
            confusions[(record["event"], predicted or "none")] += 1
        if _codes(record["actor"]):
            actor_hits.append(event is not None and _country_hit(event.sources, record["actor"]))
        if _codes(record["recipient"]):
            recipient_hits.append(event is not None and _country_hit(event.targets, record["recipient"]))
        gold_sectors = {a["sector"] for a in record["actor"] if a.get("sector")}
        if gold_sectors:
            sector_hits.append(event is not None and bool(event.sources) and event.sources[0].sector in gold_sectors)
    gold_types = [r["event"] for r in records]
    no_event = sum(1 for p in predicted_types if p is None)
    common = ", ".join(f"{g}→{p} ({n})" for (g, p), n in confusions.most_common(6))
    return SuiteResult("events", f"PLOVER gold-standard sentences, {len(records)} sentences", [
        Row("event type accuracy", accuracy(p == g for p, g in zip(predicted_types, gold_types, strict=True)),
            "machine coders 0.70–0.80; target ≥ 0.80 (issue 6)"),
        Row("event type macro-F1", macro_f1(predicted_types, gold_types), "target ≥ 0.70 (issue 6)"),
        Row("actor country accuracy", accuracy(actor_hits), "GDELT actors 0.79; target ≥ 0.85 (issue 6)"),
        Row("recipient country accuracy", accuracy(recipient_hits), "target ≥ 0.85 (issue 6)"),
        Row("actor sector accuracy", accuracy(sector_hits)),
        Row("sentences with no event", no_event, "target ≤ 10% (issue 6)"),
    ], notes=[f"Most frequent errors (gold→ours): {common}." if common else "No type errors."])
