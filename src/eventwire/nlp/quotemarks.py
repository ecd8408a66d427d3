"""Spans in quotation marks, in any of the conventions news uses, without mistaking apostrophes.

Pairs: “…”, «…», „…“/„…”, "…", and single ‘…’ / '…' only where the opening mark follows a
non-letter and the closing one precedes a non-letter (so "don’t", "Putin’s", "the players'
union" are never quote marks). Quotes nested inside another quote are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Longest quotation accepted, in characters: longer "quotes" are unbalanced marks.
MAX_QUOTE_CHARS = 1500

_PATTERNS = (
    re.compile(rf"“([^“”]{{1,{MAX_QUOTE_CHARS}}}?)”"),
    re.compile(rf"«([^«»]{{1,{MAX_QUOTE_CHARS}}}?)»"),
    re.compile(rf"„([^„“”]{{1,{MAX_QUOTE_CHARS}}}?)[“”]"),
    re.compile(rf'"((?:(?!\n\n)[^"]){{1,{MAX_QUOTE_CHARS}}}?)"'),
    re.compile(rf"(?<![\w’'])‘((?:(?!\n\n)[^‘’]|’(?=\w)){{1,{MAX_QUOTE_CHARS}}}?)’(?!\w)"),
    re.compile(rf"(?<![\w’'])'((?:(?!\n\n)[^'\n]|'(?=\w)){{1,{MAX_QUOTE_CHARS}}}?)'(?![\w])"),
)
_SINGLE = 4  # patterns from this index on use single marks
# Punctuation that closes the quoting sentence, not the quoted words: « We ... relationships, »
_TRAILING = re.compile(r"[\s,;:]+$")


@dataclass(frozen=True)
class Quoted:
    """A quotation: ``start``/``end`` include the marks, ``inner_*`` exclude them (and edge spaces)."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    text: str


def find_quoted(text: str) -> list[Quoted]:
    """Non-overlapping quotations of ``text`` in text order (outermost wins)."""
    found: list[Quoted] = []
    for i, pattern in enumerate(_PATTERNS):
        for match in pattern.finditer(text):
            inner = match.group(1)
            if not any(ch.isalpha() for ch in inner):
                continue
            if i >= _SINGLE and (inner[:1].isspace() or inner[-1:].isspace()):
                continue
            lead = len(inner) - len(inner.lstrip())
            trail = len(inner) - len(_TRAILING.sub("", inner))
            s, e = match.start(1) + lead, match.end(1) - trail
            found.append(Quoted(match.start(), match.end(), s, e, text[s:e]))
    found.sort(key=lambda q: (q.start, -q.end))
    out: list[Quoted] = []
    for q in found:
        if out and q.start < out[-1].end:
            continue
        out.append(q)
    return out
