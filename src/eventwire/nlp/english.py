"""English entity mentions: spaCy's NER spans, repaired by rules that know how news is written.

spaCy's small model errs in set ways on wire copy: a title glued to a name becomes an
organisation ("Trump's Plenipotentiary"), two stacked names one person ("Vladimir Putin
Kirill Dmitriyev"), a lone surname an ORG ("Dmitriyev"), a city a person ("Kharkov"). The
rules here: cut titles, possessives and function words out of entity spans; split stacked
names where each half is a known name; relabel by the actor table, by the document's own
full names (a surname of a known person is a PERSON) and by a gazetteer of large cities.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from eventwire.nlp.actors import lookup
from eventwire.nlp.lexicon import DESCRIPTION_WORDS, NOT_NAME_WORDS, POSSESSIVES
from eventwire.nlp.mentions import Mention
from eventwire.nlp.places import is_known_place
from eventwire.nlp.roles import apposition_roles, is_role_word, title_roles
from eventwire.nlp.translit import skeleton

# spaCy labels that name things; numbers, dates and the like are other stages' business.
KEEP_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
# Longest entity span considered, in tokens: longer "names" are tagging accidents.
MAX_NAME_TOKENS = 10


def english_mentions(doc: Any) -> list[Mention]:
    """Name mentions (and "X's man" descriptions) of a parsed English text, repaired and with roles."""
    mentions: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ in KEEP_LABELS and len(ent) <= MAX_NAME_TOKENS:
            mentions.extend(_split_entity(doc, ent))
    mentions = _split_stacked_names(doc, mentions)
    _relabel(mentions)
    persons = [m for m in mentions if m.label == "PERSON"]
    persons_by_end = {m.tok_end: m for m in persons}
    for mention in persons:
        roles = title_roles(doc, mention, persons_by_end) + apposition_roles(doc, mention)
        mention.roles = _tidy_roles(roles)
    return mentions + _descriptions(doc, persons, {m.tok_start for m in persons})


def _tidy_roles(roles: list[str]) -> list[str]:
    """Unique roles, dropping a coordination ("billionaire and Trump's advisor") already split into parts."""
    unique = list(dict.fromkeys(r for r in roles if r))
    return [r for r in unique if not (" and " in r and all(p.strip() in unique for p in r.split(" and ")))]


def _mention(doc: Any, start: int, end: int, label: str) -> Mention:
    span = doc[start:end]
    return Mention(span.start_char, span.end_char, label, span.text, start, end)


def _is_break(token: Any) -> bool:
    return (
        token.text in POSSESSIVES
        or is_role_word(token)
        or token.lower_ in NOT_NAME_WORDS
        or (token.is_punct and token.text not in (".", "-", "&"))
    )


def _split_entity(doc: Any, ent: Any) -> list[Mention]:
    """The names inside one NER span, without titles, possessives and stray function words."""
    tokens = list(ent)
    first = next((t for t in tokens if t.lower_ not in ("the", "a", "an")), tokens[0])
    needs_split = (
        ent.label_ == "PERSON"
        or any(t.text in POSSESSIVES for t in tokens)
        or is_role_word(first)
        or is_role_word(tokens[-1])
        or tokens[-1].lower_ in NOT_NAME_WORDS
    )
    if not needs_split:
        start, end = ent.start, ent.end
        while start < end and doc[start].lower_ in ("the", "a", "an"):
            start += 1
        while end > start and (doc[end - 1].text in POSSESSIVES or doc[end - 1].is_punct):
            end -= 1
        return [_mention(doc, start, end, ent.label_)] if end > start else []
    out = []
    run_start = None
    for i in range(ent.start, ent.end + 1):
        if i < ent.end and not _is_break(doc[i]):
            if run_start is None:
                run_start = i
            continue
        if run_start is not None:
            end = i
            while end > run_start and doc[end - 1].is_punct:
                end -= 1
            if end > run_start and any(t.text[:1].isupper() for t in doc[run_start:end]):
                out.append(_mention(doc, run_start, end, ent.label_))
            run_start = None
    return out


def _split_stacked_names(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """Split "Vladimir Putin Kirill Dmitriyev" into two people when both halves are known names.

    A half is known when the actor table has it as a person, or its last word (the surname)
    stands alone elsewhere in the document.
    """
    alone = {m.text for m in mentions if m.tok_end - m.tok_start == 1}
    out = []
    for m in mentions:
        n = m.tok_end - m.tok_start
        tokens = doc[m.tok_start : m.tok_end]
        if m.label != "PERSON" or n < 3 or not all(t.is_alpha and t.text[:1].isupper() for t in tokens):
            out.append(m)
            continue
        split = None
        for k in sorted(range(1, n), key=lambda k: -min(k, n - k)):
            left, right = tokens[:k], tokens[k:]
            if _known_name(left.text, left[-1].text, alone) and _known_name(right.text, right[-1].text, alone):
                split = k
                break
        if split is None:
            out.append(m)
            continue
        out.append(_mention(doc, m.tok_start, m.tok_start + split, "PERSON"))
        out.append(_mention(doc, m.tok_start + split, m.tok_end, "PERSON"))
    return out


def _known_name(text: str, surname: str, alone: set[str]) -> bool:
    actor = lookup(text, fuzzy=False)
    return (actor is not None and actor.is_person) or surname in alone


def _relabel(mentions: list[Mention]) -> None:
    """Fix labels: actor table first, then "surname of a full name in this text", then places, then votes."""
    surnames = {skeleton(m.text.split()[-1]) for m in mentions if m.label == "PERSON" and m.tok_end - m.tok_start >= 2}
    decided: set[int] = set()
    for i, m in enumerate(mentions):
        actor = lookup(m.text)
        single = m.tok_end - m.tok_start == 1
        if actor is not None:
            if actor.is_person:
                m.label = "PERSON"
            elif m.label != "NORP" or actor.kind != "political_party":
                m.label = "ORG"
            decided.add(i)
        elif single and skeleton(m.text) in surnames:
            m.label = "PERSON"
            decided.add(i)
        elif m.label == "PERSON" and single and is_known_place(m.text):
            m.label = "GPE"
            decided.add(i)
    votes: dict[str, Counter[str]] = {}
    for i, m in enumerate(mentions):
        if i not in decided:
            votes.setdefault(m.text, Counter())[m.label] += 1
    for i, m in enumerate(mentions):
        if i not in decided and len(votes[m.text]) > 1:
            m.label = votes[m.text].most_common(1)[0][0]


def _descriptions(doc: Any, persons: list[Mention], person_starts: set[int]) -> list[Mention]:
    """ "Putin's man", "Trump's envoy" not followed by a name: a description standing for someone."""
    out = []
    for owner in persons:
        i = owner.tok_end
        if i + 1 >= len(doc) or doc[i].text not in POSSESSIVES:
            continue
        noun = doc[i + 1]
        if noun.lower_ not in DESCRIPTION_WORDS:
            continue
        if i + 2 < len(doc) and (i + 2 in person_starts or doc[i + 2].tag_ in ("NNP", "NNPS")):
            continue  # "Trump's envoy Steve Witkoff": a title, handled by roles
        out.append(
            Mention(owner.start, noun.idx + len(noun.text), "PERSON", doc[owner.tok_start : i + 2].text,
                    owner.tok_start, i + 2, owner=owner)
        )  # fmt: skip
    return out
