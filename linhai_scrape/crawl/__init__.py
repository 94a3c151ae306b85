"""The crawl wing: portals in, a SQLite store out (sources → pagers → fetch → extract → store)."""

from .compare import Comparison, compare
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
    "Comparison",
    "CrawlSummary",
    "ReextractSummary",
    "compare",
    "crawl",
    "crawl_demo",
    "export",
    "format_reports",
    "iter_links",
    "reextract",
]
