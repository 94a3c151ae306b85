"""Browsing the store: the Datasette metadata shipped with the package, and the README's SQL queries
over the ``stats`` view, run against a store crawled from the demo portals (parsed out of the README,
so that the documentation and this test cannot drift apart)."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from linhai_scrape.cli import main
from linhai_scrape.crawl.browse import DATASETTE_DATABASE, datasette_metadata
from linhai_scrape.crawl.store import Store

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def readme_queries() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Browse the store\n") :]
    section = section[: section.index("\n## ", 1)]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def run_sql(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [tuple(r) for r in con.execute(sql)]
    finally:
        con.close()


def current_reports(db: Path) -> dict[int, tuple[str, int, str, dict[str, int | float]]]:
    """id → (agency, year, agency_key, stats) of every current report, read through the library."""
    out = {}
    with Store(db, readonly=True) as s:
        keys = dict(s.conn.execute("SELECT id, agency_key FROM reports"))
        for row in s.iter_reports():
            out[row.id] = (row.agency, row.year, keys[row.id], s.stats(row.id))
    return out


def expected_flat(name: str) -> dict[str, int | float]:
    return json.loads((FIXTURES / "expected" / f"{name}.json").read_text(encoding="utf-8"))["flat"]


def test_the_readme_documents_three_queries() -> None:
    queries = readme_queries()
    assert len(queries) == 3
    assert all("JOIN stats AS" in q or "FROM stats AS" in q for q in queries)


def test_new_applications_by_body_and_year(demo_db: Path) -> None:
    rows = run_sql(demo_db, readme_queries()[0])
    reports = current_reports(demo_db)
    expected = sorted(
        (agency, year, stats["applications.new_received.total"])
        for agency, year, _, stats in reports.values()
        if "applications.new_received.total" in stats
    )
    assert sorted(rows) == expected and len(rows) >= 20
    # 黄岩区 2022 is fixtures/html_2021_utf8.html: its number is the fixture's
    flat = expected_flat("html_2021_utf8.html")
    assert ("台州市黄岩区", 2022, flat["applications.new_received.total"]) in rows


def test_outcome_shares_per_report(demo_db: Path) -> None:
    rows = run_sql(demo_db, readme_queries()[1])
    reports = current_reports(demo_db)
    assert len(rows) == sum(
        1
        for *_, stats in reports.values()
        if {
            "applications.outcome_total.total",
            "applications.granted.total",
            "applications.partially_granted.total",
        }
        & set(stats)
    )
    seen = set()
    for agency, year, answered, granted, partially, share in rows:
        (stats,) = [
            st
            for a, y, _, st in reports.values()
            if (a, y) == (agency, year) and st.get("applications.granted.total") == granted
        ]
        assert answered == stats.get("applications.outcome_total.total")
        assert partially == stats.get("applications.partially_granted.total")
        if answered and granted is not None:
            assert share == round(100 * granted / answered, 1)
        else:
            assert share is None  # a share of something not stated is not stated either
        seen.add((agency, year))
    flat = expected_flat("html_2021_utf8.html")
    (huangyan,) = [r for r in rows if r[:2] == ("台州市黄岩区", 2022)]
    assert huangyan[2:5] == (
        flat["applications.outcome_total.total"],
        flat["applications.granted.total"],
        flat["applications.partially_granted.total"],
    )


def test_year_on_year_changes_of_one_body(demo_db: Path) -> None:
    rows = run_sql(demo_db, readme_queries()[2])
    reports = current_reports(demo_db)
    new = "applications.new_received.total"
    expected = sorted(
        (a1, y0, s0[new], y1, s1[new])
        for a1, y1, k1, s1 in reports.values()
        for _, y0, k0, s0 in reports.values()
        if k1 == k0 and y0 == y1 - 1 and new in s0 and new in s1
    )
    assert sorted(rows) == expected and len(rows) >= 5
    changes = [abs(after - before) for _, _, before, _, after in rows]
    assert changes == sorted(changes, reverse=True)  # the largest changes first
    assert any(r[0] == "临海市" and (r[1], r[3]) == (2020, 2021) for r in rows)


# --------------------------------------------------------------------------------------------------
# the metadata


def store_columns(db: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(db)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: [c[1] for c in con.execute(f"PRAGMA table_info({n})")] for n in names}
    finally:
        con.close()


def test_the_metadata_describes_every_table_and_column_of_a_store(tmp_path: Path) -> None:
    db = tmp_path / "fresh.sqlite"
    Store(db).close()
    tables = datasette_metadata()["databases"][DATASETTE_DATABASE]["tables"]
    columns = store_columns(db)
    assert set(tables) == set(columns)
    for name, cols in columns.items():
        assert tables[name]["description"], name
        assert set(tables[name]["columns"]) == set(cols), name
        assert all(tables[name]["columns"].values()), name
    # units are named where the numbers are
    assert "万元" in tables["stats"]["columns"]["value"] and "件" in tables["stats"]["columns"]["value"]


def test_export_writes_the_metadata_for_the_database_named(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "metadata.json"
    assert main(["export", "--db", str(demo_db), "--datasette-metadata", "-o", str(out)]) == 0
    assert f"datasette {demo_db} -m {out}" in capsys.readouterr().err
    written = json.loads(out.read_text(encoding="utf-8"))
    assert list(written["databases"]) == [demo_db.stem]
    assert written["databases"][demo_db.stem] == datasette_metadata()["databases"][DATASETTE_DATABASE]
    assert main(["export", "--db", str(demo_db), "--datasette-metadata", "--format", "csv"]) == 2
    assert "takes no --format" in capsys.readouterr().err


def test_datasette_serves_the_store_with_its_metadata_and_runs_the_queries(demo_db: Path) -> None:
    from datasette.app import Datasette  # in the test extra

    async def browse() -> None:
        ds = Datasette([str(demo_db)], metadata=datasette_metadata(demo_db))
        await ds.invoke_startup()
        name = demo_db.stem
        page = await ds.client.get(f"/{name}/stats")
        assert page.status_code == 200
        assert "One row per statistic" in page.text and "万元" in page.text
        listing = (await ds.client.get(f"/{name}.json")).json()
        assert [
            t["name"] for t in listing["tables"] if t["hidden"] and not t["name"].startswith("sqlite_")
        ] == ["blobs"]
        for sql in readme_queries():
            answer = await ds.client.get(f"/{name}.json", params={"sql": sql, "_shape": "arrays"})
            assert answer.status_code == 200, answer.text
            assert [tuple(r) for r in answer.json()["rows"]] == run_sql(demo_db, sql)

    asyncio.run(browse())
