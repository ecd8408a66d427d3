"""Named-entity spans from the statistical models: the raw material every later rule refines.

Labels follow spaCy/OntoNotes (PERSON, ORG, GPE, LOC, NORP, ...); natasha's PER/ORG/LOC
are mapped onto them.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.nlp.models import natasha_ner, spacy_english

_NATASHA_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
# Languages natasha's Russian model is used for (Ukrainian shares the script and much morphology).
NATASHA_LANGUAGES = ("ru", "uk", "be")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    text: str


def ner_spans(text: str, language: str | None) -> list[Span]:
    """Entity spans of ``text`` with character offsets; empty for empty text."""
    if not text.strip():
        return []
    if language in NATASHA_LANGUAGES:
        from natasha import Doc

        segmenter, tagger = natasha_ner()
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        return [Span(s.start, s.stop, _NATASHA_LABELS.get(s.type, s.type), s.text) for s in doc.spans]
    doc = spacy_english()(text)
    return [Span(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
