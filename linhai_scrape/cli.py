"""The command line: a thin mirror of the library API (``extract``, ``schema``, …).

Exit codes: 0 done; 2 usage error or unreadable input; 3 not an annual report; 4 a check failed
with severity error and ``--strict`` was given.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .extract import extract_bytes, extract_file, extract_url
from .models import InputError, LinhaiError, NotAReportError, Report
from .resources import seed_path
from .template import canonical_keys

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
        writer.writerow(["" if flat.get(k) is None else flat[k] for k in keys])
        return buffer.getvalue().rstrip("\n")
    return report.model_dump_json(indent=2)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="linhai-scrape",
        description="Turn Chinese government information-disclosure annual reports into checked, structured data.",
    )
    parser.add_argument("--version", action="version", version=f"linhai-scrape {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="extract one report (a file, '-' for stdin, or an http(s) URL)")
    ex.add_argument(
        "source",
        nargs="?",
        help="a .html/.htm/.txt file, '-' for stdin, or a URL (default: the bundled Linhai 2020 report)",
    )
    ex.add_argument(
        "--format", choices=("json", "flat", "csv"), default="json", help="output format (default json)"
    )
    ex.add_argument("--strict", action="store_true", help="exit 4 when a check fails with severity error")
    ex.add_argument("-o", "--output", type=Path, help="write the output to this file instead of stdout")
    fetch = ex.add_argument_group("fetching (URLs only)")
    fetch.add_argument(
        "--timeout", type=float, help="read timeout in seconds (the total deadline is 4× this)"
    )
    fetch.add_argument("--retries", type=int, help="attempts per URL, the first included (default 3)")
    fetch.add_argument(
        "--user-agent", help="User-Agent header (default names the tool, its version and a contact URL)"
    )
    fetch.add_argument("--ignore-robots", action="store_true", help="do not honour robots.txt")
    fetch.add_argument(
        "--save-raw", type=Path, metavar="DIR", help="keep the fetched bytes in DIR, named by sha256"
    )

    sub.add_parser("schema", help="print the JSON Schema of the Report model")
    return parser


def _fetch_config(args: argparse.Namespace) -> object | None:
    overrides: dict[str, object] = {}
    if args.timeout is not None:
        overrides.update(
            read_timeout=args.timeout, connect_timeout=args.timeout, total_timeout=4 * args.timeout
        )
    if args.retries is not None:
        overrides["retries"] = max(1, args.retries)
    if args.user_agent:
        overrides["user_agent"] = args.user_agent
    if args.ignore_robots:
        overrides["respect_robots"] = False
    if not overrides:
        return None
    from .fetch import FetchConfig

    return FetchConfig(**overrides)  # type: ignore[arg-type]


def _run_extract(args: argparse.Namespace) -> int:
    source: str | None = args.source
    if source is None:
        report = extract_file(seed_path())
    elif source == "-":
        report = extract_bytes(sys.stdin.buffer.read(), kind="stdin", location="-")
    elif source.startswith(("http://", "https://")):
        report = extract_url(source, _fetch_config(args), save_raw_dir=args.save_raw)  # type: ignore[arg-type]
    elif "://" in source:
        raise InputError(f"{source}: only http and https URLs can be fetched")
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
    else:
        output.write_text(text + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``linhai-scrape`` command; returns the exit code."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    args = _build_parser().parse_args(argv)
    try:
        if args.command == "schema":
            _write(json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2), None)
            return EXIT_OK
        return _run_extract(args)
    except NotAReportError as exc:
        sys.stdout.write(exc.outcome.model_dump_json(indent=2) + "\n")
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


if __name__ == "__main__":
    sys.exit(main())
