"""Quotes and reported speech, each with the speaker resolved to an entity's canonical name.

English works on the spaCy parse shared with ``entities`` (``ner.analyse`` is cached):

* direct quotes are text in quotation marks (``quotemarks``); partial quotes ("angry")
  are the same thing inside a longer sentence;
* a quote's cue is the nearest reporting verb of its sentence outside the marks (or of the
  previous sentence when it ends with a colon); the source is that verb's subject, or X of
  "according to X";
* indirect speech is a reporting verb with a clausal complement ("X said that ...") or an
  "according to X, ..." sentence;
* the source becomes a speaker through the entities' mentions: a name or description
  ("Putin's man") → its canonical name; "he"/"she" → the last person seen as a clause
  subject; "who" → the noun the relative clause hangs on; a news outlet that merely
  "quoted" someone → the person the passage is about.

Ukrainian/Russian text has no parse here: patterns around cue verbs (заявив, сказал), "за
словами X" / "по словам X" and quotation marks, with the nearest name as source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from eventwire.model import Entity, Quote
from eventwire.nlp.cues import (
    EN_CONTENT_PREPOSITIONS,
    EN_CUE_FORMS,
    EN_CUE_NOUNS,
    EN_OBJECT_CUE_LEMMAS,
    EN_PERSON_PRONOUNS,
    EN_SOURCE_PREPOSITIONS,
    QUOTING_LEMMAS,
    SLAVIC_CUE_WORDS,
    SLAVIC_PERSON_PRONOUNS,
    SLAVIC_SOURCE_PHRASES,
    SLAVIC_THAT,
)
from eventwire.nlp.ner import MAX_CHARS, analyse, uses_natasha
from eventwire.nlp.quotemarks import Quoted, find_quoted

# How far (characters) a Ukrainian/Russian cue may sit from its quote and its source name.
SLAVIC_WINDOW = 120
# Shortest indirect content kept, in tokens: "he said so" is not a statement worth keeping.
MIN_INDIRECT_TOKENS = 3
# Farthest a continuation quote may be from the attributed quote it continues (characters between them).
CONTINUATION_MAX_GAP = 400
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_CONTENT_DEPS = frozenset({"ccomp", "parataxis", "xcomp"})
# Shortest object content kept, in tokens ("some supplements").
MIN_OBJECT_TOKENS = 2
# Tokens after a closing mark searched for its cue ("“...?” he asks").
AFTER_QUOTE_TOKENS = 4
# "“...” ― Name" (a byline-like dash after the quote) and a line opening "Name: ..." (headlines).
_DASH_NAME = re.compile(r"[\s,]*[―—–-]\s*([A-Z][^\n,.;:()]{1,60}?)\s*(?=$|[\n,.;(])", re.M)
_LEAD_NAME = re.compile(r"\s*([A-Z][^\n:“”\"]{1,60}?):\s")
_SENTS_KEY = "eventwire.quotes.sents"
_TEXT_KEY = "eventwire.quotes.text"
_PARAGRAPH = re.compile(r"\n\s*\n")
_EDGE_PUNCT = frozenset(",;:—–-")
_MEDIA_WORDS = frozenset({"agency", "agencies", "media", "outlet", "outlets", "newspaper", "newspapers", "press"})


@dataclass
class Attribution:
    """One attribution with offsets, the unit the evaluation scores.

    ``source`` is the span naming the source as written ("he", "the news agencies");
    ``speaker`` the canonical name it resolves to (None when unresolved).
    """

    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    speaker: str | None
    direct: bool
    parts: list[tuple[int, int]] = field(default_factory=list)  # all content pieces; [] = just ``content``
    quotes: list[tuple[int, int]] = field(default_factory=list)  # verbatim quotes within reported speech

    @property
    def pieces(self) -> list[tuple[int, int]]:
        return self.parts or [self.content]


def find_quotes(text: str, entities: list[Entity], *, language: str | None = None) -> list[Quote]:
    """Direct and indirect quotes of ``text`` with speakers from ``entities`` (offsets into ``text``)."""
    out = []
    for a in find_attributions(text, entities, language=language):
        out.extend(Quote(text=text[s:e], speaker=a.speaker, direct=a.direct, start=s, end=e) for s, e in a.pieces
                   if a.direct or (s, e) not in a.quotes)  # fmt: skip
        out.extend(Quote(text=text[s:e], speaker=a.speaker, direct=True, start=s, end=e) for s, e in a.quotes)
    return sorted(out, key=lambda q: (q.start, -q.end))


def find_attributions(text: str, entities: list[Entity], *, language: str | None = None) -> list[Attribution]:
    """All attributions of ``text`` in text order (see the module docstring)."""
    if not text or not text.strip():
        return []
    index = _EntityIndex(entities)
    if uses_natasha(language):
        return _slavic(text, index)
    doc = analyse(text, language).doc
    if doc is None:
        return []
    return _english(doc, index, text[:MAX_CHARS])  # the text the doc was made from (``doc.text`` is slow)


class _EntityIndex:
    """Which entity a character offset belongs to, and who the salient person is at a point."""

    def __init__(self, entities: list[Entity]) -> None:
        self.spans: list[tuple[int, int, Entity]] = sorted(
            (s, e, ent) for ent in entities for s, e in ent.mentions
        )  # fmt: skip
        self.starts = [s for s, _, _ in self.spans]

    def at(self, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping [start, end) (the longest such mention)."""
        import bisect

        i = bisect.bisect_left(self.starts, end)
        best = None
        for s, e, ent in self.spans[max(0, i - 8) : i]:
            if s < end and start < e and (best is None or e - s > best[1] - best[0]):
                best = (s, e, ent)
        return best[2] if best else None

    def persons_before(self, pos: int) -> list[tuple[int, Entity]]:
        return [(s, ent) for s, _, ent in self.spans if s < pos and ent.label == "PERSON"]


def _name(entity: Entity | None) -> str | None:
    return (entity.canonical or entity.text) if entity is not None else None


# ---------------------------------------------------------------- English


def _english(doc: Any, index: _EntityIndex, text: str) -> list[Attribution]:
    doc.user_data[_TEXT_KEY] = text
    quoted = find_quoted(text)
    inside = _inside_quotes(doc, quoted)
    salience = _Salience(doc, index, inside)
    indirect: list[Attribution] = []
    by_cue: dict[int, Attribution] = {}
    for i in _candidate_cues(doc):
        if i in inside:
            continue
        found = _indirect(doc, doc[i], index, salience, inside)
        if found is None:
            continue
        found.content = _clip(text, found.content, found.cue)
        if found.content[1] > found.content[0]:
            indirect.append(found)
    indirect = _outermost(indirect)
    for found in indirect:
        if found.cue is not None:
            by_cue[found.cue[0]] = found
    out: list[Attribution] = list(indirect)
    direct: list[tuple[Quoted, Any]] = [(q, _quote_cue(doc, q, inside)) for q in quoted]
    grouped: dict[int, Attribution] = {}  # quotes sharing one cue are one attribution in parts
    for i, (q, cue) in enumerate(direct):
        piece = (q.inner_start, q.inner_end)
        host = next((a for a in indirect if _mostly_within(piece, a.content)), None)
        if host is not None:  # a partial quote inside reported speech: "he said he was “angry”"
            host.quotes.append(piece)
            continue
        if cue is None:
            cue = _neighbour_cue(text, direct, i) or _governing_verb(doc, q, inside)
        if cue is not None and cue.idx in by_cue:  # "X said that ..., calling it “...”": one attribution
            host = by_cue[cue.idx]
            host.parts = host.parts or [host.content]
            host.parts.append(piece)
            host.quotes.append(piece)
            continue
        if cue is not None and grouped.get(cue.i) is not None:
            grouped[cue.i].parts.append(piece)
            continue
        source, speaker = _source_of(doc, cue, index, salience, q.start) if cue is not None else (None, None)
        if source is None:
            source, speaker = _quote_source(doc, q, index, salience)
        found = Attribution(piece, _tok_span(cue), source, speaker, True)
        found.parts.append(found.content)
        out.append(found)
        if cue is not None:
            grouped[cue.i] = found
    return sorted(out, key=lambda a: a.content[0])


def _mostly_within(piece: tuple[int, int], content: tuple[int, int]) -> bool:
    """Is ``piece`` inside ``content``, but for a character or two of edge punctuation?"""
    overlap = min(piece[1], content[1]) - max(piece[0], content[0])
    return overlap > 0 and overlap >= piece[1] - piece[0] - 2


def _outermost(found: list[Attribution]) -> list[Attribution]:
    """Drop attributions whose cue lies inside another's content ("he said he *wants* to ...").

    The inner one is part of what the outer source reported; attribution corpora annotate
    each token in at most one attribution, and a reader wants the outer speaker.
    """
    kept: list[Attribution] = []
    for a in sorted(found, key=lambda a: a.content[0] - a.content[1]):
        cue = a.cue or a.content
        if any(k.content[0] <= cue[0] < k.content[1] for k in kept):
            continue
        kept.append(a)
    return kept


def _governing_verb(doc: Any, q: Quoted, inside: set[int]) -> Any:
    """The verb outside the marks that a quote hangs on, when it has a subject: "accused him of “burning ...”"."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None
    tok = span.root
    for _ in range(6):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if span.start <= tok.i < span.end or tok.i in inside:
            continue
        if tok.pos_ in ("VERB", "AUX") and _subject(tok) is not None:
            return tok
        if tok.pos_ in ("VERB", "AUX"):
            return None
    return None


def _clip(text: str, content: tuple[int, int], cue: tuple[int, int] | None) -> tuple[int, int]:
    """Reported content within one paragraph (the cue's, else the first), without edge space or punctuation."""
    start, end = content
    breaks = [m.start() for m in _PARAGRAPH.finditer(text, start, end)]
    if breaks:
        bounds = [start, *breaks, end]
        pieces = [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]
        anchor = cue[0] if cue is not None else start
        start, end = next((p for p in pieces if p[0] <= anchor < p[1]), min(pieces, key=lambda p: abs(p[0] - anchor)))
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCT):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCT):
        end -= 1
    return start, end


def _neighbour_cue(text: str, direct: list[tuple[Quoted, Any]], i: int) -> Any:
    """The cue of a continuation quote: that of the nearest quote of the same paragraph with one.

    '“This is a disgusting day,” he said. “Donald Trump is a fraud.”' — the second quote is
    the same speaker's; the previous quote wins over the next one.
    """
    q = direct[i][0]
    for j in [*range(i - 1, -1, -1), *range(i + 1, len(direct))]:
        other, cue = direct[j]
        lo, hi = (other.end, q.start) if j < i else (q.end, other.start)
        if "\n\n" in text[lo:hi] or hi - lo > CONTINUATION_MAX_GAP:
            if j < i:
                continue
            break
        if cue is not None:
            return cue
    return None


def _tok_span(tok: Any) -> tuple[int, int] | None:
    return (tok.idx, tok.idx + len(tok.text)) if tok is not None else None


def _inside_quotes(doc: Any, quoted: list[Quoted]) -> set[int]:
    """Indices of tokens within quotation marks (marks excluded)."""
    inside: set[int] = set()
    for q in quoted:
        span = doc.char_span(q.inner_start, q.inner_end, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


def _is_cue(tok: Any) -> bool:
    return tok.lower_ in EN_CUE_FORMS and tok.pos_ in ("VERB", "AUX")


def _quote_cue(doc: Any, q: Quoted, inside: set[int]) -> Any:
    """The reporting verb of a quote: nearest cue of its sentence(s) outside the marks, else a colon lead-in."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None
    first, last = _sent(span[0]), _sent(span[-1])
    candidates = [
        t
        for t in doc[first.start : last.end]
        if t.i not in inside and _is_cue(t) and not (span.start <= t.i < span.end)
    ]
    with_subject = [t for t in candidates if _subject(t) is not None or _according_to(_sent(t)) is not None]
    pool = with_subject or candidates
    governing = [t for t in pool if any(a.i == t.i for a in span.root.ancestors)]
    if governing:  # the verb the quote hangs on: "said via email that, “...” against what the campaign sees"
        return governing[0]
    if pool:
        return min(pool, key=lambda t: min(abs(t.i - span.start), abs(t.i - span.end)))
    after = [t for t in doc[span.end : span.end + AFTER_QUOTE_TOKENS] if not t.is_space]
    for t in after:  # “... ?” he asks.  (the parser ends the sentence at the mark)
        if t.is_punct and t.text not in ",":
            break
        if _is_cue(t) and t.i not in inside and (_subject(t) is not None):
            return t
    if first.start > 0:
        prev = _sent(doc[first.start - 1])
        if doc[prev.end - 1].text == ":" or doc[first.start - 1].text == ":":
            cues = [t for t in prev if _is_cue(t) and t.i not in inside]
            if cues:
                return cues[-1]
            verbs = [t for t in prev if t.pos_ in ("VERB", "AUX") and t.i not in inside and _subject(t) is not None]
            if verbs:  # "Limbaugh continued: “...”"
                return verbs[-1]
    return None


def _quote_source(doc: Any, q: Quoted, index: _EntityIndex, salience: _Salience) -> tuple[Any, str | None]:
    """A quote's source when no verb names it: "“...” ― Esther Tapia", "According to X, “...”", "X: ‘...’"."""
    text = doc.user_data.get(_TEXT_KEY) or doc.text
    dash = _DASH_NAME.match(text, q.end)
    if dash:
        entity = index.at(dash.start(1), dash.end(1))
        if entity is not None and entity.label in ("PERSON", "ORG"):
            end = dash.end(1)
            return (dash.start(1), end), _name(entity)
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None, None
    source = _according_to(_sent(span[0]))
    if source is not None and not (span.start <= source.i < span.end):
        src = _np_span(source)
        return src, _phrase_speaker(index, src) or salience.resolve(source, src, index)
    line_start = text.rfind("\n", 0, q.start) + 1
    lead = _LEAD_NAME.match(text, line_start, q.start)
    if lead:
        entity = index.at(lead.start(1), lead.end(1))
        if entity is not None and entity.label in ("PERSON", "ORG"):
            return (lead.start(1), lead.end(1)), _name(entity)
    return None, None


def _subject(verb: Any) -> Any:
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            return child
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb:
        for child in verb.head.children:
            if child.dep_ in _SUBJECT_DEPS:
                return child
    if _inverted_subject(verb):
        return verb.head
    return None


def _inverted_subject(verb: Any) -> bool:
    """ "“...,” the news agencies quoted": the parser hangs the verb on the noun before it as a
    participle (acl) and the noun on the quote's verb. A cue right after its noun, with no
    agent, object or passive auxiliary of its own, right after a closing quote and comma, is
    that noun's verb."""
    head = verb.head
    if verb.dep_ != "acl" or head.i >= verb.i or head.pos_ not in ("NOUN", "PROPN", "PRON"):
        return False
    if head.i != verb.i - 1 or any(c.dep_ in ("agent", "auxpass", "dobj") for c in verb.children):
        return False
    doc = verb.doc
    left = head.left_edge.i
    while left < head.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    before = left - 1
    while before >= 0 and (verb.doc[before].is_quote or verb.doc[before].is_space):
        before -= 1
    return before >= 0 and verb.doc[before].text in (",", "?", "!")


def _candidate_cues(doc: Any) -> list[int]:
    """Indices of the tokens that may start an attribution (cue verbs and nouns, "according")."""
    from spacy.attrs import LOWER

    wanted = _cue_hashes(doc.vocab.strings)
    return [i for i, h in enumerate(doc.to_array(LOWER).tolist()) if h in wanted]


def _cue_hashes(strings: Any) -> frozenset[int]:
    global _CUE_HASHES
    if _CUE_HASHES is None:
        _CUE_HASHES = frozenset(strings.add(w) for w in [*EN_CUE_FORMS, *EN_CUE_NOUNS, "according"])
    return _CUE_HASHES


_CUE_HASHES: frozenset[int] | None = None


def _sent(tok: Any) -> Any:
    """``tok.sent``, from a per-document table (spaCy's walks every token of the document each time)."""
    import bisect

    doc = tok.doc
    table = doc.user_data.get(_SENTS_KEY)
    if table is None:
        from spacy.attrs import SENT_START

        flags = doc.to_array(SENT_START).tolist()
        starts = [0, *(i for i, f in enumerate(flags) if f == 1 and i > 0)]
        table = doc.user_data[_SENTS_KEY] = (starts, {}, {})
    starts, spans = table[0], table[1]
    k = bisect.bisect_right(starts, tok.i) - 1
    if k not in spans:
        spans[k] = doc[starts[k] : starts[k + 1] if k + 1 < len(starts) else len(doc)]
    return spans[k]


def _according_to(sent: Any) -> Any:
    """The object of "according to" (or "in the words of") in ``sent``, or None (cached per sentence)."""
    table = sent.doc.user_data.get(_SENTS_KEY)
    if table is None:
        return _find_according_to(sent)
    found = table[2]
    if sent.start not in found:
        found[sent.start] = _find_according_to(sent)
    return found[sent.start]


def _find_according_to(sent: Any) -> Any:
    for tok in sent:
        for phrase in EN_SOURCE_PREPOSITIONS:
            n = len(phrase)
            if tok.lower_ == phrase[0] and tok.i + n <= sent.end:
                words = [t.lower_ for t in tok.doc[tok.i : tok.i + n]]
                if tuple(words) == phrase:
                    prep = tok.doc[tok.i + n - 1]
                    objects = [c for c in prep.children if c.dep_ == "pobj"]
                    if objects:
                        return objects[0]
                    if tok.i + n < sent.end:
                        return tok.doc[tok.i + n]
    return None


def _np_span(tok: Any) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``tok``, cut before a trailing relative clause or comma."""
    doc = tok.doc
    left, right = tok.left_edge.i, tok.right_edge.i
    while left < tok.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > tok.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    for i in range(tok.i + 1, right + 1):
        if (
            doc[i].text in (",", "(", "—", "–")
            or doc[i].dep_ == "relcl"
            or (doc[i].dep_ == "acl" and doc[i].head.i == tok.i)
        ):
            right = i - 1
            break
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _source_of(doc: Any, cue: Any, index: _EntityIndex, salience: _Salience, at: int) -> tuple[Any, str | None]:
    subject = _subject(cue)
    if subject is not None and subject.i in salience.inside:
        subject = _inverted_name(cue)  # "“... mode,” said Leslie Wimes": the parser took the quote as subject
    if subject is None:
        subject = _according_to(_sent(cue))
    if subject is None:
        return None, None
    span = _np_span(subject)
    speaker = salience.resolve(subject, span, index)
    lemma = EN_CUE_FORMS.get(cue.lower_)
    if lemma in QUOTING_LEMMAS and not any(c.dep_ == "dobj" for c in cue.children):
        entity = index.at(*span)
        if (entity is None or entity.label != "PERSON") and _is_media(doc, subject, entity):
            speaker = salience.topic(at)  # "the news agencies quoted": the words are the topic person's
    return span, speaker


def _inverted_name(cue: Any) -> Any:
    """The noun right after a cue verb ("said Leslie Wimes, a ..."): the source of an inverted attribution."""
    for tok in cue.doc[cue.i + 1 : cue.i + 4]:
        if tok.pos_ in ("PROPN", "NOUN", "PRON") and tok.dep_ not in ("poss", "compound"):
            return tok
        if tok.pos_ not in ("DET", "ADJ", "PROPN", "NOUN", "PRON"):
            return None
    return None


def _phrase_end(doc: Any, start: int, limit: int) -> int:
    """End (exclusive) of an "according to ..." source phrase: up to the next comma or the sentence end."""
    for i in range(start, limit):
        if doc[i].text in (",", ";", ":", "—", "–") or doc[i].is_sent_end:
            return max(i + (1 if doc[i].is_sent_end and not doc[i].is_punct else 0), start + 1)
    return max(limit, start + 1)


def _phrase_speaker(index: _EntityIndex, span: tuple[int, int]) -> str | None:
    """Speaker named in a source phrase: its last person ("the envoy of X, Y" → Y), else its first organisation."""
    inside = [ent for s, e, ent in index.spans if span[0] <= s and e <= span[1]]
    persons = [e for e in inside if e.label == "PERSON"]
    if persons:
        return _name(persons[-1])
    orgs = [e for e in inside if e.label == "ORG"]
    return _name(orgs[0]) if orgs else None


def _is_media(doc: Any, subject: Any, entity: Entity | None) -> bool:
    from eventwire.nlp.actors import lookup

    if subject.lower_ in _MEDIA_WORDS:
        return True
    actor = lookup(entity.canonical or entity.text) if entity is not None else None
    return actor is not None and actor.kind == "media"


def _indirect(doc: Any, tok: Any, index: _EntityIndex, salience: _Salience, inside: set[int]) -> Attribution | None:
    """ "X said (that) ...", "..., X said", "according to X, ..." as an attribution, else None."""
    if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        source = _according_to(_sent(tok))
        if source is None:
            return None
        sent = _sent(tok)
        phrase_end = _phrase_end(doc, tok.i + 2, sent.end)
        content_tokens = [t for t in sent if not (tok.i <= t.i < phrase_end) and not t.is_punct]
        if len(content_tokens) < MIN_INDIRECT_TOKENS:
            return None
        start, end = content_tokens[0].idx, content_tokens[-1].idx + len(content_tokens[-1].text)
        span = (doc[tok.i + 2].idx, doc[phrase_end - 1].idx + len(doc[phrase_end - 1].text))
        speaker = _phrase_speaker(index, span) or salience.resolve(source, _np_span(source), index)
        return Attribution((start, end), _tok_span(tok), span, speaker, False)
    if tok.pos_ == "NOUN" and tok.lower_ in EN_CUE_NOUNS:
        return _noun_cue(doc, tok, index, salience, inside)
    if not _is_cue(tok):
        return None
    contents = [c for c in tok.children if c.dep_ in _CONTENT_DEPS and c.i not in inside]
    minimum = MIN_INDIRECT_TOKENS
    if contents:
        contents = [max(contents, key=lambda c: c.right_edge.i - c.left_edge.i)]
    elif EN_CUE_FORMS[tok.lower_] in EN_OBJECT_CUE_LEMMAS:
        contents = [c for c in tok.children if c.i > tok.i and _is_object_content(c)]
        minimum = MIN_OBJECT_TOKENS
    if not contents:
        return None
    left, right = min(c.left_edge.i for c in contents), max(c.right_edge.i for c in contents)
    while right > left and doc[right].is_punct:
        right -= 1
    if right - left + 1 < minimum:
        return None
    subject = _subject(tok) or _agent(tok)
    if subject is None or left <= subject.i <= right:
        return None
    span = _np_span(subject)
    speaker = salience.resolve(subject, span, index)
    start, end = doc[left].idx, doc[right].idx + len(doc[right].text)
    return Attribution((start, end), _tok_span(tok), span, speaker, False)


def _is_object_content(child: Any) -> bool:
    """An object that is what a stance verb conveys: "criticized [the party's lack of ...]", "called [for ...]"."""
    if child.dep_ in ("dobj", "oprd", "dative"):
        return child.pos_ not in ("PRON",) or child.lower_ in ("what", "this", "that", "it")
    if child.dep_ == "prep" and child.lower_ in EN_CONTENT_PREPOSITIONS:
        return any(g.dep_ in ("pobj", "pcomp") for g in child.children)
    return False


def _agent(verb: Any) -> Any:
    """X of a passive "... was reported by X"."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _noun_cue(doc: Any, tok: Any, index: _EntityIndex, salience: _Salience, inside: set[int]) -> Attribution | None:
    """ "Trump's claim that ...", "a statement by the ministry that ...": a statement noun with a clause."""
    clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp") and c.i > tok.i and c.i not in inside
                   and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)), None)  # fmt: skip
    if clause is None:
        return None
    left, right = clause.left_edge.i, clause.right_edge.i
    while right > left and doc[right].is_punct:
        right -= 1
    if right - left + 1 < MIN_INDIRECT_TOKENS:
        return None
    source = next((c for c in tok.children if c.dep_ == "poss"), None)
    if source is None:
        by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from") and c.i < left), None)
        source = next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
    if source is None and tok.dep_ == "dobj":
        source = _subject(tok.head)
    if source is None:
        return None
    span = _np_span(source)
    start, end = doc[left].idx, doc[right].idx + len(doc[right].text)
    return Attribution((start, end), _tok_span(tok), span, salience.resolve(source, span, index), False)


class _Salience:
    """Who "he"/"she" is at a point: the last person seen as a clause subject (pronouns included)."""

    def __init__(self, doc: Any, index: _EntityIndex, inside: set[int]) -> None:
        self.doc = doc
        self.index = index
        self.inside = inside
        self.subjects: list[tuple[int, Entity]] = []  # (char offset, person) in text order
        from spacy.attrs import DEP

        subject_deps = {doc.vocab.strings.add(d) for d in _SUBJECT_DEPS}
        for i, dep in enumerate(doc.to_array(DEP).tolist()):
            if dep not in subject_deps or i in inside:
                continue
            tok = doc[i]
            if tok.lower_ in EN_PERSON_PRONOUNS:
                person = self._last(tok.idx)
            else:
                entity = index.at(*_np_span(tok)) if tok.pos_ in ("PROPN", "NOUN") else None
                person = entity if entity is not None and entity.label == "PERSON" else None
            if person is not None:
                self.subjects.append((tok.idx, person))

    def _last(self, pos: int) -> Entity | None:
        for s, ent in reversed(self.subjects):
            if s < pos:
                return ent
        persons = self.index.persons_before(pos)
        return persons[-1][1] if persons else None

    def topic(self, pos: int) -> str | None:
        """The person the passage before ``pos`` is about (last subject person)."""
        return _name(self._last(pos))

    def resolve(self, subject: Any, span: tuple[int, int], index: _EntityIndex) -> str | None:
        if subject.lower_ in EN_PERSON_PRONOUNS:
            return _name(self._last(subject.idx))
        if subject.lower_ in ("who", "that") and subject.head.dep_ == "relcl":
            antecedent = subject.head.head
            return _name(index.at(*_np_span(antecedent)))
        head = index.at(subject.idx, subject.idx + len(subject.text))
        return _name(head or index.at(*span))


# ---------------------------------------------------------------- Ukrainian / Russian

_SLAVIC_SENTENCE = re.compile(r"[^.!?…\n]+(?:[.!?…]+|$)")
_WORD = re.compile(r"\w+", re.UNICODE)
_THAT = re.compile(r"\s*,\s*(?:(?:{})\s+)?".format("|".join(SLAVIC_THAT)))


def _slavic(text: str, index: _EntityIndex) -> list[Attribution]:
    out: list[Attribution] = []
    quoted = find_quoted(text)
    for q in quoted:
        after = text[q.end : q.end + SLAVIC_WINDOW]
        before = text[max(0, q.start - SLAVIC_WINDOW) : q.start]
        cue = _first_cue(after, q.end) if re.match(r"\s*[,—–-]", after) else None
        if cue is None and re.search(r":\s*$", before):
            cue = _last_cue(before, q.start - len(before))
        source = _slavic_source(text, index, cue, q.start) if cue else None
        out.append(Attribution((q.inner_start, q.inner_end), cue, source[0] if source else None,
                               source[1] if source else None, True))  # fmt: skip
    spans = [(q.start, q.end) for q in quoted]
    for m in _SLAVIC_SENTENCE.finditer(text):
        sentence, offset = m.group(), m.start()
        if any(s < offset + len(sentence) and offset < e for s, e in spans):
            continue
        found = _slavic_indirect(text, sentence, offset, index)
        if found is not None:
            out.append(found)
    return sorted(out, key=lambda a: a.content[0])


def _cue_matches(window: str, offset: int) -> list[tuple[int, int]]:
    return [(offset + w.start(), offset + w.end()) for w in _WORD.finditer(window) if w.group().lower() in
            SLAVIC_CUE_WORDS]  # fmt: skip


def _first_cue(window: str, offset: int) -> tuple[int, int] | None:
    found = _cue_matches(window, offset)
    return found[0] if found else None


def _last_cue(window: str, offset: int) -> tuple[int, int] | None:
    found = _cue_matches(window, offset)
    return found[-1] if found else None


def _slavic_source(
    text: str, index: _EntityIndex, cue: tuple[int, int], anchor: int
) -> tuple[tuple[int, int], str | None] | None:
    """The name nearest the cue (after it first: "— заявив Зеленський"), or a pronoun's person."""
    candidates = [(s, e, ent) for s, e, ent in index.spans if ent.label in ("PERSON", "ORG")]
    after = [c for c in candidates if cue[1] <= c[0] <= cue[1] + SLAVIC_WINDOW // 2]
    before = [c for c in candidates if cue[0] - SLAVIC_WINDOW <= c[1] <= cue[0]]
    between = text[cue[1] : after[0][0]] if after else ""
    if after and not re.search(r"[.!?]", between):
        s, e, ent = after[0]
        return (s, e), _name(ent)
    if before:
        s, e, ent = before[-1]
        if not re.search(r"[.!?»“”]", text[e : cue[0]]):
            return (s, e), _name(ent)
    pronoun = re.search(r"(\w+)\s*$", text[max(0, cue[0] - 20) : cue[0]])
    if pronoun and pronoun.group(1).lower() in SLAVIC_PERSON_PRONOUNS:
        persons = index.persons_before(cue[0])
        start = cue[0] - len(text[max(0, cue[0] - 20) : cue[0]]) + pronoun.start(1)
        return (start, start + len(pronoun.group(1))), (_name(persons[-1][1]) if persons else None)
    return None


def _slavic_indirect(text: str, sentence: str, offset: int, index: _EntityIndex) -> Attribution | None:
    lowered = sentence.lower()
    for phrase in SLAVIC_SOURCE_PHRASES:
        at = lowered.find(phrase)
        if at < 0:
            continue
        comma = sentence.find(",", at + len(phrase))
        if comma < 0:
            continue
        source_span = (offset + at + len(phrase) + 1, offset + comma)
        entity = index.at(*source_span)
        content = sentence[comma + 1 :].strip().rstrip(".!?…")
        if len(content.split()) < MIN_INDIRECT_TOKENS:
            return None
        start = offset + sentence.index(content, comma)
        return Attribution((start, start + len(content)), (offset + at, offset + at + len(phrase)), source_span,
                           _name(entity), False)  # fmt: skip
    for cue in _cue_matches(sentence, offset):
        rest = text[cue[1] : offset + len(sentence)]
        that = _THAT.match(rest)
        if not that:
            continue
        start = cue[1] + that.end()
        content = text[start : offset + len(sentence)].rstrip(" .!?…")
        if len(content.split()) < MIN_INDIRECT_TOKENS:
            continue
        source = _slavic_source(text, index, cue, cue[0])
        if source is not None and source[0][0] >= start:
            source = None
        return Attribution((start, start + len(content)), cue, source[0] if source else None,
                           source[1] if source else None, False)  # fmt: skip
    return None
