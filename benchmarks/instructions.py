"""Extraction cost in CPU instructions: our ``extract`` next to the bare-parse floor, under callgrind.

Wall-clock figures on a shared virtual machine swing by a third from one run to the next, and the
floor swings with them, so ``benchmarks/extract.py`` ratios move as much as a code change does. An
instruction count does not depend on the neighbours: this script runs each contender under
valgrind's callgrind over the HTML report fixtures and prints millions of instructions per document
and the ratio to the floor. It needs ``valgrind`` on PATH. Callgrind counts only inside the measured
loop (run by ``functools.reduce``, whose C function is the one ``--toggle-collect`` names), with the
cyclic collector held off there: interpreter start-up, imports and the first calls are not counted.
(Subtracting a run with no documents instead, as this script once did, left start-up's own variation
of up to ~25 M instructions a run in the figure: ±0.25 M per report.)

    python benchmarks/instructions.py [--rounds 5]     (trafilatura too when installed)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

_CHILD = """
import sys
sys.path.insert(0, {bench!r})
from extract import PORTAL_PAGES, _report_fixtures
from selectolax.lexbor import LexborHTMLParser
from linhai_scrape.extract import extract_text

pages = sys.argv[3]
docs = [
    text
    for name, text in _report_fixtures()
    if text.lstrip().startswith("<") and (pages == "all" or name in PORTAL_PAGES)
]
if sys.argv[1] == "trafilatura":
    import trafilatura

    run = trafilatura.extract
else:
    run = extract_text if sys.argv[1] == "extract" else (lambda d: LexborHTMLParser(d).body.text())
for doc in docs:
    run(doc)  # first calls (lazy imports, caches) belong to start-up, not to the documents
import functools, gc

gc.collect()
gc.disable()  # where collections fall moves with any allocation, and the count with them
# the measured loop: callgrind collects inside functools_reduce only
functools.reduce(lambda _, doc: run(doc), docs * int(sys.argv[2]), None)
print(len(docs))
"""


def _instructions(contender: str, rounds: int, pages: str) -> tuple[int, int]:
    """(instructions, documents run) of one callgrind run."""
    code = _CHILD.format(bench=str(Path(__file__).resolve().parent))
    proc = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            "--toggle-collect=functools_reduce",
            sys.executable,
            "-c",
            code,
            contender,
            str(rounds),
            pages,
        ],
        capture_output=True,
        text=True,
        check=True,
        # string hashing fixed: with a random seed, set and dict orders (and so the work) move the
        # count by a few percent between runs (the floor moved 2.76-2.92 M)
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    collected = re.search(r"Collected : (\d+)", proc.stderr)
    if collected is None:
        raise SystemExit(f"callgrind printed no instruction count:\n{proc.stderr[-2000:]}")
    if int(collected.group(1)) == 0:
        raise SystemExit(
            "callgrind counted nothing: this Python's functools.reduce is not the C function functools_reduce"
        )
    return int(collected.group(1)), int(proc.stdout.split()[-1]) * rounds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5, help="passes over the HTML fixtures")
    parser.add_argument(
        "--pages",
        choices=("portal", "all"),
        default="portal",
        help="portal: the whole portal pages the targets are set on (default); all: every HTML report "
        "fixture, the short pages built for one reading rule included",
    )
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: this benchmark counts instructions with callgrind")
    per_doc: dict[str, float] = {}
    contenders = ["extract", "floor"]
    if importlib.util.find_spec("trafilatura") is not None:
        contenders.append("trafilatura")
    else:
        print("(trafilatura not installed, pip install -e '.[bench]' to compare with it)")
    names = {
        "extract": "linhai_scrape.extract",
        "floor": "bare LexborHTMLParser().body.text()",
        "trafilatura": "trafilatura.extract",
    }
    for contender in contenders:
        total, docs = _instructions(contender, args.rounds, args.pages)
        per_doc[contender] = total / docs / 1e6
        print(
            f"{names[contender]:<36} {per_doc[contender]:7.2f} M instructions per HTML report ({docs} documents)"
        )
    print(f"extract / bare-parse floor           {per_doc['extract'] / per_doc['floor']:7.1f}×")
    if "trafilatura" in per_doc:
        print(f"trafilatura / extract                {per_doc['trafilatura'] / per_doc['extract']:7.1f}×")


if __name__ == "__main__":
    main()
