"""Pure conversions between the pipeline's and the stories' objects and table rows (no SQL here)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from eventwire.model import Result
from eventwire.stories.features import as_day as published_date  # one reading of "published" for stories and rows

T = TypeVar("T")

# Characters no PostgreSQL text or JSONB value may hold; removed on both databases so they store the same.
_NUL = "\x00"


@dataclass(frozen=True)
class RawInfo:
    """What the store keeps of the raw document behind a result."""

    raw_hash: str | None = None
    url: str | None = None
    source: str | None = None
    encoding: str | None = None
    crawled: str | None = None


def clean(value: Any) -> Any:
    """``value`` with NUL characters and unpaired surrogates removed from every string, at any depth."""
    if isinstance(value, str):
        if _NUL in value:
            value = value.replace(_NUL, "")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value = value.encode("utf-8", "replace").decode("utf-8")
        return value
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


def needs_cleaning(value: Any) -> bool:
    """Whether :func:`clean` would change ``value``: one JSON encoding instead of a walk over every string
    (a literal backslash-u0000 in a text may answer True needlessly; cleaning then changes nothing)."""
    encoded = json.dumps(value, ensure_ascii=False)
    try:
        encoded.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return "\\u0000" in encoded


def result_data(result: Result) -> dict[str, Any]:
    """The result as JSON-ready data (the ``extract --json`` shape), cleaned for both databases."""
    data = result.model_dump(mode="json", by_alias=True)
    return clean(data) if needs_cleaning(data) else data


def article_row(data: dict[str, Any], *, key: str, identity: str, content_hash: str, raw: RawInfo) -> dict[str, Any]:
    """Columns of ``articles`` for one result (without ids of other tables, version or timestamps)."""
    article = data["article"]
    published = article.get("published")
    return {
        "id": key,
        "identity": identity,
        "doc_id": article["id"],
        "content_hash": content_hash,
        "url": article.get("url") or raw.url,
        "source_domain": article.get("source_domain"),
        "title": article.get("title"),
        "published": published_date(published),
        "published_at": published if published and len(published) > len("2025-01-01") else None,
        "published_from": article.get("published_from"),
        "language": article.get("language"),
        "machine_translated": bool(article.get("machine_translated")),
        "mt_signals": article.get("mt_signals") or [],
        "agency": article.get("agency"),
        "cited_sources": article.get("cited_sources") or [],
        "text": article.get("text") or "",
        "removed": article.get("removed") or [],
        "page_kind": article.get("page_kind") or "article",
        "warnings": data.get("warnings") or [],
        "source_path": raw.source,
        "encoding": raw.encoding,
        "crawled": raw.crawled,
    }


def entity_rows(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [
        {"article_id": key, "position": i, "text": e["text"], "label": e["label"], "canonical": e.get("canonical"),
         "roles": e.get("roles") or [], "mentions": e.get("mentions") or []}
        for i, e in enumerate(data.get("entities") or [])
    ]  # fmt: skip


def place_rows(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    columns = ("mention", "name", "geonameid", "lat", "lon", "country", "feature_code", "start", "end", "score")
    return [
        {"article_id": key, "position": i, "in": p.get("in", "text"), **{c: p.get(c) for c in columns}}
        for i, p in enumerate(data.get("places") or [])
    ]


def quote_rows(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    columns = ("text", "speaker", "direct", "start", "end")
    return [{"article_id": key, "position": i, **{c: q.get(c) for c in columns}} for i, q in enumerate(data["quotes"])]


def result_from_rows(
    article: Mapping[str, Any], entities: list[Mapping[str, Any]], places: list[Mapping[str, Any]],
    quotes: list[Mapping[str, Any]], events: list[Mapping[str, Any]],
) -> Result:  # fmt: skip
    """The Result an article's rows were made from (events from their kept ``detail``)."""
    published = article["published_at"] or (article["published"].isoformat() if article["published"] else None)
    fields = ("url", "source_domain", "title", "published_from", "language", "machine_translated", "mt_signals")
    fields += ("agency", "cited_sources", "text", "removed", "page_kind")
    payload = {
        "article": {"id": article["doc_id"], "published": published, **{f: article[f] for f in fields}},
        "entities": [_pick(e, ("text", "label", "canonical", "roles", "mentions")) for e in entities],
        "places": [
            {"in": p["in"], **_pick(p, ("mention", "name", "geonameid", "lat", "lon", "country", "feature_code"))}
            | _pick(p, ("start", "end", "score"))
            for p in places
        ],
        "quotes": [_pick(q, ("text", "speaker", "direct", "start", "end")) for q in quotes],
        "events": [e["detail"] for e in events],
        "warnings": article["warnings"],
    }
    return Result.model_validate(payload)


def _pick(row: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: row[name] for name in names}


def dataclass_row(obj: Any) -> dict[str, Any]:
    """A dataclass as a row: numpy arrays become bytes, numpy scalars plain numbers."""
    row = {}
    for field in dataclasses.fields(obj):
        value = getattr(obj, field.name)
        if isinstance(value, np.ndarray):
            value = value.tobytes()
        row[field.name] = _plain(value)
    return row


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def dataclass_from_row(cls: type[T], row: Mapping[str, Any], **overrides: Any) -> T:
    """An instance of dataclass ``cls`` from the row's columns of the same names (``overrides`` win)."""
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    values = {name: row[name] for name in names if name not in overrides}
    return cls(**values, **overrides)
