"""Events in the layouts event-data users load: one flat row per event (as GDELT, ICEWS and POLECAT files are
read into R or pandas), and PLOVER's JSON event record.

The quad class and conflict-cooperation score of each PLOVER category are the PLOVER manual's
(data/plover_scores.json, written by scripts/convert_plover_scores.py, CC BY-SA 4.0).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from chronicle import __version__
from chronicle.data import data_json
from chronicle.dates import value_range
from chronicle.records import ActorRef, Event

LAYOUTS = ("nested", "flat", "plover")
PRECISIONS = (
    (r"\d{4}-\d{2}-\d{2}", "day"),
    (r"\d{4}-W\d{2}(-WE)?", "week"),
    (r"\d{4}-\d{2}", "month"),
    (r"\d{4}-Q[1-4]", "quarter"),
    (r"\d{4}", "year"),
)


@dataclass(frozen=True)
class Source:
    """Where an article came from, for the evidence columns."""

    outlet: str | None
    url: str | None


@dataclass(frozen=True)
class Scale:
    """A PLOVER category's quad class (1 verbal cooperation … 4 material conflict) and its score (-10 … 10)."""

    quad: int | None
    quad_name: str | None
    score: float | None


@cache
def scale(plover_code: str) -> Scale:
    """The manual's quad class and score of a category; a category of the 2018 draft takes those of what the
    manual files it under (INVESTIGATE is ACCUSE's Investigate mode, with that mode's score)."""
    data = data_json("plover_scores.json")
    filed = data["draft_2018"].get(plover_code, plover_code)
    category = data["categories"].get(filed.split(":")[0])
    if category is None:
        return Scale(None, None, None)
    score = data["modes"].get(filed, category["score"])
    return Scale(category["quad"], data["quad_names"][str(category["quad"])], score)


@cache
def plover_types() -> tuple[str, ...]:
    """The PLOVER categories, by quad class, then the 2018 draft's that the coder still gives."""
    data = data_json("plover_scores.json")
    categories = sorted(data["categories"], key=lambda name: (data["categories"][name]["quad"], name))
    return (*categories, *data["draft_2018"])


def date_precision(value: str | None) -> str | None:
    """day, week, month, quarter or year: how much of the calendar an event date covers."""
    if value is None:
        return None
    return next((name for pattern, name in PRECISIONS if re.fullmatch(pattern, value)), None)


def _actor_columns(role: str, actors: tuple[ActorRef, ...]) -> dict[str, Any]:
    first = actors[0] if actors else None
    return {
        f"{role}_name": first.name if first else None,
        f"{role}_actor_id": first.actor_id if first else None,
        f"{role}_country": first.country if first else None,
        f"{role}_sector": first.sector if first else None,
        # the others a report names in the same role, by name ("; " between them)
        f"{role}_others": "; ".join(a.name for a in actors[1:]) or None,
    }


def flat_row(event: Event, thread_id: str | None, sources: Mapping[str, Source]) -> dict[str, Any]:
    """One event as one row of scalar columns, its first evidence sentence with the article it came from."""
    found = scale(event.plover_code)
    evidence = event.mentions[0] if event.mentions else None
    source = sources.get(evidence.article_id) if evidence else None
    place = event.location
    return {
        "id": event.id,
        "date": event.date,
        "date_precision": date_precision(event.date),
        "date_basis": event.date_basis,
        "status": event.status,
        "type": event.type,
        "plover_code": event.plover_code,
        "quad_class": found.quad,
        "quad_name": found.quad_name,
        "plover_score": found.score,
        **_actor_columns("source", event.source_actors),
        **_actor_columns("target", event.target_actors),
        "place": place.name if place else None,
        "place_country": place.country if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "contexts": "; ".join(event.contexts) or None,
        "num_articles": event.num_articles,
        "num_sources": event.num_sources,
        "confidence": event.confidence,
        "story_id": event.story_id,
        "thread_id": thread_id,
        "evidence_sentence": evidence.sentence if evidence else None,
        "evidence_article_id": evidence.article_id if evidence else None,
        "evidence_outlet": source.outlet if source else None,
        "evidence_url": source.url if source else None,
    }


def _entity(actor: ActorRef) -> dict[str, Any]:
    """PLOVER's information object for an entity."""
    return {
        "code": actor.country,
        "sector": actor.sector,
        "entity_text": actor.name,
        "identifier_id": actor.actor_id,
        "identifier_text": actor.name if actor.actor_id else None,
    }


def plover_record(event: Event, sources: Mapping[str, Source]) -> dict[str, Any]:
    """One event as PLOVER's JSON event record (the manual's "PLOVER JSON" table). A date coarser than a day
    is its first day in `date` and its last in `enddate`; Chronicle's own fields follow PLOVER's, as the
    manual allows."""
    span = value_range(event.date)
    found = scale(event.plover_code)
    place = event.location
    evidence = event.mentions[0] if event.mentions else None
    source = sources.get(evidence.article_id) if evidence else None
    return {
        "id": event.id,
        "date": span[0].isoformat() if span else None,
        "enddate": span[1].isoformat() if span and span[1] != span[0] else None,
        "actor": [_entity(a) for a in event.source_actors],
        "recipient": [_entity(a) for a in event.target_actors],
        "event": [event.plover_code],
        "mode": [],
        "context": list(event.contexts),
        "event_loc": {
            "extracted_place": place.name,
            "resolved_place": place.name,
            "lat": place.lat,
            "lon": place.lon,
            "country_code": place.country,
        }
        if place
        else None,
        "event_text": [m.sentence for m in event.mentions],
        "quad_code": found.quad,
        "event_scale": found.score,
        "link": event.story_id,
        "cite_info": {
            "publication": source.outlet if source else None,
            "url": source.url if source else None,
            "coder": f"Chronicle {__version__}",
            "codebook": "PLOVER",
        },
        "status": event.status,
        "date_value": event.date,
        "date_basis": event.date_basis,
        "confidence": event.confidence,
        "num_articles": event.num_articles,
        "num_sources": event.num_sources,
    }
