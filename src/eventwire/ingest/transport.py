"""The fetcher's connections: checked addresses only, and a wall-clock deadline on every socket operation.

httpx resolves and connects in httpcore's network backend. :class:`PinnedBackend` replaces it:
it resolves the host once, checks every address (:mod:`.netsafety`) and connects to one of those
same addresses, so no second DNS answer can slip in between check and connect (DNS rebinding).
TLS still verifies the certificate against the host name, since httpcore passes it as SNI.

Read timeouts alone do not stop a server that sends one byte every few seconds forever. Each
stream here also shortens every read and write to what is left of the current fetch's deadline
(:func:`deadline`), so a whole fetch, headers included, ends when its time is up.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import ssl
import time
import typing
from collections.abc import Iterator

import httpcore
import httpx

from eventwire.errors import FetchDeadline
from eventwire.ingest.netsafety import AllowList, Resolver, resolve_checked

_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("fetch_deadline", default=None)


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every network operation inside the block fails with ``FetchDeadline`` once ``seconds`` have passed."""
    token = _DEADLINE.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def deadline_passed() -> bool:
    """True inside :func:`deadline` once its time is up."""
    current = _DEADLINE.get()
    return current is not None and time.monotonic() >= current[0]


def _time_left(timeout: float | None) -> float | None:
    """``timeout`` shortened to what is left of the deadline; raises ``FetchDeadline`` when nothing is."""
    current = _DEADLINE.get()
    if current is None:
        return timeout
    left = current[0] - time.monotonic()
    if left <= 0:
        raise FetchDeadline(f"gave up after {current[1]:g} s: the server had not finished")
    return min(left, math.inf if timeout is None else timeout)


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose reads and writes never wait past the current deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _time_left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _time_left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _time_left(timeout)))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class PinnedBackend(httpcore.NetworkBackend):
    """Connect only to addresses that passed the safety check, the very ones that were checked."""

    def __init__(self, allow: AllowList, resolver: Resolver | None = None) -> None:
        self._allow = allow
        self._resolver = resolver
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = resolve_checked(host, port, self._allow, self._resolver)
        failure: Exception | None = None
        for address in addresses:  # like socket.create_connection: the first address that answers
            try:
                stream = self._inner.connect_tcp(str(address), port, _time_left(timeout), local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return DeadlineStream(stream)
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: typing.Iterable[typing.Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("the fetcher does not connect to Unix sockets")


class PinnedTransport(httpx.HTTPTransport):
    """httpx's own HTTP/1.1 transport on a :class:`PinnedBackend`; no proxies (they would resolve for us).

    Certificates are checked against certifi's CAs, or those of ``ca_file`` (a private CA) when given.
    """

    def __init__(
        self,
        allow: AllowList,
        resolver: Resolver | None = None,
        *,
        ca_file: str | None = None,
        max_connections: int = 10,
    ) -> None:
        super().__init__(trust_env=False)
        # httpx has no public way to pass a network backend; its transport keeps the httpcore pool in
        # ``_pool``. Build the same pool with our backend, and fail loudly if httpx ever changes this.
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):
            raise RuntimeError("httpx.HTTPTransport changed: cannot install the address-checking network backend")
        self._pool.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl.create_default_context(cafile=ca_file) if ca_file else httpx.create_ssl_context(),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            network_backend=PinnedBackend(allow, resolver),
        )
