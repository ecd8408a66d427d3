"""Named-entity spans from the statistical models: the raw material every later rule refines.

Labels follow spaCy/OntoNotes (PERSON, ORG, GPE, LOC, NORP, ...); natasha's PER/ORG/LOC
are mapped onto them.

The spaCy parse is needed three times per document (entities, roles, quotes), so
:func:`analyse` keeps the last few analyses: ``find_entities`` and ``find_quotes`` called
on the same text share one run of the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from eventwire.nlp.models import natasha_ner, pos_rules, spacy_english

_NATASHA_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
# Languages natasha's Russian model is used for (Ukrainian shares the script and much morphology).
NATASHA_LANGUAGES = ("ru", "uk", "be")
# Longest text handed to a model: spaCy refuses more than 1,000,000 characters and its
# memory grows with length; a news article is < 50,000. The rest of a longer text is not analysed.
MAX_CHARS = 300_000
# Components skipped: no rule reads lemmas (cue verbs are listed inflected); saves ~5% of parse time.
# The attribute ruler is replaced by ``models.PosRules`` (same POS, ~30x cheaper).
SPACY_DISABLED = ("lemmatizer", "attribute_ruler")
# Components run per paragraph (batched); the rest run on the whole text.
_PARSE_COMPONENTS = ("tok2vec", "tagger", "parser")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
# Analyses kept: a document's entities and quotes (and its title) are asked for together.
CACHE_SIZE = 8


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True)
class Analysis:
    """What the models made of one text: entity spans, and the spaCy Doc when spaCy was used."""

    text: str
    language: str | None
    spans: tuple[Span, ...]
    doc: Any = None


def uses_natasha(language: str | None) -> bool:
    return language in NATASHA_LANGUAGES


@lru_cache(maxsize=CACHE_SIZE)
def analyse(text: str, language: str | None) -> Analysis:
    """Run the language's model once over ``text`` (cached: repeated calls are free)."""
    if not text.strip():
        return Analysis(text, language, ())
    clipped = text[:MAX_CHARS]
    if uses_natasha(language):
        from natasha import Doc

        segmenter, tagger = natasha_ner()
        doc = Doc(clipped)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        spans = tuple(Span(s.start, s.stop, _NATASHA_LABELS.get(s.type, s.type), s.text) for s in doc.spans)
        return Analysis(text, language, spans, None)
    doc = english_doc(clipped)
    spans = tuple(Span(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents)
    return Analysis(text, language, spans, doc)


def english_doc(text: str) -> Any:
    """spaCy's analysis of ``text``: tokens, tags, POS, dependency parse and entities.

    The tagger and parser run on the text's paragraphs as one batch (their transition loop
    then advances all paragraphs together: the parse costs ~30% less than on one long
    document, and a sentence never spans a blank line anyway); the paragraphs are joined back into one Doc,
    which the NER, with its own embedding layer, reads whole.
    """
    from spacy.tokens import Doc

    nlp = spacy_english()
    paragraphs = _paragraphs(text)
    if len(paragraphs) > 1:
        docs = [nlp.make_doc(p) for p in paragraphs]
        for name in _PARSE_COMPONENTS:
            docs = list(nlp.get_pipe(name).pipe(docs, batch_size=len(docs)))
        doc = Doc.from_docs(docs, ensure_whitespace=False)
    else:
        doc = nlp.make_doc(text)
        for name in _PARSE_COMPONENTS:
            doc = nlp.get_pipe(name)(doc)
    doc = pos_rules()(doc)  # in place of the attribute ruler
    for name, component in nlp.pipeline:
        if name not in _PARSE_COMPONENTS and name not in SPACY_DISABLED:
            doc = component(doc)
    return doc


def _paragraphs(text: str) -> list[str]:
    """``text`` cut after each blank line (the pieces, blank lines included, add up to ``text``)."""
    pieces = []
    start = 0
    for m in _BLANK_LINE.finditer(text):
        if m.end() < len(text):
            pieces.append(text[start : m.end()])
            start = m.end()
    pieces.append(text[start:])
    return [p for p in pieces if p]


def ner_spans(text: str, language: str | None) -> list[Span]:
    """Entity spans of ``text`` with character offsets; empty for empty text."""
    return list(analyse(text, language).spans)
