"""The census population beside the stated one (minsheng.analysis.population)."""

import pytest

from minsheng import schema
from minsheng.analysis import population


def test_census_metrics_divide_the_stated_total_by_the_census_population():
    # 颍泉区: 57.93亿元 over 2016-2020, 598,004 residents in the 2020 census
    m = population.census_metrics({"population_census_2020": 598004},
                                  {"total_spending_cny": 5_793_000_000.0, "total_years": 5, "population": 700_000.0})
    assert m["population_census_2020"] == 598004
    assert m["spending_per_resident_census_cny"] == pytest.approx(9687.23, abs=0.005)  # 5.793e9 / 598004
    assert m["spending_per_resident_year_census_cny"] == pytest.approx(1937.45, abs=0.005)  # / 5 years


def test_census_metrics_are_null_without_a_place_a_total_or_years():
    none = dict.fromkeys(population.KEYS)
    assert population.census_metrics(None, {"total_spending_cny": 1e9, "total_years": 1}) == none
    assert population.census_metrics({"population_census_2020": None}, {"total_spending_cny": 1e9}) == none
    m = population.census_metrics({"population_census_2020": 1000}, {"total_spending_cny": None, "total_years": 1})
    assert m == {**none, "population_census_2020": 1000}
    m = population.census_metrics({"population_census_2020": 1000}, {"total_spending_cny": 5000.0, "total_years": None})
    assert m["spending_per_resident_census_cny"] == 5.0 and m["spending_per_resident_year_census_cny"] is None


def test_census_keys_are_the_last_keys_of_metrics_json_in_the_schema():
    assert schema.metric_keys()[-len(population.KEYS):] == list(population.KEYS)
