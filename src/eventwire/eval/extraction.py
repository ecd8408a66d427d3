"""Score main-text extractors on a folder shaped like the article-extraction-benchmark.

The folder holds ``ground-truth.json`` (id -> {"articleBody", "url"}) and
``html/<id>.html.gz``.  Every system sees the same decoded pages, scored with
the benchmark's shingle metric, and is timed on extraction alone (reading and
decoding are done once, up front) so docs/s compare like with like.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path

from eventwire.eval.shingles import score, tp_fp_fn
from eventwire.ingest import decode_bytes

SYSTEMS: tuple[str, ...] = ("eventwire", "trafilatura", "readability-lxml")


def load_pages(folder: Path) -> list[tuple[str, str | None, str, str]]:
    """(id, url, html, true body) for every page of the folder that has ground truth."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for doc_id in sorted(truth):
        path = folder / "html" / f"{doc_id}.html.gz"
        if not path.exists():
            continue
        html, _ = decode_bytes(gzip.decompress(path.read_bytes()))
        pages.append((doc_id, truth[doc_id].get("url"), html, truth[doc_id].get("articleBody") or ""))
    return pages


def _eventwire() -> Callable[[str, str | None, str], str]:
    from eventwire.extract import extract_article
    from eventwire.model import RawDoc

    def run(doc_id: str, url: str | None, html: str) -> str:
        return extract_article(RawDoc(id=doc_id, url=url, html=html)).text

    return run


def _eventwire_html() -> Callable[[str, str | None, str], str]:
    from eventwire.extract.html_body import extract_html

    def run(doc_id: str, url: str | None, html: str) -> str:
        return extract_html(html, url=url).text

    return run


def _trafilatura() -> Callable[[str, str | None, str], str]:
    import trafilatura

    def run(doc_id: str, url: str | None, html: str) -> str:
        return trafilatura.extract(html) or ""

    return run


def _readability() -> Callable[[str, str | None, str], str]:
    import lxml.html
    from readability import Document

    def run(doc_id: str, url: str | None, html: str) -> str:
        summary = Document(html).summary()
        return lxml.html.fromstring(summary).text_content() if summary.strip() else ""

    return run


_RUNNERS: dict[str, Callable[[], Callable[[str, str | None, str], str]]] = {
    "eventwire": _eventwire,
    # the HTML body step alone (no language/date/source steps): what the throughput target is about
    "eventwire-html": _eventwire_html,
    "trafilatura": _trafilatura,
    "readability-lxml": _readability,
}


def evaluate_extraction(folder: Path, systems: list[str] | None = None) -> list[dict]:
    """Precision, recall, F1 and docs/s of each system on the folder's pages.

    Raises:
        ValueError: an unknown system name.
    """
    names = list(systems or SYSTEMS)
    unknown = [name for name in names if name not in _RUNNERS]
    if unknown:
        raise ValueError(f"unknown extraction systems {unknown}; known: {list(_RUNNERS)}")
    pages = load_pages(Path(folder))
    results = []
    for name in names:
        run = _RUNNERS[name]()
        if pages:  # warm-up outside the clock: lazy imports and one-off caches are not throughput
            doc_id, url, html, _ = pages[0]
            with contextlib.suppress(Exception):
                run(doc_id, url, html)
        counts = []
        elapsed = 0.0
        for doc_id, url, html, truth in pages:
            start = time.perf_counter()
            try:
                pred = run(doc_id, url, html)
            except Exception:  # a crash scores as empty output, like the benchmark does
                pred = ""
            elapsed += time.perf_counter() - start
            counts.append(tp_fp_fn(truth, pred))
        metrics = score(counts)
        results.append(
            {
                "system": name,
                "precision": metrics["precision"],
                "recall": metrics["recall"],
                "f1": metrics["f1"],
                "docs_per_s": len(pages) / elapsed if elapsed else 0.0,
                "n": len(pages),
            }
        )
    return results


if __name__ == "__main__":  # pragma: no cover - manual benchmark run
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/data/article-extraction")
    for row in evaluate_extraction(target, sys.argv[2:] or None):
        print(
            f"{row['system']:<18} P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}"
            f"  {row['docs_per_s']:.1f} docs/s  n={row['n']}"
        )
