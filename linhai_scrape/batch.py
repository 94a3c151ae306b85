"""Batch extraction of archives: many saved pages and text dumps in, one result per file out, in the
order they were given, read on every core.

Library API (``linhai-scrape extract`` with several sources mirrors it)::

    extract_many(sources, *, workers=None) -> Iterator[FileResult]

``sources`` are files, directories (every report file under them, in name order), glob patterns
(``archive/**/*.html``) or any mix. Each file gives one :class:`FileResult`: its report, the named
outcome of a file that is not a report, or the error that kept it from being read; one file never
stops the others. Results come in input order whatever order the workers finish in.

Extraction is CPU work, so files are read in worker processes (``workers``, default: the cores this
process may use; ``0`` reads them in this process). A worker that dies (killed, out of memory, a
crash in a native library) takes the files it held with it: those are read again one at a time in
a fresh worker, so that the one file that kills a worker is named (``worker_died``) and every other
file is read.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import multiprocessing
import os
import re
import signal
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, Literal, NamedTuple, TypeVar

from pydantic import BaseModel

from .extract import FILE_SUFFIXES, extract_file
from .models import CSV_META_COLUMNS, MAX_INPUT_BYTES, LinhaiError, NotAReportError, NotReport, Report
from .read.numbers import csv_cell
from .read.regions import region_for
from .template import canonical_keys

__all__ = [
    "BatchFormat",
    "FileError",
    "FileResult",
    "csv_header",
    "default_workers",
    "expand_sources",
    "extract_many",
    "report_csv_row",
]

BatchFormat = Literal["jsonl", "csv"]
FileErrorReason = Literal["unreadable", "no_files", "worker_died", "extractor_error"]


class FileError(BaseModel):
    """Why a file, or a source that names files, could not be read (no report and no named outcome).

    ``unreadable``: a missing file, a directory given as a file, no permission (what makes a one-file
    ``extract`` exit 2). ``no_files``: a directory holding no report file, a pattern matching none.
    ``worker_died``: the process reading the file ended abruptly. ``extractor_error``: a bug.
    """

    outcome: Literal["error"] = "error"
    reason: FileErrorReason
    message: str


@dataclass(frozen=True)
class FileResult:
    """One file of a batch: exactly one of ``report``, ``not_report`` and ``error`` is set."""

    path: str
    report: Report | None = None
    not_report: NotReport | None = None
    error: FileError | None = None

    @property
    def ok(self) -> bool:
        """The file was read as a report."""
        return self.report is not None

    @property
    def outcome(self) -> str:
        """``report``, the reason of a not-a-report outcome (``no_sections``, ``list_page``, …), or
        the reason of an error (``unreadable``, ``no_files``, ``worker_died``, ``extractor_error``)."""
        if self.report is not None:
            return "report"
        if self.not_report is not None:
            return self.not_report.reason
        assert self.error is not None
        return self.error.reason

    def json_line(self) -> str:
        """The file's line of ``--format jsonl``: the ``Report`` (as ``extract`` prints it), the
        not-a-report outcome, or the error, each with ``path`` first."""
        body = (self.report or self.not_report or self.error).model_dump_json()  # type: ignore[union-attr]
        # "path" is spliced in front of the model's own JSON (always an object with fields): a report
        # is about 70 KB of JSON, and a dict round trip would double the cost of writing it.
        return '{"path":' + json.dumps(self.path, ensure_ascii=False) + "," + body[1:]

    def message(self) -> str:
        """One line saying why the file was not read ("" for a report)."""
        if self.not_report is not None:
            return f"{self.path}: not an annual report ({self.not_report.reason}): {self.not_report.message}"
        if self.error is not None:  # an InputError's message names the path already
            why = self.error.message.removeprefix(f"{self.path}: ")
            return f"{self.path}: {self.error.reason}: {why}"
        return ""


def csv_header() -> list[str]:
    """The header of every wide CSV the package writes: :data:`~linhai_scrape.models.CSV_META_COLUMNS`,
    then every canonical key in its fixed order (the same as ``export --format csv``)."""
    return [*CSV_META_COLUMNS, *canonical_keys()]


def report_csv_row(report: Report, path: str | None = None) -> list[str]:
    """A report read from a file as a row under :func:`csv_header`. The columns only a store knows
    (report_id, version, current, source, extracted_at, duplicate_of) are empty; ``url`` holds the
    file's path; the region is read from the agency's name, as the store does for a source that
    states none; a key the report does not state is an empty cell, never 0."""
    location = path if path is not None else (report.source.location if report.source else None)
    region, region_basis = region_for(report.agency)  # a file has no source to state a region
    meta = {
        "url": location or "",
        "agency": report.agency or "",
        "region": "/".join(region),
        "region_basis": region_basis,
        "year": "" if report.year is None else str(report.year),
        "edition": report.edition or "",
        "title": report.title or "",
        "published": report.published.isoformat() if report.published else "",
        "parser_version": report.parser_version,
        "sha256": (report.source.sha256 if report.source else None) or "",
        "checks": str(len(report.checks)),
    }
    stats = report.stats
    return [
        *(meta.get(column, "") for column in CSV_META_COLUMNS),
        *(csv_cell(stats.get(key)) for key in canonical_keys()),
    ]


def _csv_line(row: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------------
# Sources → files
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchInput:
    """One file to read, or a source that named none (``problem``); ``format`` is what a worker
    renders the result to (``None``: the result itself comes back); a file larger than
    ``max_bytes`` is refused unread."""

    path: str
    problem: FileError | None = None
    format: BatchFormat | None = None
    max_bytes: int = MAX_INPUT_BYTES


_GLOB_MAGIC = re.compile(r"[*?[]")


def is_pattern(source: str) -> bool:
    """A source is a glob pattern when it names nothing that exists and holds ``*``, ``?`` or ``[``
    (a file whose name holds them is read as that file)."""
    return bool(_GLOB_MAGIC.search(source)) and not os.path.lexists(source)


def expand_sources(sources: Iterable[str | os.PathLike[str]]) -> list[BatchInput]:
    """The files the sources name, in order: a file as given (whatever its name: the extractor sniffs
    it), a directory as every report file under it (``.html``, ``.txt``, ``.pdf``, … in name order,
    hidden files and directories left out), a pattern as its matches in name order (``**`` spans
    directories). A directory or pattern that names no file gives a ``no_files`` entry."""
    out: list[BatchInput] = []
    for source in sources:
        text = os.fspath(source)
        if os.path.isdir(text):
            found = _files_under(text)
            out += [BatchInput(p) for p in found] or [
                BatchInput(text, FileError(reason="no_files", message=f"{text}: holds no {_suffixes()} file"))
            ]
        elif is_pattern(text):
            matches: list[str] = []
            for match in sorted(glob.glob(text, recursive=True)):
                matches += _files_under(match) if os.path.isdir(match) else [match]
            out += [BatchInput(p) for p in matches] or [
                BatchInput(text, FileError(reason="no_files", message=f"{text}: matches no file"))
            ]
        else:
            out.append(BatchInput(text))  # a missing file is named by the extractor, in its place
    return out


def _files_under(directory: str) -> list[str]:
    """Report files under a directory in name order, a subdirectory's files at its name's place
    (as ``find DIR | sort`` lists them, component by component)."""
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [
            os.path.join(root, name)
            for name in files
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in FILE_SUFFIXES
        ]
    return sorted(found, key=lambda path: Path(path).parts)


def _suffixes() -> str:
    return "/".join(FILE_SUFFIXES)


# --------------------------------------------------------------------------------------------------
# One file (what a worker does)
# --------------------------------------------------------------------------------------------------


def read_file(item: BatchInput) -> FileResult:
    """Read one file of a batch; never raises (a bug is an ``extractor_error`` for this file)."""
    if item.problem is not None:
        return FileResult(item.path, error=item.problem)
    try:
        return FileResult(item.path, report=extract_file(Path(item.path), max_bytes=item.max_bytes))
    except NotAReportError as exc:
        return FileResult(item.path, not_report=exc.outcome)
    except LinhaiError as exc:
        return FileResult(item.path, error=FileError(reason="unreadable", message=str(exc)))
    except RecursionError:
        message = "the document is nested too deeply to read"
        return FileResult(item.path, error=FileError(reason="extractor_error", message=message))
    except Exception as exc:  # a bug must cost this file, not the batch
        message = f"{type(exc).__name__}: {exc}"
        return FileResult(item.path, error=FileError(reason="extractor_error", message=message))


class RenderedResult(NamedTuple):
    """A file's result as the command line writes it: its outcome, its output (a JSON line or a CSV
    row, ``None`` for a file with no CSV row) and its line for stderr ("" when it was read)."""

    path: str
    outcome: str
    text: str | None
    message: str


def render(result: FileResult, format: BatchFormat) -> RenderedResult:
    if format == "csv":
        text = _csv_line(report_csv_row(result.report, result.path)) if result.report is not None else None
    else:
        text = result.json_line() + "\n"
    return RenderedResult(result.path, result.outcome, text, result.message())


def render_file(item: BatchInput) -> RenderedResult:
    """Read one file and render it where it was read: a worker sends back text, not a report to
    serialise, so the process writing the output stays light and the workers keep every core."""
    return render(read_file(item), item.format or "jsonl")


def _lost(item: BatchInput, reason: FileErrorReason, message: str) -> FileResult:
    return FileResult(item.path, error=FileError(reason=reason, message=message))


def _lost_rendered(item: BatchInput, reason: FileErrorReason, message: str) -> RenderedResult:
    return render(_lost(item, reason, message), item.format or "jsonl")


# --------------------------------------------------------------------------------------------------
# Every core, in input order
# --------------------------------------------------------------------------------------------------


def default_workers() -> int:
    """The number of cores this process may run on (its CPU affinity where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def extract_many(
    sources: Iterable[str | os.PathLike[str]],
    *,
    workers: int | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> Iterator[FileResult]:
    """Extract every file the sources name (files, directories, glob patterns); yield one
    :class:`FileResult` per file, in input order. ``workers``: processes reading files (default
    :func:`default_workers`; ``0`` reads in this process). A file larger than ``max_bytes`` is
    ``unreadable``. Never raises for one file's sake."""
    items = [replace(i, max_bytes=max_bytes) for i in expand_sources(sources)]
    yield from map_in_order(read_file, items, workers=workers, lost=_lost)


def render_many(
    items: Sequence[BatchInput],
    format: BatchFormat,
    *,
    workers: int | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> Generator[RenderedResult, None, None]:
    """What ``extract`` writes for a batch: each file read and rendered in a worker, in input order."""
    rendered = [replace(i, format=format, max_bytes=max_bytes) for i in items]
    yield from map_in_order(render_file, rendered, workers=workers, lost=_lost_rendered)


A = TypeVar("A")
T = TypeVar("T")
Lost = Callable[[A, FileErrorReason, str], T]

_WORKER_DIED = (
    "the process reading this file ended abruptly (killed, out of memory, or a crash in a native library)"
)


def map_in_order(
    task: Callable[[A], T], items: Sequence[A], *, workers: int | None, lost: Lost[A, T]
) -> Iterator[T]:
    """``task(item)`` for every item, run in ``workers`` processes, yielded in input order.

    ``task`` must be a module-level function that does not raise (each item's own failures are part
    of its result). ``lost(item, reason, message)`` stands for an item whose worker died, or whose
    result could not come back.
    """
    n = default_workers() if workers is None else workers
    if n <= 0:
        for item in items:
            yield task(item)
        return
    runner = _OrderedPool(task, items, min(n, max(1, len(items))), lost)
    try:
        yield from runner.results()
    finally:
        runner.close()


_CHUNK_MAX = 8  # files a worker is handed at once


def _run_chunk(task: Callable[[A], T], items: Sequence[A]) -> list[T]:
    """What a worker runs: a few files in a row, one round trip for all of them."""
    return [task(item) for item in items]


class _OrderedPool(Generic[A, T]):
    """A process pool kept a bounded way ahead of the reader, so that memory stays flat on any
    number of files and one slow file holds back at most a window of finished ones.

    Files go to the workers in chunks of a few: a worker handed one file at a time waits for this
    process to hand it the next after every file, and on a busy machine that wait costs as much
    as a short file's reading. A chunk lost with its worker is read again file by file."""

    def __init__(self, task: Callable[[A], T], items: Sequence[A], workers: int, lost: Lost[A, T]) -> None:
        self.task = task
        self.items = items
        self.workers = workers
        self.lost = lost
        size = max(1, min(_CHUNK_MAX, len(items) // (workers * 4)))
        self.chunks = [range(i, min(i + size, len(items))) for i in range(0, len(items), size)]
        self.window = workers * 4  # chunks in flight
        self.pool = self._new_pool()
        self.futures: dict[int, Future[list[T]]] = {}
        self.settled: dict[int, list[T]] = {}

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=_context(), initializer=_ignore_interrupts
        )

    def _submit(self, chunk: range) -> Future[list[T]]:
        return self.pool.submit(_run_chunk, self.task, [self.items[i] for i in chunk])

    def results(self) -> Iterator[T]:
        submitted = 0
        for c in range(len(self.chunks)):
            while submitted < len(self.chunks) and submitted < c + self.window:
                try:
                    self.futures[submitted] = self._submit(self.chunks[submitted])
                except BrokenProcessPool:
                    # a worker died and the pool knew it before this chunk went out (on a busy
                    # machine its manager can be that quick): recover, then hand the chunk out again
                    self._recover()
                    continue
                submitted += 1
            if c not in self.settled:
                try:
                    self.settled[c] = self.futures[c].result()
                    del self.futures[c]
                except BrokenProcessPool:
                    self._recover()
                except Exception as exc:  # the results could not come back (they did not pickle)
                    del self.futures[c]
                    self.settled[c] = self._lost_chunk(c, exc)
            yield from self.settled.pop(c)

    def _lost_chunk(self, c: int, exc: BaseException) -> list[T]:
        why = f"{type(exc).__name__}: {exc}"
        return [self.lost(self.items[i], "extractor_error", why) for i in self.chunks[c]]

    def _recover(self) -> None:
        """A worker died, and the pool with it: every chunk in flight failed at once. Those whose
        results had come back keep them; the files of the others are read again one at a time in
        a fresh pool, so that the file that kills a worker is the only one lost."""
        wait(list(self.futures.values()))
        lost = sorted(c for c, f in self.futures.items() if isinstance(f.exception(), BrokenProcessPool))
        for c, future in self.futures.items():
            if c not in lost:
                error = future.exception()
                self.settled[c] = future.result() if error is None else self._lost_chunk(c, error)
        self.futures.clear()
        self.pool.shutdown(wait=True)
        self.pool = self._new_pool()
        for c in lost:
            results = []
            for i in self.chunks[c]:
                try:
                    results += self._submit(range(i, i + 1)).result()
                except BrokenProcessPool:
                    results.append(self.lost(self.items[i], "worker_died", _WORKER_DIED))
                    self.pool.shutdown(wait=True)
                    self.pool = self._new_pool()
            self.settled[c] = results

    def close(self) -> None:
        # Files in flight finish (a worker is never killed mid-file); files not started are dropped.
        self.pool.shutdown(wait=True, cancel_futures=True)


def _context() -> multiprocessing.context.BaseContext:
    """Workers start from a fork server where there is one (Linux, macOS): a clean process that
    has imported this module once, so each worker starts at once, and forking never copies the
    threads of the caller (a progress bar's monitor, the pool's own manager). Elsewhere: spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return multiprocessing.get_context("spawn")


def _ignore_interrupts() -> None:
    """Ctrl-C reaches every process of the terminal's group: the caller stops the batch, and a
    worker finishing its file must not print a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
