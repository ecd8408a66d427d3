"""The unit the entity rules work on: one mention of a name (or a description) in the text."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Mention:
    """One mention: character offsets into the analysed text, and token offsets when spaCy parsed it.

    ``owner`` is set on descriptions ("Putin's man": owner is the Putin mention) that a later
    step resolves to the person they stand for.
    """

    start: int
    end: int
    label: str
    text: str
    tok_start: int = -1
    tok_end: int = -1
    roles: list[str] = field(default_factory=list)
    owner: Mention | None = None
    lemma: str | None = None  # nominative form of an inflected (Cyrillic) name

    @property
    def is_description(self) -> bool:
        return self.owner is not None

    @property
    def name(self) -> str:
        """The name to match on: its nominative lemma when one was computed."""
        return self.lemma or self.text
