"""The event loop a crawl (and a re-extraction) runs on: uvloop where it is installed, else asyncio's.

A nightly run over thousands of portals is mostly conditional requests answered 304, and the one
process that fetches and writes spends much of each in the event loop's own work (callbacks,
timers, socket reads and writes). uvloop, the standard fast loop on libuv, does that work in C: on
the project's 2-core machine it cut the main process's CPU per 304 from 2.01 to 1.78–1.86 ms
(``benchmarks/nation.py --loop``). It exists for Linux and macOS only; elsewhere, or when it is not
installed, or with ``LINHAI_EVENT_LOOP=asyncio`` in the environment, asyncio's own loop runs the
same code.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Coroutine
from typing import Any, Literal, TypeVar

__all__ = ["EVENT_LOOP_ENV", "event_loop", "run"]

EVENT_LOOP_ENV = "LINHAI_EVENT_LOOP"

T = TypeVar("T")


def event_loop() -> Literal["uvloop", "asyncio"]:
    """The loop :func:`run` uses: ``uvloop`` when it can be imported and the environment does not
    ask for ``asyncio`` (``LINHAI_EVENT_LOOP=asyncio``)."""
    if os.environ.get(EVENT_LOOP_ENV, "").strip().lower() == "asyncio":
        return "asyncio"
    try:
        import uvloop  # noqa: F401
    except ImportError:  # Windows, or an install without it
        return "asyncio"
    return "uvloop"


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    if event_loop() == "uvloop":
        import uvloop

        return uvloop.new_event_loop
    return None  # asyncio's default


def run(main: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(main)`` on the loop :func:`event_loop` names."""
    with asyncio.Runner(loop_factory=_loop_factory()) as runner:
        return runner.run(main)
