"""The crawl's event loop: uvloop where it is installed, asyncio's own otherwise or when the environment
says ``LINHAI_EVENT_LOOP=asyncio``. The same crawl, full then incremental, stores the same on both."""

from __future__ import annotations

import asyncio
import importlib.util
import shutil
import sqlite3
from pathlib import Path

import pytest

from linhai_scrape.crawl import crawl, eventloop
from linhai_scrape.crawl.demo import PortalFarm
from linhai_scrape.fetch import FetchConfig

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
FETCH = FetchConfig(
    retries=2, backoff_base=0.01, backoff_max=0.02, per_host_delay=0.0, trust_env=False, total_timeout=20
)
HAS_UVLOOP = importlib.util.find_spec("uvloop") is not None


async def _running_loop_module() -> str:
    return type(asyncio.get_running_loop()).__module__.split(".")[0]


def test_the_loop_is_uvloop_when_installed_unless_the_environment_asks_for_asyncio(monkeypatch):
    monkeypatch.delenv(eventloop.EVENT_LOOP_ENV, raising=False)
    expected = "uvloop" if HAS_UVLOOP else "asyncio"
    assert eventloop.event_loop() == expected
    assert eventloop.run(_running_loop_module()) == expected
    monkeypatch.setenv(eventloop.EVENT_LOOP_ENV, "asyncio")
    assert eventloop.event_loop() == "asyncio"
    assert eventloop.run(_running_loop_module()) == "asyncio"


def _crawl_twice(tmp_path: Path, name: str) -> tuple:
    """A full crawl of the demo farm, then an incremental one: what each counted, what the store holds."""
    root = tmp_path / name / "portal"
    shutil.copytree(FIXTURES / "portal", root)
    db = tmp_path / name / "r.sqlite"
    runs = []
    with PortalFarm(root, fixtures=FIXTURES) as farm:
        for _ in range(2):
            s = crawl(farm.sources(), db, fetch_config=FETCH, out=None, workers=1)
            problems = sorted((p.kind, p.url.rsplit("/", 1)[-1]) for p in s.problems)
            runs.append(
                (s.new, s.changed, s.unchanged, s.not_modified, dict(s.not_reports), problems, s.exit_code)
            )
        ports = {url: f"<{site}>" for site, url in farm.base_urls.items()}
    con = sqlite3.connect(db)
    try:
        # (a list page's bytes hold its farm's ports: its sha256 is left out)
        pages = con.execute(
            "SELECT url, kind, outcome, status, CASE kind WHEN 'list' THEN '' ELSE sha256 END, result "
            "FROM pages ORDER BY url"
        ).fetchall()
        reports = con.execute(
            "SELECT url, agency, year, edition, version, current FROM reports ORDER BY url"
        ).fetchall()
    finally:
        con.close()

    def portable(url: str) -> str:  # each farm listens on its own ports
        for base, site in ports.items():
            url = url.replace(base, site)
        return url

    held = (
        sorted((portable(u), *rest) for u, *rest in pages),
        sorted((portable(u), *rest) for u, *rest in reports),
    )
    return runs, held


@pytest.mark.skipif(not HAS_UVLOOP, reason="uvloop is not installed here (Windows)")
def test_a_crawl_and_its_incremental_run_store_the_same_on_either_loop(tmp_path, monkeypatch):
    monkeypatch.setenv(eventloop.EVENT_LOOP_ENV, "asyncio")
    on_asyncio = _crawl_twice(tmp_path, "asyncio")
    monkeypatch.delenv(eventloop.EVENT_LOOP_ENV)
    on_uvloop = _crawl_twice(tmp_path, "uvloop")
    assert on_uvloop == on_asyncio
    (full, incremental), _ = on_uvloop
    assert full[0] > 0 and incremental[0] == 0 and incremental[3] >= full[0]  # all new, then all 304
