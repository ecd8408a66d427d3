"""Named-entity spans from the statistical models: the raw material every later rule refines.

Labels follow spaCy/OntoNotes (PERSON, ORG, GPE, LOC, NORP, ...); natasha's PER/ORG/LOC
are mapped onto them.

The spaCy parse is needed three times per document (entities, roles, quotes), so
:func:`analyse` keeps the last few analyses: ``find_entities`` and ``find_quotes`` called
on the same text share one run of the model.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
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


_kept: OrderedDict[tuple[str, str | None], Analysis] = OrderedDict()
_kept_lock = threading.Lock()


def analyse(text: str, language: str | None) -> Analysis:
    """Run the language's model once over ``text`` (kept: repeated calls are free)."""
    with _kept_lock:
        kept = _kept.get((text, language))
        if kept is not None:
            _kept.move_to_end((text, language))
            return kept
    return _keep(_analysis(text, language))


def analyse_together(texts: list[str], language: str | None) -> None:
    """Analyse an article's texts (its body and its title) in one batch and keep the analyses.

    English: the title joins the body's paragraphs in the tagger and parser batch, which saves
    their per-call cost (~1.5 ms, as much as a headline's whole parse); same results as one by one.
    """
    with _kept_lock:
        missing = [t for t in dict.fromkeys(texts) if (t, language) not in _kept]
    if uses_natasha(language) or len([t for t in missing if t.strip()]) < 2:
        for text in missing:
            analyse(text, language)
        return
    texts_in = [t for t in missing if t.strip()]
    for text, doc in zip(texts_in, english_docs([t[:MAX_CHARS] for t in texts_in]), strict=True):
        _keep(_spacy_analysis(text, language, doc))


def _keep(analysis: Analysis) -> Analysis:
    with _kept_lock:
        _kept[(analysis.text, analysis.language)] = analysis
        while len(_kept) > CACHE_SIZE:
            _kept.popitem(last=False)
    return analysis


def _analysis(text: str, language: str | None) -> Analysis:
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
    return _spacy_analysis(text, language, english_doc(clipped))


def _spacy_analysis(text: str, language: str | None, doc: Any) -> Analysis:
    return Analysis(text, language, tuple(Span(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents), doc)


def english_doc(text: str) -> Any:
    """spaCy's analysis of ``text``: tokens, tags, POS, dependency parse and entities."""
    return english_docs([text])[0]


def english_docs(texts: list[str]) -> list[Any]:
    """spaCy's analyses of ``texts`` (tokens, tags, POS, dependency parse, entities), one Doc each.

    The tagger and parser run on the texts' paragraphs as one batch (their transition loop
    then advances all paragraphs together: the parse costs ~30% less than on one long
    document, and a sentence never spans a blank line anyway); each text's paragraphs are joined
    back into one Doc, which the NER, with its own embedding layer, reads whole.
    """
    nlp = spacy_english()
    pieces = [_paragraphs(text) or [text] for text in texts]
    docs = [nlp.make_doc(p) for paragraphs in pieces for p in paragraphs]
    for name in _PARSE_COMPONENTS:
        docs = list(nlp.get_pipe(name).pipe(docs, batch_size=len(docs)))
    whole = []
    for paragraphs in pieces:
        parts, docs = docs[: len(paragraphs)], docs[len(paragraphs) :]
        doc = _joined(nlp.vocab, parts, paragraphs) if len(parts) > 1 else parts[0]
        whole.append(pos_rules()(doc))  # in place of the attribute ruler
    done = fast_ner_many(nlp.get_pipe("ner"), whole) if "ner" in nlp.pipe_names else [False] * len(whole)
    out = []
    for doc, ner_done in zip(whole, done, strict=True):
        for name, component in nlp.pipeline:
            if name not in _PARSE_COMPONENTS and name not in SPACY_DISABLED and not (name == "ner" and ner_done):
                doc = component(doc)
        out.append(doc)
    return out


def _joined(vocab: Any, docs: list[Any], paragraphs: list[str]) -> Any:
    """One Doc of the parsed paragraph Docs: their tokens, tags and parse, built from arrays.

    What ``Doc.from_docs`` gives here, without its walks over every token in Python (2.3 ->
    0.8 ms a dev page); sentence starts follow from the heads, as they do in a parsed Doc.
    """
    import numpy
    from spacy.attrs import DEP, HEAD, IDX, LENGTH, SPACY, TAG
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    for doc, paragraph in zip(docs, paragraphs, strict=True):
        for start, length, space in doc.to_array([IDX, LENGTH, SPACY]).tolist():
            words.append(paragraph[start : start + length])
            spaces.append(bool(space))
    joined = Doc(vocab, words=words, spaces=spaces)
    return joined.from_array([TAG, HEAD, DEP], numpy.concatenate([d.to_array([TAG, HEAD, DEP]) for d in docs]))


class _GreedyNer:
    """spaCy's greedy BILUO entity decoder with the model's own weights, vectorised with numpy.

    spaCy's decoder advances one token at a time through a compiled loop whose per-step
    overhead (a GIL round trip, BLIS's unoptimised reference kernel for a 1-row product)
    costs ~25 ms a news article. But the NER's state features are (B0, E0, B0-1), and with
    no entity open they are (B0, -, -): the scores of every such state depend on the token
    alone and are computed for the whole text in one matrix product. Only the tokens inside
    an entity (a few percent) are scored one step at a time. The validity rules are
    ``spacy.pipeline._parser_internals.ner`` ones for a document without preset entities.
    Same decisions as spaCy's loop up to float rounding.
    """

    def __init__(self, component: Any) -> None:
        import numpy

        self.model = component.model
        names = [component.moves.get_class_name(i) for i in range(component.moves.n_moves)]
        self.moves = [n.split("-", 1)[0] for n in names]
        self.labels = [n.split("-", 1)[1] if "-" in n else "" for n in names]
        n = len(names)
        self.n = n
        move = numpy.array(self.moves)
        labelled = numpy.array([bool(x) for x in self.labels])
        # Valid sets with no entity open: O always; U unless B0 is whitespace; B also needs a
        # next token in the same sentence.
        self.valid_o = move == "O"
        self.valid_ou = self.valid_o | ((move == "U") & labelled)
        self.valid_obu = self.valid_ou | ((move == "B") & labelled)
        self.in_of = {self.labels[i]: i for i in range(n) if self.moves[i] == "I" and self.labels[i]}
        self.last_of = {self.labels[i]: i for i in range(n) if self.moves[i] == "L" and self.labels[i]}
        self.ok = (
            set(self.moves) <= {"B", "I", "L", "U", "O"}
            and self.model.attrs.get("has_upper")
            and not self.model.attrs.get("unseen_classes")
            and len(self.model.layers) == 3
        )

    def applies(self, doc: Any) -> bool:
        """Whether this decoder can set ``doc``'s entities (else spaCy's own loop must)."""
        from spacy.attrs import ENT_IOB

        return bool(
            self.ok and len(doc) and self.model.layers[1].get_dim("nF") == 3 and not doc.to_array([ENT_IOB]).any()
        )

    def features(self, docs: list[Any]) -> list[tuple[Any, Any]]:
        """(padding row, token rows) of the precomputed first layer for each doc, all docs in one batch
        (the embedding layer's per-call cost is then paid once for a body and its headline)."""
        tok2vec, lower, _ = self.model.layers
        cached = lower.predict(tok2vec.predict(docs))  # (n+1, nF, nO, nP) over all docs; row 0 is padding
        out, start = [], 1
        for doc in docs:
            out.append((cached[0], cached[start : start + len(doc)]))
            start += len(doc)
        return out

    def __call__(self, doc: Any, features: tuple[Any, Any] | None = None) -> bool:
        import numpy
        from spacy.attrs import IS_SPACE, SENT_START
        from spacy.tokens import Span

        if not self.applies(doc):
            return False
        n_tok = len(doc)
        cols = doc.to_array([SENT_START, IS_SPACE])
        _, lower, upper = self.model.layers
        pad, rows = features or self.features([doc])[0]
        bias = lower.get_param("b")
        weights = upper.get_param("W")
        out_bias = upper.get_param("b")
        base = rows[:, 0] + pad[1] + pad[2] + bias  # no entity open: features (B0, -, -)
        scores = base.max(axis=-1) @ weights.T + out_bias
        space = cols[:, 1].astype(bool)
        sent_start = cols[:, 0].astype("int64")
        next_in_sentence = numpy.zeros(n_tok, dtype=bool)
        next_in_sentence[:-1] = sent_start[1:] != 1
        valid = numpy.where(
            space[:, None],
            self.valid_o[None, :],
            numpy.where(next_in_sentence[:, None], self.valid_obu[None, :], self.valid_ou[None, :]),
        )
        guesses = numpy.where(valid, scores, -numpy.inf).argmax(axis=1).tolist()
        ents = []
        t = 0
        while t < n_tok:
            g = guesses[t]
            move = self.moves[g]
            if move == "O":
                t += 1
                continue
            label = self.labels[g]
            if move == "U":
                ents.append((t, t + 1, label))
                t += 1
                continue
            # B: the entity stays open, each next token scored with features (B0, E0, B0-1).
            start = t
            t += 1
            i_move, l_move = self.in_of.get(label), self.last_of.get(label)
            while True:
                can_in = i_move is not None and t + 1 < n_tok and next_in_sentence[t]
                if can_in:
                    hidden = (rows[t, 0] + rows[start, 1] + rows[t - 1, 2] + bias).max(axis=-1)
                    s_in = float(hidden @ weights[i_move] + out_bias[i_move])
                    s_last = float(hidden @ weights[l_move] + out_bias[l_move]) if l_move is not None else None
                    # spaCy takes the first best valid move in class order.
                    if s_last is None or s_in > s_last or (s_in == s_last and i_move < l_move):
                        t += 1
                        continue
                if l_move is None:  # pragma: no cover - every label has its L move
                    return False
                ents.append((start, t + 1, label))
                t += 1
                break
        doc.set_ents([Span(doc, s, e, label=lab) for s, e, lab in ents], default="outside")
        return True


@lru_cache(maxsize=2)
def _greedy_ner(component: Any) -> _GreedyNer:
    return _GreedyNer(component)


def fast_ner(component: Any, doc: Any) -> bool:
    """Set ``doc``'s entities with :class:`_GreedyNer`; False (doc untouched) where it does not apply."""
    return _greedy_ner(component)(doc)


def fast_ner_many(component: Any, docs: list[Any]) -> list[bool]:
    """:func:`fast_ner` over several docs, their embeddings computed in one batch."""
    decoder = _greedy_ner(component)
    usable = [doc for doc in docs if decoder.applies(doc)]
    features = dict(zip(map(id, usable), decoder.features(usable), strict=True)) if usable else {}
    return [id(doc) in features and decoder(doc, features[id(doc)]) for doc in docs]


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
