"""Reports of other kinds (tests/fixtures/, invented texts): the whole table against hand-checked expectations.

Every column an expected file has is compared except ``program`` and ``program_en`` (the
version-2 columns where a file has them; the version-1 ones always): program names are
the report's words trimmed by heuristics, and on these fixtures they are checked
for pairing (same program for spending and beneficiaries of one item) rather than
wording; the bundled report's test compares them exactly.
"""


import pandas as pd
import pytest

from conftest import FIXTURES
from minsheng import schema
from minsheng.extraction.checks import check_figures
from minsheng.extraction.clean import FIGURES, figures_table, to_csv, typed
from minsheng.extraction.reading import read_report

STEMS = sorted(p.name.removesuffix(".expected.csv") for p in FIXTURES.glob("*.expected.csv"))
#: every column of figures.csv that an expected file has is compared, except these
NOT_COMPARED = {"program", "program_en"}
#: an expected file has at least these (the version-1 columns); later columns are compared where it has them
REQUIRED = ["doc_id", "figure_id", "start", "end", "text", "value", "unit_raw", "value_norm", "unit_norm",
            "qualifier", "period", "goal", "metric", "sentence", "pair_role", "pair_figure_id"]


def test_there_are_at_least_three_fixtures():
    assert len(STEMS) >= 3


@pytest.mark.parametrize("stem", STEMS)
def test_fixture_table_matches_hand_checked_expectation(stem):
    report = read_report(FIXTURES / f"{stem}.txt")
    got = pd.read_csv(__import__("io").StringIO(to_csv(figures_table(report))), dtype=str, keep_default_na=False)
    exp = pd.read_csv(FIXTURES / f"{stem}.expected.csv", dtype=str, keep_default_na=False)
    assert len(got) == len(exp)
    assert set(REQUIRED) <= set(exp.columns), f"{stem}: the expected table lacks {set(REQUIRED) - set(exp.columns)}"
    assert set(exp.columns) <= set(got.columns), f"{stem}: columns not in figures.csv: {set(exp.columns) - set(got.columns)}"
    for col in [c for c in got.columns if c in exp.columns and c not in NOT_COMPARED]:
        a, b = exp[col].tolist(), got[col].tolist()
        if col in ("value", "value_norm"):
            a, b = [float(x) for x in a], [float(x) for x in b]
        bad = [(exp.figure_id[i], exp.text[i], a[i], b[i]) for i in range(len(a)) if a[i] != b[i]]
        assert not bad, f"{stem}: column {col}: (figure, text, expected, got) {bad}"


@pytest.mark.parametrize("stem", STEMS)
def test_expected_tables_are_consistent_with_their_texts(stem):
    # the hand-written expectations themselves pass the checks every run makes
    # (a version-2 column the file does not have yet is filled with a valid placeholder, so that the
    # columns it has are checked: required ones with their vocabulary's first value, others empty)
    report = read_report(FIXTURES / f"{stem}.txt")
    exp = pd.read_csv(FIXTURES / f"{stem}.expected.csv", dtype=str, keep_default_na=False)
    has_bounds = "sentence_start" in exp.columns
    for col in FIGURES.columns:
        if col.name not in exp.columns:
            exp[col.name] = schema.vocabulary(col.vocabulary)[0] if col.required else ""
    exp = exp[FIGURES.names].replace({"": None}).astype(object)
    for col in FIGURES.columns:
        if not col.numeric:
            exp[col.name] = exp[col.name].fillna("")
    check_figures(typed(exp), report.text)
    if has_bounds:
        for r in typed(exp).itertuples(index=False):
            if r.sentence_end - r.sentence_start <= 200:
                assert r.sentence == report.text[r.sentence_start:r.sentence_end], r.figure_id


def test_encodings_of_the_fixtures():
    assert read_report(FIXTURES / "district_work_report_gbk.txt").encoding == "gb18030"
    assert read_report(FIXTURES / "town_brief_utf8bom.txt").encoding == "utf-8-sig"
    assert "\r\n" in read_report(FIXTURES / "town_brief_utf8bom.txt").text
