"""Damaged and hostile input: every fixture mutated the ways careless archives and hostile pages damage
reports, each mutant extracted in-process (and a slice through the CLI, in a subprocess), counting
tracebacks, hangs and value drift.

The mutations: cut short; bytes flipped; a span deleted or doubled; a table cell deleted; NUL bytes;
re-encoded as GBK or as UTF-16 (with and without a BOM); nested thousands deep; an undecodable
character next to a number; a second number put in a cell. Every fixture (``fixtures/*.html``,
``*.txt``, any ``*.pdf``) is mutated in turn, each mutation drawn from a seeded generator, so a run
is repeated exactly by its seed.

- A *traceback* is any exception other than the package's own errors (``InputError``,
  ``NotAReportError``); through the CLI, a "Traceback" on stderr, an exit code other than 0, 2 or 3,
  more than one line on stderr, or a reading other than the in-process one.
- A *hang* is a mutant that takes longer than ``--timeout`` seconds.
- *Value drift* is a key whose value changed although the evidence it was read from did not: the
  same cell text in the same row, or the same sentence, as in the unmutated fixture's reading; or
  (for mutations that leave every surviving cell's text as it was) a key read from the cell that
  stated another key of the same row in the unmutated reading, which is a row slid sideways.

    python benchmarks/fuzz.py [--count 2000] [--seed 13] [--seconds 1800] [--timeout 10] [--cli-every 25]
    python benchmarks/fuzz.py --replay html_2021_utf8.html "delete cell" 1234 > mutant.html

Prints the mutants run, each traceback, hang and drift found, and the totals; exits 1 when any was
found. tests/test_fuzz.py runs a small seeded slice of it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linhai_scrape import LinhaiError, Report, extract_bytes  # noqa: E402
from linhai_scrape.models import Evidence  # noqa: E402
from linhai_scrape.read.decode import decode_bytes  # noqa: E402

FIXTURES = ROOT / "fixtures"
Mutation = Callable[[bytes, random.Random, str], bytes]


# ------------------------------------------------------------------------------------------ mutations


def _text(data: bytes) -> str:
    return decode_bytes(data).text


def truncate(data: bytes, rng: random.Random, kind: str) -> bytes:
    return data[: rng.randrange(max(1, len(data) // 10), max(2, len(data)))]


def flip_bytes(data: bytes, rng: random.Random, kind: str) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(out))
        out[i] ^= rng.randint(1, 255)
    return bytes(out)


def _span(data: bytes, rng: random.Random) -> tuple[int, int]:
    start = rng.randrange(len(data))
    return start, min(len(data), start + rng.randint(1, max(1, len(data) // 20)))


def delete_span(data: bytes, rng: random.Random, kind: str) -> bytes:
    start, end = _span(data, rng)
    return data[:start] + data[end:]


def double_span(data: bytes, rng: random.Random, kind: str) -> bytes:
    start, end = _span(data, rng)
    return data[:end] + data[start:end] + data[end:]


_HTML_CELL = re.compile(r"<t[dh]\b[^>]*>.*?</t[dh]\s*>", re.I | re.S)


def delete_cell(data: bytes, rng: random.Random, kind: str) -> bytes:
    """One table cell lost: a <td> of a page, or one cell of a text dump's `a | b | c` row."""
    text = _text(data)
    if kind == "html":
        cells = list(_HTML_CELL.finditer(text))
        if not cells:
            return data
        cell = rng.choice(cells)
        return (text[: cell.start()] + text[cell.end() :]).encode("utf-8")
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if line.count("|") >= 3]
    if not rows:
        return data
    i = rng.choice(rows)
    parts = lines[i].split("|")
    del parts[rng.randrange(1, len(parts) - 1)]
    lines[i] = "|".join(parts)
    return "\n".join(lines).encode("utf-8")


def insert_nuls(data: bytes, rng: random.Random, kind: str) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 5)):
        out.insert(rng.randrange(len(out) + 1), 0)
    return bytes(out)


def as_gbk(data: bytes, rng: random.Random, kind: str) -> bytes:
    return _text(data).encode("gb18030")


def as_utf16(data: bytes, rng: random.Random, kind: str) -> bytes:
    codec = rng.choice(["utf-16-le", "utf-16-be", "utf-16"])  # "utf-16": with a BOM
    return _text(data).encode(codec)


def nest_deep(data: bytes, rng: random.Random, kind: str) -> bytes:
    """Thousands of elements opened one inside another at a tag boundary (never closed, or closed)."""
    text = _text(data)
    tag = rng.choice(["div", "span", "b", "li", "blockquote", "font"])
    depth = rng.choice([300, 1_000, 5_000, 100_000])
    tags = [m.start() for m in re.finditer("<", text)] or [0]
    at = rng.choice(tags)
    closing = f"</{tag}>" * depth if rng.random() < 0.5 else ""
    return (text[:at] + f"<{tag}>" * depth + closing + text[at:]).encode("utf-8")


_NUMBER = re.compile(r"\d+")


def damage_by_number(data: bytes, rng: random.Random, kind: str) -> bytes:
    """An undecodable character (U+FFFD, as a bad byte decodes) in place of a digit or beside a number."""
    text = _text(data)
    numbers = list(_NUMBER.finditer(text))
    if not numbers:
        return data
    m = rng.choice(numbers)
    where = rng.choice(["replace", "before", "after"])
    if where == "replace":
        i = rng.randrange(m.start(), m.end())
        text = text[:i] + "\ufffd" + text[i + 1 :]
    elif where == "before":
        text = text[: m.start()] + "\ufffd" + text[m.start() :]
    else:
        text = text[: m.end()] + "\ufffd" + text[m.end() :]
    return text.encode("utf-8")


_LONE_NUMBER = re.compile(r"(?<=>)(\s*)(\d+)(\s*)(?=<)")  # a number that is all of an element's text
_NUMERIC_DUMP_CELL = re.compile(r"(\|\s*)(\d+)(\s*)(?=\|)")


def two_numbers_in_a_cell(data: bytes, rng: random.Random, kind: str) -> bytes:
    """A second number put in a cell: as two paragraphs or blocks, or after a line break (a page),
    after a space (a text dump)."""
    text = _text(data)
    other = str(rng.randint(0, 999))
    if kind == "html":
        numbers = [
            m
            for cell in _HTML_CELL.finditer(text)
            for m in _LONE_NUMBER.finditer(text, cell.start(), cell.end())
        ]
        if not numbers:
            return data
        m = rng.choice(numbers)
        forms = [
            "{a}<br>{b}",
            "{a}<br/>\n{b}",
            "<div>{a}</div><div>{b}</div>",
            "<p>{a}</p><p>{b}</p>",
            "<p>{a}</p>{b}",
            "{a}<div>{b}</div>",
            "<span>{a}</span><p>{b}</p>",
            "<span><p>{a}</p><p>{b}</p></span>",
        ]
        inner = rng.choice(forms).format(a=m.group(2), b=other)
        return (text[: m.start(2)] + inner + text[m.end(2) :]).encode("utf-8")
    cells = list(_NUMERIC_DUMP_CELL.finditer(text))
    if not cells:
        return data
    m = rng.choice(cells)
    return (text[: m.start(2)] + m.group(2) + " " + other + text[m.end(2) :]).encode("utf-8")


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate,
    "flip bytes": flip_bytes,
    "delete span": delete_span,
    "double span": double_span,
    "delete cell": delete_cell,
    "NULs": insert_nuls,
    "GBK": as_gbk,
    "UTF-16": as_utf16,
    "nest deep": nest_deep,
    "U+FFFD by a number": damage_by_number,
    "two numbers in a cell": two_numbers_in_a_cell,
}
_TEXT_ONLY = {"delete cell", "GBK", "UTF-16", "nest deep", "U+FFFD by a number", "two numbers in a cell"}
_HTML_ONLY = {"nest deep"}
# mutations that leave the text of every cell that survives as it was: a key read from the cell
# that stated another key of its row is a row slid sideways, not a changed number
_CELLS_KEPT = {"truncate", "delete cell", "GBK", "UTF-16", "nest deep"}


def mutations_for(kind: str) -> list[str]:
    if kind == "pdf":
        return [name for name in MUTATIONS if name not in _TEXT_ONLY]
    return [name for name in MUTATIONS if kind == "html" or name not in _HTML_ONLY]


# ------------------------------------------------------------------------------------------- reading


@dataclass
class Reading:
    report: Report | None = None
    refused: str | None = None  # the package's own error, one line


@dataclass
class Fixture:
    path: Path
    kind: str  # html, text or pdf
    data: bytes
    base: Reading


def _kind(path: Path) -> str:
    if path.suffix.lower() == ".pdf":
        return "pdf"
    return "html" if path.suffix.lower() in (".html", ".htm") else "text"


def read(data: bytes, name: str) -> Reading:
    try:
        return Reading(report=extract_bytes(data, kind="file", location=name))
    except LinhaiError as exc:
        return Reading(refused=f"{type(exc).__name__}: {exc}")


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang


def fixtures(only: str | None = None) -> list[Fixture]:
    paths = sorted(p for p in FIXTURES.iterdir() if p.is_file() and p.name != "README.md")
    out = []
    for path in paths:
        if only and only not in path.name:
            continue
        data = path.read_bytes()
        out.append(Fixture(path, _kind(path), data, read(data, path.name)))
    return out


# --------------------------------------------------------------------------------------------- drift


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and " ".join(a.split()) == " ".join(b.split())


def drift(base: Report, mutant: Report, mutation: str) -> list[str]:
    """Keys whose value changed although the evidence they were read from did not (see the docstring)."""
    found = []
    rows: dict[tuple[int | None, str | None], list[tuple[str, Evidence]]] = {}
    for key, ev in base.evidence.items():
        if ev.origin == "table":
            rows.setdefault((ev.table, ev.row_label), []).append((key, ev))
    for key, value in mutant.stats.items():
        if key not in base.stats or base.stats[key] == value:
            continue
        was, now = base.evidence.get(key), mutant.evidence.get(key)
        if was is None or now is None or was.origin != now.origin:
            continue
        if was.origin == "table" and _same(was.cell, now.cell) and was.row_label == now.row_label:
            found.append(
                f"{key}: {base.stats[key]} → {value}, from the same cell {now.cell!r} of row {now.row_label}"
            )
        elif was.origin == "narrative" and _same(was.sentence, now.sentence):
            found.append(f"{key}: {base.stats[key]} → {value}, from the same sentence {now.sentence!r}")
        elif was.origin == "table" and mutation in _CELLS_KEPT and now.row_label == was.row_label:
            for other, ev in rows.get((was.table, was.row_label), []):
                if other != key and _same(ev.cell, now.cell) and base.stats.get(other) == value:
                    found.append(
                        f"{key}: {base.stats[key]} → {value}, read from the cell {now.cell!r} that states "
                        f"{other} in row {now.row_label}: the row slid"
                    )
                    break
    return found


# ------------------------------------------------------------------------------------------------ run


@dataclass
class Tally:
    mutants: int = 0
    through_cli: int = 0
    tracebacks: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    drifts: list[str] = field(default_factory=list)
    by_mutation: dict[str, int] = field(default_factory=dict)
    slowest: tuple[float, str] = (0.0, "")
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.tracebacks or self.hangs or self.drifts)


def _watchdog(deadline: list[float], label: list[str], done: threading.Event) -> None:
    """A mutant stuck in C code (where no alarm reaches it) stops the run, saying which one."""
    while not done.wait(1):
        if deadline[0] and time.monotonic() > deadline[0]:
            print(f"HANG (stuck past every bound, run stopped): {label[0]}", flush=True)
            os._exit(3)


def run_cli(data: bytes, suffix: str, expected: Reading, timeout: float, label: str, tally: Tally) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"mutant{suffix}"
        path.write_bytes(data)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "linhai_scrape", "extract", str(path), "--format", "flat"],
                capture_output=True,
                text=True,
                timeout=timeout + 10,  # interpreter start-up on a loaded machine
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
        except subprocess.TimeoutExpired:
            tally.hangs.append(f"{label} (CLI)")
            return
    tally.through_cli += 1
    err = done.stderr.strip()
    problems = []
    if "Traceback" in done.stderr:
        problems.append("a traceback on stderr")
    if done.returncode not in (0, 2, 3):
        problems.append(f"exit {done.returncode}")
    if len(err.splitlines()) > 1:
        problems.append(f"{len(err.splitlines())} lines on stderr")
    if done.returncode == 0:
        flat = json.loads(done.stdout)
        if expected.report is None or flat != json.loads(json.dumps(expected.report.flat())):
            problems.append("a reading other than the in-process one")
    elif expected.report is not None:
        problems.append(f"refused through the CLI ({err[:100]}) but read in-process")
    if problems:
        tally.tracebacks.append(f"{label} (CLI): {'; '.join(problems)}: {err[-300:]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=2000, help="mutants to run (default 2000)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--seconds", type=float, default=1800, help="stop starting mutants after this long")
    ap.add_argument("--timeout", type=float, default=10, help="seconds one mutant may take (a hang past it)")
    ap.add_argument(
        "--cli-every", type=int, default=25, help="every Nth mutant also through the CLI (0: none)"
    )
    ap.add_argument("--fixture", help="only fixtures whose name holds this")
    ap.add_argument(
        "--replay",
        nargs=3,
        metavar=("FIXTURE", "MUTATION", "SEED"),
        help="write the one mutant a report line names (fixture file name, mutation, seed) to stdout",
    )
    args = ap.parse_args(argv)
    if args.replay:
        name, mutation, seed = args.replay
        path = FIXTURES / name
        sys.stdout.buffer.write(MUTATIONS[mutation](path.read_bytes(), random.Random(int(seed)), _kind(path)))
        return 0
    rng = random.Random(args.seed)
    bases = fixtures(args.fixture)
    tally = Tally()
    deadline, label, done = [0.0], [""], threading.Event()
    threading.Thread(target=_watchdog, args=(deadline, label, done), daemon=True).start()
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGALRM, _alarm) if in_main_thread else None
    try:
        _run(args, bases, rng, tally, deadline, label, in_main_thread)
    finally:
        done.set()
        if in_main_thread:
            signal.signal(signal.SIGALRM, previous)
    for title, items in (("TRACEBACK", tally.tracebacks), ("HANG", tally.hangs), ("DRIFT", tally.drifts)):
        for item in items:
            print(f"{title} {item}")
    kinds = ", ".join(f"{name} {count}" for name, count in sorted(tally.by_mutation.items()))
    print(f"fixtures: {len(bases)}; mutations: {kinds}")
    print(
        f"mutants run: {tally.mutants} in-process, {tally.through_cli} through the CLI "
        f"(seed {args.seed}, {tally.seconds:.0f} s; slowest {tally.slowest[0]:.2f} s: {tally.slowest[1]})"
    )
    print(f"tracebacks: {len(tally.tracebacks)}; hangs: {len(tally.hangs)}; value drift: {len(tally.drifts)}")
    return 1 if tally.failed else 0


def _run(
    args: argparse.Namespace,
    bases: list[Fixture],
    rng: random.Random,
    tally: Tally,
    deadline: list[float],
    label: list[str],
    in_main_thread: bool,
) -> None:
    started = time.monotonic()
    for n in range(args.count):
        if time.monotonic() - started > args.seconds:
            break
        fixture = bases[n % len(bases)]
        mutation = rng.choice(mutations_for(fixture.kind))
        seed = rng.randrange(1 << 30)
        label[0] = f"#{n} {fixture.path.name} [{mutation}, seed {seed}]"
        mutant = MUTATIONS[mutation](fixture.data, random.Random(seed), fixture.kind) if fixture.data else b""
        tally.mutants += 1
        tally.by_mutation[mutation] = tally.by_mutation.get(mutation, 0) + 1
        t0 = time.monotonic()
        deadline[0] = t0 + 3 * args.timeout + 5
        if in_main_thread:
            signal.setitimer(signal.ITIMER_REAL, args.timeout)
        try:
            got = read(mutant, fixture.path.name)
        except Hang:
            tally.hangs.append(f"{label[0]}: over {args.timeout:g} s")
            continue
        except Exception:  # noqa: BLE001 - this is what the benchmark counts
            tally.tracebacks.append(f"{label[0]}:\n{traceback.format_exc(limit=-4)}")
            continue
        finally:
            if in_main_thread:
                signal.setitimer(signal.ITIMER_REAL, 0)
            deadline[0] = 0.0
        took = time.monotonic() - t0
        tally.slowest = max(tally.slowest, (took, label[0]))
        if got.report is not None and fixture.base.report is not None:
            for found in drift(fixture.base.report, got.report, mutation):
                tally.drifts.append(f"{label[0]}: {found}")
        if args.cli_every and n % args.cli_every == 0:
            run_cli(mutant, fixture.path.suffix, got, args.timeout, label[0], tally)
    tally.seconds = time.monotonic() - started


if __name__ == "__main__":
    raise SystemExit(main())
