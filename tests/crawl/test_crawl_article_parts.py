"""An article published over several pages is crawled as one report (real server, real SQLite)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from page_builders import split_article
from pytest_httpserver import HTTPServer
from selectolax.lexbor import LexborHTMLParser

import linhai_scrape.crawl.discover as discover_mod
import linhai_scrape.read.document as document_mod
from linhai_scrape.crawl import crawl, reextract
from linhai_scrape.crawl.sources import SourceConfig, SourcesConfig
from linhai_scrape.crawl.store import Store
from linhai_scrape.fetch import FetchConfig

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TITLE = "台州市黄岩区2022年政府信息公开工作年度报告"
FETCH = FetchConfig(per_host_delay=0, backoff_base=0.01, backoff_max=0.05, trust_env=False)
# the first page links its next part (下一页); its pager script names all three
PAGER = b'<script>createPageHTML(3, 0, "t20220120_88", "html");</script></body>'


def _serve(httpserver: HTTPServer, pages: dict[str, bytes | None]) -> SourcesConfig:
    """A column listing the article, and its pages (``None``: the page answers 404)."""
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/col/index.html").respond_with_data(
        f'<html><body><ul class="list"><li><a href="/art/t20220120_88.html">{TITLE}</a>'
        "<span>2022-01-20</span></li></ul></body></html>",
        content_type="text/html; charset=utf-8",
    )
    for name, body in pages.items():
        if body is None:
            httpserver.expect_request(f"/art/{name}.html").respond_with_data("gone", status=404)
        else:
            httpserver.expect_request(f"/art/{name}.html").respond_with_data(
                body, content_type="text/html; charset=utf-8"
            )
    source = SourceConfig(
        name="huangyan", agency="台州市黄岩区", start_urls=[httpserver.url_for("/col/index.html")]
    )
    return SourcesConfig(source=[source])


@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_over_three_pages_is_stored_as_one_report(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    first, second, third = split_article()
    first = first.replace(b"</body>", PAGER)
    pages = {"t20220120_88": first, "t20220120_88_1": second, "t20220120_88_2": third}
    sources = _serve(httpserver, pages)
    parses: Counter[str] = Counter()

    class CountingParser(LexborHTMLParser):
        def __init__(self, html: str, *args: object, **kwargs: object) -> None:
            if isinstance(html, str) and "id='zoom'" in html:  # a page of the article, not the list
                parses[html] += 1
            super().__init__(html, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(document_mod, "LexborHTMLParser", CountingParser)
    monkeypatch.setattr(discover_mod, "LexborHTMLParser", CountingParser)
    db = tmp_path / "reports.sqlite"
    summary = crawl(sources, db, out=None, fetch_config=FETCH, workers=workers)
    assert summary.new == 1 and summary.failed == 0 and not summary.not_reports
    if workers == 1:  # read in this process, where the parser is counted (a worker gets the first
        # page's reading back with the parts, and parses it no more than this process does)
        assert len(parses) == 3 and max(parses.values()) == 1, "every page of the article is parsed once"
    expected = json.loads((FIXTURES / "expected" / "html_2021_utf8.html.json").read_text(encoding="utf-8"))
    first_url = httpserver.url_for("/art/t20220120_88.html")
    with Store(db, readonly=True) as store:
        (row,) = list(store.iter_reports())  # one report, under the first page's URL and bytes
        assert row.url == first_url and store.get_blob(row.sha256) == first
        report = row.report()
        assert report.flat() == expected["flat"]
        assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
        assert "article_parts_joined" in report.check_codes()
        assert "article_part_missing" not in report.check_codes()
        for name in ("t20220120_88_1", "t20220120_88_2"):  # the parts' bytes are kept like any page's
            part = store.page(httpserver.url_for(f"/art/{name}.html"))
            assert part is not None and part.sha256 is not None
            assert store.get_blob(part.sha256) == pages[name]
    # reextract reads the article again from the stored bytes of its three pages
    done = reextract(db, force=True, out=None, workers=workers)
    assert done.reextracted == 1 and done.failed == 0
    with Store(db, readonly=True) as store:
        (again,) = list(store.iter_reports())
        assert (
            again.report().flat() == expected["flat"]
            and "article_parts_joined" in again.report().check_codes()
        )


def test_a_part_that_cannot_be_fetched_is_said_and_the_rest_is_stored(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    first, _, third = split_article()
    first = first.replace(b"</body>", PAGER)
    sources = _serve(httpserver, {"t20220120_88": first, "t20220120_88_1": None, "t20220120_88_2": third})
    db = tmp_path / "reports.sqlite"
    summary = crawl(sources, db, out=None, fetch_config=FETCH)
    assert summary.new == 1  # the report is stored; the missing part is its warning, not a failed page
    expected = json.loads((FIXTURES / "expected" / "html_2021_utf8.html.json").read_text(encoding="utf-8"))
    with Store(db, readonly=True) as store:
        (row,) = list(store.iter_reports())
        report = row.report()
        assert "article_part_missing" in report.check_codes()
        missing = [c for c in report.checks if c.code == "article_part_missing"]
        assert len(missing) == 1 and "t20220120_88_1.html" in missing[0].message
        flat = report.flat()
        # the first page's and the third's statistics, not the second's (section 三, the applications)
        assert flat["active.rules.issued"] == expected["flat"]["active.rules.issued"]
        assert any(k.startswith("review_litigation.") for k in flat)
        assert not any(k.startswith("applications.") and k.endswith(".natural_person") for k in flat)
    done = reextract(db, force=True, out=None)  # from the store, the part is still missing
    assert done.reextracted == 1 and done.failed == 0
    with Store(db, readonly=True) as store:
        (again,) = list(store.iter_reports())
        assert again.report().flat() == flat and "article_part_missing" in again.report().check_codes()
