"""An attachment-only report page yields the statistics of the file it links to (real server, real SQLite)."""

from __future__ import annotations

import json
from pathlib import Path

from attachment_builders import build_pdf, fixture_document
from pytest_httpserver import HTTPServer

from linhai_scrape.crawl import crawl
from linhai_scrape.fetch import FetchConfig
from linhai_scrape.sources import SourceConfig, SourcesConfig
from linhai_scrape.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TITLE = "台州市黄岩区2022年政府信息公开工作年度报告"


def test_attachment_only_page_yields_the_pdf_statistics(httpserver: HTTPServer, tmp_path: Path) -> None:
    pdf = build_pdf(fixture_document("html_2021_utf8.html"))
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/col/index.html").respond_with_data(
        f'<html><body><ul class="list"><li><a href="/art/2023/report.html">{TITLE}</a>'
        "<span>2023-01-18</span></li></ul></body></html>",
        content_type="text/html; charset=utf-8",
    )
    httpserver.expect_request("/art/2023/report.html").respond_with_data(
        f'<html><head><title>{TITLE}</title></head><body><div id="zoom"><p>{TITLE}全文详见附件。</p>'
        f'<p>附件：<a href="/attach/2023/report.pdf">{TITLE}.pdf</a></p></div></body></html>',
        content_type="text/html; charset=utf-8",
    )
    httpserver.expect_request("/attach/2023/report.pdf").respond_with_data(
        pdf, content_type="application/pdf"
    )
    sources = SourcesConfig(
        source=[
            SourceConfig(
                name="huangyan", agency="台州市黄岩区", start_urls=[httpserver.url_for("/col/index.html")]
            )
        ]
    )
    db = tmp_path / "reports.sqlite"
    config = FetchConfig(per_host_delay=0, backoff_base=0.01, backoff_max=0.05, trust_env=False)
    summary = crawl(sources, db, out=None, fetch_config=config)
    assert summary.new == 1 and summary.failed == 0
    expected = json.loads((FIXTURES / "expected" / "html_2021_utf8.html.json").read_text(encoding="utf-8"))
    page_url = httpserver.url_for("/art/2023/report.html")
    pdf_url = httpserver.url_for("/attach/2023/report.pdf")
    with Store(db, readonly=True) as store:
        (row,) = list(store.iter_reports())
        assert row.url == pdf_url
        report = row.report()
        assert report.flat() == expected["flat"]
        assert report.evidence["applications.granted.total"].page is not None
        assert store.page(page_url).result == "not_report:attachment_only"
        assert [a.url for a in store.attachments(page_url)] == [pdf_url]
