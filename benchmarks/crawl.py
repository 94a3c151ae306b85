"""Crawl throughput, CPU and memory on a generated local portal farm (loopback only), with one
extraction worker and with more, side by side in the same run.

Generates ``--hosts`` TRS-style portals × ``--reports`` report pages each (default 50 × 200 =
10,000 report pages plus 500 list pages with createPageHTML pagers), serves them from one separate
process (``farmserver.py``: asyncio, a port per portal, tens of microseconds per page, so that the
server does not eat the cores the crawl is measured on), and for each ``--workers`` value runs two
crawls into a fresh SQLite file, each in its own process:

* **full**: every page new — fetched, read (extracted) by the workers, stored by the main process;
* **incremental**: the same farm again — conditional requests, 304s, nothing read again.

Printed per crawl: wall time, pages/s, CPU ms per page of the main process (fetching, discovery,
storing) and of the workers together (extraction), database size, each process's peak RSS and RSS
after 2,500 / 5,000 / 9,500 report pages (memory must stay flat as the farm grows); then the
pages/s of each worker count over one worker's. Politeness delay 0: the crawl is CPU-bound. The
core count and the machine's load average are printed beside the figures: on a shared machine
the ratios move from run to run, so ``--rounds`` repeats the comparison (alternating) and prints
each round and the median.

    python benchmarks/crawl.py [--hosts 50] [--reports 200] [--workers 1,2] [--rounds 1] [--keep DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
CHECKPOINTS = (2_500, 5_000, 9_500)  # report pages stored (the workers stop at 10,000)


def child_crawl(sources_toml: str, db: str, workers: int) -> None:
    from procstats import ProcessSampler

    from linhai_scrape.crawl import crawl
    from linhai_scrape.fetch import FetchConfig

    def stored() -> int:
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
            try:
                return int(con.execute("SELECT COUNT(*) FROM pages WHERE kind = 'report'").fetchone()[0])
            finally:
                con.close()
        except sqlite3.Error:
            return 0

    sampler = ProcessSampler(progress=stored, marks=CHECKPOINTS).start()
    t0 = time.perf_counter()
    config = FetchConfig(
        retries=2, backoff_base=0.05, per_host_delay=0.0, trust_env=False, global_concurrency=16
    )
    summary = crawl(sources_toml, db, out=None, fetch_config=config, workers=workers)
    wall = time.perf_counter() - t0
    sampler.stop()
    main = sampler.pid
    workers_cpu = sum(sampler.cpu_of(p) for p in sampler.cpu if p != main)
    size = sum(Path(p).stat().st_size for p in (db, db + "-wal") if Path(p).exists())
    print(
        json.dumps(
            {
                "workers": workers,
                "wall_s": wall,
                "main_cpu_s": sampler.cpu_of(main) - sampler.own_cpu,
                "workers_cpu_s": workers_cpu,
                "pages": summary.pages_fetched,
                "not_modified": summary.not_modified,
                "new": summary.new,
                "unchanged": summary.unchanged,
                "failed": summary.failed,
                "db_mb": size / 2**20,
                "peak_rss_mb": {
                    "main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                    "workers": [round(sampler.peak_mb[p], 1) for p in sampler.workers()],
                },
                "rss_at": {
                    mark: {
                        "main": rss.get(main),
                        "workers": [rss[p] for p in sampler.workers() if p in rss],
                    }
                    for mark, rss in sampler.at.items()
                },
                "exit_code": summary.exit_code,
            }
        ),
        flush=True,
    )


def _crawl(sources: Path, db: Path, workers: int) -> dict:
    from procstats import run_child

    return run_child([__file__, "--child-crawl", str(sources), str(db), str(workers)], ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--reports", type=int, default=200, help="report pages per host")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare (default 1,2)")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the comparison (alternating)")
    parser.add_argument("--keep", type=Path, help="build the farm and databases here and keep them")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument("--child-crawl", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_crawl:
        sources, db, workers = args.child_crawl
        child_crawl(sources, db, int(workers))
        return 0

    from farmserver import Running
    from procstats import cores, rss_at_marks

    sys.path.insert(0, str(ROOT))
    from linhai_scrape.crawl.demo import build_bench_farm

    counts = [int(w) for w in args.workers.split(",")]
    work = args.keep or Path(tempfile.mkdtemp(prefix="linhai-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    farm_dir = work / "farm"
    t = time.perf_counter()
    if (
        not (farm_dir / "farm.json").exists()
        or len(json.loads((farm_dir / "farm.json").read_text())["sites"]) != args.hosts
    ):
        build_bench_farm(farm_dir, hosts=args.hosts, reports=args.reports)
    n_files = sum(1 for _ in farm_dir.rglob("*.html"))
    print(
        f"farm: {args.hosts} hosts × {args.reports} reports = {args.hosts * args.reports} report pages, "
        f"{n_files - args.hosts * args.reports} list pages, ready in {time.perf_counter() - t:.1f} s ({farm_dir})"
    )
    print(
        f"machine: {cores()} cores; load average {os.getloadavg()[0]:.1f} at start (other work shares the cores)"
    )

    results: list[dict] = []
    with Running(farm_dir) as server:
        sources = work / "sources.toml"
        sources.write_text(server.sources_toml(delay=0), encoding="utf-8")
        for round_no in range(1, args.rounds + 1):
            order = counts if round_no % 2 else list(reversed(counts))
            for workers in order:
                db = work / f"bench-{workers}.sqlite"
                for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
                    p.unlink(missing_ok=True)
                server_cpu = server.cpu_seconds()
                full = _crawl(sources, db, workers)
                full["server_cpu_s"] = server.cpu_seconds() - server_cpu
                server_cpu = server.cpu_seconds()
                incremental = _crawl(sources, db, workers)
                incremental["server_cpu_s"] = server.cpu_seconds() - server_cpu
                for kind, r in (("full", full), ("incremental", incremental)):
                    results.append({"round": round_no, "crawl": kind, **r})

    n = cores()
    print()
    print(
        f"{'cores':>5}{'round':>6}{'workers':>8}  {'crawl':12}{'wall s':>7}{'pages/s':>8}"
        f"{'main CPU':>9}{'workers CPU':>12}{'server CPU':>11}{'DB MB':>7}  {'peak RSS MB main/workers':26}"
        f"RSS MB main/workers at 2.5k | 5k | 9.5k pages  load"
    )
    print(f"{'':>5}{'':>6}{'':>8}  {'':12}{'':>7}{'':>8}{'ms/page':>9}{'ms/page':>12}{'ms/page':>11}")
    for r in results:
        pages = max(1, r["pages"])
        peak = f"{r['peak_rss_mb']['main']:.0f}/" + "+".join(f"{w:.0f}" for w in r["peak_rss_mb"]["workers"])
        print(
            f"{n:>5}{r['round']:>6}{r['workers']:>8}  {r['crawl']:12}{r['wall_s']:7.1f}{r['pages'] / r['wall_s']:8.0f}"
            f"{1000 * r['main_cpu_s'] / pages:9.2f}{1000 * r['workers_cpu_s'] / pages:12.2f}"
            f"{1000 * r['server_cpu_s'] / pages:11.2f}{r['db_mb']:7.0f}  {peak:26}{rss_at_marks(r, CHECKPOINTS)}"
            f"  {r['load_before']:.1f}→{r['load_after']:.1f}"
        )
    print("(1 worker reads the pages in the main process: its main CPU includes the extraction)")
    full = [r for r in results if r["crawl"] == "full"]
    if all(r["failed"] == 0 and r["new"] == args.hosts * args.reports for r in full):
        print(f"\nevery full crawl stored all {args.hosts * args.reports} reports, none failed")
    else:
        print(
            "\nSOME FULL CRAWLS DID NOT STORE EVERY REPORT: "
            + ", ".join(f"{r['new']} new/{r['failed']} failed" for r in full)
        )
    base = counts[0]
    for workers in counts[1:]:
        ratios = []
        for round_no in range(1, args.rounds + 1):
            one = next(r for r in full if r["round"] == round_no and r["workers"] == base)
            more = next(r for r in full if r["round"] == round_no and r["workers"] == workers)
            ratios.append((more["pages"] / more["wall_s"]) / (one["pages"] / one["wall_s"]))
        print(
            f"full crawl, {n} cores: {workers} workers / {base} worker pages/s = "
            + ", ".join(f"{x:.2f}×" for x in ratios)
            + (f" (median {statistics.median(ratios):.2f}×)" if len(ratios) > 1 else "")
        )
    for r in full:
        if r["workers"] > 1 and r["workers_cpu_s"] > 0:
            main_ms, extract_ms = 1000 * r["main_cpu_s"] / r["pages"], 1000 * r["workers_cpu_s"] / r["pages"]
            print(
                f"round {r['round']}, {r['workers']} workers: the main process spends {main_ms:.2f} ms of CPU per page, "
                f"the workers {extract_ms:.2f} ms (main / extraction = {main_ms / extract_ms:.2f})"
            )
    if args.json:
        print(json.dumps(results, indent=2))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
