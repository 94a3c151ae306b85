"""`extract URL` goes through the polite fetcher, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from page_builders import split_article
from pytest_httpserver import HTTPServer

from linhai_scrape import InputError, NotAReportError
from linhai_scrape.cli import main
from linhai_scrape.extract import extract_url
from linhai_scrape.fetch import FetchConfig

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FAST = FetchConfig(per_host_delay=0, backoff_base=0.01, backoff_max=0.05, read_timeout=2, total_timeout=10)


def test_gbk_page_with_wrong_declaration_extracts(httpserver: HTTPServer) -> None:
    body = (FIXTURES / "html_2019_gbk.html").read_bytes()
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/art/2021/1/20/art_1.html").respond_with_data(body, content_type="text/html")
    report = extract_url(httpserver.url_for("/art/2021/1/20/art_1.html"), FAST)
    expected = json.loads((FIXTURES / "expected" / "html_2019_gbk.html.json").read_text(encoding="utf-8"))
    assert report.flat() == expected["flat"]
    assert report.source is not None and report.source.kind == "url"
    assert report.source.encoding == "gb18030"
    assert report.source.location and report.source.location.endswith("art_1.html")


def test_404_is_an_input_error_after_one_attempt(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/gone.html").respond_with_data("not here", status=404)
    with pytest.raises(InputError) as info:
        extract_url(httpserver.url_for("/gone.html"), FAST)
    assert "404" in str(info.value) and "1 attempt" in str(info.value)


def test_challenge_page_is_blocked(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    challenge = (FIXTURES / "blocked.html").read_bytes()
    httpserver.expect_request("/report.html").respond_with_data(
        challenge, status=412, content_type="text/html"
    )
    with pytest.raises(NotAReportError) as info:
        extract_url(httpserver.url_for("/report.html"), FAST)
    assert info.value.outcome.reason == "blocked"


def test_cli_url_errors_are_one_line_and_exit_nonzero(
    httpserver: HTTPServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/boom.html").respond_with_data("oops", status=500)
    # the deadline leaves room for the backoff (up to 2 s) even on a loaded machine: a 2 s deadline
    # made the second attempt depend on the machine's load
    code = main(["extract", httpserver.url_for("/boom.html"), "--retries", "2", "--timeout", "10"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "boom.html" in err and "2 attempts" in err and "Traceback" not in err
    # a good page with --save-raw keeps the bytes under their sha256
    page = (FIXTURES / "html_2021_utf8.html").read_bytes()
    httpserver.expect_request("/ok.html").respond_with_data(page, content_type="text/html; charset=utf-8")
    code = main(["extract", httpserver.url_for("/ok.html"), "--format", "flat", "--save-raw", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0 and json.loads(out)["applications.new_received.total"] == 248
    saved = [p for p in tmp_path.iterdir() if p.suffix == ".html"]
    assert len(saved) == 1 and saved[0].read_bytes() == page


def test_an_article_over_several_pages_is_read_as_one(httpserver: HTTPServer) -> None:
    first, second, third = split_article()
    # the first page links its next part; the parts' own pager is a createPageHTML script
    first = first.replace(
        b"</body>", b'<script>createPageHTML(3, 0, "t20220120_88", "html");</script></body>'
    )
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    for name, body in (("t20220120_88", first), ("t20220120_88_1", second), ("t20220120_88_2", third)):
        httpserver.expect_request(f"/art/{name}.html").respond_with_data(body, content_type="text/html")
    report = extract_url(httpserver.url_for("/art/t20220120_88.html"), FAST)
    expected = json.loads((FIXTURES / "expected" / "html_2021_utf8.html.json").read_text(encoding="utf-8"))
    assert report.flat() == expected["flat"]
    assert "article_parts_joined" in report.check_codes()
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


def test_a_missing_part_is_said_and_the_rest_is_read(httpserver: HTTPServer) -> None:
    first, _, _ = split_article()
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/art/t20220120_88.html").respond_with_data(first, content_type="text/html")
    httpserver.expect_request("/art/t20220120_88_1.html").respond_with_data("gone", status=404)
    report = extract_url(httpserver.url_for("/art/t20220120_88.html"), FAST)
    assert "article_part_missing" in report.check_codes()
    assert not any(k.startswith("applications.") for k in report.flat() if k.endswith(".natural_person"))
