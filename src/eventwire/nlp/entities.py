"""Entities of an article: people, organisations and places with canonical names and roles.

``find_entities`` runs the language's model once (``ner.analyse``, shared with quotes),
repairs its spans (``english`` / ``cyrillic``), merges mentions of the same referent
(``coref``) and reports one :class:`Entity` per referent with all its mention offsets.

The title is analysed separately and only helps resolve the body: a full name in the
headline lets a bare surname in the text find its person. Title-only entities are not
returned (their offsets would not point into ``text``); stages that read the headline
(events' headline-only flag) analyse it themselves.
"""

from __future__ import annotations

from eventwire.model import Entity
from eventwire.nlp.coref import Cluster, cluster
from eventwire.nlp.cyrillic import cyrillic_mentions
from eventwire.nlp.english import english_mentions
from eventwire.nlp.mentions import Mention
from eventwire.nlp.ner import Analysis, Span, analyse, uses_natasha

# Labels reported as entities (NORP "Russian" is an attribute, not a referent).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})


def mentions_of(text: str, language: str | None, spans: list[Span] | None = None) -> list[Mention]:
    """All repaired mentions of ``text`` (names and descriptions), in text order."""
    analysis = analyse(text, language)
    if uses_natasha(language):
        return cyrillic_mentions(text, language, spans if spans is not None else analysis.spans)
    if analysis.doc is None:
        return []
    return sorted(english_mentions(analysis.doc), key=lambda m: m.start)


def resolve(text: str, *, title: str | None, language: str | None, spans: list[Span] | None = None) -> list[Cluster]:
    """Mentions of the body grouped into referents (the title's names take part, then are dropped)."""
    mentions = mentions_of(text, language, spans)
    title_mentions = mentions_of(title, language) if title and title.strip() else []
    for m in title_mentions:
        m.start, m.end = -1 - m.end, -1 - m.start  # negative: marks title mentions
    clusters = cluster(title_mentions + mentions)
    for c in clusters:
        c.mentions = [m for m in c.mentions if m.start >= 0] + [m for m in c.mentions if m.start < 0]
    return [c for c in clusters if c.mentions and c.mentions[0].start >= 0]


def find_entities(
    text: str, *, title: str | None = None, language: str | None = None, spans: list[Span] | None = None
) -> list[Entity]:
    """People, organisations and places of ``text`` (offsets into ``text``), in order of first mention.

    Args:
        text: the article body.
        title: the headline; helps coreference, its own mentions are not returned.
        language: ISO 639-1 code; ru/uk/be use natasha + pymorphy3 rules, anything else spaCy English.
        spans: NER spans already computed for ``text`` (from ``ner.ner_spans``); None = compute.
    """
    if not text or not text.strip():
        return []
    entities = []
    for c in resolve(text, title=title, language=language, spans=spans):
        if c.label not in ENTITY_LABELS:
            continue
        body = [m for m in c.mentions if m.start >= 0]
        names = [m for m in body if not m.is_description]
        if not names:
            continue
        shown = max(names, key=lambda m: (len(m.text.split()), m.start * -1))
        entities.append(
            Entity(
                text=shown.text,
                label=c.label,
                canonical=c.canonical,
                roles=c.roles,
                mentions=sorted({(m.start, m.end) for m in body}),
            )
        )
    return sorted(entities, key=lambda e: e.mentions[0][0])


__all__ = ["Analysis", "find_entities", "mentions_of", "resolve"]
