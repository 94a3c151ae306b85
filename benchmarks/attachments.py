"""Attachment extraction speed and memory: ``pdf_to_document`` / ``docx_to_document`` next to the floor.

The documents are generated the way the tests generate them (tests/attachment_builders.py): the
two HTML report fixtures rendered as ruled PDFs (section 三 across two pages), as borderless PDFs and
as DOCX, plus a ~50-page PDF (the 2021 report repeated). For each: median ms per report and per page
for our conversion (default engine, pdfminer through pdfplumber), for the floor, pdfplumber's bare
``page.extract_text()`` of the same file, and for reference our conversion with the PDFium engine
and PDFium's bare text extraction. Peak RSS (VmHWM) of converting the long PDF is measured in a
fresh process, next to the floor's peak on the same file and the imports alone.

    python benchmarks/attachments.py [--repeat 5] [--json]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from attachment_builders import (  # noqa: E402
    build_docx,
    build_pdf,
    fixture_document,
    long_document,
    section3_break_rows,
)

from linhai_scrape.read.attachments import docx_to_document, pdf_to_document  # noqa: E402

REPORTS = ["html_2021_utf8.html", "html_2019_gbk.html"]


def _pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(data))


def floor_pdfplumber(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def floor_pdfium(data: bytes) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        page.get_textpage().get_text_range()
        page.close()
    pdf.close()


def ours_with_pdfium(data: bytes) -> None:
    pdf_to_document(data, engine="pdfium")


def _median_ms(fn, data: bytes, repeat: int) -> float:  # type: ignore[no-untyped-def]
    fn(data)  # warm-up: imports, font maps
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(data)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


_CHILD = """
import sys, time
sys.path.insert(0, {tests!r})
data = open({path!r}, 'rb').read()
mode = {mode!r}
t0 = time.perf_counter()
if mode == 'ours':
    from linhai_scrape.read.attachments import pdf_to_document
    doc = pdf_to_document(data)
elif mode == 'pdfplumber':
    import io, pdfplumber
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
else:
    import pdfplumber
    from linhai_scrape.read.attachments import pdf_to_document
hwm = next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:'))
print(hwm / 1024, (time.perf_counter() - t0) * 1000)
"""


def peak_rss_mb(data: bytes, mode: str) -> tuple[float, float]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        code = _CHILD.format(tests=str(ROOT / "tests"), path=f.name, mode=mode)
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
    rss, ms = out.stdout.split()
    return float(rss), float(ms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", type=int, default=50, help="size of the long PDF")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    rows: list[dict[str, object]] = []
    for name in REPORTS:
        html = fixture_document(name)
        breaks = section3_break_rows(html)
        for kind, data in (
            ("pdf ruled", build_pdf(html, break_before=breaks)),
            ("pdf borderless", build_pdf(html, ruled=False, break_before=breaks)),
        ):
            pages = _pages(data)
            ours = _median_ms(pdf_to_document, data, args.repeat)
            plumb = _median_ms(floor_pdfplumber, data, args.repeat)
            pdfium = _median_ms(floor_pdfium, data, args.repeat)
            ours_pdfium = _median_ms(ours_with_pdfium, data, args.repeat)
            rows.append(
                {
                    "document": f"{name} ({kind})",
                    "pages": pages,
                    "ours_ms": ours,
                    "ours_ms_page": ours / pages,
                    "pdfplumber_ms": plumb,
                    "pdfplumber_ms_page": plumb / pages,
                    "pdfium_ms": pdfium,
                    "ours_pdfium_ms": ours_pdfium,
                    "ratio_to_pdfplumber": ours / plumb,
                }
            )
        docx_bytes = build_docx(html)
        ours = _median_ms(docx_to_document, docx_bytes, args.repeat)
        rows.append({"document": f"{name} (docx)", "pages": None, "ours_ms": ours})

    html = fixture_document(REPORTS[0])
    per_copy = _pages(build_pdf(html))
    copies = max(1, round(args.pages / per_copy))
    long_pdf = build_pdf(long_document(html, copies))
    pages = _pages(long_pdf)
    ours = _median_ms(pdf_to_document, long_pdf, max(1, args.repeat // 2))
    plumb = _median_ms(floor_pdfplumber, long_pdf, max(1, args.repeat // 2))
    pdfium = _median_ms(floor_pdfium, long_pdf, max(1, args.repeat // 2))
    ours_pdfium = _median_ms(ours_with_pdfium, long_pdf, max(1, args.repeat // 2))
    rows.append(
        {
            "document": f"long report ({copies} × 2021, ruled)",
            "pages": pages,
            "ours_ms": ours,
            "ours_ms_page": ours / pages,
            "pdfplumber_ms": plumb,
            "pdfplumber_ms_page": plumb / pages,
            "pdfium_ms": pdfium,
            "ours_pdfium_ms": ours_pdfium,
            "ratio_to_pdfplumber": ours / plumb,
        }
    )
    memory = {mode: peak_rss_mb(long_pdf, mode) for mode in ("imports", "pdfplumber", "ours")}

    if args.json:
        print(json.dumps({"rows": rows, "peak_rss_mb": {k: v[0] for k, v in memory.items()}}, indent=2))
        return
    print(
        f"{'document':44} {'pages':>5} {'ours ms':>8} {'/page':>6} {'floor ms':>8} {'/page':>6} {'×floor':>6}"
        f" {'ours·pdfium':>11} {'pdfium text':>11}"
    )
    for r in rows:
        if r["pages"] is None:
            print(f"{r['document']:44} {'-':>5} {r['ours_ms']:8.1f}")
            continue
        print(
            f"{r['document']:44} {r['pages']:5d} {r['ours_ms']:8.1f} {r['ours_ms_page']:6.1f} "
            f"{r['pdfplumber_ms']:8.1f} {r['pdfplumber_ms_page']:6.1f} {r['ratio_to_pdfplumber']:6.2f} "
            f"{r['ours_pdfium_ms']:11.1f} {r['pdfium_ms']:11.1f}"
        )
    print(
        f"\npeak RSS on the {pages}-page PDF (fresh process): ours {memory['ours'][0]:.0f} MB, "
        f"pdfplumber extract_text {memory['pdfplumber'][0]:.0f} MB, imports alone {memory['imports'][0]:.0f} MB"
    )


if __name__ == "__main__":
    main()
