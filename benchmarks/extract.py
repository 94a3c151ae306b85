"""Extraction speed and memory: our ``extract`` next to the bare-parse floor and trafilatura, and
peak memory against the size of one large page.

Runs over the report fixtures, repeated to about 1,000 documents, and prints the median ms per
report, reports/s, the ratios, and RSS at checkpoints (memory must stay flat over the run).

Every function is warmed up on each fixture first (lazy imports, first-call setup), then timed over
all documents in several rounds; each figure is from its round with the lowest median. Other
processes on the machine only ever add time, so the best round is the least disturbed one. Every
contender gets the same warm-up and the same rounds, and the floor is measured the same way.

Memory: synthetic pages of 1, 5 and 19 MB built from the fixtures, each extracted from its file in a
process of its own (peak RSS is a process's high-water mark). Three kinds of page: a report's body
repeated as its editor wrote it (style="…" on every span and cell, as Word writes it; UTF-8), the
GBK report the same way (GB18030 bytes), and one report amid a long list of links (a column page's
chrome, markup with nothing to drop). Printed: the page's size, the process's peak RSS, its rise over
the process before the page (interpreter, libraries, a warm-up report), and both against the size.

    python benchmarks/extract.py [--docs 1000] [--rounds 3] [--no-trafilatura] [--memory-only | --no-memory]
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import time
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from linhai_scrape.extract import extract_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


# The whole portal pages (site chrome, metadata table, six sections, the template's tables) the
# speed targets are set on. The other HTML report fixtures are short pages built for one reading
# rule each, where a report's fixed cost outweighs the parse of a few kilobytes: `--pages all`.
PORTAL_PAGES = (
    "html_2019_gbk.html",
    "html_2021_utf8.html",
    "redteam_split_table_gb2312.html",
    "redteam_total_only.html",
)


def _report_fixtures() -> list[tuple[str, str]]:
    out = []
    for expected in sorted((FIXTURES / "expected").glob("*.json")):
        if json.loads(expected.read_text(encoding="utf-8"))["outcome"] != "report":
            continue
        path = FIXTURES / expected.name[: -len(".json")]
        raw = path.read_bytes()
        text = raw.decode("gb18030") if b'charset="utf-8"' in raw and path.name.endswith("gbk.html") else None
        if text is None:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("gb18030")
        out.append((path.name, text))
    return out


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def _run(name: str, fn, docs: list[str], rounds: int, checkpoints: bool = False) -> dict[str, float]:  # type: ignore[no-untyped-def]
    for doc in dict.fromkeys(docs):  # warm-up: each distinct fixture once
        fn(doc)
    best: dict[str, float] | None = None
    marks: list[str] = []  # RSS over all rounds: memory must stay flat however many documents run
    done = 0
    for _ in range(rounds):
        gc.collect()
        times: list[float] = []
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for i, doc in enumerate(docs, 1):
            t0 = time.perf_counter()
            fn(doc)
            times.append(time.perf_counter() - t0)
            if checkpoints and i in (len(docs) // 4, len(docs) // 2, len(docs)):
                marks.append(f"{done + i}:{_rss_mb():.1f}MB")
        wall = time.perf_counter() - wall0
        cpu = time.process_time() - cpu0
        done += len(docs)
        result = {
            "median_ms": statistics.median(times) * 1000,
            "per_s": len(docs) / wall,
            "cpu_ms": cpu / len(docs) * 1000,
        }
        if best is None or result["median_ms"] < best["median_ms"]:
            best = result
    assert best is not None
    print(
        f"{name:<34} median {best['median_ms']:8.3f} ms   {best['per_s']:9.1f} reports/s   "
        f"CPU {best['cpu_ms']:7.3f} ms/report" + (f"   RSS {' '.join(marks)}" if marks else "")
    )
    return best


# ----------------------------------------------------------------------------------------- memory

MEMORY_SIZES_MB = (1, 5, 19)


def _body_parts(raw: bytes, codec: str) -> tuple[str, str, str]:
    page = raw.decode(codec)
    start = page.index(">", page.index("<body")) + 1
    end = page.rindex("</body>")
    return page[:start], page[start:end], page[end:]


def _large_page(kind: str, megabytes: float) -> bytes:
    """A page of about ``megabytes`` MB: see the module's docstring for the kinds."""
    target = int(megabytes * 1_000_000)
    if kind == "links":
        head, body, tail = _body_parts((FIXTURES / "html_2021_utf8.html").read_bytes(), "utf-8")
        item = (
            '<li><a href="/col/col1229488/art_{0}.html" title="关于印发某某工作方案的通知">'
            "关于印发某某工作方案的通知（第{0}号）</a><span>2023-01-18</span></li>"
        )
        items, size, i = [], len(head + body + tail) * 3, 0
        while size < target:
            items.append(item.format(i))
            size += len(items[-1].encode())
            i += 1
        return (head + '<div class="sidebar"><ul>' + "".join(items) + "</ul></div>" + body + tail).encode()
    name, codec = {"word": ("html_2021_utf8.html", "utf-8"), "gbk": ("html_2019_gbk.html", "gb18030")}[kind]
    head, body, tail = _body_parts((FIXTURES / name).read_bytes(), codec)
    copies = max(1, target // len(body.encode(codec)))
    return (head + body * copies + tail).encode(codec)


def _peak_rss() -> int:
    """This process's peak RSS in bytes: the kernel's high-water mark of its memory (VmHWM), which
    starts afresh at exec (``ru_maxrss`` would carry the parent's peak over into the child)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # not Linux: kilobytes there too


def _measure_child(path: str) -> None:
    """In a process of its own: the rise of peak RSS while one file is extracted, as JSON."""
    import linhai_scrape.extract as _  # noqa: F401 - loaded before the baseline is taken
    from linhai_scrape.extract import extract_file
    from linhai_scrape.models import LinhaiError

    extract_file(FIXTURES / "html_2021_utf8.html")  # warm-up: lazy imports, caches
    gc.collect()
    before = _peak_rss()
    started = time.perf_counter()
    try:
        outcome = f"{len(extract_file(Path(path), max_bytes=1 << 30).stats)} statistics"
    except LinhaiError as exc:
        outcome = f"{type(exc).__name__}: {exc}"[:60]
    peak = _peak_rss()
    print(
        json.dumps(
            {"before": before, "peak": peak, "seconds": time.perf_counter() - started, "outcome": outcome}
        )
    )


def memory_table(sizes: tuple[float, ...] = MEMORY_SIZES_MB) -> float:
    """Print peak RSS against input size for each kind and size; return the worst rise/size ratio."""
    import subprocess
    import sys
    import tempfile

    worst = 0.0
    print("peak memory while extracting one large page (a process per page)")
    print(f"{'page':<8}{'size':>9}{'peak RSS':>11}{'rise':>10}{'peak/size':>11}{'rise/size':>11}{'time':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("word", "gbk", "links"):
            for megabytes in sizes:
                path = Path(tmp) / f"{kind}_{megabytes}.html"
                path.write_bytes(_large_page(kind, megabytes))
                size = path.stat().st_size
                done = subprocess.run(
                    [sys.executable, __file__, "--measure-child", str(path)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                got = json.loads(done.stdout.strip().splitlines()[-1])
                rise = got["peak"] - got["before"]
                worst = max(worst, rise / size)
                print(
                    f"{kind:<8}{size / 1e6:>7.1f}MB{got['peak'] / 1e6:>9.0f}MB{rise / 1e6:>8.0f}MB"
                    f"{got['peak'] / size:>10.1f}×{rise / size:>10.1f}×{got['seconds']:>7.1f}s   {got['outcome']}"
                )
                path.unlink()
    print(f"worst rise of peak RSS over the input's size: {worst:.1f}×")
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the best one is reported")
    parser.add_argument("--no-trafilatura", action="store_true")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--memory-only", action="store_true", help="only the peak-RSS table")
    what.add_argument("--no-memory", action="store_true", help="only the speed figures")
    what.add_argument("--measure-child", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_child:
        _measure_child(args.measure_child)
        return
    if args.memory_only:
        memory_table()
        return
    fixtures = _report_fixtures()
    docs = [text for _, text in fixtures] * (args.docs // len(fixtures) + 1)
    docs = docs[: args.docs]
    html_docs = [d for d in docs if d.lstrip().startswith("<")]
    rounds = max(1, args.rounds)
    print(
        f"{len(docs)} documents from {len(fixtures)} report fixtures ({len(html_docs)} HTML pages), "
        f"best of {rounds} round{'s' if rounds != 1 else ''}\n"
    )

    ours = _run("linhai_scrape.extract (all)", extract_text, docs, rounds, checkpoints=True)
    floor = _run(
        "bare LexborHTMLParser().body.text()", lambda d: LexborHTMLParser(d).body.text(), docs, rounds
    )
    ours_html = _run("linhai_scrape.extract (HTML only)", extract_text, html_docs, rounds)
    floor_html = _run("bare parse (HTML only)", lambda d: LexborHTMLParser(d).body.text(), html_docs, rounds)
    traf = None
    if not args.no_trafilatura:
        try:
            import trafilatura
        except ImportError:
            print("trafilatura not installed: pip install -e '.[bench]'")
        else:
            traf = _run("trafilatura.extract (HTML only)", trafilatura.extract, html_docs, rounds)
    print()
    print(f"extract / bare-parse floor, all docs : {ours['median_ms'] / floor['median_ms']:.1f}× (median ms)")
    print(
        f"extract / bare-parse floor, HTML     : {ours_html['median_ms'] / floor_html['median_ms']:.1f}× (median ms)"
    )
    if traf:
        print(
            f"trafilatura / extract, HTML          : {traf['median_ms'] / ours_html['median_ms']:.1f}× (median ms)"
        )
    print(
        f"peak RSS                             : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB"
    )
    if not args.no_memory:
        print()
        memory_table()


if __name__ == "__main__":
    main()
