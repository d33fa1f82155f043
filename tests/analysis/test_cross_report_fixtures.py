"""The cross-report traps of issue 11 on three invented reports (tests/fixtures/analyses/cross/).

The same benefit (农村低保金 paid to 农村低保对象) on three time bases, worked out by hand:
- qingshi_2013 (a 2013 annual report): 1200万元 / 6000人 = 2,000 元 a year, one year's recipients;
  in 2020 prices × 1.154242 (CPI 2014-2020: 2.0, 1.4, 2.0, 1.6, 2.1, 2.9, 2.5 %) = 2,308.48;
- baisha_2016_2020 (a five-year review): 2亿元 / 2万人 = 10,000 元 over 2016-2020, so 2,000 (the same people
  every year) to 10,000 (each year's recipients added up) a recipient-year; × 1.0501407, the mean of the five
  years' factors: 2,100.28 to 10,501.41;
- hongling_2024_1_5 (a 1-5月 report): 500万元 / 5000人 = 1,000 元 over 5 months, no cost per year;
  in 2020 prices ÷ (1.009 × 1.020 × 1.002 × 1.002) = 967.77.
No two of them are like for like (one unit but three time bases): peer_reports stays empty. Before, the
five-year total and the five-month figure were each other's peers, and the 2013 and 2020 reports were set side
by side in nominal yuan.
"""

import pandas as pd
import pytest

from conftest import FIXTURES, make_report
from minsheng.pipeline import steps

CROSS = FIXTURES / "analyses" / "cross"


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    root = tmp_path_factory.mktemp("cross")
    for path in sorted(CROSS.glob("*.txt")):
        make_report(path, root / path.stem, path.stem)
    result = steps.compare_reports(str(root), str(root / "_compare"), str(root / "_compare" / "_build" / "figures"))
    return result.programs.set_index("doc_id")


def test_each_report_on_its_own_time_base(compared):
    c = compared
    assert c.loc["qingshi_2013", "time_base"] == "year"
    assert c.loc["qingshi_2013", "cny_per_beneficiary_year"] == pytest.approx(2000)
    assert c.loc["baisha_2016_2020", "time_base"] == "years"
    assert pd.isna(c.loc["baisha_2016_2020", "cny_per_beneficiary_year"])
    assert (c.loc["baisha_2016_2020", "cny_per_beneficiary_year_low"],
            c.loc["baisha_2016_2020", "cny_per_beneficiary_year_high"]) == (pytest.approx(2000), pytest.approx(10000))
    assert c.loc["hongling_2024_1_5", "time_base"] == "part_year"
    assert c.loc["hongling_2024_1_5", "months"] == 5
    assert c.loc["hongling_2024_1_5", "cny_per_beneficiary"] == pytest.approx(1000)
    assert pd.isna(c.loc["hongling_2024_1_5", "cny_per_beneficiary_year_low"])
    assert "a part of a year (5 months): never set against a full year's cost" in c.loc["hongling_2024_1_5", "notes"]


def test_amounts_of_different_years_in_one_years_prices(compared):
    c = compared
    assert c.loc["qingshi_2013", "cny_per_beneficiary_year_real"] == pytest.approx(2308.48, abs=0.01)
    assert c.loc["baisha_2016_2020", "cny_per_beneficiary_year_low_real"] == pytest.approx(2100.28, abs=0.01)
    assert c.loc["baisha_2016_2020", "cny_per_beneficiary_year_high_real"] == pytest.approx(10501.41, abs=0.01)
    assert c.loc["hongling_2024_1_5", "cny_per_beneficiary_real"] == pytest.approx(967.77, abs=0.01)
    assert (c["price_year"] == 2020).all()


def test_no_like_for_like_across_time_bases(compared):
    assert set(compared["families"]) == {"dibao"}  # the same benefit in all three
    assert (compared["peer_reports"] == "").all()
