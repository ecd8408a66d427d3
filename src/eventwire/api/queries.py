"""The API's reads: plain functions, the connection keyword-only, keyset pages with opaque cursors.

Events are listed newest first by start day (``sort=date``, undated events last) or by the time they
last changed (``sort=updated``), ties broken by id, so a page boundary never skips or repeats an event
even while new events arrive.  Aggregates (places, actors) page by position.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic_core import to_json
from sqlalchemy import Connection, distinct, func, or_, select, union_all

from eventwire.api import schemas as s
from eventwire.api.cache import EventJsonCache
from eventwire.api.cursor import BadCursor, decode_cursor, encode_cursor
from eventwire.api.filters import EventFilters, apply_filters, contains_text
from eventwire.api.items import EVENT_COLUMNS, event_dicts, event_items
from eventwire.api.listing import ID, ListingPage, Sort, after, listing_rows, parse_key
from eventwire.store import tables as t

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Events read per query when an export walks the whole selection.
EXPORT_BATCH = 500
# Events whose reports are read per query when the API renders the newest events at startup.
PREWARM_BATCH = 1000


def events_page(
    *, conn: Connection, filters: EventFilters, limit: int = DEFAULT_LIMIT, cursor: str | None = None,
    sort: Sort = "date",
) -> s.EventsPage:  # fmt: skip
    """One page of events matching ``filters``; ``next`` continues after its last event.

    Raises:
        BadCursor: ``cursor`` was not made by this listing in this order.
    """
    page = listing_rows(conn, filters, limit, cursor, sort)
    return s.EventsPage(items=event_items(conn, [page.mapping(row) for row in page.rows]), next=page.next_cursor)


def events_page_json(
    *, conn: Connection, filters: EventFilters, limit: int = DEFAULT_LIMIT, cursor: str | None = None,
    sort: Sort = "date", rendered: EventJsonCache | None = None,
) -> bytes:  # fmt: skip
    """:func:`events_page` as JSON, the same bytes as its ``model_dump_json()``, made without the models.

    ``rendered``: events already rendered; the page's events whose rows are unchanged are taken from it,
    and only the others have their reports read (one query for all of them) and are rendered and kept.

    Raises:
        BadCursor: ``cursor`` was not made by this listing in this order.
    """
    page = listing_rows(conn, filters, limit, cursor, sort)
    rows = page.rows
    if rendered is None:
        return to_json({"items": _render(conn, page, rows), "next": page.next_cursor})
    found = rendered.get_many((row[ID], row) for row in rows)
    missing = [row for row in rows if row[ID] not in found]
    if missing:
        new = [(row[ID], row, to_json(item)) for row, item in zip(missing, _render(conn, page, missing), strict=True)]
        rendered.put_many(new)
        found.update((event_id, body) for event_id, _, body in new)
    items = b",".join(found[row[ID]] for row in rows)
    return b'{"items":[' + items + b'],"next":' + to_json(page.next_cursor) + b"}"


def _render(conn: Connection, page: ListingPage, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return event_dicts(conn, [page.mapping(row) for row in rows])


def prewarm_events(*, conn: Connection, rendered: EventJsonCache, count: int) -> int:
    """Render the newest ``count`` events (the listing's default order) into ``rendered``; returns how many.

    One query for the events, then one for the reports of each :data:`PREWARM_BATCH` of them (what is read
    at a time stays small: the reports, with their evidence, weigh more than the events).
    """
    if count <= 0:
        return 0
    page = listing_rows(conn, EventFilters(), count)
    for begin in range(0, len(page.rows), PREWARM_BATCH):
        batch = page.rows[begin : begin + PREWARM_BATCH]
        rendered.put_many(
            (row[ID], row, to_json(item)) for row, item in zip(batch, _render(conn, page, batch), strict=True)
        )
    return len(page.rows)


def iter_events(*, conn: Connection, filters: EventFilters, batch: int = EXPORT_BATCH) -> Iterator[s.EventItem]:
    """Every event matching ``filters``, newest first, read ``batch`` at a time (memory stays flat)."""
    cursor = None
    while True:
        page = events_page(conn=conn, filters=filters, limit=batch, cursor=cursor)
        yield from page.items
        if page.next is None:
            return
        cursor = page.next


def count_events(*, conn: Connection, filters: EventFilters) -> int:
    """How many events match ``filters``."""
    query = apply_filters(select(func.count()).select_from(t.Event), filters, dialect=conn.dialect.name)
    return int(conn.execute(query).scalar_one())


def event_by_id(*, conn: Connection, event_id: str) -> s.EventItem | None:
    row = conn.execute(select(*EVENT_COLUMNS).where(t.Event.id == event_id)).mappings().first()
    return event_items(conn, [row])[0] if row else None


def article_detail(*, conn: Connection, article_id: str) -> s.ArticleDetail | None:
    """One article whole: clean text, removed boilerplate, metadata, what the pipeline found, its events."""
    article = conn.execute(select(t.Article.__table__).where(t.Article.id == article_id)).mappings().first()
    if article is None:
        return None

    def children(table: Any, *columns: Any) -> list[Any]:
        query = select(*columns).where(table.article_id == article_id).order_by(table.position)
        return list(conn.execute(query).mappings())

    entity_columns = (t.Entity.text, t.Entity.label, t.Entity.canonical, t.Entity.roles, t.Entity.mentions)
    entities = [
        dict(e) | {"roles": e["roles"] or [], "mentions": [tuple(m) for m in e["mentions"] or ()]}
        for e in children(t.Entity, *entity_columns)
    ]
    place_fields = [name for name in s.Place.model_fields if name != "in_"]
    places = [
        {**{name: p[name] for name in place_fields}, "in": p["in"]} for p in children(t.Place, *t.Place.__table__.c)
    ]
    quotes = children(t.Quote, t.Quote.text, t.Quote.speaker, t.Quote.direct, t.Quote.start, t.Quote.end)
    reports = children(t.EventSource, t.EventSource.event_id, t.EventSource.type, t.EventSource.subtype,
                       t.EventSource.evidence)  # fmt: skip
    return s.ArticleDetail.model_validate({
        "id": article["id"], "url": article["url"], "title": article["title"], "published": article["published"],
        "source_domain": article["source_domain"], "language": article["language"], "agency": article["agency"],
        "cited_sources": article["cited_sources"] or [], "machine_translated": article["machine_translated"],
        "story_id": article["story_id"], "text": article["text"], "removed": article["removed"] or [],
        "entities": entities,
        "places": places,
        "quotes": quotes,
        "events": [
            {"event_id": r["event_id"], "type": r["type"], "subtype": r["subtype"],
             "evidence": [_sentence(e) for e in r["evidence"] or ()]}
            for r in reports
        ],
    })  # fmt: skip


def _sentence(sentence: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": sentence["text"],
        "start": sentence["start"],
        "end": sentence["end"],
        "in": sentence.get("in", "text"),
    }


def stories_page(
    *, conn: Connection, limit: int = DEFAULT_LIMIT, cursor: str | None = None, q: str | None = None
) -> s.StoriesPage:
    """Stories, most recently published first; ``q`` keeps those whose title contains it (any case)."""
    stories = t.Story
    query = select(stories.id, stories.title, stories.size, stories.first_published, stories.last_published)
    if q:
        query = query.where(contains_text(stories.title, q, conn.dialect.name))
    query = query.order_by(stories.last_published.desc().nulls_last(), stories.id.desc())
    if cursor:
        value, last_id = decode_cursor(cursor, "stories", 2)
        query = query.where(after(stories.last_published, stories.id, parse_key(value, "date"), str(last_id)))
    rows = conn.execute(query.limit(limit + 1)).mappings().all()
    more, rows = len(rows) > limit, rows[:limit]
    counts = _events_per_story(conn, [row["id"] for row in rows])
    items = [s.StoryItem(**row, n_events=counts.get(row["id"], 0)) for row in rows]
    last = rows[-1] if rows else None
    next_cursor = None
    if more and last:
        published = last["last_published"].isoformat() if last["last_published"] else None
        next_cursor = encode_cursor("stories", [published, last["id"]])
    return s.StoriesPage(items=items, next=next_cursor)


def _events_per_story(conn: Connection, story_ids: list[str]) -> dict[str, int]:
    if not story_ids:
        return {}
    query = (
        select(t.Article.story_id, func.count(distinct(t.EventSource.event_id)))
        .join(t.EventSource, t.EventSource.article_id == t.Article.id)
        .where(t.Article.story_id.in_(story_ids))
        .group_by(t.Article.story_id)
    )
    return {story_id: count for story_id, count in conn.execute(query)}


def _offset(cursor: str | None, kind: str) -> int:
    if not cursor:
        return 0
    (offset,) = decode_cursor(cursor, kind, 1)
    if not isinstance(offset, int) or offset < 0:
        raise BadCursor("cursor: damaged")
    return offset


def _next_offset(kind: str, offset: int, limit: int, fetched: int) -> str | None:
    return encode_cursor(kind, [offset + limit]) if fetched > limit else None


def places_page(
    *, conn: Connection, filters: EventFilters, limit: int = DEFAULT_LIMIT, cursor: str | None = None
) -> s.PlacesPage:
    """Places of the matching events, most events first."""
    events = t.Event
    offset = _offset(cursor, "places")
    count = func.count().label("count")
    query = apply_filters(
        select(events.location_name.label("name"), events.geonameid, events.country,
               func.max(events.lat).label("lat"), func.max(events.lon).label("lon"), count),
        filters, dialect=conn.dialect.name,
    ).where(events.location_name.is_not(None))  # fmt: skip
    query = query.group_by(events.location_name, events.geonameid, events.country)
    query = query.order_by(count.desc(), events.location_name, events.geonameid.nulls_first(), events.country)
    rows = conn.execute(query.offset(offset).limit(limit + 1)).mappings().all()
    items = [s.PlaceCount(**row) for row in rows[:limit]]
    return s.PlacesPage(items=items, next=_next_offset("places", offset, limit, len(rows)))


def actors_page(
    *, conn: Connection, filters: EventFilters, limit: int = DEFAULT_LIMIT, cursor: str | None = None
) -> s.ActorsPage:
    """Actors (as actor1 or actor2) of the matching events, most events first."""
    events = t.Event
    offset = _offset(cursor, "actors")
    dialect = conn.dialect.name
    first = apply_filters(select(events.actor1.label("name")), filters, dialect=dialect)
    second = apply_filters(select(events.actor2.label("name")), filters, dialect=dialect)
    # An event whose two actors are the same counts once for that actor.
    second = second.where(or_(events.actor1.is_(None), events.actor2 != events.actor1))
    both = union_all(first.where(events.actor1.is_not(None)), second.where(events.actor2.is_not(None))).subquery()
    count = func.count().label("count")
    query = select(both.c.name, count).group_by(both.c.name).order_by(count.desc(), both.c.name)
    rows = conn.execute(query.offset(offset).limit(limit + 1)).mappings().all()
    items = [s.ActorCount(**row) for row in rows[:limit]]
    return s.ActorsPage(items=items, next=_next_offset("actors", offset, limit, len(rows)))


def stats(*, conn: Connection, filters: EventFilters) -> s.Stats:
    """Counts of the matching events by start day (with fatalities), type and country, and in all."""
    events = t.Event
    base = apply_filters(
        select(events.date_start, events.type, events.country, events.fatalities_latest),
        filters, dialect=conn.dialect.name,
    ).subquery()  # fmt: skip
    n = func.count().label("count")
    deaths = func.coalesce(func.sum(base.c.fatalities_latest), 0).label("fatalities")
    by_day = select(base.c.date_start.label("day"), n, deaths).where(base.c.date_start.is_not(None))
    by_day = by_day.group_by(base.c.date_start).order_by(base.c.date_start)
    by_type = select(base.c.type, n).group_by(base.c.type).order_by(n.desc(), base.c.type)
    by_country = select(base.c.country, n).group_by(base.c.country).order_by(n.desc(), base.c.country.nulls_last())
    return s.Stats(
        by_day=[s.DayCount(**row) for row in conn.execute(by_day).mappings()],
        by_type=[s.TypeCount(**row) for row in conn.execute(by_type).mappings()],
        by_country=[s.CountryCount(**row) for row in conn.execute(by_country).mappings()],
        total=conn.execute(select(func.count()).select_from(base)).scalar_one(),
    )
