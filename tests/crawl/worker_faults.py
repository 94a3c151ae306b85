"""Page readers that make an extraction worker process die, for the tests of worker deaths.

They run in the worker processes, so they are module-level functions (sent to the workers by name)
and keep what they must remember across processes in files.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from linhai_scrape.crawl.workers import PageRead, PageTask, read_page


def die_once_on(marker: str, url_end: str, task: PageTask) -> PageRead:
    """Exit abruptly the first time a worker reads the page whose URL ends with ``url_end`` (``marker``:
    a file that says it happened); read it normally after that."""
    if task.url.endswith(url_end) and not Path(marker).exists():
        Path(marker).write_text(str(os.getpid()))
        os._exit(3)
    return read_page(task)


def killed_on(url_end: str, task: PageTask) -> PageRead:
    """Kill the worker (SIGKILL, as the OOM killer does) whenever it reads that page."""
    if task.url.endswith(url_end):
        os.kill(os.getpid(), signal.SIGKILL)
    return read_page(task)
