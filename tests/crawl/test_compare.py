"""compare: the main figures of one body by year, or of every body of one year, from a real store.

The store is crawled from the demo portals (``demo_db``) or written report by report into a real
SQLite file where a case needs planting (a mirror copy, two different reports of one year).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from pathlib import Path

import pytest

from linhai_scrape.cli import main
from linhai_scrape.crawl import Comparison, compare
from linhai_scrape.crawl.compare import MAIN_FIGURES, display_width
from linhai_scrape.crawl.store import Store
from linhai_scrape.models import InputError, Report

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def stored(db: Path) -> dict[int, dict[str, int | float]]:
    with Store(db, readonly=True) as s:
        return {row.id: s.stats(row.id) for row in s.iter_reports()}


def expected_flat(name: str) -> dict[str, int | float]:
    return json.loads((FIXTURES / "expected" / f"{name}.json").read_text(encoding="utf-8"))["flat"]


# --------------------------------------------------------------------------------------------------
# one body by year


def test_one_body_by_year_shows_what_each_report_states(demo_db: Path) -> None:
    comparison = compare(demo_db, agency="临海市")
    assert comparison.by == "year"
    assert [c.heading for c in comparison.columns] == ["2020", "2021", "2022"]
    assert {c.agency for c in comparison.columns} == {"临海市"}
    assert [f.key for f in comparison.figures] == list(MAIN_FIGURES)
    stats = stored(demo_db)
    for fig in comparison.figures:
        # every value is the stored one, and a figure a report does not state is None, never 0
        assert fig.values == tuple(stats[c.report_id].get(fig.key) for c in comparison.columns), fig.key
    by_key = {f.key: f.values for f in comparison.figures}
    # the 2019 edition (2020) has no 本年制发件数 and the 2021 edition no 本年新制作数量: blank, not 0
    assert [c.edition for c in comparison.columns] == ["2019", "2021", "2021"]
    assert by_key["active.rules.issued"][0] is None and by_key["active.rules.made"][0] is not None
    assert by_key["active.rules.made"][1:] == (None, None)
    assert all(v is not None for v in by_key["applications.new_received.total"])


def test_the_body_is_named_or_the_only_one_that_contains_the_text(demo_db: Path) -> None:
    # 临海市人民政府 folds to the same body as 临海市; 黄岩区 is the only body whose name holds 黄岩
    assert [c.report_id for c in compare(demo_db, agency="临海市人民政府").columns] == [
        c.report_id for c in compare(demo_db, agency="临海市").columns
    ]
    huangyan = compare(demo_db, agency="黄岩")
    assert [(c.agency, c.year) for c in huangyan.columns] == [("台州市黄岩区", 2022)]
    # and its numbers are the fixture's, as its expected extraction records them
    flat = expected_flat("html_2021_utf8.html")
    for fig in huangyan.figures:
        assert fig.values == (flat.get(fig.key),), fig.key


def test_a_text_several_bodies_contain_is_refused_with_their_names(demo_db: Path) -> None:
    with pytest.raises(InputError) as err:
        compare(demo_db, agency="临海")
    message = str(err.value)
    assert "matches 5 bodies" in message and "临海市教育局" in message and "--year" in message
    with pytest.raises(InputError, match="no stored report of an agency matching '杭州'"):
        compare(demo_db, agency="杭州")
    with pytest.raises(InputError, match="--agency NAME"):
        compare(demo_db)


# --------------------------------------------------------------------------------------------------
# every body of one year


def test_every_body_of_a_year_side_by_side(demo_db: Path) -> None:
    comparison = compare(demo_db, year=2022)
    con = sqlite3.connect(demo_db)
    agencies = sorted(
        r[0] for r in con.execute("SELECT agency FROM reports WHERE year = 2022 AND current = 1")
    )
    con.close()
    assert comparison.by == "agency"
    assert sorted(c.heading for c in comparison.columns) == agencies
    assert {c.year for c in comparison.columns} == {2022}
    stats = stored(demo_db)
    for fig in comparison.figures:
        assert fig.values == tuple(stats[c.report_id].get(fig.key) for c in comparison.columns)
    # --agency with --year keeps the bodies whose name contains the text
    linhai = compare(demo_db, year=2022, agency="临海市")
    assert {c.heading for c in linhai.columns} == {a for a in agencies if "临海市" in a}
    with pytest.raises(InputError, match="covers 1999"):
        compare(demo_db, year=1999)


def save(store: Store, url: str, report: Report) -> int:
    body = url.encode() + json.dumps(report.stats).encode()
    return store.save_report(
        url, report, body=body, sha256=hashlib.sha256(body).hexdigest(), source_id=None
    ).report_id


def report(agency: str, year: int, **stats: int) -> Report:
    return Report(
        agency=agency,
        year=year,
        edition="2021",
        stats={f"applications.{k}.total": v for k, v in stats.items()},
    )


@pytest.fixture
def planted(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    """A mirror copy, a second report of one year that states other figures, a superseded version."""
    db = tmp_path / "planted.sqlite"
    with Store(db) as s:
        ids = {
            "2021": save(s, "http://a/2021.html", report("临海市人民政府", 2021, new_received=80)),
            "2022": save(
                s, "http://a/2022.html", report("临海市人民政府", 2022, new_received=90, granted=30)
            ),
            "mirror": save(s, "http://mirror/2022.html", report("临海市", 2022, new_received=90, granted=30)),
            "other": save(s, "http://a/2022b.html", report("临海市", 2022, new_received=91)),
            "old": save(s, "http://a/2023.html", report("临海市", 2023, new_received=1)),
        }
        # the 2023 page changed: its new version replaces the old one
        ids["2023"] = save(s, "http://a/2023.html", report("临海市", 2023, new_received=100))
    return db, ids


def test_duplicates_are_left_out_and_named_and_conflicts_both_shown(
    planted: tuple[Path, dict[str, int]],
) -> None:
    db, ids = planted
    comparison = compare(db, agency="临海市")
    assert [c.report_id for c in comparison.columns] == [ids["2021"], ids["2022"], ids["other"], ids["2023"]]
    # two different reports of 2022: each column names its report; the mirror copy is left out
    assert [c.heading for c in comparison.columns] == [
        "2021",
        f"2022 #{ids['2022']}",
        f"2022 #{ids['other']}",
        "2023",
    ]
    assert comparison.skipped == ((ids["mirror"], ids["2022"]),)
    new = next(f for f in comparison.figures if f.key == "applications.new_received.total")
    granted = next(f for f in comparison.figures if f.key == "applications.granted.total")
    assert new.values == (80, 90, 91, 100)  # 100: the current version of 2023, not the superseded 1
    assert granted.values == (None, 30, None, None)
    table = comparison.render("table")
    assert f"left out, the same report stored again: #{ids['mirror']} (= #{ids['2022']})" in table
    data = json.loads(comparison.render("json"))
    assert data["skipped_duplicates"] == [{"report_id": ids["mirror"], "duplicate_of": ids["2022"]}]
    # side by side for 2022: one body written two ways gets its report ids
    year = compare(db, year=2022)
    assert [c.heading for c in year.columns] == [f"临海市 #{ids['other']}", f"临海市人民政府 #{ids['2022']}"]


def test_bodies_of_a_year_are_grouped_by_region(demo_db: Path) -> None:
    comparison = compare(demo_db, year=2022)
    regions = [c.region for c in comparison.columns]
    # each region's bodies stand together, and in the order of their paths
    assert regions == sorted(regions, key=lambda r: (not r, r))
    assert [c.place for c in comparison.columns if c.agency == "台州市黄岩区"] == [
        "黄岩区*"
    ]  # read from its name
    assert {c.place for c in comparison.columns if c.agency and c.agency.startswith("临海市")} == {"临海市"}
    table = comparison.render("table")
    assert "* read from the agency's name" in table
    region_row = next(line for line in table.splitlines() if line.startswith("region "))
    assert region_row.split() == ["region", *(c.place for c in comparison.columns)]
    # --region keeps the bodies one of whose places it names
    taizhou = compare(demo_db, year=2022, region="台州市")
    assert (
        {c.agency for c in taizhou.columns}
        == {c.agency for c in comparison.columns if "台州市" in c.region}
        == {
            "临海市",
            "临海市卫生健康局",
            "临海市教育局",
            "临海市自然资源和规划局",
            "临海市财政局",
            "台州市黄岩区",
        }
    )
    with pytest.raises(InputError, match="goes with --year"):
        compare(demo_db, agency="临海市", region="台州市")
    with pytest.raises(InputError, match="in 杭州市 covers 2022"):
        compare(demo_db, year=2022, region="杭州市")


# --------------------------------------------------------------------------------------------------
# formats


def columns_end(header: str, headings: list[str]) -> list[int]:
    """The display column where each heading ends in the header line."""
    ends, start = [], 0
    for heading in headings:
        at = header.index(heading, start)
        start = at + len(heading)
        ends.append(display_width(header[:start]))
    return ends


def prefix_of_width(line: str, width: int) -> str:
    """The start of ``line`` that is exactly ``width`` display columns wide (a wide character is never cut)."""
    for i in range(len(line) + 1):
        if display_width(line[:i]) == width:
            return line[:i]
        if display_width(line[:i]) > width:
            break
    raise AssertionError(f"no prefix of {line!r} is {width} columns wide")


def test_the_table_aligns_chinese_labels_and_headings_by_display_width(demo_db: Path) -> None:
    # bodies as headings (Chinese, of different lengths) over numbers, Chinese labels beside ASCII ones
    comparison = compare(demo_db, year=2022)
    lines = comparison.render("table").splitlines()
    headings = [c.heading for c in comparison.columns]
    header = next(line for line in lines if line.strip().startswith(headings[0]))
    ends = columns_end(header, headings)
    label_end = display_width(header) - display_width(header.lstrip())
    by_label = {f.label: f for f in comparison.figures if f.groups == comparison.figures[4].groups}
    checked = 0
    for line in lines:
        label = line.strip().split("  ")[0]
        if label not in by_label:
            continue
        fig = by_label[label]
        # the label ends before the first column, every value ends where its heading ends
        assert display_width(line[: line.index(label) + len(label)]) <= label_end
        for value, end in zip(fig.values, ends, strict=True):
            cell = "" if value is None else str(value)
            prefix = prefix_of_width(line.ljust(len(line) + end), end)
            assert prefix.endswith(" " + cell) or (cell == "" and prefix.endswith(" ")), (line, cell)
            checked += 1
    assert checked >= 10 * len(headings)
    # a naive len()-based padding would leave the rows of Chinese labels wider than the ASCII row
    report_row = next(line for line in lines if line.startswith("report"))
    assert display_width(report_row) == ends[-1]


def test_display_width_counts_wide_and_full_width_characters_twice() -> None:
    assert display_width("临海市") == 6
    assert display_width("（一）予以公开") == 14  # full-width parentheses are F
    assert display_width("2022 #12") == 8
    assert display_width("e\u0301") == 1  # a combining accent takes no column


def test_a_width_splits_the_columns_into_blocks(demo_db: Path) -> None:
    comparison = compare(demo_db, year=2022)
    table = comparison.render("table", width=100)
    assert all(display_width(line) <= 100 for line in table.splitlines()[1:])
    for column in comparison.columns:
        assert column.heading in table
    assert table.count("一、本年新收政府信息公开申请数量") > 1  # each block repeats the labels
    assert comparison.render("table", width=None).count("一、本年新收政府信息公开申请数量") == 1


def test_csv_and_json_say_absent_as_blank_and_null(demo_db: Path) -> None:
    comparison = compare(demo_db, agency="临海市")
    rows = list(csv.reader(io.StringIO(comparison.render("csv"))))
    assert rows[0] == ["key", "label", "2020", "2021", "2022"]
    assert [r[0] for r in rows[1:7]] == ["report_id", "agency", "year", "edition", "region", "region_basis"]
    assert rows[1][2:] == [str(c.report_id) for c in comparison.columns]
    assert rows[5][2:] == ["浙江省/台州市/临海市"] * 3 and rows[6][2:] == ["source"] * 3
    by_key = {r[0]: r for r in rows[7:]}
    assert list(by_key) == list(MAIN_FIGURES)
    assert by_key["active.rules.issued"][1] == "规章 本年制发件数" and by_key["active.rules.issued"][2] == ""
    assert by_key["review_litigation.review.upheld"][1] == "行政复议 结果维持"
    for fig in comparison.figures:
        assert by_key[fig.key][2:] == ["" if v is None else str(v) for v in fig.values]
    data = json.loads(comparison.render("json"))
    assert [c["report_id"] for c in data["columns"]] == [c.report_id for c in comparison.columns]
    assert data["columns"][0]["region"] == ["浙江省", "台州市", "临海市"]
    figures = {f["key"]: f for f in data["figures"]}
    assert figures["active.rules.issued"]["values"][0] is None
    assert figures["applications.new_received.total"]["unit"] == "件"
    assert figures["applications.new_received.total"]["section"] == "三、收到和处理政府信息公开申请情况"
    with pytest.raises(ValueError, match="unknown comparison format"):
        comparison.render("xml")  # type: ignore[arg-type]
    assert isinstance(comparison, Comparison)


# --------------------------------------------------------------------------------------------------
# the command


def test_the_command_mirrors_the_library(
    demo_db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["compare", "--db", str(demo_db), "--agency", "临海市"]) == 0
    out = capsys.readouterr().out
    assert out == compare(demo_db, agency="临海市").render("table") + "\n"  # not a terminal: one block
    out_file = tmp_path / "c.csv"
    assert (
        main(["compare", "--db", str(demo_db), "--year", "2022", "--format", "csv", "-o", str(out_file)]) == 0
    )
    assert out_file.read_text(encoding="utf-8") == compare(demo_db, year=2022).render("csv") + "\n"
    assert main(["compare", "--db", str(demo_db), "--agency", "临海", "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "matches 5 bodies" in captured.err
    assert main(["compare", "--db", str(tmp_path / "missing.sqlite"), "--year", "2022"]) == 2
    assert "no such database" in capsys.readouterr().err
    assert main(["compare", "--db", str(demo_db)]) == 2
    assert "Traceback" not in capsys.readouterr().err
