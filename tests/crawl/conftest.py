"""Stores built from the fixtures, shared by the tests that only read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from linhai_scrape.crawl import crawl
from linhai_scrape.crawl.demo import PortalFarm
from linhai_scrape.fetch import FetchConfig

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store crawled from the bundled demo portals (served on 127.0.0.1, ephemeral ports): the
    reports of ``fixtures/portal`` and the fixtures it routes to. Read it; never write to it."""
    db = tmp_path_factory.mktemp("demo") / "reports.sqlite"
    fetch = FetchConfig(
        retries=2, backoff_base=0.01, backoff_max=0.02, per_host_delay=0.0, trust_env=False, total_timeout=20
    )
    with PortalFarm(FIXTURES / "portal", fixtures=FIXTURES, record=False) as farm:
        crawl(farm.sources(), db, fetch_config=fetch, out=None)
    return db
