"""The nightly-run recipes a user pastes: the README's crontab line and the systemd service and
timer (contrib/systemd/, also printed in the README). Their commands must be ones the CLI takes."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

from linhai_scrape.cli import _build_parser

ROOT = Path(__file__).resolve().parent.parent
SYSTEMD = ROOT / "contrib" / "systemd"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, comment_prefixes=("#", ";"))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def parse_command(argv: list[str]):  # type: ignore[no-untyped-def]
    """The CLI's own parser on a command line from a recipe (argparse exits on an unknown option)."""
    program, *args = argv
    assert program.endswith("/linhai-scrape") or program == "linhai-scrape", program
    return _build_parser().parse_args(args)


def test_the_service_runs_a_crawl_the_cli_takes() -> None:
    service = unit(SYSTEMD / "linhai-crawl.service")
    assert service["Service"]["Type"] == "oneshot"
    args = parse_command(shlex.split(service["Service"]["ExecStart"]))
    assert args.command == "crawl" and args.sources and args.db and args.summary_json
    assert args.progress is False  # never a bar in a log file
    log = service["Service"]["StandardOutput"]
    assert log.startswith("append:") and service["Service"]["StandardError"] == log
    assert service["Service"]["KillSignal"] == "SIGINT"  # stop = Ctrl-C: the summary is written


def test_the_timer_starts_that_service_every_night() -> None:
    timer = unit(SYSTEMD / "linhai-crawl.timer")
    # a timer starts the service of its own name unless Unit= says otherwise
    assert timer["Timer"].get("Unit", "linhai-crawl.service") == "linhai-crawl.service"
    assert (SYSTEMD / "linhai-crawl.service").exists()
    assert re.fullmatch(r"\*-\*-\* \d\d:\d\d:\d\d", timer["Timer"]["OnCalendar"])
    assert timer["Timer"]["Persistent"] == "true" and timer["Install"]["WantedBy"] == "timers.target"


def test_the_readme_prints_the_unit_files_as_they_are() -> None:
    blocks = re.findall(r"```ini\n(.*?)```", README, re.S)
    assert blocks == [
        (SYSTEMD / name).read_text(encoding="utf-8")
        for name in ("linhai-crawl.service", "linhai-crawl.timer")
    ]


def test_the_readme_crontab_line_runs_a_crawl_the_cli_takes() -> None:
    (line,) = re.findall(r"```crontab\n(.*?)\n```", README, re.S)
    fields = line.split(maxsplit=5)
    assert len(fields) == 6 and all(re.fullmatch(r"[\d*/,-]+", f) for f in fields[:5])  # m h dom mon dow
    command = fields[5].split(" && ", 1)[1].split(" >> ", 1)[0]
    args = parse_command(shlex.split(command))
    assert args.command == "crawl" and args.sources and args.db and args.summary_json
    assert ">> crawl.log 2>&1" in line  # a log file, stderr included
