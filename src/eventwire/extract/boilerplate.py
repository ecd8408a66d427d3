"""Line-level boilerplate patterns for scraped text pages.

Each pattern names a *kind* of site chrome that shows up in scraped news text across
sites and languages (ad markers, "continue reading", share/subscribe prompts, source
links, copyright and photo credits).  They match whole short lines only, so a body
sentence that merely mentions "advertising" is never taken out.
"""

from __future__ import annotations

import re

# A boilerplate line is short: longer lines are prose even when they contain a cue word.
MAX_BOILERPLATE_LINE = 120

_PATTERNS: dict[str, str] = {
    "advertising": r"(the\s+)?(article|story|text)\s+continues\s+(under|below|after)\b.*"
    r"|advertisement|advertising|sponsored( content)?|ad|реклама|anzeige|publicité|reklama",
    "continue_reading": r"(continue|keep)\s+reading.*|read\s+(more|also|next)\b.*|see\s+also\b.*"
    r"|читайте\s+(також|также).*|read the full (story|article).*|more on this story.*",
    "source_link": r"view\s+(the\s+)?original(\s+source|\s+article)?|source\s*:\s*\S.*|original\s+source.*"
    r"|джерело\s*:.*|источник\s*:.*",
    "share": r"(share|tweet|email|print|pin)( this( article| story)?)?( on \w+)?"
    r"|share\s+(on|via)\b.*|(facebook|twitter|x|linkedin|whatsapp|telegram|reddit)([\s|/,]+\w+){0,6}",
    "subscribe": r"(subscribe|sign\s+up|follow\s+us|join\s+us|get\s+(our|the)\s+newsletter|newsletter)\b.*"
    r"|підписуйтесь.*|подписывайтесь.*",
    "copyright": r"(©|\(c\)|copyright)\s*.*|all\s+rights\s+reserved.*",
    "credit": r"(photo|image|video|illustration|graphic)s?\s*(:|by|credit)\s*.*|(getty images|shutterstock)\b.*",
    "navigation": r"(home|menu|search|log\s*in|sign\s*in|back\s+to\s+top|next|previous|top\s+stories|most\s+read)",
    "comments": r"(\d+\s+)?comments?|leave\s+a\s+(comment|reply)|show\s+comments",
}

_COMPILED = {kind: re.compile(rf"^\W*(?:{rx})\W*$", re.IGNORECASE) for kind, rx in _PATTERNS.items()}

# "Home » Section » Headline", "News / World / ...": two or more separators in a short line.
_BREADCRUMB = re.compile(r"^\s*(home|start|news|главная|головна)\s*[»>/|›]", re.IGNORECASE)
_CRUMB_SEP = re.compile(r"\s*[»›]\s*|\s+[>/|]\s+")


def boilerplate_kind(line: str) -> str | None:
    """The kind of site chrome a whole line is, or None when it is (possibly) content."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_BOILERPLATE_LINE:
        return None
    if _BREADCRUMB.match(stripped):
        return "breadcrumb"
    for kind, rx in _COMPILED.items():
        if rx.match(stripped):
            return kind
    return None


def breadcrumb_tail(line: str) -> str:
    """The last crumb of a breadcrumb line: usually the page's own headline."""
    return _CRUMB_SEP.split(line.strip())[-1].strip()
