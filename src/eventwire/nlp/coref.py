"""In-document coreference of names: which mentions are the same person or organisation.

Clusters are keyed, in order of trust, by the actor-table id ("Trump" and "Donald Trump"
→ actor ``trump``), by the surname of a full name written in this text ("Dmitriyev" →
"Kirill Dmitriyev", spelling variants via skeletons and rapidfuzz), and otherwise by the
name itself. A cluster's canonical name is its longest full name as written here, else the
table's name. Descriptions ("Putin's man") join the person whose role names their owner.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from eventwire.nlp.actors import Actor, lookup
from eventwire.nlp.mentions import Mention
from eventwire.nlp.translit import skeleton

# Surname variants that count as the same name (rapidfuzz ratio of skeletons): "dmitriev" vs
# "dmitriiev" scores 94; different surnames of similar shape (Ivanov/Ivanova, Petrov/Petrenko)
# stay below. Same tuning as actors.FUZZY_MIN_SCORE.
SURNAME_MIN_SCORE = 90
_ORG_LABELS = frozenset({"ORG"})


@dataclass
class Cluster:
    label: str
    key: str
    actor: Actor | None = None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def canonical(self) -> str:
        full = [m.name for m in self.mentions if not m.is_description and len(m.name.split()) >= 2]
        if self.label == "PERSON" and full:
            return max(full, key=lambda n: (len(n.split()), len(n)))
        if self.actor is not None:
            return self.actor.name
        names = [m.name for m in self.mentions if not m.is_description]
        return max(names, key=len) if names else self.mentions[0].text

    @property
    def roles(self) -> list[str]:
        return list(dict.fromkeys(r for m in sorted(self.mentions, key=lambda m: m.start) for r in m.roles))


def _surname_key(name: str) -> str:
    words = skeleton(name).split()
    return words[-1] if words else ""


def cluster(mentions: list[Mention]) -> list[Cluster]:
    """Group mentions into entities (persons by name, orgs by table/name, places by name)."""
    clusters: dict[str, Cluster] = {}
    by_mention: dict[int, Cluster] = {}
    names = [m for m in mentions if not m.is_description]
    persons = [m for m in names if m.label == "PERSON"]
    # Full names first, so surnames alone can attach to them.
    for m in sorted(persons, key=lambda m: -len(m.name.split())):
        actor = lookup(m.name)
        actor = actor if actor is not None and actor.is_person else None
        key = _person_key(m, actor, clusters)
        by_mention[id(m)] = _add(clusters, key, "PERSON", actor, m)
    for m in names:
        if m.label == "PERSON":
            continue
        actor = lookup(m.name) if m.label in _ORG_LABELS or m.label in ("GPE", "FAC") else None
        actor = actor if actor is not None and not actor.is_person else None
        key = f"actor:{actor.id}" if actor else f"{m.label}:{skeleton(m.name) or m.name.casefold()}"
        by_mention[id(m)] = _add(clusters, key, m.label if actor is None else "ORG", actor, m)
    for m in mentions:
        if m.is_description:
            target = _resolve_description(m, by_mention, clusters)
            if target is not None:
                target.mentions.append(m)
    return list(clusters.values())


def _person_key(m: Mention, actor: Actor | None, clusters: dict[str, Cluster]) -> str:
    words = m.name.split()
    if len(words) == 1:
        surname = _surname_key(m.name)
        matches = [
            k for k, c in clusters.items()
            if c.label == "PERSON" and any(len(x.name.split()) >= 2 for x in c.mentions)
            and _same_surname(surname, _surname_key(c.canonical))
        ]  # fmt: skip
        if len(matches) == 1:
            return matches[0]
    if actor is not None:
        return f"actor:{actor.id}"
    return f"person:{skeleton(m.name)}"


def _same_surname(a: str, b: str) -> bool:
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= SURNAME_MIN_SCORE)


def _add(clusters: dict[str, Cluster], key: str, label: str, actor: Actor | None, m: Mention) -> Cluster:
    found = clusters.get(key)
    if found is None:
        found = clusters[key] = Cluster(label, key, actor)
    elif found.actor is None and actor is not None:
        found.actor = actor
    found.mentions.append(m)
    return found


def _resolve_description(m: Mention, by_mention: dict[int, Cluster], clusters: dict[str, Cluster]) -> Cluster | None:
    """The person "Putin's man" stands for: one whose role names Putin, nearest before the description."""
    owner = by_mention.get(id(m.owner)) if m.owner is not None else None
    if owner is None:
        return None
    owner_keys = {_surname_key(x.name) for x in owner.mentions if not x.is_description} - {""}
    best: tuple[int, Cluster] | None = None
    for c in clusters.values():
        if c is owner or c.label != "PERSON":
            continue
        if not any(set(skeleton(role).split()) & owner_keys for role in c.roles):
            continue
        before = [x.start for x in c.mentions if x.start < m.start and not x.is_description]
        if before and (best is None or max(before) > best[0]):
            best = (max(before), c)
    return best[1] if best else None
