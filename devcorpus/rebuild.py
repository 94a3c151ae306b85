"""Rebuild ``devcorpus/texts/`` from each document's provenance and verify every sha256.

    python devcorpus/rebuild.py [--check] [--id ID] [--timeout 30]

For every ``devcorpus/docs/*.json``:

* the text already present with the right sha256 → ``ok``;
* present with another sha256 → ``MISMATCH`` (the file is left alone; delete it to refetch);
* absent, ``source.corpus == "code"`` → fetched from
  ``https://raw.githubusercontent.com/{repo}/{commit}/{path}`` (needs network and ``commit``),
  written only when its sha256 matches the label file's ``text_sha256``;
* absent, ``source.corpus == "pages"`` → cannot be refetched exactly: the stored text is an excerpt
  of a stored copy of a public page, not the live page. The script prints the page URL and the
  search query that returned it; re-run that query with the ``search`` tool (corpus ``pages``) and
  save the excerpt byte for byte as ``texts/<id>.<ext>``; the sha256 then tells whether it is the
  same excerpt.

``--check`` only reports (no network). Without network the fetches fail cleanly and are reported as
missing. Exit status: 0 when every text is present and verified, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
TEXTS = HERE / "texts"
RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"


def text_path(doc: dict) -> Path:
    ext = "html" if doc.get("format") == "html" else "txt"
    return TEXTS / f"{doc['id']}.{ext}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_code(doc: dict, timeout: float) -> tuple[str, bytes | None]:
    """Fetch a code-corpus text; returns (status message, bytes or None)."""
    src = doc.get("source") or {}
    repo, path, commit = src.get("repo"), src.get("path"), src.get("commit")
    if not (repo and path and commit):
        return "missing: no repo/path/commit to fetch from", None
    try:
        import httpx
    except ImportError:
        return "missing: httpx is not installed", None
    from urllib.parse import quote

    url = RAW.format(repo=repo, commit=commit, path=quote(path))
    try:
        resp = httpx.get(url, timeout=timeout, follow_redirects=True)
    except httpx.HTTPError as exc:
        return f"missing: fetch failed ({type(exc).__name__}: {exc})", None
    if resp.status_code != 200:
        return f"missing: HTTP {resp.status_code} for {url}", None
    return f"fetched {url}", resp.content


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="rebuild and verify devcorpus/texts")
    ap.add_argument("--check", action="store_true", help="only report, fetch nothing")
    ap.add_argument("--id", dest="doc_id", help="one document")
    ap.add_argument("--timeout", type=float, default=30.0)
    args = ap.parse_args(argv)

    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DOCS.glob("*.json"))]
    if args.doc_id:
        docs = [d for d in docs if d["id"] == args.doc_id]
        if not docs:
            print(f"no document {args.doc_id!r}", file=sys.stderr)
            return 2
    TEXTS.mkdir(exist_ok=True)
    counts = {"ok": 0, "fetched": 0, "missing": 0, "mismatch": 0}
    offline = False
    for doc in docs:
        path, want = text_path(doc), doc.get("text_sha256")
        src = doc.get("source") or {}
        corpus = src.get("corpus")
        if path.exists():
            got = sha256(path.read_bytes())
            if got == want:
                counts["ok"] += 1
                print(f"ok        {doc['id']}")
            else:
                counts["mismatch"] += 1
                print(f"MISMATCH  {doc['id']}: sha256 {got} != {want} (delete the file to refetch)")
            continue
        if corpus == "pages":
            counts["missing"] += 1
            print(f"missing   {doc['id']}: pages-corpus excerpt, not refetchable exactly.\n"
                  f"          re-run search(corpus='pages', query={src.get('query')!r}),\n"
                  f"          take the excerpt of {src.get('url')} and save it byte for byte as {path.name}")
            continue
        if corpus != "code":
            counts["missing"] += 1
            print(f"missing   {doc['id']}: unknown source corpus {corpus!r}")
            continue
        if args.check or offline:
            counts["missing"] += 1
            print(f"missing   {doc['id']}: {src.get('repo')}/{src.get('path')}" + (" (offline)" if offline else ""))
            continue
        status, data = fetch_code(doc, args.timeout)
        if data is None:
            counts["missing"] += 1
            print(f"missing   {doc['id']}: {status}")
            if "ConnectError" in status or "ConnectTimeout" in status:
                offline = True  # no network: do not try every other document
            continue
        got = sha256(data)
        if got != want:
            counts["mismatch"] += 1
            print(f"MISMATCH  {doc['id']}: fetched sha256 {got} != {want}; not written")
            continue
        path.write_bytes(data)
        counts["fetched"] += 1
        print(f"fetched   {doc['id']}")
    print(f"\n{len(docs)} documents: {counts['ok']} ok, {counts['fetched']} fetched, "
          f"{counts['missing']} missing, {counts['mismatch']} mismatched")
    return 0 if counts["missing"] == counts["mismatch"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
