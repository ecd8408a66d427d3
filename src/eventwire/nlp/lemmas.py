"""Nominative forms of inflected Cyrillic names (pymorphy3, Russian and Ukrainian dictionaries).

"Зеленського", "Пескова", "Захаровой" must count as the same person as the nominative
forms a table or an earlier sentence uses. pymorphy3 knows given names, surnames and
place names (tags Name/Surn/Patr/Geox); for surnames it often proposes an adjective
reading ("Зеленского" → adjective "зеленский"), which gives the right lemma as well.
"""

from __future__ import annotations

from functools import cache
from typing import Any

# Letters only Ukrainian uses: a word with one of them is analysed with the uk dictionary.
_UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")
# Letters only Russian uses.
_RUSSIAN_LETTERS = frozenset("ыэёъЫЭЁЪ")
# Tags that mark a word as (part of) a name; a parse with one of them is preferred.
NAME_TAGS = ("Name", "Surn", "Patr")


@cache
def analyzer(language: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk" if language == "uk" else "ru")


def word_language(word: str, default: str | None) -> str:
    """'uk' or 'ru' for a Cyrillic word: its letters decide when they can, else the document's language."""
    letters = set(word)
    if letters & _UKRAINIAN_LETTERS:
        return "uk"
    if letters & _RUSSIAN_LETTERS:
        return "ru"
    return "uk" if default == "uk" else "ru"


@cache
def parse_word(word: str, language: str) -> tuple[str, frozenset[str], bool]:
    """(nominative form, grammemes, feminine) of one capitalised word, preferring name readings."""
    parses = analyzer(language).parse(word)
    if not parses:
        return word, frozenset(), False
    named = [p for p in parses if any(t in p.tag for t in NAME_TAGS)]
    best = named[0] if named else parses[0]
    grammemes = frozenset(str(best.tag).replace(" ", ",").split(","))
    feminine = "femn" in best.tag
    lemma = best.normal_form
    if feminine and "Surn" in best.tag:
        inflected = best.inflect({"nomn", "sing"})
        if inflected is not None:
            lemma = inflected.word
    if feminine and "ADJF" in best.tag and "nomn" not in best.tag:
        inflected = best.inflect({"nomn", "sing", "femn"})
        if inflected is not None:
            lemma = inflected.word
    return _recase(word, lemma), grammemes, feminine


def _recase(original: str, lemma: str) -> str:
    if original.isupper() and len(original) > 1:
        return lemma.upper()
    if original[:1].isupper():
        return "-".join(part[:1].upper() + part[1:] for part in lemma.split("-"))
    return lemma


def lemmatize_name(name: str, language: str | None = None) -> str:
    """The nominative of every Cyrillic word of ``name`` ("Володимира Зеленського" → "Володимир Зеленський")."""
    words = []
    for word in name.split():
        if any("\u0400" <= ch <= "\u04ff" for ch in word) and word[:1].isupper():
            words.append(parse_word(word, word_language(word, language))[0])
        else:
            words.append(word)
    return " ".join(words)
