"""An attachment-only report page yields the statistics of the file it links to (real server, real SQLite)."""

from __future__ import annotations

import json
from pathlib import Path

from attachment_builders import build_pdf, fixture_document
from pytest_httpserver import HTTPServer

from linhai_scrape.crawl import crawl
from linhai_scrape.crawl.sources import SourceConfig, SourcesConfig
from linhai_scrape.crawl.store import Store
from linhai_scrape.fetch import FetchConfig

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
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


def _serve_report_with_copy(httpserver: HTTPServer, html: bytes, pdf: bytes) -> SourcesConfig:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/col/index.html").respond_with_data(
        f'<html><body><ul><li><a href="/art/2023/full.html">{TITLE}</a></li></ul></body></html>',
        content_type="text/html; charset=utf-8",
    )
    link = '<div id="zoom"><p>附件：<a href="/attach/2023/full.pdf">PDF版</a></p>'.encode()
    page = html.replace(b'<div id="zoom">', link, 1)
    httpserver.expect_request("/art/2023/full.html").respond_with_data(
        page, content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/attach/2023/full.pdf").respond_with_data(pdf, content_type="application/pdf")
    return SourcesConfig(
        source=[
            SourceConfig(
                name="huangyan", agency="台州市黄岩区", start_urls=[httpserver.url_for("/col/index.html")]
            )
        ]
    )


def _stored_report(db: Path):  # type: ignore[no-untyped-def]
    with Store(db, readonly=True) as store:
        (row,) = list(store.iter_reports())
        return row.url, row.report()


def test_a_report_page_is_checked_against_its_attached_copy(httpserver: HTTPServer, tmp_path: Path) -> None:
    html = (FIXTURES / "html_2021_utf8.html").read_bytes()
    sources = _serve_report_with_copy(httpserver, html, build_pdf(fixture_document("html_2021_utf8.html")))
    config = FetchConfig(per_host_delay=0, backoff_base=0.01, backoff_max=0.05, trust_env=False)
    summary = crawl(sources, tmp_path / "r.sqlite", out=None, fetch_config=config)
    assert summary.new == 1  # the copy is evidence, not a second report of the same year
    url, report = _stored_report(tmp_path / "r.sqlite")
    assert url.endswith("/art/2023/full.html")
    assert "attachment_agrees" in report.check_codes() and "attachment_mismatch" not in report.check_codes()


def test_a_copy_that_differs_is_a_warning_and_the_page_keeps_its_numbers(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    html = (FIXTURES / "html_2021_utf8.html").read_bytes()
    copy = fixture_document("html_2021_utf8.html")
    for table in copy.tables:  # the file prints 3156 licensing decisions as 3165
        for row in table.rows:
            for cell in row:
                if cell is not None and cell.text == "3156":
                    cell.text = "3165"
    sources = _serve_report_with_copy(httpserver, html, build_pdf(copy))
    config = FetchConfig(per_host_delay=0, backoff_base=0.01, backoff_max=0.05, trust_env=False)
    crawl(sources, tmp_path / "r.sqlite", out=None, fetch_config=config)
    _, report = _stored_report(tmp_path / "r.sqlite")
    (mismatch,) = [c for c in report.checks if c.code == "attachment_mismatch"]
    assert mismatch.keys == ["active.licensing.decisions"] and "page 3156, file 3165" in mismatch.message
    assert report.stats["active.licensing.decisions"] == 3156
