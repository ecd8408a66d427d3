"""Sentences with character offsets, cheap and language-agnostic.

The event stage looks at one sentence at a time and cites it as evidence, so it needs
exact offsets into ``Article.text``; a regex splitter that knows common abbreviations
is fast and good enough for wire copy (paragraph breaks always end a sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tokens that end in a full stop without ending a sentence (en/uk/ru wire copy).
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "gov",
        "sen",
        "rep",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "vs",
        "etc",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "м",
        "г",
        "ул",
        "вул",
        "обл",
        "р",
        "див",
        "т.ч",
        "т.д",
        "т.п",
        "ім",
        "им",
    ]
)
_BOUNDARY = re.compile(r"(?<=[.!?…])[»\"”’)]*\s+(?=[«\"“„(\[]?[A-ZА-ЯІЇЄҐ0-9])")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def _ends_with_abbreviation(chunk: str) -> bool:
    match = re.search(r"(\S+)\.$", chunk.rstrip('»"”’) '))
    if not match:
        return False
    word = match.group(1).lower().lstrip('(«"“')
    return word in _ABBREVIATIONS or len(word) == 1


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Sentences of ``text`` (offsets shifted by ``offset``), never across a paragraph break."""
    sentences: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for boundary in _BOUNDARY.finditer(para.group(0)):
            end = para.start() + boundary.start()
            if _ends_with_abbreviation(text[start:end]):
                continue
            _append(sentences, text, start, end, offset)
            start = para.start() + boundary.end()
        _append(sentences, text, start, para.end(), offset)
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int, offset: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        s = start + lead
        sentences.append(Sentence(stripped, s + offset, s + len(stripped) + offset))
