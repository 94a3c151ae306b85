"""The fetch stage: polite, resilient, encoding-correct HTTP on httpx + tenacity.

It fetches; it never parses reports. It may sniff bytes (magic numbers, WAF markers, a
script-versus-text ratio) to classify what came back.

Public API::

    async with Fetcher(FetchConfig(...)) as fetcher:
        result = await fetcher.fetch(url, etag=..., last_modified=...)
    result = fetch_url(url)                 # sync wrapper (asyncio.run), for the CLI
    path = save_raw(result, directory)      # --save-raw

``fetch`` never raises for network or HTTP trouble: every problem ends up in
``FetchResult.outcome`` / ``FetchResult.error`` with the number of attempts made.

Outcomes
    ``ok``            2xx HTML or text; ``decoded`` holds the text for the extractor.
    ``attachment``    2xx PDF/DOC/DOCX/WPS/image (or other binary): bytes kept, not extracted.
    ``not_modified``  304 to a conditional request.
    ``blocked``       an anti-crawler answer (412/403 JavaScript challenge, near-empty script-only
                      page, known WAF markers). Not retried, except once at once when the
                      answer set a cookie (some WAFs let the request in with it).
    ``disallowed``    robots.txt forbids the URL (or robots.txt was unreachable, see below);
                      no request was made for the URL, ``attempts == 0``.
    ``error``         anything else, with one human line in ``error``.

robots.txt convention (RFC 9309 §2.3.1): fetched once per scheme+host+port and cached for the
life of the ``Fetcher``; 2xx → parsed with protego; 4xx (including 401/403/404 and WAF 412s) →
allow everything; 5xx or network failure after the usual retries → disallow everything on
that origin for this run ("unreachable"). A robots.txt ``Crawl-delay`` raises the per-host
delay (capped by ``max_crawl_delay``).

Retries (tenacity): connect errors, timeouts, connection resets / bodies cut short, HTTP 5xx,
408 and 429 are retried with exponential backoff plus jitter; 429/503 with ``Retry-After``
(seconds or HTTP date) wait that long instead, capped by ``retry_after_cap``. Other 4xx,
TLS and DNS failures, size-cap and decompression-bomb stops, redirect problems are final.
One attempt follows the whole redirect chain.

Deadline: ``total_timeout`` bounds the time spent on one URL *excluding* time queued for a
politeness slot (so a long queue for a slow host does not expire URLs that never started).
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import hashlib
import http
import ipaddress
import json
import math
import os
import random
import re
import socket
import ssl
import time
import zlib
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypedDict, Unpack
from urllib.parse import SplitResult, urljoin, urlsplit

import httpx
from protego import Protego
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, wait_exponential, wait_random

from . import __version__
from .models import MAX_INPUT_BYTES
from .read.attachments.sniff import detect_format, is_container
from .read.decode import DecodedText, decode_bytes, sniff_utf16

__all__ = [
    "DEFAULT_USER_AGENT",
    "FetchConfig",
    "FetchResult",
    "Fetcher",
    "Kind",
    "Outcome",
    "classify_kind",
    "fetch_url",
    "save_raw",
]

Outcome = Literal["ok", "not_modified", "attachment", "blocked", "disallowed", "error"]
Kind = Literal["html", "text", "pdf", "doc", "docx", "wps", "image", "other"]

DEFAULT_USER_AGENT = f"linhai-scrape/{__version__} (+https://github.com/linhai-scrape/linhai-scrape)"
_MB = 1024 * 1024
_ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least 500 KiB
_ERROR_BODY_BYTES = 256 * 1024  # how much of a 4xx page we keep (enough to recognise a challenge)
_BOMB_MIN_BYTES = 1 * _MB  # the ratio guard only applies past this decoded size
_INFLATE_STEP = 256 * 1024  # largest piece inflated before the guards look again
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """Knobs of the fetcher. Times in seconds, sizes in bytes."""

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # longest silence while waiting for bytes
    total_timeout: float = 120.0  # per URL, all attempts, redirects and backoff included
    retries: int = 3  # total attempts per URL (1 = no retry)
    backoff_base: float = 1.0  # waits ≈ base·2^(n-1) + uniform(0, base), capped by backoff_max
    backoff_max: float = 30.0
    retry_after_cap: float = 60.0
    max_redirects: int = 10
    max_bytes: int = MAX_INPUT_BYTES  # decoded body cap (20 MiB), the same as for local files
    max_decompression_ratio: float = 100.0  # decoded/raw, checked past 1 MiB decoded
    per_host_concurrency: int = 2
    global_concurrency: int = 16
    per_host_delay: float = 1.0  # minimum gap between request starts to one host
    max_crawl_delay: float = 30.0  # robots.txt Crawl-delay is honoured up to this
    respect_robots: bool = True
    allowed_schemes: tuple[str, ...] = ("http", "https")
    # A redirect to another host whose address is not public (loopback, private, link-local: an
    # intranet service or a cloud metadata endpoint) is refused unless this is set.
    allow_private_redirects: bool = False
    verify_tls: bool = True
    trust_env: bool = True  # honour HTTP(S)_PROXY / NO_PROXY / SSL_CERT_FILE
    accept_language: str = "zh-CN,zh;q=0.9,en;q=0.5"
    # curl's --connect-to: a request to the address on the left is sent to the one on the right,
    # (("127.0.0.1:47802", "127.0.0.1:41877"),), while its URL, Host header and TLS name, and all
    # that is recorded of it, keep the left one (direct connections only: a proxy from the
    # environment is sent the URL as it is). The demo farm's pages keep their URLs (a store's
    # identity of a page) when one of its ports is taken and it listens on another.
    connect_to: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        problems = []
        for pair in self.connect_to:
            for address in pair:
                if _host_port(address) is None:
                    problems.append(f"connect_to: {address!r} is not host:port")
        if self.retries < 1:
            problems.append("retries (total attempts) must be ≥ 1")
        for name in ("connect_timeout", "read_timeout", "total_timeout", "max_decompression_ratio"):
            if not getattr(self, name) > 0:
                problems.append(f"{name} must be > 0")
        for name in ("backoff_base", "backoff_max", "retry_after_cap", "per_host_delay", "max_crawl_delay"):
            if getattr(self, name) < 0:
                problems.append(f"{name} must be ≥ 0")
        for name in ("max_bytes", "per_host_concurrency", "global_concurrency"):
            if getattr(self, name) < 1:
                problems.append(f"{name} must be ≥ 1")
        if self.max_redirects < 0:
            problems.append("max_redirects must be ≥ 0")
        if not self.user_agent.strip():
            problems.append("user_agent must not be empty")
        if problems:
            raise ValueError("invalid FetchConfig: " + "; ".join(problems))

    @classmethod
    def from_cli(
        cls,
        *,
        timeout: float | None = None,
        retries: int | None = None,
        user_agent: str | None = None,
        ignore_robots: bool = False,
        insecure: bool = False,
        allow_private_redirects: bool = False,
        **overrides: Any,
    ) -> FetchConfig:
        """The CLI mapping, kept here so the CLI holds no logic.

        ``--timeout T`` is the total deadline per URL; connect and read timeouts are lowered to T
        when they exceed it. ``--retries N`` is the total number of attempts. ``--user-agent``
        replaces the User-Agent; ``--ignore-robots`` sets ``respect_robots=False``; ``--insecure``
        sets ``verify_tls=False``; ``--allow-private-redirects`` sets ``allow_private_redirects``.
        """
        config = cls(**overrides)
        changes: dict[str, Any] = {}
        if timeout is not None:
            changes |= {
                "total_timeout": timeout,
                "connect_timeout": min(config.connect_timeout, timeout),
                "read_timeout": min(config.read_timeout, timeout),
            }
        if retries is not None:
            changes["retries"] = retries
        if user_agent is not None:
            changes["user_agent"] = user_agent
        if ignore_robots:
            changes["respect_robots"] = False
        if insecure:
            changes["verify_tls"] = False
        if allow_private_redirects:
            changes["allow_private_redirects"] = True
        return replace(config, **changes)


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    status: int | None  # last HTTP status, None if no response
    outcome: Outcome
    attempts: int
    error: str | None  # one human line, None when outcome is ok / not_modified
    content_type: str | None  # media type, lowercased, without parameters
    kind: Kind | None  # None when there is no body to classify
    body: bytes
    decoded: DecodedText | None  # for html/text bodies
    etag: str | None
    last_modified: str | None
    headers: dict[str, str]
    fetched_at: datetime  # UTC
    sha256: str  # of body
    elapsed: float  # seconds, whole fetch
    redirects: tuple[str, ...] = ()  # every URL redirected to, in order

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def text(self) -> str | None:
        return self.decoded.text if self.decoded else None

    def describe(self) -> str:
        """One line for humans: URL, what happened, after how many attempts."""
        attempts = f"{self.attempts} attempt{'s' if self.attempts != 1 else ''}"
        if self.outcome == "ok":
            what = f"HTTP {self.status}, {self.kind}, {len(self.body)} bytes"
            if self.decoded:
                what += f", {self.decoded.encoding} ({self.decoded.reason})"
        elif self.outcome == "not_modified":
            what = "not modified (HTTP 304)"
        else:
            what = self.error or self.outcome
        return f"{self.url}: {what} (after {attempts})"


# The sniffer's formats that the fetch stage names as kinds of their own (an OFD file is "other").
_SNIFFED_KINDS: dict[str, Kind] = {
    "pdf": "pdf",
    "docx": "docx",
    "doc": "doc",
    "wps": "wps",
    "image": "image",
    "ofd": "other",
}


def classify_kind(body: bytes, content_type: str | None = None, url: str = "") -> Kind:
    """What the bytes are. Magic numbers (the attachment stage's sniffer) beat the Content-Type;
    the URL suffix breaks ties."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    path = urlsplit(url).path.lower() if url else ""
    sniffed = _SNIFFED_KINDS.get(detect_format(body, path, mime))
    if sniffed is not None:
        return sniffed
    if is_container(body):  # a ZIP or OLE2 file that holds no document: a spreadsheet, an archive
        return "other"
    if mime in ("text/html", "application/xhtml+xml"):
        return "html"
    if mime == "application/pdf":
        return "pdf"
    if mime in ("application/msword",):
        return "doc"
    if mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        return "docx"
    if "wps" in mime or mime == "application/kswps":
        return "wps"
    if mime.startswith("image/"):
        return "image"
    if mime.startswith("text/") or mime.endswith(("/xml", "+xml", "/json", "+json", "/javascript")):
        return "text"
    # No or generic content type: look at the bytes (UTF-16 without a BOM read as what it spells).
    if b"\x00" in body[:4096] and (wide := sniff_utf16(body[:4096])) is not None:
        head = body[:4096].decode(wide, "replace")
        return "html" if "<" in head else "text"
    lead = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lead.startswith((b"<!doctype html", b"<html", b"<head", b"<meta", b"<body", b"<title", b"<!--")):
        return "html"
    for suffix, kind in ((".pdf", "pdf"), (".docx", "docx"), (".doc", "doc"), (".wps", "wps")):
        if path.endswith(suffix):
            return kind  # type: ignore[return-value]
    if path.endswith((".htm", ".html", ".shtml", ".jsp", ".php", ".asp", ".aspx")) or (
        not mime and b"\x00" not in body[:4096]
    ):
        return "html" if b"<" in body[:4096] else "text"
    return "other"


# --------------------------------------------------------------------------- blocked pages

_WAF_MARKERS = (
    b"$_ts",  # 瑞数 (Ruishu) bootstrap
    b"__jsl_clearance",  # 加速乐 (Jiasule)
    b"wzws",  # 网站卫士 wzws_cid / wzwsconfirm
    b"yunsuo_session",  # 云锁
    b"safedog",  # 安全狗
    b"_guard/auto.js",
    b"cf-browser-verification",
    b"challenge-platform",
    b"please enable javascript",
    b"enable javascript and cookies",
    "请开启javascript".encode(),
    "请启用javascript".encode(),
)
_SCRIPT_RE = re.compile(rb"<script\b[^>]*>(.*?)(?:</script\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_STRIP_RE = re.compile(
    rb"<style\b.*?(?:</style\s*>|\Z)|<!--.*?(?:-->|\Z)|<[^>]*>|&[a-z#0-9]+;|\s+", re.I | re.S
)
_NEAR_EMPTY_TEXT = 200  # visible bytes below which a script-only page counts as a challenge
_SNIFF_LIMIT = 256 * 1024


_CHALLENGE_STATUSES = frozenset({403, 412, 418})


def _challenge(body: bytes, status: int) -> str | None:
    """Why this answer looks like an anti-crawler challenge rather than content, or None.

    - 412: always (we never send If-Match / If-Unmodified-Since, so only a WAF answers 412);
    - 403 / 418: when the page carries a WAF marker or runs script;
    - 5xx (e.g. 加速乐's 521): only with a WAF marker — a plain 5xx is retried instead;
    - 2xx: a near-empty page that only runs script, or a WAF marker on a page with little text;
    - any other status (404, 410, ...): never — CMS error pages often carry scripts too.
    """
    head = body[:_SNIFF_LIMIT]
    lowered = head.lower()
    marker = next((m.decode(errors="replace") for m in _WAF_MARKERS if m in lowered), None)
    if 200 <= status < 300:
        scripts = _SCRIPT_RE.findall(head)
        if not scripts and not marker:
            return None
        visible = len(_STRIP_RE.sub(b"", _SCRIPT_RE.sub(b"", head)))
        if scripts and visible < _NEAR_EMPTY_TEXT:
            why = f"marker {marker!r}" if marker else f"{visible} bytes of visible text"
            return f"near-empty page that only runs script ({why}): JavaScript challenge or app shell"
        if marker and visible < 5 * _NEAR_EMPTY_TEXT:
            return f"anti-crawler page (marker {marker!r}, {visible} bytes of visible text)"
        return None
    if status == 412 or (status in _CHALLENGE_STATUSES and (marker or b"<script" in lowered)):
        why = f"marker {marker!r}" if marker else "JavaScript challenge page"
        return f"anti-crawler challenge ({_status_line(status)}, {why})"
    if status >= 500 and marker:
        return f"anti-crawler challenge ({_status_line(status)}, marker {marker!r})"
    return None


# --------------------------------------------------------------------------- internals


class _Fields(TypedDict, total=False):
    """FetchResult fields as the stages of one fetch learn them (``Fetcher._result`` builds the result)."""

    outcome: Outcome
    error: str
    attempts: int
    status: int
    headers: dict[str, str]
    final_url: str
    body: bytes
    content_type: str | None
    kind: Kind | None
    decoded: DecodedText | None
    redirects: tuple[str, ...]


class _Fatal(Exception):
    """A final failure: stop, report it, do not retry."""

    def __init__(self, message: str, **result: Unpack[_Fields]) -> None:
        super().__init__(message)
        self.message = message
        self.result = result  # extra FetchResult fields (status, headers, body, ...)


class _Retryable(_Fatal):
    """A failure worth another attempt."""

    def __init__(self, message: str, *, retry_after: float | None = None, **result: Unpack[_Fields]) -> None:
        super().__init__(message, **result)
        self.retry_after = retry_after


@dataclass(slots=True)
class _Budget:
    """Time left for one URL; time spent queueing for a politeness slot is not charged."""

    total: float
    start: float = field(default_factory=time.monotonic)
    paused: float = 0.0

    def remaining(self) -> float:
        return self.total - (time.monotonic() - self.start - self.paused)


@dataclass(slots=True)
class _Host:
    semaphore: asyncio.Semaphore
    delay: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_start: float = -math.inf


@dataclass(slots=True)
class _Raw:
    """One HTTP exchange."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes


_ALLOW_ALL = "allow"
_DISALLOW_ALL = "disallow"


def _parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date); None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


async def _private_address(asked: str, target: str) -> str | None:
    """Why a redirect ``target`` on another host than the ``asked`` URL's points at an address that
    is not public, or None. A name is resolved first (once more when connecting: a name that
    changes its address in between is not caught)."""
    host = urlsplit(target).hostname or ""
    if not host or host == urlsplit(asked).hostname:
        return None  # the host the user asked for: its own redirects are its business
    try:
        addresses = [ipaddress.ip_address(host)]
        named = False
    except ValueError:
        named = True
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            return None  # unresolvable: the request itself reports it
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for address in addresses:
        if not address.is_global:
            where = f"{host} resolves to {address}" if named else f"{address}"
            return (
                f"{where}: a private or local address on another host than the one asked for; "
                "--allow-private-redirects permits it"
            )
    return None


def _status_line(status: int) -> str:
    try:
        return f"HTTP {status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _media_type(headers: dict[str, str]) -> str | None:
    value = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return value or None


def _charset(headers: dict[str, str]) -> str | None:
    m = re.search(r"charset\s*=\s*[\"']?([^;\"'\s]+)", headers.get("content-type", ""), re.IGNORECASE)
    return m.group(1) if m else None


_BAD_LOCATION = "Invalid URL in location header"  # httpx's words (a RemoteProtocolError)


def _bad_port(parts: SplitResult) -> str | None:
    """What is wrong with a URL's port (99999, "80a"), or None when it has none or a good one."""
    try:
        parts.port  # noqa: B018 - the property is the check
    except ValueError:
        port = parts.netloc.rpartition("@")[2].rpartition("]")[2].rpartition(":")[2]
        if port.isdigit():
            return f"port {port} is out of range 0-65535"
        return f"port {port!r} is not a number"
    return None


def _host_port(address: str) -> tuple[str, int] | None:
    """``host:port`` (``[::1]:8080`` for IPv6) as (lowercase host, port), or None."""
    parts = urlsplit(f"//{address}")
    if _bad_port(parts) is not None or not parts.hostname or parts.port is None or parts.port == 0:
        return None
    if parts.netloc != address or parts.path or "@" in address:
        return None
    return parts.hostname, parts.port


def _causes(exc: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


_TLS_HINT = (
    "; if the portal's certificate itself is broken, --insecure (or verify_tls = false for its source) "
    "fetches it without verifying"
)


def _describe_transport_error(exc: httpx.TransportError, config: FetchConfig) -> _Fatal:
    """Turn an httpx transport exception into a retryable or final failure with a clear message."""
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout):
        return _Retryable(f"connect timeout ({config.connect_timeout:g} s)")
    if isinstance(exc, httpx.ReadTimeout):
        return _Retryable(f"read timeout (no data for {config.read_timeout:g} s)")
    if isinstance(exc, httpx.TimeoutException):
        return _Retryable(f"timeout: {detail}")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return _Fatal(f"unsupported protocol: {detail}")
    causes = list(_causes(exc))
    if any(isinstance(c, socket.gaierror) for c in causes):
        return _Fatal(f"cannot resolve host: {detail}")
    if any(isinstance(c, ssl.SSLError) for c in causes):
        # Government portals often serve expired, self-signed or wrong-host certificates: say how
        # to fetch such a portal anyway (verification off for it alone), not only that it failed.
        hint = _TLS_HINT if config.verify_tls else ""
        return _Fatal(f"TLS error: {detail}{hint}")
    if isinstance(exc, httpx.RemoteProtocolError):
        return _Retryable(f"connection closed mid-response: {detail}")
    if isinstance(exc, httpx.ConnectError):
        return _Retryable(f"cannot connect: {detail}")
    if isinstance(exc, httpx.NetworkError):
        return _Retryable(f"network error: {detail}")
    return _Fatal(f"{type(exc).__name__}: {detail}")


class _Inflater:
    """Content-Encoding decoder with bounded output, so a bomb cannot allocate before we stop it."""

    def __init__(self, encoding: str) -> None:
        encoding = encoding.strip().lower()
        self.encoding = encoding
        self._zlib: Any = None
        self._raw_deflate_fallback = False
        if encoding in ("", "identity"):
            pass
        elif encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj()
            self._raw_deflate_fallback = True
        else:
            raise _Fatal(f"unsupported Content-Encoding {encoding!r}")

    def feed(self, data: bytes, step: int) -> Iterator[tuple[bytes, int]]:
        """Decode ``data`` in pieces of at most ``step`` bytes.

        Yields (piece, raw bytes of ``data`` consumed so far), so the caller can stop a bomb after
        one bounded piece instead of after inflating a whole network chunk.
        """
        if self._zlib is None:
            yield data, len(data)
            return
        pending = data
        while True:
            try:
                out = self._zlib.decompress(pending, step)
            except zlib.error:
                if not self._raw_deflate_fallback:
                    raise _Fatal(f"corrupt {self.encoding} body") from None
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)  # "deflate" sent without zlib header
                self._raw_deflate_fallback = False
                continue
            self._raw_deflate_fallback = False
            pending = self._zlib.unconsumed_tail
            yield out, len(data) - len(pending)
            if not pending and len(out) < step:
                return

    def flush(self) -> bytes:
        return self._zlib.flush() if self._zlib is not None else b""


@dataclass
class _Arrival:
    """How far an answer got: its status line, once it came, and the body's bytes received so far,
    so that a body too slow to arrive is told apart from a server that never answered."""

    status: int | None = None
    received: int = 0
    expected: int | None = None  # Content-Length, when the server sent one

    def too_slow(self, why: str) -> str:
        of = f" of {self.expected:,}" if self.expected is not None else ""
        return (
            f"too slow: the server answered (HTTP {self.status}) but its body did not arrive {why} "
            f"({self.received:,}{of} bytes received)"
        )


async def _read_body(
    response: httpx.Response, limit: int, *, truncate: bool, ratio: float, arrival: _Arrival | None = None
) -> bytes:
    """Stream the body: enforce the size cap and the decompression-bomb guard while reading.
    ``arrival`` counts the bytes as they come."""
    encodings = [e for e in response.headers.get("content-encoding", "").split(",") if e.strip()]
    if len(encodings) > 1:
        raise _Fatal(f"unsupported Content-Encoding {response.headers['content-encoding']!r}")
    inflater = _Inflater(encodings[0] if encodings else "")
    length = response.headers.get("content-length", "")
    if not truncate and length.isdigit() and int(length) > limit:
        raise _Fatal(f"body too large: Content-Length {int(length):,} bytes exceeds the {limit:,}-byte cap")
    chunks: list[bytes] = []
    size = raw = 0
    async for chunk in response.aiter_raw():
        if arrival is not None:
            arrival.received += len(chunk)
        for out, consumed in inflater.feed(chunk, _INFLATE_STEP):
            size += len(out)
            if size > limit:
                if truncate:
                    chunks.append(out[: limit - (size - len(out))])
                    return b"".join(chunks)
                what = "body" if inflater.encoding in ("", "identity") else "decoded body"
                raise _Fatal(f"{what} exceeds the {limit:,}-byte cap (stopped while streaming)")
            expanded = raw + consumed
            if size > _BOMB_MIN_BYTES and size > ratio * max(expanded, 1):
                raise _Fatal(
                    f"decompression bomb: {inflater.encoding} body expands {size / max(expanded, 1):,.0f}× "
                    f"({expanded:,} bytes → over {size:,}); stopped"
                )
            chunks.append(out)
        raw += len(chunk)
    tail = inflater.flush()
    if tail:
        chunks.append(tail[: max(0, limit - size)] if truncate else tail)
        if not truncate and size + len(tail) > limit:
            raise _Fatal(f"decoded body exceeds the {limit:,}-byte cap (stopped while streaming)")
    return b"".join(chunks)


class _Wait:
    """Retry-After when the server sent one on 429/503 (capped), else exponential backoff + jitter."""

    def __init__(self, config: FetchConfig) -> None:
        self._cap = config.retry_after_cap
        self._backoff = wait_exponential(
            multiplier=config.backoff_base, max=config.backoff_max
        ) + wait_random(0, config.backoff_base)

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Retryable) and exc.retry_after is not None:
            return min(exc.retry_after, self._cap)
        return float(self._backoff(state))


class _Stop:
    """Stop after ``retries`` attempts, or when the next wait would overrun the URL's deadline."""

    def __init__(self, attempts: int, budget: _Budget) -> None:
        self._attempts = attempts
        self._budget = budget

    def __call__(self, state: RetryCallState) -> bool:
        if state.attempt_number >= self._attempts:
            return True
        return getattr(state, "upcoming_sleep", 0.0) >= self._budget.remaining()


# --------------------------------------------------------------------------- connection pools


_Origin = tuple[str, str, int | None]


def _pools_kept(global_concurrency: int) -> int:
    """How many hosts' connections to keep open between requests: a crawl of many portals asks
    each host again after its delay, and a kept connection saves a connect (and a TLS handshake).
    A quarter of the file descriptors the process may open, so that idle connections never starve
    the rest (256 under the common limit of 1,024); at least 64."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft == resource.RLIM_INFINITY or soft <= 0:
            soft = 16384
    except (ImportError, OSError, ValueError):  # pragma: no cover - Windows
        soft = 1024
    return max(64, 4 * global_concurrency, min(soft // 4, 4096))


class _PoolPerOrigin(httpx.AsyncBaseTransport):
    """One httpx connection pool per origin (scheme, host, port).

    httpcore's pool looks over every connection it holds at each request and at each response
    closed, and counts its idle connections once per idle connection: with one pool for all the
    hosts of a crawl, that bookkeeping was a third of the crawling process's CPU. A pool per origin
    holds its host's few connections. Only ``origins`` pools are kept: the one asked least recently
    and not in use is closed when another is needed, so that a crawl over thousands of hosts keeps
    a bounded number of connections open. All of them share one TLS context.
    """

    def __init__(
        self,
        ssl_context: ssl.SSLContext,
        *,
        connections: int,
        origins: int,
        connect_to: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self._ssl = ssl_context
        self._limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        self._origins = origins
        self._pools: dict[_Origin, httpx.AsyncHTTPTransport] = {}  # least recently asked first
        self._in_use: dict[_Origin, int] = {}
        self._connect_to: dict[tuple[str, int], tuple[str, int]] = {}
        for asked, served in connect_to:
            asked_at, served_at = _host_port(asked), _host_port(served)
            assert asked_at is not None and served_at is not None  # FetchConfig checked them
            self._connect_to[asked_at] = served_at

    def _rerouted(self, request: httpx.Request) -> httpx.Request:
        """``request`` sent where ``connect_to`` says: the same request (its Host header, and on
        https the name the certificate is checked against, unchanged) to another host:port."""
        url = request.url
        served = self._connect_to.get((url.host, url.port or (443 if url.scheme == "https" else 80)))
        if served is None:
            return request
        extensions = dict(request.extensions)
        if url.scheme == "https":
            extensions.setdefault("sni_hostname", url.host)
        return httpx.Request(
            request.method,
            url.copy_with(host=served[0], port=served[1]),
            headers=request.headers,
            stream=request.stream,
            extensions=extensions,
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._connect_to:
            request = self._rerouted(request)  # the client's response keeps the request it sent
        origin = (request.url.scheme, request.url.host, request.url.port)
        pool = self._pools.pop(origin, None)
        if pool is None:
            pool = httpx.AsyncHTTPTransport(verify=self._ssl, limits=self._limits, trust_env=False)
            await self._close_unused()
        self._pools[origin] = pool  # the most recently asked, last
        self._in_use[origin] = self._in_use.get(origin, 0) + 1
        try:
            response = await pool.handle_async_request(request)
        except BaseException:
            self._release(origin)
            raise
        response.stream = _Released(response.stream, lambda: self._release(origin))  # type: ignore[arg-type]
        return response

    def _release(self, origin: _Origin) -> None:
        left = self._in_use.get(origin, 1) - 1
        if left:
            self._in_use[origin] = left
        else:
            self._in_use.pop(origin, None)

    async def _close_unused(self) -> None:
        while len(self._pools) >= self._origins:
            unused = next((o for o in self._pools if o not in self._in_use), None)
            if unused is None:
                return  # every pool is in use: the global limit bounds them
            await self._pools.pop(unused).aclose()

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.aclose()


class _Released(httpx.AsyncByteStream):
    """A response's body, which says when it is closed (its connection is back in its pool)."""

    def __init__(self, stream: httpx.AsyncByteStream, released: Any) -> None:
        self._stream = stream
        self._released = released

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            released, self._released = self._released, None
            if released is not None:
                released()


# --------------------------------------------------------------------------- the fetcher


class Fetcher:
    """Async fetcher; use as ``async with Fetcher(config) as f: await f.fetch(url)``.

    Safe to share between many concurrent tasks on one event loop: the per-host and global
    limits apply across all of them.
    """

    def __init__(self, config: FetchConfig | None = None) -> None:
        self.config = config or FetchConfig()
        self._client: httpx.AsyncClient | None = None
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, asyncio.Task[Protego | str]] = {}
        self._robots_notes: dict[str, str] = {}
        self._global: asyncio.Semaphore | None = None

    async def __aenter__(self) -> Fetcher:
        cfg = self.config
        self._global = asyncio.Semaphore(cfg.global_concurrency)
        pools = _PoolPerOrigin(
            httpx.create_ssl_context(verify=cfg.verify_tls, trust_env=cfg.trust_env),
            connections=cfg.per_host_concurrency + 2,  # robots.txt and a redirect beside the pages
            origins=_pools_kept(cfg.global_concurrency),
            connect_to=cfg.connect_to,
        )
        self._client = httpx.AsyncClient(
            transport=pools,  # (proxies from the environment get their own transports)
            follow_redirects=False,
            timeout=httpx.Timeout(
                connect=cfg.connect_timeout, read=cfg.read_timeout, write=cfg.read_timeout, pool=None
            ),
            limits=httpx.Limits(
                max_connections=cfg.global_concurrency + 4,
                max_keepalive_connections=cfg.global_concurrency + 4,
            ),
            headers={
                "User-Agent": cfg.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Accept-Language": cfg.accept_language,
                "Accept-Encoding": "gzip, deflate",  # only what _Inflater bounds
            },
            verify=cfg.verify_tls,
            trust_env=cfg.trust_env,
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        for task in self._robots.values():
            task.cancel()
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # ------------------------------------------------------------------ public

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        form: Mapping[str, str] | None = None,
    ) -> FetchResult:
        """Fetch one URL. Never raises for network/HTTP problems (see ``FetchResult.outcome``).

        ``form``: POST these fields form-encoded instead of a GET (list APIs such as Hanweb's
        ``dataproxy.jsp`` are asked that way); a redirect after a POST is followed with a GET.
        """
        if self._client is None:
            raise RuntimeError("Fetcher is not open: use `async with Fetcher(...) as fetcher:`")
        started = time.monotonic()
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        fields: _Fields
        parsed = self._check_url(url)
        if isinstance(parsed, str):
            fields = {"outcome": "error", "error": parsed, "attempts": 0}
        elif (refusal := await self._robots_refusal(url)) is not None:
            fields = {"outcome": "disallowed", "error": refusal, "attempts": 0}
        else:
            fields = await self._with_retries(url, headers, robots=False, form=form, parsed=parsed)
        return self._result(url, started, fields)

    # ------------------------------------------------------------------ retries and redirects

    async def _with_retries(
        self,
        url: str,
        headers: dict[str, str],
        *,
        robots: bool,
        form: Mapping[str, str] | None = None,
        parsed: httpx.URL | None = None,
    ) -> _Fields:
        """All attempts at ``url`` (``parsed``: the same, already parsed by httpx)."""
        budget = _Budget(self.config.total_timeout)
        attempts = 0
        redirects: list[str] = []
        retrying = AsyncRetrying(
            stop=_Stop(self.config.retries, budget),
            wait=_Wait(self.config),
            retry=retry_if_exception_type(_Retryable),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    attempts += 1
                    redirects.clear()
                    fields = await self._follow(
                        url, headers, budget, redirects, robots=robots, form=form, parsed=parsed
                    )
        except _Fatal as failure:
            fields = {"outcome": "error", "error": failure.message, **failure.result}
        except TimeoutError:
            fields = {
                "outcome": "error",
                "error": f"total deadline of {self.config.total_timeout:g} s exceeded",
            }
        fields.setdefault("final_url", redirects[-1] if redirects else url)
        return {**fields, "attempts": attempts, "redirects": tuple(redirects)}

    async def _follow(
        self,
        url: str,
        headers: dict[str, str],
        budget: _Budget,
        redirects: list[str],
        *,
        robots: bool,
        form: Mapping[str, str] | None = None,
        parsed: httpx.URL | None = None,
    ) -> _Fields:
        """One attempt: request, following redirects by hand. Returns FetchResult fields."""
        cfg = self.config
        seen = {url}
        current = url
        cookie_retried = False
        while True:
            target_url = parsed if parsed is not None and current == url else current
            raw = await self._request(current, headers, budget, robots=robots, form=form, target=target_url)
            if (
                not robots
                and not cookie_retried
                and "set-cookie" in raw.headers
                and _challenge(raw.body, raw.status) is not None
            ):
                # A WAF that answers 412 (or a script page) with Set-Cookie lets the request in once
                # it comes back with that cookie: the client's jar now holds it, so ask once more.
                cookie_retried = True
                continue
            form = None  # a redirect answers a POST with a GET (303, and 301/302 as browsers do)
            location = raw.headers.get("location")
            if raw.status not in _REDIRECTS or not location:
                fields = self._classify(raw, robots=robots)
                if cookie_retried and fields["outcome"] == "blocked":
                    fields["error"] += "; still blocked after a retry with the cookie it set"
                return fields
            target = urljoin(current, location.strip())
            where: _Fields = {"status": raw.status, "headers": raw.headers, "final_url": current}
            try:
                parts = urlsplit(target)
            except ValueError as exc:
                raise _Fatal(f"refused redirect to {target} (not a valid URL: {exc})", **where) from None
            if (bad_port := _bad_port(parts)) is not None:  # refused here, not later in robots.txt
                raise _Fatal(f"refused redirect to {target} ({bad_port})", **where)
            scheme = parts.scheme.lower()
            if scheme not in cfg.allowed_schemes or not parts.netloc:
                raise _Fatal(f"refused redirect to {target} (scheme {scheme or '?'!r} not allowed)", **where)
            if not cfg.allow_private_redirects and (private := await _private_address(url, target)):
                raise _Fatal(f"refused redirect to {target} ({private})", **where)
            if target in seen:
                if cookie_retried or "set-cookie" not in raw.headers:
                    chain = " → ".join([url, *redirects, target])
                    raise _Fatal(f"redirect loop: {chain}", **where)
                cookie_retried = True  # a WAF's "take this cookie and come back": followed once
            if len(redirects) >= cfg.max_redirects:
                raise _Fatal(f"too many redirects (more than {cfg.max_redirects})", **where)
            if not robots and (refusal := await self._robots_refusal(target)) is not None:
                redirects.append(target)
                return {
                    "outcome": "disallowed",
                    "error": f"redirected to {target}: {refusal}",
                    "final_url": target,
                }
            redirects.append(target)
            seen.add(target)
            current = target

    async def _request(
        self,
        url: str,
        headers: dict[str, str],
        budget: _Budget,
        *,
        robots: bool,
        form: Mapping[str, str] | None = None,
        target: httpx.URL | str | None = None,
    ) -> _Raw:
        """One HTTP exchange inside the politeness gate and the URL's deadline (``target``: ``url``
        as httpx parsed it already, so that it is not parsed again)."""
        assert self._client is not None
        cfg = self.config
        async with self._slot(url, budget):
            remaining = budget.remaining()
            if remaining <= 0:
                raise TimeoutError
            arrival = _Arrival()
            try:
                return await self._exchange(
                    url, headers, remaining, arrival, robots=robots, form=form, target=target
                )
            except TimeoutError:
                if arrival.status is None:
                    raise  # no answer at all within the deadline
                # the server answered but its body trickled past the deadline: say so, keeping the
                # status but not the headers (their validators belong to a body we do not hold)
                why = f"within the {cfg.total_timeout:g} s deadline"
                raise _Fatal(arrival.too_slow(why), status=arrival.status, final_url=url) from None

    async def _exchange(
        self,
        url: str,
        headers: dict[str, str],
        remaining: float,
        arrival: _Arrival,
        *,
        robots: bool,
        form: Mapping[str, str] | None,
        target: httpx.URL | str | None = None,
    ) -> _Raw:
        """The request and its answer, within ``remaining`` seconds; ``arrival`` records how far it got."""
        assert self._client is not None
        cfg = self.config
        async with asyncio.timeout(remaining):
            try:
                method = "GET" if form is None else "POST"
                request_url = url if target is None else target
                async with self._client.stream(method, request_url, headers=headers, data=form) as response:
                    status = arrival.status = response.status_code
                    resp_headers = dict(response.headers)
                    length = response.headers.get("content-length", "")
                    arrival.expected = int(length) if length.isdigit() else None
                    body = b""
                    if 200 <= status < 300:
                        limit = _ROBOTS_MAX_BYTES if robots else cfg.max_bytes
                        body = await _read_body(
                            response,
                            limit,
                            truncate=robots,
                            ratio=cfg.max_decompression_ratio,
                            arrival=arrival,
                        )
                    elif status >= 400 and status not in (408, 429):
                        body = await _read_body(
                            response, _ERROR_BODY_BYTES, truncate=True, ratio=cfg.max_decompression_ratio
                        )
                    elif 300 <= status < 400:
                        # drain the (empty or tiny) body of a 304 or a redirect, so that httpx
                        # returns the connection to the pool instead of closing it
                        await _read_body(
                            response, _ERROR_BODY_BYTES, truncate=True, ratio=cfg.max_decompression_ratio
                        )
            except _Fatal as failure:
                failure.result.setdefault("status", response.status_code)
                failure.result.setdefault("headers", dict(response.headers))
                failure.result.setdefault("final_url", url)
                raise
            except httpx.TransportError as exc:
                if str(exc).startswith(_BAD_LOCATION):
                    # httpx reads a redirect's Location as it answers and cannot parse this one (a
                    # port "80a"): a refusal, not a connection closed mid-response to be retried
                    where = str(exc)[len(_BAD_LOCATION) :].strip(" :.")
                    raise _Fatal(
                        f"refused redirect from {url}: its Location is no address to fetch ({where})",
                        final_url=url,
                    ) from exc
                transport_failure = _describe_transport_error(exc, cfg)
                if arrival.status is not None and isinstance(exc, httpx.ReadTimeout):
                    # the status line came, then the body stalled: an answer too slow, not none
                    transport_failure = _Retryable(
                        arrival.too_slow(f"in time: no data for {cfg.read_timeout:g} s"),
                        status=arrival.status,
                    )
                transport_failure.result["final_url"] = url
                raise transport_failure from exc
            except httpx.HTTPError as exc:  # DecodingError, ...
                raise _Fatal(f"{type(exc).__name__}: {exc}", final_url=url) from exc
            except httpx.InvalidURL as exc:
                # httpx reads a redirect's Location as it answers (javascript:void(0), mailto:…);
                # InvalidURL is no HTTPError
                raise _Fatal(
                    f"refused redirect from {url}: its Location is no address to fetch ({exc})",
                    final_url=url,
                ) from exc
        return _Raw(url=url, status=status, headers=resp_headers, body=body)

    def _classify(self, raw: _Raw, *, robots: bool) -> _Fields:
        """Map a final (non-redirect) response to FetchResult fields, or raise for a retry."""
        status, headers, body = raw.status, raw.headers, raw.body
        base: _Fields = {"status": status, "headers": headers, "final_url": raw.url, "body": body}
        base["content_type"] = _media_type(headers)
        if status == 304:
            return {**base, "outcome": "not_modified"}
        kind = classify_kind(body, base["content_type"], raw.url) if body else None
        sniff = not robots and (kind == "html" or not 200 <= status < 300)
        if sniff and (why := _challenge(body, status)):
            decoded = decode_bytes(body, _charset(headers)) if kind in ("html", "text") else None
            return {**base, "kind": kind, "decoded": decoded, "outcome": "blocked", "error": why}
        if status in _RETRY_STATUSES or status >= 500:
            retry_after = _parse_retry_after(headers.get("retry-after")) if status in (429, 503) else None
            error = _status_line(status)
            if retry_after is not None:
                error += f" (Retry-After {retry_after:g} s)"
            raise _Retryable(error, retry_after=retry_after, **base)
        if not 200 <= status < 300:
            return {**base, "outcome": "error", "error": _status_line(status)}
        if robots:
            return {**base, "outcome": "ok"}
        base["kind"] = kind = kind or classify_kind(body, base["content_type"], raw.url)
        if kind in ("html", "text"):
            base["decoded"] = decode_bytes(body, _charset(headers))
            return {**base, "outcome": "ok"}
        label = kind if kind != "other" else f"other: {base['content_type'] or 'unknown type'}"
        return {**base, "outcome": "attachment", "error": f"attachment ({label}) — not yet extracted"}

    def _result(self, url: str, started: float, fields: _Fields) -> FetchResult:
        body = fields.pop("body", b"")
        headers = fields.pop("headers", {})
        fields.setdefault("final_url", url)
        return FetchResult(
            url=url,
            final_url=fields.pop("final_url"),
            status=fields.pop("status", None),
            outcome=fields.pop("outcome"),
            attempts=fields.pop("attempts"),
            error=fields.pop("error", None),
            content_type=fields.pop("content_type", _media_type(headers)),
            kind=fields.pop("kind", None),
            body=body,
            decoded=fields.pop("decoded", None),
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            headers=headers,
            fetched_at=datetime.now(UTC),
            sha256=hashlib.sha256(body).hexdigest(),
            elapsed=time.monotonic() - started,
            redirects=fields.pop("redirects", ()),
        )

    # ------------------------------------------------------------------ politeness

    def _check_url(self, url: str) -> httpx.URL | str:
        """``url`` parsed by httpx (the request is sent with it: a URL is parsed once), or why it
        cannot be fetched."""
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            return f"invalid URL: {exc}"
        if not parsed.scheme:
            return "invalid URL: no scheme (expected http:// or https://)"
        if parsed.scheme not in self.config.allowed_schemes:
            allowed = "/".join(self.config.allowed_schemes)
            return f"refused: scheme {parsed.scheme or '(none)'!r} is not {allowed}"
        if not parsed.host:
            return "invalid URL: no host"
        if (bad_port := _bad_port(urlsplit(url))) is not None:  # httpx takes 99999; the socket would not
            return f"invalid URL: {bad_port}"
        return parsed

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
        host = self._hosts.get(key)
        if host is None:
            host = _Host(asyncio.Semaphore(self.config.per_host_concurrency), self.config.per_host_delay)
            self._hosts[key] = host
        return host

    @contextlib.asynccontextmanager
    async def _slot(self, url: str, budget: _Budget | None) -> AsyncIterator[None]:
        """Per-host concurrency, per-host minimum gap between request starts, global concurrency.

        Time spent here waiting is not charged to the URL's deadline.
        """
        assert self._global is not None
        host = self._host(url)
        queued = time.monotonic()
        async with host.semaphore:
            async with host.lock:
                gap = host.last_start + host.delay - time.monotonic()
                if gap > 0:
                    await asyncio.sleep(gap)
                await self._global.acquire()
                host.last_start = time.monotonic()
            try:
                if budget is not None:
                    budget.paused += time.monotonic() - queued
                yield
            finally:
                self._global.release()

    # ------------------------------------------------------------------ robots.txt

    async def _robots_refusal(self, url: str) -> str | None:
        """None if robots.txt lets us fetch ``url``; otherwise why not."""
        if not self.config.respect_robots:
            return None
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        task = self._robots.get(origin)
        if task is None:
            task = asyncio.ensure_future(self._load_robots(origin))
            self._robots[origin] = task
        policy = await asyncio.shield(task)
        if policy == _ALLOW_ALL:
            return None
        if policy == _DISALLOW_ALL:
            return self._robots_notes[origin]
        assert isinstance(policy, Protego)
        return None if policy.can_fetch(url, self.config.user_agent) else "disallowed by robots.txt"

    async def _load_robots(self, origin: str) -> Protego | str:
        url = origin + "/robots.txt"
        try:
            fields = await self._with_retries(url, {}, robots=True)
        except Exception as exc:  # never let a robots problem escape as an exception
            fields = {"outcome": "error", "error": f"{type(exc).__name__}: {exc}", "attempts": 0}
        status = fields.get("status")
        if fields["outcome"] == "ok" and status is not None and 200 <= status < 300:
            text = decode_bytes(fields.get("body", b""), _charset(fields.get("headers", {}))).text
            try:
                policy = Protego.parse(text)
            except Exception:
                return _ALLOW_ALL  # unparseable robots.txt: no usable rules
            delay = policy.crawl_delay(self.config.user_agent)
            if delay:
                host = self._host(url)
                host.delay = max(host.delay, min(float(delay), self.config.max_crawl_delay))
            return policy
        if status is not None and 400 <= status < 500:
            return _ALLOW_ALL  # RFC 9309: "unavailable" → no restrictions
        attempts = fields.get("attempts", 0)
        tries = f"{attempts} attempt{'s' if attempts != 1 else ''}"
        if status is None:  # no answer at all: say that first, robots.txt was only the first request
            self._robots_notes[origin] = (
                f"{fields.get('error')} (the site's robots.txt, asked first, got no answer after {tries}; "
                "nothing is fetched from a site whose robots.txt cannot be read, RFC 9309)"
            )
        else:
            self._robots_notes[origin] = (
                f"robots.txt unreachable ({fields.get('error')}, {tries}); "
                "origin treated as fully disallowed (RFC 9309)"
            )
        return _DISALLOW_ALL


# --------------------------------------------------------------------------- conveniences


def fetch_url(
    url: str,
    config: FetchConfig | None = None,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    form: Mapping[str, str] | None = None,
    **overrides: Any,
) -> FetchResult:
    """Fetch one URL synchronously (``asyncio.run``); ``overrides`` are FetchConfig fields."""
    cfg = replace(config or FetchConfig(), **overrides) if overrides else (config or FetchConfig())

    async def run() -> FetchResult:
        async with Fetcher(cfg) as fetcher:
            return await fetcher.fetch(url, etag=etag, last_modified=last_modified, form=form)

    return asyncio.run(run())


_EXTENSIONS = {"html": ".html", "text": ".txt", "pdf": ".pdf", "doc": ".doc", "docx": ".docx", "wps": ".wps"}


def save_raw(result: FetchResult, directory: Path | str) -> Path:
    """Keep the fetched bytes as ``<sha256><ext>`` plus a ``<sha256>.json`` sidecar; returns the bytes' path.

    Content-addressed: the same bytes fetched twice are stored once (the sidecar describes the
    latest fetch). Raises ValueError when the result has no body (e.g. not_modified, most errors).
    """
    if not result.body:
        raise ValueError(f"nothing to save for {result.url}: empty body ({result.outcome})")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (result.sha256 + _EXTENSIONS.get(result.kind or "", ".bin"))
    if not path.exists():
        _atomic_write(path, result.body)
    decoded = result.decoded
    sidecar = {
        "url": result.url,
        "final_url": result.final_url,
        "redirects": list(result.redirects),
        "status": result.status,
        "outcome": result.outcome,
        "kind": result.kind,
        "content_type": result.content_type,
        "headers": result.headers,
        "encoding": decoded.encoding if decoded else None,
        "encoding_reason": decoded.reason if decoded else None,
        "declared_charset": decoded.declared if decoded else None,
        "replaced": decoded.replaced if decoded else None,
        "etag": result.etag,
        "last_modified": result.last_modified,
        "fetched_at": result.fetched_at.isoformat(),
        "sha256": result.sha256,
        "size": len(result.body),
        "attempts": result.attempts,
        "file": path.name,
        "fetcher": f"linhai-scrape/{__version__}",
    }
    _atomic_write(
        path.with_name(result.sha256 + ".json"), json.dumps(sidecar, ensure_ascii=False, indent=2).encode()
    )
    return path


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{random.getrandbits(32):08x}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
