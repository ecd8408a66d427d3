"""Extraction throughput and peak memory on a benchmark-shaped folder (not a timed test).

Each configuration runs in its own subprocess so peak RSS is its own:
trafilatura alone (default settings), and eventwire's extract stage with 1 and 2 workers.
Pages are read and decoded before timing; one warm-up page loads lazy models first.

Usage:
    python benchmarks/extraction_throughput.py ../shared/data/article-extraction [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from eventwire.eval.extraction import load_pages

CONFIGS = ["trafilatura", "eventwire-1", "eventwire-2"]


def _run_one(config: str, folder: Path, repeat: int) -> dict:
    pages = [(doc_id, html) for doc_id, _, html, _ in load_pages(folder)] * repeat
    if config == "trafilatura":
        import trafilatura

        trafilatura.extract(pages[0][1])
        start = time.perf_counter()
        for _, html in pages:
            trafilatura.extract(html)
    else:
        from eventwire.model import RawDoc
        from eventwire.pipeline import process, process_many

        workers = int(config.rsplit("-", 1)[1])
        process(RawDoc(id="warm-up", html=pages[0][1]))
        raws = [RawDoc(id=key, html=html) for key, html in pages]
        start = time.perf_counter()
        for _ in process_many(raws, workers=workers):
            pass
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
    parser.add_argument("--repeat", type=int, default=3, help="pass over the pages this many times")
    parser.add_argument("--one", choices=CONFIGS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_run_one(args.one, args.folder, args.repeat)))
        return
    rows = []
    for config in CONFIGS:
        out = subprocess.run(
            [sys.executable, __file__, str(args.folder), "--repeat", str(args.repeat), "--one", config],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    base = rows[0]["docs_per_s"]
    print(f"{'config':<14}{'docs':>6}{'seconds':>9}{'docs/s':>9}{'vs traf':>9}{'peak RSS MB':>13}")
    for row in rows:
        print(
            f"{row['config']:<14}{row['docs']:>6}{row['seconds']:>9}{row['docs_per_s']:>9}"
            f"{row['docs_per_s'] / base:>9.2f}{row['peak_rss_mb']:>13}"
        )


if __name__ == "__main__":
    main()
