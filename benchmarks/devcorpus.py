"""Accuracy on the development corpus: real published reports labelled by hand.

For every ``devcorpus/docs/*.json`` whose text is present in ``devcorpus/texts/`` (rebuild it with
``python devcorpus/rebuild.py``), runs the extractor on the file's bytes and compares
``report.flat()`` with the document's hand-made ``labels``.

Counted per family (a document counts in each of its families) and overall:
documents, documents read (no refusal), labelled keys, keys exact, keys missing (labelled, not
emitted), WRONG numbers (emitted and different from the label) and extra keys (emitted from a table
or a sentence — not derived — but not labelled: each is either a wrong number or a missing label;
listed with ``--verbose``).

    python benchmarks/devcorpus.py [--verbose] [--id ID] [--pdf] [--pdf-width PT]

``--pdf`` reads each text document printed to PDF line by line (as a text dump saved as PDF is).

It always exits 0 (it is a benchmark), except on usage errors (exit 2).
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tests"))  # attachment_builders: the tests' PDF printer, for --pdf

from attachment_builders import text_as_pdf  # noqa: E402

from linhai_scrape import extract_bytes  # noqa: E402
from linhai_scrape.models import LinhaiError, NotAReportError  # noqa: E402

CORPUS = ROOT / "devcorpus"
DOCS = CORPUS / "docs"
TEXTS = CORPUS / "texts"


@dataclass
class Result:
    doc_id: str
    families: list[str]
    read: bool = False
    refusal: str | None = None
    labelled: int = 0
    exact: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    wrong: list[tuple[str, object, object]] = field(default_factory=list)
    extra: list[tuple[str, object]] = field(default_factory=list)
    year: tuple[int, int | None] | None = None  # (labelled, read) where the label names the year


def _same(label: object, got: object) -> bool:
    if isinstance(label, bool) or isinstance(got, bool):
        return label == got
    if isinstance(label, (int, float)) and isinstance(got, (int, float)):
        return math.isclose(float(label), float(got), rel_tol=1e-9, abs_tol=1e-9)
    return label == got


def text_path(doc: dict) -> Path:
    ext = "html" if doc.get("format") == "html" else "txt"
    return TEXTS / f"{doc['id']}.{ext}"


def run_one(doc: dict) -> Result:
    res = Result(doc["id"], list(doc.get("families") or ["unclassified"]))
    labels: dict = doc.get("labels") or {}
    res.labelled = len(labels)
    path = text_path(doc)
    data, location = path.read_bytes(), str(path)
    if AS_PDF:
        # the text printed to PDF, line by line (tests/attachment_builders.text_as_pdf)
        data, location = text_as_pdf(data.decode("utf-8"), width=PDF_WIDTH), str(path.with_suffix(".pdf"))
    try:
        report = extract_bytes(data, kind="file", location=location)
    except NotAReportError as exc:
        res.refusal = f"not a report: {exc.outcome.reason}"
        res.missing = sorted(labels)
        return res
    except LinhaiError as exc:
        res.refusal = f"{type(exc).__name__}: {exc}"
        res.missing = sorted(labels)
        return res
    except Exception as exc:  # a crash is "not read" too, but say so loudly
        res.refusal = f"CRASH {type(exc).__name__}: {exc}"
        res.missing = sorted(labels)
        return res
    res.read = True
    if isinstance(doc.get("year"), int):
        res.year = (doc["year"], report.year)
    flat = report.flat()
    for key, want in labels.items():
        if key not in flat:
            res.missing.append(key)
        elif _same(want, flat[key]):
            res.exact.append(key)
        else:
            res.wrong.append((key, want, flat[key]))
    not_stated = set(doc.get("not_stated") or ())
    for key, got in flat.items():
        if key in labels:
            continue
        if key in not_stated:  # the document does not state it (or not unambiguously): any value is wrong
            res.wrong.append((key, None, got))
            continue
        ev = report.evidence.get(key)
        if ev is not None and getattr(ev, "origin", None) == "derived":
            continue
        res.extra.append((key, got))
    return res


AS_PDF = False  # --pdf: read each text document printed to PDF instead of the text itself
PDF_WIDTH: float | None = None  # --pdf-width: the printer wraps lines at this many points, not characters


def _pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:5.1f}%" if b else "   - "


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="one block per document")
    ap.add_argument("--id", dest="doc_id", help="run one document")
    ap.add_argument(
        "--pdf", action="store_true", help="read each text document printed to PDF (needs reportlab)"
    )
    ap.add_argument(
        "--pdf-width",
        type=float,
        metavar="PT",
        help="with --pdf: wrap printed lines at PT points (a browser's print) instead of 90 characters",
    )
    args = ap.parse_args(argv)
    global AS_PDF, PDF_WIDTH
    AS_PDF = args.pdf or args.pdf_width is not None
    PDF_WIDTH = args.pdf_width
    if hasattr(signal, "SIGPIPE"):  # `… | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)

    doc_files = sorted(DOCS.glob("*.json"))
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in doc_files]
    if args.doc_id:
        docs = [d for d in docs if d["id"] == args.doc_id]
        if not docs:
            print(f"no document {args.doc_id!r} in {DOCS}", file=sys.stderr)
            return 2
    present = [d for d in docs if text_path(d).exists() and not (AS_PDF and d.get("format") == "html")]
    absent = [d["id"] for d in docs if not text_path(d).exists()]
    if absent:
        print(f"{len(absent)} document(s) without text (run devcorpus/rebuild.py): {', '.join(absent)}")

    results = [run_one(d) for d in present]

    if args.verbose or args.doc_id:
        for r in results:
            head = f"{r.doc_id} [{', '.join(r.families)}]: "
            if not r.read:
                print(head + f"NOT READ ({r.refusal}); {r.labelled} labelled keys missing")
                continue
            print(
                head + f"{len(r.exact)}/{r.labelled} exact, {len(r.wrong)} wrong, "
                f"{len(r.missing)} missing, {len(r.extra)} extra"
            )
            for key, want, got in r.wrong:
                print(f"    WRONG   {key}: label {want!r}, got {got!r}")
            for key in r.missing:
                print(f"    missing {key}")
            for key, got in r.extra:
                print(f"    extra   {key} = {got!r}")
            if r.year is not None and r.year[1] is not None and r.year[0] != r.year[1]:
                print(f"    WRONG   year: label {r.year[0]}, got {r.year[1]}")

    groups: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        for fam in r.families:
            groups[fam].append(r)
    groups_sorted = sorted(groups.items()) + [("ALL", results)]
    print()
    hdr = f"{'family':<15}{'docs':>5}{'read':>6}{'labelled':>10}{'exact':>8}{'':>8}{'missing':>9}{'WRONG':>7}{'extra':>7}"
    print(hdr)
    print("-" * len(hdr))
    for name, rs in groups_sorted:
        lab = sum(r.labelled for r in rs)
        ex = sum(len(r.exact) for r in rs)
        print(
            f"{name:<15}{len(rs):>5}{sum(r.read for r in rs):>6}{lab:>10}{ex:>8}{_pct(ex, lab):>8}"
            f"{sum(len(r.missing) for r in rs):>9}{sum(len(r.wrong) for r in rs):>7}{sum(len(r.extra) for r in rs):>7}"
        )
    lab = sum(r.labelled for r in results)
    ex = sum(len(r.exact) for r in results)
    print()
    print(
        f"devcorpus: {len(results)} documents, {sum(r.read for r in results)} read, "
        f"{ex}/{lab} keys exact ({_pct(ex, lab).strip()}), "
        f"{sum(len(r.wrong) for r in results)} wrong, {sum(len(r.missing) for r in results)} missing, "
        f"{sum(len(r.extra) for r in results)} extra"
    )
    # the year files a report: a wrong year puts every number on another year's row
    years = [r.year for r in results if r.year is not None]
    print(
        f"years: {len(years)} labelled, {sum(1 for want, got in years if got == want)} exact, "
        f"{sum(1 for _, got in years if got is None)} missing, "
        f"{sum(1 for want, got in years if got is not None and got != want)} wrong"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
