"""Dates: the expression of the trigger's clause, then of the clauses that govern it, then the narrative's
own date, then the publication date, marked as such."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from spacy.tokens import Span, Token

from chronicle.analysis.events.clauses import clause_tokens, first_verb, is_background
from chronicle.analysis.events.triggers import Trigger
from chronicle.dates import time_lexicon
from chronicle.records import DateBasis, EventMention, EventStatus, Timex

DAY_VALUE_LENGTH = 10  # characters of an ISO value that names one day: "2023-11-14"
WEEK_VALUE_LENGTH = 8  # of one that names a week ("2023-W46"); a week's weekend and a day are longer


def _calendar_value(timex: Timex) -> str | None:
    """The calendar part of a date or time ("2023-11-14TNI" is the 14th); None for "PRESENT_REF" or a
    value with an unknown year."""
    if timex.type not in ("DATE", "TIME") or not timex.value[:1].isdigit() or "X" in timex.value:
        return None
    return timex.value.split("T", 1)[0]


NOUN_MODIFIERS = {"compound", "amod", "nmod", "nummod", "poss"}


def _names_a_thing(span: Span, trigger: Trigger) -> bool:
    """ "The results of the 2020 election": a date that modifies a noun dates what the noun names, not the
    clause's happening (time adjuncts hang from the verb), unless the noun is the event ("Tuesday's talks")."""
    head = span.root.head
    return span.root.dep_ in NOUN_MODIFIERS and head.pos_ in ("NOUN", "PROPN") and head.i != trigger.word.i


def date_of(
    trigger: Trigger, sentence: Span, timexes: Sequence[Timex], published: date | None
) -> tuple[str | None, DateBasis, bool]:
    """The date of the happening: an expression in the trigger's own clause; else one in a clause that
    governs it ("said on Tuesday that they had met"), which bounds it; else the publication date, marked
    as such (the corpus stage replaces it with a date other reports give); with no publication date, an
    expression with an unknown year for the corpus stage to place ("story"). A background clause takes
    only its own date: without one its date is unknown ("background"). The flag says whether the date was
    read from a weekday's name."""
    doc = sentence.doc
    clause = clause_tokens(trigger.verb)
    spans = [
        (timex, span)
        for timex in timexes
        if sentence.start_char <= timex.start < sentence.end_char
        and (span := doc.char_span(timex.start, timex.end, alignment_mode="expand")) is not None
        and not _names_a_thing(span, trigger)
    ]
    # the clauses that govern it ("said on Tuesday that"), and one it is joined to ("met on Wednesday and
    # agreed to"), unless it has a time of its own ("Yellen will travel later this week, and Blinken plans to
    # visit in the coming weeks")
    timed = any(t.i in clause for _, span in spans for t in span)
    governing = _governing(trigger.verb, timed)
    own, outer = [], []
    for timex, span in spans:
        if timex.type not in ("DATE", "TIME"):
            continue
        if any(t.i in clause for t in span):
            own.append(timex)
        elif first_verb(span.root).i in governing:
            outer.append(timex)
    background = is_background(trigger.verb)
    for timex in own if background else own + outer:
        value = _calendar_value(timex)
        if value is not None:
            weekdays = time_lexicon()["weekdays"]
            named = any(word.lower().rstrip(".") in weekdays for word in timex.text.split())
            return value, "relative" if timex.relative else "explicit", named
    if background:
        return None, "background", False
    if published is not None:
        return published.isoformat(), "publication", False
    unplaced = next((t.value for t in own if t.type == "DATE"), None)
    return unplaced, "story", False


def _governing(verb: Token, timed: bool) -> set[int]:
    """The heads of the clauses above the verb's, by token index, leaving out the one it is joined to when
    its clause has a time of its own (`timed`)."""
    governing, node = set(), verb
    while node.head.i != node.i:
        if node.dep_ != "conj" or not timed:
            governing.add(node.head.i)
        node = node.head
    return governing


def paragraphs(text: str) -> list[int]:
    """Where each paragraph after the first starts: blank lines part them, or, in a text with none, line
    breaks."""
    breaks = "\n\n" if "\n\n" in text else "\n"
    starts, position = [], text.find(breaks)
    while position >= 0:
        starts.append(position + len(breaks))
        position = text.find(breaks, position + len(breaks))
    return starts


def dated_from_context(events: list[EventMention], paragraph_starts: list[int]) -> tuple[EventMention, ...]:
    """A reported happening with no date in its sentence takes the date of the happening its paragraph last
    dated ("Biden met Xi on Wednesday. ... The two leaders also agreed ..."), else of the paragraph's next
    one: the paragraph's narrative time, before the publication date. Another paragraph may tell another
    time. Plans keep the publication date: they were reported then, not held."""
    paragraph = [bisect_right(paragraph_starts, e.start) for e in events]
    dated = [
        i
        for i, e in enumerate(events)
        if e.date_basis in ("explicit", "relative")
        and e.status == "occurred"
        and e.date
        and len(e.date) >= WEEK_VALUE_LENGTH
    ]  # a day, or a week or weekend ("met over the weekend")
    result = []
    for index, event in enumerate(events):
        same = [i for i in dated if paragraph[i] == paragraph[index]]
        if event.date_basis == "publication" and event.status == "occurred" and same:
            before = [i for i in same if i < index]
            source = events[before[-1] if before else same[0]]
            event = replace(event, date=source.date, date_basis="context")
        result.append(event)
    return tuple(result)


HAPPENED = ("occurred", "claimed")
PRESENT_TAGS = {"VBZ", "VBP"}


def _present(verb: Token) -> bool:
    """ "Leaves", "is meeting": a present or present progressive verb, which with a later date is a plan
    (English's futurate present)."""
    return verb.tag_ in PRESENT_TAGS or (
        verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in PRESENT_TAGS for c in verb.children)
    )


def bounded_by_report(
    value: str | None, basis: DateBasis, weekday: bool, status: EventStatus, published: date | None, verb: Token
) -> tuple[str | None, DateBasis, EventStatus]:
    """What happened happened by the time it was reported, so a relative date read as later than the report
    is re-read: in the present tense the event is a plan ("Scholz is meeting Erdogan on Saturday"); in the
    past a weekday's name is the one of the week before ("met this Thursday" in a Sunday article); any other
    later date falls back to the publication date, marked. An explicit date is kept: the publication date
    may be a re-post's."""
    if (
        status not in HAPPENED
        or published is None
        or basis != "relative"
        or value is None
        or len(value) != DAY_VALUE_LENGTH
    ):
        return value, basis, status
    day = date.fromisoformat(value)
    if day <= published:
        return value, basis, status
    if _present(verb):
        return value, basis, "planned"
    if weekday and day - published < timedelta(days=7):
        return (day - timedelta(days=7)).isoformat(), basis, status
    return published.isoformat(), "publication", status
