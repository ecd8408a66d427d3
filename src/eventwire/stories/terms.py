"""The words of a whole article, for the lexical part of story scoring (TF-IDF against a story's words).

What one report of an event shares with another, whoever wrote it, is its rare words: names of
people, places, ships and weapons, unusual nouns ("hypermarket", "refloated", "Taroko"). The
title+lead embedding sees only the first sentences and smooths names away; the identity keys see
only what the upstream stages recognised as an entity or a place. The full text sees all of it.

An article's terms are its content words with their log-scaled counts (``1 + ln tf``), stored in
``ArticleFeatures.keys`` under ``w:<language>:<word>`` so that they travel wherever the keys go (the
store keeps a story's keys as JSON, the Spark path passes them along) and rebuild with the story.
The inverse document frequency is not fixed here: ``StoryIndex`` counts how many of its stories
carry a word, as the stream goes (``scoring.idf``).

- Words: NFKC, case-folded; a Ukrainian apostrophe stays inside its word ("п'ятеро" is one word); words without
  a letter (figures, dates) left out: the same casualty count or year is a coincidence, not a link.
- The language of the words is the detected one, except for Cyrillic text, where the letters only one
  language uses decide between Ukrainian (і, ї, є, ґ) and Russian (ы, э, ё, ъ): the detector reads a
  short Ukrainian report as Kazakh now and then, and its words must still meet the Ukrainian ones.
- Ukrainian and Russian words are reduced to their lemma (pymorphy3), so "Харкові", "Харкова" and
  "Харків" are one word. Where pymorphy3 offers several lemmas (its guesses for "Харкові" include
  "харко"), the one most frequent in the language (wordfreq) is taken: it is the reading a writer
  most likely meant. English words stay as written; reports of one event share their names and
  nouns in the same forms often enough, and a stemmer would merge more than it helps.
- Function words go: a word at or above ``STOPWORD_ZIPF`` on wordfreq's Zipf scale in the article's
  language ("the", "said", "що", "который", ...) says nothing about which event a report is about.
- An article keeps its ``MAX_ARTICLE_TERMS`` most telling words: count times rarity in the language
  (``9 - Zipf``, the general-language information content of the word), so a long article keeps
  its names and rare nouns and drops the tail of ordinary words that every story shares.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

# Prefix of term keys in ArticleFeatures.keys / StoryState.keys (other prefixes are identity keys).
TERM_PREFIX = "w:"
# Zipf frequency (log10 of occurrences per billion words) from which a word counts as a function word:
# 6.0 is once per thousand words ("said" 6.0, "would" 6.3, "що" 7.1, "который" 5.9 stays).
STOPWORD_ZIPF = 6.0
# Words an article keeps (a 600-word wire story has ~250 distinct content words; the top 100 by
# count x rarity hold its names, places and rare nouns).
MAX_ARTICLE_TERMS = 100
# Rarity of a word is 9 - Zipf: about -log10 of its share of all words (Zipf 9 = every word).
_ZIPF_TOP = 9.0
# Languages whose words are lemmatised with pymorphy3.
_LEMMA_LANGUAGES = frozenset({"uk", "ru"})
# A word of letters and digits; an apostrophe before a Cyrillic letter is inside the word ("п'ятеро"),
# before a Latin one it ends it ("Kharkiv's": the "s" is left, too short to count).
_WORD = re.compile(r"[^\W_]+(?:['’ʼ](?=[\u0400-\u04ff])[^\W_]+)*")
_APOSTROPHES = re.compile(r"['’ʼ]")
_UKRAINIAN_ONLY = re.compile(r"[іїєґ]", re.IGNORECASE)
_RUSSIAN_ONLY = re.compile(r"[ыэёъ]", re.IGNORECASE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z]")


# Languages whose wordfreq lookup needs a tokenizer package eventwire does not ship (MeCab for
# Japanese and Korean, jieba for Chinese): looked up as English (a name scores as rare, as it should).
_NEEDS_EXTRA_TOKENIZER = frozenset({"ja", "ko", "zh"})


@lru_cache(maxsize=8)
def _wordfreq_language(language: str | None) -> str:
    """The wordfreq language to look words up in (English for a language it does not know or needs
    an extra tokenizer for)."""
    from wordfreq import available_languages

    if not language or language in _NEEDS_EXTRA_TOKENIZER or language not in available_languages():
        return "en"
    return language


@lru_cache(maxsize=200_000)
def zipf(word: str, language: str) -> float:
    """wordfreq's Zipf frequency of ``word`` in ``language`` (0 for a word it has never seen)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, _wordfreq_language(language))


def rarity(word: str, language: str) -> float:
    """How much a word says in general language: 9 - Zipf (9 for a name wordfreq has never seen)."""
    return max(_ZIPF_TOP - zipf(word, language), 0.0)


@lru_cache(maxsize=200_000)
def lemma(word: str, language: str) -> str:
    """The lemma of a lower-case Ukrainian or Russian word: of pymorphy3's readings, the most frequent one."""
    if language not in _LEMMA_LANGUAGES or not any("\u0400" <= ch <= "\u04ff" for ch in word):
        return word
    from eventwire.geo.morph import analyzer

    forms = list(dict.fromkeys(p.normal_form.replace("ё", "е") for p in analyzer(language).parse(word)))
    if not forms:
        return word
    return max(forms, key=lambda form: (zipf(form, language), -forms.index(form)))


def text_language(text: str, detected: str | None) -> str:
    """The language an article's words are read in: Cyrillic text by its letters, other text as detected."""
    if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)):
        ukrainian, russian = len(_UKRAINIAN_ONLY.findall(text)), len(_RUSSIAN_ONLY.findall(text))
        if ukrainian or russian:
            return "uk" if ukrainian >= russian else "ru"
        return detected if detected in _LEMMA_LANGUAGES else "ru"
    return detected or "und"


def words(text: str, language: str | None) -> list[str]:
    """The content words of ``text`` in order: case-folded, lemmatised (uk/ru), without function words."""
    lang = language or "en"
    found = []
    for match in _WORD.finditer(unicodedata.normalize("NFKC", text).casefold()):
        word = _APOSTROPHES.sub("", match.group())
        if len(word) < 2 or not any(ch.isalpha() for ch in word):
            continue
        word = lemma(word, lang)
        if zipf(word, lang) < STOPWORD_ZIPF:
            found.append(word)
    return found


def term_key(language: str | None, word: str) -> str:
    return f"{TERM_PREFIX}{language or 'und'}:{word}"


def is_term(key: str) -> bool:
    return key.startswith(TERM_PREFIX)


def term_language(key: str) -> str:
    """The language part of a term key ('en' of 'w:en:kharkiv')."""
    return key[len(TERM_PREFIX) :].split(":", 1)[0]


def salience(key: str, weight: float) -> float:
    """How telling a weighted term is: its weight times the rarity of its word in its language."""
    language, _, word = key[len(TERM_PREFIX) :].partition(":")
    return weight * rarity(word, language)


def strongest(terms: Mapping[str, float], limit: int) -> dict[str, float]:
    """The ``limit`` most telling terms (ties broken by key, so every run keeps the same ones)."""
    if len(terms) <= limit:
        return dict(terms)
    ranked = sorted(terms.items(), key=lambda kv: (-salience(*kv), kv[0]))
    return dict(ranked[:limit])


def article_terms(title: str | None, text: str, language: str | None) -> dict[str, float]:
    """Term keys of an article with their weights (1 + ln count), at most ``MAX_ARTICLE_TERMS`` of them."""
    whole = f"{title or ''}\n{text}"
    language = text_language(whole, language)
    counts = Counter(words(whole, language))
    weights = {term_key(language, word): round(1.0 + math.log(n), 4) for word, n in counts.items()}
    return strongest(weights, MAX_ARTICLE_TERMS)
