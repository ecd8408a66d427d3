"""The actor table: known people and organisations, looked up by any alias in en/uk/ru.

The table (``data/actors.json``, hand-compiled; see its ``_about``) gives entity rules a
prior ("Trump" is a person, "Reuters" is media) and the event stage stable actor ids and
kinds. News outlets and agencies already listed in ``outlets.json``/``agencies.json`` are
added as ``media`` so the lists are kept in one place each.

Matching, cheapest first: exact alias; alias after removing "the"/possessives; the
script-independent skeleton (``translit.skeleton``: Dmitriyev = Dmitriev = Дмитриев);
Cyrillic inflections through pymorphy3 lemmas (Зеленського → Зеленський); finally a
rapidfuzz match of skeletons for spelling variants the skeleton does not erase.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from eventwire.nlp.lemmas import lemmatize_name
from eventwire.nlp.translit import has_cyrillic, skeleton

# Fuzzy matching of skeletons: 90 accepts one edit in a 10-letter name ("zelenskii"/"zelenski"
# are already equal; "vitkof"/"witkof" too) but rejects different people with similar
# surnames (Medvedev/Medvedchuk score 71, Lavrov/Lvov 80). Tuned on the aliases in the table.
FUZZY_MIN_SCORE = 90
# Skeletons shorter than this are matched exactly only: fuzzy scores on 4-letter names are noise.
FUZZY_MIN_LENGTH = 6
# Names remembered by ``lookup`` (a few thousand: the names of a batch of articles).
LOOKUP_CACHE_SIZE = 8192
# Aliases this short, or all capitals, are case-sensitive ("IS", "AP", "UN" vs "is", "ap", "un").
CASE_SENSITIVE_MAX_LENGTH = 3

_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    country: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_person(self) -> bool:
        return self.kind == "person"


@dataclass
class _Index:
    actors: dict[str, Actor]
    exact: dict[str, str | None]  # case-sensitive keys of short/all-caps aliases
    folded: dict[str, str | None]  # case-folded alias -> actor id (None: ambiguous)
    skeletons: dict[str, str | None]


def _add(table: dict[str, str | None], key: str, actor_id: str) -> None:
    if not key:
        return
    if key in table and table[key] != actor_id:
        table[key] = None  # two actors share it: ambiguous, never guessed
    else:
        table[key] = actor_id


def _case_sensitive(alias: str) -> bool:
    return len(alias) <= CASE_SENSITIVE_MAX_LENGTH or (alias.isupper() and len(alias) <= 5)


def _read(name: str) -> dict:
    return json.loads(resources.files("eventwire.data").joinpath(name).read_text("utf-8"))


@cache
def _index() -> _Index:
    actors: dict[str, Actor] = {}
    for row in _read("actors.json")["actors"]:
        aliases = (row["name"], *row.get("aliases", []))
        actors[row["id"]] = Actor(row["id"], row["name"], row["kind"], row.get("country"), row.get("role"), aliases)
    known = {a.casefold() for actor in actors.values() for a in actor.aliases}
    for key, value in _read("agencies.json")["agencies"].items():
        aliases = (key, value["full"], *value.get("aliases", []))
        if not any(a.casefold() in known for a in aliases):
            actors[f"media:{key.casefold()}"] = Actor(
                f"media:{key.casefold()}", key, "media", None, value["full"], aliases
            )
    for outlet in _read("outlets.json")["outlets"]:
        if outlet.casefold() not in known:
            actors[f"media:{outlet.casefold()}"] = Actor(
                f"media:{outlet.casefold()}", outlet, "media", aliases=(outlet,)
            )
    index = _Index(actors, {}, {}, {})
    for actor in actors.values():
        for alias in actor.aliases:
            if _case_sensitive(alias):
                _add(index.exact, alias, actor.id)
                continue
            _add(index.folded, alias.casefold(), actor.id)
            _add(index.skeletons, skeleton(alias), actor.id)
    return index


def _clean(name: str) -> str:
    name = " ".join(name.split())
    name = _LEADING_THE.sub("", name)
    return _POSSESSIVE.sub("", name).strip(" .,;:")


def lookup(name: str, *, fuzzy: bool = True) -> Actor | None:
    """The actor ``name`` refers to, or None when unknown or ambiguous.

    Args:
        name: a mention as written ("Trump's", "the Kremlin", "Зеленського", "Dmitriyev").
        fuzzy: also accept close spellings (rapidfuzz on skeletons); off for cheap label checks.
    """
    return _lookup(name, fuzzy)


@lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def _lookup(name: str, fuzzy: bool) -> Actor | None:
    """``lookup``, remembered: a document repeats its names, and the fuzzy match is the costly part."""
    if not name or len(name) > 200:
        return None
    index = _index()
    for candidate in dict.fromkeys((name.strip(), _clean(name))):
        if not candidate:
            continue
        if candidate in index.exact:
            return _get(index, index.exact[candidate])
        if _case_sensitive(candidate):
            continue
        found = index.folded.get(candidate.casefold(), "")
        if found != "":
            return _get(index, found)
    cleaned = _clean(name)
    if _case_sensitive(cleaned):
        return None
    keys = [skeleton(cleaned)]
    if has_cyrillic(cleaned):
        keys.append(skeleton(lemmatize_name(cleaned)))
    for key in keys:
        if key in index.skeletons:
            return _get(index, index.skeletons[key])
    if not fuzzy:
        return None
    for key in keys:
        if len(key) < FUZZY_MIN_LENGTH:
            continue
        best = process.extractOne(key, index.skeletons.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE)
        if best is not None and not _gender_pair(key, best[0]):
            return _get(index, index.skeletons[best[0]])
    return None


def _gender_pair(a: str, b: str) -> bool:
    """Dmitriyeva vs Dmitriev: a Slavic surname and its feminine form are two people, not a misspelling."""
    short, long = sorted((a, b), key=len)
    return long == short + "a"


def _get(index: _Index, actor_id: str | None) -> Actor | None:
    return index.actors.get(actor_id) if actor_id else None


def get(actor_id: str) -> Actor | None:
    """The actor with this id (as stored on entities/events), or None."""
    return _index().actors.get(actor_id)


def armed_actor_aliases() -> list[str]:
    """Every alias of an armed force or armed group (for finding them in text NER missed)."""
    data = _read("actors.json")
    return [
        alias
        for actor in data["actors"]
        if actor.get("kind") in ("state_forces", "rebel_group")
        for alias in (actor["name"], *actor.get("aliases", ()))
        if len(alias) > CASE_SENSITIVE_MAX_LENGTH
    ]
