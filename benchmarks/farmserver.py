"""A fast static server for the benchmarks' generated portal farms: one process, one asyncio event
loop, one listening port per portal (hundreds of them), stdlib only.

The demo's ``PortalFarm`` (a ``ThreadingHTTPServer`` per portal, a thread per connection, a
sha256 per answer) costs the machine about as much CPU per page as the crawler's own fetching; on
a 2-core machine that would be measured as the crawler's slowness. This server answers a page in
tens of microseconds: keep-alive HTTP/1.1, GET and HEAD, ETag and Last-Modified from the file's
size and mtime with 304 answers to conditional requests, 404 for anything else (``robots.txt``
included: everything may be crawled). ``--latency`` holds each answer back that long, as a distant
server would, without costing CPU.

    python benchmarks/farmserver.py FARM_DIR [--latency 0.0]

prints one JSON line ``{"base_urls": {site: url}, "sites": {...}}`` once it listens, then serves
until its standard input closes. Each line written to its standard input makes it print a JSON
line of the requests answered since the last one: counts by status, and the times of the first
and the last (``time.time()``).
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import json
import os
import socket
import sys
import time
from collections import Counter
from pathlib import Path

_TYPES = {".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8", ".txt": "text/plain"}


class Farm:
    """The farm's sites, and what the server has answered."""

    def __init__(self, root: Path, latency: float) -> None:
        self.root = root
        self.config = json.loads((root / "farm.json").read_text(encoding="utf-8"))
        self.latency = latency
        self.statuses: Counter[int] = Counter()
        self.first: float | None = None
        self.last: float | None = None

    def answer(self, site: str, method: str, path: str, headers: dict[bytes, bytes]) -> bytes:
        now = time.time()
        self.first = self.first if self.first is not None else now
        self.last = now
        target = self.root / site / path.split("?", 1)[0].lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        try:
            stat = target.stat()
            if not target.is_file() or ".." in path:
                raise FileNotFoundError
        except OSError:
            return self._reply(404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html", {})
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
        modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        validators = {"ETag": etag, "Last-Modified": modified}
        if headers.get(b"if-none-match", b"").decode() == etag or (
            b"if-none-match" not in headers and headers.get(b"if-modified-since", b"").decode() == modified
        ):
            return self._reply(304, b"", None, validators)
        body = b"" if method == "HEAD" else target.read_bytes()
        content_type = _TYPES.get(target.suffix.lower(), "application/octet-stream")
        return self._reply(200, body, content_type, validators, length=stat.st_size)

    def _reply(
        self,
        status: int,
        body: bytes,
        content_type: str | None,
        headers: dict[str, str],
        *,
        length: int | None = None,
    ) -> bytes:
        self.statuses[status] += 1
        reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
        lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body) if length is None else length}"]
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        lines += [f"{k}: {v}" for k, v in headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class _Portal(asyncio.Protocol):
    """One connection to one portal: requests answered in order (HTTP/1.1 keep-alive, no pipelining
    needed by the crawler but handled)."""

    def __init__(self, farm: Farm, site: str) -> None:
        self.farm = farm
        self.site = site
        self.buffer = b""
        self.transport: asyncio.Transport | None = None
        self.queue: asyncio.Queue[bytes | None] = asyncio.Queue()
        self.writer: asyncio.Task[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        if self.farm.latency:
            self.writer = asyncio.get_running_loop().create_task(self._write_later())

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            lines = head.split(b"\r\n")
            method, path, _ = lines[0].decode("latin-1").split(" ", 2)
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get(b"content-length", b"0") or 0)
            self.buffer = self.buffer[length:]  # a form body: the farm's pages ignore it
            reply = self.farm.answer(self.site, method, path, headers)
            if self.writer is not None:
                self.queue.put_nowait(reply)
            elif self.transport is not None:
                self.transport.write(reply)

    async def _write_later(self) -> None:
        while (reply := await self.queue.get()) is not None:
            await asyncio.sleep(self.farm.latency)
            if self.transport is None or self.transport.is_closing():
                return
            self.transport.write(reply)

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        if self.writer is not None:
            self.queue.put_nowait(None)


async def serve(root: Path, latency: float) -> None:
    farm = Farm(root, latency)
    loop = asyncio.get_running_loop()
    servers, base_urls = [], {}
    for site in farm.config["sites"]:
        sock = socket.create_server(("127.0.0.1", 0), backlog=1024)
        server = await loop.create_server(lambda site=site: _Portal(farm, site), sock=sock)
        servers.append(server)
        base_urls[site] = f"http://127.0.0.1:{sock.getsockname()[1]}"
    print(json.dumps({"base_urls": base_urls, "sites": farm.config["sites"]}), flush=True)
    stdin_closed = asyncio.Event()

    def command() -> None:
        data = os.read(0, 4096)
        if not data:
            stdin_closed.set()
        for _ in range(data.count(b"\n")):  # "stats": what was answered since the last stats
            print(
                json.dumps({"statuses": dict(farm.statuses), "first": farm.first, "last": farm.last}),
                flush=True,
            )
            farm.statuses.clear()
            farm.first = farm.last = None

    loop.add_reader(sys.stdin.fileno(), command)
    await stdin_closed.wait()
    for server in servers:
        server.close()


class Running:
    """The server in a child process: ``with Running(farm_dir) as server: server.base_urls``."""

    def __init__(self, root: Path, *, latency: float = 0.0) -> None:
        import subprocess

        self.proc = subprocess.Popen(
            [sys.executable, __file__, str(root), "--latency", str(latency)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        info = json.loads(self.proc.stdout.readline())
        self.base_urls: dict[str, str] = info["base_urls"]
        self.sites: dict[str, dict] = info["sites"]

    def sources_toml(self, *, delay: float, max_pages: int = 1000) -> str:
        lines = [f"[defaults]\ndelay = {delay}\nmax_pages = {max_pages}\n"]
        for name, site in self.sites.items():
            lines.append(
                f'[[source]]\nname = "{name}"\nagency = "{site["agency"]}"\n'
                f'start_urls = ["{self.base_urls[name]}{site["start"][0]}"]\ncms = "{site.get("cms", "auto")}"\n'
            )
        return "\n".join(lines)

    def cpu_seconds(self) -> float:
        """The server's CPU time so far (Linux /proc)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def answered(self) -> dict:
        """The requests answered since the last call: ``{"statuses": {code: n}, "first": t, "last": t}``."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("stats\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def stop(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)

    def __enter__(self) -> Running:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.stop()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("farm", type=Path)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds each answer is held back")
    args = parser.parse_args()
    asyncio.run(serve(args.farm, args.latency))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
