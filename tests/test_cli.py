"""The command line: formats, exit codes, stdin, clear errors and never a traceback."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from linhai_scrape import extract
from linhai_scrape.cli import main
from linhai_scrape.crawl.demo import DEMO_PORTS
from linhai_scrape.models import CSV_META_COLUMNS
from linhai_scrape.template import canonical_keys

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_default_source_is_the_bundled_seed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extract", "--format", "flat")
    assert code == 0
    assert json.loads(out)["applications.new_received.total"] == 248


def test_json_is_unescaped_utf8_and_indented(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extract", str(FIXTURES / "html_2021_utf8.html"))
    assert code == 0
    assert "台州市黄岩区" in out and "\\u" not in out
    assert out.startswith("{\n  ")
    data = json.loads(out)
    assert data["edition"] == "2021" and data["source"]["encoding"] == "utf-8"


def test_flat_is_exactly_report_flat(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "text_2019.txt"
    code, out, _ = run(capsys, "extract", "--format", "flat", str(path))
    assert code == 0
    assert json.loads(out) == extract(path).flat()


def test_csv_has_the_export_header_and_one_row(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "html_2019_gbk.html"
    code, out, _ = run(capsys, "extract", "--format", "csv", str(path))
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [*CSV_META_COLUMNS, *canonical_keys()]  # the columns of export --format csv
    assert len(rows) == 2
    flat = extract(path).flat()
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["active.procurement.amount"] == "25.1"
    assert all(row[k] == str(v) for k, v in flat.items())
    assert all(row[k] == "" for k in canonical_keys() if k not in flat)
    assert row["url"] == str(path) and row["agency"] == "安康市汉滨区人民政府" and row["report_id"] == ""


def test_not_a_report_exits_3_with_a_named_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "extract", str(FIXTURES / "attachment_only.html"))
    assert code == 3
    outcome = json.loads(out)
    assert outcome["outcome"] == "not_report" and outcome["reason"] == "attachment_only"
    assert outcome["attachment"].endswith(".pdf")
    assert "attachment" in err and "Traceback" not in err


def test_not_a_report_with_output_replaces_an_earlier_report_there(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "out.json"
    assert run(capsys, "extract", str(FIXTURES / "seed_linhai_2020.txt"), "-o", str(out_file))[0] == 0
    code, out, _ = run(capsys, "extract", str(FIXTURES / "news_article.html"), "-o", str(out_file))
    assert code == 3 and out == ""
    assert json.loads(out_file.read_text(encoding="utf-8"))["reason"] == "no_sections"


def test_output_dash_is_stdout(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(
        capsys, "extract", str(FIXTURES / "seed_linhai_2020.txt"), "--format", "flat", "-o", "-"
    )
    assert code == 0 and json.loads(out)["applications.new_received.total"] == 248
    assert not (tmp_path / "-").exists()


def test_no_sections_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "extract", str(FIXTURES / "news_article.html"))
    assert code == 3
    assert "no numbered section headings" in err


@pytest.mark.parametrize("name", ["empty.txt", "binary.bin"])
def test_unreadable_input_exits_2(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, err = run(capsys, "extract", str(FIXTURES / name))
    assert code == 2
    assert json.loads(out)["reason"] in ("empty", "binary")
    assert err.startswith("linhai-scrape: ")


def test_missing_file_and_bad_scheme_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "extract", str(tmp_path / "nope.html"))
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, "extract", "ftp://example.org/report.html")
    assert code == 2 and "only http and https" in err
    # a directory is a batch of the report files under it: none here, which is named, and exit 1
    code, out, err = run(capsys, "extract", str(tmp_path))
    assert code == 1 and json.loads(out)["reason"] == "no_files" and "holds no .html" in err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["extract", "--format", "xml"])
    assert info.value.code == 2


def test_strict_exits_4_only_on_error_checks(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # a consistent report passes --strict
    code, _, _ = run(capsys, "extract", "--strict", str(FIXTURES / "html_2021_utf8.html"))
    assert code == 0
    # a cell that cannot be read as a number is an error-severity check
    html = (FIXTURES / "html_2021_utf8.html").read_text(encoding="utf-8").replace(">3156<", ">3156件左右<", 1)
    broken = tmp_path / "broken.html"
    broken.write_text(html, encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(broken))
    assert code == 0
    assert "cell_unreadable" in out
    code, _, err = run(capsys, "extract", "--strict", str(broken))
    assert code == 4 and "severity error" in err


def test_stdin_and_module_entry_point() -> None:
    data = (FIXTURES / "text_2021.txt").read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "linhai_scrape", "extract", "-", "--format", "flat"],
        input=data,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["applications.new_received.total"] == 78


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "Report"
    assert {"stats", "evidence", "checks", "source", "edition"} <= set(schema["properties"])


def test_crawl_demo_export_and_reextract_mirror_the_library(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "demo.sqlite"
    # The first run finds a demo port taken (as when another test suite crawls the demo at the
    # same time), the second finds it free: the rerun is incremental all the same.
    with contextlib.ExitStack() as held:
        holder = held.enter_context(socket.socket())
        with contextlib.suppress(OSError):  # else another process holds it already: taken all the same
            holder.bind(("127.0.0.1", DEMO_PORTS[1]))
            holder.listen()
        code, out, err = run(capsys, "crawl", "--demo", "--db", str(db), "--no-progress")
    (hanbin,) = [line for line in err.splitlines() if line.startswith("  hanbin ")]
    assert f"http://127.0.0.1:{DEMO_PORTS[1]}/" in hanbin and "(served on 127.0.0.1:" in hanbin
    # the demo farm holds a 412 challenge, a 500 and a broken link on purpose: exit 1, listed
    assert code == 1
    assert "reports: 23 new" in out and "blocked: 1" in out and "failed: 2" in out
    assert "临海市" in out and "Traceback" not in err
    code, out, _ = run(capsys, "crawl", "--demo", "--db", str(db), "--no-progress")
    assert "0 new, 0 changed, 23 unchanged" in out
    csv_path = tmp_path / "reports.csv"
    code, _, err = run(capsys, "export", "--db", str(db), "--format", "csv", "-o", str(csv_path))
    assert code == 0 and "23 report(s)" in err
    with csv_path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 23
    assert set(canonical_keys()) <= set(rows[0])
    seed_row = next(r for r in rows if r["agency"] == "临海市" and r["year"] == "2020")
    assert seed_row["applications.new_received.total"] != ""
    code, out, _ = run(capsys, "export", "--db", str(db), "--format", "jsonl", "--year", "2016")
    assert code == 0 and len(out.splitlines()) == 1 and json.loads(out)["year"] == 2016
    code, out, _ = run(capsys, "reextract", "--db", str(db))
    assert code == 0


def test_crawl_usage_and_config_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "crawl")
    assert code == 2 and "--example-sources" in err
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nname = "x"\nstart_urls = ["ftp://nowhere"]\n', encoding="utf-8")
    code, _, err = run(capsys, "crawl", "--sources", str(bad), "--db", str(tmp_path / "x.sqlite"))
    assert code == 2 and "sources.toml:3:" in err and "not an http(s) URL" in err and "Traceback" not in err
    code, out, _ = run(capsys, "crawl", "--example-sources")
    assert code == 0 and "linhai.gov.cn" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["extract", "--timeout", "-5", "https://example.org/r.html"],
        ["extract", "--retries", "0", "https://example.org/r.html"],
        ["crawl", "--demo", "--limit", "-1"],
        ["extract", "--timeout", "nan", "https://example.org/r.html"],
        ["extract", "--timeout", "inf", "https://example.org/r.html"],
        ["extract", "--user-agent", "", "https://example.org/r.html"],
        ["crawl", "--demo", "--user-agent", " "],
    ],
)
def test_bad_option_values_are_usage_errors(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def test_unwritable_output_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "extract", "-o", str(tmp_path / "missing" / "out.json"))
    assert code == 2 and "cannot write the output" in err


def test_utf16_text_dump_is_text_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes((FIXTURES / "text_2021.txt").read_text(encoding="utf-8").encode("utf-16"))
    assert extract(path).flat()["applications.new_received.total"] == 78


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read_not_refused_as_binary(tmp_path: Path, codec: str) -> None:
    expected = json.loads((FIXTURES / "expected" / "html_2021_utf8.html.json").read_text(encoding="utf-8"))
    path = tmp_path / "page.html"
    path.write_bytes((FIXTURES / "html_2021_utf8.html").read_text(encoding="utf-8").encode(codec))
    report = extract(path)
    assert report.flat() == expected["flat"]
    assert report.source is not None
    assert (report.source.encoding, report.source.encoding_reason) == (codec, "nul-pattern")


def test_save_raw_into_a_path_that_cannot_be_a_directory_fails_before_fetching(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    # nothing listens on port 9: had the fetch run first, the error would be about connecting
    code, _, err = run(capsys, "extract", "--save-raw", str(blocker), "http://127.0.0.1:9/r.html")
    assert code == 2 and "cannot keep fetched bytes there" in err


def test_export_to_a_directory_or_a_missing_path_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "s.sqlite"
    from linhai_scrape.crawl.store import Store

    Store(db).close()
    code, _, err = run(capsys, "export", "--db", str(db), "--format", "csv", "-o", str(tmp_path))
    assert code == 2 and "is a directory" in err
    code, _, err = run(capsys, "export", "--db", str(db), "-o", str(tmp_path / "no" / "x.jsonl"))
    assert code == 2 and "cannot write the export" in err


def test_demo_crawl_refuses_a_sources_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "crawl", "--demo", "--sources", str(tmp_path / "s.toml"))
    assert code == 2 and "takes no --sources" in err


def test_url_schemes_are_case_insensitive(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "extract", "--ignore-robots", "--retries", "1", "--timeout", "5", "HTTP://127.0.0.1:9/r"
    )
    assert code == 2 and "cannot connect" in err  # fetched (nothing listens), not refused as a scheme


def test_a_read_only_database_is_a_clear_error(tmp_path: Path) -> None:
    import os
    import shutil

    from linhai_scrape.crawl.store import Store

    db = tmp_path / "ro.sqlite"
    Store(db).close()
    for leftover in tmp_path.glob("ro.sqlite-*"):
        leftover.unlink()
    db.chmod(0o444)
    command = [sys.executable, "-m", "linhai_scrape", "reextract", "--db", str(db)]
    if os.geteuid() == 0:  # root writes any file: drop that override for the child
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: a read-only file is writable")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "read-only" in proc.stderr and "Traceback" not in proc.stderr


def test_a_local_file_over_the_cap_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Local files are capped like fetched pages (20 MiB by default): a 50 MB file is refused, not
    parsed into gigabytes."""
    from linhai_scrape.fetch import FetchConfig
    from linhai_scrape.models import MAX_INPUT_BYTES

    assert FetchConfig().max_bytes == MAX_INPUT_BYTES == 20 * 1024 * 1024
    big = tmp_path / "big.html"
    with big.open("wb") as f:
        f.truncate(MAX_INPUT_BYTES + 1)  # sparse: nothing to write, nothing read past the cap
    code, out, err = run(capsys, "extract", str(big))
    assert (code, out) == (2, "")
    assert (
        err
        == f"linhai-scrape: error: {big}: larger than the 20,971,520-byte cap on input (--max-bytes sets it)\n"
    )
    code, _, err = run(capsys, "extract", str(FIXTURES / "html_2021_utf8.html"), "--max-bytes", "1000")
    assert code == 2 and "larger than the 1,000-byte cap" in err
    code, _, _ = run(capsys, "extract", str(FIXTURES / "html_2021_utf8.html"), "--max-bytes", "100000")
    assert code == 0


def test_standard_input_over_the_cap_is_refused(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "linhai_scrape", "extract", "-", "--max-bytes", "1000"],
        input=(FIXTURES / "html_2021_utf8.html").read_bytes(),
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "linhai-scrape: error: standard input: larger than the 1,000-byte cap on input (--max-bytes sets it)\n"
    )


def test_the_library_caps_files_too(tmp_path: Path) -> None:
    from linhai_scrape import InputError, extract_file

    with pytest.raises(InputError, match="larger than the 1,000-byte cap"):
        extract_file(FIXTURES / "html_2021_utf8.html", max_bytes=1000)
