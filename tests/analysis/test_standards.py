"""standards.csv: from→to changes of per-person standards, two-point CAGR nominal and real."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conftest import make_figures
from minsheng.analysis import reference, standards
from minsheng.reporting import prose

CPI = pd.DataFrame({"year": [2017, 2018, 2019, 2020], "cpi_yoy_pct": [1.6, 2.1, 2.9, 2.5]})


def _pair(v0, v1, unit="CNY/person/year", y0="2016", y1="2020", q0="exact", q1="exact",
          program="农村低保保障标准", sentence="农村低保保障标准从2016年的每人每年3088.42元，提高到7368元。"):
    return (
        {"figure_id": "F001", "value_norm": v0, "unit_norm": unit, "metric": "standard", "program": program,
         "period": y0, "qualifier": q0, "sentence": sentence, "pair_role": "from", "pair_figure_id": "F002"},
        {"figure_id": "F002", "value_norm": v1, "unit_norm": unit, "metric": "standard", "program": program,
         "period": y1, "qualifier": q1, "sentence": sentence, "pair_role": "to", "pair_figure_id": "F001"},
    )


def test_families():
    assert standards.families("农村低保、五保救助金") == ("dibao", "tekun")
    assert standards.families("特困人员基本生活标准") == ("tekun",)
    assert standards.families("新建幼儿园") == ()


def test_two_point_cagr_nominal_and_real_by_hand():
    s = standards.standards_table(make_figures(*_pair(3088.42, 7368)), CPI)
    assert len(s) == 1
    r = s.iloc[0]
    # ratio 7368 / 3088.42 = 2.385686; 2.385686 ** (1/4) = 1.242806 → 24.28 %
    assert r["ratio"] == pytest.approx(2.385686, abs=1e-6)
    assert r["cagr"] == pytest.approx(0.2428, abs=5e-5)
    # CPI 2017-2020: 1.016 × 1.021 × 1.029 × 1.025 = 1.094104; 2.385686 / 1.094104 = 2.180492 → 21.52 %
    assert r["cpi_index"] == pytest.approx(1.094104, abs=1e-6)
    assert r["ratio_real"] == pytest.approx(2.180492, abs=1e-6)
    assert r["cagr_real"] == pytest.approx(0.2152, abs=5e-5)
    assert (r["base_year"], r["final_year"], r["years"]) == (2016, 2020, 4)
    assert (r["base_figure_id"], r["final_figure_id"]) == ("F001", "F002")
    assert "two-point" in r["notes"]
    assert "2020 is not written in the sentence" in r["notes"]


def test_real_cagr_is_empty_where_the_cpi_does_not_cover_the_years():
    short = CPI[CPI["year"] <= 2019]
    s = standards.standards_table(make_figures(*_pair(100, 200)), short)
    assert not math.isnan(s.loc[0, "cagr"])
    assert math.isnan(s.loc[0, "cagr_real"]) and math.isnan(s.loc[0, "cpi_index"])
    assert "does not cover 2017-2020" in s.loc[0, "notes"]
    s = standards.standards_table(make_figures(*_pair(100, 200)))  # no deflator at all
    assert math.isnan(s.loc[0, "cagr_real"])
    assert "no deflator" in s.loc[0, "notes"]


def test_monthly_standard_gets_yearly_levels_alongside():
    s = standards.standards_table(make_figures(*_pair(378.5, 808.3, unit="CNY/person/month",
                                                     program="特困人员基本生活标准")), CPI)
    r = s.iloc[0]
    assert (r["base_value"], r["final_value"], r["unit_norm"]) == (378.5, 808.3, "CNY/person/month")
    assert r["base_cny_per_year"] == pytest.approx(4542.0)    # 378.5 × 12
    assert r["final_cny_per_year"] == pytest.approx(9699.6)   # 808.3 × 12
    # 808.3 / 378.5 = 2.135535 → ** (1/4) = 1.208862 → 20.89 %
    assert r["cagr"] == pytest.approx(0.2089, abs=5e-5)
    assert "×12" in r["notes"]


def test_floor_and_missing_year():
    s = standards.standards_table(make_figures(*_pair(10, 162, q0="at_least", q1="at_least", y1="")), CPI)
    r = s.iloc[0]
    assert pd.isna(r["final_year"]) and math.isnan(r["cagr"]) and math.isnan(r["cagr_real"])
    assert r["ratio"] == pytest.approx(16.2)
    assert "floor" in r["notes"] and "year unknown" in r["notes"]


def test_only_standard_pairs_and_header_only_without_any():
    rate = _pair(80, 95, unit="percent")
    rows = [dict(r, metric="rate") for r in rate]
    s = standards.standards_table(make_figures(*rows), CPI)
    assert s.empty and list(s.columns) == standards.STANDARDS.names
    assert "no benefit standard" in prose.describe_standards(s, CPI).data


def test_input_not_changed():
    f = make_figures(*_pair(100, 200))
    before = f.copy(deep=True)
    standards.standards_table(f, CPI)
    standards.standard_levels(f)
    pd.testing.assert_frame_equal(f, before)


def test_bundled_report_four_standards(bundled_figures):
    cpi = reference.load_cpi(reference.DEFAULT_CPI)
    s = standards.standards_table(bundled_figures, cpi)
    assert list(s.columns[:14]) == [
        "doc_id", "goal", "program", "program_en", "unit_norm", "base_year", "base_value", "final_year",
        "final_value", "ratio", "cagr", "cagr_real", "base_figure_id", "final_figure_id"]
    assert len(s) == 4
    by = s.set_index("program")
    # rural 低保: 3088.42 → 7368 CNY/person/year, 2016 → 2020: nominal two-point CAGR 24.28 %, real 21.52 %
    db = by.loc["农村低保保障标准"]
    assert (db["base_value"], db["final_value"]) == (3088.42, 7368.0)
    assert db["cagr"] == pytest.approx(0.2428, abs=5e-5)
    assert db["cagr_real"] == pytest.approx(0.2152, abs=5e-5)
    # medical-insurance subsidy 420 → 550: (550/420) ** 0.25 - 1 = 6.97 %
    assert by.loc["城乡居民基本医疗保险参保补助标准", "cagr"] == pytest.approx(0.0697, abs=5e-5)
    # pension top-up, floors: 10 → 162: 16.2 ** 0.25 - 1 = 100.62 %
    pen = by.loc["城乡居民基本养老保险基础养老金"]
    assert pen["cagr"] == pytest.approx(1.0062, abs=5e-5)
    assert pen["base_qualifier"] == "at_least" and "floor" in pen["notes"]
    # 特困: monthly, ×12 alongside
    tk = by.loc["特困人员基本生活标准"]
    assert tk["unit_norm"] == "CNY/person/month" and tk["final_cny_per_year"] == pytest.approx(9699.6)


def test_floor_to_floor_and_implausible_growth_are_flagged():
    # 不低于10元 (2016) → 不低于162元 (2020): ratio 16.2, CAGR 16.2^(1/4) - 1 = 1.00622 (2.00622^4 = 16.2)
    r = standards.standards_table(make_figures(*_pair(10, 162, q0="at_least", q1="at_least")), CPI).iloc[0]
    assert r["cagr"] == pytest.approx(1.00622, abs=5e-6)
    assert r["flags"] == "floor_to_floor;implausible_growth"
    assert r["ratio_bound"] == "unknown"  # a floor over a floor bounds nothing
    assert "probably not the same quantity" in r["notes"] and "two floors" in r["notes"]
    # 3088.42 → 7368 over four years: 24.28 % a year, plausible, exact
    r = standards.standards_table(make_figures(*_pair(3088.42, 7368)), CPI).iloc[0]
    assert (r["flags"], r["ratio_bound"]) == ("", "exact")
    # an exact base and a final floor: the ratio is a lower bound; 400 → 不低于900 in 2 years: 50 % a year exactly,
    # not above the 50 % line
    r = standards.standards_table(make_figures(*_pair(400, 900, y0="2018", q1="at_least")), CPI).iloc[0]
    assert r["cagr"] == pytest.approx(0.5) and r["ratio_bound"] == "lower" and r["flags"] == ""
