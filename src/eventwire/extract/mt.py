"""Machine-translation artefacts: detect them (with the evidence) and mend the harmless ones.

Translation engines leave marks that no human copy editor does: a space before the second
half of a compound ("two -day", "long -term"), spaces before punctuation, guillemets or
„low-high“ quotes in English text, and a date line in another language than the body.
Mending is limited to spacing: words are never changed.
"""

from __future__ import annotations

import re

# "two -day", "long -term": a space before the hyphen of a compound, none after.
_SPACED_HYPHEN = re.compile(r"\b(\w+) -(\w+)\b")
# "word ," / "word ." / "word ;" (but not French «  » spacing, ellipses or decimals).
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\w) +([,.;:!?])(?=\s|$)")
_FOREIGN_QUOTES = re.compile(r"[«»„]")

# How many independent artefact kinds make a text machine translated (tuned by hand on the
# bundled sample and on human-written pages, where none of these kinds appears twice).
MT_MIN_SIGNALS = 2


def mend(text: str) -> str:
    """Close the spacing that translation engines open; never change a word."""
    text = _SPACED_HYPHEN.sub(r"\1-\2", text)
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


def signals(text: str, *, language: str | None, foreign_date_line: str | None = None) -> list[str]:
    """The artefacts found, each as the text that shows it (for audit)."""
    found = [m.group(0) for m in _SPACED_HYPHEN.finditer(text)][:5]
    spaced_punct = _SPACE_BEFORE_PUNCT.findall(text)
    if len(spaced_punct) >= 2:
        found.append(f"space before punctuation x{len(spaced_punct)}")
    if language == "en" and _FOREIGN_QUOTES.search(text):
        found.append("non-English quotation marks « » „ in English text")
    if foreign_date_line:
        found.append(f"date line in another language: {foreign_date_line!r}")
    return found


def is_machine_translated(found: list[str]) -> bool:
    """True when the signals point to machine translation, not a one-off typo."""
    kinds = {("hyphen" if " -" in s else s.split(" ")[0]) for s in found}
    return len(kinds) >= MT_MIN_SIGNALS or len(found) >= 3
