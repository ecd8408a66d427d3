"""Language of a text with lingua, loaded once per process.

Low-accuracy mode keeps the detector at ~90 MB and sub-millisecond per article; on a
news article's hundreds of words it is as good as the high-accuracy mode, which needs
1.3 GB for all languages. Its models are loaded when the detector is built (~0.2 s): loaded
lazily they cost as much on the first article of each script, in every worker process.
"""

from __future__ import annotations

import re
from functools import cache

from lingua import LanguageDetector, LanguageDetectorBuilder

# Below this many letters lingua's guess is noise, so none is given.
MIN_LETTERS = 20
# Enough text to decide: on the 92 dev pages 300 characters give the same answer as the whole text, and
# lingua slows sharply past ~400 characters (3.4 ms at 500 vs 0.9 ms at 300).
SAMPLE_CHARS = 300
# English's commonest function words make up about a third of running English text and a few percent of
# any other language's; "the" is English alone. A sample of at least MIN_WORDS_FOR_ENGLISH words, at least
# ENGLISH_SHARE of them these words and "the" twice, is English without asking lingua, whose low-accuracy
# mode then only costs time (~2.5 ms an article inside the pipeline) and now and then reads a short
# English sample as Tagalog or Latin.
ENGLISH_FUNCTION_WORDS = frozenset({
    "the", "of", "and", "to", "in", "is", "that", "was", "for", "with", "on", "as",
    "by", "at", "from", "his", "her", "said", "it", "are", "were", "has", "have", "be",
})  # fmt: skip
ENGLISH_SHARE = 0.2
MIN_WORDS_FOR_ENGLISH = 20
_WORD = re.compile(r"[^\W\d_]+")


@cache
def detector() -> LanguageDetector:
    """lingua's detector, built once per process with every model loaded."""
    builder = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode()
    return builder.with_preloaded_language_models().build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    if _plainly_english(sample):
        return "en"
    language = detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language else None


def _plainly_english(sample: str) -> bool:
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS_FOR_ENGLISH or words.count("the") < 2:
        return False
    return sum(w in ENGLISH_FUNCTION_WORDS for w in words) >= ENGLISH_SHARE * len(words)
