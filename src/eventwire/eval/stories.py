"""Score story clustering on articles labelled with the real-world event they report.

The file (JSONL: ``dId``, ``url``, ``source_domain``, ``date_publish``, ``title``, ``description``,
``text``, ``event_id``) is read in its own order; every article goes through the pipeline and its
Result into one ``StoryIndex``, one by one, as a live ingest would (incremental: no article sees
the ones after it). Nothing here is fitted to the file: the thresholds are constants in
``eventwire.stories.scoring`` and ``BASELINE_THRESHOLD`` below.

Metrics: B-cubed precision, recall and F1 (Bagga & Baldwin 1998: per article, the share of its
predicted cluster that shares its gold event, and the share of its gold event found in its
predicted cluster, averaged over articles) and the adjusted Rand index (Hubert & Arabie 1985).
An article the pipeline could not process counts as a cluster of its own.

Baseline: TF-IDF (log-scaled term frequency, smoothed idf, unit length) of title and text, cosine
similarity, average-link agglomerative clustering over the whole file at once (it sees every
article, which the incremental system never does), merging while the two closest clusters' mean
similarity is at least ``BASELINE_THRESHOLD``.

Run: ``eventwire eval stories FILE.jsonl``.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path

import numpy as np

from eventwire.model import ErrorRecord, RawDoc, Result

# Average-link merge threshold of the baseline, chosen as eventwire's were: on the hand-written set
# tests/stories/articles.jsonl (best B-cubed F1 of 0.10-0.35 in steps of 0.05: 0.92 on its English
# articles), never on the evaluation file.
BASELINE_THRESHOLD = 0.25
_TOKEN = re.compile(r"[^\W\d_]{2,}")

Progress = Callable[[int, int], None]


def load(path: Path) -> list[dict]:
    """The labelled articles of a JSONL file, in file order (lines without ``event_id`` are refused)."""
    rows = []
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            if "event_id" not in row:
                raise ValueError(f"{path}:{n}: no event_id")
            rows.append(row)
    return rows


def raw_doc(row: dict) -> RawDoc:
    """The pipeline's input for one labelled article."""
    return RawDoc(
        id=str(row.get("dId") or row.get("id")),
        url=row.get("url"),
        text=row.get("text") or "",
        title=row.get("title"),
        published=row.get("date_publish"),
    )


# --- scores -----------------------------------------------------------------------------------------


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a predicted partition against the gold one."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted label lists differ in length")
    if not gold:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    pairs = Counter(zip(gold, predicted, strict=True))
    gold_sizes, predicted_sizes = Counter(gold), Counter(predicted)
    precision = sum(pairs[(g, p)] / predicted_sizes[p] for g, p in zip(gold, predicted, strict=True)) / len(gold)
    recall = sum(pairs[(g, p)] / gold_sizes[g] for g, p in zip(gold, predicted, strict=True)) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def adjusted_rand(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Adjusted Rand index (1 = same partition, about 0 = chance agreement)."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted label lists differ in length")

    def pairs(n: int) -> float:
        return n * (n - 1) / 2

    together = sum(pairs(n) for n in Counter(zip(gold, predicted, strict=True)).values())
    gold_pairs = sum(pairs(n) for n in Counter(gold).values())
    predicted_pairs = sum(pairs(n) for n in Counter(predicted).values())
    total = pairs(len(gold))
    if total == 0:
        return 1.0
    expected = gold_pairs * predicted_pairs / total
    best = (gold_pairs + predicted_pairs) / 2
    return 1.0 if best == expected else (together - expected) / (best - expected)


# --- the baseline -----------------------------------------------------------------------------------


def tfidf_matrix(texts: Sequence[str]) -> np.ndarray:
    """Unit-length TF-IDF rows (1 + log tf, smoothed idf) over the words of each text."""
    counts = [Counter(_TOKEN.findall(text.casefold())) for text in texts]
    vocabulary = {word: i for i, word in enumerate(sorted({w for c in counts for w in c}))}
    df = np.zeros(len(vocabulary))
    for c in counts:
        df[[vocabulary[w] for w in c]] += 1
    idf = np.log((1 + len(texts)) / (1 + df)) + 1
    matrix = np.zeros((len(texts), len(vocabulary)))
    for row, c in enumerate(counts):
        for word, n in c.items():
            matrix[row, vocabulary[word]] = (1 + math.log(n)) * idf[vocabulary[word]]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def average_link(similarity: np.ndarray, threshold: float) -> list[int]:
    """Cluster labels from average-link agglomeration, merging while the closest pair's mean similarity
    is at least ``threshold`` (Lance-Williams update of the cluster similarities)."""
    n = len(similarity)
    sim = similarity.astype(float).copy()
    np.fill_diagonal(sim, -np.inf)
    sizes = np.ones(n)
    alive = np.ones(n, dtype=bool)
    labels = list(range(n))
    while alive.sum() > 1:
        masked = np.where(alive[:, None] & alive[None, :], sim, -np.inf)
        i, j = np.unravel_index(np.argmax(masked), masked.shape)
        if masked[i, j] < threshold:
            break
        merged = (sizes[i] * sim[i] + sizes[j] * sim[j]) / (sizes[i] + sizes[j])
        sim[i, :], sim[:, i] = merged, merged
        sim[i, i] = -np.inf
        sizes[i] += sizes[j]
        alive[j] = False
        labels = [i if label == j else label for label in labels]
    return labels


def baseline_labels(rows: Sequence[dict], threshold: float = BASELINE_THRESHOLD) -> list[int]:
    """TF-IDF + average-link clusters of the articles' titles and texts."""
    matrix = tfidf_matrix([f"{row.get('title') or ''}\n{row.get('text') or ''}" for row in rows])
    return average_link(matrix @ matrix.T, threshold)


# --- eventwire --------------------------------------------------------------------------------------


def eventwire_labels(results: Sequence[Result | ErrorRecord]) -> tuple[list[str], int]:
    """Story ids of the articles placed one by one, in order, and the near-duplicate links found."""
    from eventwire.stories import MergedStories, StoryIndex, article_features_many

    processed = [r for r in results if isinstance(r, Result)]
    # Features depend on one article each: computing them in one batch changes no placement.
    features = iter(article_features_many([(r.article.id, r) for r in processed]))
    index = StoryIndex()
    merged = MergedStories()
    labels, duplicates = [], 0
    for outcome in results:
        if isinstance(outcome, ErrorRecord):
            labels.append(f"error:{outcome.id}")
            continue
        placement = index.place(next(features), outcome.article.title or "")
        merged.record(placement)
        duplicates += placement.duplicate_of is not None
        labels.append(placement.story.id)
    return [merged.resolve(label) for label in labels], duplicates  # as the store re-points merged stories


def _row(system: str, gold: list, predicted: list, seconds: float, **extra: object) -> dict:
    return {
        "system": system,
        **{k: round(v, 4) for k, v in bcubed(gold, predicted).items()},
        "ari": round(adjusted_rand(gold, predicted), 4),
        "clusters": len(set(predicted)),
        **extra,
        "seconds": f"{seconds:.1f}",
    }


def evaluate_stories(path: Path, *, workers: int | None = None, progress: Progress | None = None) -> dict:
    """Scores of eventwire (pipeline + incremental StoryIndex) and of the TF-IDF baseline on ``path``.

    Args:
        path: the labelled JSONL file.
        workers: pipeline processes (None: the pipeline's default).
        progress: called with (done, total) after each article is processed.
    """
    from eventwire.pipeline import process_many

    rows = load(path)
    gold = [row["event_id"] for row in rows]
    started = time.perf_counter()
    results: list[Result | ErrorRecord] = []
    for outcome in process_many((raw_doc(row) for row in rows), workers=workers):
        results.append(outcome)
        if progress is not None:
            progress(len(results), len(rows))
    pipeline_seconds = time.perf_counter() - started
    started = time.perf_counter()
    predicted, duplicates = eventwire_labels(results)
    clustering_seconds = time.perf_counter() - started
    started = time.perf_counter()
    baseline = baseline_labels(rows)
    baseline_seconds = time.perf_counter() - started
    return {
        "n": len(rows),
        "events": len(set(gold)),
        "errors": sum(isinstance(r, ErrorRecord) for r in results),
        "pipeline_seconds": round(pipeline_seconds, 1),
        "systems": [
            _row("eventwire", gold, predicted, clustering_seconds, duplicates=duplicates),
            _row(f"tf-idf avg-link {BASELINE_THRESHOLD}", gold, baseline, baseline_seconds, duplicates=None),
        ],
    }
