"""Score geoparsing on GeoWebNews (Gritta et al. 2019, "A Pragmatic Guide to Geoparsing Evaluation").

Which gold annotations are toponyms: the paper's taxonomy splits place-name uses into literal
ones (Literal, Mixed, Literal_Modifier, Coercion, Embedded_Literal) and associative ones
(Metonymic, Non_Literal_Modifier, Embedded_Non_Lit), all of which refer to a place and carry
coordinates in the data, and counts both as toponyms. Demonyms ("Syrians"), languages
("in French"), homonyms (a band called "Chicago"), Non_Toponym and the *_Expression
annotations (common nouns like "the city", "residents") refer to no place and have no
coordinates: they are not toponyms here. Gold entries whose offsets do not fit the text (a few
have negative offsets) are skipped and counted.

Matching (the paper's recommended lenient rule): a predicted span matches a gold span when
they overlap by at least one character, one-to-one, in text order. Resolution is scored over
the gold toponyms that were recognised and have coordinates: Acc@161 (error < 161 km), median
error, and AUC = area under the sorted log(1 + error_km) curve normalised by log(20039 km)
(lower is better). A recognised toponym left without coordinates counts as 20039 km off.
"""

from __future__ import annotations

import itertools
import math
import statistics
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from eventwire.geo.distance import MAX_ERROR_KM, haversine_km

TOPONYM_TYPES = frozenset(
    {"Literal", "Mixed", "Literal_Modifier", "Coercion", "Embedded_Literal",
     "Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit"}
)  # fmt: skip
ACC_KM = 161.0


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    type: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Pred:
    start: int
    end: int
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Doc:
    id: str
    text: str
    gold: list[Gold]


def read_geowebnews(xml_path: Path) -> tuple[list[Doc], int]:
    """Documents with their toponym annotations, and how many annotations were skipped."""
    root = ET.parse(xml_path).getroot()
    docs, skipped = [], 0
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for t in art.iter("toponym"):
            kind = t.findtext("type") or ""
            if kind not in TOPONYM_TYPES:
                continue
            start, end = int(t.findtext("start") or -1), int(t.findtext("end") or -1)
            if start < 0 or end > len(text) or text[start:end] != (t.findtext("extractedName") or ""):
                skipped += 1
                continue
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            gold.append(Gold(start, end, kind, float(lat) if lat else None, float(lon) if lon else None))
        docs.append(Doc(art.get("file") or str(len(docs)), text, gold))
    return docs, skipped


def _match(gold: list[Gold], preds: list[Pred]) -> list[tuple[Gold, Pred]]:
    """One-to-one overlap matching in text order."""
    pairs, used = [], set()
    for g in sorted(gold, key=lambda g: g.start):
        for k, p in enumerate(preds):
            if k not in used and p.start < g.end and g.start < p.end:
                used.add(k)
                pairs.append((g, p))
                break
    return pairs


def auc_of_errors(errors: list[float]) -> float:
    """Gritta et al.'s AUC: normalised area under the sorted log(1 + km) error curve."""
    if len(errors) < 2:
        return math.log1p(errors[0]) / math.log(MAX_ERROR_KM) if errors else 0.0
    ys = [math.log1p(e) for e in sorted(errors)]
    area = sum((a + b) / 2 for a, b in itertools.pairwise(ys))
    return area / ((len(ys) - 1) * math.log(MAX_ERROR_KM))


def score(name: str, docs: list[Doc], system: Callable[[str], list[Pred]]) -> dict:
    tp = n_pred = n_gold = 0
    errors: list[float] = []
    by_type: Counter[str] = Counter()
    found_by_type: Counter[str] = Counter()
    t0 = time.perf_counter()
    outputs = [system(d.text) for d in docs]
    elapsed = time.perf_counter() - t0
    for doc, preds in zip(docs, outputs, strict=True):
        pairs = _match(doc.gold, preds)
        tp += len(pairs)
        n_pred += len(preds)
        n_gold += len(doc.gold)
        by_type.update(g.type for g in doc.gold)
        found_by_type.update(g.type for g, _ in pairs)
        for g, p in pairs:
            if g.lat is None or g.lon is None:
                continue
            if p.lat is None or p.lon is None:
                errors.append(MAX_ERROR_KM)
            else:
                errors.append(haversine_km(g.lat, g.lon, p.lat, p.lon))
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "system": name,
        "docs": len(docs),
        "gold": n_gold,
        "predicted": n_pred,
        "matched": tp,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "resolved": len(errors),
        "acc161": round(sum(e < ACC_KM for e in errors) / len(errors), 4) if errors else 0.0,
        "median_km": round(statistics.median(errors), 1) if errors else None,
        "auc": round(auc_of_errors(errors), 4),
        "docs_per_s": round(len(docs) / elapsed, 2) if elapsed else None,
        "recall_by_type": {t: round(found_by_type[t] / by_type[t], 3) for t in sorted(by_type)},
    }


def eventwire_system(text: str) -> list[Pred]:
    from eventwire.geo import geoparse

    return [Pred(p.start, p.end, p.lat, p.lon) for p in geoparse(text, language="en")]


def baseline_system(text: str) -> list[Pred]:
    """spaCy NER GPE/LOC/FAC spans, each resolved to the most populous gazetteer entry of that name."""
    from eventwire.geo.gazetteer import load
    from eventwire.geo.text import name_key
    from eventwire.nlp.ner import ner_spans

    gaz = load()
    spans = [s for s in ner_spans(text, "en") if s.label in ("GPE", "LOC", "FAC")]
    keys = {s: name_key(s.text.removeprefix("the ").removeprefix("The ")) for s in spans}
    found = gaz.lookup(keys.values())
    out = []
    for s in spans:
        places = [gaz.place(pid) for pid, _ in found.get(keys[s], [])]
        best = max((p for p in places if p is not None), key=lambda p: p.population, default=None)
        out.append(Pred(s.start, s.end, best.lat if best else None, best.lon if best else None))
    return out


def evaluate_geo(xml_path: Path) -> list[dict]:
    """Scores of eventwire and the spaCy+population baseline on one GeoWebNews file."""
    docs, skipped = read_geowebnews(Path(xml_path))
    from eventwire.geo.gazetteer import load

    load()  # build/open the gazetteer outside the timed runs
    eventwire_system("Warm up the models in London.")
    rows = [score("eventwire", docs, eventwire_system), score("spacy+population", docs, baseline_system)]
    for row in rows:
        row["skipped_gold"] = skipped
    return rows
