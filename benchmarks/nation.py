"""A nation's portals, simulated on loopback: is the crawler ever the bottleneck?

About 3,000 governments' portals publish these reports. This simulates ``--hosts`` of them (default
500) with ``--reports`` reports each (default 20), served by one asyncio process (``farmserver.py``:
a port per portal, each answer optionally held back ``--latency`` seconds like a distant server's),
and crawls them with the polite delay of ``--delay`` seconds per host (default 1 s), as a nightly
run would: a **full** crawl into a fresh store (every report new: fetched, read, stored), then an
**incremental** one (every page asked conditionally, answered 304).

A host gets its robots.txt, its list page and its reports one after another, ``--delay`` apart; so
the crawl cannot go faster than hosts ÷ delay requests per second, and cannot take less than
(requests per host − 1) × delay. Printed for each crawl, from the server's own count: requests, the
time from the first to the last, the achieved rate beside that bound, and the CPU each process
spent (the crawl's main process, its workers, the server) against what the cores could give in
that time: when the cores are full, the machine is the bottleneck, not the crawler's politeness or
its limits. Then the figures the README's estimate for 3,000 portals is made from.

The crawl runs on uvloop where it is installed; ``--loop asyncio`` runs it on asyncio's own loop
(``LINHAI_EVENT_LOOP=asyncio``), to compare the two.

    python benchmarks/nation.py [--hosts 500] [--reports 20] [--delay 1.0] [--latency 0] [--workers N]
                                [--loop uvloop|asyncio] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def child_crawl(sources: str, db: str, workers: int | None) -> None:
    from procstats import ProcessSampler

    from linhai_scrape.crawl import crawl
    from linhai_scrape.crawl.eventloop import event_loop
    from linhai_scrape.fetch import FetchConfig

    sampler = ProcessSampler(interval=0.5).start()
    t0 = time.perf_counter()
    config = FetchConfig(retries=2, backoff_base=0.05, trust_env=False)  # delay: the sources file's
    summary = crawl(sources, db, out=None, fetch_config=config, workers=workers)
    wall = time.perf_counter() - t0
    sampler.stop()
    main = sampler.pid
    size = sum(Path(p).stat().st_size for p in (db, db + "-wal") if Path(p).exists())
    print(
        json.dumps(
            {
                "wall_s": wall,
                "loop": event_loop(),
                "main_cpu_s": sampler.cpu_of(main) - sampler.own_cpu,
                "workers_cpu_s": sum(sampler.cpu_of(p) for p in sampler.cpu if p != main),
                "pages": summary.pages_fetched,
                "new": summary.new,
                "unchanged": summary.unchanged,
                "not_modified": summary.not_modified,
                "failed": summary.failed,
                "db_mb": size / 2**20,
                "peak_rss_mb": {
                    "main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                    "workers": [round(sampler.peak_mb[p], 1) for p in sampler.workers()],
                },
            }
        ),
        flush=True,
    )


def _crawl(sources: Path, db: Path, workers: int | None, server) -> dict:  # type: ignore[no-untyped-def]
    from procstats import run_child

    server_cpu = server.cpu_seconds()
    result = run_child([__file__, "--child", str(sources), str(db), str(workers or 0)], ROOT)
    result["server_cpu_s"] = server.cpu_seconds() - server_cpu
    result["answered"] = server.answered()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hosts", type=int, default=500)
    parser.add_argument("--reports", type=int, default=20, help="reports per host")
    parser.add_argument("--delay", type=float, default=1.0, help="polite delay per host, seconds")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds the server holds each answer")
    parser.add_argument("--workers", type=int, help="extraction workers (default: one per core)")
    parser.add_argument(
        "--loop",
        choices=("uvloop", "asyncio"),
        help="the crawl's event loop (default: uvloop where installed)",
    )
    parser.add_argument("--keep", type=Path, help="build the farm here and keep it")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sources, db, workers = args.child
        child_crawl(sources, db, int(workers) or None)
        return 0

    if args.loop:  # the crawl's child process reads it
        os.environ["LINHAI_EVENT_LOOP"] = args.loop
    from farmserver import Running
    from procstats import cores

    sys.path.insert(0, str(ROOT))
    from linhai_scrape.crawl.demo import build_bench_farm

    work = args.keep or Path(tempfile.mkdtemp(prefix="linhai-nation-"))
    work.mkdir(parents=True, exist_ok=True)
    farm_dir = work / f"farm-{args.hosts}x{args.reports}"
    t = time.perf_counter()
    if not (farm_dir / "farm.json").exists():
        build_bench_farm(farm_dir, hosts=args.hosts, reports=args.reports, per_page=20)
    n = cores()
    print(
        f"farm: {args.hosts} hosts × {args.reports} reports, ready in {time.perf_counter() - t:.1f} s; "
        f"delay {args.delay:g} s per host, server latency {args.latency:g} s; "
        f"machine: {n} cores, load average {os.getloadavg()[0]:.1f} at start"
    )
    db = work / "nation.sqlite"
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    results = {}
    with Running(farm_dir, latency=args.latency) as server:
        sources = work / "sources.toml"
        sources.write_text(server.sources_toml(delay=args.delay), encoding="utf-8")
        server.answered()
        for kind in ("full", "incremental"):
            results[kind] = _crawl(sources, db, args.workers, server)

    bound = args.hosts / args.delay
    print(
        f"\n{'cores':>5}  {'crawl':12}{'requests':>9}{'span s':>8}{'minimum s':>10}{'req/s':>7}{'bound':>7}{'of bound':>9}"
        f"{'wall s':>8}{'main CPU':>9}{'workers':>8}{'server':>7}{'cores busy':>11}  load"
    )
    for kind, r in results.items():
        answered = r["answered"]
        requests = sum(answered["statuses"].values())
        span = answered["last"] - answered["first"]
        per_host = requests / args.hosts
        minimum = (per_host - 1) * args.delay
        rate = (requests - args.hosts) / span  # each host's first request starts at once
        cpu = r["main_cpu_s"] + r["workers_cpu_s"] + r["server_cpu_s"]
        print(
            f"{n:>5}  {kind:12}{requests:9d}{span:8.1f}{minimum:10.1f}{rate:7.0f}{bound:7.0f}{rate / bound:9.0%}"
            f"{r['wall_s']:8.1f}{r['main_cpu_s']:9.1f}{r['workers_cpu_s']:8.1f}{r['server_cpu_s']:7.1f}"
            f"{cpu / r['wall_s']:11.2f}  {r['load_before']:.1f}→{r['load_after']:.1f}"
        )
        r["requests"], r["span_s"], r["rate"] = requests, span, rate
    full, inc = results["full"], results["incremental"]
    print(f"event loop of the crawl: {inc['loop']}")
    print(
        f"(CPU in seconds; 'cores busy' = CPU of the crawl and the server ÷ wall time, of {n}; "
        "other engineers' work on the machine is not in it but is in the load average)"
    )
    print(
        f"\nfull: {full['new']} reports stored, {full['failed']} failed, store {full['db_mb']:.0f} MB "
        f"({1024 * full['db_mb'] / max(1, full['new']):.0f} KiB per report); peak RSS main "
        f"{full['peak_rss_mb']['main']:.0f} MB, workers "
        + "+".join(f"{w:.0f}" for w in full["peak_rss_mb"]["workers"])
        + " MB"
    )
    print(
        f"CPU per request: full {1000 * (full['main_cpu_s'] + full['workers_cpu_s']) / full['requests']:.2f} ms "
        f"(main {1000 * full['main_cpu_s'] / full['requests']:.2f}, workers {1000 * full['workers_cpu_s'] / full['requests']:.2f}); "
        f"incremental {1000 * (inc['main_cpu_s'] + inc['workers_cpu_s']) / inc['requests']:.2f} ms "
        f"(main {1000 * inc['main_cpu_s'] / inc['requests']:.2f}); {inc['unchanged']} unchanged, {inc['not_modified']} answered 304"
    )
    # The one process that fetches and writes is what an incremental crawl can run out of: at its CPU
    # per request, a core of its own allows this rate; the share of a core it got is the rest.
    per_request = inc["main_cpu_s"] / inc["requests"]
    print(
        f"incremental: one core of its own allows the main process {1 / per_request:.0f} requests/s "
        f"({1 / per_request / bound:.0%} of the bound); it got {inc['main_cpu_s'] / inc['wall_s']:.0%} of a core"
    )
    # the server shares the cores with the crawl: its cost per request says how much of them it takes
    print(
        "server CPU per request: "
        + ", ".join(
            f"{kind} {1000 * r['server_cpu_s'] / r['requests']:.2f} ms" for kind, r in results.items()
        )
    )
    if args.json:
        print(json.dumps(results, indent=2))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
