"""Benchmark the fetcher against a bare httpx.AsyncClient loop (the floor), on loopback.

    .venv/bin/python benchmarks/fetch.py [--pages 3000] [--concurrency 32] [--hosts 4] [--rounds 3]

A separate server process per "host" (one port each) answers every GET with the same ~16 KB
GBK-encoded report page (and 404 for /robots.txt) over keep-alive HTTP/1.1. Each client run
happens in a fresh child process, so CPU time and peak RSS belong to that client alone.

Part 1 — throughput, zero politeness delay: pages/s, CPU ms per page, peak RSS for the floor and
for Fetcher at the same concurrency, side by side, with the ratio (target ≥ 70 % of the floor).
Part 2 — politeness: with a per-host delay d and H hosts the rate cannot exceed H/d; print the
achieved rate next to that bound.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import resource
import socket
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PAGE = (
    '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    "<title>某某区人民政府2023年政府信息公开工作年度报告</title></head><body><div class='TRS_Editor'>"
    + "<p>本报告根据《中华人民共和国政府信息公开条例》要求编制，全年主动公开政府信息1234条，"
    "受理政府信息公开申请248件，其中予以公开115件，部分公开20件。</p>"
    * 60
    + "<table><tr><td>收到行政复议</td><td>3</td></tr></table></div></body></html>"
).encode("gbk")


# --------------------------------------------------------------------------- server


def _response(status: str, body: bytes, content_type: str) -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


_PAGE_RESPONSE = _response("200 OK", PAGE, "text/html")
_ROBOTS_RESPONSE = _response("404 Not Found", b"no robots here", "text/plain")


class _Http(asyncio.Protocol):
    """Minimal keep-alive HTTP/1.1 responder for GET requests without bodies."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            request, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            line = request.split(b"\r\n", 1)[0]
            robots = b" /robots.txt " in line
            self.transport.write(_ROBOTS_RESPONSE if robots else _PAGE_RESPONSE)  # type: ignore[attr-defined]


def _serve(sock: socket.socket) -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(_Http, sock=sock, backlog=1024)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def start_servers(hosts: int) -> tuple[list[str], list[mp.Process]]:
    origins, procs = [], []
    ctx = mp.get_context("fork")
    for _ in range(hosts):
        sock = socket.create_server(("127.0.0.1", 0), backlog=1024)
        origins.append(f"http://127.0.0.1:{sock.getsockname()[1]}")
        proc = ctx.Process(target=_serve, args=(sock,), daemon=True)
        proc.start()
        sock.close()
        procs.append(proc)
    return origins, procs


# --------------------------------------------------------------------------- clients (each in a child process)


async def _floor(urls: list[str], concurrency: int) -> int:
    import httpx

    sem = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency + 4, max_keepalive_connections=concurrency + 4)
    async with httpx.AsyncClient(limits=limits, trust_env=False) as client:

        async def one(url: str) -> int:
            async with sem:
                response = await client.get(url)
                return len(response.content) if response.status_code == 200 else 0

        sizes = await asyncio.gather(*(one(u) for u in urls))
    return sum(1 for s in sizes if s)


async def _ours(urls: list[str], concurrency: int, delay: float = 0.0) -> int:
    from linhai_scrape.fetch import FetchConfig, Fetcher

    config = FetchConfig(
        global_concurrency=concurrency,
        per_host_concurrency=concurrency,
        per_host_delay=delay,
        respect_robots=True,
        trust_env=False,
    )
    async with Fetcher(config) as fetcher:

        async def one(url: str) -> int:  # keep nothing but a count, like the floor
            result = await fetcher.fetch(url)
            if result.outcome != "ok" or result.decoded is None or result.decoded.encoding != "gb18030":
                raise SystemExit(f"fetcher failed: {result.describe()}")
            return len(result.body)

        sizes = await asyncio.gather(*(one(u) for u in urls))
    return sum(1 for s in sizes if s)


def _child(mode: str, urls: list[str], concurrency: int, delay: float, out: mp.Queue) -> None:
    import httpx  # noqa: F401  (imports stay outside the timed region)

    import linhai_scrape.fetch  # noqa: F401

    coro = _floor(urls, concurrency) if mode == "floor" else _ours(urls, concurrency, delay)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    pages = asyncio.run(coro)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    out.put({"mode": mode, "pages": pages, "wall": wall, "cpu": cpu, "rss_mb": rss_mb})


def measure(mode: str, urls: list[str], concurrency: int, delay: float = 0.0) -> dict:
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(mode, urls, concurrency, delay, queue))
    proc.start()
    result = queue.get(timeout=300)
    proc.join()
    return result


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    origins, procs = start_servers(args.hosts)
    time.sleep(0.3)
    try:
        urls = [f"{origins[i % len(origins)]}/col/2024/t20240131_{i}.html" for i in range(args.pages)]
        print(
            f"Part 1: {args.pages} pages of {len(PAGE):,} bytes (GBK), {args.hosts} hosts on loopback, "
            f"concurrency {args.concurrency}, no politeness delay; {args.rounds} alternating rounds"
        )
        runs: dict[str, list[dict]] = {"floor": [], "fetcher": []}
        for _ in range(args.rounds):
            for mode in ("floor", "fetcher"):
                runs[mode].append(measure(mode, urls, args.concurrency))
        print(f"{'':<26}{'best p/s':>10}{'median':>10}{'CPU ms/page':>13}{'peak RSS MB':>13}")
        best, median = {}, {}
        for mode, label in (("floor", "bare httpx.AsyncClient"), ("fetcher", "linhai Fetcher")):
            rates = [r["pages"] / r["wall"] for r in runs[mode]]
            top = max(runs[mode], key=lambda r: r["pages"] / r["wall"])
            best[mode] = top["pages"] / top["wall"]
            median[mode] = statistics.median(rates)
            cpu_ms = statistics.median(r["cpu"] / r["pages"] * 1000 for r in runs[mode])
            rss = max(r["rss_mb"] for r in runs[mode])
            print(
                f"{label:<26}{best[mode]:>10.0f}{statistics.median(rates):>10.0f}{cpu_ms:>13.2f}{rss:>13.1f}"
            )
        ratio, ratio_median = best["fetcher"] / best["floor"], median["fetcher"] / median["floor"]
        verdict = "OK" if min(ratio, ratio_median) >= 0.7 else "BELOW TARGET"
        print(f"ratio fetcher/floor: best {ratio:.0%}, median {ratio_median:.0%} (target ≥ 70%) -> {verdict}")
        print(f"(the server processes share this machine's {os.cpu_count()} CPUs; rounds vary by ±15%)")

        print("\nPart 2: politeness — per-host delay d, H hosts; the rate cannot exceed H/d")
        print(f"{'H':>3}{'d (s)':>8}{'pages':>7}{'bound H/d':>11}{'achieved':>10}{'of bound':>10}")
        for hosts, delay in ((1, 0.05), (args.hosts, 0.05), (args.hosts, 0.02)):
            per_host = max(10, int(2.0 / delay))  # ~2 s per run
            chosen = origins[:hosts]
            polite_urls = [f"{o}/p/{i}.html" for o in chosen for i in range(per_host)]
            r = measure("fetcher", polite_urls, args.concurrency, delay)
            rate, bound = r["pages"] / r["wall"], hosts / delay
            print(f"{hosts:>3}{delay:>8.2f}{r['pages']:>7}{bound:>11.0f}{rate:>10.1f}{rate / bound:>10.0%}")
        print("(each host also serves one robots.txt request, spaced like the pages)")
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.join(timeout=5)


if __name__ == "__main__":
    main()
