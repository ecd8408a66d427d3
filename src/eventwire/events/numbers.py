"""Numbers as wire copy writes them, in English, Ukrainian and Russian, with their bounds.

A casualty figure is rarely a bare integer: "at least 12", "up to 1,200", "двоє",
"понад десяток", "between 10 and 15", "dozens".  This module turns a tokenised sentence
into :class:`Quantity` spans — a lower and an upper bound plus the tokens they came
from — and knows nothing about what is being counted; :mod:`eventwire.events.casualties`
decides that.

Ukrainian and Russian numerals decline ("три", "трьох", "трьома"; "пятеро", "пятерых"),
so their forms are generated once from pymorphy3's lexemes rather than typed by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

# ---------------------------------------------------------------------------------------
# Tokens

# Apostrophes as Ukrainian is typed (’ ʼ ' `) are one character for the lexicons.
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'"})
_TOKEN = re.compile(
    # 1,200 / 12 000 / 12 000 (nbsp, thin space): thousands groups of exactly three digits.
    r"(?P<num>(?<![\d.,])\d{1,3}(?:[,\u00a0\u202f\u2009 ]\d{3})+(?![\d])|\d+(?:[.,]\d+)?)"
    r"|(?P<word>[^\W\d_]+(?:['’ʼ`][^\W\d_]+)*(?:-[^\W\d_]+(?:['’ʼ`][^\W\d_]+)*)*)"
    r"|(?P<punct>[^\w\s])"
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    low: str  # lower case, apostrophes unified, ё read as е
    start: int
    end: int
    kind: Literal["num", "word", "punct"]


def tokenize(text: str) -> list[Token]:
    """Words, numbers and punctuation marks with character offsets into ``text``."""
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        raw = match.group(0)
        low = raw.lower().translate(_APOSTROPHES).replace("ё", "е")
        tokens.append(Token(raw, low, match.start(), match.end(), kind))  # type: ignore[arg-type]
    return tokens


# ---------------------------------------------------------------------------------------
# Number words

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Digits followed by one of these are multiplied: "1.2 million", "3,5 тис.", "2 тысячи".
_MULTIPLIERS = {
    "hundred": 100, "thousand": 1000, "million": 1_000_000, "mln": 1_000_000, "m": 1_000_000,
    "тис": 1000, "тыс": 1000, "млн": 1_000_000,
}  # fmt: skip

# Vague quantities as lower bounds: the smallest figure the word can honestly stand for.
# A plural of a unit means at least two of them ("dozens" ≥ 2 × 12, "scores" ≥ 2 × 20,
# "hundreds" ≥ 200, "десятки" ≥ 2 × 10); "several" is at least three in English usage
# (Merriam-Webster: "more than two but fewer than many"), "a few"/"a couple"/"кілька"/
# "несколько" at least two.  ACLED's codebook instead codes such words with fixed
# guesses (e.g. "dozens" → 12, "hundreds" → 100); we keep a bound, never a guess, and
# leave the upper bound open.
VAGUE_LOWER_BOUNDS: dict[tuple[str, ...], int] = {
    ("several",): 3,
    ("a", "few"): 2,
    ("a", "couple", "of"): 2,
    ("a", "handful", "of"): 2,
    ("dozens",): 24,
    ("several", "dozen"): 36,
    ("scores",): 40,
    ("hundreds",): 200,
    ("several", "hundred"): 300,
    ("thousands",): 2000,
    ("several", "thousand"): 3000,
    ("tens", "of", "thousands"): 20_000,
    ("hundreds", "of", "thousands"): 200_000,
    # uk/ru: matched on lemmas (see _cyrillic_lemma), so every case form counts.
    ("кілька",): 2,
    ("декілька",): 2,
    ("несколько",): 2,
    ("десятки",): 20,
    ("сотні",): 200,
    ("сотни",): 200,
    ("тисячі",): 2000,
    ("тысячи",): 2000,
    ("десятки", "тисяч"): 20_000,
    ("десятки", "тысяч"): 20_000,
    ("сотні", "тисяч"): 200_000,
    ("сотни", "тысяч"): 200_000,
    ("кілька", "десятків"): 20,
    ("несколько", "десятков"): 20,
    ("кілька", "сотень"): 200,
    ("несколько", "сотен"): 200,
}
# Exact multi-word figures.
_EN_FIXED: dict[tuple[str, ...], int] = {
    ("a", "dozen"): 12,
    ("dozen",): 12,
    ("half", "a", "dozen"): 6,
    ("a", "hundred"): 100,
    ("a", "thousand"): 1000,
    ("a", "million"): 1_000_000,
    ("a", "score", "of"): 20,
    ("десяток",): 10,
    ("дюжина",): 12,
}

# "a family of four", "родина з чотирьох осіб", "семья из пяти человек": the members are the figure.
_FAMILY_OF = frozenset(
    tuple(phrase.split())
    for phrase in (
        "a family of",
        "family of",
        "родина з",
        "родину з",
        "сім'я з",
        "сім'ю з",
        "родина із",
        "семья из",
        "семью из",
    )
)

_UK_NUMERALS = {
    "один": 1, "два": 2, "три": 3, "чотири": 4, "п'ять": 5, "шість": 6, "сім": 7, "вісім": 8, "дев'ять": 9,
    "десять": 10, "одинадцять": 11, "дванадцять": 12, "тринадцять": 13, "чотирнадцять": 14,
    "п'ятнадцять": 15, "шістнадцять": 16, "сімнадцять": 17, "вісімнадцять": 18, "дев'ятнадцять": 19,
    "двадцять": 20, "тридцять": 30, "сорок": 40, "п'ятдесят": 50, "шістдесят": 60, "сімдесят": 70,
    "вісімдесят": 80, "дев'яносто": 90, "сто": 100, "двісті": 200, "триста": 300, "чотириста": 400,
    "п'ятсот": 500, "шістсот": 600, "сімсот": 700, "вісімсот": 800, "дев'ятсот": 900,
    "двоє": 2, "троє": 3, "четверо": 4, "п'ятеро": 5, "шестеро": 6, "семеро": 7, "восьмеро": 8,
    "дев'ятеро": 9, "десятеро": 10, "одинадцятеро": 11, "дванадцятеро": 12,
}  # fmt: skip
_RU_NUMERALS = {
    "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9,
    "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14,
    "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19,
    "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70,
    "восемьдесят": 80, "девяносто": 90, "сто": 100, "двести": 200, "триста": 300, "четыреста": 400,
    "пятьсот": 500, "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900,
    "двое": 2, "трое": 3, "четверо": 4, "пятеро": 5, "шестеро": 6, "семеро": 7, "восьмеро": 8,
    "девятеро": 9, "десятеро": 10,
}  # fmt: skip
_CYRILLIC_SCALES = {"тисяча": 1000, "тысяча": 1000, "мільйон": 1_000_000, "миллион": 1_000_000}
# Nouns whose plural is a vague figure; their case forms map to the table's key.
_CYRILLIC_VAGUE_NOUNS = {
    "десяток": "десятки", "сотня": "сотні", "тисяча": "тисячі", "тысяча": "тысячи",
    "кілька": "кілька", "декілька": "декілька", "несколько": "несколько",
}  # fmt: skip
_ONE_FORMS = (
    "один",
    "одна",
    "одне",
    "одно",
    "одного",
    "одной",
    "одній",
    "одну",
    "одним",
    "одному",
    "одною",
    "одної",
    "однієї",
)
# Forms pymorphy3's lexemes add that are other words far more often than numerals.
_NOT_NUMERALS = frozenset({"сьома", "сорока", "три'", "трем", "тре"})


@cache
def analyzer(language: str) -> Any:
    """pymorphy3's analyser for "uk" or "ru", loaded once (~70 ms, ~15 MB)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


def _lexeme_forms(language: str, lemma: str) -> set[str]:
    forms: set[str] = set()
    for parse in analyzer(language).parse(lemma):
        if parse.normal_form.replace("ё", "е") == lemma and parse.tag.POS in {"NUMR", "NPRO", "NOUN", "ADVB"}:
            forms |= {form.word.replace("ё", "е") for form in parse.lexeme}
    return forms | {lemma}


@cache
def _cyrillic_tables() -> tuple[dict[str, int], dict[str, int], dict[str, str]]:
    """(numeral form → value, scale form → multiplier, vague-noun form → table key), built once."""
    values: dict[str, int] = {}
    for language, table in (("uk", _UK_NUMERALS), ("ru", _RU_NUMERALS)):
        for lemma, value in table.items():
            for form in _lexeme_forms(language, lemma):
                values.setdefault(form, value)
    for form in _ONE_FORMS:
        values[form] = 1
    scales: dict[str, int] = {}
    vague: dict[str, str] = {}
    for lemma, key in _CYRILLIC_VAGUE_NOUNS.items():
        language = "ru" if lemma in {"тысяча", "несколько"} else "uk"
        for form in _lexeme_forms(language, lemma):
            vague[form] = key
    for lemma, scale in _CYRILLIC_SCALES.items():
        language = "ru" if lemma in {"тысяча", "миллион"} else "uk"
        for form in _lexeme_forms(language, lemma):
            scales[form] = scale
    # Genitive plurals read after a vague head ("десятки тисяч", "кілька десятків").
    for form, key in (("десятків", "десятків"), ("десятков", "десятков"), ("сотень", "сотень"), ("сотен", "сотен")):
        vague[form] = key
    vague["тисяч"], vague["тысяч"] = "тисяч", "тысяч"
    for word in _NOT_NUMERALS:
        values.pop(word, None)
    return values, scales, vague


# ---------------------------------------------------------------------------------------
# Qualifiers: what the words before a figure do to its bounds.

Qualifier = Literal["at_least", "more_than", "up_to", "less_than", "nearly", "about", "rise"]
_QUALIFIERS: dict[tuple[str, ...], Qualifier] = {}
for _kind, _phrases in {
    "at_least": "at least|no fewer than|no less than|not less than|a minimum of|at minimum|minimum of|"
    "щонайменше|щонайменш|принаймні|не менше|не менше ніж|не менш ніж|не менше як|мінімум|як мінімум|"
    "не менее|не меньше|не менее чем|по меньшей мере|как минимум|минимум|по крайней мере",
    "more_than": "more than|over|upwards of|in excess of|above|"
    "понад|більше|більше ніж|більш ніж|більш як|більше як|"
    "более|более чем|больше|больше чем|свыше",
    "up_to": "up to|as many as|no more than|at most|a maximum of|"
    "до|не більше|не більше ніж|не більш ніж|максимум|не более|не больше|не более чем",
    "less_than": "fewer than|less than|менше ніж|менш ніж|менше|менее|меньше|менее чем",
    "nearly": "nearly|almost|close to|just under|just shy of|approaching|майже|ледь не|почти|чуть менее|без малого",
    "about": "about|around|some|approximately|roughly|an estimated|estimated|circa|"
    "близько|приблизно|орієнтовно|около|примерно|приблизительно|порядка|ориентировочно",
}.items():
    for _phrase in _phrases.split("|"):
        _QUALIFIERS[tuple(_phrase.split())] = _kind  # type: ignore[assignment]
_MAX_QUALIFIER_WORDS = max(len(key) for key in _QUALIFIERS)
# Verbs that update a running toll: "rose to 14", "зросла до 14", "достигло 14".
_RISE = re.compile(
    r"^(?:rose|risen|rises|rising|went|gone|goes|climbed|climbs|increased|jumped|grew|grown|reached|reaches|hit|soared|mounted"
    r"|зрос\w*|зріс|збільш\w*|сягн\w*|сяга\w*|досяг\w*|возрос\w*|вырос\w*|увелич\w*|достиг\w*)$"
)
_RISE_PARTICLES = frozenset({"to", "up", "до", "now", "вже", "уже"})
_RANGE_JOINERS = frozenset({"-", "–", "—", "to", "or", "до", "або", "чи", "или"})
_BETWEEN = {"between": {"and"}, "from": {"to"}, "від": {"до"}, "от": {"до"}, "з": {"до"}}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure with its bounds; ``first``/``last`` are token indices (``last`` exclusive)."""

    min: int | None
    max: int | None
    value: int  # the largest figure written, for plausibility checks
    first: int
    last: int
    head: int  # index of the first token of the figure itself (after any qualifier)
    vague: bool = False
    rise: bool = False


def _digits(token: Token) -> int | float | None:
    raw = re.sub(r"[\u00a0\u202f\u2009 ]", "", token.low)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
        return int(raw.replace(",", ""))
    if re.fullmatch(r"\d+[.,]\d+", raw):
        whole, frac = re.split(r"[.,]", raw)
        # "1.200" with three digits after the mark is a thousands group in European copy.
        return int(whole + frac) if len(frac) == 3 else float(f"{whole}.{frac}")
    return int(raw) if raw.isdigit() else None


def _words(tokens: list[Token], i: int, n: int) -> tuple[str, ...]:
    return tuple(t.low for t in tokens[i : i + n])


def _english_words(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """An English number written in words from token ``i``: (value, end index)."""
    total = current = 0
    j = i
    seen = False
    while j < len(tokens) and tokens[j].kind == "word":
        parts = tokens[j].low.split("-")
        if all(part in _EN_UNITS for part in parts) and len(parts) <= 2:
            current += sum(_EN_UNITS[part] for part in parts)
        elif tokens[j].low in _EN_SCALES and seen:
            scale = _EN_SCALES[tokens[j].low]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        elif tokens[j].low == "and" and seen and j + 1 < len(tokens) and tokens[j + 1].low.split("-")[0] in _EN_UNITS:
            pass
        else:
            break
        seen = True
        j += 1
    return (total + current, j) if seen else None


def _cyrillic_words(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """A Ukrainian/Russian number in words ("двадцять п'ять", "дві тисячі триста")."""
    values, scales, _ = _cyrillic_tables()
    total = current = 0
    last_value = None
    j = i
    while j < len(tokens) and tokens[j].kind == "word":
        low = tokens[j].low
        if low in values and (last_value is None or values[low] < last_value):
            current += values[low]
            last_value = values[low]
        elif low in scales and j > i:
            total += max(current, 1) * scales[low]
            current, last_value = 0, None
        else:
            break
        j += 1
    return (total + current, j) if j > i else None


def _bare(tokens: list[Token], i: int) -> tuple[int, int, bool] | None:
    """The figure starting at token ``i``: (value, end index, vague) or None."""
    token = tokens[i]
    if token.kind == "num":
        value = _digits(token)
        if value is None:
            return None
        j = i + 1
        # "1.2 million", "3,5 тис.", "2 тисячі": a multiplier word right after the digits.
        if j < len(tokens) and tokens[j].kind == "word":
            _, scales, _ = _cyrillic_tables()
            scale = _MULTIPLIERS.get(tokens[j].low) or scales.get(tokens[j].low)
            if scale and not (tokens[j].low == "m" and tokens[j].start == token.end):
                value, j = value * scale, j + 1
                if j < len(tokens) and tokens[j].low == "." and tokens[j - 1].low in {"тис", "тыс", "млн"}:
                    j += 1
        if isinstance(value, float) and value.is_integer() and j > i + 1:
            value = int(value)
        if isinstance(value, float):
            return None  # a decimal without a scale is a measurement, never a head count
        return int(value), j, False
    if token.kind != "word":
        return None
    for table, vague in ((VAGUE_LOWER_BOUNDS, True), (_EN_FIXED, False)):
        for size in (4, 3, 2, 1):
            key = _words(tokens, i, size)
            # len(key), not size: at the end of a sentence the slice is shorter than asked for.
            if key in table and all(t.kind == "word" for t in tokens[i : i + size]):
                return table[key], i + len(key), vague
    # Cyrillic vague nouns in any case form ("десятків людей", "сотни тысяч").
    _, _, vague_forms = _cyrillic_tables()
    if token.low in vague_forms and vague_forms[token.low] in {k[0] for k in VAGUE_LOWER_BOUNDS}:
        head = vague_forms[token.low]
        nxt = vague_forms.get(tokens[i + 1].low) if i + 1 < len(tokens) else None
        if nxt and (head, nxt) in VAGUE_LOWER_BOUNDS:
            return VAGUE_LOWER_BOUNDS[(head, nxt)], i + 2, True
        if head == "десятки" and token.low in {"десяток", "десятка", "десятку", "десятком"}:
            return 10, i + 1, False  # singular "десяток": about ten
        if head in {"тисячі", "тысячи"} and token.low in {"тисяча", "тысяча", "тисячу", "тысячу"}:
            return 1000, i + 1, False
        if head in {"сотні"} and token.low in {"сотня", "сотню"}:
            return 100, i + 1, False
        return VAGUE_LOWER_BOUNDS[(head,)], i + 1, True
    for size in (3, 2):
        if _words(tokens, i, size) in _FAMILY_OF and i + size < len(tokens):
            member = _bare(tokens, i + size)
            if member and not member[2]:
                return member[0], member[1], False
    english = _english_words(tokens, i)
    if english:
        return english[0], english[1], False
    cyrillic = _cyrillic_words(tokens, i)
    if cyrillic:
        return cyrillic[0], cyrillic[1], False
    return None


def _qualifier(tokens: list[Token], i: int) -> tuple[Qualifier, int] | None:
    """The qualifier that ends right before token ``i``: (kind, its first token index)."""
    for size in range(min(_MAX_QUALIFIER_WORDS, i), 0, -1):
        key = _words(tokens, i - size, size)
        if key in _QUALIFIERS:
            kind, start = _QUALIFIERS[key], i - size
            # "rose to 14", "зросла до 14": a rise verb before "to"/"до" updates a toll, not a bound.
            if kind == "up_to" and key[0] in {"до", "up"} and start > 0 and _RISE.match(tokens[start - 1].low):
                return "rise", start - 1
            return kind, start
    k = i - 1
    while k >= 0 and tokens[k].low in _RISE_PARTICLES and i - k <= 2:
        k -= 1
    if k >= 0 and _RISE.match(tokens[k].low):
        return "rise", k
    return None


def _bounds(kind: Qualifier | None, low: int, high: int, vague: bool) -> tuple[int | None, int | None]:
    if vague:
        # A vague word is already a lower bound; "more than dozens" adds nothing we can count.
        return (None, None) if kind in {"up_to", "less_than"} else (low, None)
    if kind == "at_least":
        return low, None
    if kind == "more_than":
        return low + 1, None
    if kind in {"up_to", "nearly"}:
        return None, high
    if kind == "less_than":
        return None, max(high - 1, 0)
    return low, high  # "about N" and a rising toll are the figure itself


def _joined(tokens: list[Token], k: int) -> bool:
    """A dash joins a range only when written tight ("10-15"); a spaced one separates clauses."""
    if tokens[k].kind != "punct":
        return True
    return tokens[k - 1].end == tokens[k].start and tokens[k].end == tokens[k + 1].start


def find_quantities(tokens: list[Token]) -> list[Quantity]:
    """Every figure in the sentence with its qualifier and range, left to right."""
    found: list[Quantity] = []
    i = 0
    while i < len(tokens):
        bare = _bare(tokens, i)
        if bare is None:
            i += 1
            continue
        low, end, vague = bare
        high = low
        # "10-15", "10 to 15", "two or three", "від 10 до 15": a range, if it ascends.
        if end + 1 < len(tokens) and tokens[end].low in _RANGE_JOINERS and _joined(tokens, end):
            second = _bare(tokens, end + 1)
            if second and not second[2] and not vague and second[0] > low:
                high, end = second[0], second[1]
        first = i
        kind: Qualifier | None = None
        if i > 0 and tokens[i - 1].low in _BETWEEN and high > low:
            first = i - 1
        elif (
            i > 0
            and tokens[i - 1].low in _BETWEEN
            and end + 1 < len(tokens)
            and tokens[end].low in _BETWEEN[tokens[i - 1].low]
        ):
            second = _bare(tokens, end + 1)
            if second and not second[2] and second[0] > low:
                high, end, first = second[0], second[1], i - 1
        if first == i:
            qualifier = _qualifier(tokens, i)
            if qualifier:
                kind, first = qualifier
        lo, hi = (low, high) if high > low else _bounds(kind, low, high, vague)
        found.append(Quantity(lo, hi, max(low, high), first, end, i, vague, kind == "rise"))
        i = end
    return found
