"""Watching the nightly run: each source's own result, the sources that keep failing run after run,
and the run's summary as a JSON file a monitor reads (``crawl --summary-json FILE``).

A source *failed* in a run when any of its pages failed or was blocked: its list pages (the portal
did not answer, or moved) or its report pages. A source that has failed on ``failing_after`` runs
in a row (3 by default; nights, under a nightly timer) is called out at the top of the summary: one
bad night is the internet, three are a portal that changed or a firewall that now refuses us. The
history is the store's ``runs`` table, so a streak survives across processes and needs no state of
its own. A run that did not crawl the source (``--source`` chose others) or did not finish (killed,
interrupted) neither extends a streak nor breaks it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..models import InputError

if TYPE_CHECKING:
    from .run import CrawlSummary

__all__ = ["FAILING_AFTER", "FailingSource", "SourceRun", "failing_sources", "summary_document"]

FAILING_AFTER = 3  # runs in a row a source must fail on to be called out

SourceStatus = Literal["ok", "partial", "failed"]


@dataclass(frozen=True)
class SourceRun:
    """One source in one run. ``status``: ``ok``; ``partial`` (some pages failed or were blocked);
    ``failed`` (no list page could be read: nothing of the source was crawled)."""

    name: str
    status: SourceStatus
    elapsed_s: float
    list_pages: int
    new: int
    changed: int
    unchanged: int
    failed: int
    blocked: int

    @classmethod
    def of(cls, name: str, counts: Mapping[str, int], list_pages: int, elapsed: float) -> SourceRun:
        problems = counts.get("failed", 0) + counts.get("blocked", 0)
        status: SourceStatus = "failed" if list_pages == 0 else "partial" if problems else "ok"
        return cls(
            name=name,
            status=status,
            elapsed_s=round(elapsed, 2),
            list_pages=list_pages,
            new=counts.get("new", 0),
            changed=counts.get("changed", 0),
            unchanged=counts.get("unchanged", 0),
            failed=counts.get("failed", 0),
            blocked=counts.get("blocked", 0),
        )


@dataclass(frozen=True)
class FailingSource:
    """A source that has failed on ``runs`` runs in a row, this one included, since the run that
    started at ``since``; ``reason`` is this run's first problem with it."""

    source: str
    runs: int
    since: str
    reason: str

    def line(self) -> str:
        return f"[{self.source}] has failed on {self.runs} runs in a row (since {self.since}): {self.reason}"


def failing_sources(
    history: Sequence[Mapping[str, Any]],
    *,
    run_id: int | None,
    started_at: str,
    problems: Sequence[tuple[str, str]],
    failing_after: int = FAILING_AFTER,
) -> list[FailingSource]:
    """The sources failing on at least ``failing_after`` runs in a row, this run the last of them.

    ``history``: the store's runs (:meth:`Store.runs`, oldest first); ``problems``: this run's
    (source, reason) pairs, in the order they happened."""
    first_reason: dict[str, str] = {}
    for source, reason in problems:
        if source:  # a crawler error names no source
            first_reason.setdefault(source, reason)
    streak = dict.fromkeys(first_reason, 1)
    since = dict.fromkeys(first_reason, started_at)
    open_streaks = set(first_reason)
    for run in reversed(history):
        if not open_streaks:
            break
        if (
            run.get("id") == run_id
            or run.get("command") != "crawl"
            or run.get("status") not in ("ok", "failed")
        ):
            continue  # this run itself; a reextract; a run killed or interrupted before its end
        crawled = set((run.get("options") or {}).get("sources") or ())
        failed = {problem.get("source") for problem in run.get("errors") or ()}
        for name in sorted(open_streaks & crawled):
            if name in failed:
                streak[name] += 1
                since[name] = run["started_at"]
            else:
                open_streaks.discard(name)
    return [
        FailingSource(name, streak[name], since[name], first_reason[name])
        for name in first_reason
        if streak[name] >= failing_after
    ]


def summary_document(summary: CrawlSummary) -> dict[str, Any]:
    """The run's summary as the JSON a monitor reads: status and exit code first, the failing
    sources, the counts, each source's own result and duration, and every problem with its reason."""
    return {
        "command": "crawl",
        "status": summary.status,
        # what the process exits with: an interrupted run leaves through KeyboardInterrupt (130);
        # its row in the runs table keeps the summary's own code
        "exit_code": 130 if summary.interrupted and summary.error is None else summary.exit_code,
        "error": summary.error,
        "run_id": summary.run_id,
        "dry_run": summary.dry_run,
        "started_at": summary.started_at,
        "elapsed_s": round(summary.elapsed, 2),
        "failing_after": summary.failing_after,
        "failing_sources": [asdict(f) for f in summary.failing],
        "counts": summary.counts(),
        "sources": [asdict(s) for s in sorted(summary.per_source, key=lambda s: s.name)],
        "problems": [p.as_dict() for p in summary.problems],
    }


def write_summary_json(summary: CrawlSummary, path: str | os.PathLike[str]) -> None:
    """Write the summary to ``path`` whole or not at all: a monitor reading it at any moment sees
    the last run's summary or this one's, never half of one."""
    from .run import _export_sink  # the export's writer: a temporary file beside, renamed when complete

    text = json.dumps(summary_document(summary), ensure_ascii=False, indent=2) + "\n"
    try:
        with _export_sink(path) as fh:
            fh.write(text)
    except OSError as exc:
        raise InputError(f"{path}: cannot write the run's summary ({exc.strerror or exc})") from None


def check_summary_path(path: str | os.PathLike[str]) -> None:
    """Refuse a summary file that could not be written, before the run rather than after it."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a directory; --summary-json takes a file")
    if not target.resolve().parent.is_dir():
        raise InputError(f"{target}: its directory does not exist; --summary-json cannot be written there")
