"""The published date from a page's text, in any language dateparser knows.

Only complete dates (day, month and year) are taken: "April 2025" dates nothing.  Day
first is assumed for numeric dates (20.04.2025), as in most of the world's press.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import dateparser

_SETTINGS = {
    "DATE_ORDER": "DMY",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DATES_FROM": "past",
    "RETURN_AS_TIMEZONE_AWARE": False,
}

_MONTHWORD = r"[^\W\d_]{3,12}\.?"
# Date-like substrings: "20 квітня 2025", "avril 20, 2025", "20.04.2025", "2025-04-20".
_CANDIDATE = re.compile(
    rf"\b\d{{1,2}}\.?\s+{_MONTHWORD},?\s+\d{{4}}\b"
    rf"|\b{_MONTHWORD}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\b\d{1,2}[./]\d{1,2}[./]\d{4}\b"
    r"|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b"
)
# Dates after this are not publication dates of what we read (crawl dates, typos).
_EARLIEST_YEAR = 1990


def _iso(value: str) -> datetime | None:
    """Fast path for ISO 8601, the form page metadata nearly always uses (dateparser is ~100x slower)."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)


def parse_date(value: str, *, today: date | None = None) -> date | datetime | None:
    """A complete date or datetime from a string, or None.

    Midnight datetimes come back as plain dates: the time was not given.
    """
    parsed = _iso(value.strip()) or dateparser.parse(value.strip(), settings=_SETTINGS)  # type: ignore[arg-type]
    if parsed is None or parsed.year < _EARLIEST_YEAR:
        return None
    if today and parsed.date() > today:
        return None
    if (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0):
        return parsed.date()
    return parsed


def find_date(text: str) -> tuple[date | datetime, str] | None:
    """The first complete date in ``text`` and the substring it came from."""
    for match in _CANDIDATE.finditer(text):
        parsed = parse_date(match.group(0), today=date.today())
        if parsed:
            return parsed, match.group(0)
    return None


def is_date_line(line: str) -> bool:
    """True when a whole line is a date (a dateline to remove from the body)."""
    stripped = line.strip()
    if not stripped or len(stripped) > 60:
        return False
    match = _CANDIDATE.search(stripped)
    if not match:
        return False
    rest = (stripped[: match.start()] + stripped[match.end() :]).strip(" ,|-–—:")
    # A weekday, a label or a time may stand beside the date: "Sunday, 20 April 2025 14:03".
    words = re.findall(r"[^\W\d_]+", rest)
    leftover = re.sub(r"[^\W\d_]+\.?|\d{1,2}:\d{2}(:\d{2})?|[ ,]", "", rest)
    return len(words) <= 2 and not leftover
