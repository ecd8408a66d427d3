"""Lemmas of Ukrainian and Russian words, so inflected names match the gazetteer.

"у Харкові", "під Бахмутом", "в Донецкой области" carry case endings; pymorphy3 (with its
uk and ru dictionaries, shipped as PyPI packages) gives the normal forms. Unknown words get
pymorphy3's suffix-based guesses, which is what village names need.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from eventwire.geo.text import fold

# How many distinct normal forms of one word form are tried. pymorphy3 orders parses by
# likelihood; beyond the third the guesses for unknown names are mostly noise (checked on the
# uk/ru test sentences: 3 finds every expected place that 5 finds).
MAX_LEMMAS = 3


@cache
def analyzer(lang: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=400_000)
def lemmas(word: str, lang: str) -> tuple[str, ...]:
    """Folded normal forms of ``word`` (most likely first); empty for non-Cyrillic words."""
    if not word or not ("\u0400" <= word[0] <= "\u04ff" or "\u0400" <= word[-1] <= "\u04ff"):
        return ()
    parts = word.split("-")
    if len(parts) > 1:
        # "Івано-Франківська": the last part inflects; "Ростове-на-Дону": the first one does.
        out = [fold("-".join([*parts[:-1], h])) for h in lemmas(parts[-1], lang)]
        out += [fold("-".join([h, *parts[1:]])) for h in lemmas(parts[0], lang)]
        return tuple(dict.fromkeys(out))[:MAX_LEMMAS]
    out: list[str] = []
    for parse in analyzer(lang).parse(word):
        form = fold(parse.normal_form)
        if form not in out:
            out.append(form)
        if len(out) >= MAX_LEMMAS:
            break
    return tuple(out)


@lru_cache(maxsize=200_000)
def is_common_word(word: str, lang: str) -> bool:
    """A dictionary word that is not a name: "Поле", "Мир", "Слава" at a sentence start.

    True when pymorphy3 knows the lower-cased form from its dictionary with at least one parse
    that is not a geographic name, first name, surname or patronymic. The Ukrainian dictionary
    does not tag city names (it lists "харків" as a plain noun), so callers apply this only to
    places too small to be known by everyone.
    """
    names = {"Geox", "Name", "Surn", "Patr", "Orgn", "Abbr"}
    return any(p.is_known and not names & set(p.tag.grammemes) for p in analyzer(lang).parse(word.lower()))
