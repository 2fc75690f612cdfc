"""Event merging: each event mention of an article joins the event of the same happening already in the
corpus (same type, the same actors or two of them, a compatible date or place), or opens a new one."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import cast

from chronicle.analysis.events import plover_category
from chronicle.corpus.dates import overlap, precision, resolve_year
from chronicle.corpus.events import EventParty, EventRecord
from chronicle.corpus.state import CorpusState, StoryProfile
from chronicle.dates import value_range
from chronicle.records import (
    ActorRole,
    AnalysedArticle,
    EventActor,
    EventMention,
    Evidence,
    EvidenceSpan,
    StatusChange,
    undated_background,
)

# A publication date, or a date taken from the article's narrative, stands in for the event date only
# loosely: reports come out a day or two later, and a narrative moves on.
PUBLICATION_SLACK_DAYS = 3

PUBLICATION_SLACK = timedelta(days=PUBLICATION_SLACK_DAYS)

# A report naming fewer of the parties than another is of the same happening when it names this many of them.
MIN_SHARED_ACTORS = 2

# How far a status says the happening is known to have happened; a merged event takes the furthest.
HAPPENED = {"claimed": 1, "occurred": 2}


def dated_from_story(mention: EventMention, story: StoryProfile) -> EventMention:
    """An event in an article without a date of its own takes its date from the story."""
    if mention.date_basis != "story":
        return mention
    anchor = story.first_date
    if mention.date and mention.date.startswith("XXXX"):
        return replace(mention, date=resolve_year(mention.date, anchor))
    if mention.date is None and anchor is not None:
        return replace(mention, date=anchor.isoformat())
    return mention


def _party(actor: EventActor) -> EventParty:
    key = actor.key or f"described:{actor.country}:{actor.sector}:{actor.name.lower()}"
    return EventParty(actor.name, key, actor.actor_id, actor.country, actor.sector)


def _compatible(event: EventRecord, mention: EventMention) -> bool:
    a, b = value_range(event.date), value_range(mention.date)
    if a is None or b is None:
        return a is None and b is None
    loose = PUBLICATION_SLACK_DAYS if {"publication", "context"} & {event.date_basis, mention.date_basis} else 0
    return overlap(a, b, loose)


def _same_actors(a: frozenset[str], b: frozenset[str]) -> bool:
    """One report may name fewer of the parties than another: a subset with MIN_SHARED_ACTORS, or equal sets."""
    return a == b or ((a <= b or b <= a) and len(a & b) >= MIN_SHARED_ACTORS)


def _merge_target(state: CorpusState, mention: EventMention, keys: frozenset[str]) -> EventRecord | None:
    span = value_range(mention.date)
    if span is not None:
        span = (span[0] - PUBLICATION_SLACK, span[1] + PUBLICATION_SLACK)
    for event in state.events_near(mention.type, keys, span):
        # what might happen ("either leader could call the other") is no report of what did or will
        if (event.status == "hypothetical") != (mention.status == "hypothetical"):
            continue
        if _same_actors(event.actor_keys, keys) and _compatible(event, mention):
            return event
    if mention.place is None:
        return None

    def same_happening(event: EventRecord) -> bool:
        return event.status == mention.status and _same_actors(event.actor_keys, keys)

    # "since they met in Woodside": an earlier happening named in passing, with no date of its own, is the
    # latest one of those actors at that place; and, reported before it, it is found by the report of it
    if undated_background(mention.date, mention.date_basis):
        return state.latest_event_at(mention.type, keys, mention.place.name, same_happening)
    return next(filter(same_happening, state.background_events_at(mention.type, keys, mention.place.name)), None)


def record_mention(state: CorpusState, analysed: AnalysedArticle, mention: EventMention, story_id: str) -> str:
    """Add an article's event mention to the event of the same happening, or open a new event with it;
    returns the event's id."""
    sources = [_party(a) for a in mention.sources]
    targets = [_party(a) for a in mention.targets]
    keys = frozenset(a.key for a in sources + targets)
    entry = Evidence(
        analysed.article.id,
        analysed.article.source,
        mention.sentence,
        mention.start,
        mention.end,
        mention.status,
        mention.date,
        mention.trigger,
        mention.trigger_span,
        # (the analysis names no other role than "source" and "target")
        tuple(EvidenceSpan(cast(ActorRole, span.role), span.start, span.end) for span in mention.actor_spans),
        mention.contexts,
    )
    event = _merge_target(state, mention, keys)
    if event is None:
        event = EventRecord(
            id=f"event-{len(state.events) + 1:05d}",
            story_id=story_id,
            type=mention.type,
            plover_code=plover_category(mention.type, mention.status),
            status=mention.status,
            sources=sources,
            targets=targets,
            actor_keys=keys,
            date=mention.date,
            date_basis=mention.date_basis,
            location=mention.place,
            confidence=mention.confidence,
            contexts=list(mention.contexts),
            history=[StatusChange(mention.status, analysed.article.id, mention.date)],
        )
        state.add_event(event)
    else:
        if mention.status != event.status:
            event.history.append(StatusChange(mention.status, analysed.article.id, mention.date))
            if HAPPENED.get(mention.status, 0) > HAPPENED.get(event.status, 0):
                # A report that it happened outranks an earlier plan, and an independent report its actor's
                # own claim; what was said before stays in the history.
                event.status = mention.status
                event.plover_code = plover_category(event.type, event.status)
                event.story_id = story_id
        same_footing = precision(mention.date) == precision(event.date) and mention.date_basis == event.date_basis
        if (
            precision(mention.date) < precision(event.date)
            or (event.date_basis in ("publication", "context") and mention.date_basis in ("explicit", "relative"))
            or (same_footing and mention.date is not None and event.date is not None and mention.date < event.date)
        ):
            # (of two dates on the same footing the earlier is kept, whichever report came first)
            event.date, event.date_basis = mention.date, mention.date_basis
            state.index_event(event)
        if event.location is None and mention.place is not None:
            event.location = mention.place
            state.index_event(event)
        event.confidence = max(event.confidence, mention.confidence)
        event.contexts.extend(c for c in mention.contexts if c not in event.contexts)
    event.mentions.append(entry)
    state.changed_events.add(event.id)
    return event.id
