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


def _old_file(
    path, version: int, reports: list[tuple[str, bytes, Report, int | None]], sources: list[tuple] = ()
) -> None:
    """A store file as an older release wrote it: its schema (the first ``version`` migrations), and
    rows put in with the columns every version has, as that release's own code would have."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for migration in store_mod.MIGRATIONS[:version]:
            assert isinstance(migration, str), "an old schema is a script"
            con.executescript(migration)
        con.execute(f"PRAGMA user_version = {version}")
        for name, agency, config in sources:
            con.execute(
                "INSERT INTO sources (name, agency, config, first_seen, last_seen) VALUES (?, ?, ?, '', '')",
                (name, agency, config),
            )
        for url, body, report, source_id in reports:
            con.execute(
                "INSERT OR IGNORE INTO blobs (sha256, size, compression, data) VALUES (?, ?, 'none', ?)",
                (sha(body), len(body), body),
            )
            report_id = con.execute(
                "INSERT INTO reports (url, version, current, source_id, sha256, agency, agency_key, year, edition, "
                "title, report, parser_version, extracted_at) VALUES (?, 1, 1, ?, ?, ?, ?, ?, ?, ?, ?, '1', '')",
                (
                    url,
                    source_id,
                    sha(body),
                    report.agency,
                    agency_key(report.agency),
                    report.year,
                    report.edition,
                    report.title,
                    report.model_dump_json(exclude={"evidence"}),
                ),
            ).lastrowid
            for key, value in report.flat().items():
                con.execute("INSERT OR IGNORE INTO stat_keys (key) VALUES (?)", (key,))
                con.execute(
                    "INSERT INTO stat_values (report_id, key_id, value) "
                    "SELECT ?, id, ? FROM stat_keys WHERE key = ?",
                    (report_id, value, key),
                )
    finally:
        con.close()


def test_version_1_files_get_their_floats_back(tmp_path):
    # A version-1 file stored 26.0 as the integer 26 (NUMERIC affinity); the upgrade restores it
    # from the report's JSON.
    path = tmp_path / "r.sqlite"
    report = make_report(active__fees__amount=26.0, applications__new_received__total=7)
    _old_file(path, 1, [("http://a/1.html", b"1", report, None)])
    con = sqlite3.connect(path)
    assert con.execute("SELECT typeof(value), value FROM stat_values WHERE value = 26").fetchall() == [
        ("integer", 26)
    ]
    con.close()
    with pytest.raises(StoreError, match=r"run `linhai-scrape reextract --db .* --limit 0` once"):
        Store(path, readonly=True)  # a read-only command cannot upgrade, and says what can
    with Store(path) as s:
        assert s.schema_version == store_mod.SCHEMA_VERSION
        assert _value_types(s) == {
            "active.fees.amount": ("real", 26.0),
            "applications.new_received.total": ("integer", 7),
        }
        assert s.stats(s.current_report("http://a/1.html").id) == {
            "active.fees.amount": 26.0,
            "applications.new_received.total": 7,
        }


def test_version_3_files_lose_the_index_by_key_and_keep_their_statistics(tmp_path, monkeypatch):
    path = tmp_path / "r.sqlite"
    with monkeypatch.context() as m:
        m.setattr(store_mod, "MIGRATIONS", store_mod.MIGRATIONS[:3])
        m.setattr(store_mod, "SCHEMA_VERSION", 3)
        with Store(path) as s:
            save(s, "http://a/1.html", b"1", make_report(applications__new_received__total=7))
            assert _indexes(s) == {"stat_values_key"}
    with Store(path) as s:
        assert s.schema_version == store_mod.SCHEMA_VERSION and _indexes(s) == set()
        assert s.stats(s.current_report("http://a/1.html").id) == {"applications.new_received.total": 7}
        save(s, "http://a/2.html", b"2", make_report(applications__new_received__total=8))
        rows = s.conn.execute("SELECT value FROM stats WHERE key = 'applications.new_received.total'")
        assert sorted(r[0] for r in rows) == [7, 8]  # a query by key still works: it reads the table


def _indexes(s: Store) -> set[str]:
    rows = s.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'stat_values'")
    return {r[0] for r in rows} - {None}


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


def _regions(s: Store) -> dict[str, tuple[tuple[str, ...], str]]:
    return {r.url: (r.region, r.region_basis) for r in s.iter_reports(all_versions=True)}


def test_each_report_has_a_region_and_says_what_it_rests_on(db):
    sid = db.upsert_source(
        "linhai", agency="临海市人民政府", config={}, region=["浙江省", "台州市", "临海市"]
    )
    other = db.upsert_source("yinzhou", agency="宁波市鄞州区人民政府", config={})
    save(db, "http://a/gov.html", b"1", make_report(agency="临海市人民政府"), sid)
    save(db, "http://a/dept.html", b"2", make_report(agency="临海市财政局"), sid)
    save(db, "http://a/huangyan.html", b"3", make_report(agency="台州市黄岩区"), sid)
    save(db, "http://b/yz.html", b"4", make_report(agency="宁波市鄞州区住房和城乡建设局"), other)
    save(db, "http://c/none.html", b"5", make_report(agency="国务院办公厅"))
    assert _regions(db) == {
        "http://a/gov.html": (("浙江省", "台州市", "临海市"), "source"),
        "http://a/dept.html": (("浙江省", "台州市", "临海市"), "source"),
        "http://a/huangyan.html": (("浙江省", "台州市", "黄岩区"), "agency_name"),
        "http://b/yz.html": (("宁波市", "鄞州区"), "agency_name"),
        "http://c/none.html": ((), "none"),
    }
    # plain SQL sees the path as a JSON list
    rows = db.conn.execute(
        "SELECT DISTINCT j.value FROM reports, json_each(reports.region) j WHERE j.key = 0 ORDER BY 1"
    ).fetchall()
    assert [r[0] for r in rows] == ["宁波市", "浙江省"]
    # A region given later (or changed) in sources.toml reaches the reports stored before.
    db.upsert_source(
        "yinzhou", agency="宁波市鄞州区人民政府", config={}, region=["浙江省", "宁波市", "鄞州区"]
    )
    assert _regions(db)["http://b/yz.html"] == (("浙江省", "宁波市", "鄞州区"), "source")
    # re-reading a report keeps its region up to date with its agency
    yz = db.current_report("http://b/yz.html")
    db.replace_extraction(yz.id, make_report(agency="宁波市海曙区住房和城乡建设局"))
    assert _regions(db)["http://b/yz.html"] == (("浙江省", "宁波市", "海曙区"), "agency_name")


def test_version_2_files_get_their_regions(tmp_path):
    path = tmp_path / "r.sqlite"
    _old_file(
        path,
        2,
        [
            ("http://a/1.html", b"1", make_report(agency="临海市教育局"), 1),
            ("http://b/1.html", b"2", make_report(agency="汉滨区财政局"), 2),
            ("http://c/1.html", b"3", make_report(agency="某某办公室"), 2),
        ],
        sources=[
            ("linhai", "临海市人民政府", '{"region": ["浙江省", "台州市", "临海市"]}'),
            ("hanbin", "安康市汉滨区人民政府", "{}"),
        ],
    )
    with pytest.raises(StoreError, match=f"needs an upgrade to {store_mod.SCHEMA_VERSION}"):
        Store(path, readonly=True)
    with Store(path) as s:
        assert s.schema_version == store_mod.SCHEMA_VERSION
        assert _regions(s) == {
            "http://a/1.html": (("浙江省", "台州市", "临海市"), "source"),
            "http://b/1.html": (("汉滨区",), "agency_name"),
            "http://c/1.html": (("安康市", "汉滨区"), "agency_name"),  # the source's agency's places
        }
        assert s.conn.execute("SELECT region FROM sources ORDER BY id").fetchall()[0][0] == (
            '["浙江省","台州市","临海市"]'
        )
