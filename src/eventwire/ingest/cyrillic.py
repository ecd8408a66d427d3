"""Pick the Cyrillic single-byte codec that makes undeclared bytes read as Russian or Ukrainian.

charset-normalizer guesses wrong on short texts (a two-line koi8-r note comes
out as Shift-JIS), so for bytes that look like a Cyrillic script we try the
usual legacy codecs and keep the one whose letters are most like real text.
"""

from __future__ import annotations

import itertools
import math
import re

# Letter frequencies (per letter, lowercase): the higher of Russian and Ukrainian.
_FREQ = {
    "о": 0.110, "е": 0.085, "а": 0.080, "и": 0.074, "н": 0.067, "т": 0.063, "с": 0.055, "р": 0.048,
    "в": 0.054, "л": 0.044, "к": 0.035, "м": 0.032, "д": 0.032, "п": 0.028, "у": 0.033, "я": 0.026,
    "ы": 0.019, "ь": 0.017, "г": 0.017, "з": 0.023, "б": 0.016, "ч": 0.014, "й": 0.012, "х": 0.011,
    "ж": 0.009, "ш": 0.007, "ю": 0.008, "ц": 0.010, "щ": 0.004, "э": 0.003, "ф": 0.003, "ъ": 0.0005,
    "ё": 0.001, "і": 0.060, "ї": 0.006, "є": 0.004, "ґ": 0.0005,
}  # fmt: skip
_UNLIKELY = math.log(0.0001)  # a non-letter where a letter should be (box drawing, symbols)
_CASE_PENALTY = math.log(0.001)  # an uppercase letter inside a lowercase word: "пРИВЕТ"
_MIN_SCORE = math.log(0.025)  # mean log-frequency real Russian/Ukrainian text stays above

# Most common first: on a tie (Russian text reads the same in koi8-r and koi8-u) the first wins.
CANDIDATES = ("cp1251", "koi8-r", "koi8-u", "iso8859-5", "cp866", "mac-cyrillic")

_WORD = re.compile(r"\w+")


def _score(text: str) -> float:
    """Mean log-frequency of the non-ASCII characters, with penalties for odd case changes."""
    total = 0.0
    count = 0
    for ch in text:
        if ord(ch) < 0x80:
            continue
        count += 1
        total += math.log(_FREQ[ch.lower()]) if ch.lower() in _FREQ else _UNLIKELY
    for word in _WORD.findall(text):
        total += _CASE_PENALTY * sum(1 for a, b in itertools.pairwise(word) if a.islower() and b.isupper())
    return total / count if count else float("-inf")


def guess_cyrillic(data: bytes) -> str | None:
    """The codec under which ``data`` reads best as Cyrillic text, or None when none reads like it."""
    best: tuple[float, str] | None = None
    for codec in CANDIDATES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _score(text)
        if best is None or score > best[0]:
            best = (score, codec)
    if best is None or best[0] < _MIN_SCORE:
        return None
    return best[1]
