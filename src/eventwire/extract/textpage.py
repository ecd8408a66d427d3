"""Scraped plain-text pages: a line-level boilerplate remover.

A scraped page is the article's paragraphs plus site chrome flattened to lines: date
lines, breadcrumbs, the headline repeated, ad markers, share prompts, agency credits
and "View Original Source".  Each line is classified on its own; every line taken out is
kept in ``removed`` so nothing is lost.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from eventwire.extract.boilerplate import boilerplate_kind, breadcrumb_tail
from eventwire.extract.dates import is_date_line
from eventwire.extract.sources import credit_line_agency

# A headline is a short line without a final full stop.
MAX_TITLE_CHARS = 250
# Date lines are looked for only this close to the top or bottom of the page.
DATE_LINE_WINDOW = 6
# A line at least this long that does not end a sentence was wrapped, not a paragraph end.
WRAPPED_LINE_MIN = 60
_SENTENCE_END = re.compile(r"[.!?…:;\"'”»“)\]]$")


@dataclass
class TextPage:
    title: str | None
    paragraphs: list[str]
    removed: list[str] = field(default_factory=list)
    date_lines: list[str] = field(default_factory=list)
    agency: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _norm(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip().casefold()


def _looks_like_title(line: str) -> bool:
    return 0 < len(line) <= MAX_TITLE_CHARS and not line.rstrip().endswith(".")


def _guess_title(lines: list[str]) -> str | None:
    """Cheapest reliable cue first: a repeated line, a breadcrumb's tail, the first short line."""
    counts = Counter(_norm(line) for line in lines if line.strip())
    for line in lines[:15]:
        if counts[_norm(line)] >= 2 and _looks_like_title(line.strip()) and not boilerplate_kind(line):
            return line.strip()
    for line in lines[:10]:
        if boilerplate_kind(line) == "breadcrumb":
            tail = breadcrumb_tail(line)
            if _looks_like_title(tail) and len(tail.split()) >= 3:
                return tail
    content = [ln.strip() for ln in lines if ln.strip() and not boilerplate_kind(ln) and not is_date_line(ln)]
    if len(content) >= 2 and _looks_like_title(content[0]) and len(content[0].split()) >= 3:
        return content[0]
    return None


def _join_wrapped(lines: list[str]) -> list[str]:
    """Paragraphs from content lines: hard-wrapped lines inside one block are joined."""
    paragraphs: list[str] = []
    glue = False
    for line in lines:
        if line == "":
            glue = False
            continue
        if glue and paragraphs:
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        glue = len(line) >= WRAPPED_LINE_MIN and not _SENTENCE_END.search(line)
    return paragraphs


def clean_text_page(text: str, *, title: str | None = None) -> TextPage:
    """Split a scraped text page into title, body paragraphs and removed chrome.

    Args:
        text: the page as plain text, lines as scraped.
        title: a title known from elsewhere (input metadata); guessed from the page if None.
    """
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    title = title.strip() if title else _guess_title(lines)
    title_key = _norm(title) if title else None
    page = TextPage(title=title, paragraphs=[])
    kept: list[str] = []
    seen: set[str] = set()
    content_indexes = [i for i, line in enumerate(lines) if line]
    edge = set(content_indexes[:DATE_LINE_WINDOW] + content_indexes[-DATE_LINE_WINDOW:])
    for i, line in enumerate(lines):
        if not line:
            kept.append("")
            continue
        key = _norm(line)
        if i in edge and is_date_line(line):
            page.date_lines.append(line)
        elif (agency := credit_line_agency(line)) is not None:
            page.agency = page.agency or agency
        elif key == title_key or boilerplate_kind(line) or key in seen:
            pass
        else:
            seen.add(key)
            kept.append(line)
            continue
        page.removed.append(line)
    page.paragraphs = _join_wrapped(kept)
    return page
