"""The crawl wing: portals in, a SQLite store out (sources → pagers → fetch → extract → store)."""

from .run import (
    CrawlSummary,
    ReextractSummary,
    crawl,
    crawl_demo,
    export,
    format_reports,
    iter_links,
    reextract,
)

__all__ = [
    "CrawlSummary",
    "ReextractSummary",
    "crawl",
    "crawl_demo",
    "export",
    "format_reports",
    "iter_links",
    "reextract",
]
