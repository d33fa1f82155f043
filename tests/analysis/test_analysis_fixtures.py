"""programs, goals and standards of the analysis fixtures (tests/fixtures/analyses/), checked by hand.

Each ``<stem>.txt`` is our own report text with the traps issue 11 lists; ``<stem>.<table>.csv`` holds the
columns a researcher works out by hand (see the fixtures README). The report is extracted, the tables are
built, and every cell of the expected columns is compared: numbers to 1e-8 relative, text exactly.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from minsheng.analysis import metrics, per_beneficiary, per_goal, plausibility, standards
from minsheng.extraction.clean import figures_table
from minsheng.extraction.reading import read_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "analyses"
STEMS = ("annual_traps_2023", "part_year_2024")
KEYS = {"programs": "spending_figure_id", "goals": "goal", "standards": "base_figure_id"}


@pytest.fixture(scope="module", params=STEMS)
def report(request):
    figures = figures_table(read_report(FIXTURES / f"{request.param}.txt", doc_id=request.param.replace("_", "-")))
    tables = {"programs": per_beneficiary.programs_table(figures), "goals": per_goal.goals_table(figures),
              "standards": standards.standards_table(figures)}
    return request.param, figures, tables


def _same(got, want) -> bool:
    if isinstance(want, str) or isinstance(got, str):
        return ("" if pd.isna(got) else str(got)) == ("" if pd.isna(want) else str(want))
    if pd.isna(want):
        return pd.isna(got)
    return not pd.isna(got) and math.isclose(float(got), float(want), rel_tol=1e-8, abs_tol=1e-9)


@pytest.mark.parametrize("table", ("programs", "goals", "standards"))
def test_tables_match_the_hand_checked_ones(report, table):
    stem, _figures, tables = report
    want = pd.read_csv(FIXTURES / f"{stem}.{table}.csv", dtype=str, keep_default_na=False)
    got = tables[table].set_index(KEYS[table])
    assert list(got.index) == list(want[KEYS[table]]), (stem, table)
    wrong = []
    for _, row in want.iterrows():
        for col in want.columns:
            if col == KEYS[table]:
                continue
            w = row[col]
            g = got.loc[row[KEYS[table]], col]
            numeric = pd.api.types.is_numeric_dtype(tables[table][col])
            w = (float(w) if w != "" else math.nan) if numeric else w
            if not _same(g, w):
                wrong.append((row[KEYS[table]], col, g, w))
    assert not wrong, wrong


def test_annual_traps_totals_and_notes():
    figures = figures_table(read_report(FIXTURES / "annual_traps_2023.txt", doc_id="annual"))
    t = per_goal.totals(figures)
    # 计划投入15.6亿元 stands beside 已拨付14.82亿元: the disbursed one is the total, the plan never the denominator
    assert (t["total_figure_id"], t["total_spending_cny"]) == ("F002", pytest.approx(1.482e9))
    assert (t["planned_total_figure_id"], t["planned_total_spending_cny"]) == ("F001", pytest.approx(1.56e9))
    # itemised: 163万 + 2.3亿 + 1020万 + 1.85亿 + 723万 = 434,060,000 (not the 其中 4600万, the 累计 9450万,
    # the loan 1.35亿 or the income gains 3000元 and 3600万)
    assert t["itemised_spending_cny"] == pytest.approx(434_060_000)
    assert t["spending_per_resident_cny"] == pytest.approx(1.482e9 / 426_000)
    g = per_goal.goals_table(figures).set_index("goal")
    # 学前教育资金4600万元 is a 其中 part of 教育民生资金 (F005) with a goal of its own (学前: early_childhood):
    # listed there as not added, never summed
    assert "part of F005" in g.loc["early_childhood", "notes"]
    assert "no share" in g.loc["early_childhood", "notes"]
    # registered unemployed (F011) and new jobs (F010), applications received (F022) and approved (F023):
    # never summed anywhere; jobs and applications are outputs, listed one by one
    assert "城镇新增就业 5320人" in g.loc["employment", "outputs"] and "3180" not in g.loc["employment", "outputs"]
    assert g.loc["social_assistance", "outputs"] == "受理临时救助申请 2860户; 审批通过 2410户"
    assert g.loc["social_assistance", "beneficiaries_household"] == 12000  # only the 1.2万户 of the income project
    p = per_beneficiary.programs_table(figures)
    # the income gain (户均增收3000元) is never paired with the 1.2万户 it reached, the loan never with 1120人
    assert "F026" not in set(p["spending_figure_id"]) and "F025" not in set(p["beneficiaries_figure_id"])
    assert "F013" not in set(p["beneficiaries_figure_id"])


def test_part_year_totals_and_metrics():
    figures = figures_table(read_report(FIXTURES / "part_year_2024.txt", doc_id="part"))
    tables = (per_beneficiary.programs_table(figures), per_goal.goals_table(figures),
              standards.standards_table(figures))
    m = metrics.headline_metrics(figures, *tables)
    # 1-5月 6.48亿元 against the annual plan 16.2亿元: the stated total covers 5 months, nothing per year
    assert m["total_spending_cny"] == pytest.approx(6.48e8) and m["total_months"] == 5
    assert m["total_years"] is None and m["planned_total_spending_cny"] == pytest.approx(1.62e9)
    # itemised 312万 + 2437万 + 9250万 = 11,999万 (the five months of 低保 are its parts)
    assert m["itemised_spending_cny"] == pytest.approx(119_990_000)
    # 1880万元 is 1880/186 = 10.11 times the median of 186万, 193万, 178万: flagged, not corrected
    out = plausibility.magnitude_outliers(figures)
    assert out["figure_id"].tolist() == ["F020"] and out.loc[0, "ratio"] == pytest.approx(1880 / 186)
    assert m["n_magnitude_outliers"] == 1
    g = tables[1].set_index("goal")
    assert "F020 is an order of magnitude off" in g.loc["elderly", "notes"]
    # 低保 over 1-5月: 92,500,000 / 31,000 = 2,983.87 against 6,960 × 5/12 = 2,900 (a threshold: ≤ 3,190 agrees)
    p = tables[0].set_index("spending_figure_id")
    assert "×5/12" in p.loc["F008", "notes"] and "2,900 CNY" in p.loc["F008", "notes"]
