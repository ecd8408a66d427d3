"""The geo stage: place names in an article, resolved to GeoNames places with coordinates.

``geoparse(text, language=...)`` returns one :class:`~eventwire.model.Place` per toponym
mention, sorted by offset into ``text``. ``geoparse_document`` also reads the title and
resolves title and body together (a title's "Kharkov" and a body's "Kharkiv region" support
each other). Nothing is downloaded: the gazetteer is built from PyPI package data into the
user cache on first use (see :mod:`eventwire.geo.gazetteer`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator

from eventwire.geo.gazetteer import load
from eventwire.geo.recognise import Mention, recognise
from eventwire.geo.resolve import Choice, resolve
from eventwire.model import Place
from eventwire.nlp.ner import Span, ner_spans

__all__ = ["geoparse", "geoparse_document", "geoparse_jsonl"]

# An unmatched place name (a street, a building) inherits the coordinates of the article's
# main locality at this confidence: right town, unknown spot.
FALLBACK_SCORE = 0.2
# Kinds of place an unmatched name falls back to, most specific first.
_FOCUS_TIERS = (("city",), ("admin2",), ("admin1",), ("country",))
# Longest text geoparsed in one piece; NER and lookups are linear, this bounds a pathological page.
MAX_CHARS = 200_000


def geoparse(
    text: str, *, language: str | None, spans: list[Span] | None = None, title: str | None = None
) -> list[Place]:
    """Places mentioned in ``text`` (offsets into ``text``), the title used as context."""
    return geoparse_document(text, language=language, spans=spans, title=title)[1]


def geoparse_document(
    text: str, *, language: str | None, spans: list[Span] | None = None, title: str | None = None
) -> tuple[list[Place], list[Place]]:
    """(places in the title, places in the text), resolved together; offsets into each."""
    text = text[:MAX_CHARS]
    gaz = load()
    parts: list[tuple[str, list[Span]]] = []
    if title:
        parts.append((title, ner_spans(title, language)))
    parts.append((text, ner_spans(text, language) if spans is None else spans))
    tagged: list[tuple[str, Mention]] = []
    owner: list[int] = []
    for k, (part, part_spans) in enumerate(parts):
        found = recognise(part, language, part_spans, gaz)
        tagged.extend((part, m) for m in found)
        owner.extend([k] * len(found))
    choices = resolve(tagged, language, gaz)
    focus = _focus(choices)
    out: list[list[Place]] = [[] for _ in parts]
    for k, (_, m), choice in zip(owner, tagged, choices, strict=True):
        out[k].append(_to_place(m, choice, focus))
    return (out[0] if title else []), out[-1]


def _focus(choices: list[Choice]) -> Choice | None:
    """The article's main locality: its most-mentioned city, else county, else region, else country.

    An unmatched name (a street, a school) is most often in the town the article is about; a
    county's or region's point is a better guess than a city mentioned in passing elsewhere.
    """
    for kinds in _FOCUS_TIERS:
        local = Counter(c.place.pid for c in choices if c.place is not None and c.place.kind in kinds)
        if local:
            pid = local.most_common(1)[0][0]
            return next(c for c in choices if c.place is not None and c.place.pid == pid)
    return None


def _to_place(m: Mention, choice: Choice, focus: Choice | None) -> Place:
    p = choice.place
    if p is None:
        if focus is None or focus.place is None:
            return Place(mention=m.text, name=m.text, start=m.start, end=m.end, score=round(FALLBACK_SCORE / 2, 3))
        f = focus.place
        return Place(mention=m.text, name=m.text, lat=f.lat, lon=f.lon, country=f.country, start=m.start, end=m.end,
                     score=FALLBACK_SCORE)  # fmt: skip
    return Place(
        mention=m.text,
        name=p.name,
        geonameid=p.geonameid,
        lat=round(p.lat, 5),
        lon=round(p.lon, 5),
        country=p.country,
        feature_code=p.feature_code,
        start=m.start,
        end=m.end,
        score=round(m.confidence * choice.score, 3),
    )


def geoparse_jsonl(lines: Iterable[str]) -> Iterator[dict]:
    """``{"id", "text", "lang"?, "title"?}`` lines in, ``{"id", "places"}`` or ``{"id", "error"}`` out."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        doc_id = None
        try:
            doc = json.loads(line)
            if not isinstance(doc, dict):
                raise ValueError("line is not a JSON object")
            doc_id = doc.get("id", f"line-{n}")
            text = doc.get("text")
            if not isinstance(text, str):
                raise ValueError("'text' is missing or not a string")
            places = geoparse(text, language=doc.get("lang"), title=doc.get("title"))
            yield {"id": doc_id, "places": [p.model_dump() for p in places]}
        except Exception as exc:  # one bad line must not stop the file
            yield {"id": doc_id if doc_id is not None else f"line-{n}", "error": f"{type(exc).__name__}: {exc}"}
