"""How long ``linhai-scrape audit`` takes on a store of generated reports, per output format.

Builds a store of ``--bodies`` bodies × ``--years`` years (default 100 × 3 = 300 reports): pages of
the demo generator (the national template, every identity holding, section 五 each body's own),
extracted once and saved under ten regions, with one body in ten publishing late. Then times, each
in one process run:

* ``read + audit``: the store read, every report compared with its previous year, the rankings;
* ``json``, ``csv``: writing the result;
* ``html``: the page, with its charts when the report extra is installed (at most
  ``audit_html.MAX_AGENCY_CHARTS`` agency charts, the rest named by a note).

    python benchmarks/audit.py [--bodies 100] [--years 3] [--keep FILE]

Times move by a third on a shared machine; compare runs on the same machine.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path


def build(db: Path, bodies: int, years: int) -> int:
    from linhai_scrape.crawl.demo import ReportSpec, render_report
    from linhai_scrape.crawl.store import Store
    from linhai_scrape.extract import extract_bytes

    n = 0
    with Store(db) as store:
        sources = [
            store.upsert_source(
                f"city{c}", agency=f"示范市第{c}区", config={}, region=["浙江省", "示范市", f"第{c}区"]
            )
            for c in range(10)
        ]
        for b in range(bodies):
            agency = f"示范市第{b % 10}区第{b // 10}局"
            forward = None
            for year in range(2022 - years + 1, 2023):
                spec = ReportSpec(
                    agency, year, "2021" if year >= 2021 else "2019", seed=b, carried_over=forward
                )
                if b % 10 == 3:
                    spec.published = f"{year + 1}-02-15"
                body = render_report(spec).encode("utf-8")
                forward = spec.carried_forward
                report = extract_bytes(body, kind="url", location=f"http://b{b}.example/{year}.html")
                store.save_report(
                    f"http://b{b}.example/{year}.html",
                    report,
                    body=body,
                    sha256=hashlib.sha256(body).hexdigest(),
                    source_id=sources[b % 10],
                )
                n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bodies", type=int, default=100)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the generated store in this file")
    args = parser.parse_args(argv)

    from linhai_scrape.crawl.audit import audit, render
    from linhai_scrape.crawl.audit_charts import charts_available

    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "audit-bench.sqlite"
        if db.exists():
            db.unlink()
        t = time.perf_counter()
        n = build(db, args.bodies, args.years)
        print(
            f"store: {n} reports ({args.bodies} bodies × {args.years} years) built in {time.perf_counter() - t:.1f} s"
        )
        t = time.perf_counter()
        result = audit(db)
        read = time.perf_counter() - t
        findings = sum(len(r.findings) for r in result.selected)
        print(f"{'read + audit':14} {read:7.2f} s  {1000 * read / n:6.1f} ms/report  ({findings} findings)")
        for fmt in ("json", "csv", "html"):
            t = time.perf_counter()
            text = render(result, fmt)  # type: ignore[arg-type]
            took = time.perf_counter() - t
            note = " (charts drawn)" if fmt == "html" and charts_available() else ""
            print(f"{fmt:14} {took:7.2f} s  {len(text.encode()) / 2**20:6.1f} MB{note}")
    print(f"cores: {os.cpu_count()}  python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
