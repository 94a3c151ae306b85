"""Watching the nightly run: the summary as JSON for monitoring, written whole however the run ends,
and the sources that have failed on N runs in a row called out at its top. Real crawls of the demo
portal farm on 127.0.0.1 and of a port nothing listens on, into a real SQLite file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from linhai_scrape.cli import main
from linhai_scrape.crawl import crawl
from linhai_scrape.crawl.demo import PortalFarm
from linhai_scrape.crawl.monitor import failing_sources
from linhai_scrape.crawl.sources import ConfigError, SourceConfig, SourcesConfig
from linhai_scrape.crawl.store import Store, StoreLockedError
from linhai_scrape.fetch import FetchConfig

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
FETCH = FetchConfig(
    retries=2, backoff_base=0.01, backoff_max=0.02, per_host_delay=0.0, trust_env=False, total_timeout=20
)
DEAD_URL = "http://127.0.0.1:9/col/col1/index.html"  # the discard port: nothing answers on loopback


@pytest.fixture
def farm(tmp_path):
    root = tmp_path / "portal"
    shutil.copytree(FIXTURES / "portal", root)
    with PortalFarm(root, fixtures=FIXTURES) as f:
        yield f


def sources(farm: PortalFarm, *, flaky_url: str = DEAD_URL) -> SourcesConfig:
    """The farm's one clean portal (yinzhou: nothing on it fails) and a portal that may be down."""
    (clean,) = [s for s in farm.sources().source if s.name == "yinzhou"]
    flaky = SourceConfig(name="flaky", agency="某市人民政府", start_urls=[flaky_url], delay=0)
    return SourcesConfig(source=[clean, flaky])


def night(farm: PortalFarm, db: Path, report: Path, *, up: str | None = None, **kwargs):
    """One nightly run; ``up``: the URL the flaky portal answers on tonight (else it is down)."""
    config = sources(farm, flaky_url=up or DEAD_URL)
    return crawl(config, db, fetch_config=FETCH, out=None, summary_json=report, **kwargs)


def test_summary_json_holds_counts_failures_and_each_source(farm, tmp_path):
    report = tmp_path / "summary.json"
    report.write_text("last night's", encoding="utf-8")
    summary = night(farm, tmp_path / "r.sqlite", report)
    data = json.loads(report.read_text(encoding="utf-8"))
    assert (data["status"], data["exit_code"], data["error"]) == ("failed", 1, None)
    assert data["run_id"] == summary.run_id and data["started_at"].endswith("Z")
    assert data["counts"]["new"] == summary.new > 0 and data["counts"]["sources_failed"] == 1
    by_name = {s["name"]: s for s in data["sources"]}
    assert by_name["yinzhou"]["status"] == "ok" and by_name["yinzhou"]["new"] == summary.new
    assert by_name["flaky"]["status"] == "failed" and by_name["flaky"]["list_pages"] == 0
    assert all(s["elapsed_s"] >= 0 for s in data["sources"])
    (problem,) = data["problems"]
    assert problem["source"] == "flaky" and "mainland China" in problem["reason"]
    assert data["failing_sources"] == []  # one bad night is not a streak
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    with Store(tmp_path / "r.sqlite", readonly=True) as store:  # the run's row keeps each source too
        assert store.runs()[-1]["counts"]["per_source"]["flaky"]["status"] == "failed"


def test_a_source_failing_three_runs_in_a_row_is_called_out_at_the_top(farm, tmp_path):
    db, report = tmp_path / "r.sqlite", tmp_path / "summary.json"
    starts = [night(farm, db, report).started_at for _ in range(2)]
    assert json.loads(report.read_text(encoding="utf-8"))["failing_sources"] == []
    summary = night(farm, db, report)
    (failing,) = summary.failing
    assert (failing.source, failing.runs, failing.since) == ("flaky", 3, starts[0])
    assert "mainland China" in failing.reason
    text = summary.format().splitlines()
    assert text[1].startswith("  FAILING [flaky] has failed on 3 runs in a row (since ")
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["failing_sources"] == [
        {"source": "flaky", "runs": 3, "since": starts[0], "reason": failing.reason}
    ]
    assert night(farm, db, report).failing[0].runs == 4  # the streak goes on counting


def test_a_runs_row_holds_the_start_its_summary_gives_not_a_later_clock_reading(farm, tmp_path, monkeypatch):
    """A streak's ``since`` is a past run's row, this run's start is its summary's: the two must be
    one reading of the clock. The row took a second one once the store was open and locked, and on
    a loaded machine that fell in the next second (``since`` a second off the summary's start)."""
    from linhai_scrape.crawl import store as store_mod

    later = "2099-01-01T00:00:01Z"  # the clock has moved on to another second since the run began
    monkeypatch.setattr(store_mod, "now", lambda: later)
    db, report = tmp_path / "r.sqlite", tmp_path / "summary.json"
    summary = night(farm, db, report)
    assert summary.started_at != later
    with Store(db, readonly=True) as store:
        (row,) = store.runs()
    assert (
        row["started_at"]
        == summary.started_at
        == json.loads(report.read_text(encoding="utf-8"))["started_at"]
    )


def test_a_good_run_ends_a_streak_and_a_run_without_the_source_does_not(farm, tmp_path, httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/col/index.html").respond_with_data(
        "<html><body><ul><li>本栏目暂无信息</li></ul></body></html>", content_type="text/html"
    )
    db, report = tmp_path / "r.sqlite", tmp_path / "summary.json"
    night(farm, db, report)
    night(farm, db, report)
    back = night(farm, db, report, up=httpserver.url_for("/col/index.html"))
    assert back.failing == [] and back.exit_code == 0  # the portal is back: the streak ends
    night(farm, db, report)
    night(farm, db, report, only=["yinzhou"])  # a run that did not crawl it: no night for or against
    summary = night(farm, db, report)
    assert summary.failing == []  # two failed runs since the good one
    assert [f.runs for f in night(farm, db, report).failing] == [3]
    assert [f.runs for f in night(farm, db, report, failing_after=5).failing] == []


def test_runs_that_did_not_finish_neither_extend_nor_break_a_streak():
    def run(i: int, status: str, failed: bool, command: str = "crawl") -> dict:
        errors = [{"source": "a", "url": "u", "kind": "failed", "reason": "r"}] if failed else []
        return {
            "id": i,
            "command": command,
            "status": status,
            "started_at": f"2024-01-0{i}T01:00:00Z",
            "options": {"sources": ["a", "b"]},
            "errors": errors,
        }

    history = [
        run(1, "ok", False),
        run(2, "failed", True),
        run(3, "interrupted", False),  # killed half-way: says nothing about the source
        run(4, "failed", True, command="reextract"),
        run(5, "failed", True),
        run(6, "running", False),  # this run
    ]
    found = failing_sources(
        history,
        run_id=6,
        started_at="2024-01-06T01:00:00Z",
        problems=[("a", "down"), ("a", "again"), ("", "bug")],
    )
    assert [(f.source, f.runs, f.since, f.reason) for f in found] == [
        ("a", 3, "2024-01-02T01:00:00Z", "down")
    ]
    assert failing_sources(history, run_id=6, started_at="x", problems=[("b", "down")]) == []


def test_a_run_that_cannot_start_still_writes_its_summary(farm, tmp_path):
    report = tmp_path / "summary.json"
    report.write_text('{"status": "ok"}', encoding="utf-8")  # last night's: a monitor must not read it again
    bad = tmp_path / "s.toml"
    bad.write_text('[[source]]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        crawl(bad, tmp_path / "r.sqlite", out=None, summary_json=report)
    data = json.loads(report.read_text(encoding="utf-8"))
    assert (data["status"], data["exit_code"]) == ("error", 2) and "agency" in data["error"]

    db = tmp_path / "locked.sqlite"
    with Store(db) as holder:
        holder.lock()  # a run still going
        with pytest.raises(StoreLockedError):
            night(farm, db, report)
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["status"] == "error" and data["exit_code"] == 2


def test_command_line_summary_json_and_failing_after(farm, tmp_path, capsys):
    toml = tmp_path / "sources.toml"
    toml.write_text(
        farm.sources_toml()
        + f'\n[[source]]\nname = "flaky"\nagency = "某市人民政府"\nstart_urls = ["{DEAD_URL}"]\n',
        encoding="utf-8",
    )
    db, report = tmp_path / "r.sqlite", tmp_path / "summary.json"
    argv = ["crawl", "--sources", str(toml), "--db", str(db), "--summary-json", str(report), "--retries", "1"]
    assert main([*argv, "--source", "flaky", "--failing-after", "2"]) == 1
    assert main([*argv, "--source", "flaky", "--failing-after", "2"]) == 1
    out = capsys.readouterr().out
    assert "FAILING [flaky] has failed on 2 runs in a row" in out
    assert json.loads(report.read_text(encoding="utf-8"))["failing_sources"][0]["runs"] == 2
    assert main([*argv[:-2], "--summary-json", str(tmp_path)]) == 2  # a directory: refused before the run
    assert "is a directory" in capsys.readouterr().err
