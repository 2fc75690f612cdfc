"""What story assignment tells one happening from another by, found once per article: the names it is
matched on, the years its dates fall in, the weekdays it names and the figures it states.

A pure function of the analysis, so the cross-article step, which must keep up with the stream, only
compares them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from chronicle.actors.registry import name_skeleton
from chronicle.dates import time_lexicon
from chronicle.records import Entity, StoryMarks, Timex

# Full weekday names only: "sun" and "sat" are words of their own.
WEEKDAY_ABBREVIATION_LONGEST = 5  # letters of the longest abbreviation, "thurs"; every full name has more
WEEKDAY_NAMES = frozenset(name for name in time_lexicon()["weekdays"] if len(name) > WEEKDAY_ABBREVIATION_LONGEST)
# A figure as a report states it: "31-24", "85 million", "4.5": the details that tell one happening of a
# kind from another (a score, a death toll, a sum) when the text names no date.
FIGURE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?:\s?[-–]\s?\d+)?(?:\s(?:million|billion|percent))?(?![\w,.]\d)")
FIGURE_DASH = re.compile(r"\s?[-–]\s?")  # "20 - 13" is written "20-13"
PLAIN_YEAR = re.compile(r"(?:1[89]|20)\d\d")
YEAR_VALUE = re.compile(r"\d{4}")

STORY_ENTITY_TYPES = {"PERSON", "ORG", "GPE", "FAC", "EVENT"}


def story_keys(key: str, name: str, entity_type: str) -> set[str]:
    """The keys stories are matched on for one entity: a registered actor by its id; any other name by its
    spelling-tolerant skeleton whatever type the tagger gave it ("Jackman" tagged a person in one report and
    a place in another is one name), and a person's surname too, which later reports use alone."""
    if entity_type not in STORY_ENTITY_TYPES:
        return set()
    if ":" not in key:
        return {key}
    keys = {name_skeleton(name)}
    words = name.split()
    if entity_type == "PERSON" and len(words) > 1:
        keys.add(name_skeleton(words[-1]))
    return keys


def weekdays_named(terms: Mapping[str, int]) -> set[str]:
    """The weekdays an article names: reports of one happening name the day it fell on."""
    return {term for term in terms if term in WEEKDAY_NAMES}


def figures_stated(text: str) -> set[str]:
    """The figures a text states, beyond single digits and plain years."""
    found = set()
    for match in FIGURE.finditer(text):
        figure = FIGURE_DASH.sub("-", match.group())
        if len(figure) > 1 and not PLAIN_YEAR.fullmatch(figure):
            found.add(figure)
    return found


def years_dated(timexes: Iterable[Timex]) -> set[str]:
    """The years an article's dates fall in: two reports naming only different years are of different
    happenings ("the 2008 patch" and "the 2013 patch")."""
    return {t.value[:4] for t in timexes if t.type == "DATE" and YEAR_VALUE.match(t.value)}


def story_marks(
    entities: Iterable[Entity], timexes: Iterable[Timex], terms: Mapping[str, int], text: str
) -> StoryMarks:
    """The article's story marks: the keys of its entities, the years of its dates, the weekdays it names
    and the figures it states."""
    return StoryMarks(
        names=frozenset(key for e in entities for key in story_keys(e.key, e.name, e.type)),
        years=frozenset(years_dated(timexes)),
        weekdays=frozenset(weekdays_named(terms)),
        figures=frozenset(figures_stated(text)),
    )
