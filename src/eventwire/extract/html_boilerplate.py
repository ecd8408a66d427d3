"""Drop boilerplate paragraphs that trafilatura's precision mode still lets through.

Why: on news pages the leftovers are a small set of recurring furniture —
headline repeated as the first line, bylines and datelines, "Related:" /
"Read more" / "Don't miss" link boxes, newsletter and subscription pitches,
social "follow us" lines, wire credits, photo captions and credits, comment
threads, tag lists, copyright footers.  Each rule below is textual or
structural (via :mod:`eventwire.extract.html_context`), never keyed to a site.

Thresholds were tuned together, once, on the dev half of the
article-extraction-benchmark (92 pages), by ablating one rule at a time and
keeping only rules that raised F1 without lowering recall.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from eventwire.extract.html_blocks import Block
from eventwire.extract.html_context import PageContext, norm

# Longest block (words) a "strong" boilerplate phrase may condemn: long enough for a privacy or
# newsletter pitch, short enough that a real paragraph quoting the phrase survives.
MAX_STRONG_WORDS = 60
# Longest block a "weak" phrase (a label such as "Related" or "Advertisement") may condemn.
MAX_WEAK_WORDS = 14
# Captions and boxed furniture found in the page structure: at most this many words.
MAX_CAPTION_WORDS = 40
MAX_BOXED_WORDS = 25
# A short line that is mostly link text (share of characters) is navigation, not prose.
LINK_DENSITY_NAV = 0.7
MAX_NAV_WORDS = 15
# After a "Related"/"Read more" label, following lines this short are its link list.
MAX_LIST_WORDS = 20
# A related-label this short (words) stands alone and heads a list ("Don't miss", "Most read in news").
MAX_LABEL_WORDS = 6
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*\s*$")
# A section label ("Review", "Opinion") before the story; two-word lines were often datelines.
MAX_KICKER_WORDS = 1
# Repeats shorter than this (words) are kept: interview questions, refrains, table labels legitimately recur.
MIN_DUP_WORDS = 40
# A comment-section header only truncates the text when it comes after this share of the blocks.
MIN_COMMENT_CUT = 0.3

# STRONG, WEAK and WEAK_ANYWHERE run on lower-cased text: without re.IGNORECASE they are 2x faster.
STRONG = re.compile(
    r"\bsubscribe\b|newsletter|sign up (for|to)\b|delivered to your inbox|in your inbox"
    r"|personal data|privacy policy|data protection|by submitting this form|cookie policy|terms of (use|service)"
    r"|\bcopyright \S+ \d{4}|^copyright\b"
    r"|^\(?(reporting|editing|writing) by\b|contributed to this report|contributed reporting"
    r"|follow (us|him|her|them|me) on|on twitter (@|at\b)|@\w+ on twitter|have a tip\?|\bemail \w+ at \S+@"
    r"|\b(published|posted|publicado|publicada|publié|veröffentlicht) (by|por|par|von)\b"
    r"|download (the|our) app|full coverage of"
    r"|^assine\b|inscreva-se|newsletter abonnieren|suscr[ií]bete",
)
# Labels at the start of a line (all anchored, so a failed search costs one position)...
WEAK = re.compile(
    r"^(advertisement|advertising|anzeige|publicidade|publicidad|sponsored( content)?|ad)\b"
    r"|^(read|see|view|watch|listen)( (more|also|next|this|now|full))?\s*(:|$|\|)|^(read|see) more\b"
    r"|^related\b|^more (from|on|about|stories|news|in)\b|^you (may|might) (also )?(like|enjoy|be interested)"
    r"|^don'?t miss|^most (read|popular|viewed|shared)|^recommended|^trending|^also (read|see|on)"
    r"|^(leia|veja) (também|mais)|^lesen sie (auch|mehr)|^mehr zum thema|^lire aussi|^(lee|leer) (también|más)"
    r"|^tags?\b|^filed under|^categor(y|ies)\s*:|^topics?\s*:"
    r"|^(share|tweet|email|print|pin)( (this|on|via)\b.*)?$|^share\b"
    r"|^(updated|published|posted|last updated|publicado|atualizado|aktualisiert)\b"
    r"|^reading time|^tempo de leitura"
    r"|^(by|por|von|par)\s+\S+(\s+\S+){0,5}$"
    r"|^(photo|image|picture|foto|video)s?\s*(:|by\b|credit|courtesy)"
)
# ...and anywhere in it; kept apart because one unanchored branch makes every branch run at every position.
WEAK_ANYWHERE = re.compile(
    r"\b\d+\s*min(ute)?s?\s*(read|de leitura)\b|getty images|shutterstock|\(credit:|\(photo|\b(photo|image)s?\s*©"
)
COMMENTS = re.compile(
    r"^\d+\s+(comments?|thoughts|responses|replies)\b|^(user|all|reader|show|view)\s+comments"
    r"|^loading comments|^comments? (are|is) closed|^you must (be )?log(ged)? in|^leave a (comment|reply)"
    r"|^join the (discussion|conversation)|^(post|add|write) a comment|^comments?\s*(\(\d+\))?$"
    r"|^tell us what you think|^comentários|^kommentare|^commentaires|^\d+\s+coment",
    re.IGNORECASE,
)
# A tag-list label; the line after it (comma-separated keywords, no sentence) goes too.
TAGS_HEAD = re.compile(r"^(tags?|tagged|topics|keywords|palavras-chave|etiquetas|schlagworte)\s*:?\s*$", re.IGNORECASE)
RELATED_HEAD = re.compile(
    r"^(related|more (from|on|about|stories|news)|you (may|might) (also )?like|don'?t miss|most (read|popular)"
    r"|recommended|trending|also (read|see)|read more|see more|(leia|veja) também|mehr zum thema|lire aussi)\b",
    re.IGNORECASE,
)
_MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|janeiro|fevereiro|março|abril|maio|junho|julho"
    r"|agosto|setembro|outubro|novembro|dezembro|enero|febrero|marzo|mayo|junio|julio|septiembre|octubre"
    r"|noviembre|diciembre|januar|februar|märz|juni|juli|oktober|dezember|janvier|février|mars|avril|mai|juin"
    r"|juillet|août|septembre|octobre|novembre|décembre"
)
_DAYS = r"mon|tue|wed|thu|fri|sat|sun|segunda|terça|quarta|quinta|sexta|sábado|domingo|feira"
# A line made only of date/time tokens: "Nov. 18, 2019 at 3:41 pm ET", "22/01/2018 - 10:13".
DATELINE = re.compile(
    rf"^(?:(?:{_MONTHS}|{_DAYS})[a-zçéû]*(?:-feira)?\.?|\d{{1,4}}(?:[:/.\-]\d{{1,4}}){{0,2}}(?:st|nd|rd|th|h)?"
    rf"|at|às|um|de|del|à|am|pm|a\.m\.|p\.m\.|(?-i:[A-Z]{{2,4}})|gmt|utc|[,\-–|/·:()])[,.]?(?:\s+|$)",
    re.IGNORECASE,
)


def is_dateline(text: str) -> bool:
    """True when the line is nothing but a date and/or time (with a weekday, 'at', zone...)."""
    rest = text.strip()
    if not rest or not any(ch.isdigit() for ch in rest):
        return False
    while rest:
        match = DATELINE.match(rest)
        if not match or not match.group(0):
            return False
        rest = rest[match.end() :]
    return True


def _same_as_title(text: str, titles: list[str]) -> bool:
    key = norm(text).rstrip(" .")
    return bool(key) and any(key == t or (len(key) > 20 and key in t) for t in titles)


class Filter:
    """Applies the rules to a block list; records what it dropped and why."""

    def __init__(self, context: PageContext, titles: list[str]) -> None:
        self.context = context
        self.titles = [norm(t).rstrip(" .") for t in titles if t and norm(t)]
        self.removed: list[str] = []

    def _drop(self, block: Block, why: str) -> None:
        snippet = block.text if len(block.text) <= 80 else block.text[:77] + "..."
        self.removed.append(f"{why}: {snippet}")

    def _keep_all(self, blocks: list[Block], test: Callable[[int, Block], str | None]) -> list[Block]:
        kept = []
        for i, block in enumerate(blocks):
            why = test(i, block)
            if why:
                self._drop(block, why)
            else:
                kept.append(block)
        return kept

    def line_rule(self, i: int, block: Block) -> str | None:
        """Why a single line is boilerplate by its own words, or None."""
        words = block.words
        if words == 0:
            return "empty"
        if words > MAX_STRONG_WORDS:
            return None
        text = block.text.strip()
        low = text.lower()
        if words <= MAX_WEAK_WORDS and (WEAK.search(low) or WEAK_ANYWHERE.search(low) or is_dateline(text)):
            return "label"
        if STRONG.search(low):
            return "pitch"
        return None

    def structure_rule(self, i: int, block: Block) -> str | None:
        """Why a line is boilerplate by where it sits in the page, or None."""
        words = block.words
        if words > MAX_CAPTION_WORDS or block.kind == "table":
            return None
        sig = self.context.signals(block.text)
        if not sig.found:
            return None
        if sig.caption:
            return "caption"
        if sig.boiler_attr and words <= MAX_BOXED_WORDS:
            return f"box[{sig.boiler_attr}]"
        return None

    def sections(self, blocks: list[Block]) -> list[Block]:
        """Cut comment threads off the end; drop "Related"-style labels with the link list under them."""
        out: list[Block] = []
        skipping = skip_next = False
        for i, block in enumerate(blocks):
            text = block.text.strip()
            words = block.words
            if words <= MAX_WEAK_WORDS and COMMENTS.search(text) and i >= MIN_COMMENT_CUT * len(blocks):
                for rest in blocks[i:]:
                    self._drop(rest, "comments")
                return out
            if TAGS_HEAD.match(text):
                self._drop(block, "tags")
                if i + 1 < len(blocks) and not _SENTENCE_END.search(blocks[i + 1].text):
                    skip_next = True
                continue
            if skip_next:
                skip_next = False
                self._drop(block, "tags")
                continue
            if words <= MAX_WEAK_WORDS and RELATED_HEAD.search(text):
                self._drop(block, "related")
                # a bare label ("Don't miss") heads a list of links; "Related: <headline>" is the link itself
                skipping = words <= MAX_LABEL_WORDS and ":" not in text.rstrip(": ")
                continue
            if skipping and self._is_headline_link(block):
                self._drop(block, "related-list")
                continue
            skipping = False
            out.append(block)
        return out

    def _is_headline_link(self, block: Block) -> bool:
        """A list entry, or a short line that is not a sentence or is mostly link text."""
        words = block.words
        if block.kind in ("item", "head"):
            return True
        if words > MAX_LIST_WORDS:
            return False
        if not _SENTENCE_END.search(block.text):
            return True
        return self.context.link_density(block.text) >= LINK_DENSITY_NAV

    def edges(self, blocks: list[Block]) -> list[Block]:
        """Headline repeats at the top; headings and short link/caps lines dangling at the bottom."""
        start = 0
        while start < len(blocks) and start < 4:
            block = blocks[start]
            if _same_as_title(block.text, self.titles):
                self._drop(block, "title")
            elif block.words <= MAX_KICKER_WORDS and start + 1 < len(blocks) and block.kind != "item":
                self._drop(block, "kicker")
            else:
                break
            start += 1
        blocks = blocks[start:]
        while blocks:
            last = blocks[-1]
            words = last.words
            if last.kind == "head":
                self._drop(last, "trailing-heading")
            elif words <= MAX_WEAK_WORDS and last.text.isupper():
                self._drop(last, "trailing-caps")
            elif words <= MAX_NAV_WORDS and self.context.link_density(last.text) >= LINK_DENSITY_NAV:
                self._drop(last, "trailing-links")
            else:
                break
            blocks = blocks[:-1]
        return blocks

    def dedupe(self, blocks: list[Block]) -> list[Block]:
        """Keep the first copy of a repeated paragraph (pull quotes, mobile/desktop twins)."""
        seen: set[str] = set()
        out = []
        for block in blocks:
            key = norm(block.text)
            if block.words >= MIN_DUP_WORDS and key in seen:
                self._drop(block, "duplicate")
                continue
            seen.add(key)
            out.append(block)
        return out

    def run(self, blocks: list[Block]) -> list[Block]:
        """All rules, in order: sections first (they use labels the line rules would remove)."""
        blocks = self.sections(blocks)
        blocks = self._keep_all(blocks, self.line_rule)
        blocks = self._keep_all(blocks, self.structure_rule)
        blocks = self.edges(blocks)
        return self.dedupe(blocks)
