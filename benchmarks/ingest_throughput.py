"""Ingest throughput and memory against ``extract`` on the same input (a benchmark, not a timed test).

Target (issue 6): ``eventwire ingest`` keeps at least 90 % of ``eventwire extract``'s docs/s on the same
input in the same run, into SQLite and into PostgreSQL, with memory flat over 10,000 articles.

The corpus is synthetic but made of real news text: the development pages of
``../shared/data/article-extraction/html/*.html.gz`` are read once with eventwire's own article
extraction (title + body paragraphs), then each synthetic page takes one page's headline and lead,
keeps most of its paragraphs, swaps about a third of them for paragraphs of other pages, shuffles
everything after the lead, gets a new title (outlet and number appended), URL, date (spread over
two months) and site chrome (navigation, share line, related links, footer).  One page in ten is a
syndicated copy of an earlier one under another outlet's URL, as wire stories are.  So every page
is unique, of real length and language mix, and dedup and clustering have work to do.  The RNG is
seeded: the same ``--docs`` gives the same corpus.

Each configuration runs in its own wrapper process (its peak RSS, from ``getrusage(RUSAGE_CHILDREN)``,
is its own); the wrapper samples the command's RSS (its main process and the whole process tree)
every second, with how many documents were done by then, to show whether memory stays flat.
Wall-clock docs/s counts everything (model loading included); "steady" docs/s counts from the moment
the first documents came out (extract's first line, ingest's first committed batch) to the end.

Ratios are against extract's mean over the repeats.

Usage:
    python benchmarks/ingest_throughput.py [--docs 10000] [--quick] [--workers N] [--repeat 2] [--pg URL] [--no-pg]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_PAGES = ROOT.parent / "shared" / "data" / "article-extraction"
EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
QUICK_DOCS = 200
SAMPLE_EVERY_S = 1.0
OUTLETS = ["kyiv-daily.example", "wire.example", "black-sea-post.example", "eastern-herald.example", "ledger.example"]
SYNDICATED_SHARE = 0.1
SWAPPED_SHARE = 0.35


# --- the corpus ---------------------------------------------------------------------------------


def _material() -> list[tuple[str, list[str], str | None]]:
    """(title, paragraphs, language) of every development page, by eventwire's own article extraction."""
    from eventwire.extract import extract_article
    from eventwire.ingest import decode_bytes
    from eventwire.model import RawDoc

    pages = []
    for path in sorted((DEV_PAGES / "html").glob("*.html.gz")):
        html, _ = decode_bytes(gzip.decompress(path.read_bytes()))
        article = extract_article(RawDoc(id=path.name, html=html))
        paragraphs = [p.strip() for p in article.text.split("\n\n") if len(p.strip()) > 40]
        if article.title and len(paragraphs) >= 2:
            pages.append((article.title, paragraphs, article.language))
    if not pages:
        raise SystemExit(f"no development pages under {DEV_PAGES}")
    return pages


def _html(title: str, paragraphs: list[str], published: str, outlet: str, related: list[str]) -> str:
    body = "".join(f"<p>{_escape(p)}</p>" for p in paragraphs)
    links = "".join(f'<li><a href="/r/{i}">{_escape(t)}</a></li>' for i, t in enumerate(related))
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{_escape(title)} | {outlet}</title>'
        f'<meta property="article:published_time" content="{published}"></head><body>'
        f'<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>'
        f"<article><h1>{_escape(title)}</h1>{body}<p>Share this article</p></article>"
        f"<aside><h3>Related</h3><ul>{links}</ul></aside>"
        f"<footer>© 2025 {outlet}. All rights reserved.</footer></body></html>"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_corpus(path: Path, docs: int, seed: int = 6) -> None:
    """Write ``docs`` synthetic pages as JSONL ``{id, url, html}`` (see the module docstring for how)."""
    rng = random.Random(seed)
    pages = _material()
    pool = [(i, p) for i, (_, paragraphs, _) in enumerate(pages) for p in paragraphs]
    written: list[tuple[str, list[str]]] = []
    with path.open("w", encoding="utf-8") as out:
        for n in range(docs):
            outlet = OUTLETS[n % len(OUTLETS)]
            day = f"2025-{4 + n % 2:02d}-{1 + n % 28:02d}"
            if written and rng.random() < SYNDICATED_SHARE:
                title, paragraphs = rng.choice(written)  # a wire copy: same text, another outlet
            else:
                base = n % len(pages)
                title, own, _ = pages[base]
                rest = [rng.choice(pool)[1] if rng.random() < SWAPPED_SHARE else p for p in own[1:]]
                rng.shuffle(rest)
                paragraphs = [own[0], *rest]
                title = f"{title} ({outlet.split('.')[0]} {n})"
                written.append((title, paragraphs))
            related = [pages[rng.randrange(len(pages))][0] for _ in range(4)]
            url = f"https://{outlet}/news/{day}/{n}-{uuid.UUID(int=rng.getrandbits(128)).hex[:8]}"
            line = {"id": f"bench-{n}", "url": url, "html": _html(title, paragraphs, day, outlet, related)}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


# --- one configuration, in its own process ------------------------------------------------------


def _tree_rss_mb(root: int) -> tuple[float, float]:
    """RSS of ``root`` and of ``root`` with all its descendants (MB), from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        kb = next((line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")), "0")
        rss[int(entry)] = int(kb) / 1024
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return rss.get(root, 0.0), sum(rss.get(pid, 0.0) for pid in tree)


def _run_one(config: str, corpus: Path, docs: int, workers: int | None, db_url: str | None) -> dict:
    command = [EVENTWIRE, config.split("-")[0], str(corpus)]
    command += ["--jsonl"] if config == "extract" else ["--db", db_url or "", "--batch", "50"]
    command += ["--workers", str(workers)] if workers else []
    done = [0]
    first_done_at: list[float] = []  # when the first documents came out
    first_done: list[int] = []  # how many they were (one line for extract, a batch for ingest)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def count_lines() -> None:  # extract: one output line per document
        assert process.stdout is not None
        for _ in process.stdout:
            done[0] += 1
            if not first_done_at:
                first_done_at.append(time.perf_counter())
                first_done.append(done[0])

    def count_rows() -> None:  # ingest: documents committed so far
        from sqlalchemy import create_engine, text

        engine = create_engine(db_url or "")
        while process.poll() is None:
            try:
                with engine.connect() as conn:
                    done[0] = conn.execute(text("SELECT count(*) FROM raw_documents")).scalar_one()
                if done[0] and not first_done_at:
                    first_done_at.append(time.perf_counter())
                    first_done.append(done[0])
            except Exception:  # tables not made yet
                pass
            time.sleep(0.25)
        engine.dispose()

    counter = threading.Thread(target=count_lines if config == "extract" else count_rows, daemon=True)
    counter.start()
    samples = []
    while process.poll() is None:
        main_mb, tree_mb = _tree_rss_mb(process.pid)
        samples.append({"s": round(time.perf_counter() - start, 1), "done": done[0], "main_mb": round(main_mb),
                        "tree_mb": round(tree_mb)})  # fmt: skip
        time.sleep(SAMPLE_EVERY_S)
    if config != "extract" and process.stdout is not None:
        process.stdout.read()
    elapsed = time.perf_counter() - start
    counter.join(5)
    steady_from = first_done_at[0] - start if first_done_at else 0.0
    steady_docs = docs - (first_done[0] if first_done else 0)
    return {
        "config": config,
        "docs": docs,
        "rc": process.returncode,
        "seconds": round(elapsed, 1),
        "docs_per_s": round(docs / elapsed, 2),
        "steady_docs_per_s": round(steady_docs / max(elapsed - steady_from, 1e-9), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "samples": samples,
    }


# --- the driver ---------------------------------------------------------------------------------


def _fresh_pg(admin_url: str) -> tuple[str, str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"ew_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name, make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _drop_pg(admin_url: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _memory_line(row: dict) -> str:
    """Main-process RSS when 10 %, 25 %, 50 %, 75 % and all of the documents were done."""
    points = []
    for share in (0.1, 0.25, 0.5, 0.75, 1.0):
        reached = [s for s in row["samples"] if s["done"] >= share * row["docs"]]
        sample = reached[0] if reached else (row["samples"][-1] if row["samples"] else None)
        points.append(f"{int(share * 100)}%: {sample['main_mb']}/{sample['tree_mb']}" if sample else "-")
    return f"  {row['config']:<18} RSS MB main/tree at " + ", ".join(points)


def _spawn(config: str, corpus: Path, docs: int, workers: int | None, db_url: str | None) -> dict:
    command = [sys.executable, __file__, "--one", config, "--corpus", str(corpus), "--docs", str(docs)]
    command += ["--workers", str(workers)] if workers else []
    command += ["--db", db_url] if db_url else []
    out = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000, help="synthetic pages (default 10,000)")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_DOCS} pages: a smoke run, not the target")
    parser.add_argument("--workers", type=int, help="pipeline processes for both commands (default: eventwire's)")
    parser.add_argument("--pg", default=PG_ADMIN_URL, help="PostgreSQL to create a scratch database in")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--repeat", type=int, default=1, help="run each configuration this many times, in turn")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    docs = QUICK_DOCS if args.quick else args.docs
    if args.one:
        print(json.dumps(_run_one(args.one, args.corpus, docs, args.workers, args.db)))
        return
    with tempfile.TemporaryDirectory(prefix="ew-ingest-bench-") as scratch:
        corpus = Path(scratch) / "corpus.jsonl"
        started = time.perf_counter()
        build_corpus(corpus, docs)
        size_mb = corpus.stat().st_size / 1e6
        print(f"corpus: {docs} pages, {size_mb:.1f} MB, built in {time.perf_counter() - started:.0f} s")
        rows = []
        for attempt in range(args.repeat):  # interleaved, so a busy spell of the machine hits every configuration
            rows.append(_spawn("extract", corpus, docs, args.workers, None))
            sqlite_url = f"sqlite:///{Path(scratch) / f'bench-{attempt}.db'}"
            rows.append(_spawn("ingest-sqlite", corpus, docs, args.workers, sqlite_url))
            if not args.no_pg:
                name, url = _fresh_pg(args.pg)
                try:
                    rows.append(_spawn("ingest-postgresql", corpus, docs, args.workers, url))
                finally:
                    _drop_pg(args.pg, name)
    extract_rows = [row for row in rows if row["config"] == "extract"]
    base = sum(row["docs_per_s"] for row in extract_rows) / len(extract_rows)
    base_steady = sum(row["steady_docs_per_s"] for row in extract_rows) / len(extract_rows)
    print(f"{'config':<18}{'rc':>3}{'seconds':>9}{'docs/s':>8}{'ratio':>7}{'steady':>8}{'ratio':>7}{'peak RSS MB':>13}")
    for row in rows:
        ratio, steady_ratio = row["docs_per_s"] / base, row["steady_docs_per_s"] / base_steady
        print(
            f"{row['config']:<18}{row['rc']:>3}{row['seconds']:>9}{row['docs_per_s']:>8}{ratio:>7.2f}"
            f"{row['steady_docs_per_s']:>8}{steady_ratio:>7.2f}{row['peak_rss_mb']:>13}"
        )
    for row in rows:
        print(_memory_line(row))


if __name__ == "__main__":
    main()
