"""The scrapinghub article-extraction-benchmark token metric.

Re-implemented from the benchmark's published description: 4-gram shingles of
``\\w+`` tokens, TP/FP/FN normalised per document so long pages do not dominate,
precision and recall averaged over documents, F1 from the two averages.
"""

from __future__ import annotations

import re
from collections import Counter
from statistics import mean

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE_SIZE = 4


def _shingles(text: str, n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one document's shingles."""
    t, p = _shingles(true), _shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def score(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Benchmark precision, recall and F1 over per-document counts."""
    precision = mean([_precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    recall = mean([_recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}
