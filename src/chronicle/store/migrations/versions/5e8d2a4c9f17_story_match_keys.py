"""story match keys

Story profiles match articles on new keys: an unregistered entity by its name's skeleton whatever type the
tagger gave it (and a person's surname), the weekdays its articles name and the figures they state. Each
stored story's entity counts are rebuilt from its articles' stored entities, and its weekdays and figures
from their stored terms and text (duplicates bring entities only, as at ingest). The keys, weekdays and
figures are made by copies of the rules in force when this revision was written, so that this revision stays
what it was when the analysis changes.

Revision ID: 5e8d2a4c9f17
Revises: b3e5f1c2a7d4
Create Date: 2026-11-22 15:00:00
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping

import sqlalchemy as sa
from alembic import op

revision = "5e8d2a4c9f17"
down_revision = "b3e5f1c2a7d4"
branch_labels = None
depends_on = None

STORY_ENTITY_TYPES = {"PERSON", "ORG", "GPE", "FAC", "EVENT"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
FIGURE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?:\s?[-–]\s?\d+)?(?:\s(?:million|billion|percent))?(?![\w,.]\d)")
FIGURE_DASH = re.compile(r"\s?[-–]\s?")
PLAIN_YEAR = re.compile(r"(?:1[89]|20)\d\d")
SKELETON_SPELLINGS = (
    ("tsch", "ch"),
    ("tch", "ch"),
    ("kh", "k"),
    ("dh", "d"),
    ("gh", "g"),
    ("ph", "f"),
    ("q", "k"),
    ("iy", "y"),
    ("ij", "y"),
    ("ou", "u"),
    ("ee", "i"),
    ("j", "y"),
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^\w\s-]", "", text).replace("-", " ")
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"\s+", " ", text)


def _skeleton(name: str) -> str:
    key = re.sub(r"\b(?:al|el|ad|ed|ash|esh)\s+(?=\w)", "", _fold(name)).replace(" ", "")
    for old, new in SKELETON_SPELLINGS:
        key = key.replace(old, new)
    key = re.sub(r"(.)\1+", r"\1", key)
    return re.sub(r"[yi]$", "y", key)


def story_keys(key: str, name: str, entity_type: str) -> set[str]:
    if entity_type not in STORY_ENTITY_TYPES:
        return set()
    if ":" not in key:
        return {key}
    keys = {_skeleton(name)}
    words = name.split()
    if entity_type == "PERSON" and len(words) > 1:
        keys.add(_skeleton(words[-1]))
    return keys


def weekdays_named(terms: Mapping[str, int]) -> set[str]:
    return {term for term in terms if term in WEEKDAYS}


def figures_stated(text: str) -> set[str]:
    found = set()
    for match in FIGURE.finditer(text):
        figure = FIGURE_DASH.sub("-", match.group())
        if len(figure) > 1 and not PLAIN_YEAR.fullmatch(figure):
            found.add(figure)
    return found


articles = sa.table(
    "articles",
    sa.column("id", sa.String),
    sa.column("text", sa.Text),
    sa.column("terms", sa.JSON),
    sa.column("story_id", sa.String),
    sa.column("duplicate_of", sa.String),
)
stories = sa.table("stories", sa.column("id", sa.String), sa.column("profile", sa.JSON))
entities = sa.table("entities", sa.column("id", sa.String), sa.column("name", sa.Text), sa.column("type", sa.String))
article_entities = sa.table("article_entities", sa.column("article_id", sa.String), sa.column("entity_id", sa.String))


def _story_entity_counts(connection: sa.Connection, keys_of: Callable[[str, str, str], set[str]]) -> dict[str, Counter]:
    counts: dict[str, Counter[str]] = {}
    named = connection.execute(
        sa.select(articles.c.story_id, entities.c.id, entities.c.name, entities.c.type).select_from(
            article_entities.join(articles, articles.c.id == article_entities.c.article_id).join(
                entities, entities.c.id == article_entities.c.entity_id
            )
        )
    )
    for story_id, key, name, entity_type in named:
        counts.setdefault(story_id, Counter()).update(keys_of(key, name, entity_type))
    return counts


def upgrade() -> None:
    connection = op.get_bind()
    keys = _story_entity_counts(connection, story_keys)
    weekdays: dict[str, Counter[str]] = {}
    figures: dict[str, Counter[str]] = {}
    for story_id, text, terms in connection.execute(
        sa.select(articles.c.story_id, articles.c.text, articles.c.terms).where(articles.c.duplicate_of.is_(None))
    ):
        weekdays.setdefault(story_id, Counter()).update(weekdays_named(terms or {}))
        figures.setdefault(story_id, Counter()).update(figures_stated(text))
    for story_id, profile in connection.execute(sa.select(stories.c.id, stories.c.profile)).all():
        profile = dict(profile)
        profile["entities"] = dict(keys.get(story_id, {}))
        profile["weekdays"] = dict(weekdays.get(story_id, {}))
        profile["figures"] = dict(figures.get(story_id, {}))
        connection.execute(stories.update().where(stories.c.id == story_id).values(profile=profile))


def downgrade() -> None:
    """Back to entity ids of the story types as keys, without weekdays and figures."""
    connection = op.get_bind()
    old_types = {"PERSON", "ORG", "GPE", "FAC", "EVENT"}
    keys = _story_entity_counts(
        connection, lambda key, _name, entity_type: {key} if entity_type in old_types else set()
    )
    for story_id, profile in connection.execute(sa.select(stories.c.id, stories.c.profile)).all():
        profile = {k: v for k, v in profile.items() if k not in ("weekdays", "figures")}
        profile["entities"] = dict(keys.get(story_id, {}))
        connection.execute(stories.update().where(stories.c.id == story_id).values(profile=profile))
