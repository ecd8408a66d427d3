"""Tokens with offsets and the normalised keys both the gazetteer and the text are matched on.

One function makes the keys for gazetteer names at build time and for text at run time, so
any folding it does (case, accents, apostrophes, ё/е) can never make the two sides disagree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from eventwire.nlp.translit import has_cyrillic as is_cyrillic  # one definition of "has Cyrillic letters"

# A word: letters, optionally joined by hyphens/apostrophes ("Ivano-Frankivsk", "Слов'янськ");
# dotted initialisms ("U.S.", "U.K.") are one token so "U.S." keys like "US".
_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:[-'’ʼ`][^\W_]+)*", re.UNICODE)
_APOSTROPHES = str.maketrans({"’": "", "ʼ": "", "'": "", "`": "", "ё": "е", "Ё": "Е", "-": " "})
# Everyday direction and landform words. A name made only of them ("Central", "North West",
# "Lakes", "West Coast") is ordinary English in news, not Ghana's or Gambia's region or a
# village of that name, so such names are not indexed for regions nor taken for towns.
GENERIC_WORDS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "centre", "center",
     "northeast", "northwest", "southeast", "southwest", "upper", "lower", "middle", "capital", "coast", "coastal",
     "lake", "lakes", "gulf", "delta", "island", "islands", "mountain", "mountains", "highlands", "plateau",
     "river", "rivers", "valley", "interior", "border", "national", "district", "region", "province", "state",
     "territory", "city", "the", "of", "and"}
)  # fmt: skip
# Long forms that names also write short: "Saint Petersburg" / "St. Petersburg", "Mount" / "Mt.".
_SHORT_FORMS = {"saint": "st", "sainte": "ste", "mount": "mt"}
_LATIN_RE = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """Word tokens with character offsets (punctuation is dropped, its gaps are kept)."""
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]


@lru_cache(maxsize=500_000)
def fold(word: str) -> str:
    """Lower case, Latin accents stripped, apostrophes dropped, hyphens as spaces, ё as е.

    Cyrillic letters keep their diacritics (й, ї are letters of their own, not accented и/і).
    """
    word = word.translate(_APOSTROPHES).replace(".", "").lower()
    if word.isascii():
        return _SHORT_FORMS.get(word, word)
    out = []
    for ch in word:
        if "\u0400" <= ch <= "\u04ff":
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


def name_key(name: str) -> str:
    """The key a whole name is indexed under: its folded tokens joined by single spaces."""
    return " ".join(fold(t.text) for t in tokenize(name))


def is_latin(text: str) -> bool:
    return bool(_LATIN_RE.search(text)) and not is_cyrillic(text)


def is_capitalised(word: str) -> bool:
    """Starts with an upper-case letter (names do, in English, Ukrainian and Russian alike)."""
    return word[:1].isupper()


# Romanisations of Cyrillic so English text can match Ukrainian/Russian-only names. Two schemes:
# Ukrainian national (Kharkiv, Mykolaiv) and a Russian BGN-like one (Kharkov, Nikolayev); English
# news uses both.
_UK_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": "ie",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ю": "iu",
    "я": "ia",
    "ъ": "",
    "ы": "y",
    "э": "e",
    "ё": "e",
}
# Russian romanisation (BGN/PCGN) differs from the Ukrainian national one in these letters only.
_RU_LATIN = {**_UK_LATIN, "г": "g", "и": "i", "й": "y", "ю": "yu", "я": "ya", "є": "ye", "ї": "yi"}


def romanise(text: str) -> set[str]:
    """Ukrainian- and Russian-style Latin spellings of a Cyrillic name (folded)."""
    low = text.lower()
    out = set()
    for table in (_UK_LATIN, _RU_LATIN):
        out.add("".join(table.get(ch, ch) for ch in low))
    return {name_key(s) for s in out if s}
