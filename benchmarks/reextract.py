"""``reextract`` over a store of stored report pages, with one worker and with more, side by side.

Builds once (kept with ``--keep``) a store of ``--reports`` distinct generated report pages (the
benchmark farm's TRS pages, 2014–2022, both template editions), saved through the store API as an
older parser's reports (no statistics), so that ``reextract`` reads every one of them again:
decompress, extract, serialise, write 230 statistics and the checks, the cross-year check. Then,
for each ``--workers`` value, a copy of that store is re-extracted in its own process.

Printed: reports/s, CPU ms per report of the main process (reading the store, writing) and of the
workers together (extraction), each process's peak RSS and RSS after 2,500 / 5,000 / 9,500
reports, the core count and the load average; then the reports/s of each worker count over one
worker's (target for 2 workers on 2 cores: ≥ 1.8×). ``--rounds`` repeats the comparison
(alternating) on a shared machine. ``--stand-in MS`` replaces the reading by MS milliseconds of
sleep, which needs no core: what the pipeline between the main process and its workers carries
whatever else runs on the machine (two workers should then give twice one's rate).

    python benchmarks/reextract.py [--reports 10000] [--workers 1,2] [--rounds 1] [--keep DIR] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
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
CHECKPOINTS = (2_500, 5_000, 9_500)  # reports written (the workers stop at 10,000)


def build(db: Path, reports: int) -> None:
    """A store of ``reports`` distinct report pages, as an older parser's reports."""
    from linhai_scrape.crawl.demo import ReportSpec, render_report
    from linhai_scrape.crawl.store import Store
    from linhai_scrape.models import Report

    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    with Store(db) as store:
        source_id = store.upsert_source("bench", agency="示范市", config={})
        for i in range(reports):
            h, r = divmod(i, 200)  # as the crawl benchmark's farm: 200 reports per portal
            year = 2014 + r % 9
            agency = f"示范市第{h}区第{r // 9}局"
            spec = ReportSpec(
                agency, year, "2021" if year >= 2021 else "2019", seed=h * 1000 + r, chrome="trs", padding=6
            )
            body = render_report(spec).encode("utf-8")
            stub = Report(title=spec.title, agency=agency, year=year, parser_version="0")
            url = f"http://site{h:03d}.bench/xxgk/nb/{year + 1}01/t{year + 1}0120_{r:06d}.html"
            store.save_report(
                url, stub, body=body, sha256=hashlib.sha256(body).hexdigest(), source_id=source_id
            )


def stand_in(ms: float, task: object) -> object:
    """A worker's reading replaced by ``ms`` milliseconds of sleep (no CPU): what the pipeline
    between the main process and its workers can carry, whatever else the machine is doing."""
    from linhai_scrape.crawl.workers import PageRead

    time.sleep(ms / 1000)
    return PageRead("unreadable", error="stand-in")


def child_reextract(db: str, workers: int, stand_in_ms: float = 0.0) -> None:
    from functools import partial

    from procstats import ProcessSampler

    import linhai_scrape.crawl.run as run_mod
    from linhai_scrape.crawl import reextract
    from linhai_scrape.models import PARSER_VERSION

    if stand_in_ms:
        run_mod.read_page = partial(stand_in, stand_in_ms)  # type: ignore[assignment]

    def done() -> int:
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
            try:
                sql = "SELECT COUNT(*) FROM reports WHERE parser_version = ?"
                return int(con.execute(sql, (PARSER_VERSION,)).fetchone()[0])
            finally:
                con.close()
        except sqlite3.Error:
            return 0

    sampler = ProcessSampler(progress=done, marks=CHECKPOINTS).start()
    t0 = time.perf_counter()
    summary = reextract(db, out=None, workers=workers)
    wall = time.perf_counter() - t0
    sampler.stop()
    main = sampler.pid
    print(
        json.dumps(
            {
                "workers": workers,
                "wall_s": wall,
                "reports": summary.reextracted if not stand_in_ms else summary.failed,
                "failed": summary.failed if not stand_in_ms else 0,
                "main_cpu_s": sampler.cpu_of(main) - sampler.own_cpu,
                "workers_cpu_s": sum(sampler.cpu_of(p) for p in sampler.cpu if p != main),
                "peak_rss_mb": {
                    "main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                    "workers": [round(sampler.peak_mb[p], 1) for p in sampler.workers()],
                },
                "rss_at": {
                    mark: {"main": rss.get(main), "workers": [rss[p] for p in sampler.workers() if p in rss]}
                    for mark, rss in sampler.at.items()
                },
            }
        ),
        flush=True,
    )


def _run(base: Path, work: Path, workers: int, stand_in_ms: float = 0.0) -> dict:
    db = work / f"re-{workers}.sqlite"
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    shutil.copy(base, db)
    from procstats import run_child

    result = run_child([__file__, "--child", str(db), str(workers), str(stand_in_ms)], ROOT)
    result["db_mb"] = db.stat().st_size / 2**20
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2", help="worker counts to compare (default 1,2)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build the store here and keep it")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--stand-in",
        type=float,
        default=0.0,
        metavar="MS",
        help="replace the reading by MS ms of sleep: measures the pipeline alone (nothing is written)",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_reextract(args.child[0], int(args.child[1]), float(args.child[2]))
        return 0

    from procstats import cores, rss_at_marks

    sys.path.insert(0, str(ROOT))
    counts = [int(w) for w in args.workers.split(",")]
    work = args.keep or Path(tempfile.mkdtemp(prefix="linhai-reextract-"))
    work.mkdir(parents=True, exist_ok=True)
    base = work / f"base-{args.reports}.sqlite"
    t = time.perf_counter()
    if not base.exists():
        build(base, args.reports)
    print(f"store: {args.reports} stored report pages, ready in {time.perf_counter() - t:.1f} s ({base})")
    print(
        f"machine: {cores()} cores; load average {os.getloadavg()[0]:.1f} at start (other work shares the cores)"
    )
    results = []
    for round_no in range(1, args.rounds + 1):
        for workers in counts if round_no % 2 else list(reversed(counts)):
            results.append({"round": round_no, **_run(base, work, workers, args.stand_in)})

    n = cores()
    print(
        f"\n{'cores':>5}{'round':>6}{'workers':>8}{'wall s':>8}{'reports/s':>10}{'main CPU':>10}{'workers CPU':>12}"
        f"  {'peak RSS MB main/workers':26}RSS MB main/workers at 2.5k | 5k | 9.5k  load"
    )
    print(f"{'':>5}{'':>6}{'':>8}{'':>8}{'':>10}{'ms/report':>10}{'ms/report':>12}")
    for r in results:
        per = max(1, r["reports"])
        peak = f"{r['peak_rss_mb']['main']:.0f}/" + "+".join(f"{w:.0f}" for w in r["peak_rss_mb"]["workers"])
        rss = rss_at_marks(r, CHECKPOINTS)
        print(
            f"{n:>5}{r['round']:>6}{r['workers']:>8}{r['wall_s']:8.1f}{r['reports'] / r['wall_s']:10.1f}"
            f"{1000 * r['main_cpu_s'] / per:10.2f}{1000 * r['workers_cpu_s'] / per:12.2f}  {peak:26}{rss}"
            f"  {r['load_before']:.1f}→{r['load_after']:.1f}"
        )
    print("(1 worker reads the pages in the main process: its main CPU includes the extraction)")
    if args.stand_in:
        print(f"(stand-in: each page 'read' by {args.stand_in:g} ms of sleep, nothing written)")
    if any(r["failed"] or r["reports"] != args.reports for r in results):
        print("SOME RUNS DID NOT RE-EXTRACT EVERY REPORT")
    for workers in counts[1:]:
        ratios = []
        for round_no in range(1, args.rounds + 1):
            one = next(r for r in results if r["round"] == round_no and r["workers"] == counts[0])
            more = next(r for r in results if r["round"] == round_no and r["workers"] == workers)
            ratios.append((more["reports"] / more["wall_s"]) / (one["reports"] / one["wall_s"]))
        print(
            f"reextract, {n} cores: {workers} workers / {counts[0]} worker reports/s = "
            + ", ".join(f"{x:.2f}×" for x in ratios)
            + (f" (median {statistics.median(ratios):.2f}×)" if len(ratios) > 1 else "")
        )
    if args.json:
        print(json.dumps(results, indent=2))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
