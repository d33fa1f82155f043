"""datapackage.json: a Frictionless descriptor derived from the one schema, valid against its own tables."""

from __future__ import annotations

import json

from conftest import ROOT
from minsheng import schema
from minsheng.reporting.datapackage import datapackage

PUBLISHED = ROOT / "data" / "processed" / "yingquan_minsheng_2016_2020"
BUNDLED = ROOT / "data" / "raw" / "yingquan_minsheng_2016_2020.txt"


def test_committed_descriptor_is_what_the_schema_gives():
    committed = json.loads((PUBLISHED / "datapackage.json").read_text(encoding="utf-8"))
    assert committed == datapackage(PUBLISHED, "yingquan_minsheng_2016_2020", BUNDLED)
    names = [r["name"] for r in committed["resources"]]
    assert names == ["figures", "programs", "goals", "standards", "metrics", "document", "text"]
    goals = committed["resources"][2]["schema"]
    assert goals["primaryKey"] == ["goal"] and [f["name"] for f in goals["fields"]] == schema.table("goals").names
    # sha256 of the raw report, worked out with `sha256sum data/raw/yingquan_minsheng_2016_2020.txt`
    sources = (ROOT / "data" / "raw" / "sources.csv").read_text(encoding="utf-8")
    assert committed["sources"][0]["sha256"] in sources


def test_committed_package_validates_with_frictionless():
    from frictionless import validate

    report = validate(str(PUBLISHED / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_a_missing_table_is_left_out(tmp_path):
    (tmp_path / "figures.csv").write_text((PUBLISHED / "figures.csv").read_text(encoding="utf-8"), encoding="utf-8")
    desc = datapackage(tmp_path, "x", BUNDLED)
    assert [r["name"] for r in desc["resources"]] == ["figures"]
