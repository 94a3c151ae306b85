"""Open the audit page in headless Chromium, check that it works offline, and screenshot it.

    python scripts/audit_screenshot.py                      # crawl the demo, audit it, screenshot
    python scripts/audit_screenshot.py --db reports.sqlite  # audit a store of your own
    python scripts/audit_screenshot.py --html audit.html -o audit.png --height 3000

Needs Chromium (Debian: ``apt-get install chromium fonts-noto-cjk``; the CJK fonts set the Chinese
names) and, for the charts, ``pip install 'linhai-scrape[report]'``. Chromium runs with every host
name unresolvable, so a page that needed the network would show it. Before the screenshot, the page
is loaded once more and its DOM read after the scripts ran: the findings filter must have counted
every finding, and with the report extra every chart must be there. Prints what it checked; exits 1
when a check fails, 2 when Chromium is missing.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND"


def _chromium(name: str | None) -> str:
    for candidate in (name,) if name else BROWSERS:
        path = shutil.which(candidate)
        if path:
            return path
    print(
        "audit_screenshot: Chromium not found (Debian: apt-get install chromium fonts-noto-cjk)",
        file=sys.stderr,
    )
    raise SystemExit(2)


def _run(browser: str, *args: str) -> str:
    base = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", OFFLINE]
    done = subprocess.run([*base, *args], capture_output=True, text=True, timeout=180)
    if done.returncode != 0:
        print(f"audit_screenshot: Chromium failed: {done.stderr.strip()[-500:]}", file=sys.stderr)
        raise SystemExit(1)
    return done.stdout


def _page(args: argparse.Namespace, work: Path) -> Path:
    if args.html is not None:
        return args.html.resolve()
    from linhai_scrape.crawl import crawl_demo
    from linhai_scrape.crawl.audit import audit, write

    db = args.db
    if db is None:
        db = work / "linhai-demo.sqlite"
        crawl_demo(db, out=None)
    result = audit(db)
    if args.db is None:
        result.database = db.name  # as `crawl --demo` names it, not the temporary directory
    page = work / "audit.html"
    write(result, "html", page)
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--db", type=Path, help="audit this store (default: crawl the demo first)")
    source.add_argument("--html", type=Path, help="an audit page already written")
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("audit.png"), help="the PNG (default audit.png)"
    )
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2400, help="the page is cut at this height")
    parser.add_argument(
        "--browser", help=f"the Chromium binary (default: the first of {', '.join(BROWSERS)} found)"
    )
    args = parser.parse_args(argv)
    browser = _chromium(args.browser)

    from selectolax.lexbor import LexborHTMLParser

    from linhai_scrape.crawl.audit_charts import charts_available

    with tempfile.TemporaryDirectory() as tmp:
        page = _page(args, Path(tmp))
        source = LexborHTMLParser(page.read_text(encoding="utf-8"))
        dom = LexborHTMLParser(_run(browser, "--dump-dom", page.as_uri()))
        findings = len(source.css("#findings-table tbody tr"))
        shown = dom.css_first("#filter-shown")
        charts = len(dom.css(".chart svg"))
        heat_maps = len(dom.css(".ranking figure svg"))
        problems = []
        if shown is None or shown.text() != str(findings):
            problems.append(
                f"the findings filter did not run (it shows {shown.text() if shown else 'nothing'})"
            )
        if charts_available() and (charts == 0 or heat_maps == 0):
            problems.append("the report extra is installed but the page has no charts")
        args.output.parent.mkdir(parents=True, exist_ok=True)
        _run(
            browser,
            f"--window-size={args.width},{args.height}",
            f"--screenshot={args.output.resolve()}",
            page.as_uri(),
        )
    print(
        f"audit_screenshot: {findings} findings (the filter counted {shown.text() if shown else '?'}), "
        f"{charts} agency charts, {heat_maps} heat maps, offline; screenshot {args.output}"
    )
    for problem in problems:
        print(f"audit_screenshot: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
