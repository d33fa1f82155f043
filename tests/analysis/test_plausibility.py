"""Bounds from qualifiers, round amounts and figures an order of magnitude off their neighbours."""

from __future__ import annotations

import pytest

from conftest import make_figures
from minsheng.analysis import plausibility


@pytest.mark.parametrize(("num", "den", "bound"), [
    ("exact", "more_than", "upper"),    # 57.93亿元 / 70多万 residents: at most 8,275.71 per resident
    ("exact", "at_least", "upper"),
    ("more_than", "exact", "lower"),    # 超过500万元 / 1000人: at least 5,000
    ("exact", "less_than", "lower"),    # 100万元 / 不足200人: more than 5,000
    ("at_most", "exact", "upper"),
    ("at_least", "at_least", "unknown"),  # 不低于162元 / 不低于10元: floors over floors
    ("approx", "exact", "approx"),
    ("approx", "more_than", "upper"),
    ("exact", "exact", "exact"),
])
def test_ratio_bound(num, den, bound):
    assert plausibility.ratio_bound(num, den) == bound


def test_round_amounts():
    assert plausibility.is_round(1000.0)            # 552.9万元 / 5529
    assert plausibility.is_round(7500.0)            # 9450万元 / 1.26万人次
    assert not plausibility.is_round(223.0205)       # 8920.82万元 / 40万人次
    assert not plausibility.is_round(5781.25)
    assert not plausibility.is_round(3.0)            # below 10 CNY nothing is called round


def test_a_figure_ten_times_its_neighbours_is_flagged_not_corrected():
    s = "各镇分别发放高龄津贴186万元、193万元、1880万元、178万元。"
    rows = [{"figure_id": f"F00{i}", "value_norm": v, "unit_norm": "CNY", "metric": "spending", "program": "高龄津贴",
             "sentence": s, "goal": "elderly", "text": t}
            for i, (v, t) in enumerate(((1.86e6, "186万元"), (1.93e6, "193万元"), (1.88e7, "1880万元"),
                                        (1.78e6, "178万元")), start=1)]
    f = make_figures(*rows)
    out = plausibility.magnitude_outliers(f)
    # 1880 / median(186, 193, 178) = 1880 / 186 = 10.11; 186 / median(193, 1880, 178) = 186/193 = 0.96: not flagged
    assert out["figure_id"].tolist() == ["F003"]
    assert out.loc[0, "ratio"] == pytest.approx(1880 / 186)
    assert out.loc[0, "neighbour_figure_ids"] == "F001;F002;F004"
    assert f.loc[2, "value_norm"] == pytest.approx(1.88e7)  # not corrected
    # nine times is not an order of magnitude
    rows[2]["value_norm"] = 1.674e7  # 1674 / 186 = 9.0
    assert plausibility.magnitude_outliers(make_figures(*rows)).empty
    # two figures cannot tell which one is off
    assert plausibility.magnitude_outliers(make_figures(*rows[:1], rows[2])).empty


def test_a_series_of_years_is_a_neighbourhood():
    rows = [{"figure_id": f"F00{i}", "value_norm": v, "unit_norm": "CNY", "metric": "spending", "program": "孤儿基本生活费",
             "period": str(y), "sentence": f"{y}年句。"}
            for i, (y, v) in enumerate(((2019, 3.12e6), (2020, 3.28e6), (2021, 3.46e7), (2022, 3.51e6)), start=1)]
    out = plausibility.magnitude_outliers(make_figures(*rows))
    assert out["figure_id"].tolist() == ["F003"]  # 3460 / median(312, 328, 351) = 3460/328 = 10.55
    assert out.loc[0, "ratio"] == pytest.approx(3460 / 328)
