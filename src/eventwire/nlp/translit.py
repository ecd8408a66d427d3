"""Cyrillic → Latin transliteration and a spelling "skeleton" for matching names across scripts.

Wires spell the same person Dmitriev, Dmitriyev and Дмитриев (or Дмитрієв in Ukrainian).
Exact transliteration standards disagree on exactly the letters that vary (и/і/й/ы, х, ё),
so instead of picking one we map every spelling onto a coarse skeleton where those
differences vanish, and compare skeletons (exactly, or with rapidfuzz in ``actors.py``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# One Latin rendering per Cyrillic letter (Russian and Ukrainian letters together); close to
# the BGN/PCGN and Ukrainian national systems, which is what English-language wires use.
_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "yo", "є": "ye",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ў": "w", "'": "", "’": "", "ʼ": "",
}  # fmt: skip

# Skeleton rewrites, applied in order after lower-casing and transliteration: they erase the
# differences between common romanisations (Zelensky/Zelenskyy/Zelenskiy, Kharkov/Harkov).
_SKELETON_RULES = (
    (re.compile(r"kh"), "h"),
    (re.compile(r"(?<=[bcdfghklmnprstvz])y(?=[aeou])"), ""),  # Dmitriyev -> Dmitriev... keeps Yevgeny
    (re.compile(r"iy|yi|ij|ii|y"), "i"),
    (re.compile(r"ck|k"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ff|f"), "f"),
    (re.compile(r"(.)\1"), r"\1"),
)
_NON_LETTERS = re.compile(r"[^a-z ]+")


_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC_RE.search(text) is not None


def to_latin(text: str) -> str:
    """Transliterate Cyrillic letters (keeping case of the first letter of each word); others pass."""
    out = []
    for ch in text:
        low = ch.lower()
        latin = _CYRILLIC_TO_LATIN.get(low)
        if latin is None:
            out.append(ch)
        elif ch != low:
            out.append(latin[:1].upper() + latin[1:])
        else:
            out.append(latin)
    return "".join(out)


@lru_cache(maxsize=100_000)
def skeleton(name: str) -> str:
    """A coarse, script-independent key of a name: 'Dmitriyev', 'Dmitriev', 'Дмитриев' all give 'dmitriev'."""
    text = unicodedata.normalize("NFKD", to_latin(name).lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_LETTERS.sub(" ", text.replace("-", " "))
    for pattern, repl in _SKELETON_RULES:
        text = pattern.sub(repl, text)
    return " ".join(text.split())
