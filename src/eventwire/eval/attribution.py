"""Score quote/attribution extraction on PolNeAR (brat ``.ann``: Source, Cue, Content).

Two systems run on the same documents: ``eventwire`` (``nlp.quotes.find_attributions`` on
the entities of ``nlp.entities``) and a ``baseline`` (a say-verb regex per sentence whose
source is the nearest spaCy PERSON/ORG before it, content the rest of the sentence).

Matching rule. PolNeAR annotations are univocal (every token in at most one attribution)
and spans are long and loosely bounded ("that ..." included or not), so, as in PARC-style
attribution scoring, a predicted attribution *matches* a gold one when their Content spans
overlap (at least one character), one-to-one, largest overlap first. Then:

* content P/R/F1: matched / predicted, matched / gold attributions;
* speaker P/R/F1 (end to end): a matched pair whose Source spans overlap is correct;
  precision over predictions with a source, recall over gold attributions with a source;
* speaker-given-content P/R/F1: the same, counted only over matched pairs — "when both find
  the statement, is the speaker right", the figure quote-attribution systems report (source
  attribution for a statement already found). Published source-attribution scores (~0.82
  for a neural system) are of this kind; the end-to-end figure also pays for every
  statement missed and is not comparable to them.

Following PARC/PolNeAR, attributions are not only speech: beliefs, intentions, knowledge
and stances ("believes", "wants", "found", "according to", "claims", a "statement" or
"report") are annotated and scored alike.

Where a text was annotated by several annotators, the first annotation file in name order is
used (the same rule for every document). The headline (first line) is part of the text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Span = tuple[int, int]

_SAY = re.compile(r"\b(said|says|say|told|tells|added|according to|stated|noted|wrote|claimed|argued)\b", re.I)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


@dataclass
class Attr:
    content: list[Span]
    source: list[Span]


def _spans(field: str) -> list[Span]:
    out = []
    for part in field.split(";"):
        start, end = part.split()
        out.append((int(start), int(end)))
    return out


def read_ann(path: Path) -> list[Attr]:
    """Attributions of one brat file (only those with a Content span)."""
    spans: dict[str, tuple[str, list[Span]]] = {}
    relations = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, where = parts[1].partition(" ")
            spans[parts[0]] = (kind, _spans(where))
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(parts[1].split())
    out = []
    for args in relations:
        roles: dict[str, list[Span]] = {}
        for arg in args[1:]:
            role, _, ref = arg.partition(":")
            if ref in spans:
                roles.setdefault(role.rstrip("0123456789"), []).extend(spans[ref][1])
        if roles.get("Content"):
            out.append(Attr(roles["Content"], roles.get("Source", [])))
    return out


def _overlap(a: list[Span], b: list[Span]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return round(p, 4), round(r, 4), round(2 * p * r / (p + r), 4) if p + r else 0.0


@dataclass
class _Counts:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    gold_src: int = 0
    pred_src: int = 0
    src_ok: int = 0
    matched_gold_src: int = 0
    matched_pred_src: int = 0

    def add(self, gold: list[Attr], pred: list[Attr]) -> None:
        self.gold += len(gold)
        self.predicted += len(pred)
        self.gold_src += sum(1 for g in gold if g.source)
        self.pred_src += sum(1 for p in pred if p.source)
        pairs = sorted(
            ((_overlap(g.content, p.content), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
            reverse=True,
        )
        used_g: set[int] = set()
        used_p: set[int] = set()
        for size, gi, pi in pairs:
            if size <= 0:
                break
            if gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            self.matched += 1
            g, p = gold[gi], pred[pi]
            self.matched_gold_src += bool(g.source)
            self.matched_pred_src += bool(p.source)
            if g.source and p.source and _overlap(g.source, p.source) > 0:
                self.src_ok += 1

    def row(self, system: str, docs: int) -> dict:
        cp, cr, cf = _prf(self.matched, self.predicted, self.gold)
        sp, sr, sf = _prf(self.src_ok, self.pred_src, self.gold_src)
        mp, mr, mf = _prf(self.src_ok, self.matched_pred_src, self.matched_gold_src)
        return {
            "system": system, "docs": docs, "gold": self.gold, "predicted": self.predicted,
            "matched": self.matched, "matching": "content overlap >= 1 char, one-to-one; source overlap",
            "content_p": cp, "content_r": cr, "content_f1": cf,
            "speaker_p": sp, "speaker_r": sr, "speaker_f1": sf,
            "speaker_given_content_p": mp, "speaker_given_content_r": mr, "speaker_given_content_f1": mf,
        }  # fmt: skip


def eventwire_system(text: str) -> list[Attr]:
    from eventwire.nlp.entities import find_entities
    from eventwire.nlp.quotes import find_attributions

    title = text.split("\n", 1)[0]
    entities = find_entities(text, title=title, language="en")
    return [
        Attr(a.pieces, [a.source] if a.source else [])
        for a in find_attributions(text, entities, language="en")
    ]  # fmt: skip


def baseline_system(text: str) -> list[Attr]:
    """Say-verb regex; source = nearest PERSON/ORG entity before the verb in the sentence; content = the rest."""
    from eventwire.nlp.ner import ner_spans

    ents = [s for s in ner_spans(text, "en") if s.label in ("PERSON", "ORG")]
    out = []
    for sent in _SENTENCE.finditer(text):
        cue = _SAY.search(sent.group())
        if cue is None:
            continue
        cs, ce = sent.start() + cue.start(), sent.start() + cue.end()
        inside = [e for e in ents if sent.start() <= e.start and e.end <= sent.end()]
        before = [e for e in inside if e.end <= cs]
        after = [e for e in inside if e.start >= ce]
        source = before[-1] if before else (after[0] if after else None)
        content = [(sent.start(), cs), (ce, sent.end())]
        if source is not None:
            content = [(s, e) for s, e in content if e > s]
        out.append(Attr([(s, e) for s, e in content if e > s], [(source.start, source.end)] if source else []))
    return out


SYSTEMS: dict[str, Callable[[str], list[Attr]]] = {"eventwire": eventwire_system, "baseline": baseline_system}


def documents(folder: Path) -> list[tuple[str, str, list[Attr]]]:
    """(name, text, gold attributions) for every text with an annotation file."""
    out = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(f"{text_path.stem}_*.ann"))
        if anns:
            out.append((text_path.stem, text_path.read_text("utf-8"), read_ann(anns[0])))
    return out


def evaluate_attribution(folder: Path) -> list[dict]:
    """One row of scores per system (eventwire, baseline) on the PolNeAR folder ``folder``."""
    docs = documents(Path(folder))
    rows = []
    for name, system in SYSTEMS.items():
        counts = _Counts()
        for _, text, gold in docs:
            counts.add(gold, system(text))
        rows.append(counts.row(name, len(docs)))
    return rows


if __name__ == "__main__":
    import json

    for row in evaluate_attribution(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/attribution")):
        print(json.dumps(row))
