"""trafilatura's XML body as a flat list of typed text blocks, and back to text.

Why: our boilerplate filters reason per paragraph and need to know whether a
line was a heading, a list item or a paragraph; trafilatura's plain text
loses that.  Each top-level body element is rendered with trafilatura's own
``xmltotxt`` so the words stay exactly what trafilatura would have output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from trafilatura.xml import xmltotxt

_ITEM_MARKER = re.compile(r"^(?:[-*•]|\d{1,3}[.)])\s+")
_WORD = re.compile(r"\w+", re.UNICODE)
_KINDS = {"p": "p", "head": "head", "list": "item", "quote": "quote", "table": "table"}


@dataclass
class Block:
    """One output paragraph: its kind (p, head, item, quote, table, other) and text."""

    kind: str
    text: str
    # \w+ tokens, counted once here: nearly every filter rule asks for it
    words: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.words = len(_WORD.findall(self.text))


def body_blocks(body: etree._Element | None) -> list[Block]:
    """Flatten trafilatura's body into blocks (one per output line; a table stays one block)."""
    blocks: list[Block] = []
    if body is None:
        return blocks
    if body.text and body.text.strip():
        blocks.append(Block("p", body.text.strip()))
    for child in body:
        kind = _KINDS.get(child.tag if isinstance(child.tag, str) else "", "other")
        text = xmltotxt(child, False)
        if kind == "table":
            if text.strip():
                blocks.append(Block(kind, text.strip()))
            continue
        for line in text.split("\n"):
            line = line.strip()
            if not line:
                continue
            if kind == "item":
                line = _ITEM_MARKER.sub("", line)
            blocks.append(Block(kind, line))
    return blocks


def blocks_text(blocks: list[Block]) -> str:
    """Paragraphs separated by a blank line."""
    return "\n\n".join(b.text for b in blocks if b.text)
