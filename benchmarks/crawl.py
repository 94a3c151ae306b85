"""Crawl throughput and memory on a generated local portal farm (loopback only).

Generates ``--hosts`` TRS-style portals × ``--reports`` report pages each (default 50 × 200 = 10,000
report pages plus 500 list pages with createPageHTML pagers), serves them from a separate process
(one 127.0.0.1 port per portal), and runs two crawls into a fresh SQLite file, each in its own
process so that CPU time and peak RSS are the crawler's alone:

* **full**: every page new — fetched, extracted, stored;
* **incremental**: the same farm again — conditional requests, 304s, nothing re-extracted.

Printed per crawl: wall time, pages/s, CPU ms per page, database size, peak RSS, and the crawler's
RSS after 2,500 / 5,000 / 10,000 report pages (memory must stay flat as the farm grows).
Politeness delay 0.

    python benchmarks/crawl.py [--hosts 50] [--reports 200] [--keep DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKPOINTS = (2_500, 5_000, 10_000)


def _rss_mb() -> float:
    """Current resident set size of this process (Linux /proc; falls back to the peak)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


# --------------------------------------------------------------------------------------------------
# child processes
# --------------------------------------------------------------------------------------------------


def child_serve(farm_dir: str) -> None:
    from linhai_scrape.crawl.demo import PortalFarm

    farm = PortalFarm(farm_dir, record=False).start()
    print(json.dumps({"base_urls": farm.base_urls, "sites": farm.config["sites"]}), flush=True)
    try:
        sys.stdin.read()  # until the parent closes our stdin
    finally:
        farm.stop()


def child_crawl(sources_toml: str, db: str) -> None:
    from linhai_scrape.crawl import crawl
    from linhai_scrape.fetch import FetchConfig

    samples: dict[int, float] = {}
    stop = threading.Event()

    def watch() -> None:
        # Sample the crawler's RSS when the stored report count crosses each checkpoint.
        pending = list(CHECKPOINTS)
        while not stop.is_set() and pending:
            try:
                con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
                n = con.execute("SELECT COUNT(*) FROM pages WHERE kind = 'report'").fetchone()[0]
                con.close()
            except sqlite3.Error:
                n = 0
            while pending and n >= pending[0]:
                samples[pending.pop(0)] = round(_rss_mb(), 1)
            stop.wait(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    config = FetchConfig(
        retries=2, backoff_base=0.05, per_host_delay=0.0, trust_env=False, global_concurrency=16
    )
    summary = crawl(sources_toml, db, out=None, fetch_config=config)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    stop.set()
    watcher.join(timeout=2)
    size = sum(Path(p).stat().st_size for p in (db, db + "-wal") if Path(p).exists())
    print(
        json.dumps(
            {
                "wall_s": wall,
                "cpu_s": cpu,
                "pages": summary.pages_fetched,
                "list_pages": summary.list_pages,
                "not_modified": summary.not_modified,
                "new": summary.new,
                "changed": summary.changed,
                "unchanged": summary.unchanged,
                "failed": summary.failed,
                "blocked": summary.blocked,
                "db_mb": size / 2**20,
                "peak_rss_mb": _peak_rss_mb(),
                "rss_at": samples,
                "exit_code": summary.exit_code,
            }
        ),
        flush=True,
    )


# --------------------------------------------------------------------------------------------------
# driver
# --------------------------------------------------------------------------------------------------


def _crawl(sources: Path, db: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child-crawl", str(sources), str(db)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--reports", type=int, default=200, help="report pages per host")
    parser.add_argument("--keep", type=Path, help="build the farm and database here and keep them")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument("--child-serve", nargs=1, help=argparse.SUPPRESS)
    parser.add_argument("--child-crawl", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_serve:
        child_serve(args.child_serve[0])
        return 0
    if args.child_crawl:
        child_crawl(*args.child_crawl)
        return 0

    sys.path.insert(0, str(ROOT))
    from linhai_scrape.crawl.demo import build_bench_farm

    work = args.keep or Path(tempfile.mkdtemp(prefix="linhai-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    farm_dir, db = work / "farm", work / "bench.sqlite"
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    t = time.perf_counter()
    build_bench_farm(farm_dir, hosts=args.hosts, reports=args.reports)
    n_files = sum(1 for _ in farm_dir.rglob("*.html"))
    print(
        f"farm: {args.hosts} hosts × {args.reports} reports = {args.hosts * args.reports} report pages, "
        f"{n_files - args.hosts * args.reports} list pages, built in {time.perf_counter() - t:.1f} s ({farm_dir})"
    )

    server = subprocess.Popen(
        [sys.executable, __file__, "--child-serve", str(farm_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        info = json.loads(server.stdout.readline())  # type: ignore[union-attr]
        lines = ["[defaults]\ndelay = 0\nmax_pages = 1000\n"]
        for name, site in info["sites"].items():
            lines.append(
                f'[[source]]\nname = "{name}"\nagency = "{site["agency"]}"\n'
                f'start_urls = ["{info["base_urls"][name]}{site["start"][0]}"]\ncms = "trs"\n'
            )
        sources = work / "sources.toml"
        sources.write_text("\n".join(lines), encoding="utf-8")
        results = {"full": _crawl(sources, db), "incremental": _crawl(sources, db)}
    finally:
        server.stdin.close()  # type: ignore[union-attr]
        server.wait(timeout=30)

    print()
    print(
        f"{'':13}{'wall s':>8}{'pages':>8}{'pages/s':>9}{'CPU ms/page':>13}{'DB MB':>8}{'peak RSS MB':>13}  RSS MB at 2.5k/5k/10k pages"
    )
    for name, r in results.items():
        rss = " / ".join(str(r["rss_at"].get(str(c), r["rss_at"].get(c, "–"))) for c in CHECKPOINTS)
        print(
            f"{name:13}{r['wall_s']:8.1f}{r['pages']:8d}{r['pages'] / r['wall_s']:9.0f}"
            f"{1000 * r['cpu_s'] / max(1, r['pages']):13.2f}{r['db_mb']:8.1f}{r['peak_rss_mb']:13.0f}  {rss}"
        )
    full, inc = results["full"], results["incremental"]
    print(
        f"\nfull: {full['new']} new reports, {full['failed']} failed; incremental: {inc['unchanged']} unchanged, "
        f"{inc['not_modified']} answered 304, {inc['new'] + inc['changed']} new/changed.\n"
        f"incremental / full: wall {inc['wall_s'] / full['wall_s']:.1%}, CPU {inc['cpu_s'] / full['cpu_s']:.1%}"
    )
    if args.json:
        print(json.dumps(results, indent=2))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
