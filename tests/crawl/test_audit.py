"""``linhai-scrape audit``: every finding code on the demo farm's planted reports (crawled into a real
SQLite file over 127.0.0.1), none on clean ones, the deadline rules on extracted fixtures, rankings,
filters, the three formats and the offline page."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from linhai_scrape.cli import main
from linhai_scrape.crawl import audit_charts, crawl
from linhai_scrape.crawl.audit import CSV_COLUMNS, Audit, AuditedReport, audit, deadline, render_csv
from linhai_scrape.crawl.audit_html import render_html
from linhai_scrape.crawl.auditcodes import AUDIT_CODES, SCORE_FORMULA, markdown_table
from linhai_scrape.crawl.demo import PortalFarm
from linhai_scrape.crawl.store import Store
from linhai_scrape.extract import extract_file
from linhai_scrape.fetch import FetchConfig

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
FETCH = FetchConfig(
    retries=2, backoff_base=0.01, backoff_max=0.02, per_host_delay=0.0, trust_env=False, total_timeout=20
)
needs_charts = pytest.mark.skipif(
    not audit_charts.charts_available(), reason="the report extra (matplotlib) is not installed"
)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """The demo farm crawled once: its reports carry one planted finding of every code."""
    tmp = tmp_path_factory.mktemp("audit")
    shutil.copytree(FIXTURES / "portal", tmp / "portal")
    db = tmp / "demo.sqlite"
    with PortalFarm(tmp / "portal", fixtures=FIXTURES) as farm:
        crawl(farm.sources(), db, fetch_config=FETCH, out=None)
    return db


@pytest.fixture(scope="module")
def demo(demo_db) -> Audit:
    return audit(demo_db)


def report_of(result: Audit, agency: str, year: int) -> AuditedReport:
    (found,) = [r for r in result.reports if r.agency == agency and r.year == year]
    return found


def codes(r: AuditedReport) -> list[str]:
    return [f.code for f in r.findings]


# --------------------------------------------------------------------------------------------------
# Every code, on the report it was planted in


# code → (agency, year) of the demo report it was planted in (crawl/demo.py says how)
PLANTED = {
    "identity_failed": ("临海市教育局", 2022),
    "carry_over_mismatch": ("临海市卫生健康局", 2022),
    "no_application_table": ("宁波市鄞州区住房和城乡建设局", 2022),
    "template_edition_wrong": ("汉滨区民政局", 2022),
    "published_late": ("汉滨区财政局", 2022),
    "published_date_unknown": ("汉滨区农业农村局", 2022),
    "section_missing": ("汉滨区教育体育局", 2022),
    "section_out_of_order": ("临海市自然资源和规划局", 2022),
    "section_empty": ("宁波市鄞州区住房和城乡建设局", 2022),
    "section_five_repeated": ("临海市", 2022),
    "figure_jump": ("临海市卫生健康局", 2022),
}


def test_every_code_is_planted_and_found(demo):
    assert set(PLANTED) == set(AUDIT_CODES)
    for code, (agency, year) in PLANTED.items():
        assert code in codes(report_of(demo, agency, year)), code
    for r in demo.reports:
        for f in r.findings:
            assert f.severity == AUDIT_CODES[f.code].severity
            assert "\n" not in f.message and f.message


def test_clean_reports_have_no_finding(demo):
    for agency, year in (("临海市财政局", 2022), ("台州市黄岩区", 2022), ("安康市汉滨区人民政府", 2021)):
        r = report_of(demo, agency, year)
        assert r.findings == [] and r.score == 0, (agency, year)


def finding(r: AuditedReport, code: str):
    (f,) = [f for f in r.findings if f.code == code]
    return f


def test_identity_failed_names_the_cells(demo):
    r = report_of(demo, "临海市教育局", 2022)
    failed = [f for f in r.findings if f.code == "identity_failed"]
    assert {f.message.split(":")[0] for f in failed} == {"row_sum_mismatch", "outcome_total_mismatch"}
    row_sum = next(f for f in failed if f.message.startswith("row_sum_mismatch"))
    total = next(e for e in row_sum.evidence if e.key == "applications.granted.total")
    # the printed cell, one more than its columns: the published number, never corrected
    assert "予以公开" in total.row_label and total.column_label == "总计"
    assert (
        int(total.cell)
        == total.value
        == 1 + sum(e.value for e in row_sum.evidence if e.key != "applications.granted.total")
    )


def test_carry_over_per_applicant_column_with_both_cells(demo):
    f = finding(report_of(demo, "临海市卫生健康局", 2022), "carry_over_mismatch")
    assert f.message.startswith("自然人: 2021 结转下年度继续办理 3 ≠ 2022 上年结转 4")
    last, this = f.evidence
    assert (last.year, last.cell, last.column_label) == (2021, "3", "自然人")
    assert "结转下年度" in last.row_label and "上年结转" in this.row_label
    assert (this.year, this.cell) == (2022, "4")


def test_no_application_table_cites_the_sentences(demo):
    f = finding(report_of(demo, "宁波市鄞州区住房和城乡建设局", 2022), "no_application_table")
    assert "from sentences only" in f.message
    assert f.evidence and all(e.origin == "narrative" and e.sentence for e in f.evidence)


def test_wrong_edition_for_the_year(demo):
    f = finding(report_of(demo, "汉滨区民政局", 2022), "template_edition_wrong")
    assert "2019 edition" in f.message and "the 2021 edition is required" in f.message
    assert "table labels" in f.evidence[0].text


def test_deadline_and_date(demo):
    late = finding(report_of(demo, "汉滨区财政局", 2022), "published_late")
    assert late.message.startswith(
        "published 2023-02-20, 20 days after 2023-01-31, the deadline for a department"
    )
    unknown = finding(report_of(demo, "汉滨区农业农村局", 2022), "published_date_unknown")
    assert "not known" in unknown.message
    # published by the page's date, not the list's: 安康市汉滨区人民政府 met its deadline
    assert "published_late" not in codes(report_of(demo, "安康市汉滨区人民政府", 2022))


def test_outline_findings(demo):
    missing = finding(report_of(demo, "汉滨区教育体育局", 2022), "section_missing")
    assert missing.message == "section 六、其他需要报告的事项 is not in the report"
    order = finding(report_of(demo, "临海市自然资源和规划局", 2022), "section_out_of_order")
    assert order.message == "section 四 comes after section 五"
    empty = [
        f.message
        for f in report_of(demo, "宁波市鄞州区住房和城乡建设局", 2022).findings
        if f.code == "section_empty"
    ]
    assert empty == [
        "section 二、主动公开政府信息情况 holds no text and no figure",
        "section 三、收到和处理政府信息公开申请情况 holds no text and no figure",
    ]
    # sections holding only a table are not empty
    assert "section_empty" not in codes(report_of(demo, "临海市财政局", 2022))


def test_section_five_copied_from_last_year(demo):
    f = finding(report_of(demo, "临海市", 2022), "section_five_repeated")
    assert "100% the same text as 2021's" in f.message
    last, this = f.evidence
    assert (last.year, this.year) == (2021, 2022) and last.text == this.text and last.text.startswith("一是")
    # other bodies wrote new text each year
    assert "section_five_repeated" not in codes(report_of(demo, "临海市财政局", 2022))


def test_figure_jump_is_a_warning_with_both_years(demo):
    f = finding(report_of(demo, "临海市卫生健康局", 2022), "figure_jump")
    assert f.severity == "warning" and "59 in 2021, 11 in 2022 (÷5.4)" in f.message
    assert [e.year for e in f.evidence] == [2021, 2022] and [e.cell for e in f.evidence] == ["59", "11"]


# --------------------------------------------------------------------------------------------------
# Deadlines, on fixtures extracted into a store


def test_deadlines_of_governments_and_departments():
    assert deadline("临海市人民政府", 2022) == (date(2023, 3, 31), "a government of county level or above")
    assert deadline("台州市黄岩区", 2022)[0] == date(2023, 3, 31)
    assert deadline("临海市财政局", 2022)[0] == date(2023, 1, 31)
    assert deadline("临海市人民政府办公室", 2022)[0] == date(2023, 1, 31)
    assert deadline("临海市古城街道办事处", 2022)[0] == date(2023, 1, 31)  # below the county


@pytest.mark.parametrize(
    ("agency", "published", "late"),
    [
        ("台州市黄岩区", "2023-03-31", False),
        ("台州市黄岩区", "2023-04-01", True),
        ("台州市黄岩区财政局", "2023-01-31", False),
        ("台州市黄岩区财政局", "2023-02-01", True),
    ],
)
def test_late_by_the_bodys_deadline(tmp_path, agency, published, late):
    report = extract_file(FIXTURES / "html_2021_utf8.html")
    report = report.model_copy(update={"agency": agency, "published": date.fromisoformat(published)})
    body = (FIXTURES / "html_2021_utf8.html").read_bytes()
    with Store(tmp_path / "r.sqlite") as s:
        s.save_report(
            "http://x/1.html", report, body=body, sha256=hashlib.sha256(body).hexdigest(), source_id=None
        )
    (r,) = audit(tmp_path / "r.sqlite").reports
    assert ("published_late" in codes(r)) is late
    assert r.findings == [] or codes(r) == ["published_late"]  # the fixture is otherwise clean


# --------------------------------------------------------------------------------------------------
# Rankings, filters, formats


def test_rankings_per_region_and_year(demo):
    (linhai,) = [k for k in demo.rankings if k.region == ["浙江省", "台州市", "临海市"] and k.year == 2022]
    scores = [b.score for b in linhai.bodies]
    assert scores == sorted(scores, reverse=True)
    top = linhai.bodies[0]
    assert top.agency == "临海市教育局" and top.rank == 1  # two identity errors
    assert top.score == 3 * top.counts["error"] + top.counts["warning"]
    # equal scores share a rank
    for a, b in zip(linhai.bodies, linhai.bodies[1:], strict=False):
        assert (a.rank == b.rank) == (a.score == b.score)
    assert demo.score_formula == SCORE_FORMULA
    # regions read from agency names are ranked too
    assert any(k.region == ["宁波市", "鄞州区"] for k in demo.rankings)


def test_filters_choose_reports_and_keep_the_comparisons(demo_db):
    only = audit(demo_db, year=2022, agency="卫生健康")
    assert [(r.agency, r.year) for r in only.selected] == [("临海市卫生健康局", 2022)]
    # last year is read for the comparison (and drawn), not listed or ranked
    assert {"carry_over_mismatch", "figure_jump"} <= set(codes(only.selected[0]))
    assert [(r.year, r.selected) for r in only.reports] == [(2021, False), (2022, True)]
    assert [[b.agency for b in k.bodies] for k in only.rankings] == [["临海市卫生健康局"]]
    assert audit(demo_db, agency="nowhere").selected == []


def test_csv_one_row_per_finding(demo):
    rows = list(csv.DictReader(io.StringIO(render_csv(demo))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == sum(len(r.findings) for r in demo.selected)
    (carry,) = [r for r in rows if r["code"] == "carry_over_mismatch"]
    assert carry["region"] == "浙江省/台州市/临海市" and carry["region_basis"] == "source"
    assert "2021 · 四、结转下年度继续办理 × 自然人 · cell '3'" in carry["evidence"]


def test_cli_formats_and_errors(demo_db, tmp_path, capsys):
    assert main(["audit", "--db", str(demo_db), "-o", str(tmp_path / "a.json")]) == 0
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert data["score_formula"] == SCORE_FORMULA and set(data["codes"]) == set(AUDIT_CODES)
    assert {f["code"] for r in data["reports"] for f in r["findings"]} == set(AUDIT_CODES)
    assert "report(s) audited" not in capsys.readouterr().out  # the summary goes to stderr
    assert main(["audit", "--db", str(demo_db), "--year", "2022", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(",".join(CSV_COLUMNS)) and "reports audited" in err
    assert main(["audit", "--db", str(demo_db), "-o", str(tmp_path / "page.html")]) == 0
    assert (tmp_path / "page.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # errors are one line, with the usage exit code
    assert main(["audit", "--db", str(tmp_path / "missing.sqlite")]) == 2
    assert main(["audit", "--db", str(demo_db), "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no such database" in err and "is a directory" in err and "Traceback" not in err


def test_readme_lists_the_codes():
    assert markdown_table() in (ROOT / "README.md").read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------------
# The page


def _external(page: str) -> list[str]:
    """Everything in the page that a browser would fetch from elsewhere."""
    tree = LexborHTMLParser(page)
    found = [n.attributes.get("src") or "" for n in tree.css("script[src], img[src], iframe, embed, object")]
    found += [n.attributes.get("href") or "" for n in tree.css("link")]
    styles = " ".join(n.text() for n in tree.css("style")) + " ".join(
        n.attributes.get("style") or "" for n in tree.css("[style]")
    )
    found += re.findall(r"url\(([^)]*)\)|@import", styles)
    found += [v for n in tree.css("svg image, svg use") for v in n.attributes.values() if v and "//" in v]
    return [f for f in found if f is not None]


def test_the_page_is_self_contained(demo):
    page = render_html(demo)
    assert _external(page) == []
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=['\"]?https?:", page)
    tree = LexborHTMLParser(page)
    # the findings filter: a row per finding with its code and severity, a select of the codes present
    rows = tree.css("#findings-table tbody tr")
    assert len(rows) == sum(len(r.findings) for r in demo.selected)
    assert {r.attributes["data-code"] for r in rows} == set(AUDIT_CODES)
    assert {o.attributes["value"] for o in tree.css("#filter-code option")} == {"", *AUDIT_CODES}
    assert SCORE_FORMULA in page
    # the only addresses are the reports' own pages, as links
    links = {a.attributes["href"] for a in tree.css("a[href^=http]")}
    assert links <= {r.url for r in demo.reports}


@needs_charts
def test_the_page_draws_its_charts(demo):
    page = render_html(demo)
    tree = LexborHTMLParser(page)
    bodies = {r.body for r in demo.selected}
    assert len(tree.css(".chart svg")) == len(bodies)
    regions = {tuple(r.region) for r in demo.selected}
    assert len(tree.css(".ranking figure svg")) == len(regions)
    assert "report extra" not in page
    # the heat map names the bodies in text the browser sets (no glyphs drawn as paths)
    assert any("临海市教育局" in svg.text() for svg in tree.css(".ranking figure svg"))


def test_without_the_extra_the_page_says_what_is_missing(demo, monkeypatch):
    monkeypatch.setattr(audit_charts, "charts_available", lambda: False)
    from linhai_scrape.crawl import audit_html

    monkeypatch.setattr(audit_html, "charts_available", lambda: False)
    page = render_html(demo)
    assert "<svg" not in page and "pip install &#x27;linhai-scrape[report]&#x27;" in page
    assert len(LexborHTMLParser(page).css("#findings-table tbody tr")) == sum(
        len(r.findings) for r in demo.selected
    )


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_the_page_runs_in_headless_chromium(demo, tmp_path):
    page = tmp_path / "audit.html"
    page.write_text(render_html(demo), encoding="utf-8")
    dom = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing may be fetched
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    tree = LexborHTMLParser(dom)
    # the script ran: it counted the rows the filters show
    n = sum(len(r.findings) for r in demo.selected)
    assert tree.css_first("#filter-shown").text() == str(n)
