"""A portal with a broken TLS certificate, served over HTTPS on 127.0.0.1.

The server's certificate is issued by a throwaway CA (trustme) that nothing trusts, as a portal with
a self-signed or expired certificate looks to a client: fetching it fails with a message that says
how to proceed, and ``--insecure`` (``verify_tls=False``, per source ``verify_tls = false``) fetches
it without verifying.
"""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import trustme
from pytest_httpserver import HTTPServer

from linhai_scrape.cli import main
from linhai_scrape.crawl import crawl
from linhai_scrape.crawl.sources import parse_sources
from linhai_scrape.crawl.store import Store
from linhai_scrape.fetch import FetchConfig, Fetcher

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REPORT = (FIXTURES / "html_2021_utf8.html").read_bytes()
EXPECTED = json.loads((FIXTURES / "expected" / "html_2021_utf8.html.json").read_text(encoding="utf-8"))
FAST = FetchConfig(
    per_host_delay=0, retries=3, backoff_base=0.01, backoff_max=0.05, respect_robots=False, trust_env=False
)
LIST_PAGE = """<html><body><ul class="list">
<li><a href="/art/2023/1/20/art_1.html">台州市黄岩区2022年政府信息公开工作年度报告</a></li>
</ul></body></html>"""


@pytest.fixture(scope="module")
def https_server() -> Iterator[HTTPServer]:
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()


@pytest.fixture
def portal(https_server: HTTPServer) -> HTTPServer:
    https_server.clear()
    https_server.expect_request("/robots.txt").respond_with_data("", status=404)
    https_server.expect_request("/art/2023/1/20/art_1.html").respond_with_data(
        REPORT, content_type="text/html; charset=utf-8"
    )
    https_server.expect_request("/col/index.html").respond_with_data(
        LIST_PAGE, content_type="text/html; charset=utf-8"
    )
    return https_server


async def _fetch(url: str, config: FetchConfig):  # type: ignore[no-untyped-def]
    async with Fetcher(config) as fetcher:
        return await fetcher.fetch(url)


def test_untrusted_certificate_fails_once_with_a_way_forward(portal: HTTPServer) -> None:
    url = portal.url_for("/art/2023/1/20/art_1.html")
    assert url.startswith("https://")
    result = asyncio.run(_fetch(url, FAST))
    assert (result.outcome, result.attempts) == ("error", 1)  # a certificate does not heal on retry
    assert result.error is not None and result.error.startswith("TLS error: ")
    assert "--insecure" in result.error and "verify_tls = false" in result.error
    # nothing reached the page: the handshake failed before any request
    assert all(req.path != "/art/2023/1/20/art_1.html" for req, _ in portal.log)


def test_verification_off_fetches_the_page(portal: HTTPServer) -> None:
    result = asyncio.run(_fetch(portal.url_for("/art/2023/1/20/art_1.html"), replace(FAST, verify_tls=False)))
    assert (result.outcome, result.status) == ("ok", 200)
    assert result.body == REPORT


def test_from_cli_insecure_turns_verification_off() -> None:
    assert FetchConfig.from_cli().verify_tls is True
    assert FetchConfig.from_cli(insecure=True).verify_tls is False


def test_cli_extract_insecure(portal: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = portal.url_for("/art/2023/1/20/art_1.html")
    assert main(["extract", url, "--retries", "1", "--timeout", "5"]) == 2
    err = capsys.readouterr().err
    assert "TLS error" in err and "--insecure" in err and "Traceback" not in err

    assert main(["extract", url, "--insecure", "--format", "flat", "--timeout", "5"]) == 0
    assert json.loads(capsys.readouterr().out) == EXPECTED["flat"]


def _sources(base: str, verify: bool) -> str:
    return f"""
[defaults]
delay = 0
[[source]]
name = "huangyan"
agency = "台州市黄岩区人民政府"
start_urls = ["{base}/col/index.html"]
verify_tls = {str(verify).lower()}
"""


@pytest.mark.parametrize("verify", [True, False])
def test_crawl_source_with_verify_tls_false(portal: HTTPServer, tmp_path: Path, verify: bool) -> None:
    base = portal.url_for("/").rstrip("/")
    db = tmp_path / "reports.sqlite"
    summary = crawl(
        parse_sources(_sources(base, verify)),
        db,
        fetch_config=replace(FAST, retries=1),
        progress=False,
        out=None,
    )
    with Store(db, readonly=True) as store:
        reports = list(store.iter_reports())
    if verify:
        assert summary.new == 0 and reports == []
        assert summary.exit_code == 1  # the column could not be read, and the run says so
        assert any("--insecure" in str(p) for p in summary.problems)
    else:
        assert summary.new == 1
        assert [r.report().flat() for r in reports] == [EXPECTED["flat"]]
