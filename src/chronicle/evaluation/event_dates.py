"""The `event-dates` suite: our own challenge set of sentences, each with a creation date and the gold date
of every event in it (src/chronicle/data/challenge/event_dates.jsonl, written for Chronicle).

It covers weekdays by tense, relative weeks, months and years, "N days ago", seasons, quarters, ranges,
month and day without a year, reported speech, background clauses ("who met Putin last September"),
planned, negated and cancelled events, and sentences with no date (where the publication date is the
answer, marked as such). Each sentence is analysed as a one-sentence article published on its creation
date; a gold event is found when one of Chronicle's events has its trigger word.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from chronicle.analysis.pipeline import analyse_articles
from chronicle.data import data_text
from chronicle.evaluation.metrics import accuracy
from chronicle.evaluation.report import Row, SuiteResult
from chronicle.records import CleanArticle, EventMention


@dataclass(frozen=True)
class DatedEvent:
    """A gold event of the challenge set, with the date and date basis Chronicle gave the event of its trigger."""

    sentence_id: str
    pattern: str
    trigger: str
    gold: str
    predicted: str | None  # None when no event with that trigger was found
    basis: str | None


def challenge_set() -> list[dict]:
    """The sentences of data/challenge/event_dates.jsonl, each with its creation date and gold events."""
    text = data_text("challenge/event_dates.jsonl")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _with_trigger(events: tuple[EventMention, ...], trigger: str) -> EventMention | None:
    return next((e for e in events if trigger.lower() in e.trigger.lower().split()), None)


def date_events(records: list[dict]) -> list[DatedEvent]:
    """Each gold event of the records with Chronicle's date for it, each sentence analysed as an article
    published on its creation date."""
    articles = (
        CleanArticle(
            id=r["id"],
            origin=r["id"],
            title="",
            text=r["text"],
            url=None,
            source=None,
            published=date.fromisoformat(r["dct"]),
            published_basis="metadata",
        )
        for r in records
    )
    found = []
    for record, analysed in zip(records, analyse_articles(articles), strict=True):
        for gold in record["events"]:
            event = _with_trigger(analysed.events, gold["trigger"])
            found.append(
                DatedEvent(
                    record["id"],
                    record["pattern"],
                    gold["trigger"],
                    gold["date"],
                    event.date if event else None,
                    event.date_basis if event else None,
                )
            )
    return found


def run(data: Path | None = None) -> SuiteResult:
    """`data` is unused: the challenge set ships with Chronicle."""
    dated = date_events(challenge_set())
    matched = [d for d in dated if d.predicted is not None]
    return SuiteResult(
        "event-dates",
        f"Chronicle's event-date challenge set, {len({d.sentence_id for d in dated})} "
        f"sentences, {len(dated)} gold events",
        [
            Row("events found", len(matched)),
            Row(
                "date accuracy, all gold events",
                accuracy([d.predicted == d.gold for d in dated]),
                "a missing event counts as wrong",
            ),
            Row("date accuracy, found events", accuracy([d.predicted == d.gold for d in matched])),
        ],
    )
