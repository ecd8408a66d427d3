"""What clustering needs of one article, computed once: MinHash, title+lead embedding, keys and words.

The MinHash reads the body only: a syndicated copy often gets a headline of its own.

The embedding reads the headline and the lead only: they say what happened, where and to whom,
while the rest of a story drifts into background that other stories share. all-MiniLM-L6-v2 is
English-only: other languages get an all-zero vector and are placed by their keys (``keys.py``).

``keys`` holds the identity keys (``keys.py``) and, under ``w:<language>:``, the words of the whole
text with their weights (``terms.py``): one mapping that the store and the Spark path already carry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from eventwire.model import Result
from eventwire.stories.duplicates import minhash_values
from eventwire.stories.keys import LEAD_CHARS, identity_keys
from eventwire.stories.terms import article_terms

# Languages the sentence embedding model was trained on.
EMBEDDING_LANGUAGES = frozenset({"en"})


@dataclass
class ArticleFeatures:
    """Features of one article (see the contract in ``stories/__init__.py``)."""

    article_id: str
    published: date | None
    minhash: np.ndarray
    vector: np.ndarray
    keys: dict[str, float]  # identity keys, and words under "w:<language>:"
    language: str | None


def as_day(value: date | datetime | str | None) -> date | None:
    """The calendar day of a published value (datetime, date or ISO string); None when unknown or unreadable."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None


def lead_text(result: Result) -> str:
    """Headline and lead, the text the embedding reads ('' when the article has no words)."""
    article = result.article
    lead = article.text[:LEAD_CHARS].rsplit(" ", 1)[0] if len(article.text) > LEAD_CHARS else article.text
    return "\n".join(part.strip() for part in (article.title or "", lead) if part and part.strip())


def _embeddable(result: Result) -> bool:
    return result.article.language in EMBEDDING_LANGUAGES and bool(lead_text(result))


def article_features_many(items: Sequence[tuple[str, Result]]) -> list[ArticleFeatures]:
    """Features of many articles, with one embedding call for all of them (the costly part)."""
    from eventwire.events.embeddings import DIMENSIONS, embed

    wanted = [i for i, (_, result) in enumerate(items) if _embeddable(result)]
    vectors = np.zeros((len(items), DIMENSIONS), dtype=np.float32)
    if wanted:
        vectors[wanted] = embed([lead_text(items[i][1]) for i in wanted])
    features = []
    for (article_id, result), vector in zip(items, vectors, strict=True):
        article = result.article
        features.append(
            ArticleFeatures(
                article_id=article_id,
                published=as_day(article.published),
                minhash=minhash_values(article.text or article.title or ""),
                vector=vector,
                keys=identity_keys(result) | article_terms(article.title, article.text, article.language),
                language=article.language,
            )
        )
    return features


def article_features(article_id: str, result: Result) -> ArticleFeatures:
    """Features of one pipeline Result (embedding cost included)."""
    return article_features_many([(article_id, result)])[0]
