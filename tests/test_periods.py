"""Periods as the figures table writes them: one reader for every analysis."""

from minsheng import periods


def test_years_of_a_year_a_span_and_nothing():
    assert periods.years("2016-2020") == 5  # 2016, 2017, 2018, 2019, 2020
    assert periods.years("2020") == 1
    assert periods.years("2020-2020") == 1
    assert periods.years(" 2019 ") == 1
    assert periods.years("") is None and periods.years(None) is None
    assert periods.years("2020-2016") is None  # a span that runs backwards is unreadable, not -3
    assert periods.years("20") is None and periods.years("1850") is None and periods.years("2016—2020") is None


def test_bounds_and_single_year():
    assert periods.bounds("2011-2018") == (2011, 2018)
    assert periods.bounds("2017") == (2017, 2017)
    assert periods.single_year("2017") == 2017
    assert periods.single_year("2016-2020") is None and periods.single_year("") is None
