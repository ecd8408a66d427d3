"""Identity keys of an article: who, where and what, as language-independent strings with weights.

The sentence embedding only reads English, so an article written in Ukrainian or Russian meets the
English story through these keys alone: actor-table ids (``a:zelensky`` for "Zelensky",
"Зеленського"), GeoNames ids of its places (``g:706483`` for "Kharkiv", "Харкову"), a coarse
consonant key of other names (``n:sngbv`` for "Syniehubov", "Синєгубов": transliteration standards
disagree on vowels and on г = g/h, rarely on the other consonants) and event subtypes (``t:...``).

A key's weight is how much it says about the story (its kind) times how prominent it is in the
article (headline, lead, or only mentioned further down). Kind: a town or a person identifies an
event; a region less; a country, an armed force or a government very little (hundreds of stories
share "Ukraine" or "Russian Armed Forces"). News agencies name who wrote the story, not what it is
about, and are left out.
"""

from __future__ import annotations

import re

from eventwire.model import Result
from eventwire.nlp.actors import lookup
from eventwire.nlp.lemmas import lemmatize_name
from eventwire.nlp.translit import has_cyrillic, skeleton

# The lead: what a reader sees first. ~500 characters is the first two or three sentences of a wire story.
LEAD_CHARS = 500
# Prominence: in the headline, in the lead, or further down (growing with mentions, capped below the lead).
SALIENCE_TITLE = 1.0
SALIENCE_LEAD = 0.8
SALIENCE_BODY_FIRST = 0.3
SALIENCE_BODY_PER_MENTION = 0.1
SALIENCE_BODY_MAX = 0.6
# Kind priors: how well one key identifies a single real-world event.
PRIOR_TOWN = 1.0
PRIOR_REGION = 0.5
PRIOR_COUNTRY = 0.2
PRIOR_PERSON = 1.0
PRIOR_ORG = 0.6
PRIOR_COLLECTIVE_ACTOR = 0.3  # armed forces, governments, international organisations
PRIOR_EVENT_TYPE = 0.3
# GeoNames feature codes of places that cover a country or more, and of first-order regions.
_WIDE_CODES = ("PCL", "CONT", "RGN", "OCN", "SEA", "GULF", "TERR", "ZN")
_REGION_CODES = ("ADM1",)
_NAME_LABELS = frozenset({"PERSON", "ORG", "FAC"})
_UNREAL_FLAGS = frozenset({"hypothetical", "negated", "background"})
# Shortest consonant key trusted alone ("Ali" has one consonant: the vowelled skeleton is kept instead).
MIN_CONSONANTS = 3
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLE = re.compile(r"(.)\1+")


def name_key(name: str, language: str | None = None) -> str:
    """A script-independent key of a name: 'Syniehubov', 'Синєгубов' and 'Синегубова' give 'sngbv'
    ('' for a name too short to identify anyone)."""
    if has_cyrillic(name):
        name = lemmatize_name(name, language)
    base = skeleton(name).replace("h", "g").replace(" ", "")
    consonants = _DOUBLE.sub(r"\1", _VOWELS.sub("", base))
    if len(consonants) >= MIN_CONSONANTS:
        return consonants
    return base if len(base) >= MIN_CONSONANTS else ""  # "Un", "DIY": too short to identify anyone


def _salience(in_title: bool, first_start: int, mentions: int) -> float:
    if in_title:
        return SALIENCE_TITLE
    if first_start < LEAD_CHARS:
        return SALIENCE_LEAD
    return min(SALIENCE_BODY_MAX, SALIENCE_BODY_FIRST + SALIENCE_BODY_PER_MENTION * (mentions - 1))


def _place_prior(feature_code: str | None) -> float:
    code = feature_code or ""
    if code.startswith(_WIDE_CODES):
        return PRIOR_COUNTRY
    if code.startswith(_REGION_CODES):
        return PRIOR_REGION
    return PRIOR_TOWN


def _in_title(title: str, *names: str) -> bool:
    """Whether a name appears in the headline, inflection aside (the stem of its last word)."""
    for name in names:
        parts = name.split()
        if parts:
            last = parts[-1].casefold()
            if len(last) >= 3 and last[: max(4, len(last) - 2)] in title:
                return True
    return False


def _entity_key(label: str, name: str, language: str | None) -> tuple[str, float] | None:
    actor = lookup(name)
    if actor is not None:
        if actor.kind == "media":
            return None
        if actor.is_person:
            return f"a:{actor.id}", PRIOR_PERSON
        return f"a:{actor.id}", PRIOR_COLLECTIVE_ACTOR
    if label == "PERSON":
        surname = name.split()[-1] if name.split() else name
        return f"n:{name_key(surname, language)}", PRIOR_PERSON
    return f"n:{name_key(name, language)}", PRIOR_ORG if label == "ORG" else PRIOR_TOWN


def _add(keys: dict[str, float], key: str, weight: float) -> None:
    if key.split(":", 1)[1] and weight > keys.get(key, 0.0):
        keys[key] = round(weight, 4)


def identity_keys(result: Result) -> dict[str, float]:
    """Weighted keys of an article (each key's weight is its strongest occurrence, 0..1)."""
    article = result.article
    language = article.language
    title = (article.title or "").casefold()
    keys: dict[str, float] = {}
    for entity in result.entities:
        if entity.label not in _NAME_LABELS or not entity.mentions:
            continue
        found = _entity_key(entity.label, entity.canonical or entity.text, language)
        if found is None:
            continue
        key, prior = found
        in_title = _in_title(title, entity.text, entity.canonical or "")
        _add(keys, key, prior * _salience(in_title, entity.mentions[0][0], len(entity.mentions)))
    place_mentions: dict[str, list[tuple[bool, int, float]]] = {}
    for place in result.places:
        key = f"g:{place.geonameid}" if place.geonameid is not None else f"n:{name_key(place.name, language)}"
        place_mentions.setdefault(key, []).append((place.in_ == "title", place.start, _place_prior(place.feature_code)))
    for key, seen in place_mentions.items():
        in_title = any(t for t, _, _ in seen)
        first = min((start for t, start, _ in seen if not t), default=LEAD_CHARS)
        body_mentions = sum(1 for t, _, _ in seen if not t) or 1
        _add(keys, key, max(p for _, _, p in seen) * _salience(in_title, first, body_mentions))
    for event in result.events:
        if event.subtype and not _UNREAL_FLAGS.intersection(event.flags):
            _add(keys, f"t:{event.subtype}", PRIOR_EVENT_TYPE * min(1.0, max(event.confidence, 0.5)))
    return keys
