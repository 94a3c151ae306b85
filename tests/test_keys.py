"""What each canonical key means: describe_keys() covers every key, its printed labels are the
template's, and docs/keys.md is the current output of `linhai-scrape keys`."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from linhai_scrape.cli import main, render_keys
from linhai_scrape.template import (
    ACTIVE_FIELDS,
    ACTIVE_ITEMS,
    APPLICATION_COLUMN_SPECS,
    APPLICATION_ROWS,
    EDITIONS,
    MONEY_UNIT_WAN,
    REVIEW_KIND_LABELS,
    REVIEW_KIND_PRINTED,
    SECTIONS,
    canonical_keys,
    describe_keys,
    normalise_label,
)

ROOT = Path(__file__).resolve().parents[1]
KEYS_MD = ROOT / "docs" / "keys.md"
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")


def test_every_canonical_key_is_described_once_in_order() -> None:
    docs = describe_keys()
    assert [d.key for d in docs] == list(canonical_keys())
    headings = {s.canonical for s in SECTIONS}
    for d in docs:
        assert d.section in headings and d.column, d
        assert d.unit in ("件", "项", MONEY_UNIT_WAN), d
        assert set(d.editions) <= set(EDITIONS[:2]), d
    by_key = {d.key: d for d in docs}
    # amounts are exactly the money columns, in 万元; counts of catalogue items are in 项
    assert {d.key for d in docs if d.unit == MONEY_UNIT_WAN} == {
        "active.fees.amount",
        "active.procurement.amount",
    }
    assert (
        by_key["active.licensing.change"].unit == "项" and by_key["applications.granted.total"].unit == "件"
    )
    assert by_key["applications.other.no_fee.total"].editions == ("2021",)
    assert by_key["active.licensing.decisions"].editions == ("2019", "2021")
    assert by_key["review_litigation.litigation.total"].editions == ()
    assert (
        by_key["applications.denied.state_secret.commercial"].row
        == "三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密"
    )
    assert (
        by_key["applications.denied.state_secret.commercial"].column
        == "申请人情况 › 法人或其他组织 › 商业企业"
    )
    assert by_key["active.fees.amount"].column == "本年收费金额（单位：万元）"


def test_printed_labels_are_the_labels_the_reader_matches() -> None:
    # the labels as printed, folded the way the reader folds labels, are the labels it matches
    for row in APPLICATION_ROWS:
        folded = normalise_label(_ORDINAL.sub("", row.printed))
        assert folded.startswith(row.labels), (row.key, row.printed)
    for spec in APPLICATION_COLUMN_SPECS:
        if spec.key is not None:
            assert normalise_label(spec.printed.split(" › ")[-1]) in spec.labels, spec
    for fields in ACTIVE_FIELDS.values():
        for fld in fields:
            assert normalise_label(fld.printed_label).startswith(fld.labels[0]), fld
    for items in ACTIVE_ITEMS.values():
        for item in items:
            assert normalise_label(item.article).startswith("第二十条"), item
    fragments = {kind: [f for k, f in REVIEW_KIND_LABELS if k == kind] for kind, _ in REVIEW_KIND_LABELS}
    for kind, printed in REVIEW_KIND_PRINTED.items():
        if kind in fragments:
            assert any(f in normalise_label(printed) for f in fragments[kind]), kind


def test_docs_keys_md_is_the_commands_output() -> None:
    assert KEYS_MD.read_text(encoding="utf-8") == render_keys("md") + "\n", (
        "docs/keys.md is stale: run `linhai-scrape keys --format md -o docs/keys.md`"
    )


def test_readme_links_the_keys_and_not_a_file_outside_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/keys.md)" in readme and "../shared/" not in readme


def test_keys_command_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["keys"]) == 0
    md = capsys.readouterr().out
    assert md == render_keys("md") + "\n"
    assert all(f"`{key}`" in md for key in canonical_keys())
    assert main(["keys", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["key"] for r in rows] == list(canonical_keys())
    fees = next(r for r in rows if r["key"] == "active.fees.amount")
    assert (fees["unit"], fees["editions"], fees["row"]) == (
        "万元",
        "2021",
        "第二十条第（八）项 › 行政事业性收费",
    )
    out = tmp_path / "keys.json"
    assert main(["keys", "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["key"] for d in data] == list(canonical_keys())
    assert data[0] == {
        "key": "active.rules.issued",
        "section": "二、主动公开政府信息情况",
        "row": "第二十条第（一）项 › 规章",
        "column": "本年制发件数",
        "unit": "件",
        "editions": ["2021"],
        "note": "",
    }
