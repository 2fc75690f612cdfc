"""Tables. Only the store layer knows them; JSON columns work on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# The Alembic revision these tables are (the newest one in migrations/versions; a test holds them together):
# a database at it is opened without loading Alembic.
SCHEMA_REVISION = "d4a9e7c1b3f6"


class Base(DeclarativeBase):
    """The tables' common base."""

    pass


class ArticleRow(Base):
    """An article: its cleaned text, its dates, its story and what story assignment compares it by."""

    __tablename__ = "articles"
    id: Mapped[str] = mapped_column(String(512), primary_key=True)
    origin: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(256))
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    published_basis: Mapped[str] = mapped_column(String(16))
    # Where the date was inferred from the story (basis "story"): the range it lies in.
    published_earliest: Mapped[dt.date | None] = mapped_column(Date)
    published_latest: Mapped[dt.date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    duplicate_of: Mapped[str | None] = mapped_column(String(512), index=True)
    story_id: Mapped[str] = mapped_column(ForeignKey("stories.id"), index=True)
    # The text's fingerprint (chronicle.analysis.fingerprint): sorted uint32 shingle hashes, uint32 MinHash values.
    shingles: Mapped[bytes] = mapped_column(LargeBinary)
    minhash: Mapped[bytes] = mapped_column(LargeBinary)
    terms: Mapped[dict] = mapped_column(JSON)
    timexes: Mapped[list] = mapped_column(JSON)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime)


class StoryRow(Base):
    """A story, or the pointer left by one merged into another; its profile is what new articles are matched to."""

    __tablename__ = "stories"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    first_date: Mapped[dt.date | None] = mapped_column(Date)
    last_date: Mapped[dt.date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    profile: Mapped[dict] = mapped_column(JSON)
    # Set when the story was found to be the same happening as another and merged into it: the row stays so
    # that its address leads to the story it became.
    merged_into: Mapped[str | None] = mapped_column(String(32))
    thread_id: Mapped[str | None] = mapped_column(String(32), index=True)  # its running topic's thread


class EntityRow(Base):
    """A person, organisation or place across the corpus, keyed as corpus.entities keys it."""

    __tablename__ = "entities"
    id: Mapped[str] = mapped_column(String(256), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16))
    aliases: Mapped[list] = mapped_column(JSON)
    actor_id: Mapped[str | None] = mapped_column(String(128))
    country: Mapped[str | None] = mapped_column(String(8))
    sector: Mapped[str | None] = mapped_column(String(8))


class ArticleEntityRow(Base):
    """Where an article names an entity: the character spans of each mention."""

    __tablename__ = "article_entities"
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    entity_id: Mapped[str] = mapped_column(ForeignKey("entities.id"), primary_key=True, index=True)
    mentions: Mapped[list] = mapped_column(JSON)


class QuoteRow(Base):
    """A direct quote of an article, with its speaker."""

    __tablename__ = "quotes"
    id: Mapped[str] = mapped_column(String(600), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    speaker: Mapped[str | None] = mapped_column(Text)
    speaker_id: Mapped[str | None] = mapped_column(String(256), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class EventRow(Base):
    """An event merged from every article sentence that reports it (corpus.events.EventRecord, stored)."""

    __tablename__ = "events"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    story_id: Mapped[str | None] = mapped_column(ForeignKey("stories.id"), index=True)
    type: Mapped[str] = mapped_column(String(16), index=True)
    plover_code: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    date: Mapped[str | None] = mapped_column(String(16))
    date_start: Mapped[dt.date | None] = mapped_column(Date)  # the first and last day the date covers
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    date_basis: Mapped[str] = mapped_column(String(16))
    sources: Mapped[list] = mapped_column(JSON)
    targets: Mapped[list] = mapped_column(JSON)
    location: Mapped[dict | None] = mapped_column(JSON)
    place_name: Mapped[str | None] = mapped_column(Text)  # searched, with the evidence, as plain text
    evidence_text: Mapped[str] = mapped_column(Text, default="")  # the evidence sentences, one a line
    mentions: Mapped[list] = mapped_column(JSON)
    history: Mapped[list] = mapped_column(JSON)
    contexts: Mapped[list] = mapped_column(JSON, default=list)
    num_articles: Mapped[int] = mapped_column(Integer)
    num_sources: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    # the event as the export gives it (records.Event.as_json), written with the row: an API page joins it
    public_json: Mapped[str] = mapped_column(Text, server_default="")


class EventActorRow(Base):
    """One actor of an event, as source or target: what events are found by."""

    __tablename__ = "event_actors"
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(8), primary_key=True)  # source | target
    position: Mapped[int] = mapped_column(Integer, primary_key=True)  # its place among the event's actors
    actor_key: Mapped[str] = mapped_column(String(512), index=True)
    actor_id: Mapped[str | None] = mapped_column(String(256), index=True)
    name: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(8), index=True)
    sector: Mapped[str | None] = mapped_column(String(8))


class EventReportRow(Base):
    """An article that reports an event, with its outlet: what events are found and counted by outlet."""

    __tablename__ = "event_reports"
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(512), primary_key=True)
    outlet: Mapped[str | None] = mapped_column(String(256), index=True)


class TermCountRow(Base):
    """How many articles use a content term: the document frequencies of the TF-IDF vectors."""

    __tablename__ = "term_counts"
    term: Mapped[str] = mapped_column(String(128), primary_key=True)
    df: Mapped[int] = mapped_column(Integer)
