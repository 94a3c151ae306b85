"""Extraction on every core: the crawl's and ``reextract``'s reading of pages, in worker processes.

The main process fetches (one asyncio event loop), decides what each page is, and writes the
store: it stays SQLite's only writer, and each report is still one transaction. What it hands a
worker is one page's bytes (a :class:`PageTask`); what comes back (a :class:`PageRead`) is the page
read and ready to be written: a report completed from the list and the page's metadata, its
evidence serialised and compressed (:class:`~.store.PackedEvidence`), the page's bytes compressed
(:class:`~.store.PackedBlob`), its attachments listed; or what the page is instead.

With one worker (:class:`InlineReaders`) pages are read in the main process, in a thread so that
fetching goes on meanwhile, with no pool and nothing pickled. With more (:class:`ProcessReaders`)
each worker process reads one page at a time. A worker that dies (killed, out of memory, a crash in
a C extension) is replaced, and the page it was reading is read once more by the new one; a page
on which a worker dies a second time raises :class:`WorkerDied`, which the caller reports as that
page's failure, and the run goes on. Either way the deaths are reported (``Finished.deaths``).

Worker processes start by ``forkserver`` where the platform has one (``spawn`` elsewhere), never by
a ``fork`` of the main process, whose event loop, threads and SQLite connection a child must not
inherit. They ignore Ctrl-C (the main process stops them) and end by themselves when the main
process dies, even by ``kill -9``: their end of the pipe closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import pickle
import signal
import socket
import struct
import sys
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar

from ..models import InputError, NotAReportError, NotReport, Report
from ..read.page import Metadata, parse_date
from .discover import ReportLink
from .store import AttachmentRow, PackedBlob, PackedEvidence

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext, SpawnContext
    from multiprocessing.process import BaseProcess

    Context = ForkServerContext | SpawnContext

    from ..extract import ArticlePart, PageReading
    from ..fetch import FetchResult
    from ..read.document import Document

__all__ = [
    "Finished",
    "InlineReaders",
    "PageRead",
    "PageTask",
    "ProcessReaders",
    "Readers",
    "StoredPage",
    "WorkerDied",
    "complete",
    "default_workers",
    "open_readers",
    "read_page",
]


WORKER_NAME = "linhai-scrape-worker"
# The exit code of a worker that found itself running the calling script (see refuse_in_worker).
UNGUARDED_MAIN = 78


def refuse_in_worker(what: str) -> None:
    """Stop a worker process that is running the caller's script again. A worker imports the
    script that started the run, as every ``multiprocessing`` child does; a script that calls
    ``crawl()`` at its top level, not under ``if __name__ == "__main__":``, would start a second
    run inside each worker. The worker says so in one line and exits; the run reports why."""
    if multiprocessing.current_process().name.startswith(WORKER_NAME):
        print(
            f"linhai-scrape: {what}() called inside an extraction worker: call it under "
            "`if __name__ == '__main__':` in your script",
            file=sys.stderr,
            flush=True,
        )
        os._exit(UNGUARDED_MAIN)


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------------------------------
# What goes to a worker, what comes back
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredPage:
    """A page's bytes as the store keeps them (``reextract``), and how they were decoded."""

    blob: PackedBlob
    http_charset: str | None  # for a page never read as a report: the codec it was decoded with
    final_url: str | None
    # the report version being read again (its JSON, without evidence): its own decoding (the
    # HTTP charset it was fetched with, its final URL) and the fields the new reading leaves out
    report_json: str | None = None


@dataclass(frozen=True)
class PageTask:
    """One page to read: fetched (the crawl) or stored (``reextract``)."""

    url: str  # the page's URL as the store keys it (the report's URL)
    fetched: FetchResult | None = None
    stored: StoredPage | None = None
    # the crawl: what the list said of the page and the source's agency fill what the page leaves out
    link: ReportLink | None = None
    agency: str | None = None
    # an article's further pages, on the second reading, with the first page's reading of the first
    reading: PageReading | None = None
    parts: tuple[ArticlePart, ...] | None = None
    # a file a report page attaches, read only to compare its statistics (nothing of it is stored)
    attachment: bool = False


Kind = Literal["report", "parts", "not_report", "unreadable", "crashed"]


@dataclass(frozen=True)
class PageRead:
    """What a page is, read. ``report``: the report, completed, without its evidence (``evidence``
    holds it packed). ``parts``: the article continues on these pages; get them and ask again with
    ``reading``. ``not_report``: ``outcome`` says what it is. ``unreadable``: ``error`` says why
    (an :class:`InputError`). ``crashed``: the extractor failed (``error``, ``trace``)."""

    kind: Kind
    report: Report | None = None
    evidence: PackedEvidence | None = None
    outcome: NotReport | None = None
    error: str | None = None
    trace: str | None = None
    parts: tuple[str, ...] = ()
    reading: PageReading | None = None
    attachments: tuple[AttachmentRow, ...] = ()
    body: PackedBlob | None = None  # a fetched page's bytes, packed for the store


# --------------------------------------------------------------------------------------------------
# Reading one page (runs in a worker process, or in the main process with one worker)
# --------------------------------------------------------------------------------------------------


def read_page(task: PageTask) -> PageRead:
    """Read one page. Never raises: an extractor bug is a ``crashed`` read of that page."""
    try:
        return _read(task)
    except Exception as exc:
        return PageRead(
            "crashed",
            error=f"extractor error: {type(exc).__name__}: {exc}",
            trace=traceback.format_exc(),
            body=_body(task),
        )


def _read(task: PageTask) -> PageRead:
    from ..extract import PageReading, extract_article_parts, extract_fetched, page_or_parts

    if task.attachment:
        assert task.fetched is not None
        try:
            attached = extract_fetched(task.fetched)
        except NotAReportError as exc:
            return PageRead("not_report", outcome=exc.outcome)
        except InputError as exc:
            return PageRead("unreadable", error=str(exc))
        return PageRead("report", report=attached.model_copy(update={"evidence": {}}))

    reading = task.reading if task.reading is not None else PageReading()
    # the version read again: its own decoding, and the fields the new reading may leave out
    old = (
        Report.model_validate_json(task.stored.report_json)
        if task.stored is not None and task.stored.report_json is not None
        else None
    )
    try:
        if task.parts is None:
            got = page_or_parts(lambda: _first(task, old, reading), _where(task, old), reading)
            if isinstance(got, list):
                return PageRead("parts", parts=tuple(got), reading=reading)
            report = got
        else:
            report = extract_article_parts(reading, task.parts)
    except NotAReportError as exc:
        return PageRead(
            "not_report", outcome=exc.outcome, attachments=_attachments(reading, task.url), body=_body(task)
        )
    except InputError as exc:
        return PageRead("unreadable", error=str(exc), body=_body(task))
    if task.stored is not None:
        report = _as_before(report, task.stored, old)
    else:
        doc = reading.document
        report = complete(report, task.link, task.agency, Metadata(doc.meta) if doc is not None else None)
    evidence = PackedEvidence.of(report)
    return PageRead(
        "report",
        report=report.model_copy(update={"evidence": {}}),
        evidence=evidence,
        attachments=_attachments(reading, task.url),
        body=_body(task),
    )


def _first(task: PageTask, old: Report | None, reading: PageReading) -> Report:
    """The page itself, read into ``reading``."""
    from ..extract import extract_bytes, extract_fetched

    if task.fetched is not None:
        return extract_fetched(task.fetched, reading)
    stored = task.stored
    assert stored is not None
    http_charset = stored.http_charset
    data = stored.blob.unpack()
    if old is not None and old.source is not None:
        from ..read.decode import recorded_http_charset

        # this version's own decoding: the HTTP charset it was fetched with
        was = old.source
        http_charset = recorded_http_charset(data, was.encoding_reason, was.declared_encoding)
    return extract_bytes(data, kind="url", location=task.url, http_charset=http_charset, reading=reading)


def _where(task: PageTask, old: Report | None) -> str:
    """Where the page was fetched from: its article's parts are named relative to it."""
    if task.fetched is not None:
        return task.fetched.final_url or task.fetched.url
    return _final_url(task, old) or task.url


def _final_url(task: PageTask, old: Report | None) -> str | None:
    if old is not None:
        return old.source.final_url if old.source is not None else None
    return task.stored.final_url if task.stored is not None else None


def _as_before(report: Report, stored: StoredPage, old: Report | None) -> Report:
    """A report read again from stored bytes keeps where it came from and the fields it had that
    the new reading leaves out (the crawl filled them from the list and the page's metadata)."""
    assert report.source is not None  # extract_bytes always names its source
    if old is None:
        report.source.final_url = stored.final_url
        return report
    report.source.final_url = old.source.final_url if old.source is not None else None
    keep = {
        k: getattr(old, k)
        for k in ("agency", "published", "year", "title")
        if getattr(report, k) is None and getattr(old, k) is not None
    }
    return report.model_copy(update=keep) if keep else report


def _attachments(reading: PageReading, url: str) -> tuple[AttachmentRow, ...]:
    """The files the page at ``url`` attaches, from the Document the extractor read it into."""
    doc: Document | None = reading.document
    if doc is None:
        return ()
    return tuple(AttachmentRow(a.url, a.text, a.kind) for a in doc.attachments_at(url))


def _body(task: PageTask) -> PackedBlob | None:
    """A fetched page's bytes, packed for the store (compressing them is the worker's work)."""
    return PackedBlob.of(task.fetched.body) if task.fetched is not None and not task.attachment else None


def complete(report: Report, link: ReportLink | None, agency: str | None, meta: Metadata | None) -> Report:
    """Fill what the report page leaves out from the metadata table, the list and the source."""
    update: dict[str, Any] = {}
    if report.agency is None:
        update["agency"] = (meta.publisher if meta is not None else None) or agency
    if report.published is None:
        published = meta.date if meta is not None else None
        if published is None and link is not None and link.date:
            published = parse_date(link.date)
        if published is not None:
            update["published"] = published
    if report.year is None and link is not None and link.year is not None:
        update["year"] = link.year
    if report.title is None and link is not None and link.text:
        update["title"] = link.text
    return report.model_copy(update=update) if update else report


# --------------------------------------------------------------------------------------------------
# The readers: in the main process, or in worker processes
# --------------------------------------------------------------------------------------------------

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Finished(Generic[R]):
    """A task's result, and the deaths of the workers that were reading it before (``deaths``:
    one line each, e.g. ``worker 1234 killed by SIGKILL``)."""

    value: R
    deaths: tuple[str, ...] = ()


class WorkerDied(Exception):
    """Every worker that read the task died: the task is given up (its page fails, the run goes on)."""

    def __init__(self, deaths: Sequence[str]) -> None:
        self.deaths = tuple(deaths)
        super().__init__(
            f"the extraction worker died reading this page, {len(self.deaths)} times ({'; '.join(self.deaths)})"
        )


class Readers(Protocol):
    workers: int

    async def read(self, task: PageTask) -> Finished[PageRead]: ...

    async def aclose(self) -> None: ...


class InlineReaders:
    """One worker: pages are read in the main process (in a thread, so that the event loop goes
    on fetching meanwhile), as they were before there were workers."""

    workers = 1

    def __init__(self, fn: Callable[[PageTask], PageRead] = read_page) -> None:
        self.fn = fn

    async def read(self, task: PageTask) -> Finished[PageRead]:
        return Finished(await asyncio.to_thread(self.fn, task))

    async def aclose(self) -> None:
        pass


def _context() -> Context:
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        # imported once in the fork server, so that a worker (and its replacement) starts at once
        ctx.set_forkserver_preload([__name__, "linhai_scrape.extract"])
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


def _serve(conn: Connection, fn: Callable[[Any], Any]) -> None:
    """A worker process: read tasks from the pipe one at a time, answer each in turn, until the
    pipe closes (the main process is done, or died)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: main stops us
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[bool, Any] = (True, fn(task))
        except Exception as exc:
            reply = (False, f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except OSError:
            return
        except Exception as exc:  # a result that cannot be pickled
            conn.send((False, f"the result could not be sent back: {type(exc).__name__}: {exc}"))


# The pipe's framing, as multiprocessing.connection.Connection writes it (the worker's side): a
# signed 4-byte big-endian length, or -1 and an 8-byte length for 2 GiB and more; then the pickle.
_SHORT, _LONG = struct.Struct("!i"), struct.Struct("!Q")


def _frame(payload: bytes) -> bytes:
    if len(payload) > 0x7FFFFFFF:
        return _SHORT.pack(-1) + _LONG.pack(len(payload)) + payload
    return _SHORT.pack(len(payload)) + payload


@dataclass
class _Job(Generic[T, R]):
    task: T
    future: asyncio.Future[Finished[R]]
    deaths: list[str] = field(default_factory=list)


class _Worker(Generic[T, R]):
    """One worker process, and the main process's end of its pipe: asyncio streams, so that the
    event loop sends and receives without a thread (a thread per worker, contending for the GIL
    with the busy event loop, left each worker idle for milliseconds between two pages)."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.process: BaseProcess | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.jobs: deque[_Job[T, R]] = deque()  # sent, answers pending, in the order sent
        self.listener: asyncio.Task[None] | None = None

    async def start(self, ctx: Context, fn: Callable[[T], R]) -> asyncio.StreamReader:
        ours, theirs = socket.socketpair()
        conn = Connection(theirs.detach())
        process = ctx.Process(
            target=_serve, args=(conn, fn), name=f"{WORKER_NAME}-{self.number}", daemon=True
        )
        try:
            await asyncio.to_thread(process.start)  # the first start also starts the fork server
        finally:
            conn.close()  # only the worker holds its end now: its death closes the pipe
        self.process = process
        reader, self.writer = await asyncio.open_connection(sock=ours)
        return reader

    def send(self, job: _Job[T, R]) -> None:
        assert self.writer is not None
        self.writer.write(_frame(pickle.dumps(job.task, protocol=pickle.HIGHEST_PROTOCOL)))
        self.jobs.append(job)

    async def death(self) -> str:
        """Why the worker's pipe closed, once it is gone."""
        process = self.process
        assert process is not None
        pid = process.pid
        await asyncio.to_thread(_joined, process, 5)
        code = process.exitcode
        self.stop()
        if code is None:
            return f"worker {pid} stopped answering"
        if code < 0:
            with contextlib.suppress(ValueError):
                return f"worker {pid} killed by {signal.Signals(-code).name}"
        if code == UNGUARDED_MAIN:
            return (
                f"worker {pid} ran the calling script again: a script that calls crawl() or "
                "reextract() must call it under `if __name__ == '__main__':`"
            )
        return f"worker {pid} exited with code {code}"

    def stop(self, *, kill: bool = False) -> None:
        if self.writer is not None:
            with contextlib.suppress(Exception):
                self.writer.close()  # the worker reads EOF and returns
            self.writer = None
        if self.process is not None and kill:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                self.process.kill()


def _joined(process: BaseProcess, timeout: float) -> bool:
    with contextlib.suppress(ValueError, AssertionError):
        process.join(timeout)
        return process.exitcode is not None
    return True


class ProcessReaders(Generic[T, R]):
    """``workers`` processes, each reading tasks with ``fn`` (a module-level function: it is sent
    to the workers by name), two at a time in its pipe so that it never waits for the next one.
    Used from one event loop; :meth:`aclose` before the loop ends.

    A worker that dies is replaced; the task it was reading (the oldest it had not answered) is
    read again, ``retries`` times at most, then fails with :class:`WorkerDied`; the task waiting
    behind it is handed on as it is. Processes start at the first task (a run with nothing to
    read starts none)."""

    depth = 2  # tasks in a worker's pipe: the one it reads, the one it reads next

    def __init__(self, workers: int, fn: Callable[[T], R], *, retries: int = 1) -> None:
        if workers < 1:
            raise ValueError("workers must be ≥ 1")
        self.workers = workers
        self.fn = fn
        self.retries = retries
        self._ctx = _context()
        self._waiting: deque[_Job[T, R]] = deque()
        self._idle = [_Worker[T, R](i + 1) for i in range(workers)]  # not started, or replaced
        self._running: list[_Worker[T, R]] = []
        self._started = workers
        self._closing = False

    async def read(self, task: T) -> Finished[R]:
        if self._closing:
            raise RuntimeError("the workers are stopped")
        job: _Job[T, R] = _Job(task, asyncio.get_running_loop().create_future())
        self._waiting.append(job)
        self._dispatch()
        return await job.future

    def _dispatch(self) -> None:
        """Hand waiting tasks to the least busy workers; start the workers not started yet (or
        replaced): each takes its tasks once it runs."""
        if self._closing:
            return
        while self._waiting and self._idle:
            worker = self._idle.pop()
            self._running.append(worker)
            worker.listener = asyncio.get_running_loop().create_task(self._run(worker))
        for worker in sorted(self._running, key=lambda w: len(w.jobs)):
            while self._waiting and worker.writer is not None and len(worker.jobs) < self.depth:
                job = self._waiting.popleft()
                if job.future.done():  # its reader was cancelled (Ctrl-C)
                    continue
                try:
                    worker.send(job)
                except Exception as exc:  # the task cannot be pickled
                    job.future.set_exception(exc)

    async def _run(self, worker: _Worker[T, R]) -> None:
        """Start one worker, then read its answers until its pipe closes."""
        try:
            reader = await worker.start(self._ctx, self.fn)
        except Exception as exc:  # no process can be started: every task waiting fails
            self._running.remove(worker)
            while self._waiting:
                job = self._waiting.popleft()
                if not job.future.done():
                    job.future.set_exception(exc)
            return
        self._dispatch()
        try:
            while True:
                head = await reader.readexactly(4)
                (size,) = _SHORT.unpack(head)
                if size == -1:
                    (size,) = _LONG.unpack(await reader.readexactly(8))
                ok, value = pickle.loads(await reader.readexactly(size))
                job = worker.jobs.popleft()
                if not job.future.done():
                    if ok:
                        job.future.set_result(Finished(value, tuple(job.deaths)))
                    else:
                        job.future.set_exception(RuntimeError(value))
                self._dispatch()
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass  # the worker died, or is stopped
        except asyncio.CancelledError:
            worker.stop(kill=True)
            raise
        await self._lost(worker)

    async def _lost(self, worker: _Worker[T, R]) -> None:
        """A worker's pipe closed: say why, hand its tasks on (the one it was reading, at most
        ``retries`` times), and put a new worker in its place."""
        self._running.remove(worker)
        why = await worker.death()
        jobs = list(worker.jobs)
        worker.jobs.clear()
        if self._closing:
            for job in jobs:
                if not job.future.done():
                    job.future.set_exception(RuntimeError("the workers were stopped"))
            return
        if jobs:
            culprit = jobs[0]  # a worker reads its tasks in turn: it died reading the oldest
            culprit.deaths.append(why)
            if len(culprit.deaths) > self.retries:
                if not culprit.future.done():
                    culprit.future.set_exception(WorkerDied(culprit.deaths))
                jobs = jobs[1:]
        self._waiting.extendleft(reversed(jobs))
        self._started += 1
        self._idle.append(_Worker[T, R](self._started))
        self._dispatch()

    async def aclose(self) -> None:
        """Stop the workers: idle ones at once, busy ones (a run that stops early: Ctrl-C, an
        error) killed; tasks still waiting fail."""
        self._closing = True
        for job in self._waiting:
            if not job.future.done():
                job.future.set_exception(RuntimeError("the workers were stopped"))
        self._waiting.clear()
        workers = list(self._running)
        for worker in workers:
            worker.stop(kill=bool(worker.jobs))
        listeners = [w.listener for w in workers if w.listener is not None]
        if listeners:  # each sees its pipe close, and reaps its process
            await asyncio.wait(listeners, timeout=15)
        for worker in workers:
            if worker.process is not None and worker.process.exitcode is None:
                worker.stop(kill=True)


def open_readers(
    workers: int | None, fn: Callable[[PageTask], PageRead] = read_page
) -> InlineReaders | ProcessReaders[PageTask, PageRead]:
    """The readers for ``workers`` (``None``: one per core): in the main process for 0 or 1 (0 is
    what ``extract --workers`` calls reading in this process)."""
    n = default_workers() if workers is None else workers
    if n < 0:
        raise ValueError("workers must be ≥ 0")
    return InlineReaders(fn) if n <= 1 else ProcessReaders(n, fn)
