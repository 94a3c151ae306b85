"""Batch extraction of archives: several sources in, one line per file out, in input order, on worker
processes; a file that is not read is named in its place and the batch goes on."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from linhai_scrape import FileResult, extract, extract_many
from linhai_scrape.batch import BatchInput, FileError, expand_sources, map_in_order
from linhai_scrape.cli import main
from linhai_scrape.models import CSV_META_COLUMNS
from linhai_scrape.template import canonical_keys

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REPORTS = ["text_2019.txt", "html_2021_utf8.html", "text_2021.txt", "seed_linhai_2020.txt"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A directory of saved pages: reports, a page that is no report, a file that is not a page,
    in a subdirectory too, and hidden files the walk leaves alone."""
    root = tmp_path / "archive"
    (root / "2021").mkdir(parents=True)
    for name in REPORTS[:2]:
        shutil.copy(FIXTURES / name, root / name)
    shutil.copy(FIXTURES / "news_article.html", root / "2021" / "b_news.html")
    shutil.copy(FIXTURES / "text_2021.txt", root / "2021" / "a_report.txt")
    (root / "2021" / "notes.json").write_text("{}", encoding="utf-8")  # not a report file's name
    (root / ".hidden.html").write_text("<p>x</p>", encoding="utf-8")
    return root


def test_a_directory_is_every_report_file_under_it_in_name_order(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    code, out, err = run(capsys, "extract", str(archive), "--workers", "2")
    got = lines(out)
    assert [Path(d["path"]).relative_to(archive).as_posix() for d in got] == [
        "2021/a_report.txt",
        "2021/b_news.html",
        "html_2021_utf8.html",
        "text_2019.txt",
    ]
    news = next(d for d in got if d["path"].endswith("b_news.html"))
    assert (news["outcome"], news["reason"]) == ("not_report", "no_sections")
    report = next(d for d in got if d["path"].endswith("text_2019.txt"))
    assert report["stats"] == extract(FIXTURES / "text_2019.txt").stats
    assert code == 1  # one file was not a report
    assert "b_news.html: not an annual report (no_sections)" in err
    assert "4 file(s), 3 read as reports, 1 not read (no_sections 1)" in err
    assert "Traceback" not in err


def test_a_glob_pattern_is_expanded_when_the_shell_did_not(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    code, out, _ = run(capsys, "extract", str(archive / "**" / "*.txt"), "--workers", "1")
    assert code == 0
    assert [Path(d["path"]).name for d in lines(out)] == ["a_report.txt", "text_2019.txt"]
    assert all("stats" in d for d in lines(out))
    code, out, err = run(capsys, "extract", str(archive / "*.pdf"))
    assert code == 1
    (line,) = lines(out)
    assert (line["outcome"], line["reason"]) == ("error", "no_files") and "matches no file" in err


def test_a_list_of_paths_on_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    paths = [str(FIXTURES / name) for name in REPORTS]
    listing = ("\r\n".join(paths) + "\n\n").encode()  # CRLF lines and a blank line are taken as they come
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(listing)))
    code, out, err = run(capsys, "extract", "--files-from", "-", "--workers", "2")
    assert code == 0, err
    assert [d["path"] for d in lines(out)] == paths
    assert "4 file(s), 4 read as reports, 0 not read" in err
    listed = tmp_path / "list.txt"
    listed.write_text("\n".join(paths), encoding="utf-8")
    code, out, _ = run(capsys, "extract", "--files-from", str(listed), "--format", "csv")
    assert code == 0 and len(list(csv.reader(io.StringIO(out)))) == 1 + len(paths)


def test_output_stays_in_input_order_whichever_worker_finishes_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # a long page then short dumps, over and over: with two workers the short ones finish first
    order = []
    for i in range(12):
        for name in ("html_2021_utf8.html", "text_2019.txt", "seed_linhai_2020.txt"):
            target = tmp_path / f"{i:02d}_{name}"
            shutil.copy(FIXTURES / name, target)
            order.append(str(target))
    order.reverse()  # not name order either
    code, out, _ = run(capsys, "extract", *order, "--workers", "2")
    assert code == 0
    got = lines(out)
    assert [d["path"] for d in got] == order
    flats = {name: extract(FIXTURES / name).stats for name in ("html_2021_utf8.html", "text_2019.txt")}
    for d in got:
        for name, stats in flats.items():
            if d["path"].endswith(name):
                assert d["stats"] == stats


def test_files_not_read_keep_their_place_and_the_batch_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sources = [
        str(FIXTURES / "text_2019.txt"),
        str(FIXTURES / "news_article.html"),  # not a report
        str(tmp_path / "missing.html"),  # no such file
        str(FIXTURES / "empty.txt"),  # unreadable input: a named outcome
        str(FIXTURES / "text_2021.txt"),
    ]
    code, out, err = run(capsys, "extract", *sources, "--workers", "2")
    assert code == 1
    got = lines(out)
    assert [d["path"] for d in got] == sources
    assert "stats" in got[0] and "stats" in got[4]
    # the same object a one-file `extract` prints for the outcome, with the path
    single = json.loads(
        subprocess.run(
            [sys.executable, "-m", "linhai_scrape", "extract", sources[1]], capture_output=True, check=False
        ).stdout
    )
    assert got[1] == {"path": sources[1], **single}
    assert got[2] == {
        "path": sources[2],
        "outcome": "error",
        "reason": "unreadable",
        "message": f"{sources[2]}: no such file",
    }
    assert (got[3]["outcome"], got[3]["reason"]) == ("not_report", "empty")
    code, out, _ = run(capsys, "extract", *sources[:1], sources[4], "--max-bytes", "5300", "--workers", "2")
    capped = lines(out)  # text_2019.txt is under 5,300 bytes, text_2021.txt over: refused unread
    assert code == 1 and "stats" in capped[0] and capped[1]["reason"] == "unreadable"
    assert "cap on input" in capped[1]["message"]
    assert f"linhai-scrape: {sources[2]}: unreadable: no such file" in err.splitlines()
    assert "5 file(s), 2 read as reports, 3 not read (empty 1, no_sections 1, unreadable 1)" in err


def test_csv_has_one_row_per_report_under_the_export_header(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    code, out, _ = run(capsys, "extract", str(archive), "--format", "csv", "--workers", "2")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [*CSV_META_COLUMNS, *canonical_keys()]  # export --format csv's header
    assert len(rows) == 3  # four files, three reports: the news page has no row
    row = next(r for r in rows if r["url"].endswith("text_2019.txt"))
    flat = extract(FIXTURES / "text_2019.txt").flat()
    assert all(row[k] == str(v) for k, v in flat.items())
    assert all(row[k] == "" for k in canonical_keys() if k not in flat)  # never 0 for a missing key
    assert row["report_id"] == row["version"] == row["source"] == ""  # what only a store knows
    assert row["year"] == "2019" and row["sha256"]
    # one file's CSV is a batch of one: the same columns, the same row
    code, single, _ = run(capsys, "extract", str(archive / "text_2019.txt"), "--format", "csv")
    assert code == 0
    assert list(csv.DictReader(io.StringIO(single))) == [row]


def test_one_file_one_page_on_stdin_and_the_seed_keep_their_meaning(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, "extract", str(FIXTURES / "news_article.html"))
    assert code == 3 and json.loads(out)["reason"] == "no_sections"  # one file: exit 3, pretty JSON
    page = (FIXTURES / "text_2021.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    code, out, _ = run(capsys, "extract", "-", "--format", "flat")
    assert code == 0 and json.loads(out)["applications.new_received.total"] == 78
    code, out, _ = run(capsys, "extract", "--format", "jsonl", "--workers", "0")
    (line,) = lines(out)
    assert code == 0 and line["stats"]["applications.new_received.total"] == 248


@pytest.mark.parametrize(
    "argv, says",
    [
        (["a.txt", "b.txt", "--format", "json"], "--format jsonl"),
        (["a.txt", "b.txt", "--format", "flat"], "--format jsonl"),
        (["a.txt", "-"], "--files-from -"),
        (["a.txt", "https://example.org/r.html"], "a batch reads files"),
        (["a.txt", "b.txt", "--strict"], "--strict"),
        (["--files-from", "/no/such/list"], "cannot read the list"),
    ],
)
def test_batch_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], says: str) -> None:
    code, out, err = run(capsys, "extract", *argv)
    assert code == 2 and out == ""
    assert says in err and err.count("\n") == 1


def test_progress_bar_only_when_asked_or_on_a_terminal(
    capsys: pytest.CaptureFixture[str], archive: Path
) -> None:
    code, _, err = run(capsys, "extract", str(archive), "--workers", "0")  # stderr is not a terminal
    assert "file/s" not in err and "\r" not in err
    code, _, err = run(capsys, "extract", str(archive), "--workers", "0", "--progress")
    assert "file" in err and "4/4" in err


def test_output_file_is_written_whole(
    capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("earlier run\n", encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(archive), "-o", str(target), "--workers", "0")
    assert code == 1 and out == ""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 4
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_library_mirrors_the_command(archive: Path) -> None:
    results = list(extract_many([archive, str(archive / "missing.txt")], workers=2))
    assert all(isinstance(r, FileResult) for r in results)
    assert [r.outcome for r in results] == ["report", "no_sections", "report", "report", "unreadable"]
    first = next(r for r in results if r.path.endswith("text_2019.txt"))
    assert first.ok and first.report is not None
    assert first.report.flat() == extract(FIXTURES / "text_2019.txt").flat()
    assert [r.path for r in results] == [
        r.path for r in extract_many([archive, archive / "missing.txt"], workers=0)
    ]
    assert [i.path for i in expand_sources([archive])] == [r.path for r in results[:4]]


# -------------------------------------------------------------------------- a worker that dies


def _dies_on_poison(item: BatchInput) -> str:
    """A task that kills its own worker process on the file named poison (as a crash in a native
    library or the kernel's OOM killer would)."""
    if Path(item.path).name == "poison":
        os.kill(os.getpid(), signal.SIGKILL)
    return item.path


def _lost(item: BatchInput, reason: str, message: str) -> str:
    return f"LOST {item.path} {reason}"


def test_a_worker_that_dies_is_reported_for_its_file_and_the_run_goes_on() -> None:
    items = [BatchInput(f"f{i}") for i in range(60)]  # handed to the workers a few at a time
    for poisoned in (7, 8, 59):  # two in one chunk, and the last file
        items[poisoned] = BatchInput("poison")
    got = list(map_in_order(_dies_on_poison, items, workers=2, lost=_lost))  # type: ignore[arg-type]
    expected = [i.path if i.path != "poison" else "LOST poison worker_died" for i in items]
    assert got == expected  # every other file read, in order, each poison named in its place


def test_a_file_result_round_trips_as_its_json_line() -> None:
    error = FileResult("x.html", error=FileError(reason="worker_died", message="gone"))
    assert json.loads(error.json_line()) == {
        "path": "x.html",
        "outcome": "error",
        "reason": "worker_died",
        "message": "gone",
    }
    assert error.outcome == "worker_died" and not error.ok
