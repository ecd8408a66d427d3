"""What the text says a person is: titles before the name and appositions after it.

"Former investment banker Dmitriyev" → "former investment banker"; "Putin's Plenipotentiary
Dmitriyev" → "Putin's plenipotentiary"; "Peskov, the Kremlin spokesman," → "the Kremlin
spokesman". The title walk reads tokens leftwards from the name while they can belong to a
title (role nouns, adjectives, nationality words, possessive owners), using the tagger's
parts of speech; appositions come from the dependency parse.
"""

from __future__ import annotations

from typing import Any

from eventwire.nlp.lexicon import POSSESSIVES, ROLE_WORDS
from eventwire.nlp.mentions import Mention

# Longest title or apposition kept as a role, in tokens: longer runs are clauses, not titles.
MAX_ROLE_TOKENS = 12
# Entity types whose words may sit inside a title ("Kremlin spokesman", "U.S. Secretary").
_TITLE_ENT_TYPES = frozenset({"NORP", "GPE", "ORG", "LOC"})
_TITLE_TAGS = frozenset({"JJ", "JJR", "JJS", "NN", "NNS", "VBN", "NNP", "NNPS", "HYPH"})


def is_role_word(token: Any) -> bool:
    return token.lower_.strip(".") in ROLE_WORDS


def _titleish(token: Any) -> bool:
    """Can this token be part of a title ("former", "investment", "banker", "Russian", "Kremlin")?"""
    if is_role_word(token):
        return True
    if token.tag_ not in _TITLE_TAGS:
        return False
    if token.tag_ in ("NNP", "NNPS"):
        return token.ent_type_ in _TITLE_ENT_TYPES
    if token.tag_ == "HYPH":
        return not token.whitespace_
    return token.is_alpha or "-" in token.text


def _walk(doc: Any, j: int, persons_by_end: dict[int, Mention]) -> int:
    """Index of the first token of the title run that ends at token ``j`` (``j + 1`` when none)."""
    start = j + 1
    while j >= 0:
        tok = doc[j]
        if tok.text in POSSESSIVES and j > 0:
            owner_start = _owner_start(doc, j - 1, persons_by_end)
            if owner_start is None:
                break
            return owner_start
        if tok.lower_ == "of":
            chunk = doc[start : _chunk_end(doc, start)]
            if start == j + 1 or j == 0 or any(is_role_word(t) for t in chunk) or not is_role_word(doc[j - 1]):
                break
            j -= 1
            continue
        if tok.is_sent_start and not _titleish(tok):
            break
        if not _titleish(tok) or (tok.ent_type_ == "PERSON"):
            break
        start = j
        if tok.is_sent_start:
            break
        j -= 1
    return start


def _chunk_end(doc: Any, start: int) -> int:
    end = start
    while end < len(doc) and _titleish(doc[end]) and doc[end].ent_type_ != "PERSON":
        end += 1
    return end


def _owner_start(doc: Any, j: int, persons_by_end: dict[int, Mention]) -> int | None:
    """Start of the possessive owner ending at token ``j`` ("Putin" in "Putin's envoy"), or None."""
    mention = persons_by_end.get(j + 1)
    if mention is not None:
        return mention.tok_start
    tok = doc[j]
    if tok.ent_iob_ in ("B", "I"):
        k = j
        while k > 0 and doc[k].ent_iob_ == "I":
            k -= 1
        return k
    if tok.tag_ in ("NNP", "NNPS"):
        return j
    return None


def _render(tokens: Any) -> str:
    """Role text: title words lower-cased ("Plenipotentiary" → "plenipotentiary"), names kept."""
    parts = []
    for tok in tokens:
        text = tok.text.replace("’", "'")
        if is_role_word(tok) or (tok.tag_ not in ("NNP", "NNPS") and not tok.ent_type_):
            text = text.lower()
        parts.append(text + tok.whitespace_)
    return "".join(parts).strip(" ,;:")


def title_roles(doc: Any, mention: Mention, persons_by_end: dict[int, Mention]) -> list[str]:
    """Titles written right before the name, split at "and" ("billionaire and Trump's advisor")."""
    roles: list[str] = []
    end = mention.tok_start
    for _ in range(3):  # "A, B and C X" at most a few coordinated titles
        if end <= 0:
            break
        adjacent = persons_by_end.get(end)
        if adjacent is not None and adjacent is not mention:
            role = _stacked_title(doc, adjacent, persons_by_end)
            if role:
                roles.append(role)
            break
        start = _walk(doc, end - 1, persons_by_end)
        if start >= end or end - start > MAX_ROLE_TOKENS:
            break
        span = doc[start:end]
        if any(is_role_word(t) for t in span) or (span[-1].tag_ in ("NN", "NNS") and span[-1].is_lower):
            roles.append(_render(span))
        if start > 1 and doc[start - 1].lower_ == "and":
            end = start - 1
            continue
        break
    return roles


def _stacked_title(doc: Any, inner: Mention, persons_by_end: dict[int, Mention]) -> str | None:
    """Title of the second of two stacked names: "the envoy of leader Vladimir Putin Kirill Dmitriyev".

    The first name's own title ("leader") is preceded by "of" and a role noun ("envoy"): that
    whole phrase, up to and including the first name, is the second person's title.
    """
    start = _walk(doc, inner.tok_start - 1, persons_by_end) if inner.tok_start > 0 else inner.tok_start
    if start < 2 or doc[start - 1].lower_ != "of":
        return None
    head_start = _walk(doc, start - 2, persons_by_end)
    head = doc[head_start : start - 1]
    if not any(is_role_word(t) for t in head) or inner.tok_end - head_start > MAX_ROLE_TOKENS:
        return None
    return _render(doc[head_start : inner.tok_end])


def apposition_roles(doc: Any, mention: Mention) -> list[str]:
    """Roles from appositions: "Peskov, the Kremlin spokesman," and "Trump's envoy, Steve Witkoff"."""
    span = doc[mention.tok_start : mention.tok_end]
    root = span.root
    roles = []
    for child in root.children:
        if child.dep_ == "appos" and child.i >= mention.tok_end and child.ent_type_ != "PERSON":
            roles.extend(_apposition_text(doc, child))
    if root.dep_ == "appos" and root.head.i < mention.tok_start and root.head.ent_type_ != "PERSON":
        head = root.head
        if head.pos_ == "NOUN" or is_role_word(head):
            left = head.left_edge.i
            right = head.i + 1
            if 0 < right - left <= MAX_ROLE_TOKENS:
                roles.append(_render(_strip_determiners(doc[left:right])))
    return [r for r in roles if r]


def _apposition_text(doc: Any, token: Any) -> list[str]:
    left, right = token.left_edge.i, token.right_edge.i + 1
    if right - left > MAX_ROLE_TOKENS or not (token.pos_ == "NOUN" or is_role_word(token)):
        return []
    return [_render(_strip_determiners(doc[left:right]))]


def _strip_determiners(span: Any) -> Any:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].pos_ in ("DET", "PUNCT") or doc[start].tag_ == "PRP$"):
        start += 1
    while end > start and doc[end - 1].pos_ == "PUNCT":
        end -= 1
    return doc[start:end]
