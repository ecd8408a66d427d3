"""A small Server-Sent Events client on a plain socket, in a thread, that a test can cut off at any moment.

It speaks just enough HTTP/1.1 for a local uvicorn: one GET, the status line, chunked transfer.
Messages land in ``messages`` (a queue of :class:`SseMessage`), comments in ``comments``.
"""

from __future__ import annotations

import queue
import socket
import threading
from dataclasses import dataclass


@dataclass
class SseMessage:
    id: str | None
    event: str
    data: str


class SseClient(threading.Thread):
    def __init__(self, port: int, path: str = "/api/stream", last_event_id: int | None = None) -> None:
        super().__init__(daemon=True)
        self.port, self.path, self.last_event_id = port, path, last_event_id
        self.messages: queue.Queue[SseMessage] = queue.Queue()
        self.comments: queue.Queue[str] = queue.Queue()
        self.status: int | None = None
        self._stopping = threading.Event()
        self._socket = socket.create_connection(("127.0.0.1", port), timeout=10)
        self._socket.settimeout(0.2)

    def run(self) -> None:
        headers = f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nAccept: text/event-stream\r\n"
        if self.last_event_id is not None:
            headers += f"Last-Event-ID: {self.last_event_id}\r\n"
        self._socket.sendall((headers + "\r\n").encode())
        raw = b""
        try:
            while b"\r\n\r\n" not in raw:
                raw += self._recv()
            head, body = raw.split(b"\r\n\r\n", 1)
            self.status = int(head.split(b" ")[1])
            self._read_chunks(body)
        except (OSError, EOFError):
            pass
        finally:
            self._socket.close()

    def close(self) -> None:
        """Disconnect, as a browser tab being closed does."""
        self._stopping.set()
        self.join(timeout=5)

    def _recv(self) -> bytes:
        while not self._stopping.is_set():
            try:
                data = self._socket.recv(65536)
            except TimeoutError:
                continue
            if not data:
                raise EOFError
            return data
        raise EOFError

    def _read_chunks(self, buffer: bytes) -> None:
        text = b""
        while True:
            while b"\r\n" not in buffer:
                buffer += self._recv()
            size_line, buffer = buffer.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                return
            while len(buffer) < size + 2:
                buffer += self._recv()
            text += buffer[:size]
            buffer = buffer[size + 2 :]
            while b"\n\n" in text:
                block, text = text.split(b"\n\n", 1)
                self._dispatch(block.decode("utf-8"))

    def _dispatch(self, block: str) -> None:
        fields: dict[str, list[str]] = {}
        for line in block.split("\n"):
            if line.startswith(":"):
                self.comments.put(line[1:].strip())
                continue
            key, _, value = line.partition(":")
            fields.setdefault(key, []).append(value.removeprefix(" "))
        if "data" in fields:
            message_id = fields.get("id", [None])[-1]
            self.messages.put(SseMessage(message_id, fields.get("event", ["message"])[-1], "\n".join(fields["data"])))

    def wait_connected(self, timeout: float = 10) -> None:
        assert self.comments.get(timeout=timeout) == "connected"
        assert self.status == 200

    def take(self, count: int, timeout: float = 30) -> list[SseMessage]:
        """The next ``count`` messages (fails after ``timeout`` seconds in all)."""
        import time

        deadline = time.monotonic() + timeout
        got = []
        while len(got) < count:
            remaining = deadline - time.monotonic()
            try:
                got.append(self.messages.get(timeout=max(0.01, remaining)))
            except queue.Empty:
                raise AssertionError(f"got {len(got)} of {count} messages in {timeout} s: {got}") from None
        return got
