"""What a hostile or broken server does is said in one line that names it, in `extract URL` and in
the crawl alike: a body that trickles in past the deadline is a server too slow (it answered), not
one unreachable from here; a redirect to a port out of range names the port, not robots.txt."""

from __future__ import annotations

from pathlib import Path

import pytest
from raw_http import RawHttp, respond, trickle

from linhai_scrape.cli import main
from linhai_scrape.crawl import crawl
from linhai_scrape.crawl.sources import SourceConfig, SourcesConfig
from linhai_scrape.fetch import FetchConfig

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FAST = FetchConfig(per_host_delay=0, backoff_base=0.01, backoff_max=0.05, read_timeout=5, retries=1)
SLOW_PAGE = (FIXTURES / "html_2021_utf8.html").read_bytes()[:2000]
BAD_PORT = "http://127.0.0.1:99999/r/2022.html"
LIST = (
    "<html><head><meta charset='utf-8'></head><body><ul class='list'>"
    "<li><a href='/r/1.html'>测试县2022年政府信息公开工作年度报告</a><span>2023-01-18</span></li>"
    "<li><a href='/r/2.html'>测试县2021年政府信息公开工作年度报告</a><span>2022-01-18</span></li>"
    "</ul></body></html>"
).encode()


def _routes() -> dict:
    return {
        "/slow.html": trickle(SLOW_PAGE, every=0.05),
        "/hop.html": respond("302 Found", {"Location": BAD_PORT}),
        "/list.html": respond("200 OK", {"Content-Type": "text/html; charset=utf-8"}, LIST),
        "/r/1.html": trickle(SLOW_PAGE, every=0.05),
        "/r/2.html": respond("302 Found", {"Location": BAD_PORT}),
    }


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_extract_url_says_a_trickling_body_was_too_slow(capsys: pytest.CaptureFixture[str]) -> None:
    with RawHttp(_routes()) as server:
        code = main(["extract", server.url + "/slow.html", "--timeout", "1", "--retries", "1"])
    line = _one_line(capsys.readouterr().err)
    assert code == 2
    assert (
        "too slow: the server answered (HTTP 200) but its body did not arrive within the 1 s deadline" in line
    )
    assert "unreachable" not in line and "no answer" not in line


def test_extract_url_names_the_bad_port_of_a_redirect(capsys: pytest.CaptureFixture[str]) -> None:
    with RawHttp(_routes()) as server:
        code = main(["extract", server.url + "/hop.html", "--retries", "1"])
    line = _one_line(capsys.readouterr().err)
    assert code == 2
    assert line.endswith(f"refused redirect to {BAD_PORT} (port 99999 is out of range 0-65535)")
    assert "robots" not in line and "ValueError" not in line


def test_extract_url_names_the_bad_port_of_the_url_itself(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["extract", BAD_PORT])
    line = _one_line(capsys.readouterr().err)
    assert code == 2 and line.endswith("invalid URL: port 99999 is out of range 0-65535")
    assert "robots" not in line and "ValueError" not in line


def test_the_crawl_says_the_same(tmp_path: Path) -> None:
    with RawHttp(_routes()) as server:
        sources = [
            SourceConfig(name="hop", agency="测试县", start_urls=[server.url + "/hop.html"], delay=0),
            SourceConfig(
                name="col", agency="测试县", start_urls=[server.url + "/list.html"], delay=0, timeout=1
            ),
        ]
        summary = crawl(SourcesConfig(source=sources), tmp_path / "c.sqlite", fetch_config=FAST, out=None)
    reasons = {p.url.removeprefix(server.url): p.reason for p in summary.problems}
    assert set(reasons) == {"/hop.html", "/r/1.html", "/r/2.html"}
    assert reasons["/r/1.html"].startswith(
        "too slow: the server answered (HTTP 200) but its body did not arrive within the 1 s deadline"
    )
    for reason in reasons.values():
        assert "unreachable" not in reason and "no answer" not in reason and "robots" not in reason
    for path in ("/hop.html", "/r/2.html"):
        assert reasons[path].endswith(f"refused redirect to {BAD_PORT} (port 99999 is out of range 0-65535)")
    assert summary.exit_code == 1
