"""Tests for linhai_scrape.fetch against real HTTP servers on 127.0.0.1 (no mocked transport).

pytest-httpserver serves ordinary answers; a tiny raw TCP server (below) does what a well-behaved
server cannot: stall mid-body, drop the connection, drip bytes.
"""

from __future__ import annotations

import asyncio
import codecs
import gzip
import json
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from email.utils import formatdate

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from linhai_scrape.fetch import (
    DEFAULT_USER_AGENT,
    FetchConfig,
    Fetcher,
    FetchResult,
    _parse_retry_after,
    _private_address,
    classify_kind,
    fetch_url,
    save_raw,
)

REPORT = "2023年政府信息公开工作年度报告：全年主动公开政府信息1,234条，受理政府信息公开申请248件。"
GBK_ONLY = "朱镕基 王堃"  # in GBK, not in GB2312

# Small timeouts and backoff so nothing in this file waits long.
FAST = FetchConfig(
    connect_timeout=1.0,
    read_timeout=0.3,
    total_timeout=5.0,
    retries=3,
    backoff_base=0.01,
    backoff_max=0.05,
    retry_after_cap=0.2,
    per_host_delay=0.0,
    respect_robots=False,
    trust_env=False,
)


def run(coro):
    return asyncio.run(coro)


async def fetch(url: str, config: FetchConfig = FAST, **kw) -> FetchResult:
    async with Fetcher(config) as fetcher:
        return await fetcher.fetch(url, **kw)


# --------------------------------------------------------------------------- servers


def _start(server: HTTPServer) -> Iterator[HTTPServer]:
    server.start()
    try:
        yield server
    finally:
        server.clear()
        if server.is_running():
            server.stop()


@pytest.fixture(scope="module")
def _server_a() -> Iterator[HTTPServer]:
    yield from _start(HTTPServer(host="127.0.0.1", port=0, threaded=True))


@pytest.fixture(scope="module")
def _server_b() -> Iterator[HTTPServer]:
    yield from _start(HTTPServer(host="127.0.0.1", port=0, threaded=True))


@pytest.fixture
def server(_server_a: HTTPServer) -> Iterator[HTTPServer]:
    _server_a.clear()
    yield _server_a
    _server_a.clear()


@pytest.fixture
def server2(_server_b: HTTPServer) -> Iterator[HTTPServer]:
    _server_b.clear()
    yield _server_b
    _server_b.clear()


class RawServer:
    """Loopback TCP server; each connection is answered by ``script(conn, n, stop)``.

    ``n`` counts connections from 1; ``stop`` is set at teardown so stalled scripts end at once.
    """

    def __init__(self, script: Callable[[socket.socket, int, threading.Event], None]) -> None:
        self.script = script
        self.stop = threading.Event()
        self.connections = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.05)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn, self.connections), daemon=True).start()

    def _handle(self, conn: socket.socket, n: int) -> None:
        with conn:
            conn.settimeout(2)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            try:
                self.script(conn, n, self.stop)
            except OSError:
                pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def raw_server():
    servers: list[RawServer] = []

    def make(script):
        servers.append(RawServer(script))
        return servers[-1]

    yield make
    for s in servers:
        s.close()


def html(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>年报</title></head><body><div>{body}</div></body></html>"


# --------------------------------------------------------------------------- encodings


def test_gbk_page_without_charset(server):
    page = html(REPORT * 3)
    server.expect_request("/gbk").respond_with_data(page.encode("gbk"), content_type="text/html")
    r = run(fetch(server.url_for("/gbk")))
    assert (r.outcome, r.attempts, r.status, r.kind) == ("ok", 1, 200, "html")
    assert r.text == page
    assert (r.decoded.encoding, r.decoded.reason, r.decoded.replaced) == ("gb18030", "detected", 0)


def test_gb2312_meta_with_gbk_only_characters(server):
    page = html(REPORT + GBK_ONLY, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    server.expect_request("/gb2312").respond_with_data(page.encode("gbk"), content_type="text/html")
    r = run(fetch(server.url_for("/gb2312")))
    assert r.outcome == "ok"
    assert GBK_ONLY in r.text
    assert (r.decoded.encoding, r.decoded.reason, r.decoded.declared) == ("gb18030", "meta-charset", "gb2312")


def test_utf8_with_bom_beats_a_wrong_http_charset(server):
    page = html(REPORT)
    server.expect_request("/bom").respond_with_data(
        codecs.BOM_UTF8 + page.encode(), content_type="text/html; charset=GBK"
    )
    r = run(fetch(server.url_for("/bom")))
    assert r.text == page
    assert (r.decoded.encoding, r.decoded.reason, r.decoded.declared) == ("utf-8", "bom", "gbk")


def test_http_charset_utf8_on_gbk_bytes_falls_back(server):
    page = html(REPORT)
    server.expect_request("/liar").respond_with_data(
        page.encode("gbk"), content_type="text/html; charset=utf-8"
    )
    r = run(fetch(server.url_for("/liar")))
    assert r.text == page
    assert (r.decoded.encoding, r.decoded.reason) == ("gb18030", "detected")


# --------------------------------------------------------------------------- retries


def counting(responses: list[Response]) -> tuple[Callable[[Request], Response], list[float]]:
    """A handler answering with ``responses`` in turn (the last one repeats); records call times."""
    calls: list[float] = []

    def handler(request: Request) -> Response:
        calls.append(time.monotonic())
        return responses[min(len(calls), len(responses)) - 1]

    return handler, calls


def test_503_twice_then_200(server):
    handler, calls = counting([Response("busy", 503), Response("busy", 503), Response(html(REPORT), 200)])
    server.expect_request("/flaky").respond_with_handler(handler)
    r = run(fetch(server.url_for("/flaky")))
    assert (r.outcome, r.attempts, r.status) == ("ok", 3, 200)
    assert len(calls) == 3


def test_5xx_exhausts_retries_with_clear_error(server):
    server.expect_request("/down").respond_with_data("down", status=502)
    r = run(fetch(server.url_for("/down")))
    assert (r.outcome, r.attempts, r.status) == ("error", 3, 502)
    assert r.error == "HTTP 502 Bad Gateway"
    assert r.describe() == f"{r.url}: HTTP 502 Bad Gateway (after 3 attempts)"


def test_429_retry_after_seconds_is_honoured(server):
    handler, calls = counting([Response("slow down", 429, headers={"Retry-After": "1"}), Response("ok", 200)])
    server.expect_request("/limited").respond_with_handler(handler)
    r = run(fetch(server.url_for("/limited"), replace(FAST, retry_after_cap=5.0)))
    assert (r.outcome, r.attempts) == ("ok", 2)
    # waited what the server asked, not the 10 ms backoff (the upper bound is loose: a loaded CI
    # machine only ever adds time)
    assert 0.95 <= calls[1] - calls[0] < 5


def test_429_retry_after_is_capped(server):
    handler, calls = counting([Response("later", 429, headers={"Retry-After": "3600"}), Response("ok", 200)])
    server.expect_request("/capped").respond_with_handler(handler)
    started = time.monotonic()
    r = run(fetch(server.url_for("/capped")))  # retry_after_cap = 0.2 s
    assert (r.outcome, r.attempts) == ("ok", 2)
    assert 0.18 <= calls[1] - calls[0] < 5  # far below the hour asked for
    assert time.monotonic() - started < 10


def test_503_retry_after_http_date(server):
    when = formatdate(time.time() + 3600, usegmt=True)
    handler, calls = counting([Response("maint", 503, headers={"Retry-After": when}), Response("ok", 200)])
    server.expect_request("/maint").respond_with_handler(handler)
    r = run(fetch(server.url_for("/maint")))
    assert (r.outcome, r.attempts) == ("ok", 2)
    assert 0.18 <= calls[1] - calls[0] < 5  # an hour away, capped to 0.2 s


def test_parse_retry_after():
    assert _parse_retry_after("120") == 120.0
    assert _parse_retry_after(formatdate(1_000_100, usegmt=True), now=1_000_000) == pytest.approx(100, abs=1)
    assert _parse_retry_after(formatdate(0, usegmt=True)) == 0.0  # in the past
    assert _parse_retry_after("soon") is None
    assert _parse_retry_after(None) is None


def test_404_is_not_retried(server):
    server.expect_request("/missing").respond_with_data("<p>页面不存在</p><script>x()</script>", status=404)
    r = run(fetch(server.url_for("/missing")))
    assert (r.outcome, r.attempts, r.status) == ("error", 1, 404)
    assert r.error == "HTTP 404 Not Found"
    assert r.describe().endswith("/missing: HTTP 404 Not Found (after 1 attempt)")


def test_read_stall_times_out_on_every_attempt(raw_server):
    def stall(conn, n, stop):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n<html>")
        stop.wait(5)

    srv = raw_server(stall)
    started = time.monotonic()
    r = run(fetch(srv.url + "/stall"))
    assert (r.outcome, r.attempts, r.status) == ("error", 3, 200)
    assert r.error == (
        "too slow: the server answered (HTTP 200) but its body did not arrive in time: "
        "no data for 0.3 s (6 of 1,000 bytes received)"
    )
    assert time.monotonic() - started < 2.5
    assert srv.connections == 3


def test_dropped_mid_body_is_retried_then_succeeds(raw_server):
    page = html(REPORT).encode()

    def drop_first(conn, n, stop):
        head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(page)}\r\n\r\n"
        conn.sendall(head.encode() + (page[:20] if n == 1 else page))

    srv = raw_server(drop_first)
    r = run(fetch(srv.url + "/drop"))
    assert (r.outcome, r.attempts, r.text) == ("ok", 2, html(REPORT))


def test_dropped_mid_body_every_time(raw_server):
    def drop(conn, n, stop):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + b"x" * 100)

    r = run(fetch(raw_server(drop).url + "/drop"))
    assert (r.outcome, r.attempts) == ("error", 3)
    assert r.error.startswith("connection closed mid-response")


def test_connection_refused_is_retried():
    sock = socket.create_server(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    r = run(fetch(f"http://127.0.0.1:{port}/"))
    assert (r.outcome, r.attempts, r.status) == ("error", 3, None)
    assert r.error.startswith("cannot connect")


def test_total_deadline_stops_a_slow_drip(raw_server):
    def drip(conn, n, stop):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        while not stop.wait(0.05):
            conn.sendall(b"x")

    started = time.monotonic()
    r = run(fetch(raw_server(drip).url + "/drip", replace(FAST, total_timeout=0.5)))
    assert (r.outcome, r.attempts, r.status) == ("error", 1, 200)
    # the server answered: it was too slow, not unreachable
    assert r.error.startswith(
        "too slow: the server answered (HTTP 200) but its body did not arrive within the 0.5 s deadline ("
    )
    assert r.error.endswith(" of 100,000 bytes received)")
    assert r.etag is None and r.headers == {}  # validators of a body we do not hold are not kept
    assert time.monotonic() - started < 1.5


def test_a_server_that_never_answers_is_still_a_deadline(raw_server):
    def silent(conn, n, stop):
        stop.wait(5)

    r = run(fetch(raw_server(silent).url + "/x", replace(FAST, total_timeout=0.5, read_timeout=5)))
    assert (r.outcome, r.status, r.error) == ("error", None, "total deadline of 0.5 s exceeded")


# --------------------------------------------------------------------------- limits


def test_body_over_cap_with_content_length(server):
    server.expect_request("/big").respond_with_data(b"x" * 300_000, content_type="text/html")
    r = run(fetch(server.url_for("/big"), replace(FAST, max_bytes=100_000)))
    assert (r.outcome, r.attempts, r.status) == ("error", 1, 200)
    assert "Content-Length 300,000 bytes exceeds the 100,000-byte cap" in r.error


def test_body_over_cap_while_streaming_chunked(server):
    def chunks():
        for _ in range(50):
            yield b"y" * 10_000

    server.expect_request("/stream").respond_with_response(Response(chunks(), content_type="text/html"))
    r = run(fetch(server.url_for("/stream"), replace(FAST, max_bytes=100_000)))
    assert (r.outcome, r.attempts) == ("error", 1)
    assert r.error == "body exceeds the 100,000-byte cap (stopped while streaming)"


def test_gzip_bomb_is_stopped_early(server):
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    bomb = b"".join(compressor.compress(zeros) for _ in range(50)) + compressor.flush()  # 50 MB of zeros
    assert len(bomb) < 100_000
    server.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    started = time.monotonic()
    r = run(fetch(server.url_for("/bomb")))
    assert (r.outcome, r.attempts) == ("error", 1)
    assert r.error.startswith("decompression bomb: gzip body expands")
    assert time.monotonic() - started < 2


def test_ordinary_gzip_is_decoded(server):
    page = html(REPORT * 20)
    server.expect_request("/gz").respond_with_data(
        gzip.compress(page.encode("gbk")), content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    r = run(fetch(server.url_for("/gz")))
    assert (r.outcome, r.text) == ("ok", page)


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib-deflate", "raw-deflate"])
def test_deflate_with_and_without_zlib_header(server, wbits):
    page = html(REPORT * 5)
    compressor = zlib.compressobj(6, zlib.DEFLATED, wbits)
    body = compressor.compress(page.encode()) + compressor.flush()
    server.expect_request("/deflate").respond_with_data(
        body, content_type="text/html; charset=utf-8", headers={"Content-Encoding": "deflate"}
    )
    assert run(fetch(server.url_for("/deflate"))).text == page


def test_unsupported_content_encoding_is_a_clear_error(server):
    server.expect_request("/br").respond_with_data(b"\x1b\x00", headers={"Content-Encoding": "br"})
    r = run(fetch(server.url_for("/br")))
    assert (r.outcome, r.attempts, r.error) == ("error", 1, "unsupported Content-Encoding 'br'")


def test_redirects_are_followed(server):
    server.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/mid"})
    server.expect_request("/mid").respond_with_data(
        "", status=302, headers={"Location": server.url_for("/new")}
    )
    server.expect_request("/new").respond_with_data(html(REPORT), content_type="text/html; charset=utf-8")
    r = run(fetch(server.url_for("/old")))
    assert (r.outcome, r.attempts, r.final_url) == ("ok", 1, server.url_for("/new"))
    assert r.redirects == (server.url_for("/mid"), server.url_for("/new"))


def test_redirect_loop(server):
    server.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    server.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    r = run(fetch(server.url_for("/a")))
    assert (r.outcome, r.attempts, r.status) == ("error", 1, 302)
    assert (
        r.error == f"redirect loop: {server.url_for('/a')} → {server.url_for('/b')} → {server.url_for('/a')}"
    )


def test_too_many_redirects(server):
    for i in range(6):
        server.expect_request(f"/r{i}").respond_with_data("", status=307, headers={"Location": f"/r{i + 1}"})
    r = run(fetch(server.url_for("/r0"), replace(FAST, max_redirects=3)))
    assert (r.outcome, r.attempts) == ("error", 1)
    assert r.error == "too many redirects (more than 3)"


def test_redirect_to_file_scheme_is_refused(server):
    server.expect_request("/evil").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    r = run(fetch(server.url_for("/evil")))
    assert (r.outcome, r.attempts) == ("error", 1)
    assert r.error == "refused redirect to file:///etc/passwd (scheme 'file' not allowed)"


@pytest.mark.parametrize(
    ("location", "why"),
    [
        ("javascript:void(0)", ""),
        ("data:text/html,x", ""),
        ("mailto:a@b.c", ""),
        ("about:blank", ""),
    ],
)
def test_a_redirect_to_no_usable_address_is_one_refusal(server, location, why):
    server.expect_request("/odd").respond_with_data("", status=302, headers={"Location": location})
    r = run(fetch(server.url_for("/odd")))
    assert (r.outcome, r.attempts) == ("error", 1)
    assert r.error is not None and r.error.startswith("refused redirect") and why in r.error
    assert "robots" not in r.error


# Loopback targets only: were the guard broken, the test must still not reach outside 127.0.0.1.
@pytest.mark.parametrize(
    ("location", "why"),
    [
        ("http://127.0.0.2:{port}/new", "127.0.0.2"),
        ("http://localhost:{port}/new", "localhost resolves to "),
    ],
)
def test_redirect_to_a_private_address_on_another_host_is_refused(server, location, why):
    target = location.format(port=server.port)
    server.expect_request("/hop").respond_with_data("", status=302, headers={"Location": target})
    server.expect_request("/new").respond_with_data(html(REPORT), content_type="text/html; charset=utf-8")
    r = run(fetch(server.url_for("/hop")))
    assert (r.outcome, r.attempts, r.status) == ("error", 1, 302)
    assert r.error.startswith(f"refused redirect to {target} ({why}")
    assert r.error.endswith(
        ": a private or local address on another host than the one asked for; "
        "--allow-private-redirects permits it)"
    )
    assert [entry[0].path for entry in server.log] == ["/hop"]  # nothing was asked of the target


@pytest.mark.parametrize(
    ("target", "refused"),
    [
        ("http://169.254.169.254/latest/meta-data/", True),  # a cloud metadata endpoint
        ("http://10.0.0.7/admin", True),
        ("http://[fd00::1]/", True),
        ("http://192.168.1.1:8080/", True),
        ("http://8.8.8.8/", False),
        ("http://portal.example/x", False),  # same host as asked: never resolved, never refused
    ],
)
def test_private_address_rule(target, refused):
    # literal addresses are judged without any lookup; the same-host case returns before one
    why = run(_private_address("http://portal.example/", target))
    assert (why is not None) is refused


def test_allow_private_redirects_follows_them(server):
    target = f"http://localhost:{server.port}/new"
    server.expect_request("/hop").respond_with_data("", status=302, headers={"Location": target})
    server.expect_request("/new").respond_with_data(html(REPORT), content_type="text/html; charset=utf-8")
    r = run(fetch(server.url_for("/hop"), replace(FAST, allow_private_redirects=True)))
    assert (r.outcome, r.final_url) == ("ok", target)
    assert FetchConfig.from_cli(allow_private_redirects=True).allow_private_redirects


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "not a url", "http://"])
def test_bad_urls_are_errors_without_attempts(url):
    r = run(fetch(url))
    assert (r.outcome, r.attempts, r.status) == ("error", 0, None)
    assert r.error


@pytest.mark.parametrize(
    ("port", "why"), [("99999", "port 99999 is out of range 0-65535"), ("80a", "Invalid port: '80a'")]
)
def test_a_url_with_a_bad_port_is_one_line_naming_it(port, why):
    """Not a ValueError from deep in the robots.txt lookup, blaming robots.txt."""
    r = run(fetch(f"http://127.0.0.1:{port}/r.html", replace(FAST, respect_robots=True)))
    assert (r.outcome, r.attempts, r.status, r.error) == ("error", 0, None, f"invalid URL: {why}")


@pytest.mark.parametrize(
    ("location", "why"),
    [
        ("http://127.0.0.1:99999/x", "port 99999 is out of range 0-65535"),
        ("http://127.0.0.1:1234567/x", "port 1234567 is out of range 0-65535"),
        ("http://127.0.0.1:80a/x", "Invalid port: '80a'"),
    ],
)
def test_a_redirect_to_a_bad_port_is_one_refusal_naming_it(raw_server, location, why):
    def hop(conn, n, stop):
        if n == 1:  # robots.txt
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        else:
            conn.sendall(f"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n".encode())

    r = run(fetch(raw_server(hop).url + "/hop", replace(FAST, respect_robots=True)))
    assert (r.outcome, r.attempts) == ("error", 1)  # refused at once, not retried
    assert r.error is not None and r.error.startswith("refused redirect") and r.error.endswith(f"({why})")
    assert "robots" not in r.error and "ValueError" not in r.error


# --------------------------------------------------------------------------- robots.txt


def test_robots_disallow_and_cache(server):
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    server.expect_request("/public").respond_with_data(html(REPORT), content_type="text/html")
    config = replace(FAST, respect_robots=True)

    async def go():
        async with Fetcher(config) as f:
            return await asyncio.gather(
                f.fetch(server.url_for("/private/report.html")),
                f.fetch(server.url_for("/public")),
                f.fetch(server.url_for("/public")),
            )

    private, public, again = run(go())
    assert (private.outcome, private.attempts, private.error) == ("disallowed", 0, "disallowed by robots.txt")
    assert (public.outcome, again.outcome) == ("ok", "ok")
    robots_fetches = [req for req, _ in server.log if req.path == "/robots.txt"]
    assert len(robots_fetches) == 1
    assert robots_fetches[0].headers["User-Agent"] == DEFAULT_USER_AGENT


def test_redirect_into_a_disallowed_path(server):
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    server.expect_request("/go").respond_with_data("", status=302, headers={"Location": "/private/x"})
    r = run(fetch(server.url_for("/go"), replace(FAST, respect_robots=True)))
    assert (r.outcome, r.final_url) == ("disallowed", server.url_for("/private/x"))
    assert r.error == f"redirected to {server.url_for('/private/x')}: disallowed by robots.txt"
    assert all(req.path != "/private/x" for req, _ in server.log)


def test_robots_for_our_user_agent(server):
    server.expect_request("/robots.txt").respond_with_data(
        "User-agent: linhai-scrape\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    )
    server.expect_request("/page").respond_with_data("hi", content_type="text/plain")
    r = run(fetch(server.url_for("/page"), replace(FAST, respect_robots=True)))
    assert r.outcome == "disallowed"
    r = run(fetch(server.url_for("/page"), replace(FAST, respect_robots=True, user_agent="otherbot/1.0")))
    assert r.outcome == "ok"


def test_ignore_robots(server):
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    server.expect_request("/page").respond_with_data("hi", content_type="text/plain")
    r = run(fetch(server.url_for("/page"), FetchConfig.from_cli(ignore_robots=True, trust_env=False)))
    assert r.outcome == "ok"
    assert all(req.path != "/robots.txt" for req, _ in server.log)


def test_robots_404_allows_everything(server):
    server.expect_request("/robots.txt").respond_with_data("nope", status=404)
    server.expect_request("/page").respond_with_data("hi", content_type="text/plain")
    r = run(fetch(server.url_for("/page"), replace(FAST, respect_robots=True)))
    assert r.outcome == "ok"


def test_robots_5xx_disallows_the_origin(server):
    server.expect_request("/robots.txt").respond_with_data("oops", status=500)
    server.expect_request("/page").respond_with_data("hi", content_type="text/plain")
    r = run(fetch(server.url_for("/page"), replace(FAST, respect_robots=True)))
    assert (r.outcome, r.attempts) == ("disallowed", 0)
    assert "robots.txt unreachable (HTTP 500 Internal Server Error, 3 attempts)" in r.error
    assert all(req.path != "/page" for req, _ in server.log)


def test_robots_crawl_delay_raises_host_delay(server):
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nCrawl-delay: 0.3\n")
    server.expect_request("/page").respond_with_data("hi", content_type="text/plain")

    async def go():
        async with Fetcher(replace(FAST, respect_robots=True)) as f:
            started = time.monotonic()
            await asyncio.gather(*(f.fetch(server.url_for("/page")) for _ in range(3)))
            return time.monotonic() - started

    assert run(go()) >= 0.3 * 3  # robots + 3 pages, 0.3 s apart


# --------------------------------------------------------------------------- conditional, kinds, blocked


def test_conditional_request_gets_not_modified(server):
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(
            html(REPORT),
            content_type="text/html; charset=utf-8",
            headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 Mar 2023 00:00:00 GMT"},
        )

    server.expect_request("/cond").respond_with_handler(handler)
    first = run(fetch(server.url_for("/cond")))
    assert (first.outcome, first.etag, first.last_modified) == ("ok", '"v1"', "Wed, 01 Mar 2023 00:00:00 GMT")
    second = run(fetch(server.url_for("/cond"), etag=first.etag, last_modified=first.last_modified))
    assert (second.outcome, second.status, second.attempts, second.body, second.error) == (
        "not_modified",
        304,
        1,
        b"",
        None,
    )
    request = server.log[-1][0]
    assert request.headers["If-Modified-Since"] == "Wed, 01 Mar 2023 00:00:00 GMT"


@pytest.mark.parametrize("content_type", ["application/pdf", "application/octet-stream", "text/html"])
def test_pdf_is_an_attachment_whatever_the_header(server, content_type):
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
    server.expect_request("/report.pdf").respond_with_data(pdf, content_type=content_type)
    r = run(fetch(server.url_for("/report.pdf")))
    assert (r.outcome, r.kind, r.attempts, r.body, r.decoded) == ("attachment", "pdf", 1, pdf, None)
    assert r.error == "attachment (pdf) — not yet extracted"


@pytest.mark.parametrize(
    ("body", "content_type", "url", "kind"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "application/msword", "/a.doc", "doc"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "application/octet-stream", "/a.wps", "wps"),
        (b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml", "application/octet-stream", "/a", "docx"),
        (b"\x89PNG\r\n\x1a\n" + bytes(20), "image/png", "/a.png", "image"),
        (b"<!DOCTYPE html><html></html>", None, "/x", "html"),
        (b"plain words", "text/plain", "/x.txt", "text"),
        (b"\x00\x01binary", "application/octet-stream", "/x.bin", "other"),
        ("<html><body><p>年度报告</p></body></html>".encode("utf-16-le"), None, "/x", "html"),
        ("一、总体情况\n2022年共受理申请12件，办结10件。\n".encode("utf-16-be"), None, "/x", "text"),
    ],
)
def test_classify_kind(body, content_type, url, kind):
    assert classify_kind(body, content_type, "http://h" + url) == kind


CHALLENGE = (
    b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
    b"<script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=12345;</script>"
    b'<script src="/aBcD/xyz.js" r="m"></script></head><body></body></html>'
)


def test_412_challenge_is_blocked_and_not_retried(server):
    server.expect_request("/waf").respond_with_data(CHALLENGE, status=412, content_type="text/html")
    r = run(fetch(server.url_for("/waf")))
    assert (r.outcome, r.status, r.attempts) == ("blocked", 412, 1)
    assert r.error == "anti-crawler challenge (HTTP 412 Precondition Failed, marker '$_ts')"
    assert len(server.log) == 1


def _cookie_gate(seen: list[str | None], *, opens: bool) -> Callable[[Request], Response]:
    """A WAF that answers 412 with Set-Cookie, and lets in a request carrying that cookie (if ``opens``)."""

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("Cookie"))
        if opens and request.headers.get("Cookie") == "wzws_cid=abc123":
            return Response(html("<h1>年度报告</h1><p>正文</p>"), content_type="text/html; charset=utf-8")
        return Response(
            CHALLENGE, status=412, content_type="text/html", headers={"Set-Cookie": "wzws_cid=abc123; Path=/"}
        )

    return handler


def test_412_that_sets_a_cookie_is_retried_once_with_it(server):
    seen: list[str | None] = []
    server.expect_request("/gate").respond_with_handler(_cookie_gate(seen, opens=True))
    r = run(fetch(server.url_for("/gate")))
    assert (r.outcome, r.status, r.attempts) == ("ok", 200, 1)
    assert "正文" in r.text
    assert seen == [None, "wzws_cid=abc123"]


def test_a_redirect_to_the_same_url_that_sets_a_cookie_is_followed_once(server):
    seen: list[str | None] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("Cookie"))
        if request.headers.get("Cookie") == "wzws_cid=abc123":
            return Response(html("<h1>年度报告</h1><p>正文</p>"), content_type="text/html; charset=utf-8")
        return Response(
            "", status=302, headers={"Location": "/gate302", "Set-Cookie": "wzws_cid=abc123; Path=/"}
        )

    server.expect_request("/gate302").respond_with_handler(handler)
    r = run(fetch(server.url_for("/gate302")))
    assert (r.outcome, r.status) == ("ok", 200) and "正文" in r.text
    assert seen == [None, "wzws_cid=abc123"]


def test_a_redirect_loop_that_keeps_setting_cookies_still_stops(server):
    server.expect_request("/spin").respond_with_data(
        "", status=302, headers={"Location": "/spin", "Set-Cookie": "n=1; Path=/"}
    )
    r = run(fetch(server.url_for("/spin")))
    assert r.outcome == "error" and r.error.startswith("redirect loop:")
    assert len(server.log) == 2


def test_412_that_stays_shut_after_the_cookie_retry_is_blocked(server):
    seen: list[str | None] = []
    server.expect_request("/shut").respond_with_handler(_cookie_gate(seen, opens=False))
    r = run(fetch(server.url_for("/shut")))
    assert (r.outcome, r.status, r.attempts) == ("blocked", 412, 1)
    assert r.error == (
        "anti-crawler challenge (HTTP 412 Precondition Failed, marker '$_ts'); "
        "still blocked after a retry with the cookie it set"
    )
    assert seen == [None, "wzws_cid=abc123"]  # one retry, not a loop


def test_near_empty_script_page_with_200_is_blocked(server):
    page = b"<html><body><script>document.cookie='__jsl_clearance=1;path=/';location.reload()</script></body></html>"
    server.expect_request("/jsl").respond_with_data(page, content_type="text/html")
    r = run(fetch(server.url_for("/jsl")))
    assert (r.outcome, r.status, r.attempts) == ("blocked", 200, 1)
    assert r.error.startswith("near-empty page that only runs script (marker '__jsl_clearance')")


def test_real_page_with_scripts_is_not_blocked(server):
    page = html(
        REPORT * 10 + "<script>var _hmt = _hmt || [];</script><noscript>Please enable JavaScript</noscript>"
    )
    server.expect_request("/real").respond_with_data(page.encode(), content_type="text/html; charset=utf-8")
    assert run(fetch(server.url_for("/real"))).outcome == "ok"


def test_plain_403_is_an_error_not_blocked(server):
    server.expect_request("/forbidden").respond_with_data("<h1>403 Forbidden</h1>", status=403)
    r = run(fetch(server.url_for("/forbidden")))
    assert (r.outcome, r.attempts, r.error) == ("error", 1, "HTTP 403 Forbidden")


def test_521_jiasule_challenge_is_blocked_not_retried(server):
    page = b"<script>document.cookie=('__jsl_clearance_s=1')</script>"
    server.expect_request("/jsl521").respond_with_data(page, status=521, content_type="text/html")
    r = run(fetch(server.url_for("/jsl521")))
    assert (r.outcome, r.attempts, r.status) == ("blocked", 1, 521)


# --------------------------------------------------------------------------- politeness


def test_per_host_delay_spaces_requests_and_hosts_run_in_parallel(server, server2):
    handler, calls = counting([Response("ok", content_type="text/plain")])
    server.expect_request("/p").respond_with_handler(handler)
    server2.expect_request("/p").respond_with_data("ok", content_type="text/plain")
    # a delay long enough that "in parallel" and "one after the other" stay apart on a loaded machine
    delay, n = 0.25, 4
    config = replace(FAST, per_host_delay=delay, per_host_concurrency=4)

    async def go(urls):
        async with Fetcher(config) as f:
            started = time.monotonic()
            results = await asyncio.gather(*(f.fetch(u) for u in urls))
            return time.monotonic() - started, results

    one_host, results = run(go([server.url_for("/p")] * n))
    assert all(r.outcome == "ok" for r in results)
    assert one_host >= (n - 1) * delay
    gaps = [later - earlier for earlier, later in zip(calls, calls[1:], strict=False)]
    # Spacing is enforced where requests are sent; these are arrival times, which a busy server
    # thread can delay for one request and not the next. Bunched requests would arrive ~0 s apart.
    assert len(calls) == n and min(gaps) >= delay * 0.5

    two_hosts, results = run(go([server.url_for("/p")] * n + [server2.url_for("/p")] * n))
    assert all(r.outcome == "ok" for r in results)
    assert (n - 1) * delay <= two_hosts < (2 * n - 1) * delay  # in parallel, not one after the other


def test_global_concurrency_limit(raw_server):
    active = 0
    peak = 0
    lock = threading.Lock()

    def slow(conn, n, stop):
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        stop.wait(0.1)
        with lock:
            active -= 1
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
        )

    servers = [raw_server(slow) for _ in range(3)]
    config = replace(FAST, global_concurrency=2, per_host_concurrency=2)

    async def go():
        async with Fetcher(config) as f:
            return await asyncio.gather(*(f.fetch(s.url + f"/{i}") for s in servers for i in range(3)))

    assert all(r.outcome == "ok" for r in run(go()))
    assert peak <= 2


# --------------------------------------------------------------------------- conveniences


def test_fetch_url_and_save_raw(server, tmp_path):
    page = html(REPORT, '<meta charset="gbk">')
    server.expect_request("/save").respond_with_data(page.encode("gbk"), content_type="text/html")
    r = fetch_url(server.url_for("/save"), FAST)
    assert r.outcome == "ok"
    path = save_raw(r, tmp_path / "raw")
    assert path.name == r.sha256 + ".html"
    assert path.read_bytes() == page.encode("gbk")
    sidecar = json.loads((tmp_path / "raw" / f"{r.sha256}.json").read_text(encoding="utf-8"))
    assert sidecar["url"] == sidecar["final_url"] == server.url_for("/save")
    assert (sidecar["status"], sidecar["encoding"], sidecar["encoding_reason"]) == (
        200,
        "gb18030",
        "meta-charset",
    )
    assert sidecar["headers"]["content-type"] == "text/html"
    assert sidecar["fetched_at"].endswith("+00:00")
    assert save_raw(r, tmp_path / "raw") == path  # idempotent


def test_save_raw_refuses_empty_body(tmp_path):
    r = run(fetch("ftp://example.org/"))
    with pytest.raises(ValueError, match="nothing to save"):
        save_raw(r, tmp_path)


def test_user_agent_and_from_cli(server):
    server.expect_request("/ua").respond_with_data("ok", content_type="text/plain")
    config = FetchConfig.from_cli(
        timeout=2, retries=1, user_agent="custom/9", ignore_robots=True, trust_env=False
    )
    assert (config.total_timeout, config.connect_timeout, config.read_timeout, config.retries) == (2, 2, 2, 1)
    r = fetch_url(server.url_for("/ua"), config)
    assert r.outcome == "ok"
    assert server.log[-1][0].headers["User-Agent"] == "custom/9"
    assert DEFAULT_USER_AGENT.startswith("linhai-scrape/")


def test_bad_config_is_rejected():
    with pytest.raises(ValueError, match="retries"):
        FetchConfig(retries=0)


def test_bad_connect_to_is_rejected():
    for pair in (("127.0.0.1", "127.0.0.1:8080"), ("127.0.0.1:8080", "127.0.0.1:99999"), ("a:1/x", "b:2")):
        with pytest.raises(ValueError, match="connect_to"):
            FetchConfig(connect_to=(pair,))


def test_connect_to_sends_the_request_elsewhere_under_its_own_url(server, server2):
    """curl's --connect-to: the demo farm listens elsewhere than its URLs say when another process
    holds its ports (here server2, which must not be asked); the URL, the Host header and what the
    result records stay those of the address asked for, relative redirects resolve against it."""
    server.expect_request("/page").respond_with_data(html(REPORT), content_type="text/html; charset=utf-8")
    server.expect_request("/moved").respond_with_data("", status=302, headers={"Location": "/page"})
    asked, served = server2.url_for("/").rstrip("/"), server.url_for("/").rstrip("/")
    config = replace(FAST, connect_to=((asked.removeprefix("http://"), served.removeprefix("http://")),))
    result = run(fetch(f"{asked}/moved", config))
    assert result.outcome == "ok" and REPORT in (result.text or "")
    assert (result.url, result.final_url, result.redirects) == (
        f"{asked}/moved",
        f"{asked}/page",
        (f"{asked}/page",),
    )
    assert [entry[0].headers["Host"] for entry in server.log] == [asked.removeprefix("http://")] * 2
    assert server2.log == []


def test_form_is_posted_and_a_redirect_after_it_is_a_get(httpserver: HTTPServer) -> None:
    """List APIs such as Hanweb's dataproxy.jsp are asked with a POST of the column's fields."""
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/proxy", method="POST", data="col=1&webid=3023").respond_with_data(
        "<datastore><totalrecord>0</totalrecord></datastore>", content_type="text/xml; charset=utf-8"
    )
    result = fetch_url(httpserver.url_for("/proxy"), FAST, form={"col": "1", "webid": "3023"})
    assert result.outcome == "ok" and result.status == 200
    assert "<datastore>" in (result.decoded.text if result.decoded else "")


def test_a_site_that_does_not_answer_is_reported_as_such_not_as_a_robots_rule() -> None:
    import socket

    with socket.socket() as probe:  # a free port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    r = run(fetch(f"http://127.0.0.1:{port}/r.html", replace(FAST, retries=1, respect_robots=True)))
    assert r.outcome == "disallowed"
    assert r.error is not None and r.error.startswith("cannot connect")
    assert "robots.txt" in r.error  # why nothing else was tried
