"""Flags that protect analysts: hypothetical, negated, reported and background mentions.

Each detector reads one sentence and returns the cue it found (kept as evidence of why
the flag was set) or None.  Cues are en/uk/ru lexicons of modality, negation,
attribution and retrospection, matched as whole words; they are deliberately about
*how* something is said, never about *what* happened, so they apply to every event type.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from eventwire.model import EventDate

# An event dated this many days or more before publication is background, not news.
BACKGROUND_MIN_DAYS = 30

_HYPOTHETICAL = (
    r"could|might|may|would|should|will|shall|can|if|unless|plans?\s+to|planned\s+to|intends?\s+to|"
    r"threat(?:en(?:s|ed)?)?(?:\s+to)?|warn(?:s|ed)?|possib(?:le|ility)|potential(?:ly)?|consider(?:s|ing|ed)?|"
    r"likely|risk\s+of|prepar(?:e|es|ing)\s+to|ready\s+to|vow(?:s|ed)?\s+to|call(?:s|ed)?\s+for|"
    r"може|можуть|міг\s+би|могли\s+б|можливо|якщо|планує|погрож\w*|пригроз\w*|загрож\w*|готов\w*|"
    r"может|могут|мог\s+бы|могли\s+бы|возможно|если|планирует|угрож\w*|пригроз\w*|намерен\w*"
)
_NEGATED = (
    r"not|no|never|none|nobody|no\s+one|neither|nor|den(?:y|ies|ied)|refut\w+|reject(?:s|ed)?\s+(?:claims|reports)|"
    r"didn't|wasn't|weren't|hasn't|haven't|isn't|aren't|"
    r"не|ні|ніхто|жоден|заперечу\w*|заперечи\w*|спростува\w*|нет|никто|ни\s+один|опроверг\w*|отрица\w*"
)
_REPORTED = (
    r"according\s+to|said|says|say|reported(?:ly)?|claim(?:s|ed)?|alleged(?:ly)?|told|cited|citing|quoted|"
    r"announced|stated|confirmed|"
    r"за\s+даними|за\s+словами|повідоми\w*|заяви\w*|за\s+інформацією|"
    r"по\s+данным|по\s+словам|сообщи\w*|сообщает|заяви\w*|по\s+информации"
)
_BACKGROUND = (
    r"since|ago|previously|earlier|formerly|last\s+year|years?\s+ago|in\s+the\s+past|had\s+been|had\s+\w+ed|"
    r"twice|once\s+again\s+recalled|anniversary|"
    r"раніше|минулого\s+року|тому|з\s+початку|ранее|в\s+прошлом\s+году|назад|с\s+начала"
)


def _compile(alternatives: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


_RX = {
    "hypothetical": _compile(_HYPOTHETICAL),
    "negated": _compile(_NEGATED),
    "reported": _compile(_REPORTED),
    "background": _compile(_BACKGROUND),
}


def cue(flag: str, text: str) -> str | None:
    """The first cue of ``flag`` in ``text`` (a clause or sentence), or None."""
    match = _RX[flag].search(text)
    return match.group(0) if match else None


def is_background_date(when: EventDate | None, published: date | datetime | None) -> bool:
    """True when the event's date lies well before the article's publication."""
    if not when or not when.end or not published:
        return False
    published_day = published.date() if isinstance(published, datetime) else published
    return (published_day - when.end).days >= BACKGROUND_MIN_DAYS
