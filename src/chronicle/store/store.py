"""Reading and writing Chronicle's database."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, replace
from datetime import UTC, date, datetime
from functools import cached_property, lru_cache, partial
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    Subquery,
    Text,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    inspect,
    literal,
    null,
    or_,
    select,
    text,
    union,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from chronicle.corpus.events import EventParty, EventRecord
from chronicle.failures import StoreError
from chronicle.query import (
    CountBy,
    CountPeriod,
    EventCursor,
    EventQuery,
    EventSort,
    SortKey,
    StoryQuery,
    period_of,
    whole_name,
)
from chronicle.records import (
    SEARCH_KINDS,
    AnalysedArticle,
    DateBasis,
    EntityMentions,
    Event,
    EventStatus,
    Evidence,
    EvidenceSpan,
    Fingerprint,
    Place,
    PublishedBasis,
    SearchHit,
    SearchKind,
    StatusChange,
    StoredArticle,
    StoredEntity,
    StoredQuote,
    Story,
    StoryDetail,
    Thread,
)
from chronicle.store.opening import database_reason, open_engine, writer_lock
from chronicle.store.pages import ListMilestones, ListOrder, Mark, PagedList, list_milestones, page_rows
from chronicle.store.revision import Revision
from chronicle.store.schema import (
    ArticleEntityRow,
    ArticleRow,
    EntityRow,
    EventActorRow,
    EventReportRow,
    EventRow,
    QuoteRow,
    StoryRow,
    TermCountRow,
)

if TYPE_CHECKING:  # (what only ingest needs is imported when it runs: reading stays quick to start)
    from sqlalchemy.engine import Row

    from chronicle.corpus.state import ArticleOutcome, CorpusChanges, CorpusState, StoryProfile
    from chronicle.corpus.vectors import Vocabulary

    AnyRow = Row[*tuple[Any, ...]]  # a result row of any columns, read by their names

WRITER_TIMEOUT = 3600.0  # seconds an ingest waits for another to finish writing


@contextmanager
def _database_failure(doing: str) -> Iterator[None]:
    """A failure of the database itself (locked, full, gone, refused) as a StoreError; what a batch's own rows
    cause (a constraint, a value the column cannot hold) stays the batch's."""
    try:
        yield
    except (IntegrityError, DataError):
        raise
    except DBAPIError as exc:
        raise StoreError(f"cannot {doing} the database: {database_reason(exc)}") from exc


def text_hash(text: str) -> str:
    """What makes two texts the same: their words, in lower case, whatever the white space."""
    return hashlib.sha256(" ".join(text.split()).lower().encode()).hexdigest()


def _story_profile_json(story: StoryProfile, vocabulary: Vocabulary) -> dict:
    return {
        "centroid": vocabulary.words(story.centroid),
        "entities": dict(story.entities),
        "years": dict(story.years),
        "weekdays": dict(story.weekdays),
        "figures": dict(story.figures),
        "members": [vocabulary.words(member) for member in story.members],
        "key_terms": sorted(story.key_terms),
        "dates": [d.isoformat() for d in story.dates],
        "article_ids": story.article_ids,
        "titles": story.titles,
        "lead_sentences": [list(s) for s in story.lead_sentences],
    }


def _story_from_row(row: StoryRow, vocabulary: Vocabulary) -> StoryProfile:
    from chronicle.corpus.state import StoryProfile

    p = row.profile
    return StoryProfile(
        id=row.id,
        centroid=vocabulary.vector(p["centroid"]),
        entities=Counter(p["entities"]),
        years=Counter(p.get("years", {})),
        weekdays=Counter(p.get("weekdays", {})),
        figures=Counter(p.get("figures", {})),
        members=[vocabulary.vector(m) for m in p.get("members", [])],
        key_terms=set(p.get("key_terms", [])),
        dates=[date.fromisoformat(d) for d in p["dates"]],
        article_ids=list(p["article_ids"]),
        titles=dict(p["titles"]),
        lead_sentences=[tuple(s) for s in p["lead_sentences"]],
        title=row.title,
        summary=row.summary,
    )


def _evidence_json(evidence: Evidence) -> dict[str, Any]:
    return {
        "article_id": evidence.article_id,
        "source": evidence.source,
        "sentence": evidence.sentence,
        "start": evidence.start,
        "end": evidence.end,
        "status": evidence.status,
        "date": evidence.date,
        "trigger": evidence.trigger,
        "trigger_span": list(evidence.trigger_span) if evidence.trigger_span else None,
        # compact, as [role, start, end]: there are hundreds of thousands of mentions in a large corpus
        "actor_spans": [[span.role, span.start, span.end] for span in evidence.actor_spans],
        "contexts": list(evidence.contexts),
    }


def _evidence(m: dict[str, Any], status: EventStatus) -> Evidence:
    """A stored mention; one stored before mentions had a status has its event's."""
    span = m.get("trigger_span")
    return Evidence(
        m["article_id"],
        m.get("source"),
        m["sentence"],
        m["start"],
        m["end"],
        m.get("status") or status,
        m.get("date"),
        m.get("trigger"),
        (span[0], span[1]) if span else None,
        tuple(EvidenceSpan(role, start, end) for role, start, end in m.get("actor_spans") or []),
        tuple(m.get("contexts") or ()),
    )


def _event_record(row: EventRow | AnyRow) -> EventRecord:
    # (the status and date basis are what the corpus stage wrote: one of their kinds)
    status = cast(EventStatus, row.status)
    return EventRecord(
        id=row.id,
        story_id=row.story_id,
        type=row.type,
        plover_code=row.plover_code,
        status=status,
        sources=[EventParty(**a) for a in row.sources],
        targets=[EventParty(**a) for a in row.targets],
        date=row.date,
        date_basis=cast(DateBasis, row.date_basis),
        location=Place(**row.location) if row.location else None,
        confidence=row.confidence,
        mentions=[_evidence(m, status) for m in row.mentions],
        history=[StatusChange(h["status"], h["article_id"], h.get("date")) for h in row.history],
        contexts=list(row.contexts or []),
    )


def _takes_part(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """An actor of the event, as source or target, meets every condition."""
    # (the events whose actors meet them, as a set: SQLite finds an actor's few events by the actor index and
    # looks each up, where a correlated EXISTS tested every event in the list's order)
    return EventRow.id.in_(select(EventActorRow.event_id).where(*conditions))


def _named(actor: str) -> ColumnElement[bool]:
    """An event actor by key or actor id, or by its name holding the words (taken literally: no wildcard)."""
    return or_(
        EventActorRow.actor_key == actor,
        EventActorRow.actor_id == actor,
        EventActorRow.name.icontains(actor, autoescape=True),
    )


def _event_conditions(query: EventQuery) -> list[ColumnElement[bool]]:
    """The SQL conditions of a query's filters."""
    found: list[ColumnElement[bool]] = [EventRow.confidence >= query.min_confidence]
    found += [_takes_part(_named(actor)) for actor in query.actors]
    optional: list[tuple[object, Callable[[], ColumnElement[bool]]]] = [
        (query.country, lambda: _takes_part(EventActorRow.country == str(query.country).upper())),
        (query.sector, lambda: _takes_part(EventActorRow.sector == str(query.sector).upper())),
        (
            query.type,
            lambda: or_(EventRow.type == str(query.type).upper(), EventRow.plover_code == str(query.type).upper()),
        ),
        (query.status, lambda: EventRow.status == query.status),
        # (contexts are a JSON list of lower-case words: a quoted word matches one whole)
        (query.context, lambda: sql_cast(EventRow.contexts, String).contains(f'"{str(query.context).lower()}"')),
        (query.since, lambda: EventRow.date_end >= query.since),
        (query.until, lambda: EventRow.date_start <= query.until),
        (query.place, lambda: _name_matches(EventRow.place_name, str(query.place))),
        (query.text, lambda: EventRow.evidence_text.icontains(str(query.text), autoescape=True)),
        (
            query.outlet,
            lambda: (
                exists()
                .where(
                    EventReportRow.event_id == EventRow.id,
                    _name_matches(EventReportRow.outlet, str(query.outlet)),
                )
                .correlate(EventRow)
            ),
        ),
        (query.story_id, lambda: EventRow.story_id == query.story_id),
        (
            query.thread_id,
            lambda: EventRow.story_id.in_(select(StoryRow.id).where(StoryRow.thread_id == query.thread_id)),
        ),
    ]
    found += [condition() for value, condition in optional if value]
    return found


# Each order of the event list as its index holds it: events without the value last, ties by id.
def _events_by(column: InstrumentedAttribute[Any], descending: bool) -> ListOrder:
    return ListOrder(((column, descending),), EventRow.id, nulls_last=bool(column.nullable))


EVENT_ORDERS: dict[EventSort, ListOrder] = {
    "date": _events_by(EventRow.date_start, False),  # ix_events_date_order
    "-date": _events_by(EventRow.date_end, True),  # ix_events_newest_order
    "-confidence": _events_by(EventRow.confidence, True),  # (never missing: one part)
    "-outlets": _events_by(EventRow.num_sources, True),
}


def _cursor_mark(cursor: EventCursor) -> tuple[bool, Mark]:
    """Where an event list's cursor stands: whether among the events without the order's value, and its mark."""
    key = date.fromisoformat(cursor.key) if isinstance(cursor.key, str) else cursor.key  # a day's ISO text
    return key is None, (key, cursor.event_id)


Found = TypeVar("Found")


def _with_cursor(
    found: list[Found], limit: int, cursor_of: Callable[[Found], EventCursor]
) -> tuple[list[Found], EventCursor | None]:
    """A page read one row longer than `limit`, and the cursor after it when that row was there."""
    return (found[:limit], cursor_of(found[limit - 1])) if len(found) > limit else (found, None)


def _cursor_key(value: date | float | int | None) -> SortKey:
    """An order's value as a cursor keeps it (a day as ISO text)."""
    return value.isoformat() if isinstance(value, date) else value


def _event_page(
    session: Session,
    columns: Select[Any],
    query: EventQuery,
    limit: int | None,
    *also: ColumnElement[bool],
    milestones: ListMilestones | None = None,
) -> list[Any]:
    """`columns` of a page of the events a query keeps that also meet `also`: after its cursor, or from its
    offset (sought from the milestone before it, given the list's milestones)."""
    after = _cursor_mark(query.after) if query.after is not None else None
    conditions = [*_event_conditions(query), *also]
    return page_rows(session, columns, EVENT_ORDERS[query.sort], conditions, query.offset, limit, after, milestones)


SNIPPET_WORDS = 16  # words of context in a search hit's passage
OPEN_MARK, CLOSE_MARK = "\x02", "\x03"  # FTS5's snippet markers: characters no stored text holds


def _marked(snippet: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A snippet without its markers, and the spans they enclosed."""
    text, marks, start = "", [], 0
    for part in re.split(f"([{OPEN_MARK}{CLOSE_MARK}])", snippet):
        if part == OPEN_MARK:
            start = len(text)
        elif part == CLOSE_MARK:
            marks.append((start, len(text)))
        else:
            text += part
    return text, tuple(marks)


def _indexed_search(
    session: Session, terms: list[str], kinds: list[SearchKind], limit: int, offset: int
) -> list[SearchHit]:
    # each word a quoted FTS5 string: the user's words are never read as FTS5's query syntax
    match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
    rows = session.execute(
        text(
            "SELECT kind, ref, title, snippet(search_text, 3, :open, :close, '…', :words) FROM search_text "
            f"WHERE search_text MATCH :match AND kind IN ({', '.join(f':k{i}' for i in range(len(kinds)))}) "
            "ORDER BY rank LIMIT :limit OFFSET :offset"
        ),
        {
            "match": match,
            "open": OPEN_MARK,
            "close": CLOSE_MARK,
            "words": SNIPPET_WORDS,
            "limit": limit,
            "offset": offset,
            **{f"k{i}": kind for i, kind in enumerate(kinds)},
        },
    )
    return [SearchHit(kind, ref, title, *_marked(snippet), None) for kind, ref, title, snippet in rows]


# The documents PostgreSQL searches, as migration f7a3c1e9d2b5 indexes them: kind, table, id, title, body.
POSTGRES_DOCUMENTS = {
    "article": ("articles", "id", "title", "text", "to_tsvector('english', coalesce(title, '') || ' ' || text)"),
    "event": (
        "events",
        "id",
        "type",
        "evidence_text",
        "to_tsvector('english', type || ' ' || coalesce(evidence_text, ''))",
    ),
    "quote": ("quotes", "id", "speaker", "text", "to_tsvector('english', coalesce(speaker, '') || ' ' || text)"),
}


def _postgres_search(
    session: Session, terms: list[str], kinds: list[SearchKind], limit: int, offset: int
) -> list[SearchHit]:
    # plainto_tsquery: every word, stemmed, none read as query syntax; the passage is made for the page only
    selects = [
        f"SELECT '{kind}' AS kind, {ref} AS ref, coalesce({title}, '') AS title, coalesce({body}, '') AS body, "
        f"ts_rank({document}, query) AS rank FROM {table}, plainto_tsquery('english', :words) AS query "
        f"WHERE {document} @@ query"
        for kind in kinds
        for table, ref, title, body, document in [POSTGRES_DOCUMENTS[kind]]
    ]
    rows = session.execute(
        text(
            "SELECT kind, ref, title, ts_headline('english', body, plainto_tsquery('english', :words), :options) "
            f"FROM ({' UNION ALL '.join(selects)}) AS hits ORDER BY rank DESC, kind, ref LIMIT :limit OFFSET :offset"
        ),
        {
            "words": " ".join(terms),
            "options": f"StartSel={OPEN_MARK}, StopSel={CLOSE_MARK}, MaxWords={SNIPPET_WORDS}, "
            f"MinWords={SNIPPET_WORDS // 2}, MaxFragments=1, FragmentDelimiter=…",
            "limit": limit,
            "offset": offset,
        },
    )
    return [SearchHit(kind, ref, title, *_marked(snippet), None) for kind, ref, title, snippet in rows]


def _passage(body: str, terms: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The words around the first match in a text, and where each word matches in them."""
    lowered = body.lower()
    first = min((i for t in terms if (i := lowered.find(t.lower())) >= 0), default=0)
    start, end = max(0, first - 80), min(len(body), first + 120)
    passage = ("…" if start else "") + body[start:end] + ("…" if end < len(body) else "")
    marks = sorted((m.start(), m.end()) for t in terms for m in re.finditer(re.escape(t), passage, re.IGNORECASE))
    return passage, tuple(marks)


def _scanned_search(
    session: Session, terms: list[str], kinds: list[SearchKind], limit: int, offset: int
) -> list[SearchHit]:
    columns = {
        "article": (ArticleRow.id, ArticleRow.title, ArticleRow.text),
        "event": (EventRow.id, EventRow.type, EventRow.evidence_text),
        "quote": (QuoteRow.id, QuoteRow.speaker, QuoteRow.text),
    }
    found: list[SearchHit] = []
    for kind in kinds:
        ref, title, body = columns[kind]
        # a word may stand in the title or the body, as in the FTS5 table
        searched = func.coalesce(title, "") + " " + func.coalesce(body, "")
        rows = session.execute(
            select(ref, title, body).where(*(searched.icontains(t, autoescape=True) for t in terms)).order_by(ref)
        )
        found += [SearchHit(kind, i, name or "", *_passage(words, terms), None) for i, name, words in rows]
    return found[offset : offset + limit]


def _move_events(session: Session, absorbed: str, kept: str) -> None:
    """The events of a story merged into another are the other's (their public JSON names their story)."""
    for row in session.execute(select(EventRow.__table__).where(EventRow.story_id == absorbed)).all():
        event = _event_record(row)
        event.story_id = kept
        session.execute(
            update(EventRow)
            .where(EventRow.id == event.id)
            .values(story_id=kept, public_json=event.public().json_text())
        )


def _save_events(session: Session, events: Iterable[EventRecord]) -> None:
    """Write made or changed events, each with its actors as rows of their own."""
    for event in events:
        span = event.date_span
        session.merge(
            EventRow(
                id=event.id,
                story_id=event.story_id,
                type=event.type,
                plover_code=event.plover_code,
                status=event.status,
                date=event.date,
                date_start=span[0] if span else None,
                date_end=span[1] if span else None,
                date_basis=event.date_basis,
                sources=[asdict(a) for a in event.sources],  # read back by EventParty(**a)
                targets=[asdict(a) for a in event.targets],
                location=asdict(event.location) if event.location else None,
                place_name=event.place_name,
                evidence_text=event.evidence_text,
                mentions=[_evidence_json(m) for m in event.mentions],
                history=[asdict(h) for h in event.history],
                contexts=event.contexts,
                num_articles=event.num_articles,
                num_sources=event.num_sources,
                confidence=event.confidence,
                public_json=event.public().json_text(),
            )
        )
        session.execute(delete(EventActorRow).where(EventActorRow.event_id == event.id))
        session.execute(delete(EventReportRow).where(EventReportRow.event_id == event.id))
        outlets: dict[str, str | None] = {}
        for mention in event.mentions:
            outlets.setdefault(mention.article_id, mention.source)
        session.add_all(
            EventReportRow(event_id=event.id, article_id=article_id, outlet=outlet)
            for article_id, outlet in outlets.items()
        )
        session.add_all(
            EventActorRow(
                event_id=event.id,
                role=role,
                position=position,
                actor_key=actor.key,
                actor_id=actor.actor_id,
                name=actor.name,
                country=actor.country,
                sector=actor.sector,
            )
            for role, actors in (("source", event.sources), ("target", event.targets))
            for position, actor in enumerate(actors)
        )


def _save_entities(session: Session, entities: Iterable[StoredEntity]) -> None:
    """Write entities as the corpus stage keeps them, new or changed."""
    for entity in entities:
        session.merge(
            EntityRow(
                id=entity.id,
                name=entity.name,
                type=entity.type,
                aliases=list(entity.aliases),
                actor_id=entity.actor_id,
                country=entity.country,
                sector=entity.sector,
            )
        )


def _count_terms(session: Session, originals: Iterable[AnalysedArticle]) -> None:
    """Add the articles' terms to the stored document frequencies (duplicates never enter them)."""
    new_terms: Counter[str] = Counter()
    for analysed in originals:
        new_terms.update(analysed.terms.keys())
    existing = {r.term: r for r in session.scalars(select(TermCountRow).where(TermCountRow.term.in_(new_terms)))}
    for term, count in new_terms.items():
        if term in existing:
            existing[term].df += count
        else:
            session.add(TermCountRow(term=term, df=count))


def _index_text(
    session: Session, saved: list[tuple[AnalysedArticle, ArticleOutcome]], events: Iterable[EventRecord]
) -> None:
    """Keep the full-text index with what a batch saved: its articles and quotes, and its events' evidence as
    it now stands."""
    insert = text("INSERT INTO search_text (kind, ref, title, body) VALUES (:kind, :ref, :title, :body)")
    rows = []
    for analysed, outcome in saved:
        article = analysed.article
        rows.append({"kind": "article", "ref": article.id, "title": article.title, "body": article.text})
        rows += [
            {"kind": "quote", "ref": f"{article.id}#q{number}", "title": quote.speaker or "", "body": quote.text}
            for number, quote in enumerate(outcome.quotes, start=1)
        ]
    for event in events:
        session.execute(text("DELETE FROM search_text WHERE kind = 'event' AND ref = :ref"), {"ref": event.id})
        rows.append({"kind": "event", "ref": event.id, "title": event.type, "body": event.evidence_text})
    if rows:
        session.execute(insert, rows)


def _with_stories(session: Session, hits: list[SearchHit]) -> list[SearchHit]:
    """The hits, each with the story it belongs to."""
    ids = {kind: [h.id for h in hits if h.kind == kind] for kind in SEARCH_KINDS}
    queries = (
        select(ArticleRow.id, ArticleRow.story_id).where(ArticleRow.id.in_(ids["article"])),
        select(EventRow.id, EventRow.story_id).where(EventRow.id.in_(ids["event"])),
        select(QuoteRow.id, ArticleRow.story_id)
        .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
        .where(QuoteRow.id.in_(ids["quote"])),
    )
    story_of: dict[str, str | None] = {ref: story for query in queries for ref, story in session.execute(query)}
    return [replace(h, story_id=story_of.get(h.id)) for h in hits]


def _article(r: ArticleRow | AnyRow) -> StoredArticle:
    return StoredArticle(
        id=r.id,
        source=r.source,
        url=r.url,
        title=r.title,
        published=r.published,
        # (the basis is what the corpus stage wrote: one of its kinds)
        published_basis=cast(PublishedBasis, r.published_basis),
        published_range=(r.published_earliest, r.published_latest)
        if r.published_earliest and r.published_latest
        else None,
        duplicate_of=r.duplicate_of,
        story_id=r.story_id,
        text=r.text,
    )


def _name_matches(column: Any, value: str) -> ColumnElement[bool]:
    """A name filter's condition: the whole name exactly as stored when the value asks for it
    (query.whole_name: what a facet counts, an outlet or a place, is that string), else the value anywhere
    in the name, any case."""
    whole = whole_name(value)
    if whole is not None:
        return cast(ColumnElement[bool], column == whole)
    return cast(ColumnElement[bool], column.icontains(value, autoescape=True))


def _story_conditions(query: StoryQuery) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = [StoryRow.merged_into.is_(None)]
    if query.thread_id is not None:
        found.append(StoryRow.thread_id == query.thread_id)
    for word in (query.words or "").split():
        found.append(
            or_(StoryRow.title.icontains(word, autoescape=True), StoryRow.summary.icontains(word, autoescape=True))
        )
    if query.since is not None:
        found.append(StoryRow.last_date >= query.since)
    if query.until is not None:
        found.append(StoryRow.first_date <= query.until)
    if query.outlet:
        reported = _name_matches(ArticleRow.source, query.outlet)
        found.append(exists().where(ArticleRow.story_id == StoryRow.id, reported).correlate(StoryRow))
    if query.country:
        found.append(exists(_story_countries(query).where(EventRow.story_id == StoryRow.id)).correlate(StoryRow))
    return found


def _value_counts(session: Session, facets: dict[str, Subquery], size: int) -> dict[str, list[tuple[str, int]]]:
    """For each facet, a subquery of (item, value) rows, its `size` values held by most distinct items first
    (ties by value): what a facet list shows."""
    found: dict[str, list[tuple[str, int]]] = {}
    for name, facet in facets.items():
        items = func.count(func.distinct(facet.c.item))
        rows = select(facet.c.value, items).group_by(facet.c.value).order_by(items.desc(), facet.c.value)
        found[name] = [(value, count) for value, count in session.execute(rows.limit(size))]
    return found


def _story_countries(query: StoryQuery) -> Select[str | None, str | None]:
    """(story, country) of the actors of its events at or above the query's confidence; with the query's
    country, that country's only."""
    rows = (
        select(EventRow.story_id.label("item"), EventActorRow.country.label("value"))
        .join(EventActorRow, EventActorRow.event_id == EventRow.id)
        .where(EventRow.confidence >= query.min_confidence, EventActorRow.country.is_not(None))
    )
    if query.country:
        rows = rows.where(EventActorRow.country == query.country.upper())
    return rows


def _json_object(dialect: str, fields: dict[str, Any]) -> ColumnElement[str]:
    """A row's fields as the text of one JSON object, in order, made by the database: a page of a list read
    often is its rows' texts joined, with no record made on the way."""
    pairs: list[Any] = []
    for name, value in fields.items():
        pairs += [literal(name, String), value]
    if dialect == "postgresql":
        return sql_cast(func.json_build_object(*pairs), Text)  # (json keeps the order, as jsonb would not)
    return func.json_object(*pairs)


def _json_array(dialect: str, *values: Any) -> ColumnElement[Any]:
    return func.json_build_array(*values) if dialect == "postgresql" else func.json_array(*values)


def _article_json(dialect: str) -> ColumnElement[str]:
    """An article row as records.StoredArticle.as_json gives it."""
    known_range = and_(ArticleRow.published_earliest.is_not(None), ArticleRow.published_latest.is_not(None))
    published_range = _json_array(dialect, ArticleRow.published_earliest, ArticleRow.published_latest)
    return _json_object(
        dialect,
        {
            "id": ArticleRow.id,
            "source": ArticleRow.source,
            "url": ArticleRow.url,
            "title": ArticleRow.title,
            "published": ArticleRow.published,
            "published_basis": ArticleRow.published_basis,
            "published_range": case((known_range, published_range), else_=null()),
            "duplicate_of": ArticleRow.duplicate_of,
            "story_id": ArticleRow.story_id,
            "text": ArticleRow.text,
        },
    )


def _story_json(dialect: str) -> ColumnElement[str]:
    """A story row as records.Story.as_json gives it."""
    if dialect == "postgresql":
        article_ids: ColumnElement[Any] = StoryRow.profile.op("->")(literal("article_ids", String))
    else:
        article_ids = func.json_extract(StoryRow.profile, "$.article_ids")
    count = func.json_array_length(article_ids)
    fields: dict[str, Any] = {"id": StoryRow.id, "title": StoryRow.title, "first_date": StoryRow.first_date}
    fields |= {"last_date": StoryRow.last_date, "article_ids": article_ids, "summary": StoryRow.summary}
    return _json_object(dialect, fields | {"num_articles": count, "thread_id": StoryRow.thread_id})


def _quote_json(dialect: str, outlet: ColumnElement[Any]) -> ColumnElement[str]:
    """A quote row with its article's outlet, as records.StoredQuote.as_json gives it."""
    fields = {"id": QuoteRow.id, "article_id": QuoteRow.article_id, "source": outlet, "speaker": QuoteRow.speaker}
    fields |= {"speaker_id": QuoteRow.speaker_id, "text": QuoteRow.text, "start": QuoteRow.start, "end": QuoteRow.end}
    return _json_object(dialect, fields)


def _quote_outlet() -> ColumnElement[str | None]:
    """A quote's outlet, its article's, as a subquery, not a join: SQLite looks it up only for the
    quotes of a page, not for each quote an offset skips."""
    return select(ArticleRow.source).where(ArticleRow.id == QuoteRow.article_id).scalar_subquery()


def _quote(q: QuoteRow | AnyRow, source: str | None) -> StoredQuote:
    return StoredQuote(
        id=q.id,
        article_id=q.article_id,
        source=source,
        speaker=q.speaker,
        speaker_id=q.speaker_id,
        text=q.text,
        start=q.start,
        end=q.end,
    )


def _entity(r: EntityRow, article_count: int | None = None) -> StoredEntity:
    return StoredEntity(
        id=r.id,
        name=r.name,
        type=r.type,
        aliases=tuple(r.aliases),
        country=r.country,
        sector=r.sector,
        actor_id=r.actor_id,
        article_count=article_count,
    )


def _article_conditions(story_id: str | None, article_id: str | None) -> list[ColumnElement[bool]]:
    """An article list's filters."""
    return [
        *([ArticleRow.story_id == story_id] if story_id else []),
        *([ArticleRow.id == article_id] if article_id is not None else []),
    ]


def _quote_conditions(story_id: str | None, speaker_id: str | None) -> list[ColumnElement[bool]]:
    """A quote list's filters."""
    return [
        *([QuoteRow.article_id.in_(select(ArticleRow.id).where(ArticleRow.story_id == story_id))] if story_id else []),
        *([QuoteRow.speaker_id == speaker_id] if speaker_id else []),
    ]


def _story(row: StoryRow | AnyRow) -> Story:
    return Story(
        id=row.id,
        title=row.title,
        summary=row.summary,
        first_date=row.first_date,
        last_date=row.last_date,
        article_ids=tuple(row.profile["article_ids"]),
        thread_id=row.thread_id,
    )


# What an article's record holds (its fingerprints and term counts are the corpus stage's, read by it alone).
ARTICLE_FIELDS = (
    ArticleRow.id,
    ArticleRow.source,
    ArticleRow.url,
    ArticleRow.title,
    ArticleRow.published,
    ArticleRow.published_basis,
    ArticleRow.published_earliest,
    ArticleRow.published_latest,
    ArticleRow.duplicate_of,
    ArticleRow.story_id,
    ArticleRow.text,
)
# by publication, undated last (ix_articles_list_order)
ARTICLE_ORDER = ListOrder(((ArticleRow.published, False),), ArticleRow.id, nulls_last=True)
# by article and place in it (ix_quotes_list_order)
QUOTE_ORDER = ListOrder(((QuoteRow.article_id, False), (QuoteRow.start, False)), QuoteRow.id)
# newest first, undated last (ix_stories_list_order)
STORY_ORDER = ListOrder(((StoryRow.first_date, True),), StoryRow.id, nulls_last=True)
# A story page is the page read most: its statements are built once (building one with the ORM took longer
# than running it) and read rows, not the ORM's objects. The orders are those of the lists.
STORY_READS = {
    "story": select(StoryRow.__table__).where(StoryRow.id == bindparam("story")),
    "articles": select(*ARTICLE_FIELDS)
    .where(ArticleRow.story_id == bindparam("story"))
    .order_by(*ARTICLE_ORDER.whole()),
    "events": select(EventRow.__table__)
    .where(EventRow.story_id == bindparam("story"))
    .order_by(*EVENT_ORDERS["date"].whole()),
    "quotes": select(QuoteRow.__table__, ArticleRow.source.label("outlet"))
    .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
    .where(ArticleRow.story_id == bindparam("story"))
    .order_by(*QUOTE_ORDER.whole()),
}


class JsonPages:
    """The statements of one list's pages as the texts of their JSON records, built once for its filters: on
    SQLite the records themselves; on PostgreSQL the page's ids first, from the order's index, then their
    records (PostgreSQL makes the select list of each row an offset skips, and a record reads and escapes a
    whole article)."""

    def __init__(
        self, dialect: str, record: ColumnElement[str], order: ListOrder, conditions: list[ColumnElement[bool]]
    ) -> None:
        self.records: Select[Any] | None = None
        if dialect == "postgresql":
            self.rows = PagedList(select(order.id), order, conditions)
            self.records = select(order.id, record).where(order.id.in_(bindparam("ids", expanding=True)))
        else:
            self.rows = PagedList(select(record), order, conditions)

    def texts(
        self, connection: Connection, offset: int, limit: int | None, milestones: ListMilestones | None
    ) -> list[str]:
        """The texts of a page: at most `limit` records from `offset` (sought from the milestone before it,
        given the list's milestones)."""
        found = self.rows.rows(connection, offset, limit, None, milestones)
        if self.records is None:
            return [text for (text,) in found]
        ids = [i for (i,) in found]
        made: dict[Any, str] = dict(connection.execute(self.records, {"ids": ids}).all())
        return [made[i] for i in ids]


# The lists whose pages are JSON texts: their record, order and conditions, from their filters.
JSON_LISTS: dict[str, Callable[[str, Any], tuple[ColumnElement[str], ListOrder, list[ColumnElement[bool]]]]] = {
    "stories": lambda dialect, query: (_story_json(dialect), STORY_ORDER, _story_conditions(query)),
    "articles": lambda dialect, story_id: (_article_json(dialect), ARTICLE_ORDER, _article_conditions(story_id, None)),
    "quotes": lambda dialect, of: (_quote_json(dialect, _quote_outlet()), QUOTE_ORDER, _quote_conditions(*of)),
}
PAGED_LISTS = 256  # lists (a list and its filters) whose page statements are kept, for each kind below


@lru_cache(maxsize=PAGED_LISTS)
def json_pages(dialect: str, kind: str, filters: Hashable) -> JsonPages:
    """The page statements of a list of JSON texts and its filters, built once (they hold no data: every store
    of one dialect shares them)."""
    return JsonPages(dialect, *JSON_LISTS[kind](dialect, filters))


@lru_cache(maxsize=PAGED_LISTS)
def event_json_pages(query: EventQuery) -> PagedList:
    """The page statements of a query's events (its page and cursor aside), each event its id, its order's
    value and its JSON, built once."""
    columns = select(EventRow.id, EVENT_ORDERS[query.sort].keys[0][0], EventRow.public_json)
    return PagedList(columns, EVENT_ORDERS[query.sort], _event_conditions(query))


class Store:
    """Chronicle's database. `create` False opens only an existing database (read commands); StoreError names
    what is wrong when a database cannot be opened; `on_wait` is called if another writer holds the database
    while its schema has to be created or upgraded."""

    def __init__(self, url: str, create: bool = True, on_wait: Callable[[], None] | None = None) -> None:
        self.engine = open_engine(url, create, WRITER_TIMEOUT, on_wait)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.where = self.engine.url.render_as_string(hide_password=True)  # for messages: no password in them
        self._revision = Revision(self.engine)
        # whether the database is a server (PostgreSQL), whose reads wait on the network, not a local file
        self.asks_a_server = self._revision.asks_a_server
        self.dialect = self.engine.dialect.name

    def revision(self) -> str | None:
        """A token that changes whenever a write to the database commits, by this process or another (None
        where the database gives none cheaply): what answers made from the data can be kept against."""
        return self._revision()

    def writing(
        self, timeout: float = WRITER_TIMEOUT, on_wait: Callable[[], None] | None = None
    ) -> AbstractContextManager[None]:
        """The writer lock: one ingest at a time writes to a database (see `store.opening`)."""
        return writer_lock(self.engine, timeout, on_wait)

    # -- ingest ---------------------------------------------------------------------------------
    def known(self, article_id: str, text: str) -> bool:
        """Whether this article (same id) or its exact text is stored already."""
        with self.sessions() as session, _database_failure("read from"):
            return (
                session.scalar(
                    select(func.count())
                    .select_from(ArticleRow)
                    .where((ArticleRow.id == article_id) | (ArticleRow.text_hash == text_hash(text)))
                )
                or 0
            ) > 0

    def load_state(self) -> CorpusState:
        """The corpus state as stored: what the corpus stage adds the next articles to."""
        with _database_failure("read from"):
            return self._load_state()

    def _load_state(self) -> CorpusState:
        import numpy as np

        from chronicle.corpus.entities import index_stored
        from chronicle.corpus.state import CorpusState

        state = CorpusState()
        with self.sessions() as session:
            # the vocabulary first: stored vectors are keyed by terms, the state's by term ids
            documents = session.scalar(
                select(func.count()).select_from(ArticleRow).where(ArticleRow.duplicate_of.is_(None))
            )
            state.vocabulary.load(documents or 0, session.execute(select(TermCountRow.term, TermCountRow.df)))
            for story_row in session.scalars(select(StoryRow)):
                if story_row.merged_into is not None:
                    state.merged_stories[story_row.id] = story_row.merged_into
                    continue
                story = _story_from_row(story_row, state.vocabulary)
                state.stories[story.id] = story
                state.index_story(story)
                if story_row.thread_id:
                    state.thread_of[story.id] = story_row.thread_id
                    state.thread_members.setdefault(story_row.thread_id, set()).add(story.id)
            state.entities = {row.id: _entity(row) for row in session.scalars(select(EntityRow))}
            # (a name settled has one stored key; where a store written before kept two, each counts once and the
            # organisation's wins, as on a tie)
            index_stored(state.names, ((e.id, e.name, e.type, 1) for e in state.entities.values()))
            for event_row in session.scalars(select(EventRow)):
                state.add_event(_event_record(event_row))
            rows = session.execute(
                select(
                    ArticleRow.id,
                    ArticleRow.shingles,
                    ArticleRow.minhash,
                    ArticleRow.story_id,
                    ArticleRow.source,
                    ArticleRow.duplicate_of,
                )
            )
            for article_id, shingles, minhash, story_id, source, duplicate_of in rows:
                state.add_fingerprint(
                    article_id,
                    Fingerprint(np.frombuffer(shingles, dtype=np.uint32), np.frombuffer(minhash, dtype=np.uint32)),
                )
                state.article_story[article_id] = story_id
                state.article_source[article_id] = source
                if duplicate_of is not None:
                    state.duplicate_of[article_id] = duplicate_of
        return state

    def save(self, analysed: list[AnalysedArticle], outcomes: list[ArticleOutcome], changes: CorpusChanges) -> None:
        """Write a batch in one transaction: its articles, quotes and entity mentions, and what changed in the
        corpus (its entities as the corpus stage keeps them)."""
        with _database_failure("write to"):
            # asked before the write transaction: a long one holds SQLite's exclusive lock, which the schema
            # inspection's own connection would wait on
            _ = self.indexed_text
            self._save(analysed, outcomes, changes)

    def _save(self, analysed: list[AnalysedArticle], outcomes: list[ArticleOutcome], changes: CorpusChanges) -> None:
        by_id = {a.article.id: a for a in analysed}
        now = datetime.now(UTC).replace(tzinfo=None)
        with self.sessions.begin() as session:
            for story in changes.stories:
                session.merge(
                    StoryRow(
                        id=story.id,
                        title=story.title,
                        first_date=story.first_date,
                        last_date=story.last_date,
                        summary=story.summary,
                        thread_id=changes.thread_of[story.id],
                        profile=_story_profile_json(story, changes.vocabulary),
                    )
                )
            _save_entities(session, changes.entities)
            session.flush()
            for outcome in outcomes:
                self._save_article(session, by_id[outcome.article_id], outcome, now)
            session.flush()  # the articles before the rows that refer to them (PostgreSQL checks foreign keys)
            for outcome in outcomes:
                self._save_article_parts(session, by_id[outcome.article_id], outcome)
            session.flush()
            for absorbed, kept in changes.merges:  # in the order they happened: a merged story may merge again
                session.merge(
                    StoryRow(
                        id=absorbed, title="", first_date=None, last_date=None, summary="", profile={}, merged_into=kept
                    )
                )
                session.execute(update(ArticleRow).where(ArticleRow.story_id == absorbed).values(story_id=kept))
                _move_events(session, absorbed, kept)
            for story_id, (published, earliest, latest) in changes.undated_publication.items():
                # an undated article's date follows its story as the story grows, whichever batch brought it
                session.execute(
                    update(ArticleRow)
                    .where(
                        ArticleRow.story_id == story_id,
                        (ArticleRow.published_basis == "story") | ArticleRow.published.is_(None),
                    )
                    .values(
                        published=published,
                        published_basis="story",
                        published_earliest=earliest,
                        published_latest=latest,
                    )
                )
            _save_events(session, changes.events)
            if self.indexed_text and self.dialect == "sqlite":
                _index_text(session, [(by_id[o.article_id], o) for o in outcomes], changes.events)
            _count_terms(session, [by_id[o.article_id] for o in outcomes if o.duplicate_of is None])

    @staticmethod
    def _save_article(session: Session, analysed: AnalysedArticle, outcome: ArticleOutcome, now: datetime) -> None:
        import numpy as np

        article = analysed.article
        session.add(
            ArticleRow(
                id=article.id,
                origin=article.origin,
                source=article.source,
                url=article.url,
                title=article.title,
                # the range of a story-dated article is set with its story's, below, as the story grows
                published=outcome.published,
                published_basis=outcome.published_basis,
                text=article.text,
                text_hash=text_hash(article.text),
                duplicate_of=outcome.duplicate_of,
                story_id=outcome.story_id,
                shingles=analysed.fingerprint.shingles.astype(np.uint32).tobytes(),
                minhash=analysed.fingerprint.minhash.astype(np.uint32).tobytes(),
                terms=analysed.terms,
                timexes=[asdict(t) for t in analysed.timexes],
                ingested_at=now,
            )
        )

    @staticmethod
    def _save_article_parts(session: Session, analysed: AnalysedArticle, outcome: ArticleOutcome) -> None:
        """Where the article names each entity, and its quotes."""
        article = analysed.article
        session.add_all(
            ArticleEntityRow(article_id=article.id, entity_id=entity.key, mentions=[list(m) for m in entity.mentions])
            for entity in outcome.entities
        )
        for number, quote in enumerate(outcome.quotes, start=1):
            session.add(
                QuoteRow(
                    id=f"{article.id}#q{number}",
                    article_id=article.id,
                    speaker=quote.speaker,
                    speaker_id=quote.speaker_key,
                    text=quote.text,
                    start=quote.start,
                    end=quote.end,
                )
            )

    # -- queries for the outputs ------------------------------------------------------------------
    def stories(self, thread_id: str | None = None) -> list[Story]:
        """The stories, newest first; with `thread_id`, that thread's only."""
        return self.find_stories(StoryQuery(thread_id=thread_id))

    def find_stories(self, query: StoryQuery, milestones: ListMilestones | None = None) -> list[Story]:
        """The stories a query keeps, newest first (undated last), its page of them; given the list's
        milestones (`story_milestones`), a deep offset is sought from the one before it."""
        with self.sessions() as session:
            conditions = _story_conditions(query)
            rows = page_rows(
                session,
                select(StoryRow.__table__),
                STORY_ORDER,
                conditions,
                query.offset,
                query.limit,
                None,
                milestones,
            )
            return [_story(row) for row in rows]

    def story_json_page(self, query: StoryQuery, milestones: ListMilestones | None = None) -> list[str]:
        """`find_stories` with each story as the text of its JSON record, made by the database."""
        return self._json_page("stories", query.every_page(), query.offset, query.limit, milestones)

    def story_milestones(self, query: StoryQuery) -> ListMilestones:
        """The milestones of the list of a query's stories (its page aside), for many deep pages."""
        with self.sessions() as session:
            return list_milestones(session, STORY_ORDER, _story_conditions(query))

    def count_found_stories(self, query: StoryQuery) -> int:
        """How many stories a query keeps, on every page."""
        with self.sessions() as session:
            return session.scalar(select(func.count()).select_from(StoryRow).where(*_story_conditions(query))) or 0

    def story_facets(self, query: StoryQuery, size: int = 10) -> dict[str, list[tuple[str, int]]]:
        """How a query's stories spread over the outlets that reported them and the countries of their events'
        actors: {facet: [(value, stories)]}, the `size` values with most stories first, each facet counted
        under the other filters with its own left out (as event_facets)."""

        def kept(without: StoryQuery) -> Select[Any]:
            return select(StoryRow.id).where(*_story_conditions(without.every_page()))

        outlets = select(ArticleRow.story_id.label("item"), ArticleRow.source.label("value")).where(
            ArticleRow.source.is_not(None), ArticleRow.story_id.in_(kept(replace(query, outlet=None)))
        )
        countries = _story_countries(replace(query, country=None)).where(
            EventRow.story_id.in_(kept(replace(query, country=None)))
        )
        with self.sessions() as session:
            return _value_counts(session, {"outlet": outlets.subquery(), "country": countries.subquery()}, size)

    def thread_sizes(self, thread_ids: Iterable[str]) -> dict[str, int]:
        """How many stories each of these threads holds."""
        with self.sessions() as session:
            rows = session.execute(
                select(StoryRow.thread_id, func.count())
                .where(StoryRow.merged_into.is_(None), StoryRow.thread_id.in_(list(thread_ids)))
                .group_by(StoryRow.thread_id)
            )
            return {thread_id: count for thread_id, count in rows if thread_id is not None}

    def threads(self, thread_id: str | None = None) -> list[Thread]:
        """The threads of running topics, those with the latest story first (with `thread_id`, that one only),
        each with its stories."""
        by_thread: dict[str, list[Story]] = {}
        for story in self.stories(thread_id):
            by_thread.setdefault(story.thread_id or story.id, []).append(story)
        threads = [
            Thread(thread_id, tuple(sorted(stories, key=lambda s: (s.first_date or date.max, s.id))))
            for thread_id, stories in by_thread.items()
        ]
        return sorted(threads, key=lambda t: (t.last_date is not None, t.last_date or date.min, t.id), reverse=True)

    def story(self, story_id: str, min_confidence: float = 0.0) -> StoryDetail | None:
        """A story with its articles, events (those at or above `min_confidence`) and quotes; for a story merged
        into another, that other one; read on one connection."""
        with self.engine.connect() as connection:
            row = connection.execute(STORY_READS["story"], {"story": story_id}).first()
            while row is not None and row.merged_into is not None:
                row = connection.execute(STORY_READS["story"], {"story": row.merged_into}).first()
            if row is None:
                return None
            story = _story(row)
            of_story = {"story": story.id}
            events = list(connection.execute(STORY_READS["events"], of_story))
            shown = [r for r in events if r.confidence >= min_confidence]
            return StoryDetail(
                story,
                tuple(_article(r) for r in connection.execute(STORY_READS["articles"], of_story)),
                tuple(_event_record(r).public() for r in shown),
                tuple(_quote(r, r.outlet) for r in connection.execute(STORY_READS["quotes"], of_story)),
                events_below=len(events) - len(shown),
            )

    def article_sources(self) -> dict[str, tuple[str | None, str | None]]:
        """Each article's outlet and URL, by article id."""
        with self.sessions() as session:
            rows = session.execute(select(ArticleRow.id, ArticleRow.source, ArticleRow.url))
            return {article_id: (source, url) for article_id, source, url in rows}

    def articles(
        self,
        story_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        article_id: str | None = None,
    ) -> list[StoredArticle]:
        """The articles, by publication date (undated last); with `story_id`, its own; with
        `article_id`, that one; `limit` of them from `offset`."""
        with self.sessions() as session:
            conditions = _article_conditions(story_id, article_id)
            rows = page_rows(session, select(*ARTICLE_FIELDS), ARTICLE_ORDER, conditions, offset, limit)
            return [_article(r) for r in rows]

    def article_json_page(
        self, story_id: str | None, limit: int, offset: int = 0, milestones: ListMilestones | None = None
    ) -> list[str]:
        """`articles` of a story (or all) with each article as the text of its JSON record, made by the
        database."""
        return self._json_page("articles", story_id, offset, limit, milestones)

    def article_milestones(self, story_id: str | None = None) -> ListMilestones:
        """The milestones of the article list (of one story, given one), for many deep pages."""
        with self.sessions() as session:
            return list_milestones(session, ARTICLE_ORDER, _article_conditions(story_id, None))

    def count_articles(self, story_id: str | None = None) -> int:
        """How many articles there are (in that story, given one)."""
        with self.sessions() as session:
            counted = select(func.count()).select_from(ArticleRow).where(*_article_conditions(story_id, None))
            return session.scalar(counted) or 0

    def events(
        self, story_id: str | None = None, min_confidence: float = 0.0, limit: int | None = None, offset: int = 0
    ) -> list[Event]:
        """Events at or above a confidence, by date; with `story_id`, that story's; `limit` from `offset`."""
        return self.find_events(
            EventQuery(story_id=story_id, min_confidence=min_confidence, limit=limit, offset=offset)
        )

    def event(self, event_id: str) -> Event | None:
        """One event by its id."""
        with self.sessions() as session:
            row = session.get(EventRow, event_id)
            return _event_record(row).public() if row is not None else None

    def find_events(self, query: EventQuery, milestones: ListMilestones | None = None) -> list[Event]:
        """The events a query keeps, in its order, its page of them (sought from the milestone before its
        offset, given the list's milestones: `event_milestones`)."""
        return self._read_events(query, query.limit, milestones=milestones)

    def find_events_page(self, query: EventQuery) -> tuple[list[Event], EventCursor | None]:
        """A page of a query's events and the cursor that continues after it (None when no event follows);
        one event more than the page is read to know whether one follows."""
        if query.limit is None:
            return self.find_events(query), None
        return _with_cursor(
            self._read_events(query, query.limit + 1), query.limit, partial(EventCursor.after, sort=query.sort)
        )

    def find_events_json_page(
        self, query: EventQuery, milestones: ListMilestones | None = None
    ) -> tuple[list[str], EventCursor | None]:
        """`find_events_page` with each event as its public JSON text, as written with the event: a page of
        the API is the texts joined, with no record made on the way. The query must have a limit. Given the
        list's milestones (`event_milestones`, of the same filters and order), a deep offset is sought from
        the one before it."""
        if query.limit is None:
            raise ValueError("a page of events' JSON needs a limit")
        pages = event_json_pages(query.every_page())
        after = _cursor_mark(query.after) if query.after is not None else None
        with self.engine.connect() as connection:
            found = pages.rows(connection, query.offset, query.limit + 1, after, milestones)
        page, cursor = _with_cursor(
            found, query.limit, lambda row: EventCursor(query.sort, _cursor_key(row[1]), row[0])
        )
        return [text for _, _, text in page], cursor

    def event_milestones(self, query: EventQuery) -> ListMilestones:
        """The milestones of the list of a query's events (its page and cursor aside), for many deep pages."""
        with self.sessions() as session:
            return list_milestones(session, EVENT_ORDERS[query.sort], _event_conditions(query))

    def _read_events(
        self,
        query: EventQuery,
        limit: int | None,
        *also: ColumnElement[bool],
        milestones: ListMilestones | None = None,
    ) -> list[Event]:
        """A page of the events a query keeps that also meet `also`, at most `limit`."""
        with self.sessions() as session:
            # rows, not the ORM's objects: a page of events is read often
            rows = _event_page(session, select(EventRow.__table__), query, limit, *also, milestones=milestones)
            return [_event_record(r).public() for r in rows]

    def count_found_events(self, query: EventQuery) -> int:
        """How many events a query keeps, on every page (a cursor's too)."""
        return self._count_events(query)

    def _count_events(self, query: EventQuery, *also: ColumnElement[bool]) -> int:
        every = replace(query, after=None)
        with self.sessions() as session:
            counted = select(func.count()).select_from(EventRow).where(*_event_conditions(every), *also)
            return session.scalar(counted) or 0

    def quotes(
        self,
        story_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        speaker_id: str | None = None,
    ) -> list[StoredQuote]:
        """The quotes, by article and place in it; with `story_id`, that story's; with `speaker_id`, that
        entity's; `limit` of them after `offset`."""
        with self.sessions() as session:
            conditions = _quote_conditions(story_id, speaker_id)
            listed = select(QuoteRow.__table__, _quote_outlet().label("outlet"))  # rows, not the ORM's objects
            rows = page_rows(session, listed, QUOTE_ORDER, conditions, offset, limit)
            return [_quote(row, row.outlet) for row in rows]

    def quote_json_page(
        self,
        story_id: str | None,
        speaker_id: str | None,
        limit: int,
        offset: int = 0,
        milestones: ListMilestones | None = None,
    ) -> list[str]:
        """`quotes` with each quote as the text of its JSON record, made by the database."""
        return self._json_page("quotes", (story_id, speaker_id), offset, limit, milestones)

    def _json_page(
        self, kind: str, filters: Hashable, offset: int, limit: int | None, milestones: ListMilestones | None
    ) -> list[str]:
        with self.engine.connect() as connection:
            return json_pages(self.dialect, kind, filters).texts(connection, offset, limit, milestones)

    def quote_milestones(self, story_id: str | None = None, speaker_id: str | None = None) -> ListMilestones:
        """The milestones of the quote list (of one story or speaker, given them), for many deep pages."""
        with self.sessions() as session:
            return list_milestones(session, QUOTE_ORDER, _quote_conditions(story_id, speaker_id))

    def count_quotes(self, story_id: str | None = None, speaker_id: str | None = None) -> int:
        """How many quotes there are; with `story_id`, in that story; with `speaker_id`, that entity's."""
        with self.sessions() as session:
            counted = select(func.count()).select_from(QuoteRow).where(*_quote_conditions(story_id, speaker_id))
            return session.scalar(counted) or 0

    def count_found_events_by(
        self, query: EventQuery, period: CountPeriod, by: CountBy
    ) -> tuple[dict[str, dict[str, int]], int]:
        """How many of a query's events fall in each period (by the first day of their date), for each type,
        country of an actor taking part, or actor: {group: {period: events}}; and how many have no date. An
        event counts once in each group it belongs to."""
        every = query.every_page()
        groups = {"type": EventRow.type, "country": EventActorRow.country, "actor": EventActorRow.name}
        rows = select(EventRow.id, EventRow.date_start, groups[by])
        if by != "type":
            rows = rows.join(EventActorRow, EventActorRow.event_id == EventRow.id)
        series: dict[str, dict[str, set[str]]] = {}
        undated: set[str] = set()
        with self.sessions() as session:
            for event_id, day, name in session.execute(rows.where(*_event_conditions(every))):
                if day is None:
                    undated.add(event_id)
                elif name:
                    series.setdefault(name, {}).setdefault(period_of(day, period), set()).add(event_id)
        counted = {name: {p: len(ids) for p, ids in sorted(by_period.items())} for name, by_period in series.items()}
        return dict(sorted(counted.items(), key=lambda item: -sum(item[1].values()))), len(undated)

    def count_found_events_by_place(self, query: EventQuery) -> list[tuple[Place, int]]:
        """How many of a query's events (every page) happened in each place, most first, then by name."""
        every = query.every_page()
        counts: Counter[Place] = Counter()
        with self.sessions() as session:
            for (location,) in session.execute(select(EventRow.location).where(*_event_conditions(every))):
                if location:
                    counts[Place(**location)] += 1
        # ties by name, country and coordinates: the same order from every database
        return sorted(
            counts.items(),
            key=lambda item: (-item[1], item[0].name, item[0].country or "", item[0].lat or 0.0, item[0].lon or 0.0),
        )

    def event_facets(self, query: EventQuery, size: int = 10) -> dict[str, list[tuple[str, int]]]:
        """How a query's events spread over the values of the filters that would narrow it: {facet: [(value,
        events)]} for type, status, country (of an actor taking part) and outlet, the `size` values with most
        events first. Each facet is counted under the query's other filters, its own left out, so a value's
        count is what choosing it instead gives: an event counts under each value it has (a type counts the
        events of that type or that PLOVER code, as the type filter finds them). An outlet counts the events
        it reported itself; the value's link asks for that whole name (query.whole_name), so that it keeps
        what the count says."""
        every = query.every_page()

        def pairs(value: InstrumentedAttribute[Any], without: EventQuery, table: Any = None) -> Select[Any]:
            rows = select(EventRow.id.label("item"), value.label("value"))
            if table is not None:
                rows = rows.join(table, table.event_id == EventRow.id)
            return rows.where(value.is_not(None), *_event_conditions(without))

        untyped = replace(every, type=None)
        facets = {
            "type": union(pairs(EventRow.type, untyped), pairs(EventRow.plover_code, untyped)).subquery(),
            "status": pairs(EventRow.status, replace(every, status=None)).subquery(),
            "country": pairs(EventActorRow.country, replace(every, country=None), EventActorRow).subquery(),
            "outlet": pairs(EventReportRow.outlet, replace(every, outlet=None), EventReportRow).subquery(),
        }
        with self.sessions() as session:
            return _value_counts(session, facets, size)

    @cached_property
    def indexed_text(self) -> bool:
        """Whether the database has the full-text index (SQLite with FTS5; PostgreSQL's own search); else words
        are found by ILIKE."""
        return self.dialect == "postgresql" or inspect(self.engine).has_table("search_text")

    def search(
        self, words: str, kinds: Iterable[SearchKind] = SEARCH_KINDS, limit: int = 20, offset: int = 0
    ) -> list[SearchHit]:
        """Articles, events (by their evidence) and quotes holding every word, best first, each with the
        passage the words are in."""
        terms = re.findall(r"\w+", words)
        wanted = [kind for kind in SEARCH_KINDS if kind in set(kinds)]
        if not terms or not wanted:
            return []
        with self.sessions() as session:
            if self.indexed_text and self.dialect == "postgresql":
                found = _postgres_search(session, terms, wanted, limit, offset)
            elif self.indexed_text:
                found = _indexed_search(session, terms, wanted, limit, offset)
            else:
                found = _scanned_search(session, terms, wanted, limit, offset)
            return _with_stories(session, found)

    def find_entity(self, name: str) -> StoredEntity | None:
        """The entity an id, an actor id or a name stands for: an exact match first, else the entity most
        articles name among those whose name holds the words."""
        with self.sessions() as session:
            exact = session.get(EntityRow, name) or next(
                (
                    found
                    for condition in (EntityRow.actor_id == name, func.lower(EntityRow.name) == name.lower())
                    for found in session.scalars(select(EntityRow).where(condition).order_by(EntityRow.id).limit(1))
                ),
                None,
            )
            if exact is not None:
                return _entity(exact)
            named = (
                select(EntityRow, func.count(ArticleEntityRow.article_id).label("articles"))
                .join(ArticleEntityRow, ArticleEntityRow.entity_id == EntityRow.id)
                .where(EntityRow.name.icontains(name, autoescape=True))
                .group_by(EntityRow.id)
                .order_by(func.count(ArticleEntityRow.article_id).desc(), EntityRow.id)
            )
            found = session.execute(named).first()
            return _entity(found[0]) if found else None

    def counterparts(self, entity_id: str, query: EventQuery) -> list[tuple[str, str | None, int]]:
        """Who else takes part in the events of `query` that the entity takes part in: (name, actor id, events)
        by number of events, most first."""
        mine = select(EventActorRow.event_id).where(EventActorRow.actor_key == entity_id)
        query = replace(query, after=None)
        with self.sessions() as session:
            rows = session.execute(
                select(EventActorRow.name, EventActorRow.actor_id, func.count(func.distinct(EventActorRow.event_id)))
                .join(EventRow, EventRow.id == EventActorRow.event_id)
                .where(
                    EventActorRow.event_id.in_(mine), EventActorRow.actor_key != entity_id, *_event_conditions(query)
                )
                .group_by(EventActorRow.name, EventActorRow.actor_id)
                .order_by(func.count(func.distinct(EventActorRow.event_id)).desc(), EventActorRow.name)
            )
            return [(name, actor_id, count) for name, actor_id, count in rows]

    def entity_events(self, entity_id: str, query: EventQuery) -> list[Event]:
        """The events of `query` that the entity takes part in, as source or target."""
        return self._read_events(query, query.limit, _takes_part(EventActorRow.actor_key == entity_id))

    def count_entity_events(self, entity_id: str, query: EventQuery) -> int:
        """How many of the events of `query` the entity takes part in (on every page)."""
        return self._count_events(query, _takes_part(EventActorRow.actor_key == entity_id))

    def entity_roles(self, entity_id: str, query: EventQuery) -> list[tuple[str, str | None, str | None, str | None]]:
        """The entity's country and sector in each event of `query` it takes part in (every page): (event id,
        date, country, sector), by date (undated last); an event where it is named twice gives its first
        source, else its first target."""
        every = query.every_page()
        with self.sessions() as session:
            rows = session.execute(
                select(EventRow.id, EventRow.date, EventActorRow.country, EventActorRow.sector)
                .join(EventActorRow, EventActorRow.event_id == EventRow.id)
                .where(EventActorRow.actor_key == entity_id, *_event_conditions(every))
                .order_by(
                    EventRow.date.is_(None), EventRow.date, EventRow.id, EventActorRow.role, EventActorRow.position
                )
            )
            first: dict[str, tuple[str, str | None, str | None, str | None]] = {}
            for event_id, day, country, sector in rows:
                first.setdefault(event_id, (event_id, day, country, sector))
            return list(first.values())

    def speaker_quotes(self, entity_id: str, limit: int | None = None) -> list[StoredQuote]:
        """The quotes the entity is the speaker of, by publication date, the first `limit` of them."""
        with self.sessions() as session:
            query = (
                select(QuoteRow, ArticleRow.source)
                .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
                .where(QuoteRow.speaker_id == entity_id)
                .order_by(ArticleRow.published.nulls_last(), QuoteRow.article_id, QuoteRow.start, QuoteRow.id)
                .limit(limit)
            )
            return [_quote(q, source) for q, source in session.execute(query)]

    def entity_mentions(self, article_id: str | None = None) -> list[EntityMentions]:
        """Where each entity is named: one row per article and entity, with the character spans in the
        article's stored text."""
        with self.sessions() as session:
            query = select(ArticleEntityRow).order_by(ArticleEntityRow.article_id, ArticleEntityRow.entity_id)
            if article_id:
                query = query.where(ArticleEntityRow.article_id == article_id)
            return [
                EntityMentions(r.article_id, r.entity_id, tuple((start, end) for start, end in r.mentions))
                for r in session.scalars(query)
            ]

    def entities(self) -> list[StoredEntity]:
        """The entities, each with the number of articles naming it."""
        with self.sessions() as session:
            counts = dict(
                session.execute(
                    select(ArticleEntityRow.entity_id, func.count()).group_by(ArticleEntityRow.entity_id)
                ).all()
            )
            return [_entity(r, counts.get(r.id, 0)) for r in session.scalars(select(EntityRow).order_by(EntityRow.id))]
