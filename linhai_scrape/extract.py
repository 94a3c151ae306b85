"""The pipeline: source → bytes → text → ``Document`` → sections → statistics → checks → ``Report``.

``extract(source)`` is the public entry point. It raises only the package's own errors:
``InputError`` when the input cannot be read and ``NotAReportError`` when it was read but is not an
annual report (its ``outcome`` names what it is instead).
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .models import (
    MAX_INPUT_BYTES,
    Check,
    Evidence,
    InputError,
    NotAReportError,
    NotReport,
    Number,
    Report,
    Section,
    Source,
)
from .read import checks as _checks
from .read.decode import decode_bytes
from .read.derive import derive_totals
from .read.document import (
    Document,
    Paragraph,
    Table,
    looks_like_html,
    page_text,
    parse_document,
    text_to_document,
)
from .read.metadata import (
    agency_and_year,
    detect_edition,
    find_period,
    find_published,
    find_signature,
    find_title,
    laid_out_as_the_overview,
    names_the_report,
    stated_year,
)
from .read.narrative import NO_APPLICATIONS_NOTE, RECEIVED, NarrativeStat, read_narrative
from .read.page import article_part_urls, markup_in_script
from .read.pagekind import classify_bytes, classify_page, classify_sectionless, classify_text
from .read.sections import Outline, SectionSplit, split_sections
from .read.tables import TableReading, classify_table, join_split_tables, read_table
from .template import (
    APPLICATION_ROWS,
    APPLICATION_SECTION_WORD,
    OUTCOME_TERMS,
    REVIEW_SECTION_WORD,
    SECTIONS,
    SITE_WORDS,
    TAIWAN_COPY_MARKS,
    TAIWAN_PHRASE_FORMS,
    drop_pinyin,
    edition_for_year,
    normalise_label,
)

if TYPE_CHECKING:  # the fetch stage is imported lazily: extracting files never needs httpx
    import opencc

    from .fetch import FetchConfig, FetchResult

SourceKind = Literal["file", "url", "stdin", "text", "bytes"]
_MAX_PATH_LEN = 4096


def extract(source: str | bytes | os.PathLike[str]) -> Report:
    """Extract one annual report from a path, an http(s) URL, text or bytes.

    Raises ``InputError`` for unreadable input and ``NotAReportError`` for input that is not a report.
    """
    if isinstance(source, bytes):
        return extract_bytes(source, kind="bytes")
    if isinstance(source, os.PathLike):
        return extract_file(Path(source))
    if not isinstance(source, str):
        raise InputError(f"cannot extract from a {type(source).__name__}: give a path, a URL, text or bytes")
    one_line = "\n" not in source.strip()
    if source.lower().startswith(("http://", "https://")) and one_line:  # schemes are case-insensitive
        return extract_url(source)
    if one_line and re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source):
        raise InputError(f"{source}: only http and https URLs can be fetched")
    if one_line and _looks_like_path(source):
        return extract_file(Path(source))
    return extract_text(source)


# what a report file is named: a path with one of these suffixes is a file to read (a batch also
# takes these from a directory)
FILE_SUFFIXES = (".html", ".htm", ".shtml", ".txt", ".pdf", ".docx", ".doc", ".wps")


def _looks_like_path(source: str) -> bool:
    """A one-line string is a path when it names an existing file or has a report file's suffix
    (markup such as "<html>…</p>" is text, whatever slashes it holds)."""
    if len(source) >= _MAX_PATH_LEN or source.lstrip().startswith("<"):
        return False
    try:
        path = Path(source)
        return path.suffix.lower() in FILE_SUFFIXES or path.exists()
    except (OSError, ValueError):
        return False


def extract_file(path: Path, *, max_bytes: int = MAX_INPUT_BYTES) -> Report:
    """Extract a report from a local file of at most ``max_bytes`` (the fetcher's cap by default)."""
    # the bytes go straight to extract_bytes, which lets them go once decoded: no name here holds
    # them through the parse, where the page's tree takes ten times their size
    return extract_bytes(read_capped(path, max_bytes), kind="file", location=str(path))


def read_capped(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """A local file's bytes, refused with an ``InputError`` past ``max_bytes`` (a file that says it
    is smaller but grows, a pipe or a device, is stopped there too)."""
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputError(too_large(str(path), max_bytes))
    return data


def too_large(what: str, max_bytes: int) -> str:
    return f"{what}: larger than the {max_bytes:,}-byte cap on input (--max-bytes sets it)"


def extract_text(text: str) -> Report:
    """Extract a report from text already decoded (HTML or a text dump)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: kept for the hash, read as U+FFFD and counted
        data = text.encode("utf-8", "surrogatepass")
        clean = data.decode("utf-8", "replace")
        replaced = clean.count("\ufffd") - text.count("\ufffd")
    else:
        clean, replaced = text, 0  # valid text reads as given (no second decode and count)
    source = Source(kind="text", encoding=None, sha256=hashlib.sha256(data).hexdigest(), size=len(text))
    utf8 = [data] if clean is text else None
    del data
    return _extract_decoded(clean, source, replaced=replaced, utf8=utf8)


def extract_url(url: str, config: FetchConfig | None = None, *, save_raw_dir: Path | None = None) -> Report:
    """Fetch ``url`` with the polite fetcher (``config`` sets timeouts, retries, robots…) and extract it.

    ``save_raw_dir`` keeps the fetched bytes there, named by sha256, with a JSON sidecar.
    """
    from .fetch import fetch_url, save_raw  # the fetch stage is only needed for URLs

    result = fetch_url(url, config)
    if save_raw_dir is not None and result.body:
        save_raw(result, save_raw_dir)
    reading = PageReading()
    parts = page_or_parts(lambda: extract_fetched(result, reading), result.final_url or result.url, reading)
    if isinstance(parts, Report):
        return parts
    fetched = []
    for part in parts:  # one after another, each through the fetcher's politeness
        part_result = fetch_url(part, config)
        if save_raw_dir is not None and part_result.body:
            save_raw(part_result, save_raw_dir)
        fetched.append(ArticlePart.fetched(part_result))
    return extract_article_parts(reading, fetched)


def page_or_parts(extract: Callable[[], Report], url: str, reading: PageReading) -> Report | list[str]:
    """A page that may be the first of an article's pages, read by ``extract`` into ``reading``
    (``url``: where it was fetched): its report when it names no further page of the article, else
    those pages, to be got and given to :func:`extract_article_parts`. The first page alone may be
    cut short of every section: it is refused as not a report only when it names no further page."""
    try:
        report: Report | None = extract()
        refused: NotAReportError | None = None
    except NotAReportError as exc:
        report, refused = None, exc
    parts = article_parts(url, reading)
    if parts:
        return parts
    if refused is not None:
        raise refused
    assert report is not None
    return report


def article_parts(url: str, reading: PageReading) -> list[str]:
    """The further pages of the article read into ``reading`` from ``url`` (where the page was
    fetched): …_2.html, a 下一页 in the article, createPageHTML. None for a file or plain text."""
    doc, text = reading.document, reading.text
    if doc is None or text is None:
        return []
    return article_part_urls(url, [link.href for link in doc.signals.links], text)


@dataclass(frozen=True)
class ArticlePart:
    """One further page of an article, as its caller got it (fetched, or from a store): its decoded
    HTML, or why there is none."""

    url: str
    text: str | None
    why: str | None = None

    @classmethod
    def fetched(cls, result: FetchResult) -> ArticlePart:
        if result.outcome != "ok" or result.decoded is None:
            return cls(result.url, None, result.error or result.outcome)
        return cls(result.url, result.decoded.text)


def extract_article_parts(reading: PageReading, parts: Sequence[ArticlePart]) -> Report:
    """An article published over several pages, read as one: the first page as ``reading`` holds it
    (read by ``extract_fetched``/``extract_bytes``, whether or not it was a report alone), each
    part's body put after it (parsed once), then the whole read once, under the first page's source.
    ``article_parts_joined`` says so; ``article_part_missing`` names each part without text."""
    doc, source = reading.document, reading.source
    if doc is None or source is None:
        raise ValueError("extract_article_parts needs a page read into a PageReading")
    blocks = list(doc.blocks)
    notes: list[Check] = []
    for part in parts:
        if part.text is None:
            notes.append(_part_missing(part.url, part.why or "no text"))
            continue
        blocks.extend(parse_document(part.text).blocks)
    joined = Document(
        blocks=blocks,
        title=doc.title,
        meta=doc.meta,
        signals=doc.signals,
        attachments=doc.attachments,
        base_href=doc.base_href,
    )
    _renumber_tables(joined)
    report = extract_document(joined, source.model_copy())
    urls = [part.url for part in parts]
    report.checks.append(
        Check(
            code="article_parts_joined",
            severity="info",
            message=f"the article continues on {len(urls)} further page(s) ({', '.join(urls)}); "
            "they were fetched and read with the first as one report",
            keys=[],
        )
    )
    report.checks.extend(notes)
    return report


def _part_missing(url: str, why: str) -> Check:
    return Check(
        code="article_part_missing",
        severity="warning",
        message=f"the article's page {url} could not be read ({why}): what it holds is missing",
        keys=[],
    )


def _renumber_tables(doc: Document) -> None:
    """Tables joined from several pages numbered again in order, so that evidence names each once."""
    for index, table in enumerate(doc.tables):
        table.index = index


@dataclass
class PageReading:
    """The ``Document`` a web page or text was read into, kept for a caller that wants the page's
    own facts too (the crawl: its metadata and attachments) without reading the page again. Set
    as soon as the page is parsed, so that it is there when the page turns out not to be a report;
    with the text it was parsed from and the page's source, so that an article's further pages
    can be joined to it (:func:`extract_article_parts`)."""

    document: Document | None = None
    text: str | None = None
    source: Source | None = None


def extract_fetched(result: FetchResult, reading: PageReading | None = None) -> Report:
    """Extract the page a ``FetchResult`` carries, or raise what its outcome means. ``reading``
    receives the page's ``Document``."""
    where = f"{result.url} (after {result.attempts} attempt{'s' if result.attempts != 1 else ''})"
    if result.outcome == "blocked":
        raise NotAReportError(
            NotReport(
                reason="blocked",
                message=f"{result.url}: blocked by an anti-crawler answer (HTTP {result.status}): {result.error or ''}".strip(),
                source=Source(kind="url", location=result.url, final_url=result.final_url),
            )
        )
    if result.outcome == "attachment":
        return extract_bytes(result.body, kind="url", location=result.url)
    if result.outcome != "ok":
        raise InputError(f"{where}: {result.error or result.outcome}")
    source = Source(
        kind="url",
        location=result.url,
        final_url=result.final_url,
        sha256=result.sha256,
        size=len(result.body),
    )
    decoded = result.decoded
    if decoded is None:
        return extract_bytes(result.body, kind="url", location=result.url)
    source.encoding, source.encoding_reason = decoded.encoding, decoded.reason
    source.declared_encoding, source.replaced_chars = decoded.declared, decoded.replaced
    return _extract_decoded(decoded.text, source, replaced=decoded.replaced, reading=reading)


def extract_bytes(
    data: bytes,
    *,
    kind: SourceKind = "bytes",
    location: str | None = None,
    http_charset: str | None = None,
    reading: PageReading | None = None,
) -> Report:
    """Extract a report from raw bytes (a page, a text dump), decoding them first. ``reading``
    receives the page's ``Document`` (not an attachment file's)."""
    source = Source(kind=kind, location=location, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    if data.strip() and _is_attachment(data, location):
        return _extract_attachment(data, source)
    not_report = classify_bytes(data)
    if not_report is not None:
        raise NotAReportError(not_report.model_copy(update={"source": source}))
    decoded = decode_bytes(data, http_charset)
    # UTF-8 bytes read as they are go to the parser as they are (it would encode the text again);
    # other bytes go here: a caller that handed them over frees them. In a list that the parse
    # empties: no name here holds them while a large page's leaner copy is parsed
    utf8 = (
        [data] if decoded.encoding == "utf-8" and decoded.reason != "bom" and not decoded.replaced else None
    )
    del data
    source.encoding, source.encoding_reason = decoded.encoding, decoded.reason
    source.declared_encoding, source.replaced_chars = decoded.declared, decoded.replaced
    page = [decoded.text]  # handed over: while a large page is parsed, its text is not held here
    del decoded
    return _extract_decoded(page, source, replaced=source.replaced_chars, reading=reading, utf8=utf8)


_DOCUMENT_FORMATS = ("pdf", "docx", "doc", "wps", "rtf", "ofd")


def _is_attachment(data: bytes, location: str | None) -> bool:
    """A document file for the attachment stage (an image stays binary input: nothing to read)."""
    from .read.attachments import detect_format

    return detect_format(data, _filename(location)) in _DOCUMENT_FORMATS


def _filename(location: str | None) -> str | None:
    return location.rsplit("/", 1)[-1].split("?")[0] if location else None


def _extract_attachment(data: bytes, source: Source) -> Report:
    """A PDF, DOCX (or DOC/WPS with a converter) through the same pipeline as a page."""
    from .read.attachments import AttachmentError, attachment_to_document, detect_format

    filename = _filename(source.location)
    source.encoding_reason = f"{detect_format(data, filename)} attachment (no text decoding)"
    try:
        doc = attachment_to_document(data, filename)
    except AttachmentError as exc:
        outcome = NotReport(reason=exc.reason, message=exc.message, source=source)  # type: ignore[arg-type]
        raise NotAReportError(outcome) from None
    except ImportError as exc:
        raise InputError(f"{source.location or 'input'}: reading attachments needs {exc.name}") from None
    phrasing_restored = _simplify_document(doc)
    if phrasing_restored is not None:
        source.script_converted = _script_note(phrasing_restored)
    report = extract_document(_as_text_dump(doc), source)
    if phrasing_restored is not None:
        report.checks.append(_script_converted_check(phrasing_restored))
    damaged = _damage_check(doc)
    if damaged is not None:
        report.checks.append(damaged)
    return report


def _pages_of(block: Paragraph | Table) -> list[int]:
    """The pages a block of a paginated file is printed on, in order (none for a page or a text)."""
    if isinstance(block, Table):
        return sorted({c.page for row in block.rows for c in row if c is not None and c.page is not None})
    page = getattr(block, "page", None)  # a PdfParagraph's
    return [page] if isinstance(page, int) else []


def _page_span(pages: list[int]) -> str:
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}–{pages[-1]}"


def _damage_check(doc: Document) -> Check | None:
    """The file's reader reported damage (a content stream cut short, operators it could not use):
    a warning naming the pages it was reading then, and the template tables that stand on those
    pages or on the page before (a table running on into a damaged page loses its rest there)."""
    damage = doc.meta.get("damage")
    if not damage:
        return None
    pages = [int(page) for page in doc.meta.get("damaged_pages", "").split(",") if page]
    where = f"on page{'s' if len(pages) > 1 else ''} {', '.join(map(str, pages))} " if pages else ""
    message = (
        f"the {doc.meta.get('format', 'file').upper()} is damaged: its reader reported problems {where}"
        f"({damage}), so what {('those pages print' if len(pages) > 1 else 'that page prints') if pages else 'it prints'} "
        "may be missing or misplaced"
    )
    tables = []
    blocks = doc.blocks
    for at, block in enumerate(blocks):
        if not isinstance(block, Table) or (kind := classify_table(block)) is None:
            continue
        printed_on = _pages_of(block)
        if not printed_on:
            continue
        last = printed_on[-1]
        runs_on = last + 1 in pages and not any(last in _pages_of(later) for later in blocks[at + 1 :])
        if runs_on or set(pages).intersection(printed_on):
            tables.append(f"the {kind} table ({_page_span(printed_on)})")
    if tables:
        message += f"; {' and '.join(tables)} may not have been read whole"
    return Check(code="file_damaged", severity="warning", message=message, keys=[])


def _as_text_dump(doc: Document) -> Document:
    """A PDF whose pages hold no template table as a table, but whose lines do as text (a scraped
    text dump printed to PDF: `规章 | 0 | 0 | 0 |`, cells one per line): read as that text dump, the
    way the text itself is read. Any other document as it is."""
    if not doc.lines or any(classify_table(table) for table in doc.tables):
        return doc
    # line by line first; then paragraph by paragraph, where a line too long for the page was
    # wrapped and the paragraph joins it again; last as one line (a report saved on one line, wrapped
    # at spaces: a space joins the parts, so a number cut by the wrap stays two, never one)
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    printed = doc.meta.get("printed_text") == "yes"
    for text in ("\n".join(doc.lines), "\n".join(paragraphs), " ".join(doc.lines)):
        dump = text_to_document(text)
        if any(classify_table(table) for table in dump.tables):
            return _dump_of(doc, dump)
    # a plain text file printed (pdf.py): its lines, the printer's cuts undone, are its text; the
    # PDF's paragraphs would join a number cut by a wrap as two ("不予公开1 1件")
    return _dump_of(doc, text_to_document("\n".join(doc.lines))) if printed else doc


def _dump_of(doc: Document, dump: Document) -> Document:
    """``dump`` (a PDF's text read as a text dump) with the PDF's metadata, signals and title."""
    dump.meta = {**doc.meta, **dump.meta}
    dump.signals = doc.signals
    dump.title = dump.title or doc.title
    return dump


_CJK = re.compile(r"[\u4e00-\u9fff]")
# Share of CJK characters that OpenCC changes above which a text is a Traditional-script copy
# (Simplified text has a few such characters, e.g. in names; an archived Traditional copy has many).
_TRADITIONAL_SHARE = 0.02
_CHUNK = 512
# Traditional-only forms of characters every report prints many times (開 of 公開, 報 of 報告, 資 of
# 資訊, 務 of 政務, 據, 辦). A Traditional copy is full of them and a Simplified page has none, so a
# page without any is never converted and never pays for OpenCC's pass over the whole text. Six
# `in` tests are C scans, far cheaper than one regex character class over a long page.
_TRADITIONAL_HINTS = "開報資務據辦"


def _to_simplified(text: str) -> str | None:
    """The Simplified text of a Traditional-script copy (archive mirrors convert pages), else None."""
    if not any(hint in text for hint in _TRADITIONAL_HINTS):
        return None
    import opencc  # imported on first use: most pages never need it

    global _T2S
    if _T2S is None:
        _T2S = opencc.OpenCC("t2s")
    converted = _T2S.convert(text)
    if converted == text or len(converted) != len(text):
        return None  # nothing to fold, or a phrase-level conversion changed lengths
    # count changed characters only inside the chunks that differ (most of a page is markup)
    changed = 0
    for start in range(0, len(text), _CHUNK):
        before, after = text[start : start + _CHUNK], converted[start : start + _CHUNK]
        if before != after:
            changed += sum(1 for a, b in zip(before, after, strict=True) if a != b)
    cjk = len(_CJK.findall(text))
    return drop_pinyin(converted) if cjk and changed / cjk >= _TRADITIONAL_SHARE else None


_T2S: opencc.OpenCC | None = None


def _restore_mainland_phrasing(text: str) -> tuple[str, bool]:
    """A copy converted with Taiwan phrasing (OpenCC s2twp) says 资讯公开 where every mainland report
    says 信息公开, or 规范性档案 for the template's 规范性文件; in such a copy the template's words it
    changed are put back. Pages without that
    mark are left alone: 资讯 or 档案 written by the agency itself are its own words."""
    if not any(mark in text for mark in TAIWAN_COPY_MARKS):
        return text, False
    return _mainland_phrasing(text), True


def _mainland_phrasing(text: str) -> str:
    """The template's words a Taiwan-phrasing converter changed, put back."""
    for taiwan, mainland in TAIWAN_PHRASE_FORMS.items():
        text = text.replace(taiwan, mainland)
    return text


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector held off while a page or a text dump is read, and let run
    again after (unless it was off before). Reading makes thousands of objects (cells, values,
    evidence) and no reference cycle (tests/test_fixtures.py checks each fixture), so the
    collections their allocations would set off free nothing and cost several percent of the
    reading; everything is freed by its reference count as before. Process-wide: another thread's
    allocations meanwhile are not collected either, until this ends."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _extract_decoded(
    text: str | list[str],
    source: Source,
    *,
    replaced: int,
    reading: PageReading | None = None,
    utf8: list[bytes] | None = None,
) -> Report:
    """``utf8``: the text's own UTF-8 bytes, when the caller holds them (the one item of a list
    that the parse empties). ``text``: or a list holding it, which this empties: then no caller's
    name holds a large page's text while its tree is built."""
    with _gc_paused():
        return _read_decoded(text, source, replaced=replaced, reading=reading, utf8=utf8)


def _read_decoded(
    text: str | list[str],
    source: Source,
    *,
    replaced: int,
    reading: PageReading | None,
    utf8: list[bytes] | None,
) -> Report:
    text = text.pop() if isinstance(text, list) else text
    verdict = classify_text(text, replaced)
    if verdict is not None:
        raise NotAReportError(verdict.model_copy(update={"source": source}))
    simplified = _to_simplified(text)
    phrasing_restored = False
    if simplified is not None:
        text, phrasing_restored = _restore_mainland_phrasing(simplified)
        source.script_converted = _script_note(phrasing_restored)
    page: list[str | bytes] = [text]
    del text
    doc = parse_document(page, utf8 if simplified is None else None)
    text = page_text(page)
    if utf8:
        utf8.clear()  # not parsed (a text dump, a converted text): let them go all the same
    del utf8
    verdict = classify_page(doc, text)
    in_script = None
    if (verdict is not None and verdict.reason == "app_shell") or (not looks_like_html(text) and "<" in text):
        # the article held in a script's string: read that markup instead
        in_script = markup_in_script(text)
        if in_script is not None:
            text, doc = in_script, parse_document(in_script)
            verdict = classify_page(doc, text)
    if reading is not None:
        reading.document, reading.text, reading.source = doc, text, source
    if verdict is not None:
        raise NotAReportError(verdict.model_copy(update={"source": source}))
    report = extract_document(doc, source)
    if in_script is not None:
        report.checks.append(
            Check(
                code="markup_in_script",
                severity="info",
                message="the page holds the article only as a string in a script; that markup was read",
                keys=[],
            )
        )
    if simplified is not None:
        report.checks.append(_script_converted_check(phrasing_restored))
    return report


def _script_note(phrasing_restored: bool) -> str:
    """The source's script_converted note for a Traditional-script copy read as Simplified."""
    return "traditional→simplified" + (" (Taiwan phrasing restored)" if phrasing_restored else "")


def _script_converted_check(phrasing_restored: bool) -> Check:
    return Check(
        code="script_converted",
        severity="info",
        message="the text is a Traditional-script copy; it was converted to Simplified (OpenCC t2s, "
        "any pinyin a mirror writes after a character, 發(fā), dropped) "
        + (
            f"and its Taiwan phrasing ({', '.join(TAIWAN_PHRASE_FORMS)}) put back in mainland words "
            if phrasing_restored
            else ""
        )
        + "before reading, so evidence quotes the converted text",
        keys=[],
    )


def _simplify_document(doc: Document) -> bool | None:
    """A PDF's or DOCX's text in Traditional script (a mirror's copy printed to a file) converted to
    Simplified in place, block by block, as a page's text is before it is parsed. Whether its Taiwan
    phrasing was put back, or None when the text is not a Traditional copy."""
    text = "\n".join(doc.lines) or "\n".join(b.text for b in doc.blocks if isinstance(b, Paragraph))
    simplified = _to_simplified(text)
    if simplified is None:
        return None
    assert _T2S is not None  # set by _to_simplified
    _, phrasing = _restore_mainland_phrasing(simplified)

    def convert(part: str) -> str:
        simplified = _T2S.convert(part) if part else part
        if len(simplified) != len(part):
            return part  # a phrase-level conversion changed lengths: kept as printed
        simplified = drop_pinyin(simplified)
        # the copy's mark is in its text as a whole, not in every block: each block is put back
        return _mainland_phrasing(simplified) if phrasing else simplified

    for block in doc.blocks:
        if isinstance(block, Table):
            done: set[int] = set()
            for row in block.rows:
                for cell in row:
                    if cell is not None and id(cell) not in done:  # a spanning cell stands in several slots
                        done.add(id(cell))
                        cell.text = convert(cell.text)
        else:
            block.text = convert(block.text)
    doc.lines = [convert(line) for line in doc.lines]
    if doc.title:
        doc.title = convert(doc.title)
    return phrasing


def extract_document(doc: Document, source: Source | None = None) -> Report:
    """The statistics stage onward: a parsed ``Document`` → ``Report`` (used for HTML, text, PDF, DOCX)."""
    title = find_title(doc)
    agency, year = agency_and_year(title)
    agency = agency or _issuer(doc.meta.get("发布机构"))
    published = find_published(doc)
    if agency is None or published is None:
        signed_by, signed_on = find_signature(doc)  # "临海市民政局 / 2023年1月20日" at the end
        agency, published = agency or signed_by, published or signed_on
    # the CMS's 来源 last: a portal's office posts the reports of the bodies under it, which sign them
    agency = agency or _issuer(doc.meta.get("ContentSource"))
    full_text = doc.text()
    # the outline to split by needs a year: the title's, else the one the page's dates give
    outline_year = year
    if outline_year is None:
        stated = find_period(full_text).end
        outline_year = stated.year if stated else (published.year - 1 if published else None)
    outline: Outline = "legacy" if outline_year is not None and outline_year < 2019 else "national"
    split = split_sections(doc, outline, year)
    others_tables, other_body = _tables_of_other_bodies(doc, agency, full_text)
    readings = [
        (span.number or None, _read_table(t, span.number or None))
        for span in split.all_spans()
        for t in join_split_tables(span.tables)
        if t.index not in others_tables
    ]
    template_tables = [r for _, r in readings if r.kind is not None]
    cut_short: Check | None = None
    if len(split.sections) < _MIN_SECTIONS and not template_tables:
        # one heading ("一、基本情况" of some other annual report) is not an outline
        outcome = classify_sectionless(doc)
        if outcome.reason == "no_sections" and split.sections:
            outcome.message = (
                f"only one numbered section heading ({split.sections[0].heading}) and no template tables "
                "found: not the outline of an information-disclosure annual report"
            )
        cut_short = _cut_report(outcome, title, split, doc)
        if cut_short is None:
            raise NotAReportError(outcome.model_copy(update={"source": source}))

    period = find_period("\n".join(span.text for span in split.all_spans()))
    if year is None and period.end is not None:
        year = period.end.year
    if year is None:
        overview = split.get(1)
        year = stated_year(split.preamble.text, overview.text if overview else "")
    if year is None and published is not None:
        year = published.year - 1
    readings, other_years = _without_other_editions_tables(readings, year)
    template_tables = [r for _, r in readings if r.kind is not None]
    table_editions = set().union(*(r.editions for r in template_tables)) if template_tables else set()
    edition, edition_basis = detect_edition(table_editions, full_text, year)

    report_checks: list[Check] = [c for c in (other_body, other_years) if c is not None]
    stats: dict[str, Number] = {}
    evidence: dict[str, Evidence] = {}
    blanks: dict[str, Evidence] = {}
    conflicting: dict[str, None] = {}  # keys the tables state twice with different values, in order
    over_blank: dict[str, Evidence] = {}  # keys stated by a number in one cell, blank in another: the blank
    for _, reading in readings:
        report_checks.extend(reading.checks)
        for key, state, value, where in reading.values:
            if key in blanks and state == "number" and value is not None:
                # a blank in one cell, a number in another: the printed number is the statement
                blank = blanks.pop(key)
                over_blank[key] = blank
                report_checks.append(
                    Check(
                        code="duplicate_value",
                        severity="warning",
                        message=f"{key} is blank at {_cell_at(blank)} and {value} at "
                        f"{_cell_at(where)}; the number is kept",
                        keys=[key],
                    )
                )
            elif key in stats or key in blanks:
                if value is None and key in stats:
                    over_blank.setdefault(key, where)
                if _duplicate(report_checks, key, stats, evidence, value, where):
                    conflicting[key] = None
                continue
            if state == "number" and value is not None:
                stats[key] = value
                evidence[key] = where
            else:
                blanks[key] = where
    for key in conflicting:
        # which of two printed values is the year's, nothing in the tables says: neither is kept
        del stats[key], evidence[key]
    _without_numbers_over_blanks_of_a_row_in_conflict(conflicting, over_blank, stats, evidence, report_checks)
    # the rows printed but unread, and why: no sentence and no template sum fills their keys
    printed_as_text = _rows_printed_as_text(split, stats)
    unread = _unread_rows(report_checks, printed_as_text)
    zero_rows = _rows_printing_only_zeros([r for _, r in readings], report_checks, unread, printed_as_text)
    _merge_narrative(split, stats, evidence, blanks, report_checks, year, unread, zero_rows)

    derived = derive_totals(stats, blanks, edition, unread.keys())
    stats.update(derived.stats)
    evidence.update(derived.evidence)
    report_checks.extend(_derivations_withheld(derived.withheld, unread))
    report_checks.extend(_checks.check_blanks(stats, blanks))
    report_checks.extend(_checks.verify(stats, edition))
    report_checks.extend(_checks.check_period(period, year))
    report_checks.extend(_checks.check_published(published, year))
    report_checks.extend(
        _checks.check_sections(
            [s.number for s in split.sections], split.out_of_order, national=outline == "national"
        )
    )
    if doc.truncated is not None:
        report_checks.append(Check(code="input_truncated", severity="error", message=doc.truncated, keys=[]))
    damaged = _DAMAGED_NUMBER.search(full_text) if "\ufffd" in full_text else None
    if damaged is not None:
        report_checks.append(
            Check(
                code="number_damaged",
                severity="warning",
                message=f"an undecodable character stands next to a number ({damaged.group(0)!r}): a digit may be "
                "lost there, so a number touching it is not read",
                keys=[],
            )
        )
    if cut_short is not None:
        report_checks.append(cut_short)
    if not stats:
        report_checks.append(_no_statistics(doc))
    if split.further_reports:
        report_checks.append(
            Check(
                code="multiple_reports",
                severity="error",  # the page's other reports are not in the output
                message=f"the page holds {split.further_reports + 1} reports (the numbered sections start again "
                f"at 一 {split.further_reports} time(s)); only "
                + (
                    f"report {split.report_read + 1}, the one the page's title names, is read"
                    if split.report_read
                    else "the first is read"
                ),
                keys=[],
            )
        )
    if len(table_editions) > 1:
        report_checks.append(
            Check(
                code="edition_mixed",
                severity="info",
                message=f"the tables mix labels of the {' and '.join(sorted(table_editions))} editions; "
                f"the report is read as {edition}",
                keys=[],
            )
        )
    # built without validation: every field here is the reader's own, of its declared type (its
    # parts validated as they were made); validating the statistics and evidence again costs more
    # than the model itself. tests/test_fixtures.py checks that validating it gives the same report.
    return Report.model_construct(
        title=title,
        agency=agency,
        year=year,
        edition=edition,
        edition_basis=edition_basis,
        period=period,
        published=published,
        sections=[
            Section(number=s.number, heading=s.heading, text=s.text) for s in split.sections if s.number <= 20
        ],
        truncated=doc.truncated is not None or cut_short is not None or _stops_early(split, outline),
        stats=stats,
        evidence=evidence,
        checks=report_checks,
        source=source,
    )


# A caption over a report's appendix of tables naming a body: "附表：徐汇区科技创新服务中心2024年相关指标
# 统计表", "附件2 某某街道办事处政府信息公开情况统计表". The body is a name ending in a kind of office.
_CAPTION_OF_BODY = re.compile(
    r"^(?:附表|附件)\s*[0-9一二三四五六七八九十]*\s*[:：]?\s*"
    r"(?P<body>(?:(?!政府信息|政务|公开|相关)[\u4e00-\u9fff（）()]){2,40}(?:中心|局|委员会|委|办公室|办事处|街道|镇|乡|院|所|站|队|馆|公司|处))"
    r"\s*(?:(?:19|20)\d{2}\s*年度?)?[^。；;，,]{0,30}?表\s*$"
)
_CAPTION_WORDS = ("附表", "附件", "统计表")
_CAPTION = re.compile(r"^(?:附表|附件)|统计表\s*$")


def _tables_of_other_bodies(doc: Document, agency: str | None, text: str) -> tuple[set[int], Check | None]:
    """The tables under a caption naming another body than the report's (an office under it, whose
    statistics the report appends): their counts are that body's, not the report's. A caption rules
    the tables after it up to the next caption. A body the report's own name holds, or whose name
    holds the report's (徐汇区科学技术委员会 of 上海市徐汇区科学技术委员会), is the report's own."""
    if agency is None or not any(word in text for word in _CAPTION_WORDS):
        return set(), None  # (one pass over the text in C: most pages caption nothing)
    others: set[int] = set()
    named: list[str] = []
    body: str | None = None
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            line = block.text.strip()
            if len(line) <= 80 and _CAPTION.search(line):
                caption = _CAPTION_OF_BODY.match(line)
                body = caption.group("body") if caption else None
                if body is not None and (body in agency or agency in body):
                    body = None
                if body is not None and body not in named:
                    named.append(body)
        elif body is not None:
            others.add(block.index)
    if not others:
        return set(), None
    return others, Check(
        code="table_other_body",
        severity="warning",
        message=f"{len(others)} table(s) stand under a caption naming another body than the report's "
        f"({agency}): {', '.join(named)}; their numbers are that body's and are not read",
        keys=[],
    )


def _without_other_editions_tables(
    readings: list[tuple[int | None, TableReading]], year: int | None
) -> tuple[list[tuple[int | None, TableReading]], Check | None]:
    """The tables without those of an earlier edition quoted beside the year's own: a 2022 report that
    prints its 2020 tables (2019 edition) for comparison before its own (2021 edition). A table whose
    labels are only another edition's than the year's is another year's when a table with the year's
    edition's labels (or labels of both) prints one of its rows (行政许可, （一）予以公开); read, it would give keys the
    year's tables never print, and values they do not state. A table of the other edition whose rows
    no table of the year's edition prints is the report's own (a body still filling in the old
    template, or its first sub-table only: 第二十条第（一）项 in the 2019 edition's columns)."""
    kinds = [r.kind for _, r in readings if r.kind is not None]
    if year is None or len(set(kinds)) == len(kinds):
        return readings, None  # no year to compare with, or no kind printed twice
    own = edition_for_year(year)
    # the rows of the tables that may be the year's: its edition's, or either's (行政许可 | 本年处理决定数量)
    rows_in_own_edition = {
        _row_of(key) for _, r in readings if own in r.editions or not r.editions for key, *_ in r.values
    }
    tables = [r for _, r in readings if r.kind is not None]
    quoted = [
        bool(r.editions)
        and own not in r.editions
        and any(_row_of(key) in rows_in_own_edition for key, *_ in r.values)
        for r in tables
    ]
    if not any(quoted):
        return readings, None
    # a quote's other tables of that edition beside it, whose rows the year's tables lack (政府集中采购
    # after 行政事业性收费), are the quote's too
    for order in (range(1, len(tables)), range(len(tables) - 2, -1, -1)):
        for i in order:
            near = i - 1 if order.step == 1 else i + 1
            r = tables[i]
            quoted[i] = quoted[i] or (
                quoted[near] and r.kind == tables[near].kind and bool(r.editions) and own not in r.editions
            )
    # a table both editions label alike (section 四's) right after a quoted one is the quote's too,
    # where another table of its kind stays the year's
    for i in range(1, len(tables)):
        r = tables[i]
        quoted[i] = quoted[i] or (
            quoted[i - 1]
            and not r.editions
            and any(t.kind == r.kind and not quoted[j] for j, t in enumerate(tables) if j != i)
        )
    other = [r for r, is_quoted in zip(tables, quoted, strict=True) if is_quoted]
    names = ", ".join(
        sorted({f"{r.kind} ({'/'.join(sorted(r.editions)) or 'either'} edition)" for r in other})
    )
    check = Check(
        code="table_other_edition",
        severity="warning",
        message=f"tables of another edition than the {year} report's ({own}) print rows its own tables print: "
        f"{names}; they are an earlier year's, quoted for comparison, and are not read",
        keys=[],
    )
    return [(section, r) for section, r in readings if not any(r is o for o in other)], check


def _row_of(key: str) -> str:
    """The template row a canonical key is a cell of: ``active.rules`` of ``active.rules.made``."""
    return key.rpartition(".")[0]


def _read_table(table: Table, section: int | None) -> TableReading:
    """A table read by the table reader; a template table of a paginated file that could not be read
    names its pages, where a reader of the report looks for it."""
    reading = read_table(table, section)
    unread = [check for check in reading.checks if check.code == "table_unread"]
    pages = _pages_of(table) if unread else None  # a pass over every cell: only when it is needed
    if pages:
        for check in unread:
            check.message += f" ({_page_span(pages)})"
    return reading


def _cut_report(outcome: NotReport, title: str | None, split: SectionSplit, doc: Document) -> Check | None:
    """A page titled as the report whose body stops after 一、总体情况, or a legacy report that numbers
    nothing, is the report cut short (by a scraper, an archive, a page split in parts): what it holds
    is read, and this check says so. Anything else without an outline stays refused."""
    if outcome.reason != "no_sections":
        return None
    # the title as the page prints it too: the report's title is cut out of "…年度报告解读"
    titles = " ".join(t for t in (title, doc.title) if t) or None
    presented = "presents the report in its opening"
    if split.sections:
        # 一、总体情况 and no more: the title or the opening must present the report; a page cut to
        # begin at 一 has no opening, and 一's first paragraph may present the report instead
        # ("现向社会公布北海市2021年度政府信息公开工作年度报告")
        first = split.sections[0]
        opening = split.preamble.text if split.preamble.text.strip() else first.text
        if not names_the_report(titles, opening):
            # or, untitled, 一 is laid out under the template's own first items
            if first.number != 1 or not laid_out_as_the_overview(titles, split.preamble.text, first.text):
                return None
            presented = (
                "has no title, its 一 laid out as the report's overview ((一)主动公开, then (二)依申请公开),"
            )
    elif not names_the_report(titles) or doc.signals.body_text_chars < _MIN_CUT_BODY:
        return None  # no outline at all: only a titled report with a body (a legacy one) is read
    present = "、".join(s.heading for s in split.sections) or "no numbered section"
    return Check(
        code="report_cut_short",
        severity="warning",
        message=f"the page {f'is titled as the report ({title})' if title else presented} "
        f"but holds only {present}: it was read as a "
        "report cut short, and the sections after it are missing",
        keys=[],
    )


def _stops_early(split: SectionSplit, outline: Outline) -> bool:
    """The national sections found are 一 to some section before 六, and nothing after it: the text
    stops early (a cut page), rather than skipping a section in the middle."""
    if split.own_outline:
        return False  # its own outline names fewer topics than six: nothing says it stops early
    numbers = sorted({s.number for s in split.sections if s.number <= len(SECTIONS)})
    return (
        outline == "national"
        and bool(numbers)
        and numbers == list(range(1, numbers[-1] + 1))
        and numbers[-1] < len(SECTIONS)
    )


_DAMAGED_NUMBER = re.compile(r".{0,8}(?:\ufffd\d|\d\ufffd).{0,8}")
_MIN_CUT_BODY = 300  # characters of body text a report with no numbered section must have to be read


def _no_statistics(doc: Document) -> Check:
    """A report from which not one number could be read: say so, and why if the page shows it."""
    if doc.signals.images and doc.signals.has_content_root:  # images of the report body, not a logo
        return Check(
            code="tables_are_images",
            severity="error",  # the report prints its numbers, as pictures we cannot read
            message=f"no statistic could be read: the report has no readable table or counted sentence "
            f"but {doc.signals.images} image(s); its tables are probably published as pictures",
            keys=[],
        )
    return Check(
        code="no_statistics",
        severity="warning",
        message="no statistic could be read: the report's tables are empty or missing, and no sentence states "
        "an exact count of the template (approximate, cumulative or other counts are not read)",
        keys=[],
    )


def _duplicate(
    report_checks: list[Check],
    key: str,
    stats: dict[str, Number],
    evidence: dict[str, Evidence],
    value: Number | None,
    where: Evidence,
) -> bool:
    """Report a key the tables state a second time with another value; True when they differ."""
    if value is not None and key in stats and stats[key] != value:
        report_checks.append(
            Check(
                code="value_conflict",
                severity="warning",
                message=f"{key} is stated twice in the tables ({stats[key]} at {_cell_at(evidence[key])}, "
                f"{value} at {_cell_at(where)}); neither is kept",
                keys=[key],
            )
        )
        return True
    return False


def _without_numbers_over_blanks_of_a_row_in_conflict(
    conflicting: dict[str, None],
    over_blank: dict[str, Evidence],
    stats: dict[str, Number],
    evidence: dict[str, Evidence],
    report_checks: list[Check],
) -> None:
    """A row printed twice whose two printings disagree on a number (its 总计: 0 in one, 5 in the
    other) is not stated by either: a number one printing gives where the other prints a blank is
    withdrawn too. A blank beside a number is otherwise the number's (a cell left empty in a
    repeated row); here the rows themselves disagree, and the number may be another row's (a row of
    （五）不予处理 printed under the label of （三）不予公开's row)."""
    rows_in_conflict = {_row_of(key) for key in conflicting}
    withdrawn = [key for key in over_blank if key in stats and _row_of(key) in rows_in_conflict]
    if not withdrawn:
        return
    # the duplicate_value checks that said the number was kept are replaced by what was done
    report_checks[:] = [
        c for c in report_checks if not (c.code == "duplicate_value" and c.keys and c.keys[0] in withdrawn)
    ]
    for key in withdrawn:
        blank = over_blank[key]
        value, where = stats.pop(key), evidence.pop(key)
        report_checks.append(
            Check(
                code="value_conflict",
                severity="warning",
                message=f"{key} is blank at {_cell_at(blank)} and {value} at {_cell_at(where)}, and the two "
                f"printings of its row state other cells differently: neither is kept",
                keys=[key],
            )
        )


def _cell_at(evidence: Evidence) -> str:
    return f"table {evidence.table} row {evidence.row} column {evidence.column}"


def _merge_narrative(
    split: SectionSplit,
    stats: dict[str, Number],
    evidence: dict[str, Evidence],
    blanks: dict[str, Evidence],
    report_checks: list[Check],
    year: int | None,
    unread: dict[str, str],
    zero_rows: set[str],
) -> None:
    """Sentences fill keys the tables do not state; where both state a key the table wins.

    Of several sentences stating one key, the one in the key's own section wins (三 for
    applications, 四 for reviews and lawsuits), then the first: other sections may speak of other
    things (the agency as a review body, a portal widget's running totals). Text before the first
    numbered heading is page matter, not statistics, once 一 is found. Sentences that
    disagree are reported. Left out first, with a check: a sentence's key whose table row is
    printed but unread, and a received count that may include carried-over cases."""
    chosen: dict[str, NarrativeStat] = {}
    from_own_section: set[str] = set()
    others: dict[str, list[NarrativeStat]] = {}
    # the preamble is read last (lowest priority) when 一 was not found: its heading may be a variant
    spans = split.sections if split.get(1) is not None else [*split.sections, split.preamble]
    read: list[tuple[str | None, NarrativeStat]] = []
    for span in spans:
        topic = _section_topic(span.heading)
        read.extend(
            (topic, stat)
            for stat in read_narrative(
                span.paragraphs,
                span.number or None,
                review_section=topic == _REVIEW_KEYS,
                application_section=topic == _APPLICATION_KEYS,
                year=year,
            )
        )
    read = _without_not_whole(read, stats, report_checks)
    read = _without_partial_zeros(read, stats, report_checks)
    read = _without_unread_rows(read, stats, report_checks, unread, zero_rows)
    read = _without_counts_with_carried_over(read, split, stats, evidence, report_checks)
    peers: dict[str, list[NarrativeStat]] = {}  # the chosen one's equals: its own section's, or none's
    for topic, stat in read:
        own = topic is not None and stat.key.startswith(topic)
        if stat.key not in chosen or (own and stat.key not in from_own_section):
            if stat.key in chosen:
                others.setdefault(stat.key, []).append(chosen[stat.key])
            chosen[stat.key] = stat
            peers[stat.key] = []
            if own:
                from_own_section.add(stat.key)
        else:
            others.setdefault(stat.key, []).append(stat)
            if own or stat.key not in from_own_section:
                peers[stat.key].append(stat)
    for key, stat in chosen.items():
        differing = [o for o in others.get(key, ()) if o.value != stat.value]
        if differing:
            if any(o.value != stat.value for o in peers[key]):
                # two sentences of equal standing give the key different counts ("granted 13" of
                # the new applications, "14" with the one carried over; the office's own count and
                # its departments'): which is the year's figure, nothing says
                report_checks.append(_checks.narrative_conflict(key, None, differing + [stat]))
                continue
            report_checks.append(_checks.narrative_conflict(key, stat, differing))
        origin = evidence.get(key)
        if key in stats and origin is not None and origin.origin == "table":
            if stats[key] != stat.value:
                report_checks.append(
                    _checks.table_narrative_mismatch(key, stats[key], stat.value, stat.evidence.sentence)
                )
            continue
        if key not in stats:
            stats[key] = stat.value
            evidence[key] = stat.evidence
            blanks.pop(key, None)


def _without_not_whole(
    read: list[tuple[str | None, NarrativeStat]], stats: dict[str, Number], report_checks: list[Check]
) -> list[tuple[str | None, NarrativeStat]]:
    """Counts the sentences name a key for but that are not the report's figure for it (a lawsuit
    count of which only part is over disclosure, the district's count in a street's report): never
    a value; a check says why, once per key the tables do not state."""
    if not any(stat.not_whole for _, stat in read):
        return read
    said = set(stats)
    for _, stat in read:
        if stat.not_whole and stat.key not in said:
            said.add(stat.key)
            report_checks.append(
                Check(
                    code="narrative_not_whole",
                    severity="info",
                    message=f"{stat.key}: a sentence says {stat.value} ({stat.evidence.sentence or ''}), "
                    f"but that count is {stat.not_whole}; it is not read",
                    keys=[stat.key],
                )
            )
    return [(topic, stat) for topic, stat in read if not stat.not_whole]


def _without_partial_zeros(
    read: list[tuple[str | None, NarrativeStat]], stats: dict[str, Number], report_checks: list[Check]
) -> list[tuple[str | None, NarrativeStat]]:
    """A clause saying no application was received ("上半年未收到政府信息申请", "热线转来的咨询中，无申请
    公开事项") and a count of applications received elsewhere: the clause may be about a part of the
    year or one channel, and the count may be of something else. Neither is read, and a check says so."""
    if _NEW_TOTAL in stats:
        return read  # the table states it: no sentence is read for it anyway
    zeros = [st for _, st in read if st.key == _NEW_TOTAL and st.evidence.note == NO_APPLICATIONS_NOTE]
    counts = [st for _, st in read if st.key == _NEW_TOTAL and st.value != 0]
    if not zeros or not counts:
        return read
    report_checks.append(
        Check(
            code="narrative_conflict",
            severity="warning",
            message=f"{_NEW_TOTAL}: a clause says no application was received ({zeros[0].evidence.sentence or ''}) "
            f"and another states {counts[0].value} ({counts[0].evidence.sentence or ''}); neither is kept",
            keys=[_NEW_TOTAL],
        )
    )
    return [(topic, st) for topic, st in read if st.key != _NEW_TOTAL]


_REVIEW_KEYS = "review_litigation."
_APPLICATION_KEYS = "applications."
_UNREAD_ROW_CODES = (
    "value_unplaced",
    "cell_unreadable",
    "table_unread",
    "value_conflict",
    "row_unrecognised",
)


# The template rows whose full label a sentence says before a count only with its unit
# ("上年结转政府信息公开申请数量0件"): printed with bare digits after it ("本年新收政府信息公开申请数量
# 3000003"), the label is the row itself, left as text where no table was read.
_ROWS_PRINTED_AS_TEXT = {
    f"applications.{row.key}": re.compile(re.escape(row.labels[0]) + r"[\s|｜]*\d+(?![\d.]|\s*[件个条项])")
    for row in APPLICATION_ROWS
    if row.key in ("new_received", "carried_over")
}


def _rows_printed_as_text(split: SectionSplit, stats: dict[str, Number]) -> dict[str, str]:
    """Template rows printed as text, none of whose keys a table gave: with their numbers
    ("本年新收政府信息公开申请数量3000003"), or as their numbered label alone on a line ("（七）总计",
    its cells lost in the copy). Row → why."""
    rows: dict[str, str] = {}
    read_rows = {key.rpartition(".")[0] for key in stats}
    for row, printed in _ROWS_PRINTED_AS_TEXT.items():
        if row in read_rows:
            continue
        for span in split.all_spans():
            m = printed.search(span.text)
            if m is not None:
                rows[row] = f'its row is printed as text ("{m.group()}…") and was not read as a table'
                break
    for span in split.all_spans():
        for paragraph in span.paragraphs:
            bare = (
                _ROW_BY_PRINTED_LABEL.get(normalise_label(paragraph))
                if len(paragraph) <= _LABEL_LINE
                else None
            )
            if bare is not None and bare not in read_rows:
                rows.setdefault(
                    bare, f'its row is printed as its label alone ("{paragraph}"), without its numbers'
                )
    return rows


# A numbered template row's label as the template prints it, normalised ("七总计"): a line that is
# only that is the row, its cells lost
_ROW_BY_PRINTED_LABEL = {
    normalise_label(row.printed): f"applications.{row.key}"
    for row in APPLICATION_ROWS
    if not row.printed[:1].isdigit()  # 1. 2. … number sub-rows in every group alike
}
_LABEL_LINE = 60


def _without_unread_rows(
    read: list[tuple[str | None, NarrativeStat]],
    stats: dict[str, Number],
    report_checks: list[Check],
    rows: dict[str, str],
    zero_rows: set[str],
) -> list[tuple[str | None, NarrativeStat]]:
    """A sentence never fills a key whose table row is printed but could not be read (``rows``, from
    ``_unread_rows``): the row's own numbers are what the document states there, and a sentence
    elsewhere may count something else. Such keys stay absent, and a check says why. But a row whose
    every printed value is 0 (``zero_rows``) says 0 whatever its columns: a sentence's 0 for it cannot
    disagree, and stands (noted); any other count is withheld."""
    if not rows:
        return read
    kept: list[tuple[str | None, NarrativeStat]] = []
    withheld: dict[str, tuple[NarrativeStat, str]] = {}
    noted: set[str] = set()
    for topic, stat in read:
        row = stat.key.rsplit(".", 1)[0]
        if stat.key not in stats and row in rows:
            if row in zero_rows and stat.value == 0:
                kept.append((topic, stat))
                if stat.key not in noted:
                    noted.add(stat.key)
                    report_checks.append(
                        Check(
                            code="narrative_zero_kept",
                            severity="info",
                            message=f"{stat.key}: a sentence says 0 ({stat.evidence.sentence or ''}); the table's "
                            f"row for it could not be read ({rows[row]}), but every value it prints is 0, so the "
                            "sentence's 0 is kept",
                            keys=[stat.key],
                        )
                    )
                continue
            withheld.setdefault(stat.key, (stat, rows[row]))
        else:
            kept.append((topic, stat))
    for key, (stat, why) in withheld.items():
        report_checks.append(
            Check(
                code="narrative_withheld",
                severity="warning",
                message=f"{key}: a sentence says {stat.value} ({stat.evidence.sentence or ''}), but the table's "
                f"row for it is printed and could not be read ({why}); the key is left absent",
                keys=[key],
            )
        )
    return kept


_NEW_TOTAL = "applications.new_received.total"
_CARRIED_TOTAL = "applications.carried_over.total"
_OUTCOME_TOTAL = "applications.outcome_total.total"
_FORWARD_TOTAL = "applications.carried_forward.total"
# a count of cases taken up (受理), which may be new and carried over alike
_ACCEPTED_COUNT = re.compile(r"受理[^，,。；;]*?\d")
# the template's carried-over row printed as text (a table the reader could not read), and its cells
_CARRIED_ROW = re.compile(r"上年结转政府信息公开申请(?:数量)?(?P<cells>[\s|｜\d]*)")


def _without_counts_with_carried_over(
    read: list[tuple[str | None, NarrativeStat]],
    split: SectionSplit,
    stats: dict[str, Number],
    evidence: dict[str, Evidence],
    report_checks: list[Check],
) -> list[tuple[str | None, NarrativeStat]]:
    """A count of applications received or accepted ("受理749件", "收到申请75件，涉及自然人72件")
    may include the cases carried over from last year. It is new_received only where nothing says
    otherwise: where the document states carried-over cases (> 0) and its own new count, a count
    equal to their sum is not new_received; where it states carried-over cases but no new count
    (or prints a carried-over row that could not be read, with a count other than 0), the count
    cannot be told apart and is left out, with its applicant breakdown, and a check says why."""
    received = [st for _, st in read if st.basis == RECEIVED and st.key == _NEW_TOTAL]
    if not received:
        return read
    new = _stated_total(_NEW_TOTAL, read, stats, evidence)
    carried = _stated_total(_CARRIED_TOTAL, read, stats, evidence)
    completed = _stated_total(_OUTCOME_TOTAL, read, stats, evidence)
    forward = _stated_total(_FORWARD_TOTAL, read, stats, evidence)
    # the fewest cases the year handled, by the counts stated: the outcome total, or else the sum
    # of the outcome rows stated (counts are never negative), plus the carried forward
    handled = (
        completed
        if completed is not None
        else sum(v for key in _OUTCOME_GROUPS if (v := _stated_total(key, read, stats, evidence)) is not None)
    ) + (forward or 0)
    dropped: set[tuple[int | None, str | None]] = set()
    for stat in received:
        if carried is None:
            if (
                completed is not None
                and forward is not None
                and stat.value == completed + forward
                and _ACCEPTED_COUNT.search(stat.evidence.sentence or "")
            ):
                # "受理申请96件。在已经答复的91件申请中…结转下年度办理5件": the cases the year took
                # up (受理), new and carried over alike (本年新收 + 上年结转 = 办结 + 结转下年); a count
                # received (收到) this year is of new ones
                code, severity = "narrative_ambiguous", "warning"
                why = (
                    f"is the {completed} answered plus the {forward} carried forward, i.e. the new applications "
                    "plus those carried over from last year, which no statement separates"
                )
            elif not _carried_row_not_zero(split):
                continue
            else:
                code, severity = "narrative_ambiguous", "warning"
                why = "may include cases carried over from last year: the 上年结转 row prints a count other than 0"
        elif carried == 0:
            continue
        elif new is not None:
            if stat.value != new + carried:
                continue  # the new count itself, or a disagreement the usual checks report
            code, severity = "narrative_includes_carried_over", "info"
            why = f"is the {new} new applications plus the {carried} carried over from last year"
        elif stat.value < handled:
            # "共收到申请7件，上年度结转1件；予以公开3件，无法提供4件，结转下年继续办理1件": the year
            # handled 3 + 4 + 1 = 8 at least, so 7 cannot be new + carried over (本年新收 + 上年结转 =
            # 办理结果 + 结转下年): it is the new ones
            continue
        else:
            code, severity = "narrative_ambiguous", "warning"
            why = f"may include the {carried} cases carried over from last year, and no new count is stated"
        where = (stat.evidence.section, stat.evidence.sentence)
        if where in dropped:
            continue
        dropped.add(where)
        keys = sorted({st.key for _, st in read if st.basis == RECEIVED and _where(st) == where})
        report_checks.append(
            Check(
                code=code,
                severity=severity,
                message=f'the count of applications received in "{stat.evidence.sentence or ""}" ({stat.value}) '
                f"{why}; it is not read as new_received ({', '.join(keys)} left to other statements)",
                keys=keys,
            )
        )
    return [(topic, st) for topic, st in read if not (st.basis == RECEIVED and _where(st) in dropped)]


# the template's outcome rows, which with the carried-forward row add up to new + carried over
_OUTCOME_GROUPS = tuple(f"applications.{row}.total" for row in OUTCOME_TERMS)


def _where(stat: NarrativeStat) -> tuple[int | None, str | None]:
    return (stat.evidence.section, stat.evidence.sentence)


def _stated_total(
    key: str,
    read: list[tuple[str | None, NarrativeStat]],
    stats: dict[str, Number],
    evidence: dict[str, Evidence],
) -> Number | None:
    """A key's value from a table, else from a sentence that states it in so many words (not a
    received count)."""
    origin = evidence.get(key)
    if key in stats and origin is not None and origin.origin == "table":
        return stats[key]
    return next((st.value for _, st in read if st.key == key and st.basis is None), None)


def _carried_row_not_zero(split: SectionSplit) -> bool:
    """The template's 上年结转 row is printed with a digit other than 0 (in text or a table)."""
    for span in split.all_spans():
        text = span.text
        if "上年结转" in text:
            for m in _CARRIED_ROW.finditer(text):
                if any(ch in "123456789" for ch in m.group("cells")):
                    return True
        for table in span.tables:
            for row in table.rows:
                texts = [c.text for c in row if c is not None]
                if any("上年结转" in t for t in texts) and any(
                    t.strip().isdigit() and int(t.strip()) > 0 for t in texts
                ):
                    return True
    return False


def _unread_rows(report_checks: list[Check], printed_as_text: dict[str, str]) -> dict[str, str]:
    """The rows (keys without their column) the document prints but the reader could not read: a
    value that could not be placed, an unreadable cell, a key stated twice with different numbers, a
    row under a label the reader does not know, a row left as text.
    Row → why: the first check that names it, else how it stands as text."""
    rows: dict[str, str] = {}
    for check in report_checks:
        if check.code in _UNREAD_ROW_CODES:
            for row in _rows_of_check(check):
                rows.setdefault(row, check.message)
    for row, why in printed_as_text.items():
        rows.setdefault(row, why)
    return rows


def _rows_printing_only_zeros(
    readings: list[TableReading],
    report_checks: list[Check],
    unread: dict[str, str],
    printed_as_text: dict[str, str],
) -> set[str]:
    """The unread rows whose values could not be placed and are all 0, wherever the row is printed,
    and that are unread for no other reason (an unreadable cell, a conflict, a row left as text)."""
    zeros: dict[str, bool] = {}
    for reading in readings:
        for row, only_zeros in reading.unplaced_rows.items():
            zeros[row] = zeros.get(row, True) and only_zeros
    if not any(zeros.values()):
        return set()
    other = {
        row
        for check in report_checks
        if check.code in _UNREAD_ROW_CODES and check.code != "value_unplaced"
        for row in _rows_of_check(check)
    }
    return {
        row
        for row, only_zeros in zeros.items()
        if only_zeros and row in unread and row not in other and row not in printed_as_text
    }


def _derivations_withheld(withheld: dict[str, tuple[Number, str]], unread: dict[str, str]) -> list[Check]:
    """A check per total the template's sum would give, left absent because its row is printed but
    could not be read."""
    out = []
    for key, (value, description) in withheld.items():
        why = unread.get(key.rpartition(".")[0], "")
        out.append(
            Check(
                code="derivation_withheld",
                severity="warning",
                message=f"{key}: the template's sum ({description}) gives {value}, but the table's row for it is "
                f"printed and could not be read ({why}); the key is left absent",
                keys=[key],
            )
        )
    return out


def _rows_of_check(check: Check) -> set[str]:
    """The rows (keys without their column) a table check names: the table reader puts a row's keys
    in the checks it raises about it."""
    return {key.rsplit(".", 1)[0] for key in check.keys}


_MIN_SECTIONS = 2  # of a report with no template table


def _issuer(value: str | None) -> str | None:
    """A metadata issuer that names a body: not the site ("本网", "临海市人民政府门户网站")."""
    if not value or any(word in value for word in SITE_WORDS):
        return None
    return value


def _section_topic(heading: str) -> str | None:
    """The key prefix a section heading is about: reviews and lawsuits (四, legacy 五), or
    applications (三: 收到和处理政府信息公开申请情况, legacy 依申请公开…)."""
    if REVIEW_SECTION_WORD in heading:
        return _REVIEW_KEYS
    if APPLICATION_SECTION_WORD in heading:
        return _APPLICATION_KEYS
    return None
