"""Reports of other kinds (tests/fixtures/, invented texts): the whole table against hand-checked expectations.

Every column is compared except ``program`` and ``program_en``: program names are
the report's words trimmed by heuristics, and on these fixtures they are checked
for pairing (same program for spending and beneficiaries of one item) rather than
wording; the bundled report's test compares them exactly.
"""


import pandas as pd
import pytest

from conftest import FIXTURES
from minsheng.extraction.checks import check_figures
from minsheng.extraction.clean import figures_table, to_csv
from minsheng.extraction.reading import read_report

STEMS = sorted(p.name.removesuffix(".expected.csv") for p in FIXTURES.glob("*.expected.csv"))
COMPARED = ["doc_id", "figure_id", "start", "end", "text", "value", "unit_raw", "value_norm", "unit_norm",
            "qualifier", "period", "goal", "metric", "sentence", "pair_role", "pair_figure_id"]


def test_there_are_at_least_three_fixtures():
    assert len(STEMS) >= 3


@pytest.mark.parametrize("stem", STEMS)
def test_fixture_table_matches_hand_checked_expectation(stem):
    report = read_report(FIXTURES / f"{stem}.txt")
    got = pd.read_csv(__import__("io").StringIO(to_csv(figures_table(report))), dtype=str, keep_default_na=False)
    exp = pd.read_csv(FIXTURES / f"{stem}.expected.csv", dtype=str, keep_default_na=False)
    assert len(got) == len(exp)
    for col in COMPARED:
        a, b = exp[col].tolist(), got[col].tolist()
        if col in ("value", "value_norm"):
            a, b = [float(x) for x in a], [float(x) for x in b]
        bad = [(exp.figure_id[i], exp.text[i], a[i], b[i]) for i in range(len(a)) if a[i] != b[i]]
        assert not bad, f"{stem}: column {col}: (figure, text, expected, got) {bad}"


@pytest.mark.parametrize("stem", STEMS)
def test_expected_tables_are_consistent_with_their_texts(stem):
    # the hand-written expectations themselves pass the checks every run makes
    report = read_report(FIXTURES / f"{stem}.txt")
    exp = pd.read_csv(FIXTURES / f"{stem}.expected.csv", keep_default_na=False)
    exp["value"] = exp["value"].astype(float)
    exp["value_norm"] = exp["value_norm"].astype(float)
    for c in exp.columns:
        if c not in ("start", "end", "value", "value_norm"):
            exp[c] = exp[c].astype(str)
    check_figures(exp, report.text)


def test_encodings_of_the_fixtures():
    assert read_report(FIXTURES / "district_work_report_gbk.txt").encoding == "gb18030"
    assert read_report(FIXTURES / "town_brief_utf8bom.txt").encoding == "utf-8-sig"
    assert "\r\n" in read_report(FIXTURES / "town_brief_utf8bom.txt").text
