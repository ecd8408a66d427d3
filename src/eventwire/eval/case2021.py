"""Score event classification on CASE 2021 shared task 2 (fine-grained event types of news snippets).

The TSV has ``id``, ``EventSnippet``, ``SubType``: one gold label of 30 per snippet.  eventwire's
subtypes are mapped to those labels through ``typology.py``; probabilities of subtypes that share a
label (all PLOVER diplomacy goes to DIPLO) are summed before the argmax, so each snippet gets exactly one
prediction.  The file is only ever read here, to measure: nothing in the classifier is fitted to it.

Weighted and macro F1 follow scikit-learn's definitions (labels = those in gold or predictions, a label
with no predictions has precision 0), reimplemented with ``collections`` to avoid the dependency.

Run: ``python -m eventwire.eval.case2021 ../shared/data/event-types/case2021-task2.tsv``
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

from eventwire.events.typology import CASE2021_LABELS, SUBTYPES, to_case2021

SYSTEMS: tuple[str, ...] = ("eventwire", "keywords", "label-description")
TOP_CONFUSIONS = 10


def load(tsv: Path) -> list[tuple[str, str, str]]:
    """(id, snippet, gold label) rows of the TSV."""
    with tsv.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row["id"], row["EventSnippet"], row["SubType"]) for row in reader]


def f1_scores(gold: list[str], predicted: list[str]) -> dict[str, float]:
    """Accuracy, macro F1 and support-weighted F1, as scikit-learn computes them."""
    labels = sorted(set(gold) | set(predicted))
    support = Counter(gold)
    predicted_count = Counter(predicted)
    correct = Counter(g for g, p in zip(gold, predicted, strict=True) if g == p)
    per_label = {}
    for label in labels:
        precision = correct[label] / predicted_count[label] if predicted_count[label] else 0.0
        recall = correct[label] / support[label] if support[label] else 0.0
        per_label[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "accuracy": sum(correct.values()) / len(gold),
        "macro_f1": sum(per_label.values()) / len(labels),
        "weighted_f1": sum(per_label[label] * support[label] for label in labels) / len(gold),
        **{f"f1/{label}": round(score, 3) for label, score in per_label.items()},
    }


def _eventwire(texts: list[str]) -> list[str]:
    from eventwire.events.classify import LABELS, NONE, probabilities

    columns = {
        label: [i for i, s in enumerate(LABELS) if s != NONE and to_case2021(s) == label] for label in CASE2021_LABELS
    }
    out = []
    for p in probabilities(texts, gate=False):
        assert p is not None
        out.append(max(CASE2021_LABELS, key=lambda label: float(p[columns[label]].sum())))
    return out


def _keywords(texts: list[str]) -> list[str]:
    """Baseline: the strongest trigger alone; OTHER when no trigger fires."""
    from eventwire.events.triggers import trigger_scores

    out = []
    for text in texts:
        scores = trigger_scores(text)
        out.append(to_case2021(max(scores, key=scores.__getitem__)) if scores else "OTHER")
    return out


def _label_description(texts: list[str]) -> list[str]:
    """Baseline: zero-shot nearest typology description by embedding cosine."""
    from eventwire.events.embeddings import embed

    descriptions = embed([f"{s.name}: {s.description}" for s in SUBTYPES])
    nearest = np.argmax(embed(texts) @ descriptions.T, axis=1)
    return [SUBTYPES[i].case2021 for i in nearest]


RUNNERS: dict[str, Callable[[list[str]], list[str]]] = {
    "eventwire": _eventwire,
    "keywords": _keywords,
    "label-description": _label_description,
}


def evaluate_case2021(tsv: Path, systems: list[str] | None = None) -> dict:
    """Scores of each system on the TSV, side by side, and eventwire's most confused label pairs."""
    rows = load(tsv)
    texts = [text for _, text, _ in rows]
    gold = [label for _, _, label in rows]
    report: dict = {"n": len(rows), "labels": len(set(gold)), "systems": {}}
    for name in systems or SYSTEMS:
        if name == "eventwire":
            from eventwire.events.classify import weights
            from eventwire.events.embeddings import model

            model(), weights()  # load once, so the timing below is classification only
        started = time.perf_counter()
        predicted = RUNNERS[name](texts)
        seconds = time.perf_counter() - started
        scores = f1_scores(gold, predicted)
        report["systems"][name] = {
            "weighted_f1": round(scores["weighted_f1"], 4),
            "macro_f1": round(scores["macro_f1"], 4),
            "accuracy": round(scores["accuracy"], 4),
            "ms_per_snippet": round(1000 * seconds / len(rows), 2),
            "per_label_f1": {k.split("/", 1)[1]: v for k, v in scores.items() if k.startswith("f1/")},
        }
        if name == "eventwire":
            pairs = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
            report["confused"] = [
                {"gold": g, "predicted": p, "count": n} for (g, p), n in pairs.most_common(TOP_CONFUSIONS)
            ]
    return report


def main(argv: list[str] | None = None) -> None:
    """Print the report as JSON: ``python -m eventwire.eval.case2021 TSV [SYSTEM ...]``."""
    args = sys.argv[1:] if argv is None else argv
    report = evaluate_case2021(Path(args[0]), args[1:] or None)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
