"""The regression check: a changed expectation makes it fail with a readable diff."""

import json
import shutil

import pandas as pd

from minsheng.pipeline.baseline import compare_folders, compare_tables


def _frame(rows):
    return pd.DataFrame(rows, dtype=str)


def test_compare_tables_reports_table_row_column_old_and_new():
    # value is a number column of the schema: compared within the relative tolerance
    old = _frame({"figure_id": ["F001", "F002"], "text": ["52项", "57.93亿元"], "value": ["223.0205", "57.93"]})
    new = old.copy()
    new.loc[1, "text"] = "57.9亿元"
    new.loc[0, "value"] = "223.0205000000001"  # within the relative tolerance: not a change
    assert compare_tables("figures.csv", old, new) == ["figures.csv F002 text: '57.93亿元' -> '57.9亿元'"]
    new.loc[0, "value"] = "223.03"
    assert "figures.csv F001 value: '223.0205' -> '223.03'" in compare_tables("figures.csv", old, new)


def test_integer_columns_are_exact():
    # start is an integer column of the schema: any change counts, however small relative to the value
    old = _frame({"figure_id": ["F001"], "start": ["5793000000"]})
    new = _frame({"figure_id": ["F001"], "start": ["5793000001"]})
    assert compare_tables("figures.csv", old, new) == ["figures.csv F001 start: '5793000000' -> '5793000001'"]


def test_added_and_removed_rows_and_columns():
    old = _frame({"figure_id": ["F001", "F002"], "text": ["a", "b"]})
    new = _frame({"figure_id": ["F001", "F003"], "text": ["a", "c"]})
    diffs = compare_tables("figures.csv", old, new)
    assert diffs[0].startswith("figures.csv F002: row removed") and diffs[1].startswith("figures.csv F003: row added")
    assert compare_tables("figures.csv", old, new.rename(columns={"text": "txt"}))[0].startswith("figures.csv: columns changed")


def test_check_fails_on_a_changed_expectation_with_a_readable_diff(tmp_path, cli):
    # a finished run, and committed expectations that differ from it in one figure and one metric
    from conftest import ROOT

    committed = ROOT / "data" / "processed" / "yingquan_minsheng_2016_2020"
    run_dir = tmp_path / "run" / "yingquan_minsheng_2016_2020"
    shutil.copytree(committed, run_dir, ignore=shutil.ignore_patterns("_build"))
    assert compare_folders(committed, run_dir) == []
    proc = cli("check", "--run-dir", run_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    df = pd.read_csv(run_dir / "figures.csv", dtype=str, keep_default_na=False)
    df.loc[df["figure_id"] == "F034", "value_norm"] = "413088301"
    df.to_csv(run_dir / "figures.csv", index=False, lineterminator="\n")
    if (run_dir / "metrics.json").exists():
        m = json.loads((run_dir / "metrics.json").read_text(encoding="utf-8"))
        m["n_figures"] = 44
        (run_dir / "metrics.json").write_text(json.dumps(m), encoding="utf-8")
    proc = cli("check", "--run-dir", run_dir)
    assert proc.returncode == 1
    assert "figures.csv F034 value_norm: '413088300' -> '413088301'" in proc.stdout
    if (run_dir / "metrics.json").exists():
        assert "metrics.json n_figures: 43 -> 44" in proc.stdout
