"""Tests for linhai_scrape.crawl.store: a real SQLite file, WAL, versions, atomicity, the cross-year check."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys

import pytest

from linhai_scrape.crawl import store as store_mod
from linhai_scrape.crawl.store import AttachmentRow, Store, StoreError, StoreLockedError, agency_key
from linhai_scrape.models import Check, NotReport, Report


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_report(year: int = 2022, agency: str = "临海市人民政府", **stats: float) -> Report:
    values = {k.replace("__", "."): v for k, v in stats.items()}
    return Report(
        title=f"{agency}{year}年政府信息公开工作年度报告",
        agency=agency,
        year=year,
        edition="2021",
        stats=values,
        checks=[Check(code="row_sum_mismatch", severity="warning", message="x", keys=["a"])] if stats else [],
    )


@pytest.fixture
def db(tmp_path):
    s = Store(tmp_path / "r.sqlite")
    yield s
    s.close()


def save(db: Store, url: str, body: bytes, report: Report, source_id: int | None = None):
    return db.save_report(url, report, body=body, sha256=sha(body), source_id=source_id)


def test_new_file_is_wal_with_current_schema(db):
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.schema_version == store_mod.SCHEMA_VERSION
    names = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert {"sources", "blobs", "pages", "reports", "stats", "checks", "attachments", "runs"} <= names
    # Plain SQL over the stats view, keys spelled out.
    save(db, "http://a/1.html", b"x", make_report(applications__new_received__total=3))
    rows = db.conn.execute("SELECT key, value, origin FROM stats WHERE key LIKE 'applications.%'").fetchall()
    assert [tuple(r) for r in rows] == [("applications.new_received.total", 3, None)]


def test_report_versions_blobs_and_stats(db):
    sid = db.upsert_source("linhai", agency="临海市人民政府", config={"name": "linhai"})
    r1 = make_report(applications__new_received__total=248, active__fees__amount=25.1)
    first = save(db, "http://a/1.html", b"<html>v1</html>", r1, sid)
    assert (first.status, first.version) == ("new", 1)
    again = save(db, "http://a/1.html", b"<html>v1</html>", r1, sid)
    assert (again.status, again.report_id) == ("unchanged", first.report_id)
    second = save(
        db, "http://a/1.html", b"<html>v2</html>", make_report(applications__new_received__total=249), sid
    )
    assert (second.status, second.version) == ("changed", 2)

    versions = db.report_versions("http://a/1.html")
    assert [(v.version, v.current) for v in versions] == [(1, False), (2, True)]
    assert db.current_report("http://a/1.html").id == second.report_id
    # The old version keeps its statistics, its checks and its bytes.
    assert db.stats(first.report_id) == {"applications.new_received.total": 248, "active.fees.amount": 25.1}
    assert isinstance(db.stats(first.report_id)["applications.new_received.total"], int)
    assert [c.code for c in db.checks(first.report_id)] == ["row_sum_mismatch"]
    assert db.get_blob(sha(b"<html>v1</html>")) == b"<html>v1</html>"
    assert versions[0].report().stats["active.fees.amount"] == 25.1
    # Reverting to old bytes makes the old version current again instead of adding a third.
    back = save(db, "http://a/1.html", b"<html>v1</html>", r1, sid)
    assert (back.status, back.version) == ("changed", 1)
    assert db.counts()["reports"] == 2 and db.counts()["current_reports"] == 1


def test_blobs_are_content_addressed_and_compressed(db):
    big = ("<p>政府信息公开</p>" * 500).encode()
    save(db, "http://a/1.html", big, make_report())
    save(db, "http://a/copy.html", big, make_report())
    row = db.conn.execute("SELECT COUNT(*), MAX(compression), MAX(length(data)) FROM blobs").fetchone()
    assert row[0] == 1 and row[1] == "zlib" and row[2] < len(big) / 5
    assert db.get_blob(sha(big)) == big


def test_pages_keep_validators_across_304_and_errors(db):
    body = b"<html>list</html>"
    db.record_page(
        "http://a/list.html",
        source_id=None,
        kind="list",
        outcome="ok",
        status=200,
        etag='"e1"',
        last_modified="Mon, 01 Jan 2024 00:00:00 GMT",
        sha256=sha(body),
        body=body,
        encoding="utf-8",
    )
    changed = db.page("http://a/list.html").changed_at
    db.record_page("http://a/list.html", source_id=None, kind="list", outcome="not_modified", status=304)
    page = db.page("http://a/list.html")
    assert (page.outcome, page.status, page.etag, page.sha256) == ("not_modified", 304, '"e1"', sha(body))
    assert page.changed_at == changed
    db.record_page("http://a/list.html", source_id=None, kind="list", outcome="error", error="timeout")
    page = db.page("http://a/list.html")
    assert page.error == "timeout" and page.etag == '"e1"' and db.get_blob(page.sha256) == body


def test_not_report_and_attachments(db):
    body = b"<html>see attachment</html>"
    outcome = NotReport(
        reason="attachment_only", message="the report is attached", attachment="http://a/r.pdf"
    )
    # the crawl resolves and classifies the outcome's attachment; the store keeps what it is given
    attached = [AttachmentRow("http://a/r.pdf", None, "pdf")]
    db.record_not_report(
        "http://a/2.html", outcome, body=body, sha256=sha(body), source_id=None, attachments=attached
    )
    page = db.page("http://a/2.html")
    assert page.result == "not_report:attachment_only"
    assert db.attachments("http://a/2.html") == [AttachmentRow("http://a/r.pdf", None, "pdf")]
    assert [p.url for p in db.not_report_pages()] == ["http://a/2.html"]
    atts = [
        AttachmentRow("http://a/x.docx", "附件：年报.docx", "docx"),
        AttachmentRow("http://a/t.png", "", "image"),
    ]
    db.save_report(
        "http://a/3.html", make_report(), body=b"3", sha256=sha(b"3"), source_id=None, attachments=atts
    )
    assert db.attachments("http://a/3.html") == atts


def test_failed_transaction_leaves_nothing(db, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("killed mid-write")

    monkeypatch.setattr(db, "_cross_year", boom)
    with pytest.raises(RuntimeError):
        save(db, "http://a/1.html", b"body", make_report(applications__new_received__total=1))
    counts = db.counts()
    assert counts["reports"] == counts["stats"] == counts["pages"] == counts["blobs"] == 0
    monkeypatch.undo()
    # The key ids cached during the rolled-back write are not trusted afterwards.
    assert (
        save(db, "http://a/1.html", b"body", make_report(applications__new_received__total=1)).status == "new"
    )
    assert db.stats(db.current_report("http://a/1.html").id) == {"applications.new_received.total": 1}


def test_cross_year_check_recorded_on_newer_report(db):
    r21 = make_report(
        2021,
        "临海市人民政府",
        applications__carried_forward__total=10,
        applications__carried_forward__natural_person=9,
    )
    r22 = make_report(
        2022, "临海市", applications__carried_over__total=12, applications__carried_over__natural_person=9
    )
    a = save(db, "http://a/2022.html", b"2022", r22)  # newer first: nothing to compare yet
    assert db.checks(a.report_id, origin="store") == []
    b = save(db, "http://a/2021.html", b"2021", r21)
    assert db.checks(b.report_id, origin="store") == []
    (check,) = db.checks(a.report_id, origin="store")
    assert check.code == "carry_over_mismatch" and check.severity == "warning"
    assert (
        check.keys == ["applications.carried_over.total"] and "10" in check.message and "12" in check.message
    )
    # A corrected 2022 version: the check is recomputed on it, and passes.
    fixed = make_report(
        2022, "临海市", applications__carried_over__total=10, applications__carried_over__natural_person=9
    )
    c = save(db, "http://a/2022.html", b"2022 fixed", fixed)
    assert c.status == "changed" and db.checks(c.report_id, origin="store") == []


def test_cross_year_check_lands_on_every_current_report_of_the_year(db):
    r22 = make_report(2022, "临海市", applications__carried_over__total=9)
    a = save(db, "http://a/2022.html", b"2022", r22)
    b = save(db, "http://mirror/2022.html", b"2022 copy", r22)  # the same report at a second URL
    save(
        db, "http://a/2021.html", b"2021", make_report(2021, "临海市", applications__carried_forward__total=7)
    )
    for newer in (a, b):
        assert [c.code for c in db.checks(newer.report_id, origin="store")] == ["carry_over_mismatch"]
    # the 2021 report corrected: the check is cleared on both, not only on one of them
    save(
        db,
        "http://a/2021.html",
        b"2021 fixed",
        make_report(2021, "临海市", applications__carried_forward__total=9),
    )
    for newer in (a, b):
        assert db.checks(newer.report_id, origin="store") == []


def test_a_report_whose_page_stops_being_a_report_says_so(db):
    saved = save(db, "http://a/1.html", b"v1", make_report(applications__new_received__total=3))
    gone = NotReport(reason="no_sections", message="no numbered section headings found")
    db.record_not_report("http://a/1.html", gone, body=b"news", sha256=sha(b"news"), source_id=None)
    # still current (a maintenance page must not retire the numbers), but flagged
    assert db.current_report("http://a/1.html").id == saved.report_id
    (check,) = db.checks(saved.report_id, origin="store")
    assert (check.code, check.severity) == ("page_not_report", "warning")
    assert "no_sections: no numbered section headings found" in check.message
    # the page reads as the report again: the flag is gone
    again = save(db, "http://a/1.html", b"v1", make_report(applications__new_received__total=3))
    assert again.report_id == saved.report_id
    assert db.checks(saved.report_id, origin="store") == []


def test_cross_year_unverified_and_other_agencies(db):
    save(db, "http://a/1.html", b"1", make_report(2021, "临海市", applications__carried_forward__total=3))
    other = save(
        db, "http://b/1.html", b"2", make_report(2022, "台州市", applications__carried_over__total=4)
    )
    assert db.checks(other.report_id, origin="store") == []
    newer = save(
        db, "http://a/2.html", b"3", make_report(2022, "临海市", applications__new_received__total=5)
    )
    assert [c.code for c in db.checks(newer.report_id, origin="store")] == ["carry_over_unverified"]


def test_agency_key():
    assert agency_key("临海市人民政府") == agency_key("临海市") == agency_key(" 临海市 ")
    assert agency_key("临海市人民政府办公室") != agency_key("临海市")
    assert agency_key(None) is None and agency_key("") is None


def test_replace_extraction_in_place(db):
    first = save(db, "http://a/1.html", b"1", make_report(applications__new_received__total=1))
    newer = make_report(applications__new_received__total=2)
    newer.parser_version = "99"
    db.replace_extraction(first.report_id, newer)
    row = db.current_report("http://a/1.html")
    assert row.parser_version == "99" and row.version == 1
    assert db.stats(first.report_id) == {"applications.new_received.total": 2}
    assert list(db.iter_reports(parser_version_not="99")) == []


def test_iter_reports_filters(db):
    sid = db.upsert_source("taizhou-demo", agency="台州市人民政府", config={})
    save(db, "http://a/1.html", b"1", make_report(2021, "临海市"))
    save(db, "http://a/2.html", b"2", make_report(2022, "临海市"))
    save(db, "http://b/1.html", b"3", make_report(2022, "台州市财政局"), sid)
    assert [r.url for r in db.iter_reports(year=2022)] == ["http://b/1.html", "http://a/2.html"] or [
        r.url for r in db.iter_reports(year=2022)
    ] == ["http://a/2.html", "http://b/1.html"]
    assert {r.url for r in db.iter_reports(agency="临海")} == {"http://a/1.html", "http://a/2.html"}
    assert {r.url for r in db.iter_reports(agency="taizhou")} == {"http://b/1.html"}


def test_runs_and_interrupted_runs(db):
    first = db.start_run("crawl", {"limit": 3})
    second = db.start_run("crawl")  # the first never finished: it was killed
    db.finish_run(second, status="ok", exit_code=0, counts={"new": 1}, errors=[])
    runs = db.runs()
    assert [(r["id"], r["status"]) for r in runs] == [(first, "interrupted"), (second, "ok")]
    assert runs[0]["options"] == {"limit": 3} and runs[1]["counts"] == {"new": 1}


def test_second_run_refuses_while_the_first_holds_the_lock(tmp_path):
    path = tmp_path / "r.sqlite"
    with Store(path) as one:
        one.lock()
        with Store(path) as two, pytest.raises(StoreLockedError, match="in use by another linhai-scrape run"):
            two.lock()
        # Another process too (flock is per open file description, so this is the real test).
        code = (
            "import sys; from linhai_scrape.crawl.store import Store, StoreLockedError\n"
            f"s = Store({str(path)!r})\n"
            "try:\n    s.lock()\nexcept StoreLockedError as e:\n    print(e); sys.exit(2)\n"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert proc.returncode == 2 and "pid" in proc.stdout
    with Store(path) as three:
        three.lock()  # released on close


def test_lock_released_when_the_holder_is_killed(tmp_path):
    path = tmp_path / "r.sqlite"
    code = f"from linhai_scrape.crawl.store import Store; s = Store({str(path)!r}); s.lock(); print('locked', flush=True); import time; time.sleep(60)"
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        with Store(path) as s, pytest.raises(StoreLockedError):
            s.lock()
        proc.kill()
        proc.wait()
        with Store(path) as s:
            s.lock()
    finally:
        proc.kill()
        proc.wait()


def test_schema_upgrade_in_place(tmp_path, monkeypatch):
    path = tmp_path / "r.sqlite"
    with Store(path) as s:
        save(s, "http://a/1.html", b"1", make_report(applications__new_received__total=7))
    # A later release adds a column: the file is upgraded when opened, its data kept.
    migration = "ALTER TABLE reports ADD COLUMN note TEXT; CREATE INDEX reports_note ON reports(note)"
    monkeypatch.setattr(store_mod, "MIGRATIONS", [*store_mod.MIGRATIONS, migration])
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", len(store_mod.MIGRATIONS))
    with Store(path) as s:
        assert s.schema_version == store_mod.SCHEMA_VERSION
        assert [tuple(r) for r in s.conn.execute("SELECT note FROM reports")] == [(None,)]
        assert s.stats(s.current_report("http://a/1.html").id) == {"applications.new_received.total": 7}


def _value_types(s: Store) -> dict[str, tuple[str, float]]:
    rows = s.conn.execute("SELECT key, typeof(value), value FROM stats").fetchall()
    return {key: (kind, value) for key, kind, value in rows}


def test_a_whole_amount_stays_a_float_and_a_count_an_int(db):
    save(
        db,
        "http://a/1.html",
        b"1",
        make_report(active__fees__amount=26.0, applications__new_received__total=7),
    )
    assert _value_types(db) == {
        "active.fees.amount": ("real", 26.0),
        "applications.new_received.total": ("integer", 7),
    }


def test_version_1_files_get_their_floats_back(tmp_path, monkeypatch):
    # A version-1 file stored 26.0 as the integer 26 (NUMERIC affinity); the upgrade restores it
    # from the report's JSON.
    path = tmp_path / "r.sqlite"
    with monkeypatch.context() as m:
        m.setattr(store_mod, "MIGRATIONS", store_mod.MIGRATIONS[:1])
        m.setattr(store_mod, "SCHEMA_VERSION", 1)
        with Store(path) as s:
            save(
                s,
                "http://a/1.html",
                b"1",
                make_report(active__fees__amount=26.0, applications__new_received__total=7),
            )
            assert _value_types(s)["active.fees.amount"] == ("integer", 26)
    with pytest.raises(StoreError, match=r"run `linhai-scrape reextract --db .* --limit 0` once"):
        Store(path, readonly=True)  # a read-only command cannot upgrade, and says what can
    with Store(path) as s:
        assert s.schema_version == 2
        assert _value_types(s) == {
            "active.fees.amount": ("real", 26.0),
            "applications.new_received.total": ("integer", 7),
        }
        assert s.stats(s.current_report("http://a/1.html").id) == {
            "active.fees.amount": 26.0,
            "applications.new_received.total": 7,
        }


def test_newer_schema_and_garbage_are_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {store_mod.SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not a usable SQLite database"):
        Store(junk)
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.sqlite", readonly=True)
