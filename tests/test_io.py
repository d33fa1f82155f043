"""minsheng.io: products written whole or not at all, the contract's CSV text, typed table reads."""

from __future__ import annotations

import math
import os

import pandas as pd
import pytest

from minsheng import io, schema
from minsheng.errors import InputError

# --------------------------------------------------------------------------- whole-file writes

def test_write_text_atomic_writes_the_text_and_leaves_no_temp_file(tmp_path):
    p = tmp_path / "sub" / "figures.csv"  # the folder is created
    assert io.write_text_atomic(p, "a,b\n1,民生\n") == p
    assert p.read_bytes() == "a,b\n1,民生\n".encode()
    assert [x.name for x in p.parent.iterdir()] == ["figures.csv"]


def test_write_text_atomic_keeps_line_ends_as_given(tmp_path):
    p = tmp_path / "t.txt"
    io.write_text_atomic(p, "x\r\ny\n")
    assert p.read_bytes() == b"x\r\ny\n"  # no newline translation either way


def test_write_text_atomic_gives_the_usual_mode(tmp_path):
    old = os.umask(0o022)
    try:
        p = io.write_text_atomic(tmp_path / "m.txt", "x")
    finally:
        os.umask(old)
    assert p.stat().st_mode & 0o777 == 0o644  # 0o666 & ~0o022, not mkstemp's 0o600


def test_a_failing_rename_keeps_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    p = tmp_path / "goals.csv"
    p.write_text("old\n", encoding="utf-8")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        io.write_text_atomic(p, "new\n")
    assert p.read_text(encoding="utf-8") == "old\n"
    assert [x.name for x in tmp_path.iterdir()] == ["goals.csv"]


def test_a_failing_write_keeps_the_old_file_and_no_temp_file(tmp_path):
    p = tmp_path / "goals.csv"
    p.write_text("old\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        io.write_text_atomic(p, "half\ud800")  # a lone surrogate cannot be written as UTF-8
    assert p.read_text(encoding="utf-8") == "old\n"
    assert [x.name for x in tmp_path.iterdir()] == ["goals.csv"]


def test_dumps_json_is_stable():
    assert io.dumps_json({"b": 1, "a": "民生", "c": None}) == '{\n  "a": "民生",\n  "b": 1,\n  "c": null\n}\n'
    with pytest.raises(ValueError):
        io.dumps_json({"x": math.nan})  # NaN is not JSON


def test_write_json_writes_dumps_json(tmp_path):
    p = io.write_json({"n_figures": 3}, tmp_path / "metrics.json")
    assert p.read_text(encoding="utf-8") == '{\n  "n_figures": 3\n}\n'


# --------------------------------------------------------------------------- CSV text

def test_to_csv_text_format():
    df = pd.DataFrame({
        "name": ["低保", "a,b"],
        "value": [0.1 + 0.2, math.nan],   # 0.30000000000000004 -> %.15g -> 0.3; NaN -> empty
        "value_norm": [413088300.0, 1 / 3],  # a float with an integer value has no ".0"; 1/3 -> 15 digits
        "n": [1, 2],
    })
    assert io.to_csv_text(df) == (
        "name,value,value_norm,n\n"
        "低保,0.3,413088300,1\n"
        '"a,b",,0.333333333333333,2\n'
    )


def test_to_csv_text_of_an_empty_table_is_its_header():
    assert io.to_csv_text(pd.DataFrame({"doc_id": [], "goal": []})) == "doc_id,goal\n"


# --------------------------------------------------------------------------- typed reads

def _goals_rows() -> pd.DataFrame:
    """A small goals table by hand: every column of the schema, two rows."""
    names = schema.table("goals").names
    rows = [
        {"doc_id": "tiny", "goal": "social_assistance", "spending_cny": 1.6e6, "share_of_total": 0.16,
         "n_figures": 3, "goal_zh": "弱有所扶", "goal_en": "social assistance", "n_spending_figures": 2,
         "spending_figure_ids": "F001;F004", "periods": "2016-2020", "years": 5, "notes": "一条注释, with a comma"},
        {"doc_id": "tiny", "goal": "other", "spending_cny": math.nan, "share_of_total": math.nan,
         "n_figures": 1, "goal_zh": "其他", "goal_en": "other", "n_spending_figures": pd.NA,
         "years": pd.NA},
    ]
    return pd.DataFrame([{n: r.get(n, "" if schema.table("goals").column(n).type == "string" else math.nan)
                          for n in names} for r in rows])


def test_write_csv_then_read_table_round_trip(tmp_path):
    p = io.write_csv(_goals_rows(), tmp_path / "goals.csv")
    g = io.read_table(p, "goals")
    assert list(g.columns) == schema.table("goals").names
    assert str(g["n_figures"].dtype) == "int64"          # required integer
    assert str(g["years"].dtype) == "Int64"              # optional integer: nullable
    assert str(g["spending_cny"].dtype) == "float64"
    assert g["doc_id"].dtype == object
    assert g["n_figures"].tolist() == [3, 1]
    assert g.loc[0, "years"] == 5 and g.loc[1, "years"] is pd.NA
    assert g.loc[1, "n_spending_figures"] is pd.NA
    assert g.loc[0, "spending_cny"] == 1.6e6 and math.isnan(g.loc[1, "spending_cny"])
    assert g.loc[0, "share_of_total"] == 0.16
    assert g.loc[0, "notes"] == "一条注释, with a comma"
    assert g.loc[1, "notes"] == "" and g.loc[1, "periods"] == ""  # empty strings, never NaN
    # and written again it is the same text
    assert io.to_csv_text(g) == p.read_text(encoding="utf-8")


def test_read_table_of_a_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file") as e:
        io.read_table(tmp_path / "goals.csv", "goals")
    assert str(tmp_path / "goals.csv") in str(e.value) and "run the notebook" in str(e.value)
    with pytest.raises(InputError, match=r"run `minsheng extract REPORT > .*figures\.csv` first"):
        io.read_figures(tmp_path / "figures.csv")


def test_read_table_of_a_table_lacking_a_column(tmp_path):
    df = _goals_rows().drop(columns=["n_figures"])
    p = tmp_path / "goals.csv"
    p.write_text(io.to_csv_text(df), encoding="utf-8")
    with pytest.raises(InputError, match="goals.csv lacks the column"):
        io.read_table(p, "goals")
    with pytest.raises(InputError, match=r"^my goals lacks the column\(s\) n_figures"):
        io.read_table(p, "goals", what="my goals")


def test_read_table_of_a_value_of_the_wrong_type(tmp_path):
    df = _goals_rows()
    df["n_figures"] = ["three", "1"]
    p = tmp_path / "goals.csv"
    p.write_text(io.to_csv_text(df), encoding="utf-8")
    with pytest.raises(InputError, match="column n_figures"):
        io.read_table(p, "goals")


def test_read_lexicon_reads_the_outside_scope_words():
    rows = io.read_lexicon("outside_scope.csv")
    words = [r["word"] for r in rows]
    # lexicon/outside_scope.csv: its first row is 医疗卫生支出, and 民生支出 is in it
    assert words[0] == "医疗卫生支出"
    assert "民生支出" in words and "财政支出" in words
    assert rows[0]["note"] == "total public health expenditure (budget function)"
    assert io.read_lexicon("outside_scope.csv") is rows  # read once per process
