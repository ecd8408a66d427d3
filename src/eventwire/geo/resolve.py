"""Choose one gazetteer entry per mention, using the whole article as context.

Most-populous-wins is right for "Paris" in most news and wrong for "Mykolaivka" in a
Ukrainian report or "Izium, Kharkiv Oblast". Each candidate gets a prior (kind, population,
capital/seat, main name or alternate name) plus context: the countries and regions the
article's other mentions vote for, an explicit container right after the name ("X, Y
region", "X in Y"), and the language of the text.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from eventwire.geo.gazetteer import Gazetteer, GazPlace
from eventwire.geo.morph import lemmas
from eventwire.geo.recognise import Mention
from eventwire.geo.text import is_cyrillic, name_key, romanise, tokenize

# Prior by kind: a country or continent name almost always means the country or continent.
KIND_PRIOR = {"continent": 1.2, "country": 1.2, "admin1": 0.8, "region": 1.0, "sea": 1.0}
# City prior = CITY_SCALE * log10(population + 10) / 7: 10M -> 0.9, 100k -> 0.64, 1k -> 0.39.
CITY_SCALE = 0.9
# Capitals and region seats are what a bare name in news usually means.
CAPITAL_BONUS = 0.15
SEAT_BONUS = 0.05
# The key was the place's main name, not one of its alternate names (GeoNames lists old and
# translated names too: "Salisbury" for Harare, "White House" for Casablanca).
MAIN_NAME_BONUS = 0.25
# Weight of the article's country and first-level-region votes (share of the other mentions).
# Tuned on GeoWebNews dev together with CITY_SCALE: country 0.5 / region 0.3 fixes most
# "Springfield"-type picks without overriding big cities named in passing.
COUNTRY_VOTE = 0.5
ADMIN_VOTE = 0.3
# "Izium, Kharkiv Oblast" / "Paris, Texas": the container right after the name decides.
CONTAINER_BONUS = 0.8
# A Ukrainian text means Ukraine unless said otherwise; Russian-language news covers both.
LANGUAGE_PRIOR = {"uk": {"UA": 0.25}, "ru": {"RU": 0.12, "UA": 0.12}}
# Similarity (rapidfuzz ratio, 0-100) between a romanised Cyrillic mention and a place's main
# name that counts as "the same name": absorbs transliteration variants (yi/i, ya/ia).
ROMANISED_MATCH = 85
_CONTAINER_GAP = re.compile(r"\s*(,|\(|\bin\b|\bу\b|\bв\b)\s*", re.IGNORECASE)


@dataclass
class Choice:
    place: GazPlace | None
    score: float


def _prior(p: GazPlace, main: bool) -> float:
    if p.kind == "city":
        base = CITY_SCALE * math.log10(p.population + 10) / 7
        if p.feature_code == "PPLC":
            base += CAPITAL_BONUS
        elif p.feature_code == "PPLA":
            base += SEAT_BONUS
    else:
        base = KIND_PRIOR.get(p.kind, 0.7)
    return base + (MAIN_NAME_BONUS if main else 0.0)


def _romanised_forms(mention: str, language: str | None) -> set[str]:
    """Latin spellings of a Cyrillic mention and its lemmas ("Слов'янську" -> "slovyansk")."""
    langs = (language,) if language in ("uk", "ru") else ("uk", "ru")
    words = [t.text for t in tokenize(mention)]
    out = set()
    for lang in langs:
        forms = [(lemmas(w, lang) or (w,))[0] for w in words]
        out |= romanise(" ".join(forms))
    return out


def _is_main(p: GazPlace, main: bool, romanised: set[str]) -> bool:
    """The mention names the place by its main name, directly or as its romanisation.

    GeoNames lists a Cyrillic form under several places ("Слов'янськ" under Nikopol too);
    the place whose own (romanised) name it is wins.
    """
    if main or not romanised:
        return main
    own = name_key(p.name)
    return any(fuzz.ratio(r, own) >= ROMANISED_MATCH for r in romanised)


def resolve(text_mentions: list[tuple[str, Mention]], language: str | None, gaz: Gazetteer) -> list[Choice]:
    """One choice per mention. ``text_mentions`` pairs each mention with the text it is in."""
    cands = []
    for _, m in text_mentions:
        romanised = _romanised_forms(m.text, language) if is_cyrillic(m.text) and len(m.candidates) > 1 else set()
        places = [(gaz.place(pid), main) for pid, main in m.candidates]
        cands.append([(p, _is_main(p, main, romanised)) for p, main in places if p is not None])
    lang_bonus = LANGUAGE_PRIOR.get(language or "", {})
    base = [{p.pid: _prior(p, main) + lang_bonus.get(p.country or "", 0.0) for p, main in cs} for cs in cands]
    containers = _containers(text_mentions, cands)

    # First pass: the article's countries and regions as the priors alone see them.
    first = [max(cs, key=lambda pm: base[i][pm[0].pid])[0] if cs else None for i, cs in enumerate(cands)]
    country_votes: Counter[str] = Counter()
    admin_votes: Counter[tuple[str, str]] = Counter()
    for p in first:
        if p is None:
            continue
        if p.country:
            country_votes[p.country] += 1
        if p.kind in ("city", "admin1") and p.country and p.admin1:
            admin_votes[(p.country, p.admin1)] += 1
    n_votes = max(sum(country_votes.values()), 1)

    choices = []
    for i, cs in enumerate(cands):
        if not cs:
            choices.append(Choice(None, 0.0))
            continue
        own = first[i]
        scored = []
        for p, _ in cs:
            s = base[i][p.pid]
            if p.country:
                others = country_votes[p.country] - (own is not None and own.country == p.country)
                s += COUNTRY_VOTE * others / n_votes
                if p.admin1:
                    mine = own is not None and (own.country, own.admin1) == (p.country, p.admin1)
                    s += ADMIN_VOTE * min(1, admin_votes[(p.country, p.admin1)] - mine) if p.kind == "city" else 0
            c = containers.get(i)
            if c is not None and p.pid != c.pid and p.country == c.country:
                s += CONTAINER_BONUS if c.kind == "country" or c.admin1 == p.admin1 else 0.0
            scored.append((s, p))
        scored.sort(key=lambda sp: -sp[0])
        best_s, best = scored[0]
        second = scored[1][0] if len(scored) > 1 else 0.0
        margin = min(1.0, max(0.0, best_s - second) / 0.5) if len(scored) > 1 else 1.0
        choices.append(Choice(best, 0.5 + 0.5 * margin))
    return choices


def _containers(text_mentions: list[tuple[str, Mention]], cands: list[list]) -> dict[int, GazPlace]:
    """Mention index -> the country/region named right after it ("Izium, Kharkiv Oblast")."""
    out = {}
    for i in range(len(text_mentions) - 1):
        (t1, m1), (t2, m2) = text_mentions[i], text_mentions[i + 1]
        if t1 != t2 or not _CONTAINER_GAP.fullmatch(t1[m1.end : m2.start]):
            continue
        big = [p for p, _ in cands[i + 1] if p.kind in ("country", "admin1")]
        if big:
            out[i] = max(big, key=lambda p: (p.kind == "admin1", p.population))
    return out
