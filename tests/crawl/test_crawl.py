"""End-to-end crawl tests: a real HTTP portal farm on 127.0.0.1 (one port per portal), a real SQLite file.

Nothing here leaves loopback: the farm's sites listen on 127.0.0.1, and the one off-site link in the
farm points at another farm site.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from werkzeug import Response

from linhai_scrape.crawl import crawl, export, reextract
from linhai_scrape.crawl import run as crawl_mod
from linhai_scrape.crawl.demo import PortalFarm, build_demo_portal
from linhai_scrape.crawl.run import CSV_META_COLUMNS
from linhai_scrape.crawl.sources import ConfigError, SourceConfig, SourcesConfig
from linhai_scrape.crawl.store import Store, StoreError, StoreLockedError
from linhai_scrape.fetch import FetchConfig
from linhai_scrape.models import Report
from linhai_scrape.template import canonical_keys

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
PORTAL = FIXTURES / "portal"
FETCH = FetchConfig(
    retries=2, backoff_base=0.01, backoff_max=0.02, per_host_delay=0.0, trust_env=False, total_timeout=20
)

# What the bundled farm holds: (agency, year, edition) of every report page.
EXPECTED_REPORTS = {
    ("临海市", 2020, "2019"),
    ("临海市", 2021, "2021"),
    ("临海市", 2022, "2021"),
    *{
        (d, y, "2021")
        for d in ("临海市财政局", "临海市教育局", "临海市卫生健康局", "临海市自然资源和规划局")
        for y in (2021, 2022)
    },
    ("台州市黄岩区", 2022, "2021"),  # fixtures/html_2021_utf8.html
    ("安康市汉滨区人民政府", 2020, "2019"),  # fixtures/html_2019_gbk.html (GBK under a utf-8 meta)
    ("安康市汉滨区人民政府", 2021, "2021"),
    ("安康市汉滨区人民政府", 2022, "2021"),
    *{(d, 2022, "2021") for d in ("汉滨区教育体育局", "汉滨区财政局", "汉滨区农业农村局")},
    ("汉滨区民政局", 2022, "2019"),  # planted for the audit: the 2019 edition's tables for 2022
    ("宁波市鄞州区", 2021, "2021"),
    ("宁波市鄞州区", 2022, "2021"),
    ("宁波市鄞州区住房和城乡建设局", 2022, "2021"),  # fixtures/narrative_only.txt
    ("湖州市吴兴区", 2016, "legacy"),  # fixtures/legacy_2016.txt
}


@pytest.fixture
def farm(tmp_path):
    root = tmp_path / "portal"
    shutil.copytree(PORTAL, root)
    with PortalFarm(root, fixtures=FIXTURES) as f:
        yield f


def run(farm: PortalFarm, db: Path, **kwargs):
    kwargs.setdefault("out", None)
    return crawl(farm.sources(), db, fetch_config=FETCH, **kwargs)


def db_reports(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "SELECT agency, year, edition, url, version, current FROM reports ORDER BY url, version"
        ).fetchall()
    finally:
        con.close()


def expected_flat(name: str) -> dict:
    return json.loads((FIXTURES / "expected" / f"{name}.json").read_text(encoding="utf-8"))["flat"]


def report_at(db: Path, url_suffix: str) -> tuple[int, dict]:
    with Store(db, readonly=True) as s:
        (row,) = [r for r in s.iter_reports() if r.url.endswith(url_suffix)]
        return row.id, s.stats(row.id)


# --------------------------------------------------------------------------------------------------


def test_the_bundled_portal_is_what_the_generator_writes(tmp_path):
    built = build_demo_portal(tmp_path / "portal")
    ours = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    bundled = {p.relative_to(PORTAL): p.read_bytes() for p in PORTAL.rglob("*") if p.is_file()}
    assert ours == bundled, (
        "fixtures/portal is stale: run `python -m linhai_scrape.crawl.demo build fixtures/portal`"
    )


def test_full_crawl_finds_and_extracts_the_right_reports(farm, tmp_path):
    db = tmp_path / "r.sqlite"
    summary = run(farm, db)

    rows = db_reports(db)
    assert {(a, y, e) for a, y, e, *_ in rows} == EXPECTED_REPORTS
    assert len(rows) == len(EXPECTED_REPORTS) and all(current for *_, current in rows)
    assert (summary.new, summary.changed, summary.unchanged) == (len(EXPECTED_REPORTS), 0, 0)
    # The attachment-only page, the PDF linked from 鄞州's list (a page-less stub: whatever the
    # extractor calls it — "file:pdf" while PDFs were not read, a not-report reason now — not a
    # report), and the file the attachment-only page links to, which the crawl follows (a stub too).
    assert summary.not_reports["attachment_only"] == 1 and sum(summary.not_reports.values()) == 3
    problems = {(p.kind, p.url.rsplit("/", 1)[-1]) for p in summary.problems}
    assert problems == {
        ("blocked", "t20220126_4120001.html"),  # 412 + JS challenge
        ("failed", "t20220125_5000001.html"),  # 500, retried then given up
        ("failed", "art_1229317620_404.html"),  # a broken link
    }
    assert (summary.blocked, summary.failed, summary.sources_failed, summary.exit_code) == (1, 2, 0, 1)

    # The report fixtures served by the farm come out exactly as their expected files say.
    assert report_at(db, "art_1229317620_6102937.html")[1] == expected_flat("html_2021_utf8.html")
    assert report_at(db, "t20210128_1234567.html")[1] == expected_flat("html_2019_gbk.html")
    assert report_at(db, "narrative.html")[1] == expected_flat("narrative_only.txt")

    # What was requested: no guide/catalogue/notice, no static index_1.html on the Hanweb column,
    # the dataproxy asked for its groups, the TRS pages found through createPageHTML.
    paths = {(site, path.split("?")[0]) for site, _m, path, _s, _c in farm.log}
    assert not any(
        "art_1229317610" in p or "notice.html" in p or "art_1229317620_9.html" in p for _s, p in paths
    )
    assert ("linhai", "/col/col1229317620/index_1.html") not in paths
    assert ("linhai", "/module/web/jpage/dataproxy.jsp") in paths
    # …as the column's own script asks it: a POST carrying the column's fields
    proxy_methods = {
        m for _s, m, path, _st, _c in farm.log if path.startswith("/module/web/jpage/dataproxy.jsp")
    }
    assert proxy_methods == {"POST"}
    assert {("hanbin", f"/zwgk/xxgknb/{n}") for n in ("index.html", "index_1.html", "index_2.html")} <= paths
    assert {("yinzhou", "/ndbg/list.html"), ("yinzhou", "/ndbg/list2.html")} <= paths

    with Store(db, readonly=True) as s:
        names = s.source_names()
        # The off-site link on Linhai's list (to the 汉滨 portal) was left to the 汉滨 source.
        hanbin_2020 = s.page(farm.base_urls["hanbin"] + "/zwgk/xxgknb/202101/t20210128_1234567.html")
        assert names[hanbin_2020.source_id] == "hanbin" and hanbin_2020.encoding == "gb18030"
        # Publication dates as the pages state them (the metadata table, the text).
        rows = {r.url.rsplit("/", 1)[-1]: r for r in s.iter_reports()}
        assert rows["narrative.html"].published == "2023-01-30"
        assert rows["art_1229317620_6102937.html"].published == "2023-01-18"
        # Attachments with their link text.
        docx = s.attachments(farm.base_urls["yinzhou"] + "/ndbg/2023/0118/yz2022.html")
        assert [(a.kind, a.text) for a in docx] == [
            ("docx", "鄞州区2022年政府信息公开工作年度报告（Word版）")
        ]
        pdf = s.attachments(farm.base_urls["linhai"] + "/art/2023/1/19/art_1229317620_2022190.html")
        assert [(a.kind, a.url.endswith("/attach/2023/lhjt2022.pdf")) for a in pdf] == [("pdf", True)]
        # The cross-year check: the one deliberate slip is recorded on the newer report, and only there.
        store_checks = s.conn.execute(
            "SELECT r.agency, r.year, c.code FROM checks c JOIN reports r ON r.id = c.report_id WHERE c.origin = 'store'"
        ).fetchall()
        assert [tuple(r) for r in store_checks] == [("临海市卫生健康局", 2022, "carry_over_mismatch")]
        (run_row,) = s.runs()
        assert run_row["status"] == "failed" and run_row["exit_code"] == 1
        assert run_row["counts"]["new"] == len(EXPECTED_REPORTS) and len(run_row["errors"]) == 3


def test_second_run_is_conditional_and_extracts_nothing(farm, tmp_path, monkeypatch):
    db = tmp_path / "r.sqlite"
    run(farm, db)
    with Store(db, readonly=True) as s:
        before = [(r.id, r.extracted_at) for r in s.iter_reports(all_versions=True)]
    farm.reset_counts()

    def no_reading(task):
        raise AssertionError(f"re-extracted {task.url}")

    monkeypatch.setattr(crawl_mod, "read_page", no_reading)  # read in this process: workers=1
    summary = run(farm, db, workers=1)
    assert (summary.new, summary.changed, summary.unchanged) == (0, 0, len(EXPECTED_REPORTS))
    assert summary.not_modified >= len(EXPECTED_REPORTS) + 2
    # Every page the store holds was asked for conditionally, and answered 304.
    report_requests = [
        e for e in farm.log if e[0] != "robots" and ("/art/" in e[2] or "/t20" in e[2] or "/ndbg/20" in e[2])
    ]
    held = [
        e for e in report_requests if "404" not in e[2] and "5000001" not in e[2] and "4120001" not in e[2]
    ]
    assert held and all(cond and status == 304 for _s, _m, _p, status, cond in held)
    with Store(db, readonly=True) as s:
        assert [(r.id, r.extracted_at) for r in s.iter_reports(all_versions=True)] == before
        assert [r["status"] for r in s.runs()] == [
            "failed",
            "failed",
        ]  # the same three problems, still honest


def test_a_farm_whose_ports_are_taken_keeps_its_urls_so_the_next_run_is_incremental(tmp_path):
    """The store knows a page by its URL. ``crawl --demo`` asks for the demo ports, and when another
    process holds one (a test suite beside this one crawling the demo too) that portal listens on
    another: its URLs must stay those of the port asked for, else the next run, with the port free
    again, finds every page of that portal under a URL never stored and lists its reports as new."""
    root = tmp_path / "portal"
    shutil.copytree(PORTAL, root)
    holders = [socket.create_server(("127.0.0.1", 0)) for _ in range(3)]  # another process's ports
    ports = tuple(holder.getsockname()[1] for holder in holders)
    db = tmp_path / "r.sqlite"
    try:
        with PortalFarm(root, fixtures=FIXTURES, ports=ports, fixed_urls=True) as farm:
            assert list(farm.base_urls.values()) == [f"http://127.0.0.1:{p}" for p in ports]
            assert len(farm.connect_to) == 3  # every site listens elsewhere
            first = crawl(
                farm.sources(), db, fetch_config=replace(FETCH, connect_to=farm.connect_to), out=None
            )
        assert first.new == len(EXPECTED_REPORTS)
    finally:
        for holder in holders:
            holder.close()
    with PortalFarm(root, fixtures=FIXTURES, ports=ports, fixed_urls=True) as farm:
        assert farm.connect_to == ()  # the ports are free now: each site listens at its URLs
        second = crawl(farm.sources(), db, fetch_config=replace(FETCH, connect_to=farm.connect_to), out=None)
    assert second.not_modified >= len(EXPECTED_REPORTS)  # the pages stored were asked for conditionally
    assert (second.new, second.changed, second.unchanged) == (0, 0, len(EXPECTED_REPORTS))
    assert {url.split("/")[2] for *_, url, _v, _c in db_reports(db)} <= {f"127.0.0.1:{p}" for p in ports}


def test_changing_one_report_makes_exactly_one_new_version(farm, tmp_path):
    db = tmp_path / "r.sqlite"
    run(farm, db)
    page = farm.root / "linhai/art/2023/1/22/art_1229317620_2022001.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace("本年度未收取信息处理费。", "本年度未收取信息处理费。报告于次月更正了一处笔误。"),
        encoding="utf-8",
    )
    summary = run(farm, db)
    assert (summary.new, summary.changed, summary.unchanged) == (0, 1, len(EXPECTED_REPORTS) - 1)
    rows = db_reports(db)
    assert len(rows) == len(EXPECTED_REPORTS) + 1
    versions = [(v, cur) for a, y, e, url, v, cur in rows if url.endswith("art_1229317620_2022001.html")]
    assert versions == [(1, 0), (2, 1)]
    with Store(db, readonly=True) as s:
        v1, v2 = s.report_versions(farm.base_urls["linhai"] + "/art/2023/1/22/art_1229317620_2022001.html")
        assert v1.sha256 != v2.sha256 and s.get_blob(v1.sha256) is not None  # the old bytes are kept
        assert s.stats(v1.id) == s.stats(v2.id)  # same numbers, new text


def _snapshot(db: Path, bases: dict[str, str]) -> dict[str, list]:
    """The database's content without run ids and timestamps, ports folded away."""
    con = sqlite3.connect(db)

    def fold(value):
        if isinstance(value, str):
            for name, base in bases.items():
                value = value.replace(base, f"<{name}>")
        return value

    def rows(sql):
        return sorted(tuple(fold(v) for v in r) for r in con.execute(sql).fetchall())

    try:
        return {
            "reports": rows(
                "SELECT url, version, current, sha256, agency, year, edition, title, published, parser_version FROM reports"
            ),
            "stats": rows(
                "SELECT r.url, r.version, s.key, s.value, s.origin FROM stats s JOIN reports r ON r.id = s.report_id"
            ),
            "checks": rows(
                "SELECT r.url, r.version, c.origin, c.code, c.severity, c.message, c.keys FROM checks c JOIN reports r ON r.id = c.report_id"
            ),
            # (not status/outcome: a page fetched before the kill is answered 304 after it, as it should be)
            "pages": rows(
                "SELECT url, kind, sha256, etag, last_modified, encoding, result, error FROM pages"
            ),
            "blobs": rows("SELECT sha256, size FROM blobs"),
            "attachments": rows("SELECT page_url, page_sha256, url, text, kind FROM attachments"),
            "sources": rows("SELECT name, agency FROM sources"),
        }
    finally:
        con.close()


def _count_reports(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(con.execute("SELECT COUNT(*) FROM reports").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def test_a_crawl_killed_mid_run_resumes_to_the_same_database(farm, tmp_path):
    reference = tmp_path / "reference.sqlite"
    run(farm, reference)

    sources = tmp_path / "sources.toml"
    sources.write_text(farm.sources_toml(), encoding="utf-8")
    db = tmp_path / "killed.sqlite"
    code = (
        "from linhai_scrape.crawl import crawl\n"
        "from linhai_scrape.fetch import FetchConfig\n"
        f"crawl({str(sources)!r}, {str(db)!r}, out=None, fetch_config=FetchConfig(retries=2, backoff_base=0.01, "
        "backoff_max=0.02, per_host_delay=0.0, trust_env=False))\n"
    )
    farm.delay = 0.05  # slow answers, so that the kill lands mid-run
    proc = subprocess.Popen(
        [sys.executable, "-c", code], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    try:
        deadline = time.monotonic() + 30
        while _count_reports(db) < 4:
            assert proc.poll() is None, "the crawl finished before it could be killed"
            assert time.monotonic() < deadline, "the crawl made no progress"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    farm.delay = 0.0
    killed_at = _count_reports(db)
    assert 4 <= killed_at < len(EXPECTED_REPORTS)

    summary = run(farm, db)  # picks up where it stopped
    assert summary.new == len(EXPECTED_REPORTS) - killed_at and summary.changed == 0
    resumed, uninterrupted = _snapshot(db, farm.base_urls), _snapshot(reference, farm.base_urls)
    for table in uninterrupted:
        extra = set(resumed[table]) - set(uninterrupted[table])
        missing = set(uninterrupted[table]) - set(resumed[table])
        assert not extra and not missing, (table, sorted(extra)[:3], sorted(missing)[:3])
        assert len(resumed[table]) == len(uninterrupted[table]), table  # no duplicates
    with Store(db, readonly=True) as s:
        assert [r["status"] for r in s.runs()] == ["interrupted", "failed"]


def _descendants(pid: int) -> set[int]:
    """The processes below ``pid`` (Linux /proc): a crawl's fork server and its workers."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def _alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"  # a zombie is dead, waiting for its parent to read its status


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
def test_a_crawl_with_two_workers_killed_mid_run_resumes_to_the_same_database(farm, tmp_path):
    """kill -9 of the crawling process while two workers read pages: nothing lost, nothing stored
    twice, and the workers go away by themselves (their pipe closes)."""
    reference = tmp_path / "reference.sqlite"
    run(farm, reference, workers=1)

    sources = tmp_path / "sources.toml"
    sources.write_text(farm.sources_toml(), encoding="utf-8")
    db = tmp_path / "killed.sqlite"
    code = (
        "from linhai_scrape.crawl import crawl\n"
        "from linhai_scrape.fetch import FetchConfig\n"
        f"crawl({str(sources)!r}, {str(db)!r}, out=None, workers=2, fetch_config=FetchConfig(retries=2, "
        "backoff_base=0.01, backoff_max=0.02, per_host_delay=0.0, trust_env=False))\n"
    )
    farm.delay = 0.05  # slow answers, so that the kill lands mid-run
    proc = subprocess.Popen(
        [sys.executable, "-c", code], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    try:
        deadline = time.monotonic() + 30
        while _count_reports(db) < 4:
            assert proc.poll() is None, "the crawl finished before it could be killed"
            assert time.monotonic() < deadline, "the crawl made no progress"
            time.sleep(0.01)
        helpers = _descendants(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert len(helpers) >= 3, helpers  # the fork server and two workers were running
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in helpers):
        assert time.monotonic() < deadline, f"worker processes outlived the crawl: {helpers}"
        time.sleep(0.05)
    farm.delay = 0.0
    killed_at = _count_reports(db)
    assert 4 <= killed_at < len(EXPECTED_REPORTS)

    summary = run(farm, db, workers=2)  # picks up where it stopped
    assert summary.new == len(EXPECTED_REPORTS) - killed_at and summary.changed == 0
    resumed, uninterrupted = _snapshot(db, farm.base_urls), _snapshot(reference, farm.base_urls)
    for table in uninterrupted:
        extra = set(resumed[table]) - set(uninterrupted[table])
        missing = set(uninterrupted[table]) - set(resumed[table])
        assert not extra and not missing, (table, sorted(extra)[:3], sorted(missing)[:3])
        assert len(resumed[table]) == len(uninterrupted[table]), table  # no duplicates
    with Store(db, readonly=True) as s:
        assert [r["status"] for r in s.runs()] == ["interrupted", "failed"]


def _evidence(db: Path, bases: dict[str, str]) -> dict[tuple[str, int], tuple[dict, dict]]:
    """Each report version's JSON and evidence, decoded (ports folded away, times dropped)."""
    out = {}
    with Store(db, readonly=True) as s:
        for row in s.iter_reports(all_versions=True):
            data = row.report_dict()
            url = row.url
            for name, base in bases.items():
                url = url.replace(base, f"<{name}>")
            evidence = data.pop("evidence", {})
            out[(url, row.version)] = (json.loads(json.dumps(data).replace("127.0.0.1:", "port:")), evidence)
    return out


def test_two_workers_store_what_one_stores(farm, tmp_path):
    one, two = tmp_path / "one.sqlite", tmp_path / "two.sqlite"
    first = run(farm, one, workers=1)
    second = run(farm, two, workers=2)
    assert first.counts() | {"elapsed_s": 0} == second.counts() | {"elapsed_s": 0}
    assert _snapshot(one, farm.base_urls) == _snapshot(two, farm.base_urls)
    # the reports' JSON and evidence too (packed by a worker process, or in this one)
    by_one, by_two = _evidence(one, farm.base_urls), _evidence(two, farm.base_urls)
    assert by_one.keys() == by_two.keys() and len(by_one) == len(EXPECTED_REPORTS)
    for key, (report, evidence) in by_one.items():
        assert evidence and evidence == by_two[key][1], key
        assert report["stats"] == by_two[key][0]["stats"] and report["checks"] == by_two[key][0]["checks"]
    with Store(two, readonly=True) as s:
        assert s.runs()[0]["options"]["workers"] == 2


def test_reextract_with_two_workers_writes_what_one_writes(farm, tmp_path):
    crawled = tmp_path / "crawled.sqlite"
    run(farm, crawled)
    farm.stop()  # no network at all
    results = {}
    for workers in (1, 2):
        db = tmp_path / f"re{workers}.sqlite"
        shutil.copy(crawled, db)
        summary = reextract(db, force=True, out=None, workers=workers)
        # every stored report, and the three stored not-reports tried again
        assert (summary.reextracted, summary.still_not_reports, summary.failed) == (
            len(EXPECTED_REPORTS),
            3,
            0,
        )
        results[workers] = (_snapshot(db, farm.base_urls), _evidence(db, farm.base_urls))
    assert results[1] == results[2]
    crawled_snapshot = _snapshot(crawled, farm.base_urls)
    assert results[1][0]["stats"] == crawled_snapshot["stats"]  # the same parser reads the same numbers
    # (reextract reads no attached file, so the crawl's attachment_* checks are not made again)
    crawled_checks = {c for c in crawled_snapshot["checks"] if not c[3].startswith("attachment_")}
    assert set(results[1][0]["checks"]) == crawled_checks


def test_a_worker_that_dies_once_is_reported_and_its_page_read_again(farm, tmp_path, monkeypatch):
    from functools import partial

    from worker_faults import die_once_on

    marker = tmp_path / "died"
    page = "art_1229317620_6102937.html"
    monkeypatch.setattr(crawl_mod, "read_page", partial(die_once_on, str(marker), page))
    out = io.StringIO()
    summary = crawl(farm.sources(), tmp_path / "r.sqlite", fetch_config=FETCH, workers=2, out=out)
    assert marker.exists(), "no worker died"
    assert summary.worker_deaths == 1 and summary.new == len(EXPECTED_REPORTS)
    assert {p.url.rsplit("/", 1)[-1] for p in summary.problems}.isdisjoint({page})
    assert f"exited with code 3 reading {farm.base_urls['linhai']}/art/2023/1/18/{page}" in out.getvalue()
    assert "extraction workers that died and were replaced: 1" in summary.format()
    assert report_at(tmp_path / "r.sqlite", page)[1] == expected_flat("html_2021_utf8.html")


def test_a_page_on_which_workers_die_twice_fails_and_the_run_goes_on(farm, tmp_path, monkeypatch):
    from functools import partial

    from worker_faults import killed_on

    page = "art_1229317620_6102937.html"
    monkeypatch.setattr(crawl_mod, "read_page", partial(killed_on, page))
    db = tmp_path / "r.sqlite"
    summary = crawl(farm.sources(), db, fetch_config=FETCH, workers=2, out=None)
    assert summary.worker_deaths == 2  # the first worker replaced and the page read again, then given up
    (failure,) = [p for p in summary.problems if p.url.endswith(page)]
    assert failure.kind == "failed" and "died reading this page, 2 times" in failure.reason
    assert failure.reason.count("killed by SIGKILL") == 2
    assert summary.new == len(EXPECTED_REPORTS) - 1 and summary.exit_code == 1
    with Store(db, readonly=True) as s:
        row = s.page(farm.base_urls["linhai"] + "/art/2023/1/18/" + page)
        # the bytes are kept and the page is tried again by the next run
        assert row is not None and row.result == "error" and s.get_blob(row.sha256) is not None
    monkeypatch.undo()
    again = run(farm, db, workers=2)
    assert again.new == 1 and again.worker_deaths == 0


def test_reextract_reports_a_worker_death_and_reads_the_page_again(farm, tmp_path, monkeypatch):
    from functools import partial

    from worker_faults import die_once_on, killed_on

    db = tmp_path / "r.sqlite"
    run(farm, db)
    farm.stop()
    page = "art_1229317620_6102937.html"
    monkeypatch.setattr(crawl_mod, "read_page", partial(die_once_on, str(tmp_path / "died"), page))
    once = reextract(db, force=True, out=None, workers=2)
    assert (once.worker_deaths, once.failed, once.reextracted) == (1, 0, len(EXPECTED_REPORTS))
    monkeypatch.setattr(crawl_mod, "read_page", partial(killed_on, page))
    twice = reextract(db, force=True, out=None, workers=2)
    assert (twice.worker_deaths, twice.failed, twice.reextracted) == (2, 1, len(EXPECTED_REPORTS) - 1)
    assert twice.problems[0].url.endswith(page) and "2 times" in twice.problems[0].reason
    assert report_at(db, page)[1] == expected_flat("html_2021_utf8.html")  # the stored version stays


def _list_page(links: list[tuple[str, str]]) -> bytes:
    items = "".join(f"<li><a href='{href}'>{text}</a><span>2023-01-18</span></li>" for href, text in links)
    return (
        f"<html><head><meta charset='utf-8'></head><body><ul class='list'>{items}</ul></body></html>".encode()
    )


@pytest.mark.parametrize("event_loop", ["default", "asyncio"])
def test_ctrl_c_stops_a_crawl_at_once_not_after_its_queue(httpserver, tmp_path, event_loop):
    """Ctrl-C while the list pages are still being walked and reports are queued: with a 1 s
    politeness delay and a slow report page, finishing the queue would take many seconds. The crawl
    must stop within moments, mark the run interrupted and exit 130. On either event loop (the
    default is uvloop where it is installed)."""
    report = (FIXTURES / "html_2021_utf8.html").read_bytes()
    reports = [(f"/r/{i}.html", f"测试县{2010 + i}年政府信息公开工作年度报告") for i in range(6)]
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/list.html").respond_with_data(
        _list_page([*reports, ("/list2.html", "下一页")]), content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/list2.html").respond_with_data(
        _list_page([("/r/9.html", "测试县2009年政府信息公开工作年度报告")]), content_type="text/html"
    )

    def slow(request):
        time.sleep(3)
        return Response(report, content_type="text/html; charset=utf-8")

    httpserver.expect_request("/r/0.html").respond_with_handler(slow)
    for href, _ in reports[1:]:
        httpserver.expect_request(href).respond_with_data(report, content_type="text/html; charset=utf-8")
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[defaults]\ndelay = 1.0\n\n[[source]]\nname = "t"\nagency = "测试县"\n'
        f'start_urls = ["{httpserver.url_for("/list.html")}"]\ncms = "generic"\n',
        encoding="utf-8",
    )
    db = tmp_path / "c.sqlite"
    # Ctrl-C at a terminal reaches a foreground process whose SIGINT is the default; a test run started
    # in the background by a non-interactive shell ignores SIGINT, and so would the crawl it starts
    # (an ignored signal is inherited, a handled one is not), as a backgrounded crawl rightly does
    ignored = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "linhai_scrape", "crawl", "--sources", str(sources), "--db", str(db)]
            + ["--no-progress", "--verbose", "--retries", "1", "--summary-json", "summary.json"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT), "LINHAI_EVENT_LOOP": event_loop},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        signal.signal(signal.SIGINT, ignored)
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # the first list page read: 6 reports queued, the walk goes on
            if "] list " in line:
                break
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        interrupted = time.monotonic()
        _, err = proc.communicate(timeout=60)
        stopped_after = time.monotonic() - interrupted
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130 and "Traceback" not in err, err[-4000:]
    assert stopped_after < 2.0, f"took {stopped_after:.1f} s to stop"  # draining: over 6 s
    with Store(db, readonly=True) as s:
        assert [r["status"] for r in s.runs()] == ["interrupted"]
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert (summary["status"], summary["exit_code"]) == ("interrupted", 130)  # what the process exits with


def test_two_runs_at_once_the_second_refuses(farm, tmp_path):
    db = tmp_path / "r.sqlite"
    with Store(db) as holder:
        holder.lock()
        with pytest.raises(StoreLockedError, match="in use by another linhai-scrape run") as info:
            run(farm, db)
        assert info.value.exit_code == 2
    assert db_reports(db) == []


def test_export_csv_and_jsonl(farm, tmp_path):
    db = tmp_path / "r.sqlite"
    run(farm, db)
    out = tmp_path / "reports.csv"
    n = export(db, out, format="csv")
    assert n == len(EXPECTED_REPORTS)
    with out.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == [*CSV_META_COLUMNS, *canonical_keys()]
        rows = list(reader)
    (huangyan,) = [r for r in rows if r["agency"] == "台州市黄岩区"]
    flat = expected_flat("html_2021_utf8.html")
    for key in canonical_keys():
        if key in flat:
            assert float(huangyan[key]) == flat[key], key
        else:
            assert huangyan[key] == "", key  # absent, never 0
    assert huangyan["year"] == "2022" and huangyan["edition"] == "2021" and huangyan["source"] == "linhai"
    assert {r["current"] for r in rows} == {"1"}
    # Regions: Linhai's and 汉滨区's columns state theirs; 鄞州's does not, so its reports' come from
    # their agencies' names. 黄岩区, republished in Linhai's column, is under 台州市, not 临海市.
    regions = {(r["agency"], r["region"], r["region_basis"]) for r in rows}
    assert ("临海市财政局", "浙江省/台州市/临海市", "source") in regions
    assert ("台州市黄岩区", "浙江省/台州市/黄岩区", "agency_name") in regions
    assert ("汉滨区财政局", "陕西省/安康市/汉滨区", "source") in regions
    assert ("宁波市鄞州区住房和城乡建设局", "宁波市/鄞州区", "agency_name") in regions
    assert ("湖州市吴兴区", "湖州市/吴兴区", "agency_name") in regions

    # --agency matches the agency as written, or the source's name or agency: Linhai's column also
    # republishes the 黄岩区 report, so 5 临海 reports for 2022 + that one.
    assert export(db, tmp_path / "y.csv", format="csv", year=2022, agency="临海") == 6
    assert export(db, tmp_path / "z.csv", format="csv", agency="黄岩区") == 1
    # a substring, not a LIKE pattern: "_" and "%" match only themselves
    assert export(db, tmp_path / "w.csv", format="csv", agency="_") == 0
    assert export(db, tmp_path / "w.csv", format="csv", agency="%") == 0

    # a failed export leaves the previous file as it was (the database is opened first; the file
    # is replaced only when the export is complete)
    before = out.read_bytes()
    with pytest.raises(StoreError):
        export(tmp_path / "typo.sqlite", out, format="csv")
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    # a new export keeps the file's permissions, and writes through a symlink to its file
    out.chmod(0o640)
    link = tmp_path / "latest.csv"
    link.symlink_to(out)
    export(db, link, format="csv")
    assert link.is_symlink() and out.stat().st_mode & 0o777 == 0o640
    assert out.read_bytes() == before
    jsonl = tmp_path / "r.jsonl"
    assert export(db, jsonl, format="jsonl", agency="卫生健康") == 2
    lines = [json.loads(x) for x in jsonl.read_text(encoding="utf-8").splitlines()]
    newer = next(x for x in lines if x["year"] == 2022)
    assert "carry_over_mismatch" in [c["code"] for c in newer["checks"]]
    assert newer["store"]["source"] == "linhai" and newer["store"]["version"] == 1
    assert newer["store"]["region"] == ["浙江省", "台州市", "临海市"]
    assert newer["store"]["region_basis"] == "source"
    assert Report.model_validate(newer).agency == "临海市卫生健康局"


def test_export_flags_the_same_report_stored_twice(tmp_path):
    # the same report at a mirror URL, and its PDF behind an attachment-only page: both rows are
    # kept, and the later ones name the first, so a sum over agencies and years can skip them
    db = tmp_path / "r.sqlite"

    def report(agency: str | None, total: int) -> Report:
        return Report(
            agency=agency, year=2022, edition="2021", stats={"applications.new_received.total": total}
        )

    with Store(db) as s:
        for url, body, rep in [
            ("http://a/2022.html", b"a", report("临海市人民政府", 248)),
            ("http://mirror/2022.html", b"b", report("临海市", 248)),  # the same agency, written short
            ("http://a/2022.pdf", b"c", report("临海市人民政府", 248)),
            ("http://a/other.html", b"d", report("临海市人民政府", 249)),  # another report
            ("http://b/2022.html", b"e", report("台州市人民政府", 248)),  # another agency
            ("http://c/2022.html", b"f", report(None, 248)),  # agency unknown: never a duplicate
            ("http://d/2022.html", b"g", report(None, 248)),
        ]:
            s.save_report(url, rep, body=body, sha256=hashlib.sha256(body).hexdigest(), source_id=None)
    out = tmp_path / "r.csv"
    export(db, out, format="csv")
    with out.open(encoding="utf-8", newline="") as fh:
        rows = {r["url"]: r for r in csv.DictReader(fh)}
    first = rows["http://a/2022.html"]["report_id"]
    assert {url: r["duplicate_of"] for url, r in rows.items()} == {
        "http://a/2022.html": "",
        "http://mirror/2022.html": first,
        "http://a/2022.pdf": first,
        "http://a/other.html": "",
        "http://b/2022.html": "",
        "http://c/2022.html": "",
        "http://d/2022.html": "",
    }
    jsonl = tmp_path / "r.jsonl"
    export(db, jsonl, format="jsonl")
    flags = {
        x["store"]["url"]: x["store"]["duplicate_of"]
        for x in map(json.loads, jsonl.read_text("utf-8").splitlines())
    }
    assert flags["http://mirror/2022.html"] == int(first) and flags["http://a/other.html"] is None


def test_dry_run_lists_and_stores_nothing(farm, tmp_path):
    db = tmp_path / "r.sqlite"
    summary = run(farm, db, dry_run=True)
    assert not db.exists()
    assert summary.links == len(summary.discovered) == len(EXPECTED_REPORTS) + 5
    assert {known for *_x, known in summary.discovered} == {"new"}
    fetched = {path for _s, _m, path, _st, _c in farm.log}
    assert not any("/art/2023/1/22/" in p or "t20210128_1234567" in p for p in fetched)  # no report page
    # Against an existing database: the known links are marked.
    run(farm, db, limit=3)
    again = run(farm, db, dry_run=True)
    assert sum(1 for *_x, known in again.discovered if known == "known") == 3


def test_limit_caps_report_pages(farm, tmp_path):
    summary = run(farm, tmp_path / "r.sqlite", limit=5)
    assert summary.new + summary.failed + summary.blocked + sum(summary.not_reports.values()) == 5
    assert summary.skipped_limit == summary.links - 5


def test_reextract_uses_stored_bytes_only(farm, tmp_path):
    db = tmp_path / "r.sqlite"
    run(farm, db)
    con = sqlite3.connect(db)
    con.execute("UPDATE reports SET parser_version = '0' WHERE agency LIKE '汉滨%'")
    con.execute(
        "DELETE FROM stat_values WHERE report_id IN (SELECT id FROM reports WHERE agency LIKE '汉滨%')"
    )
    con.commit()
    con.close()
    with Store(db, readonly=True) as s:
        sources_before = {r.id: r.report().source for r in s.iter_reports()}
    farm.stop()  # no network at all
    summary = reextract(db, out=None)
    # 4 reports of the older parser, and the 3 stored not-reports (the followed attachment among them)
    assert (summary.candidates, summary.reextracted, summary.failed) == (4 + 3, 4, 0)
    assert summary.still_not_reports == 3
    with Store(db, readonly=True) as s:
        rows = [r for r in s.iter_reports() if r.agency.startswith("汉滨")]
        # 228 statistics in the 2021 edition's tables, 219 in the 2019 edition's (民政局's)
        assert len(rows) == 4 and all(
            r.parser_version != "0" and len(s.stats(r.id)) == (219 if r.edition == "2019" else 228)
            for r in rows
        )
        assert s.runs()[-1]["command"] == "reextract"
        # where each version came from and how it was decoded is as the fetch recorded it, not
        # rewritten by the re-extraction (the final URL was lost; the codec became an HTTP charset)
        for row in rows:
            assert row.report().source == sources_before[row.id]


def test_unreachable_source_is_reported_not_fatal(farm, tmp_path):
    config = farm.sources()
    dead = SourceConfig(
        name="dead", agency="不可达市人民政府", start_urls=["http://127.0.0.1:9/col/col1/index.html"], delay=0
    )
    summary = crawl(
        SourcesConfig(source=[*config.source[:1], dead]), tmp_path / "r.sqlite", fetch_config=FETCH, out=None
    )
    assert summary.sources_failed == 1 and summary.exit_code == 1
    (problem,) = [p for p in summary.problems if p.source == "dead"]
    assert problem.kind == "failed" and "mainland China" in problem.reason
    assert summary.new > 0  # the other source went through
    assert "dead" in summary.format() and "sources: 2 (1 failed)" in summary.format()


def test_config_errors_are_exit_code_2(tmp_path):
    bad = tmp_path / "s.toml"
    bad.write_text('[[source]]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        crawl(bad, tmp_path / "r.sqlite", out=None)
    assert info.value.exit_code == 2 and "s.toml:1: source[1].agency" in str(info.value)
    assert not (tmp_path / "r.sqlite").exists()


def test_gaps_are_filled_from_the_metadata_table_the_list_and_the_source():
    from datetime import date

    from linhai_scrape.crawl.discover import ReportLink, parse_metadata
    from linhai_scrape.crawl.workers import complete

    link = ReportLink("http://127.0.0.1:1/a.html", "某市2021年政府信息公开工作年度报告", 2021, "2022-01-20")
    agency = "某市人民政府"  # the source's
    meta = parse_metadata(
        "<table><tr><th>索引号</th><td>1</td><th>发布机构</th><td>某市政府办公室</td></tr>"
        "<tr><th>发文日期</th><td>2022-01-19</td></tr></table>"
    )
    done = complete(Report(), link, agency, meta)
    assert (done.agency, done.published, done.year, done.title) == (
        "某市政府办公室",
        date(2022, 1, 19),
        2021,
        link.text,
    )
    done = complete(Report(), link, agency, parse_metadata("<p>no table</p>"))
    assert (done.agency, done.published) == ("某市人民政府", date(2022, 1, 20))
    kept = complete(Report(agency="某市", year=2020, published=date(2021, 2, 1)), link, agency, meta)
    assert (kept.agency, kept.year, kept.published) == ("某市", 2020, date(2021, 2, 1))


def test_log_lines_and_progress_bar(farm, tmp_path):
    import io

    plain = io.StringIO()  # not a terminal: plain lines, quiet unless --verbose
    run(farm, tmp_path / "a.sqlite", out=plain)
    quiet = plain.getvalue().splitlines()
    assert any("[linhai] done:" in ln for ln in quiet) and any("FAILED" in ln for ln in quiet)
    assert not any(" new " in ln and "v1" in ln for ln in quiet)  # no per-page lines without --verbose
    verbose = io.StringIO()
    run(farm, tmp_path / "b.sqlite", out=verbose, verbose=True)
    assert any("[hanbin] new" in ln and "v1" in ln for ln in verbose.getvalue().splitlines())
    bar = io.StringIO()
    summary = run(farm, tmp_path / "c.sqlite", out=bar, progress=True)
    assert "page" in bar.getvalue() and summary.new == len(EXPECTED_REPORTS)
    text = summary.format()
    assert f"reports: {len(EXPECTED_REPORTS)} new, 0 changed, 0 unchanged" in text and "blocked: 1" in text
    assert crawl_mod.format_reports(summary).count("\n") == len(EXPECTED_REPORTS) - 1


def test_a_start_url_that_is_a_report_is_crawled_as_one(httpserver, tmp_path):
    """A source of one page: the start URL is the report itself, not a column listing reports."""
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/nb2022.html").respond_with_data(
        (FIXTURES / "html_2021_utf8.html").read_bytes(), content_type="text/html; charset=utf-8"
    )
    source = SourceConfig(name="one", agency="台州市黄岩区", start_urls=[httpserver.url_for("/nb2022.html")])
    db = tmp_path / "one.sqlite"
    summary = crawl(SourcesConfig(source=[source]), db, fetch_config=FETCH, out=None)
    assert summary.new == 1
    assert [(a, y) for a, y, *_ in db_reports(db)] == [("台州市黄岩区", 2022)]
