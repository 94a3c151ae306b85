"""A small seeded slice of the fuzz benchmark (benchmarks/fuzz.py) in CI: damaged and hostile
mutants of every fixture give no traceback, no hang and no value drift, in-process and through the
CLI. The whole benchmark runs thousands of mutants; this slice keeps the ways alive."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _fuzz():  # the benchmark is a script, not a package module
    spec = importlib.util.spec_from_file_location("linhai_fuzz", ROOT / "benchmarks" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["linhai_fuzz"] = module
    spec.loader.exec_module(module)
    return module


fuzz = _fuzz()


def test_a_seeded_slice_finds_no_traceback_hang_or_drift(capsys: pytest.CaptureFixture[str]) -> None:
    code = fuzz.main(["--count", "80", "--seed", "7", "--cli-every", "40", "--seconds", "60"])
    out = capsys.readouterr().out
    assert "tracebacks: 0; hangs: 0; value drift: 0" in out, out
    assert "mutants run: 80 in-process, 2 through the CLI" in out, out
    assert code == 0


def test_every_mutation_changes_what_it_says() -> None:
    html = (ROOT / "fixtures" / "real_spans_2021.html").read_bytes()
    dump = (ROOT / "fixtures" / "text_2021.txt").read_bytes()
    for name, mutate in fuzz.MUTATIONS.items():
        for data, kind in ((html, "html"), (dump, "text")):
            if name in fuzz.mutations_for(kind):
                assert mutate(data, random.Random(1), kind) != data, (name, kind)


def test_drift_is_a_changed_value_from_the_same_evidence() -> None:
    """A key read from the same cell with another value is drift; a key whose cell changed is not."""
    from linhai_scrape import extract

    base = extract(ROOT / "fixtures" / "html_2021_utf8.html")
    key = "applications.new_received.total"
    same_cell = base.model_copy(deep=True)
    same_cell.stats[key] = base.stats[key] + 1
    assert fuzz.drift(base, same_cell, "flip bytes") != []
    other_cell = same_cell.model_copy(deep=True)
    other_cell.evidence[key].cell = "9999"
    assert fuzz.drift(base, other_cell, "flip bytes") == []
