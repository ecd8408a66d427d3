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
from collections import Counter, defaultdict
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
# A little more where the article also names the capital's country.
CAPITAL_VOTE_BONUS = 0.1
# The key was the place's main name, not one of its alternate names (GeoNames lists old and
# translated names too: "Salisbury" for Harare, "White House" for Casablanca).
MAIN_NAME_BONUS = 0.25
# Weight of the article's country and first-level-region votes (share of the other mentions).
# Tuned on GeoWebNews dev together with CITY_SCALE: country 0.5 / region 0.2 fixes most
# "Springfield"-type picks without overriding big cities named in passing (0.1-0.2 score
# alike; region votes also reach counties and states, and 0.3 lets them override too often).
COUNTRY_VOTE = 0.5
ADMIN_VOTE = 0.2
# "Izium, Kharkiv Oblast" / "Paris, Texas": the container right after the name decides.
CONTAINER_BONUS = 0.8
# A Ukrainian text means Ukraine unless said otherwise; Russian-language news covers both.
LANGUAGE_PRIOR = {"uk": {"UA": 0.25}, "ru": {"RU": 0.12, "UA": 0.12}}
# Rounds of voting: the first counts the priors' picks, each later one the previous round's,
# so a British article's "Norfolk" and "Cheshire" stop voting for the US once placed in England.
VOTING_ROUNDS = 2
# Places voting for and taking votes from the first-level region they lie in.
_LOCAL_KINDS = ("city", "admin1", "admin2")
# A city this large shares its name with its own region ("New York"): a bare mention is the city.
BIG_CITY = 1_000_000
BIG_CITY_BONUS = 0.3
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
    # Regions' and countries' names are all hand-picked or official ("Atlantic" for the ocean,
    # "UK"): any of them is as good as the main name; a city's alternate names are not.
    return base + (MAIN_NAME_BONUS if main or p.kind != "city" else 0.0)


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
    contained = _contained(text_mentions, cands)
    names = [_name_of(m) for _, m in text_mentions]

    # First pass: the article's countries and regions as the priors alone see them. A name's
    # own repetitions do not vote for it: eight "Atlantic"s must not make Atlantic, Iowa, likely.
    picks = [max(cs, key=lambda pm: base[i][pm[0].pid])[0] if cs else None for i, cs in enumerate(cands)]
    for _ in range(VOTING_ROUNDS):
        choices = _vote(cands, base, names, picks, containers, contained)
        picks = [c.place for c in choices]
    abbreviated = {i for i, (_, m) in enumerate(text_mentions) if m.source == "abbreviation"}
    explicit = set(containers) | set(contained) | abbreviated
    _one_sense(choices, cands, names, explicit)
    return choices


def _vote(
    cands: list[list],
    base: list[dict[int, float]],
    names: list[str],
    picks: list[GazPlace | None],
    containers: dict[int, GazPlace],
    contained: dict[int, set[int]],
) -> list[Choice]:
    """Score every candidate with the countries and regions the other mentions' picks vote for."""
    country_votes: Counter[str] = Counter()
    admin_votes: Counter[tuple[str, str]] = Counter()
    own_country: dict[str, Counter[str]] = defaultdict(Counter)
    own_admin: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for name, p in zip(names, picks, strict=True):
        if p is None:
            continue
        if p.country:
            country_votes[p.country] += 1
            own_country[name][p.country] += 1
        if p.kind in _LOCAL_KINDS and p.country and p.admin1:
            admin_votes[(p.country, p.admin1)] += 1
            own_admin[name][(p.country, p.admin1)] += 1

    choices = []
    for i, cs in enumerate(cands):
        if not cs:
            choices.append(Choice(None, 0.0))
            continue
        name = names[i]
        n_votes = max(sum(country_votes.values()) - sum(own_country[name].values()), 1)
        scored = []
        for p, _ in cs:
            s = base[i][p.pid]
            if p.country:
                s += COUNTRY_VOTE * (country_votes[p.country] - own_country[name][p.country]) / n_votes
                if p.admin1 and p.kind in _LOCAL_KINDS:
                    key = (p.country, p.admin1)
                    s += ADMIN_VOTE * min(1, admin_votes[key] - own_admin[name][key])
            if p.feature_code == "PPLC" and country_votes[p.country] > own_country[name][p.country]:
                # The capital of a country the article names ("Washington" beside "the U.S.").
                s += CAPITAL_VOTE_BONUS
            if (
                p.kind == "city"
                and p.population >= BIG_CITY
                and any(q.kind == "admin1" and (q.country, q.admin1) == (p.country, p.admin1) for q, _ in cs)
            ):
                # "New York": the city, unless said otherwise ("New York State", "Albany, New York").
                s += BIG_CITY_BONUS
            c = containers.get(i)
            if c is not None and p.pid != c.pid and p.country == c.country:
                s += CONTAINER_BONUS if c.kind == "country" or c.admin1 == p.admin1 else 0.0
            if p.pid in contained.get(i, ()):
                s += CONTAINER_BONUS
            scored.append((s, p))
        scored.sort(key=lambda sp: -sp[0])
        best_s, best = scored[0]
        second = scored[1][0] if len(scored) > 1 else 0.0
        margin = min(1.0, max(0.0, best_s - second) / 0.5) if len(scored) > 1 else 1.0
        choices.append(Choice(best, 0.5 + 0.5 * margin))
    return choices


def _name_of(m: Mention) -> str:
    text = m.text[:-2] if m.text[-2:] in ("'s", "’s") else m.text
    return name_key(text)


def _one_sense(choices: list[Choice], cands: list[list], names: list[str], explicit: set[int]) -> None:
    """One sense per discourse: a name placed by its context ("Seattle, Washington") keeps that
    sense where the article repeats it bare ("Washington")."""
    settled: dict[str, Choice] = {}
    for i in sorted(explicit):
        place = choices[i].place
        if place is not None:
            settled.setdefault(names[i], choices[i])
            settled.setdefault(name_key(place.name), choices[i])  # "Wash." settles "Washington"
    for i, choice in enumerate(choices):
        known = settled.get(names[i])
        if i in explicit or known is None or known.place is None or choice.place is None:
            continue
        if any(p.pid == known.place.pid for p, _ in cands[i]):
            choices[i] = Choice(known.place, min(choice.score, known.score))


def _contained(text_mentions: list[tuple[str, Mention]], cands: list[list]) -> dict[int, set[int]]:
    """Mention index -> its region candidates that hold the place named right before it.

    "Seattle, Washington" / "Springfield, Ill.": Washington is the state holding a Seattle.
    """
    out: dict[int, set[int]] = {}
    for i in range(1, len(text_mentions)):
        (t1, m1), (t2, m2) = text_mentions[i - 1], text_mentions[i]
        if t1 != t2 or t1[m1.end : m2.start].strip() != ",":
            continue
        inner = {(q.country, q.admin1) for q, _ in cands[i - 1] if q.kind in _LOCAL_KINDS}
        held = {p.pid for p, _ in cands[i] if p.kind == "admin1" and (p.country, p.admin1) in inner}
        if held:
            out[i] = held
    return out


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
