"""The one schema: tables, vocabularies, typing and validation, and that the published tables follow it."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conftest import ROOT
from minsheng import schema
from minsheng.errors import CheckError, InputError

PUBLISHED = ROOT / "data" / "processed" / "yingquan_minsheng_2016_2020"

# The data contract's columns (../shared/DATA_CONTRACT.md, version 2), typed here by hand: added columns may only follow.
CONTRACT = {
    "figures": ["doc_id", "figure_id", "start", "end", "text", "value", "unit_raw", "value_norm", "unit_norm",
                "qualifier", "period", "goal", "program", "program_en", "metric", "sentence"],
    "programs": ["doc_id", "goal", "program", "program_en", "spending_cny", "beneficiaries", "beneficiary_unit",
                 "cny_per_beneficiary", "years", "cny_per_beneficiary_year", "spending_figure_id",
                 "beneficiaries_figure_id", "notes"],
    "standards": ["doc_id", "goal", "program", "program_en", "unit_norm", "base_year", "base_value", "final_year",
                  "final_value", "ratio", "cagr", "cagr_real", "base_figure_id", "final_figure_id"],
    "goals": ["doc_id", "goal", "spending_cny", "share_of_total", "n_figures"],
}


def test_contract_columns_come_first_in_every_published_table():
    for name, cols in CONTRACT.items():
        assert schema.table(name).names[: len(cols)] == cols, name


def test_vocabularies_are_the_contracts():
    assert schema.vocabulary("goal") == ("early_childhood", "education", "employment", "health", "elderly",
                                         "housing", "social_assistance", "overall", "other")
    assert schema.vocabulary("unit_norm") == (
        "CNY", "person", "person_time", "household", "count", "m2", "km", "mu", "percent", "percentage_point",
        "year", "CNY/person/year", "CNY/person/month", "CNY/person", "CNY/unit")
    assert schema.vocabulary("qualifier") == ("exact", "more_than", "at_least", "approx", "less_than", "at_most")
    assert schema.vocabulary("metric") == ("spending", "beneficiaries", "output", "standard", "rate", "count",
                                           "population", "duration", "other")
    assert [g["zh"] for g in schema.goals()][:7] == ["幼有所育", "学有所教", "劳有所得", "病有所医", "老有所养",
                                                     "住有所居", "弱有所扶"]
    colours = [g["colour"] for g in schema.goals()]
    assert len(set(colours)) == 9 and all(len(c) == 7 and c.startswith("#") for c in colours)
    with pytest.raises(KeyError, match="no vocabulary"):
        schema.vocabulary("colour")


def test_published_tables_have_the_schemas_columns_and_pass_its_checks():
    for t in schema.report_tables():
        df = schema.typed(pd.read_csv(PUBLISHED / t.file, dtype=str, keep_default_na=False), t)
        assert list(pd.read_csv(PUBLISHED / t.file, nrows=0).columns) == t.names, t.name
        assert schema.violations(df, t) == [], t.name


def test_every_key_names_columns_and_every_vocabulary_exists():
    for t in schema.tables():
        assert t.primary_key and set(t.primary_key) <= set(t.names), t.name
        for c in t.columns:
            if c.vocabulary:
                assert schema.vocabulary(c.vocabulary)


def _figures(changes: dict | None = None) -> pd.DataFrame:
    rows = [
        {"doc_id": "d", "figure_id": "F001", "start": 0, "end": 4, "text": "5万元", "value": 5.0, "unit_raw": "万元",
         "value_norm": 50000.0, "unit_norm": "CNY", "qualifier": "exact", "period": "2020", "goal": "health",
         "program": "医保", "program_en": "", "metric": "spending", "sentence": "医保5万元。", "pair_role": "",
         "pair_figure_id": ""},
        {"doc_id": "d", "figure_id": "F002", "start": 5, "end": 8, "text": "30人", "value": 30.0, "unit_raw": "人",
         "value_norm": 30.0, "unit_norm": "person", "qualifier": "exact", "period": "", "goal": "health",
         "program": "医保", "program_en": "", "metric": "beneficiaries", "sentence": "医保5万元。", "pair_role": "",
         "pair_figure_id": ""},
    ]
    v2 = {"period_kind": "", "months": None, "status": "actual", "parent_figure_id": "", "relation": "",
          "inferred": "", "source": "rule", "page": None, "sentence_start": 0, "sentence_end": 6}
    rows = [{**r, **v2} for r in rows]
    rows[0]["period_kind"] = "year"
    for (row, col), v in (changes or {}).items():
        rows[row][col] = v
    return schema.typed(pd.DataFrame(rows), "figures")


def test_typing_follows_one_rule():
    df = _figures()
    assert str(df["start"].dtype) == "int64"  # required integer
    assert df["value"].dtype == "float64" and df["period"].tolist() == ["2020", ""]
    goals = schema.typed(pd.DataFrame({c: ["1"] if c != "goal" else ["health"] for c in schema.table("goals").names}),
                         "goals")
    assert str(goals["years"].dtype) == "Int64"  # optional integer: nullable
    with pytest.raises(InputError, match="figures.csv column start: .*is it the right table"):
        schema.typed(pd.DataFrame({c: ["x"] for c in schema.table("figures").names}), "figures")
    with pytest.raises(InputError, match="lacks the column"):
        schema.typed(pd.DataFrame({"doc_id": ["d"]}), "figures")


def test_violations_name_the_row_and_the_column():
    assert schema.violations(_figures(), "figures") == []
    bad = _figures({(1, "goal"): "roads", (0, "figure_id"): "F002", (1, "value_norm"): math.inf,
                      (0, "sentence"): "", (1, "pair_figure_id"): "X9"})
    found = "\n".join(schema.violations(bad, "figures"))
    assert "row 2 column goal: 'roads'" in found and "goal vocabulary" in found
    assert "key (figure_id) repeats" in found
    assert "row 2 column value_norm: inf" in found
    assert "row 1 column sentence: ''" in found
    assert "row 2 column pair_figure_id: 'X9'" in found
    with pytest.raises(CheckError, match=r"^r1: figures.csv does not match its schema: "):
        schema.validate(bad, "figures", where="r1")
    reordered = _figures()[list(reversed(schema.table("figures").names))]
    assert schema.violations(reordered, "figures")


def test_the_version_2_columns_of_figures():
    names = schema.table("figures").names
    assert names[names.index("pair_figure_id") + 1:] == [
        "period_kind", "months", "status", "parent_figure_id", "relation", "inferred", "source", "page",
        "sentence_start", "sentence_end"]
    df = _figures()
    assert str(df["months"].dtype) == "Int64" and str(df["page"].dtype) == "Int64"
    assert schema.vocabulary("status") == ("actual", "planned")
    assert schema.vocabulary("relation") == ("part_of", "same_as")
    assert schema.vocabulary("source") == ("rule", "corrected", "added")
    assert schema.vocabulary("period_kind") == ("year", "span", "part_year", "as_of")
    bad = _figures({(0, "status"): "", (1, "status"): "done", (0, "source"): "", (1, "period_kind"): "month",
                    (0, "inferred"): "period", (1, "relation"): "child"})
    found = "\n".join(schema.violations(bad, "figures"))
    for where in ("row 1 column status: ''", "row 2 column status: 'done'", "row 1 column source: ''",
                  "row 2 column period_kind: 'month'", "row 1 column inferred: 'period'", "row 2 column relation: 'child'"):
        assert where in found
    ok = _figures({(1, "inferred"): "period:document;goal:heading;status:section", (1, "months"): 5})
    assert schema.violations(ok, "figures") == []


def test_metrics_declaration():
    keys = schema.metric_keys()
    assert keys[0] == "n_figures" and "total_spending_cny" in keys and len(keys) == len(set(keys))
    ok = dict.fromkeys(keys)
    assert schema.metrics_violations(ok) == []
    assert schema.metrics_violations({**ok, "n_figures": 2.5}) == ["n_figures = 2.5 is not a whole number"]
    assert "not a finite number" in schema.metrics_violations({**ok, "population": math.nan})[0]
    assert "missing ['n_figures']" in schema.metrics_violations({k: v for k, v in ok.items() if k != "n_figures"})[0]
    with pytest.raises(CheckError, match="metrics.json does not match its schema"):
        schema.validate_metrics({"Bad Key": 1})


def test_frictionless_schema_and_pandera_schema_come_from_the_same_declaration():
    t = schema.table("programs")
    fs = t.frictionless()
    assert [f["name"] for f in fs["fields"]] == t.names and fs["primaryKey"] == ["spending_figure_id"]
    assert {f["name"]: f["type"] for f in fs["fields"]}["years"] == "integer"
    ps = schema.pandera_schema("figures")
    assert list(ps.columns) == schema.table("figures").names and ps.unique == ["figure_id"]


def test_compare_metrics_table_is_doc_id_place_keys_then_every_metric():
    t = schema.table("compare_metrics")
    assert t.names == ["doc_id", "place_code", "place_name", "report_period", *schema.metric_keys()]
    assert t.primary_key == ("doc_id",)
