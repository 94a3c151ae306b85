"""CPU time and memory of a run's processes, sampled from Linux /proc by a thread of the process
that runs the crawl: the process itself ("main") and every process below it (the fork server and
the extraction workers). The sampler's own CPU time is kept apart, so that it is not counted as
the crawl's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        return os.cpu_count() or 1


def run_child(args: list[str], root: Path) -> dict:
    """A benchmark's measured run in a process of its own (``python ARGS``, the package imported from
    ``root``): the JSON object its last line prints, with the load average before and after."""
    load = os.getloadavg()[0]
    out = subprocess.run(
        [sys.executable, *args],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["load_before"], result["load_after"] = load, os.getloadavg()[0]
    return result


def rss_text(rss: dict) -> str:
    """One sample's RSS in MB as "main/worker+worker" (no workers: "main")."""
    workers = "+".join(f"{w:.0f}" for w in rss["workers"])
    return f"{rss['main']:.0f}" + (f"/{workers}" if workers else "")


def rss_at_marks(result: dict, marks: Iterable[int]) -> str:
    """The RSS the run recorded at each mark, "–" where it recorded none, joined by " | "."""
    return " | ".join(rss_text(at) if (at := result["rss_at"].get(str(mark))) else "–" for mark in marks)


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    out, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


class ProcessSampler:
    """Samples, every ``interval`` seconds: each process's resident set, peak resident set and CPU
    time. ``checkpoint(label)`` (also called by ``progress``, a function returning a count, as the
    count crosses each of ``marks``) records every process's RSS at that moment."""

    def __init__(
        self,
        *,
        interval: float = 0.25,
        progress: Callable[[], int] | None = None,
        marks: tuple[int, ...] = (),
    ) -> None:
        self.pid = os.getpid()
        self.interval = interval
        self.progress = progress
        self.marks = list(marks)
        self.cpu: dict[int, float] = {}  # pid → CPU seconds (the last sample)
        self.cpu_at_start: dict[int, float] = {}
        self.peak_mb: dict[int, float] = {}
        self.names: dict[int, str] = {}
        self.parent: dict[int, int] = {}
        self.at: dict[str, dict[int, float]] = {}  # checkpoint → pid → RSS MB
        self.own_cpu = 0.0  # the sampler thread's own CPU seconds
        self._others: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> ProcessSampler:
        self._sample(rescan=True)
        self.cpu_at_start = dict(self.cpu)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def checkpoint(self, label: str) -> None:
        self.at[label] = {pid: round(self._rss_mb(pid), 1) for pid in [self.pid, *sorted(self._others)]}

    def workers(self) -> list[int]:
        """The extraction workers: the processes below this one's children (a fork server starts
        them; its sibling, multiprocessing's resource tracker, is no worker), or this one's
        children where there is no fork server."""
        others = [p for p in sorted(self.cpu) if p != self.pid]
        below = [p for p in others if self.parent.get(p) != self.pid]
        return below or others

    def cpu_of(self, pid: int) -> float:
        return self.cpu.get(pid, 0.0) - self.cpu_at_start.get(pid, 0.0)

    def _rss_mb(self, pid: int) -> float:
        try:
            with open(f"/proc/{pid}/statm") as fh:
                return int(fh.read().split()[1]) * _PAGE / 2**20
        except OSError:
            return 0.0

    def _peak(self, pid: int) -> float | None:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def _sample(self, *, rescan: bool) -> None:
        if rescan:
            self._others = _descendants(self.pid)
        for pid in [self.pid, *self._others]:
            fields = _stat(pid)
            if fields is None:
                continue
            self.cpu[pid] = (int(fields[11]) + int(fields[12])) / _TICK
            self.parent[pid] = int(fields[1])
            peak = self._peak(pid)
            if peak is not None:
                self.peak_mb[pid] = max(self.peak_mb.get(pid, 0.0), peak)
            self.names.setdefault(pid, _name(pid))

    def _run(self) -> None:
        t0 = time.thread_time()
        n = 0
        while not self._stop.wait(self.interval):
            n += 1
            self._sample(rescan=n % 2 == 1)  # workers appear (and are replaced) as the run goes
            if self.progress is not None and self.marks:
                count = self.progress()
                while self.marks and count >= self.marks[0]:
                    self.checkpoint(str(self.marks.pop(0)))
        self._sample(rescan=False)
        self.own_cpu = time.thread_time() - t0
