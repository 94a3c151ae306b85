"""The command line: a thin mirror of the library API (``extract``, ``schema``, …).

Exit codes: 0 done; 1 a crawl where some sources or pages failed; 2 usage, configuration or
unreadable input; 3 not an annual report; 4 a check failed with severity error and ``--strict``
was given; 130 interrupted.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .extract import extract, extract_bytes, extract_file, extract_url
from .models import InputError, LinhaiError, NotAReportError, Report
from .read.numbers import csv_cell
from .resources import seed_path
from .template import canonical_keys

if TYPE_CHECKING:
    from .fetch import FetchConfig

EXIT_OK, EXIT_CHECK_ERROR = 0, 4


def render(report: Report, fmt: str) -> str:
    """The report in one of the output formats: ``json`` (whole report), ``flat`` or ``csv``."""
    if fmt == "flat":
        return json.dumps(report.flat(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        keys = canonical_keys()
        flat = report.flat()
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(keys)
        writer.writerow([csv_cell(flat.get(k)) for k in keys])
        return buffer.getvalue().rstrip("\n")
    return report.model_dump_json(indent=2)


def _fetch_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    fetch = parent.add_argument_group("fetching")
    fetch.add_argument(
        "--timeout", type=_positive_float, help="total deadline per URL in seconds (default 120)"
    )
    fetch.add_argument("--retries", type=_count(1), help="attempts per URL, the first included (default 3)")
    fetch.add_argument(
        "--user-agent",
        type=_user_agent,
        help="User-Agent header (default names the tool, its version and a contact URL)",
    )
    fetch.add_argument("--ignore-robots", action="store_true", help="do not honour robots.txt")
    fetch.add_argument(
        "--insecure",
        action="store_true",
        help="do not verify TLS certificates (for portals whose certificate is expired or self-signed)",
    )
    fetch.add_argument(
        "--allow-private-redirects",
        action="store_true",
        help="follow a redirect to another host at a private or local address (refused by default)",
    )
    return parent


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="linhai-scrape",
        description="Turn Chinese government information-disclosure annual reports into checked, structured data.",
    )
    parser.add_argument("--version", action="version", version=f"linhai-scrape {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    fetch_options = _fetch_options()

    ex = sub.add_parser(
        "extract",
        parents=[fetch_options],
        help="extract one report (a file, '-' for stdin, or an http(s) URL)",
    )
    ex.add_argument(
        "source",
        nargs="?",
        help="a .html/.htm/.txt/.pdf/.docx file, '-' for stdin, or a URL (default: the bundled Linhai 2020 report)",
    )
    ex.add_argument(
        "--format", choices=("json", "flat", "csv"), default="json", help="output format (default json)"
    )
    ex.add_argument("--strict", action="store_true", help="exit 4 when a check fails with severity error")
    ex.add_argument(
        "-o",
        "--output",
        type=_output_path,
        help="write the output to this file instead of stdout (- is stdout)",
    )
    ex.add_argument(
        "--save-raw", type=Path, metavar="DIR", help="keep the fetched bytes in DIR, named by sha256"
    )

    cr = sub.add_parser(
        "crawl",
        parents=[fetch_options],
        help="crawl the annual-report columns of portals into a SQLite database",
    )
    cr.add_argument("--sources", type=Path, help="TOML file listing the portals (see --example-sources)")
    cr.add_argument("--db", type=Path, help="SQLite database (default with --demo: ./linhai-demo.sqlite)")
    cr.add_argument(
        "--demo", action="store_true", help="serve the bundled demo portals on 127.0.0.1 and crawl them"
    )
    cr.add_argument("--example-sources", action="store_true", help="print an example sources.toml and exit")
    cr.add_argument("--dry-run", action="store_true", help="discover and list report links; store nothing")
    cr.add_argument("--limit", type=_count(0), help="fetch at most this many report pages")
    cr.add_argument(
        "--source", action="append", dest="only", metavar="NAME", help="crawl only this source (repeatable)"
    )
    cr.add_argument("--verbose", "-v", action="store_true", help="log every page")
    bar = cr.add_mutually_exclusive_group()
    bar.add_argument(
        "--progress", dest="progress", action="store_true", default=None, help="always show a progress bar"
    )
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="never show a progress bar")

    exp = sub.add_parser("export", help="export stored reports as JSONL or a wide CSV")
    exp.add_argument("--db", type=Path, required=True)
    exp.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    exp.add_argument("--year", type=int, help="only reports covering this year")
    exp.add_argument("--agency", help="only reports of this agency (a substring)")
    exp.add_argument(
        "--all-versions", action="store_true", help="include superseded versions of changed reports"
    )
    exp.add_argument(
        "-o", "--output", type=_output_path, help="write to this file instead of stdout (- is stdout)"
    )

    au = sub.add_parser(
        "audit", help="list what a reviewer would flag in the stored reports, ranked by region and year"
    )
    au.add_argument("--db", type=Path, required=True)
    au.add_argument("--year", type=int, help="only reports covering this year")
    au.add_argument("--agency", help="only reports of this agency (a substring)")
    au.add_argument(
        "--format",
        choices=("html", "csv", "json"),
        help="output format (default: from the -o file's suffix, else html)",
    )
    au.add_argument(
        "-o", "--output", type=_output_path, help="write to this file instead of stdout (- is stdout)"
    )

    rx = sub.add_parser("reextract", help="re-extract stored pages with this parser version (no fetching)")
    rx.add_argument("--db", type=Path, required=True)
    rx.add_argument(
        "--force", action="store_true", help="re-extract every report, not only older parser versions"
    )
    rx.add_argument("--limit", type=_count(0))
    rx.add_argument("--verbose", "-v", action="store_true")

    sub.add_parser("schema", help="print the JSON Schema of the Report model")
    return parser


def _fetch_config(args: argparse.Namespace) -> FetchConfig:
    from .fetch import FetchConfig

    return FetchConfig.from_cli(
        timeout=args.timeout,
        retries=args.retries,
        user_agent=args.user_agent,
        ignore_robots=args.ignore_robots,
        insecure=args.insecure,
        allow_private_redirects=args.allow_private_redirects,
    )


def _run_crawl(args: argparse.Namespace) -> int:
    from .crawl import crawl, crawl_demo, format_reports, iter_links
    from .crawl.sources import example_sources_text

    if args.example_sources:
        _write(example_sources_text().rstrip("\n"), None)
        return 0
    if args.demo and args.sources is not None:
        raise InputError("crawl --demo crawls the built-in demo portals; it takes no --sources")
    if args.demo:
        summary = crawl_demo(
            args.db, dry_run=args.dry_run, limit=args.limit, verbose=args.verbose, progress=args.progress
        )
    elif args.sources is None or args.db is None:
        raise InputError(
            "crawl needs --sources FILE and --db FILE (or --demo); "
            "`linhai-scrape crawl --example-sources > sources.toml` writes an example to start from"
        )
    else:
        summary = crawl(
            args.sources,
            args.db,
            dry_run=args.dry_run,
            limit=args.limit,
            verbose=args.verbose,
            only=args.only,
            progress=args.progress,
            out=sys.stderr,
            fetch_config=_fetch_config(args),
        )
    _write(summary.format(), None)
    listing = "\n".join(iter_links(summary)) if args.dry_run else format_reports(summary)
    if listing:
        _write(listing, None)
    return summary.exit_code


def _run_export(args: argparse.Namespace) -> int:
    from .crawl import export

    if args.output is not None and args.output.is_dir():
        raise InputError(f"{args.output}: is a directory; give a file to write the export to")
    try:
        rows = export(
            args.db,
            args.output,
            format=args.format,
            year=args.year,
            agency=args.agency,
            all_versions=args.all_versions,
        )
    except BrokenPipeError:
        raise  # the reader of stdout went away (`| head`): main() ends quietly
    except OSError as exc:
        raise InputError(
            f"{args.output or 'stdout'}: cannot write the export ({exc.strerror or exc})"
        ) from None
    if args.output is not None:
        print(f"linhai-scrape: {rows} report(s) written to {args.output}", file=sys.stderr)
    return 0


def _run_audit(args: argparse.Namespace) -> int:
    from .crawl.audit import AuditFormat, audit, format_summary, write

    output: Path | None = args.output
    if output is not None and output.is_dir():
        raise InputError(f"{output}: is a directory; give a file to write the audit to")
    by_suffix: dict[str, AuditFormat] = {".csv": "csv", ".json": "json"}
    fmt: AuditFormat = args.format or by_suffix.get(
        output.suffix.lower() if output is not None else "", "html"
    )
    result = audit(args.db, year=args.year, agency=args.agency)
    try:
        write(result, fmt, output)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise InputError(f"{output or 'stdout'}: cannot write the audit ({exc.strerror or exc})") from None
    where = f" → {output}" if output is not None else ""
    print(f"linhai-scrape: {format_summary(result)}{where}", file=sys.stderr)
    return 0


def _run_reextract(args: argparse.Namespace) -> int:
    from .crawl import reextract

    summary = reextract(args.db, force=args.force, limit=args.limit, verbose=args.verbose, out=sys.stderr)
    _write(summary.format(), None)
    return summary.exit_code


def _run_extract(args: argparse.Namespace) -> int:
    source: str | None = args.source
    if source is None:
        report = extract_file(seed_path())
    elif source == "-":
        report = extract_bytes(sys.stdin.buffer.read(), kind="stdin", location="-")
    elif source.lower().startswith(("http://", "https://")):  # schemes are case-insensitive
        save_raw_dir = _save_dir(args.save_raw) if args.save_raw is not None else None
        report = extract_url(source, _fetch_config(args), save_raw_dir=save_raw_dir)
    elif "://" in source:
        report = extract(source)  # the library refuses other schemes with a clear InputError
    else:
        report = extract_file(Path(source))
    _write(render(report, args.format), args.output)
    if args.strict and report.has_errors():
        errors = [c for c in report.checks if c.severity == "error"]
        print(
            f"linhai-scrape: {len(errors)} check(s) failed with severity error: {errors[0].message}",
            file=sys.stderr,
        )
        return EXIT_CHECK_ERROR
    return EXIT_OK


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text + "\n")
        return
    try:
        output.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{output}: cannot write the output ({exc.strerror or exc})") from None


def _output_path(text: str) -> Path | None:
    return None if text == "-" else Path(text)  # "-o -": stdout, as for the input


def _positive_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or value <= 0:  # "nan" and "inf" parse as floats
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text}")
    return value


def _user_agent(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return text


def _save_dir(directory: Path) -> Path:
    """The --save-raw directory, made before anything is fetched (a fetch must not be lost to it)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{directory}: cannot keep fetched bytes there ({exc.strerror or exc})") from None
    return directory


def _count(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {text}")
        return value

    return parse


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``linhai-scrape`` command; returns the exit code."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    args = _build_parser().parse_args(argv)
    try:
        if args.command == "schema":
            _write(json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2), None)
            return EXIT_OK
        runners = {
            "extract": _run_extract,
            "crawl": _run_crawl,
            "export": _run_export,
            "audit": _run_audit,
            "reextract": _run_reextract,
        }
        return runners[args.command](args)
    except NotAReportError as exc:
        # the outcome goes where the report would have gone: -o must not keep an earlier run's report
        try:
            _write(exc.outcome.model_dump_json(indent=2), getattr(args, "output", None))
        except InputError as write_error:
            print(f"linhai-scrape: error: {write_error}", file=sys.stderr)
            return write_error.exit_code
        print(
            f"linhai-scrape: not an annual report ({exc.outcome.reason}): {exc.outcome.message}",
            file=sys.stderr,
        )
        return exc.exit_code
    except LinhaiError as exc:
        print(f"linhai-scrape: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("linhai-scrape: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of stdout went away (`| head`): stop quietly, as the Python docs advise, with
        # stdout pointed at devnull so that the interpreter's final flush does not fail again
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
