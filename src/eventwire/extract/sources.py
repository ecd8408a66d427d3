"""Who wrote it and whom it cites: the wire agency credit and the outlets the text quotes.

The agency is read from credit lines and datelines ("(CTK)", "KYIV (Reuters) —", "/ТАСС/")
and normalised to the agency's proper name through ``data/agencies.json``.  Cited
sources are outlets named in attribution phrases ("according to NBC News", "Reuters
reported", "told CNN", "повідомляє УНІАН"); a person ("according to Dmitriyev") is not an
outlet, so a name must be a known agency or outlet or end in an outlet word.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

# A name ending in one of these is an outlet even when it is not in outlets.json.
OUTLET_WORDS = (
    "News", "Times", "Post", "Journal", "Herald", "Gazette", "Telegraph", "Tribune", "Daily", "Agency", "Press",
    "TV", "Radio", "Broadcasting", "Channel", "Wire", "Today", "Media", "Pravda", "Zeitung", "Observer", "Insider",
)  # fmt: skip

# Unnamed groups of outlets worth keeping as cited ("the news agencies quoted").
_UNNAMED = re.compile(
    r"\b(news agenc(?:y|ies)|(?:local|state|russian|ukrainian|western|foreign|international) media|media reports)\b",
    re.IGNORECASE,
)
_UNNAMED_CONTEXT = re.compile(r"quoted|reported|according|cited|said|told|wrote", re.IGNORECASE)

_WORD = r"[A-ZА-ЯІЇЄҐ][\w\-/&]*(?:\.\w+)*"
_NAME = rf"(?:[Tt]he\s+)?({_WORD}(?:\s+(?:of\s+|the\s+)?{_WORD}){{0,4}})"
_CITE_PATTERNS = [
    re.compile(rf"\b(?i:according\s+to)\s+{_NAME}"),
    re.compile(rf"\b(?i:told|quoted\s+by|cited\s+by|reported\s+by|interview\s+with|speaking\s+to)\s+{_NAME}"),
    re.compile(rf"{_NAME}\s+(?:has\s+|had\s+)?(?:reported|reports|quoted|cited|wrote|writes|said|says|learned)\b"),
    re.compile(
        rf"(?i:повідомляє|повідомили|пише|за\s+даними|з\s+посиланням\s+на|сообщает|сообщили|пишет|по\s+данным|"
        rf"со\s+ссылкой\s+на|передает|передає|заявили)\s+{_NAME}"
    ),
]


@cache
def _agency_aliases() -> dict[str, str]:
    data = json.loads(resources.files("eventwire.data").joinpath("agencies.json").read_text("utf-8"))
    return {alias.casefold(): name for name, info in data["agencies"].items() for alias in info["aliases"]}


@cache
def _outlets() -> dict[str, str]:
    data = json.loads(resources.files("eventwire.data").joinpath("outlets.json").read_text("utf-8"))
    names = {_strip_the(o).casefold(): _strip_the(o) for o in data["outlets"]}
    names.update(_agency_aliases())
    return names


def _strip_the(name: str) -> str:
    return re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)


@cache
def _credit_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    alias = "|".join(sorted((re.escape(a) for a in _agency_aliases()), key=len, reverse=True))
    # A whole line that is only a credit: "(CTK)", "— AFP", "/ТАСС/", "Reuters/AP", "Джерело: Укрінформ".
    line = re.compile(
        rf"^\W*(?:(?:source|sources|джерело|источник)\s*:\s*)?((?:{alias})(?:\s*[/,]\s*(?:{alias}))*)\W*$",
        re.IGNORECASE,
    )
    # A dateline credit at the start of the body: "KYIV (Reuters) —", "(AP) -", "МОСКВА, 20 апреля. /ТАСС/."
    dateline = re.compile(rf"^[^\n()]{{0,60}}?[(/]\s*({alias})\s*[)/]\s*[-—–.:]", re.IGNORECASE)
    return line, dateline


def agency_name(alias: str) -> str | None:
    """Proper name of an agency from any spelling in a credit ("CTK" -> "ČTK")."""
    return _agency_aliases().get(alias.strip().casefold())


def credit_line_agency(line: str) -> str | None:
    """The agency when the whole line is a wire credit, else None."""
    match = _credit_regexes()[0].match(line.strip())
    if not match:
        return None
    first = re.split(r"\s*[/,]\s*", match.group(1))[0]
    return agency_name(first)


def dateline_agency(text: str) -> str | None:
    """The agency credited in the body's opening dateline, else None."""
    match = _credit_regexes()[1].match(text.lstrip()[:200])
    return agency_name(match.group(1)) if match else None


def _as_outlet(name: str) -> str | None:
    name = _strip_the(name).rstrip(".,")
    known = _outlets()
    words = name.split()
    # Try the longest prefix first: "NBC News recommend" -> "NBC News".
    for end in range(len(words), 0, -1):
        candidate = " ".join(words[:end])
        key = candidate.casefold()
        if key in known:
            return _agency_aliases().get(key) or known[key]
        if end > 1 and words[end - 1] in OUTLET_WORDS:
            return candidate
    return None


def _known_outlet_at(text: str, pos: int) -> str | None:
    """A known outlet spelled at ``pos`` whatever its case ("Українська правда")."""
    match = _known_outlet_regex().match(text, pos)
    if not match:
        return None
    key = match.group(1).casefold()
    return _agency_aliases().get(key) or _outlets()[key]


@cache
def _known_outlet_regex() -> re.Pattern[str]:
    names = "|".join(re.escape(key) for key in sorted(_outlets(), key=len, reverse=True))
    return re.compile(rf"(?:the\s+)?({names})(?!\w)", re.IGNORECASE)


def cited_sources(text: str) -> list[str]:
    """Outlets the text cites, in order of first mention, each once."""
    found: list[tuple[int, str]] = []
    for rx in _CITE_PATTERNS:
        for match in rx.finditer(text):
            outlet = _known_outlet_at(text, match.start(1)) or _as_outlet(match.group(1))
            if outlet:
                found.append((match.start(), outlet))
    ordered = [name for _, name in sorted(found)]
    for match in _UNNAMED.finditer(text):
        window = text[max(0, match.start() - 60) : match.end() + 60]
        if _UNNAMED_CONTEXT.search(window):
            ordered.append(match.group(1).lower())
    return list(dict.fromkeys(ordered))
