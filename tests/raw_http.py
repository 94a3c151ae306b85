"""A loopback HTTP server that answers by hand, for the hostile answers a well-behaved framework
will not send: a Location no URL parser accepts, a body that trickles in byte by byte.

    with RawHttp({"/page": trickle(b"<html>…", every=0.05)}) as srv:
        srv.url + "/page"

Each route is ``answer(conn, stop)``; ``stop`` is set when the server closes, so a stalled answer
ends at once. A path without a route answers 404 (robots.txt, for one).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Mapping

Answer = Callable[[socket.socket, threading.Event], None]


def respond(status: str, headers: Mapping[str, str] | None = None, body: bytes = b"") -> Answer:
    """A whole answer at once."""

    def answer(conn: socket.socket, stop: threading.Event) -> None:
        head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        head += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        conn.sendall(head.encode("latin-1") + body)

    return answer


def trickle(body: bytes, *, every: float = 0.05, content_type: str = "text/html; charset=utf-8") -> Answer:
    """A 200 whose headers come at once and whose body then comes one byte every ``every`` seconds."""

    def answer(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(
            f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        )
        for i in range(len(body)):
            if stop.wait(every):
                return
            conn.sendall(body[i : i + 1])

    return answer


class RawHttp:
    def __init__(self, routes: Mapping[str, Answer]) -> None:
        self.routes = dict(routes)
        self.stop = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.requests: list[str] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> RawHttp:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=2)
        self.sock.close()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    data += chunk
                path = data.split(b" ", 2)[1].decode("latin-1")
                self.requests.append(path)
                answer = self.routes.get(path.split("?")[0], respond("404 Not Found"))
                answer(conn, self.stop)
            except OSError:
                pass
