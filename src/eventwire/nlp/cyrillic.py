"""Russian and Ukrainian entity mentions: natasha's NER, the actor table, pymorphy3 and capitalisation.

natasha's news model is trained on Russian; on Ukrainian it misses or mislabels many names
(figures in ``tests/nlp/cyrillic_gold.py`` and the project notes). So for both languages
we also read capitalised word sequences and classify each word by pymorphy3's tags (given
name / surname / patronymic → person), by the actor table (ЗСУ, Кремль, Зеленський in any
case form) and by the gazetteer of large cities; a natasha span is kept where the rules
found nothing. Every name gets its nominative lemma ("Зеленського" → "Зеленський").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from eventwire.nlp.actors import lookup
from eventwire.nlp.lemmas import parse_word, word_language
from eventwire.nlp.lexicon import words
from eventwire.nlp.mentions import Mention
from eventwire.nlp.ner import Span
from eventwire.nlp.places import is_known_place

_WORD = re.compile(r"[^\W\d_][\w'’ʼ-]*")
# Characters after which a word starts a sentence (its capital says nothing).
_SENTENCE_END = frozenset('.!?\n…:«"„“')
# Titles written (lower-case) before a name: "президент Володимир Зеленський". Lemmas, uk and ru.
ROLE_LEMMAS = frozenset(
    words(
        """
президент прем'єр-міністр премьер-министр прем’єр-міністр міністр министр глава голова речник речниця
пресс-секретарь прес-секретар представник представитель посланець посланник спецпосланець спецпосланник посол
радник советник помічник помощник командувач командующий генерал полковник мер губернатор депутат сенатор
канцлер король лідер лидер керівник руководитель директор начальник заступник заместитель секретар секретарь
спікер спикер міністерка журналіст журналист експерт эксперт бізнесмен бизнесмен мільярдер миллиардер
екс-президент экс-президент віцепрезидент вице-президент
"""
    )
)
# Largest number of lower-case words read back from a name for its title.
MAX_TITLE_WORDS = 4
_PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
_SURNAME_ENDINGS = ("ський", "цький", "ская", "ский", "цкий", "ська", "цька")
_LABELS_BY_KIND = {"person": "PERSON"}
# Languages where natasha's spans lead and the rules only fill gaps. Measured on the sentences in
# tests/nlp/cyrillic_gold.py (F1 of nominative name + label): ru natasha+lemmas 0.84 vs rules 0.77;
# uk natasha 0.38 (0.43 with lemmas) vs rules 0.72, and adding natasha to the rules lowers uk to 0.70.
NATASHA_FIRST = frozenset({"ru"})


class _Word:
    __slots__ = ("end", "lemma", "sentence_start", "start", "tags", "text")

    def __init__(self, match: re.Match[str], text: str, language: str | None) -> None:
        self.start, self.end, self.text = match.start(), match.end(), match.group()
        before = text[: self.start].rstrip(" \t«\"„“'(")
        self.sentence_start = not before or before[-1] in _SENTENCE_END
        self.lemma, self.tags = self.text, frozenset()
        if self.is_capitalised:
            self.lemma, self.tags, _ = parse_word(self.text, word_language(self.text, language))

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_abbreviation(self) -> bool:
        return len(self.text) >= 2 and self.text.isupper()

    @property
    def is_person_word(self) -> bool:
        return bool(self.tags & _PERSON_TAGS) or (
            "ADJF" in self.tags and self.lemma.lower().endswith(_SURNAME_ENDINGS) and not self.sentence_start
        )


def cyrillic_mentions(text: str, language: str | None, spans: Iterable[Span]) -> list[Mention]:
    """Mentions in a Russian/Ukrainian text: for Russian natasha's spans first and rules in the gaps,
    for Ukrainian (and Belarusian) the rules alone (see ``NATASHA_FIRST``)."""
    words = [_Word(m, text, language) for m in _WORD.finditer(text)]
    natasha = []
    for span in spans if language in NATASHA_FIRST else ():
        mention = Mention(span.start, span.end, span.label, span.text)
        mention.lemma = " ".join(_lemma(w) for w in words if span.start <= w.start and w.end <= span.end)
        _label_by_table(mention)
        natasha.append(mention)
    taken = [(m.start, m.end) for m in natasha]
    rules = [m for m in _rule_mentions(text, words) if not any(s < m.end and m.start < e for s, e in taken)]
    mentions = natasha + rules
    for mention in mentions:
        if mention.label == "PERSON":
            mention.roles = _title(text, words, mention)
    return sorted(mentions, key=lambda m: m.start)


def _lemma(word: _Word) -> str:
    return word.lemma if word.is_capitalised else word.text


def _runs(text: str, words: list[_Word]) -> list[list[_Word]]:
    """Sequences of capitalised words separated only by spaces (or a hyphen)."""
    runs: list[list[_Word]] = []
    current: list[_Word] = []
    for word in words:
        if (
            word.is_capitalised
            and current
            and text[current[-1].end : word.start] in (" ", "-")
            and not (word.sentence_start)
        ):
            current.append(word)
            continue
        if current:
            runs.append(current)
        current = [word] if word.is_capitalised else []
    if current:
        runs.append(current)
    return runs


def _rule_mentions(text: str, words: list[_Word]) -> list[Mention]:
    out = []
    for run in _runs(text, words):
        while run and run[0].lemma.lower() in ROLE_LEMMAS:
            run = run[1:]  # "Президент Зеленський" at a sentence start
        for group, label in _split_by_class(run):
            mention = _make(text, group, label)
            if mention is not None:
                out.append(mention)
    return out


def _word_class(word: _Word) -> str | None:
    if word.is_person_word:
        return "PERSON"
    if is_known_place(word.lemma) or is_known_place(word.text):
        return "LOC"
    return None


def _split_by_class(run: list[_Word]) -> list[tuple[list[_Word], str | None]]:
    """Cut "Президент України Володимир Зеленський"-like runs where the word class changes."""
    whole = " ".join(w.lemma for w in run)
    actor = lookup(whole, fuzzy=False) if len(run) > 1 else None
    if actor is not None:
        return [(run, _actor_label(actor.kind))]
    groups: list[tuple[list[_Word], str | None]] = []
    for word in run:
        cls = _word_class(word)
        if groups and groups[-1][1] == cls:
            groups[-1][0].append(word)
        else:
            groups.append(([word], cls))
    return groups


def _actor_label(kind: str) -> str:
    return _LABELS_BY_KIND.get(kind, "ORG")


def _make(text: str, group: list[_Word], label: str | None) -> Mention | None:
    start, end = group[0].start, group[-1].end
    lemma = " ".join(w.lemma for w in group)
    actor = lookup(lemma)
    if actor is not None:
        label = _actor_label(actor.kind)
    elif label is None:
        if all(w.is_abbreviation for w in group):
            label = "ORG"
        elif group[0].sentence_start and len(group) == 1:
            return None  # a capital that only starts a sentence
        elif any("inan" in w.tags for w in group) or all("NOUN" in w.tags for w in group):
            label = "LOC"
        else:
            return None
    return Mention(start, end, label, text[start:end], lemma=lemma)


def _label_by_table(mention: Mention) -> None:
    actor = lookup(mention.name)
    if actor is not None:
        mention.label = _actor_label(actor.kind)


def _title(text: str, words: list[_Word], mention: Mention) -> list[str]:
    """Lower-case title words right before the name: "спецпосланець президента США"."""
    before = [w for w in words if w.end <= mention.start][-MAX_TITLE_WORDS:]
    title: list[_Word] = []
    for word in reversed(before):
        if text[word.end : (title[0].start if title else mention.start)].strip(" -"):
            break
        title.insert(0, word)
    for i, word in enumerate(title):
        lemma = parse_word(word.text.lower(), word_language(word.text, None))[0]
        if lemma in ROLE_LEMMAS or word.text.lower() in ROLE_LEMMAS:
            return [text[title[i].start : title[-1].end]]
    return []
