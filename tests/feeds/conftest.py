"""Real HTTP servers on loopback addresses, programmed per test, recording every request they get."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eventwire.ingest.fetch import Fetcher, FetchOptions
from eventwire.ingest.netsafety import AllowList


@dataclass
class Reply:
    """What a route answers: a status, headers and a body (bytes, or chunks written one by one)."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    body: bytes | Iterable[bytes] = b""


@dataclass
class Hit:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when the request line arrived


Route = Reply | Callable[[Hit], Reply]


class Site:
    """An HTTP server on ``host`` (a loopback address) in a thread.

    Routes map a path (query included) to a Reply or a function of the request; other paths get
    ``fallback`` (404 unless set). ``hits`` lists every request, in arrival order.
    """

    def __init__(self, host: str = "127.0.0.1", tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.fallback: Route = Reply(404, {"Content-Type": "text/plain"}, b"not found")
        self.hits: list[Hit] = []
        self.stop = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hit = Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
                site.hits.append(hit)
                route = site.routes.get(self.path, site.fallback)
                reply = route(hit) if callable(route) else route
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    if isinstance(reply.body, bytes) and "Content-Length" not in reply.headers:
                        self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    for chunk in [reply.body] if isinstance(reply.body, bytes) else reply.body:
                        if site.stop.is_set():
                            break
                        self.wfile.write(chunk)
                        self.wfile.flush()
                except OSError:
                    pass  # the client gave up (size or time cap): that is what the test wants

            def log_message(self, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass

        self.server = Server((host, 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.scheme = "https" if tls else "http"
        self.host = host
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def url(self, path: str = "/", host: str | None = None) -> str:
        return f"{self.scheme}://{host or self.host}:{self.port}{path}"

    def route(self, path: str, reply: Route) -> str:
        """Serve ``reply`` at ``path``; returns the full URL."""
        self.routes[path] = reply
        return self.url(path)

    def paths(self) -> list[str]:
        return [hit.path for hit in self.hits]

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


class ManualClock:
    """A clock that moves only when told (or when slept on): hours of backoff in no time."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)

    def advance(self, seconds: float) -> None:
        self.now += seconds


def dribble(every_s: float = 0.05) -> Iterator[bytes]:
    """A body that never ends: one byte every ``every_s`` seconds."""
    while True:
        yield b"x"
        time.sleep(every_s)


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site("127.0.0.1")
    yield server
    server.close()


@pytest.fixture
def other_site() -> Iterator[Site]:
    """A second server on 127.0.0.2: also loopback, but not on the tests' allow list."""
    server = Site("127.0.0.2")
    yield server
    server.close()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for the name ``news.test``: (certificate file, key file)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=news.test",
         "-addext", "subjectAltName=DNS:news.test", "-keyout", key, "-out", cert],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_site(certificate: tuple[str, str]) -> Iterator[Site]:
    """An HTTPS server on 127.0.0.1 whose certificate names ``news.test``."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    server = Site("127.0.0.1", tls=context)
    yield server
    server.close()


@pytest.fixture
def allow_local() -> AllowList:
    return AllowList.parse(["127.0.0.1"])


@pytest.fixture
def fetcher(allow_local: AllowList) -> Iterator[Fetcher]:
    with Fetcher(FetchOptions(allow=allow_local, deadline_s=10)) as client:
        yield client
