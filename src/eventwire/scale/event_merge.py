"""Cross-source event merge in memory, for the Spark job's driver: the store's rules without a database.

The store (``eventwire.store.merge``) finds a report's candidate events with SQL: same type, start
dates within ``DATE_WINDOW`` (or both undated, reported within ``UNDATED_WINDOW``), none already
supported by the same article, most recently reported first, at most ``MAX_CANDIDATES``; the first
that ``stories.matches`` accepts absorbs the report, else the report starts a new event. ``OpenEvents``
keeps the same candidates in dictionaries, so that reports fed in the same order merge the same way.

Memory stays bounded: past ``capacity`` events, the least recently touched one is closed (handed
to ``on_close``, never reopened). An event untouched while ``capacity`` others were reported is long
finished in any real feed; with fewer events than that, nothing is closed early.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from eventwire.store.merge import DATE_WINDOW, MAX_CANDIDATES, UNDATED_WINDOW
from eventwire.stories import EventRecord, MergedEvent, absorb, matches, start_event

# Merged events kept open in memory (about 1 KB each).
MAX_OPEN_EVENTS = 1_000_000

Report = tuple[str, int]  # (article id, the event's position in that article)


@dataclass
class OpenEvent:
    merged: MergedEvent
    reports: list[Report] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)


class OpenEvents:
    """Merged events being built; ``add`` merges one report the way ``store.merge.merge_record`` does."""

    def __init__(self, on_close: Callable[[OpenEvent], None], *, capacity: int = MAX_OPEN_EVENTS) -> None:
        self._open: OrderedDict[str, OpenEvent] = OrderedDict()
        self._by_day: dict[tuple[str, date | None], set[str]] = {}
        self._on_close = on_close
        self._capacity = capacity

    def __len__(self) -> int:
        return len(self._open)

    def add(self, record: EventRecord, report: Report) -> tuple[str, bool]:
        """Merge one report; returns ``(event id, True if the report started a new event)``."""
        for event in self._candidates(record):
            if matches(event.merged, record):
                self._unindex(event)
                event.merged = absorb(event.merged, record)
                self._remember(event, report)
                return event.merged.id, False
        event = OpenEvent(start_event(record))
        self._remember(event, report)
        if len(self._open) > self._capacity:
            self._close(next(iter(self._open)))
        return event.merged.id, True

    def close_all(self) -> None:
        while self._open:
            self._close(next(iter(self._open)))

    def _candidates(self, record: EventRecord) -> list[OpenEvent]:
        if record.date_start is not None:
            days = (record.date_start + timedelta(days=d) for d in range(-DATE_WINDOW.days, DATE_WINDOW.days + 1))
            ids = [i for day in days for i in self._by_day.get((record.type, day), ())]
        else:
            ids = list(self._by_day.get((record.type, None), ()))
        found = [self._open[i] for i in ids]
        found = [e for e in found if record.article_id not in e.articles]
        if record.date_start is None and record.published is not None:
            found = [e for e in found if _reported_near(e.merged, record.published)]
        found.sort(key=_recent_first)
        return found[:MAX_CANDIDATES]

    def _remember(self, event: OpenEvent, report: Report) -> None:
        event.reports.append(report)
        event.articles.add(report[0])
        merged = event.merged
        self._open[merged.id] = event
        self._open.move_to_end(merged.id)
        self._by_day.setdefault((merged.type, merged.date_start), set()).add(merged.id)

    def _unindex(self, event: OpenEvent) -> None:
        key = (event.merged.type, event.merged.date_start)
        ids = self._by_day.get(key)
        if ids is not None:
            ids.discard(event.merged.id)
            if not ids:
                del self._by_day[key]

    def _close(self, event_id: str) -> None:
        event = self._open.pop(event_id)
        self._unindex(event)
        self._on_close(event)


def _reported_near(merged: MergedEvent, published: date) -> bool:
    """An undated report meets undated events reported within ``UNDATED_WINDOW`` of it (SQL: NULLs never do)."""
    if merged.last_reported is None or merged.first_reported is None:
        return False
    return merged.last_reported >= published - UNDATED_WINDOW and merged.first_reported <= published + UNDATED_WINDOW


def _recent_first(event: OpenEvent) -> tuple[bool, int, str]:
    """The store's order: ``last_reported`` newest first, unknown last, then id."""
    last = event.merged.last_reported
    return last is None, -last.toordinal() if last is not None else 0, event.merged.id
