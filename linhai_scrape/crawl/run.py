"""The nightly run: sources → list pages → report pages → extract → store, with an honest summary.

Library API (the CLI mirrors it one to one)::

    crawl(sources, db, *, dry_run=False, limit=None, verbose=False, only=None, progress=None,
          summary_json=None, failing_after=3, workers=None) -> CrawlSummary
    crawl_demo(db=None, *, dry_run=False, limit=None, verbose=False, progress=None,
               summary_json=None, failing_after=3, workers=None) -> CrawlSummary
    reextract(db, *, force=False, limit=None, verbose=False, progress=None, workers=None) -> ReextractSummary
    export(db, output=None, *, format="jsonl", year=None, agency=None, all_versions=False) -> int

Incremental: every request is conditional on what the store knows (ETag / Last-Modified); a 304 or
bytes with the sha256 already stored are "unchanged" and not re-extracted; changed bytes make a new
report version (the old one kept). A 304 on a list page re-reads the list from the stored bytes.

Every core: pages are read in worker processes (:mod:`.workers`; ``workers=None`` is one per
core, ``1`` reads them in this process); this process fetches, decides and writes.

Safe: one run per database (:meth:`Store.lock`); every report is committed in one transaction with
its page row and bytes, so a run killed at any moment leaves a consistent file and the next run,
which walks the same lists, skips what is stored and fetches what is missing.

Paging stops when a list page (or a Hanweb dataproxy group) adds no report link the walk has not
already seen, or at ``max_pages``. "Seen" means seen *in this run*, never "already in the store":
that way a run killed half-way, or a report edited on page 7, is never skipped.

Exit codes (:attr:`CrawlSummary.exit_code`): 0 everything went through; 1 some sources or pages
failed or were blocked (the summary lists them with reasons); 2 usage or configuration errors
(raised as :class:`~linhai_scrape.crawl.sources.ConfigError` / :class:`~linhai_scrape.crawl.store.StoreError`).
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import logging
import os
import re
import shutil
import sys
import time
from collections import Counter, defaultdict, deque
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal
from urllib.parse import urljoin

from ..models import (
    CSV_META_COLUMNS,
    PARSER_VERSION,
    Check,
    LinhaiError,
    NotReport,
    Report,
)
from ..read.checks import compare_with_attachment
from ..read.decode import decode_bytes
from ..read.numbers import csv_cell
from .discover import (
    ListPage,
    ListView,
    ReportLink,
    attachment_kind,
    canonical_url,
    host_of,
    looks_like_report,
    read_list_links,
)
from .eventloop import run as run_loop
from .monitor import (
    FAILING_AFTER,
    FailingSource,
    SourceRun,
    check_summary_path,
    failing_sources,
    write_summary_json,
)
from .pagers import ListAnswer, SequencePager, pagers_for, read_list_page
from .sources import SourceConfig, SourcesConfig, load_sources
from .store import AttachmentRow, FetchFacts, PackedBlob, PageRow, ReportRow, Store, StoreError, now
from .workers import (
    Finished,
    PageRead,
    PageTask,
    Readers,
    StoredPage,
    WorkerDied,
    default_workers,
    open_readers,
    read_page,
    refuse_in_worker,
)

if TYPE_CHECKING:  # the fetch stage is imported when a crawl starts: export and reextract never need httpx
    from ..extract import ArticlePart
    from ..fetch import FetchConfig, Fetcher, FetchResult

__all__ = [
    "CSV_META_COLUMNS",
    "CrawlSummary",
    "Problem",
    "ReextractSummary",
    "crawl",
    "crawl_demo",
    "export",
    "reextract",
]

log = logging.getLogger("linhai_scrape.crawl")

DEMO_DB = "linhai-demo.sqlite"


async def _cancel_all(workers: list[asyncio.Task[None]]) -> None:
    """Ctrl-C: stop the workers now. Letting them drain the queue would fetch every report already
    queued, each after its politeness delay (minutes on a slow portal)."""
    for worker in workers:
        worker.cancel()
    await asyncio.gather(*workers, return_exceptions=True)


# --------------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    source: str
    url: str
    kind: Literal["failed", "blocked"]
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"source": self.source, "url": self.url, "kind": self.kind, "reason": self.reason}


@dataclass
class CrawlSummary:
    run_id: int | None = None
    dry_run: bool = False
    sources: int = 0
    sources_failed: int = 0
    list_pages: int = 0  # list pages and dataproxy answers read
    pages_fetched: int = 0  # HTTP requests answered (304s included)
    not_modified: int = 0  # of which 304
    links: int = 0  # report links discovered
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    not_reports: Counter[str] = field(default_factory=Counter)  # reason → count
    blocked: int = 0
    failed: int = 0
    skipped_limit: int = 0
    worker_deaths: int = 0  # extraction workers that died reading a page (each page was read again)
    problems: list[Problem] = field(default_factory=list)
    reports: list[tuple[str, str, int | None, str | None, int]] = field(
        default_factory=list
    )  # status, agency, year, edition, stats
    discovered: list[tuple[str, ReportLink, str]] = field(
        default_factory=list
    )  # dry run: (source, link, known/new)
    started: float = field(default_factory=time.monotonic)
    started_at: str = field(default_factory=now)
    elapsed: float = 0.0
    interrupted: bool = False
    per_source: list[SourceRun] = field(default_factory=list)  # in the order the sources finished
    failing_after: int = FAILING_AFTER
    failing: list[FailingSource] = field(default_factory=list)  # failed on failing_after runs in a row
    error: str | None = None  # the run could not start: configuration, a locked or unusable store
    error_exit_code: int = 2

    @property
    def exit_code(self) -> int:
        if self.error is not None:
            return self.error_exit_code
        return 1 if (self.failed or self.blocked or self.sources_failed or self.interrupted) else 0

    @property
    def status(self) -> str:
        if self.error is not None:
            return "error"
        if self.interrupted:
            return "interrupted"
        return "ok" if self.exit_code == 0 else "failed"

    def counts(self) -> dict[str, Any]:
        return {
            "sources": self.sources,
            "sources_failed": self.sources_failed,
            "list_pages": self.list_pages,
            "pages_fetched": self.pages_fetched,
            "not_modified": self.not_modified,
            "links": self.links,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "not_reports": dict(sorted(self.not_reports.items())),
            "blocked": self.blocked,
            "failed": self.failed,
            "skipped_limit": self.skipped_limit,
            "worker_deaths": self.worker_deaths,
            "elapsed_s": round(self.elapsed, 2),
        }

    def format(self) -> str:
        """The end-of-run summary, plain text."""
        lines = []
        head = "dry run (nothing stored)" if self.dry_run else f"run {self.run_id}"
        lines.append(f"linhai-scrape crawl — {head}: {self.status}, {self.elapsed:.1f} s")
        for failing in self.failing:  # first: what needs a person, not another night
            lines.append(f"  FAILING {failing.line()}")
        lines.append(
            f"  sources: {self.sources}" + (f" ({self.sources_failed} failed)" if self.sources_failed else "")
        )
        lines.append(
            f"  pages fetched: {self.pages_fetched} ({self.list_pages} list pages, {self.not_modified} not modified)"
        )
        lines.append(f"  report links found: {self.links}")
        if not self.dry_run:
            lines.append(f"  reports: {self.new} new, {self.changed} changed, {self.unchanged} unchanged")
            if self.not_reports:
                detail = ", ".join(f"{k} {v}" for k, v in sorted(self.not_reports.items()))
                lines.append(f"  not reports: {sum(self.not_reports.values())} ({detail})")
        if self.skipped_limit:
            lines.append(f"  not fetched (--limit): {self.skipped_limit}")
        lines.append(f"  blocked: {self.blocked}")
        lines.append(f"  failed: {self.failed}")
        for p in self.problems:
            lines.append(f"    {p.kind:7} [{p.source}] {p.url}: {p.reason}")
        if self.worker_deaths:
            lines.append(f"  extraction workers that died and were replaced: {self.worker_deaths}")
        if self.interrupted:
            lines.append("  interrupted: the next run picks up where this one stopped")
        return "\n".join(lines)


@dataclass
class ReextractSummary:
    run_id: int | None = None
    candidates: int = 0
    reextracted: int = 0
    became_reports: int = 0
    still_not_reports: int = 0
    failed: int = 0
    worker_deaths: int = 0  # extraction workers that died reading a page (each page was read again)
    problems: list[Problem] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def counts(self) -> dict[str, Any]:
        return {
            "candidates": self.candidates,
            "reextracted": self.reextracted,
            "became_reports": self.became_reports,
            "still_not_reports": self.still_not_reports,
            "failed": self.failed,
            "worker_deaths": self.worker_deaths,
            "elapsed_s": round(self.elapsed, 2),
        }

    def format(self) -> str:
        lines = [
            f"linhai-scrape reextract — run {self.run_id}: parser {PARSER_VERSION}, {self.elapsed:.1f} s",
            f"  report versions re-extracted: {self.reextracted} of {self.candidates}",
            f"  pages that are reports now: {self.became_reports} (still not reports: {self.still_not_reports})",
            f"  failed: {self.failed}",
        ]
        lines += [f"    {p.kind:7} {p.url}: {p.reason}" for p in self.problems]
        if self.worker_deaths:
            lines.append(f"  extraction workers that died and were replaced: {self.worker_deaths}")
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# Output: progress bar on a terminal, plain log lines otherwise
# --------------------------------------------------------------------------------------------------


class _Reporter:
    def __init__(self, out: IO[str] | None, *, verbose: bool, progress: bool | None) -> None:
        self.out = out
        self.verbose = verbose
        tty = bool(out is not None and hasattr(out, "isatty") and out.isatty())
        self.bar = None
        if out is not None and (progress if progress is not None else tty):
            from tqdm import tqdm

            self.bar = tqdm(total=0, unit="page", file=out, dynamic_ncols=True, leave=False)

    def found(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.total += n
            self.bar.refresh()

    def done(self, desc: str | None = None) -> None:
        if self.bar is not None:
            if desc:
                self.bar.set_postfix_str(desc[:40], refresh=False)
            self.bar.update(1)

    def line(self, text: str, *, always: bool = False) -> None:
        """A log line: always under --verbose, else only ``always`` lines (sources, problems)."""
        log.info(text)
        if self.out is None or not (always or self.verbose):
            return
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        msg = f"{stamp} {text}"
        if self.bar is not None:
            self.bar.write(msg, file=self.out)
        else:
            print(msg, file=self.out, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# --------------------------------------------------------------------------------------------------
# The crawl
# --------------------------------------------------------------------------------------------------

Extractor = Callable[..., Report]


def crawl(
    sources: str | os.PathLike[str] | SourcesConfig,
    db: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    limit: int | None = None,
    verbose: bool = False,
    only: list[str] | None = None,
    progress: bool | None = None,
    out: IO[str] | None = sys.stderr,
    fetch_config: FetchConfig | None = None,
    concurrency: int = 4,
    summary_json: str | os.PathLike[str] | None = None,
    failing_after: int = FAILING_AFTER,
    workers: int | None = None,
) -> CrawlSummary:
    """Crawl every enabled source into the SQLite database ``db``; return the summary.

    ``sources``: a TOML path or a loaded :class:`SourcesConfig`. ``dry_run``: discover and list the
    report links, store nothing, fetch no report page. ``limit``: fetch at most this many report
    pages in all. ``only``: source names to crawl. ``progress``: a tqdm bar (default: when ``out`` is
    a terminal). ``out``: where log lines and the bar go (``None``: silent). ``fetch_config``: a
    :class:`~linhai_scrape.fetch.FetchConfig` to start from (per-source delay and timeout applied on
    top). ``concurrency``: report pages in flight per source (the fetcher's per-host limits apply too).
    ``summary_json``: a file the run's summary is written to as JSON when the run ends, however it
    ends (an error that keeps it from starting included), atomically. ``failing_after``: a source
    that has failed on this many runs in a row is called out at the top of the summary.
    ``workers``: processes that read pages (default: one per core; 0 or 1 reads them in this process).

    Raises :class:`ConfigError` or :class:`StoreError` (exit code 2) before anything is fetched.
    """
    refuse_in_worker("crawl")
    if limit is not None and limit < 0:
        raise ValueError("limit must be ≥ 0")
    if workers is not None and workers < 0:
        raise ValueError("workers must be ≥ 0")
    if failing_after < 1:
        raise ValueError("failing_after must be ≥ 1")
    if summary_json is not None:
        check_summary_path(summary_json)
    summary = CrawlSummary(dry_run=dry_run, failing_after=failing_after)
    try:
        _crawl(
            summary,
            sources,
            db,
            dry_run=dry_run,
            limit=limit,
            verbose=verbose,
            only=only,
            progress=progress,
            out=out,
            fetch_config=fetch_config,
            concurrency=concurrency,
            workers=workers,
        )
    except LinhaiError as exc:  # the run could not start; a monitor must not read last night's file
        summary.error, summary.error_exit_code = str(exc), exc.exit_code
        raise
    finally:
        if summary_json is not None:
            write_summary_json(summary, summary_json)
    return summary


def _crawl(
    summary: CrawlSummary,
    sources: str | os.PathLike[str] | SourcesConfig,
    db: str | os.PathLike[str],
    *,
    dry_run: bool,
    limit: int | None,
    verbose: bool,
    only: list[str] | None,
    progress: bool | None,
    out: IO[str] | None,
    fetch_config: FetchConfig | None,
    concurrency: int,
    workers: int | None,
) -> None:
    config = sources if isinstance(sources, SourcesConfig) else load_sources(sources)
    config = config.select(only)
    reporter = _Reporter(out, verbose=verbose, progress=progress)
    store: Store | None = None
    try:
        if dry_run:
            store = Store(db, readonly=True) if Path(db).exists() else None
        else:
            store = Store(db)
            store.lock()
            options = {
                "sources": [s.name for s in config.sources],
                "limit": limit,
                "dry_run": False,
                "workers": default_workers() if workers is None else max(1, workers),
            }
            summary.run_id = store.start_run("crawl", options, started_at=summary.started_at)
        readers = open_readers(workers, read_page)
        runner = _Crawl(
            config,
            store,
            summary,
            reporter,
            dry_run=dry_run,
            limit=limit,
            fetch_config=fetch_config,
            concurrency=concurrency,
            readers=readers,
        )
        try:
            run_loop(runner.run())
        except KeyboardInterrupt:
            summary.interrupted = True
            raise
        except Exception as exc:  # a bug: record it in the run before it propagates
            summary.problems.append(Problem("", "", "failed", f"crawler error: {type(exc).__name__}: {exc}"))
            summary.failed += 1
            raise
        finally:
            summary.elapsed = time.monotonic() - summary.started
            reporter.close()
            if store is not None and not dry_run and summary.run_id is not None:
                summary.failing = failing_sources(
                    store.runs(),
                    run_id=summary.run_id,
                    started_at=summary.started_at,
                    problems=[(p.source, p.reason) for p in summary.problems],
                    failing_after=summary.failing_after,
                )
                per_source = {s.name: {**vars(s)} for s in summary.per_source}
                store.finish_run(
                    summary.run_id,
                    status=summary.status,
                    exit_code=summary.exit_code,
                    counts={**summary.counts(), "per_source": per_source},
                    errors=[p.as_dict() for p in summary.problems],
                )
    finally:
        if store is not None:
            store.close()


def crawl_demo(
    db: str | os.PathLike[str] | None = None,
    *,
    dry_run: bool = False,
    limit: int | None = None,
    verbose: bool = False,
    progress: bool | None = None,
    out: IO[str] | None = sys.stderr,
    summary_json: str | os.PathLike[str] | None = None,
    failing_after: int = FAILING_AFTER,
    workers: int | None = None,
) -> CrawlSummary:
    """Serve the bundled demo portal farm on 127.0.0.1 and crawl it into ``db`` (default ``./linhai-demo.sqlite``).

    No network beyond loopback. The farm includes, on purpose, a broken link, a page that answers
    500 and a page behind an anti-crawler 412 challenge: the run ends with exit code 1 and lists them.

    The portals are always addressed at ``DEMO_PORTS`` (47801, 47802, …), so that a second run over the same
    database finds its pages under the URLs it stored them under (and asks for them conditionally):
    a portal whose port another process holds listens on another, and is reached there.
    """
    from ..fetch import FetchConfig
    from .demo import DEMO_PORTS, PortalFarm

    with PortalFarm(ports=DEMO_PORTS, record=False, fixed_urls=True) as farm:
        if out is not None:
            print("demo portal farm on 127.0.0.1:", file=out)
            for name, base in farm.base_urls.items():
                elsewhere = (
                    "" if base.endswith(farm.listening[name]) else f" (served on {farm.listening[name]})"
                )
                print(f"  {name:8} {base}{farm.config['sites'][name]['start'][0]}{elsewhere}", file=out)
        fetch_config = FetchConfig(
            retries=2,
            backoff_base=0.05,
            backoff_max=0.2,
            per_host_delay=0.0,
            trust_env=False,
            connect_to=farm.connect_to,
        )
        return crawl(
            farm.sources(delay=0.0),
            db if db is not None else DEMO_DB,
            dry_run=dry_run,
            limit=limit,
            verbose=verbose,
            progress=progress,
            out=out,
            fetch_config=fetch_config,
            summary_json=summary_json,
            failing_after=failing_after,
            workers=workers,
        )


@dataclass(frozen=True)
class _PageFetch:
    """One fetch of a page as the crawl records it: what the fetch learnt (``facts``, all that
    ``save_report``/``record_not_report`` take; they set the rest themselves) and whose page it is."""

    facts: FetchFacts
    source_id: int | None
    kind: Literal["list", "report"]
    run_id: int | None
    sha256: str | None  # of the body, when the fetch brought bytes worth keeping

    def record(
        self,
        store: Store,
        url: str,
        *,
        error: str | None = None,
        body: bytes | PackedBlob | None = None,
        sha256: str | None = None,
        result: str | None = None,
    ) -> None:
        store.record_page(
            url,
            self.facts,
            source_id=self.source_id,
            kind=self.kind,
            run_id=self.run_id,
            sha256=sha256 or self.sha256,
            error=error,
            body=body,
            result=result,
        )


@dataclass
class _Job:
    source: SourceConfig
    source_id: int | None
    link: ReportLink


# Requests in flight at most across the hosts of one politeness class (a file descriptor each).
_MAX_IN_FLIGHT = 256


class _FetcherPool:
    """One fetcher per politeness class (delay, timeout, certificate check), opened for the run."""

    def __init__(self, config: SourcesConfig, base: FetchConfig | None) -> None:
        self.config = config
        self.base = base
        self.fetchers: dict[tuple[float, float, bool], Fetcher] = {}
        self.keys = self._keys()

    def _keys(self) -> dict[str, tuple[float, float, bool]]:
        """Each source's politeness class, by name. Sources sharing a host share one fetcher, so that
        one gate covers the host: they get the slowest delay among them, and certificates go
        unverified when any of them says the host's certificate is broken (it is the same
        certificate for all of them). Found through an index of hosts: thousands of sources are
        not compared pairwise."""
        sources = self.config.sources
        hosts = [s.hosts for s in sources]
        by_host: defaultdict[str, list[int]] = defaultdict(list)
        for i, names in enumerate(hosts):
            for host in names:
                by_host[host].append(i)
        keys = {}
        for i, source in enumerate(sources):
            delay = self.config.delay(source)
            verify_tls = source.verify_tls
            for j in {j for host in hosts[i] for j in by_host[host]}:
                delay = max(delay, self.config.delay(sources[j]))
                verify_tls = verify_tls and sources[j].verify_tls
            keys[source.name] = (delay, self.config.timeout(source), verify_tls)
        return keys

    def key(self, source: SourceConfig) -> tuple[float, float, bool]:
        return self.keys[source.name]

    async def open(self, stack: contextlib.AsyncExitStack) -> None:
        from ..fetch import FetchConfig, Fetcher

        base = self.base or FetchConfig()
        hosts: defaultdict[tuple[float, float, bool], set[str]] = defaultdict(set)
        for source in self.config.sources:
            hosts[self.key(source)] |= source.hosts
        for source in self.config.sources:
            key = self.key(source)
            if key in self.fetchers:
                continue
            delay, timeout, verify_tls = key
            cfg = replace(
                base,
                # every host may have its own requests in flight: at a real network's latency a
                # fixed global limit, not the hosts' delays, would set the pace of a crawl of
                # many portals (16 requests at 0.3 s each: 53 a second, for 3,000 portals)
                global_concurrency=max(
                    base.global_concurrency, min(_MAX_IN_FLIGHT, base.per_host_concurrency * len(hosts[key]))
                ),
                per_host_delay=delay,
                verify_tls=base.verify_tls and verify_tls,
                total_timeout=max(timeout, 1.0),
                connect_timeout=min(base.connect_timeout, timeout),
                read_timeout=min(base.read_timeout, timeout),
                user_agent=self.config.defaults.user_agent or base.user_agent,
            )
            self.fetchers[key] = await stack.enter_async_context(Fetcher(cfg))

    def of(self, source: SourceConfig) -> Fetcher:
        return self.fetchers[self.key(source)]


class _Tally:
    """The run's counts: the summary's totals and, since sources run concurrently, each source's own."""

    def __init__(self, summary: CrawlSummary, reporter: _Reporter) -> None:
        self.summary = summary
        self.reporter = reporter
        self.per_source: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def fetched(self, res: FetchResult) -> None:
        if res.status is not None:
            self.summary.pages_fetched += 1
        if res.outcome == "not_modified":
            self.summary.not_modified += 1

    def count(self, source_name: str, field: str) -> None:
        """Count one outcome in the run's summary and in its source's own tally."""
        setattr(self.summary, field, getattr(self.summary, field) + 1)
        self.per_source[source_name][field] += 1

    def problem(
        self, source: SourceConfig, url: str, kind: Literal["failed", "blocked"], reason: str
    ) -> None:
        self.count(source.name, kind)
        self.summary.problems.append(Problem(source.name, url, kind, reason))
        self.reporter.line(f"[{source.name}] {kind.upper()} {url}: {reason}", always=True)


class _Budget:
    """Report pages left to fetch under ``--limit`` (``None``: no limit)."""

    def __init__(self, limit: int | None) -> None:
        self.left = limit

    def take(self) -> bool:
        """One page more, if the limit allows it."""
        if self.left is not None:
            if self.left <= 0:
                return False
            self.left -= 1
        return True


def _reason(res: FetchResult) -> str:
    if res.outcome == "not_modified":
        return "304 Not Modified to a request the store cannot answer from its copy"
    base = res.error or res.outcome
    if res.status is not None and str(res.status) not in base:
        base = f"HTTP {res.status}: {base}"
    if res.outcome == "blocked":
        base += " (an anti-crawler answer)"
    elif res.status is None:
        base += " (no answer: unreachable from here? many of these portals answer only from mainland China)"
    return base


def _page_fetch(
    res: FetchResult, source_id: int | None, kind: Literal["list", "report"], run_id: int | None
) -> _PageFetch:
    kept = res.sha256 if res.body and res.outcome in ("ok", "attachment") else None
    return _PageFetch(FetchFacts.of(res), source_id, kind, run_id, kept)


class _PagePipeline:
    """A report page from fetch to store: fetched (conditionally on what the store holds), read by
    the readers (a worker process: extracted, completed from the list and the page's metadata),
    compared with its attached file, stored as a report, a not-report or a failure; an
    attachment-only page's file followed."""

    def __init__(
        self,
        store: Store | None,
        tally: _Tally,
        reporter: _Reporter,
        budget: _Budget,
        readers: Readers,
    ) -> None:
        self.store = store
        self.tally = tally
        self.summary = tally.summary
        self.reporter = reporter
        self.budget = budget
        self.readers = readers
        # Pages handed to the readers and not yet answered: enough to keep every worker busy, few
        # enough that pages fetched faster than they are read do not pile up in memory.
        self.room = asyncio.Semaphore(max(8, 4 * readers.workers))
        self._followed: set[str] = set()  # attachment files fetched in this run for attachment-only pages

    async def report(self, fetcher: Fetcher, job: _Job) -> None:
        """Fetch one report page, read it, store what it is (a report, a not-report, a failure)."""
        store = self.store
        assert store is not None
        url, source = job.link.url, job.source
        prev = store.page(url)
        holds = prev is not None and bool(prev.result) and self._holds(prev)
        async with self.room:  # the readers are busy: wait before fetching more pages for them
            pass
        # Conditional only when the store holds the extraction of the bytes it would keep on a 304.
        res = await fetcher.fetch(
            url,
            etag=prev.etag if holds and prev else None,
            last_modified=prev.last_modified if holds and prev else None,
        )
        self.tally.fetched(res)
        fetch = _page_fetch(res, job.source_id, "report", self.summary.run_id)
        page = fetch.facts
        if res.outcome == "not_modified" and holds and prev is not None and prev.result:
            await self._keep_unchanged(fetcher, job, prev.result, fetch)
            return
        if res.outcome in ("blocked", "error", "disallowed") or (res.outcome == "not_modified"):
            reason = _reason(res)
            kind: Literal["failed", "blocked"] = "blocked" if res.outcome == "blocked" else "failed"
            self.tally.problem(source, url, kind, reason)
            fetch.record(store, url, error=reason)
            return
        # ok or attachment: new bytes, or the bytes we already hold.
        if holds and prev is not None and prev.result and prev.sha256 == res.sha256:
            await self._keep_unchanged(fetcher, job, prev.result, fetch)
            return
        try:
            read = await self._read(fetcher, job, res)
        except WorkerDied as exc:  # twice: the page fails, its bytes are kept for the next run
            self.tally.problem(source, url, "failed", str(exc))
            fetch.record(store, url, error=str(exc), body=res.body, sha256=res.sha256, result="error")
            return
        body = read.body if read.body is not None else res.body
        if read.kind == "not_report":
            outcome = read.outcome
            assert outcome is not None
            files = _with_outcome_attachment(list(read.attachments), url, outcome)
            self._record_not_report(job, res, body, outcome, page, files)
            self.summary.not_reports[outcome.reason] += 1
            if outcome.reason == "blocked":
                self.tally.count(source.name, "blocked")
                self.summary.problems.append(Problem(source.name, url, "blocked", outcome.message))
            self.reporter.line(f"[{source.name}] not a report ({outcome.reason}): {url}")
            if outcome.reason == "attachment_only":
                await self._follow_attachment(fetcher, job, files)
            return
        if read.kind == "unreadable":
            error = read.error or "unreadable"
            if res.outcome == "attachment":  # a file the extractor does not read (yet): keep it, note it
                outcome = NotReport(reason="binary", message=error, attachment=url)
                label = f"file:{res.kind or 'other'}"
                files = _with_outcome_attachment([], url, outcome)
                self._record_not_report(job, res, body, outcome, page, files, label=label)
                self.summary.not_reports[label] += 1
                self.reporter.line(f"[{source.name}] attachment kept, not extracted: {url}")
                return
            self.tally.problem(source, url, "failed", error)
            fetch.record(store, url, error=error, body=body, sha256=res.sha256, result="error")
            return
        if read.kind == "crashed":  # an extractor bug: keep the bytes, fail this page, go on
            log.error("extractor crashed on %s\n%s", url, read.trace or "")
            reason = read.error or "extractor error"
            self.tally.problem(source, url, "failed", reason)
            fetch.record(store, url, error=reason, body=body, sha256=res.sha256, result="error")
            return
        report, attachments = read.report, list(read.attachments)
        assert report is not None and read.kind == "report"
        # checked before the save, so that the check is committed with the report (kill-safe)
        report.checks.extend(await self._compare_attachment(fetcher, job, attachments, report))
        saved = store.save_report(
            url,
            report,
            body=body,
            sha256=res.sha256,
            source_id=job.source_id,
            run_id=self.summary.run_id,
            page=page,
            attachments=attachments,
            evidence=read.evidence,
        )
        self.tally.count(source.name, saved.status if saved.status in ("new", "changed") else "unchanged")
        self.summary.reports.append(
            (saved.status, report.agency or "", report.year, report.edition, len(report.stats))
        )
        self.reporter.line(
            f"[{source.name}] {saved.status:9} v{saved.version} {report.year or '????'} {report.agency or '?'} ({report.edition}, {len(report.stats)} stats): {url}"
        )

    async def _ask(self, task: PageTask) -> PageRead:
        """One page read by the readers; a worker's death on it is reported (and it was read again)."""
        async with self.room:
            try:
                done = await self.readers.read(task)
            except WorkerDied as exc:
                _deaths(self.summary, self.reporter, task.url, exc.deaths)
                raise
        _deaths(self.summary, self.reporter, task.url, done.deaths)
        return done.value

    async def _read(self, fetcher: Fetcher, job: _Job, res: FetchResult) -> PageRead:
        """The page read; an article published over several pages (…_2.html, a 下一页 or
        createPageHTML in the article) read whole: its parts fetched with the source's fetcher, one
        after another (its per-host delay and robots rules), and read after the first page as one
        report, which is stored under the first page's URL and bytes. The first page alone may be
        cut short of every section: its parts are followed before it is called not a report.

        Whether the report changed is the first page's bytes: a part edited alone is read again
        only when the first page changes."""
        task = PageTask(job.link.url, fetched=res, link=job.link, agency=job.source.agency)
        read = await self._ask(task)
        if read.kind != "parts":
            return read
        fetched = tuple([await self._article_part(fetcher, job, url) for url in read.parts])
        return await self._ask(replace(task, reading=read.reading, parts=fetched))

    async def _article_part(self, fetcher: Fetcher, job: _Job, url: str) -> ArticlePart:
        """One further page of an article, fetched in full (the whole article is read again), its
        page row and bytes stored (so that ``reextract`` can join it again); a part that fails is
        not a failed page of the run but an ``article_part_missing`` check on the report."""
        from ..extract import ArticlePart

        res = await fetcher.fetch(url)
        self.tally.fetched(res)
        part = ArticlePart.fetched(res)
        if self.store is not None:
            fetch = _page_fetch(res, job.source_id, "report", self.summary.run_id)
            if part.text is not None:
                fetch.record(self.store, url, body=res.body)
            else:
                fetch.record(self.store, url, error=_reason(res))
        return part

    async def _compare_attachment(
        self, fetcher: Fetcher, job: _Job, files: list[AttachmentRow], report: Report
    ) -> list[Check]:
        """A report page that also attaches the report as a file: extract the file and compare.

        The file is not stored as a second report (that would count the agency's year twice); its
        statistics become evidence on the page's report: ``attachment_agrees`` or
        ``attachment_mismatch``, or ``attachment_unread`` when the file cannot be read.
        """
        report_file = _report_file(files, job)
        if report_file is None:
            return []
        target = report_file.url
        res = await fetcher.fetch(target)
        self.tally.fetched(res)
        try:
            read = await self._ask(PageTask(target, fetched=res, attachment=True))
        except WorkerDied as exc:
            read = PageRead("unreadable", error=str(exc))
        if read.kind != "report" or read.report is None:
            why = read.outcome.message if read.outcome is not None else (read.error or read.kind)
            return [
                Check(
                    code="attachment_unread",
                    severity="info",
                    message=f"the attached file {target} could not be compared: {why}",
                    keys=[],
                )
            ]
        return [compare_with_attachment(report.stats, read.report.stats, target)]

    async def _follow_attachment(self, fetcher: Fetcher, job: _Job, files: list[AttachmentRow]) -> None:
        """A page whose body only links to the report file: fetch and extract the file itself.

        The file is stored as a report under its own URL; the page's attachment rows link the two.
        One file is followed (a PDF first: pages often offer the same report as PDF and Word), one
        step deep, on the source's own hosts, within ``--limit``; a file is read once a run.
        """
        report_file = _report_file(files, job)
        if report_file is None or report_file.url in self._followed:
            return
        target = report_file.url
        self._followed.add(target)
        if not self.budget.take():
            return  # --limit reached (skipped_limit counts list links only)
        link = ReportLink(target, report_file.text or job.link.text, job.link.year, job.link.date)
        await self.report(fetcher, _Job(job.source, job.source_id, link))

    def _holds(self, prev: PageRow) -> bool:
        """The store has the extraction of ``prev.sha256`` (a current report, or a recorded not-report)."""
        assert self.store is not None
        if prev.result == "report":
            held = self.store.current_sha256(prev.url)
            return held is not None and held == prev.sha256
        return (prev.result or "").startswith("not_report:")

    async def _keep_unchanged(self, fetcher: Fetcher, job: _Job, result: str, fetch: _PageFetch) -> None:
        """The page is what the store already holds (a 304, or the same bytes): note the fetch, count
        it, and follow an attachment-only page's file, which may have changed on its own."""
        assert self.store is not None
        url = job.link.url
        fetch.record(self.store, url)
        self._unchanged(job.source, url, result)
        if result == "not_report:attachment_only":
            await self._follow_attachment(fetcher, job, self.store.attachments(url))

    def _record_not_report(
        self,
        job: _Job,
        res: FetchResult,
        body: bytes | PackedBlob,
        outcome: NotReport,
        page: FetchFacts,
        files: list[AttachmentRow],
        *,
        label: str | None = None,
    ) -> None:
        """Store a fetched candidate that is not a report, with its bytes and its attached files."""
        assert self.store is not None
        url = job.link.url
        self.store.record_not_report(
            url,
            outcome,
            body=body,
            sha256=res.sha256,
            source_id=job.source_id,
            run_id=self.summary.run_id,
            page=page,
            attachments=files,
            label=label,
        )

    def _unchanged(self, source: SourceConfig, url: str, result: str) -> None:
        if result == "report":
            self.tally.count(source.name, "unchanged")
        elif result.startswith("not_report:"):
            self.summary.not_reports[result.split(":", 1)[1]] += 1
        self.reporter.line(f"[{source.name}] unchanged: {url}")


class _Crawl:
    """One crawl run: each source's list pages walked (its pagers asked), the report links found
    queued to workers that take each page through the page pipeline."""

    def __init__(
        self,
        config: SourcesConfig,
        store: Store | None,
        summary: CrawlSummary,
        reporter: _Reporter,
        *,
        dry_run: bool,
        limit: int | None,
        fetch_config: FetchConfig | None,
        concurrency: int,
        readers: Readers,
    ) -> None:
        self.config = config
        self.store = store
        self.summary = summary
        self.reporter = reporter
        self.dry_run = dry_run
        self.limit = limit
        self.budget = _Budget(limit)  # report pages left to fetch
        self.concurrency = max(1, concurrency)
        self.fetchers = _FetcherPool(config, fetch_config)
        self.tally = _Tally(summary, reporter)
        self.pages = _PagePipeline(store, self.tally, reporter, self.budget, readers)

    # ---------------------------------------------------------------- run

    async def run(self) -> None:
        import contextlib

        async with contextlib.AsyncExitStack() as stack:
            stack.push_async_callback(self.pages.readers.aclose)  # (Ctrl-C included: busy workers killed)
            await self.fetchers.open(stack)
            # Every source at once: each waits on its own hosts' politeness delay, so that a run over
            # many portals goes at the rate the delays allow (hosts ÷ delay), not at a few sources'.
            # The fetchers' limits bound the requests in flight; the readers' room, the pages read.
            self.summary.sources = len(self.config.sources)
            await asyncio.gather(*(self._source(s) for s in self.config.sources))

    async def _source(self, source: SourceConfig) -> None:
        fetcher = self.fetchers.of(source)
        source_id = None
        if self.store is not None and not self.dry_run:
            source_id = self.store.upsert_source(
                source.name, agency=source.agency, config=source.model_dump(mode="json"), region=source.region
            )
        self.reporter.line(f"[{source.name}] start: {', '.join(source.start_urls)}", always=True)
        started = time.monotonic()
        queue: asyncio.Queue[_Job | None] = asyncio.Queue(maxsize=200)
        workers = [asyncio.create_task(self._worker(fetcher, queue)) for _ in range(self.concurrency)]
        list_ok = 0
        try:
            seen_links: set[str] = set()
            for start in source.start_urls:
                list_ok += await self._walk(
                    fetcher, source, source_id, canonical_url(start), seen_links, queue
                )
        except asyncio.CancelledError:
            await _cancel_all(workers)
            raise
        except Exception as exc:  # a bug must not take the other sources down
            log.exception("source %s crashed", source.name)
            self.tally.problem(
                source, source.start_urls[0], "failed", f"crawler error: {type(exc).__name__}: {exc}"
            )
        try:
            for _ in workers:  # the walk is done: the workers finish the queue, then stop
                await queue.put(None)
            await asyncio.gather(*workers)
        except asyncio.CancelledError:
            await _cancel_all(workers)
            raise
        if list_ok == 0:
            self.summary.sources_failed += 1
        # sources run concurrently, so their own counts are kept apart from the run's totals
        n = self.tally.per_source[source.name]
        self.summary.per_source.append(SourceRun.of(source.name, n, list_ok, time.monotonic() - started))
        self.reporter.line(
            f"[{source.name}] done: {n['new']} new, {n['changed']} changed, {n['unchanged']} unchanged, "
            f"{n['failed']} failed, {n['blocked']} blocked",
            always=True,
        )

    # ---------------------------------------------------------------- list pages

    async def _walk(
        self,
        fetcher: Fetcher,
        source: SourceConfig,
        source_id: int | None,
        start: str,
        seen_links: set[str],
        queue: asyncio.Queue[_Job | None],
    ) -> int:
        """Walk one start URL's list pages; queue report links as they are found. Returns list pages read."""
        max_pages = self.config.max_pages(source)
        pattern = re.compile(source.link_pattern) if source.link_pattern else None
        pagers = pagers_for()
        todo = [start]
        visited: set[str] = set()
        read = 0
        while todo and read < max_pages:
            url = todo.pop(0)
            if url in visited:
                continue
            visited.add(url)
            text = await self._list_text(fetcher, source, source_id, url)
            if text is None:
                continue
            read += 1
            view = read_list_page(
                text,
                url,
                list_selector=source.list_selector,
                link_pattern=pattern,
                hosts=source.hosts,
                cms=source.cms,
                pagers=pagers,
            )
            page = view.page
            if url == start and looks_like_report(text):
                # the start URL is a report itself (a source of one page), whatever else it links to
                page.reports.insert(0, ReportLink(url=start, text="(the start URL itself)", year=None))
            new = await self._enqueue(source, source_id, page, seen_links, queue)
            self.reporter.line(
                f"[{source.name}] list {url}: {len(page.reports)} links, {new} new ({'/'.join(page.styles) or 'no pager'})"
            )
            if new == 0 and read > 1:
                continue  # this page adds nothing new: do not follow its pager
            for nxt in page.next_pages:
                if nxt not in visited and nxt not in todo and host_of(nxt) in source.hosts:
                    todo.append(nxt)
            for pager in pagers:
                if isinstance(pager, SequencePager) and pager.applies(view):
                    read += await self._sequence(
                        fetcher, source, source_id, pager, view, seen_links, queue, max_pages - read, pattern
                    )
        return read

    async def _sequence(
        self,
        fetcher: Fetcher,
        source: SourceConfig,
        source_id: int | None,
        pager: SequencePager,
        view: ListView,
        seen_links: set[str],
        queue: asyncio.Queue[_Job | None],
        pages_left: int,
        pattern: re.Pattern[str] | None,
    ) -> int:
        """Ask a sequence pager's requests one by one (a Hanweb column's dataproxy groups), each
        answer read by the pager, until it has no next one or the source's pages are used up."""
        requests = pager.requests(view)
        request = next(requests, None)
        read = 0
        while request is not None and read < pages_left:
            text = await self._list_text(fetcher, source, source_id, request.url, form=request.data)
            if text is None:
                break
            read += 1
            answer = pager.read(text, request, link_pattern=pattern, hosts=source.hosts)
            new = await self._enqueue(source, source_id, answer, seen_links, queue)
            said = ListAnswer(answer, new)
            self.reporter.line(f"[{source.name}] {pager.describe(request, said)}")
            try:
                request = requests.send(said)
            except StopIteration:
                request = None
        requests.close()
        return read

    async def _enqueue(
        self,
        source: SourceConfig,
        source_id: int | None,
        page: ListPage,
        seen_links: set[str],
        queue: asyncio.Queue[_Job | None],
    ) -> int:
        new = 0
        for link in page.reports:
            if link.url in seen_links:
                continue
            seen_links.add(link.url)
            new += 1
            self.summary.links += 1
            if self.dry_run:
                known = "new"
                if self.store is not None:
                    row = self.store.page(link.url)
                    known = "known" if row is not None and row.result else "new"
                self.summary.discovered.append((source.name, link, known))
                self.reporter.line(
                    f"[{source.name}] {known:5} {link.year or '????'} {link.text}  {link.url}", always=True
                )
                continue
            if not self.budget.take():
                self.summary.skipped_limit += 1
                continue
            self.reporter.found()
            await queue.put(_Job(source, source_id, link))
        return new

    async def _list_text(
        self,
        fetcher: Fetcher,
        source: SourceConfig,
        source_id: int | None,
        url: str,
        *,
        form: dict[str, str] | None = None,
    ) -> str | None:
        """A list page's text: fetched (conditionally), or re-read from the store on 304."""
        prev = self.store.page(url) if self.store is not None else None
        cached = (
            self.store.get_blob(prev.sha256)
            if prev is not None and prev.sha256 and self.store is not None
            else None
        )
        etag = prev.etag if cached is not None and prev is not None else None
        lm = prev.last_modified if cached is not None and prev is not None else None
        res = await fetcher.fetch(url, etag=etag, last_modified=lm, form=form)
        self.tally.fetched(res)
        if res.outcome == "not_modified" and cached is not None and prev is not None:
            self.summary.list_pages += 1
            if not self.dry_run and self.store is not None:
                self.store.record_page(
                    url, source_id=source_id, kind="list", outcome="not_modified", status=res.status
                )
            return decode_bytes(cached, prev.encoding).text
        if (
            res.outcome == "blocked"
            and res.status == 200
            and res.decoded is not None
            and _is_list(res.decoded.text, url, source)
        ):
            # The fetcher's challenge test is a heuristic (little visible text, much script); a page that
            # reads as a list (Hanweb columns keep their records in a <script type="text/xml">) is one.
            res = replace(res, outcome="ok", error=None)
        if res.outcome == "ok" and res.decoded is not None:
            self.summary.list_pages += 1
            if not self.dry_run and self.store is not None:
                _page_fetch(res, source_id, "list", self.summary.run_id).record(
                    self.store, url, body=res.body
                )
            return res.decoded.text
        kind: Literal["failed", "blocked"] = "blocked" if res.outcome == "blocked" else "failed"
        reason = _reason(res)
        self.tally.problem(source, url, kind, f"list page: {reason}")
        if not self.dry_run and self.store is not None:
            _page_fetch(res, source_id, "list", self.summary.run_id).record(self.store, url, error=reason)
        return None

    # ---------------------------------------------------------------- report pages

    async def _worker(self, fetcher: Fetcher, queue: asyncio.Queue[_Job | None]) -> None:
        while True:
            job = await queue.get()
            if job is None:
                return
            try:
                await self.pages.report(fetcher, job)
            except Exception as exc:
                log.exception("report %s crashed", job.link.url)
                self.tally.problem(
                    job.source, job.link.url, "failed", f"crawler error: {type(exc).__name__}: {exc}"
                )
            self.reporter.done(job.source.name)


def _is_list(text: str, url: str, source: SourceConfig) -> bool:
    page = read_list_links(
        text, url, list_selector=source.list_selector, link_pattern=source.link_pattern, cms=source.cms
    ).page
    return bool(page.reports or page.hanweb is not None)


# Attachment kinds that can hold the report itself.
_DOCUMENT_KINDS = ("pdf", "docx", "doc", "wps")


def _report_file(files: list[AttachmentRow], job: _Job) -> AttachmentRow | None:
    """The attached file that holds the report: a PDF first (pages often offer PDF and Word), on the
    source's own hosts, never the page itself."""
    documents = [f for f in files if f.kind in _DOCUMENT_KINDS and host_of(f.url) in job.source.hosts]
    documents.sort(key=lambda f: f.kind != "pdf")
    return documents[0] if documents and documents[0].url != job.link.url else None


def _with_outcome_attachment(
    attachments: list[AttachmentRow], url: str, outcome: NotReport
) -> list[AttachmentRow]:
    """The file a not-report names (an attachment-only page's link, as written) joins the page's attachments."""
    if outcome.attachment:
        target = urljoin(url, outcome.attachment)
        if all(a.url != target for a in attachments):
            return [*attachments, AttachmentRow(target, None, attachment_kind(target) or "other")]
    return attachments


# --------------------------------------------------------------------------------------------------
# reextract
# --------------------------------------------------------------------------------------------------


def reextract(
    db: str | os.PathLike[str],
    *,
    force: bool = False,
    limit: int | None = None,
    verbose: bool = False,
    progress: bool | None = None,
    out: IO[str] | None = sys.stderr,
    workers: int | None = None,
) -> ReextractSummary:
    """Re-extract stored bytes with this parser version; no fetching.

    Every report version whose ``parser_version`` differs from :data:`PARSER_VERSION` (every one with
    ``force``) is extracted again from its stored bytes and replaced in place; pages stored as not
    reports are tried again too, and become reports when the new parser reads them. ``workers``:
    processes that read the pages (default: one per core; 0 or 1 reads them in this process); this
    process alone writes, each report in its own transaction.
    """
    refuse_in_worker("reextract")
    if not Path(db).exists():
        raise StoreError(f"{db}: no such database")
    if workers is not None and workers < 0:
        raise ValueError("workers must be ≥ 0")
    summary = ReextractSummary()
    started = time.monotonic()
    reporter = _Reporter(out, verbose=verbose, progress=progress)
    with Store(db) as store:
        store.lock()
        options = {
            "force": force,
            "limit": limit,
            "workers": default_workers() if workers is None else max(1, workers),
        }
        summary.run_id = store.start_run("reextract", options)
        status = "failed"
        readers = open_readers(workers, read_page)
        try:
            ids = store.report_ids(all_versions=True, parser_version_not=None if force else PARSER_VERSION)
            todo: list[int | PageRow] = [*ids, *store.not_report_pages()]
            if limit is not None:
                todo = todo[:limit]
            summary.candidates = len(todo)
            reporter.found(len(todo))
            run_loop(_Reextraction(store, readers, summary, reporter).run(todo))
            status = "ok" if summary.failed == 0 else "failed"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            summary.elapsed = time.monotonic() - started
            reporter.close()
            store.finish_run(
                summary.run_id,
                status=status,
                exit_code=summary.exit_code,
                counts=summary.counts(),
                errors=[p.as_dict() for p in summary.problems],
            )
    return summary


@dataclass
class _Stored:
    """One stored page to read again: a report version (``row``), or a page stored as not a report."""

    url: str
    sha256: str
    task: PageTask
    row: ReportRow | None = None
    page: PageRow | None = None


class _Reextraction:
    """Stored pages handed to the readers in order, a few ahead of the one being written, so that
    every worker is busy while this process writes; each answer written in its own transaction."""

    def __init__(
        self, store: Store, readers: Readers, summary: ReextractSummary, reporter: _Reporter
    ) -> None:
        self.store = store
        self.readers = readers
        self.summary = summary
        self.reporter = reporter
        self.ahead = 1 if readers.workers == 1 else 4 * readers.workers

    async def run(self, todo: Iterable[int | PageRow]) -> None:
        try:
            pending: deque[tuple[_Stored, asyncio.Task[Finished[PageRead]]]] = deque()
            for item in todo:
                stored = self._stored(item)
                if stored is None:
                    continue
                pending.append((stored, asyncio.ensure_future(self.readers.read(stored.task))))
                while len(pending) >= self.ahead:
                    await self._write(*pending.popleft())
                    # Writing blocks the event loop: let it hand the workers their next pages (an
                    # answer already in is awaited without yielding to the loop)
                    await asyncio.sleep(0)
            while pending:
                await self._write(*pending.popleft())
        finally:
            await self.readers.aclose()

    def _stored(self, item: int | PageRow) -> _Stored | None:
        """What the readers need of one candidate: its bytes as stored, how they were decoded."""
        if isinstance(item, int):
            row = self.store.report_row(item, evidence=False)
            if row is None:  # pragma: no cover - removed meanwhile (this process is the only writer)
                return None
            url, sha256, page = row.url, row.sha256, None
        else:
            row, page, url = None, item, item.url
            assert item.sha256 is not None  # not_report_pages() has bytes
            sha256 = item.sha256
        blob = self.store.get_packed_blob(sha256)
        if blob is None:
            self._failed(url, f"bytes {sha256[:12]}… missing from the store")
            return None
        if row is not None:
            stored = StoredPage(blob, None, None, report_json=row.report_json)
        else:
            assert page is not None  # a page never read as a report keeps only the codec it was decoded with
            stored = StoredPage(blob, page.encoding, page.final_url)
        return _Stored(url, sha256, PageTask(url, stored=stored), row, page)

    async def _answer(self, stored: _Stored, future: Awaitable[Finished[PageRead]]) -> PageRead | None:
        try:
            done = await future
        except WorkerDied as exc:
            _deaths(self.summary, self.reporter, stored.url, exc.deaths)
            self._failed(stored.url, str(exc))
            return None
        _deaths(self.summary, self.reporter, stored.url, done.deaths)
        return done.value

    async def _write(self, stored: _Stored, future: Awaitable[Finished[PageRead]]) -> None:
        read = await self._answer(stored, future)
        if read is not None and read.kind == "parts":  # an article over several pages: join its parts
            parts = _stored_parts(self.store, read.parts)
            task = replace(stored.task, reading=read.reading, parts=parts)
            read = await self._answer(stored, self.readers.read(task))
        if read is None:
            self.reporter.done()
            return
        row, url, summary = stored.row, stored.url, self.summary
        if read.kind in ("not_report", "unreadable"):
            if row is None:  # a page that was not a report and still is not (or a file not read yet)
                summary.still_not_reports += 1
            elif read.kind == "not_report":
                assert read.outcome is not None
                self._failed(url, f"v{row.version} is no longer read as a report: {read.outcome.message}")
            else:
                self._failed(url, f"v{row.version}: {read.error}")
        elif read.kind == "crashed":
            log.error("extractor crashed on %s\n%s", url, read.trace or "")
            self._failed(url, read.error or "extractor error")
        else:
            report = read.report
            assert report is not None
            if row is not None:
                self.store.replace_extraction(row.id, report, evidence=read.evidence)
                summary.reextracted += 1
            else:
                assert stored.page is not None
                self.store.save_report(
                    url,
                    report,
                    body=stored.task.stored.blob if stored.task.stored is not None else b"",
                    sha256=stored.sha256,
                    source_id=stored.page.source_id,
                    attachments=read.attachments,
                    evidence=read.evidence,
                )
                summary.became_reports += 1
            self.reporter.line(f"re-extracted {url}")
        self.reporter.done()

    def _failed(self, url: str, reason: str) -> None:
        self.summary.failed += 1
        self.summary.problems.append(Problem("", url, "failed", reason))


def _deaths(
    summary: CrawlSummary | ReextractSummary, reporter: _Reporter, url: str, deaths: Sequence[str]
) -> None:
    """Workers that died reading ``url``: counted, and each said on its own log line."""
    for death in deaths:
        summary.worker_deaths += 1
        reporter.line(f"extraction {death} reading {url}", always=True)


def _stored_parts(store: Store, urls: Sequence[str]) -> tuple[ArticlePart, ...]:
    """An article's further pages from the bytes the crawl kept of them, as the crawl read them (a
    part the crawl could not fetch is still ``article_part_missing``)."""
    from ..extract import ArticlePart

    parts = []
    for part in urls:
        row = store.page(part)
        blob = store.get_blob(row.sha256) if row is not None and row.sha256 and not row.error else None
        if row is None or blob is None:
            why = (row.error if row is not None else None) or "not in the store"
            parts.append(ArticlePart(part, None, why))
        else:
            parts.append(ArticlePart(part, decode_bytes(blob, row.encoding).text))
    return tuple(parts)


# --------------------------------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------------------------------


def export(
    db: str | os.PathLike[str],
    output: str | os.PathLike[str] | IO[str] | None = None,
    *,
    format: Literal["jsonl", "csv"] = "jsonl",
    year: int | None = None,
    agency: str | None = None,
    all_versions: bool = False,
) -> int:
    """Write the stored reports (current versions unless ``all_versions``); return the number of rows.

    ``jsonl``: one ``Report`` per line (the store's cross-year checks merged into ``checks``), plus a
    ``store`` object (id, url, version, current, source, sha256, extracted_at). ``csv``: one row per
    report, the metadata columns of :data:`CSV_META_COLUMNS`, then one column per canonical key
    (``template.canonical_keys()``, all of them, always in the same order); a key the report does not
    state is an empty cell, never 0. ``output``: a path, an open text file, or ``None`` for stdout.
    """
    from ..template import canonical_keys

    if format not in ("jsonl", "csv"):
        raise ValueError(f"unknown export format {format!r} (jsonl or csv)")
    n = 0
    with Store(db, readonly=True) as store, _export_sink(output) as fh:
        names = store.source_names()
        keys = canonical_keys()
        writer = None
        if format == "csv":
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow([*CSV_META_COLUMNS, *keys])
        duplicates = duplicate_reports(store)
        for row in store.iter_reports(year=year, agency=agency, all_versions=all_versions):
            store_checks = store.checks(row.id, origin="store")
            duplicate_of = duplicates.get(row.id) if row.current else None
            if format == "jsonl":
                data = row.report().model_dump(mode="json")
                data["checks"] = data.get("checks", []) + [c.model_dump() for c in store_checks]
                data["store"] = {
                    "id": row.id,
                    "url": row.url,
                    "version": row.version,
                    "current": row.current,
                    "source": names.get(row.source_id) if row.source_id is not None else None,
                    "sha256": row.sha256,
                    "extracted_at": row.extracted_at,
                    "duplicate_of": duplicate_of,
                    "region": list(row.region),
                    "region_basis": row.region_basis,
                }
                fh.write(json.dumps(data, ensure_ascii=False) + "\n")
            else:
                stats = store.stats(row.id)
                n_checks = len(store.checks(row.id))
                meta = [
                    row.id,
                    row.url,
                    row.version,
                    int(row.current),
                    names.get(row.source_id, "") if row.source_id is not None else "",
                    row.agency or "",
                    "/".join(row.region),
                    row.region_basis,
                    row.year if row.year is not None else "",
                    row.edition or "",
                    row.title or "",
                    row.published or "",
                    row.parser_version,
                    row.extracted_at,
                    row.sha256,
                    n_checks,
                    duplicate_of if duplicate_of is not None else "",
                ]
                assert writer is not None
                writer.writerow([*meta, *(csv_cell(stats.get(k)) for k in keys)])
            n += 1
    return n


@contextlib.contextmanager
def _export_sink(output: str | os.PathLike[str] | IO[str] | None) -> Iterator[IO[str]]:
    """Where an export goes. A path is written through a temporary file beside it, renamed into
    place only when the export is complete: a failed export (a database that cannot be read, a full
    disk, Ctrl-C) leaves the previous file whole."""
    if output is None or not isinstance(output, (str, os.PathLike)):
        fh = output if output is not None else sys.stdout
        try:
            yield fh
        finally:
            fh.flush()
        return
    target = Path(output).resolve()  # a symlink's file is replaced, not the link itself
    if target.exists() and not target.is_file():  # /dev/null, a FIFO: nothing there to keep whole
        with open(target, "w", encoding="utf-8", newline="") as fh:
            yield fh
        return
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            yield fh
        if target.exists():
            shutil.copymode(target, tmp)  # the file keeps the permissions it had
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def duplicate_reports(store: Store) -> dict[int, int]:
    """Current reports that are another current report stored again, mapped to that report's id (the
    first stored): the same agency and year, the same statistics, another URL (a mirror, a
    republished copy, the PDF behind an attachment-only page). Export keeps both rows and names the
    first on the others, so a sum over agencies and years can skip them."""
    out: dict[int, int] = {}
    for members in store.current_by_agency_year().values():
        if len(members) < 2:
            continue
        first_with: dict[frozenset[tuple[str, int | float]], tuple[int, str]] = {}
        for report_id, url in members:  # in id order: the first stored comes first
            stats = store.stats(report_id)
            if not stats:
                continue
            first_id, first_url = first_with.setdefault(frozenset(stats.items()), (report_id, url))
            if first_url != url:
                out[report_id] = first_id
    return out


def iter_links(summary: CrawlSummary) -> Iterable[str]:
    """Dry-run listing lines: ``source  known|new  year  title  url``."""
    for source, link, known in summary.discovered:
        yield f"{source}\t{known}\t{link.year or ''}\t{link.text}\t{link.url}"


def format_reports(summary: CrawlSummary) -> str:
    """The reports this run stored (new and changed), one line each, for the end of the output."""
    buf = io.StringIO()
    for status, agency, year, edition, nstats in sorted(summary.reports, key=lambda r: (r[1], r[2] or 0)):
        if status != "unchanged":
            buf.write(
                f"  {status:8} {year or '????'} {agency:24} edition {edition:8} {nstats:4} statistics\n"
            )
    return buf.getvalue().rstrip("\n")
