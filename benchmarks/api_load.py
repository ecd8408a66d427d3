"""Load on the running API (loopback only, bounded): filtered ``/api/events`` queries at N concurrent clients,
then how long one new event takes to reach M live-stream clients.  Not a timed test: figures, printed.

1. Tops the database up to ``--events`` synthetic events (``make_synthetic_events.py``) if it holds fewer.
2. Starts ``eventwire serve`` on 127.0.0.1 (a free port) as a separate process.
3. Queries: ``wrk`` (Debian package ``wrk``) with a Lua script cycling through ``--distinct`` different
   filtered URLs (countries, types, subtypes, boxes, date ranges, actors, flags, minimum sources, limits),
   ``--clients`` connections for ``--duration`` seconds; without wrk, a Python load generator (httpx,
   asyncio) in its own process does the same.  Reports p50/p90/p99 latency, requests/s and errors
   (non-2xx answers and socket errors).  ``--warmup S`` first runs the same load for S seconds, not
   reported: the figures are then those of a server whose workers have each answered every one of the
   URLs once at the current data (a dashboard's steady state: the same views asked again and again, the
   data unchanged for seconds), not of its first visitors.  Report the cold figures (no ``--warmup``) too.
4. Live stream: ``--sse-clients`` connections to ``/api/stream``; once all are connected one event is
   written by this process; reports the time from its commit until every client had it.

Targets (issue 7): p99 < 50 ms at 50 clients with zero errors, and the stream within 1 s, on SQLite and
PostgreSQL with 100,000 events.

Usage:
    python benchmarks/api_load.py --db sqlite:///bench.db --events 100000 --duration 30
    python benchmarks/api_load.py --db postgresql+psycopg://postgres@127.0.0.1/bench --events 20000 --duration 10
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
from sqlalchemy import func, select

from eventwire.store import tables as t
from eventwire.store.engine import make_engine, read_connection
from eventwire.store.migrate import ensure_schema

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_synthetic_events import COUNTRY_WEIGHTS, SUBTYPE_WEIGHTS, insert_events

EVENTWIRE = Path(sys.executable).with_name("eventwire")
# Boxes (W,S,E,N) the queries zoom to: Ukraine, its east, its south, Kyiv region, the Levant, the Sahel, the world.
BOXES = ("22,44,41,53", "35,47,40.5,51", "29,44.5,37,47.5", "29.5,49.5,31.5,51", "34,29,39,37.5", "-17,10,16,25")
TYPES = ("Battles", "Explosions/Remote violence", "Protests", "Political interaction", "Strategic developments")
ACTORS = ("russian", "ukrainian", "civilians", "police", "hamas")
DEFAULT_VIEW = "hypothetical,negated,background"  # the dashboard's default exclusion


def query_urls(count: int, *, seed: int, today: date) -> list[str]:
    """``count`` filtered ``/api/events`` URLs, each a mix a dashboard user could make."""
    rng = random.Random(seed)
    urls = []
    for _ in range(count):
        params: dict[str, object] = {"limit": rng.choice((20, 50, 100))}
        if rng.random() < 0.7:
            params["exclude_flags"] = DEFAULT_VIEW
        for name, chance, pick in (
            ("country", 0.4, lambda: rng.choice(list(COUNTRY_WEIGHTS))),
            ("type", 0.3, lambda: rng.choice(TYPES)),
            ("subtype", 0.15, lambda: rng.choice(list(SUBTYPE_WEIGHTS))),
            ("bbox", 0.35, lambda: rng.choice(BOXES)),
            ("actor", 0.1, lambda: rng.choice(ACTORS)),
            ("min_sources", 0.15, lambda: rng.choice((2, 3))),
        ):
            if rng.random() < chance:
                params[name] = pick()
        if rng.random() < 0.5:
            start = today - timedelta(days=rng.randint(7, 365))
            params["start"] = start.isoformat()
            if rng.random() < 0.5:
                params["end"] = (start + timedelta(days=rng.randint(1, 90))).isoformat()
        urls.append("/api/events?" + urlencode(params))
    return urls


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_events(db: str, wanted: int, seed: int) -> int:
    engine = make_engine(db)
    ensure_schema(engine)
    with read_connection(engine) as conn:
        have = conn.execute(select(func.count()).select_from(t.Event)).scalar_one()
    if have < wanted:
        print(f"adding {wanted - have} synthetic events to {have} ...", file=sys.stderr)
        insert_events(engine, wanted - have, seed=seed)
    engine.dispose()
    return max(have, wanted)


class Server:
    """``eventwire serve`` in its own process, for the length of a ``with`` block."""

    def __init__(self, db: str, workers: int) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [str(EVENTWIRE), "serve", "--db", db, "--port", str(self.port), "--workers", str(workers)]
        quiet = ["--log-level", "warning", "--no-access-log"]
        self.started = time.monotonic()
        self.ready_s = 0.0
        self.process = subprocess.Popen([*command, *quiet], stderr=subprocess.PIPE, text=True)

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 90
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"eventwire serve failed: {self.process.stderr.read() if self.process.stderr else ''}")
            try:
                if httpx.get(f"{self.base}/api/config", timeout=2).status_code == 200:
                    # From the start of the process to its first answer (the app renders events before it answers).
                    self.ready_s = time.monotonic() - self.started
                    return self
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("eventwire serve did not answer within 90 s")
            time.sleep(0.2)

    def __exit__(self, *_: object) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def run_wrk(base: str, urls: list[str], clients: int, duration: float, threads: int) -> dict:
    lua = "paths = {" + ",".join(json.dumps(url) for url in urls) + "}\n"
    lua += "counter = 0\nrequest = function()\n  counter = counter + 1\n"
    lua += "  return wrk.format('GET', paths[(counter % #paths) + 1])\nend\n"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    command = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{max(1, round(duration))}s", "--latency", "--timeout", "10s"]
    output = subprocess.run([*command, "-s", script.name, base], capture_output=True, text=True, check=True).stdout
    Path(script.name).unlink()
    return parse_wrk(output)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(output: str) -> dict:
    """p50/p90/p99 (ms), requests/s, requests and errors from wrk's ``--latency`` report."""

    def ms(text: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
        return float(number) * _UNITS[unit]

    percentiles = {f"p{p}": ms(value) for p, value in re.findall(r"^\s+(\d+)%\s+(\S+)", output, re.M)}
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    non_2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", output)) else 0
    socket_errors = 0
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        socket_errors = sum(int(n) for n in m.groups())
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    return {"generator": "wrk", **percentiles, "requests": requests, "requests_per_s": rate,
            "errors": non_2xx + socket_errors, "non_2xx": non_2xx, "socket_errors": socket_errors}  # fmt: skip


async def _python_load(base: str, urls: list[str], clients: int, duration: float) -> dict:
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:

        async def one(offset: int) -> None:
            nonlocal errors
            n = offset
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    response = await client.get(urls[n % len(urls)])
                    await response.aread()
                    errors += response.status_code != 200
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - started) * 1000)
                n += clients

        await asyncio.gather(*(one(i) for i in range(clients)))
    latencies.sort()

    def at(share: float) -> float:
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] if latencies else float("nan")

    return {"generator": "python-httpx", "p50": at(0.5), "p90": at(0.9), "p99": at(0.99),
            "requests": len(latencies), "requests_per_s": len(latencies) / duration, "errors": errors}  # fmt: skip


def run_python_load(base: str, urls: list[str], clients: int, duration: float) -> dict:
    """The fallback generator, in its own process so it does not share this one's interpreter lock."""
    code = (
        "import asyncio, json, sys; sys.path.insert(0, sys.argv[1]); import api_load; "
        "print(json.dumps(asyncio.run(api_load._python_load(sys.argv[2], json.loads(sys.argv[3]), "
        "int(sys.argv[4]), float(sys.argv[5])))))"
    )
    here = str(Path(__file__).resolve().parent)
    arguments = [here, base, json.dumps(urls), str(clients), str(duration)]
    done = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


async def sse_fan_out(base: str, db: str, clients: int, seed: int) -> dict:
    """Connect ``clients`` streams, write one event, time until every stream has it."""
    connected = asyncio.Event()
    ready = 0
    arrived: dict[int, float] = {}
    new_id: list[str] = []
    done = asyncio.Event()

    async def listen(number: int, client: httpx.AsyncClient) -> None:
        nonlocal ready
        async with client.stream("GET", "/api/stream") as response:
            async for line in response.aiter_lines():
                if line.startswith(": connected"):
                    ready += 1
                    if ready == clients:
                        connected.set()
                elif line.startswith("data:") and new_id and new_id[0] in line:
                    arrived[number] = time.perf_counter()
                    if len(arrived) == clients:
                        done.set()
                    return

    limits = httpx.Limits(max_connections=clients + 10, max_keepalive_connections=clients + 10)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=httpx.Timeout(30, read=None)) as client:
        tasks = [asyncio.create_task(listen(i, client)) for i in range(clients)]
        await asyncio.wait_for(connected.wait(), 60)
        engine = make_engine(db)
        (event_id,) = await asyncio.to_thread(_insert_one, engine, seed)
        new_id.append(event_id)
        committed = time.perf_counter()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), 30)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        engine.dispose()
    delays = sorted((moment - committed) * 1000 for moment in arrived.values())
    middle = delays[len(delays) // 2] if delays else None
    return {"clients": clients, "received": len(delays), "first_ms": delays[0] if delays else None,
            "median_ms": middle, "all_ms": delays[-1] if delays else None}  # fmt: skip


def _insert_one(engine, seed: int) -> list[str]:  # engine: sqlalchemy Engine
    return insert_events(engine, 1, seed=seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database URL")
    parser.add_argument("--events", type=int, default=100_000, help="top the database up to this many events")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of query load")
    parser.add_argument(
        "--warmup", type=float, default=0.0, help="seconds of the same load first, not reported (steady state)"
    )
    parser.add_argument("--clients", type=int, default=50, help="concurrent query connections")
    parser.add_argument("--sse-clients", type=int, default=100, help="live-stream connections")
    parser.add_argument("--workers", type=int, default=1, help="server processes (eventwire serve --workers)")
    parser.add_argument("--distinct", type=int, default=500, help="different query URLs to cycle through")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--python", action="store_true", help="use the Python load generator even if wrk exists")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    events = ensure_events(args.db, args.events, args.seed)
    urls = query_urls(args.distinct, seed=args.seed, today=date.today())
    report: dict = {"db": args.db.split("://")[0], "events": events, "clients": args.clients,
                    "duration_s": args.duration, "workers": args.workers}  # fmt: skip
    with Server(args.db, args.workers) as server:
        report["server_ready_s"] = round(server.ready_s, 2)
        for url in urls[:20]:  # warm the server's caches and connections as a first visitor would
            httpx.get(server.base + url, timeout=30)
        use_wrk = shutil.which("wrk") and not args.python
        if args.warmup > 0:
            report["warmup_s"] = args.warmup
            if use_wrk:
                run_wrk(server.base, urls, args.clients, args.warmup, args.threads)
            else:
                run_python_load(server.base, urls, args.clients, args.warmup)
        report["queries"] = (
            run_wrk(server.base, urls, args.clients, args.duration, args.threads)
            if use_wrk
            else run_python_load(server.base, urls, args.clients, args.duration)
        )
        fresh_seed = random.SystemRandom().getrandbits(32)  # a new event each run, never one already stored
        report["stream"] = asyncio.run(sse_fan_out(server.base, args.db, args.sse_clients, fresh_seed))
    queries, stream = report["queries"], report["stream"]
    print(json.dumps(report, indent=2))
    print(
        f"{report['db']}, {events} events, {args.clients} clients ({queries['generator']}"
        f"{f', after {args.warmup:g} s of warm-up' if args.warmup > 0 else ', cold'}): "
        f"p50 {queries['p50']:.1f} ms, p99 {queries['p99']:.1f} ms, {queries['requests_per_s']:.0f} req/s, "
        f"{queries['errors']} errors; stream: {stream['received']}/{stream['clients']} clients had the new event "
        f"after {stream['all_ms']:.0f} ms (first {stream['first_ms']:.0f} ms)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
