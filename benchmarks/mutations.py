"""Layout mutations never change a number: every text fixture and development-corpus text is read
as it is and again after each mutation real copies show (lines joined into one, with or without
spaces; separators lost; spaces between numbers lost; blank lines doubled; a few lines lost; pipes
turned into line breaks), and every key both readings give must have the same value there.

A key only the unmutated reading gives is a number the mutation hid (fine: absent, not wrong); a
key with a different value is a wrong number, printed with both values.

    python benchmarks/mutations.py [--seed N]

A key the unmutated reading finds stated two ways (table_narrative_mismatch) is left out.
Prints the runs, the readings that differ, and exits 1 when one does.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linhai_scrape import LinhaiError, extract_text  # noqa: E402


def _mutations(rng: random.Random) -> list[tuple[str, object]]:
    return [
        ("one line, glued", lambda t: t.replace("\n", "")),
        ("one line, spaced", lambda t: t.replace("\n", " ")),
        ("separators lost", lambda t: t.replace(" | ", "").replace("|", "")),
        ("spaces between numbers lost", lambda t: re.sub(r"(?<=\d) (?=\d)", "", t)),
        ("blank lines doubled", lambda t: t.replace("\n", "\n\n")),
        ("a few lines lost", lambda t: "\n".join(line for line in t.split("\n") if rng.random() > 0.03)),
        ("pipes as line breaks", lambda t: t.replace(" |", "\n")),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    paths = sorted((ROOT / "fixtures").glob("*.txt")) + sorted((ROOT / "devcorpus" / "texts").glob("*.txt"))
    runs = wrong = 0
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            report = extract_text(text)
        except LinhaiError:
            continue
        base = report.flat()
        # a key the document states two ways (its table says 3, a sentence 2): a mutation that loses
        # the table's line leaves the sentence's value, which the document does state
        for check in report.checks:
            if check.code == "table_narrative_mismatch":
                for key in check.keys:
                    base.pop(key, None)
        for name, mutate in _mutations(rng):
            runs += 1
            try:
                got = extract_text(mutate(text)).flat()  # type: ignore[operator]
            except LinhaiError:
                continue
            differ = {k: (base[k], got[k]) for k in got if k in base and base[k] != got[k]}
            if differ:
                wrong += 1
                shown = ", ".join(f"{k}: {a} → {b}" for k, (a, b) in list(differ.items())[:4])
                print(f"{path.name} [{name}]: {shown}")
    print(
        f"mutations: {runs} readings of {len(paths)} texts, {wrong} with a value other than the unmutated reading's"
    )
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
