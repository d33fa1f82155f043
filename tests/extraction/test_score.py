"""minsheng.extraction.score: figures matched by span, value and unit; accuracy per field, worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from minsheng.extraction.score import match, score


def _t(rows):
    cols = ["start", "end", "value_norm", "unit_norm", "goal", "metric", "period", "qualifier"]
    return pd.DataFrame(rows, columns=cols)


EXPECTED = _t([
    (0, 6, 5e6, "CNY", "health", "spending", "2020", "exact"),
    (10, 14, 300, "person", "health", "beneficiaries", "2020", "exact"),
    (20, 24, 12, "count", "education", "output", "2020", "approx"),
    (30, 34, 7, "count", "other", "other", "", "exact"),
])


def test_a_figure_matches_by_overlap_value_and_unit():
    found = _t([
        (1, 6, 5e6, "CNY", "health", "spending", "2020", "exact"),            # overlaps, same value: match 0
        (10, 14, 300, "household", "health", "beneficiaries", "2020", "exact"),  # other unit: no match
        (22, 26, 12, "count", "elderly", "output", "", "approx"),             # overlaps: match 2, goal and period wrong
        (40, 44, 7, "count", "other", "other", "", "exact"),                  # same value, no overlap: no match
    ])
    assert match(EXPECTED, found) == [(0, 0), (2, 2)]
    s = score(EXPECTED, found)
    assert (s["n_expected"], s["n_found"], s["n_matched"]) == (4, 4, 2)
    assert s["precision"] == 0.5 and s["recall"] == 0.5 and s["f1"] == 0.5
    assert s["goal"] == 0.5 and s["period"] == 0.5 and s["metric"] == 1.0 and s["qualifier"] == 1.0
    assert s["all4"] == 0.5  # row 0 all right, row 2 two wrong
    assert s["status"] is None  # not in the tables


def test_a_found_figure_is_matched_once():
    found = _t([(0, 34, 5e6, "CNY", "health", "spending", "2020", "exact")])
    doubled = pd.concat([EXPECTED.iloc[:1], EXPECTED.iloc[:1].assign(start=2, end=5)], ignore_index=True)
    assert match(doubled, found) == [(0, 0)]


def test_nothing_found():
    s = score(EXPECTED, _t([]))
    assert s["n_matched"] == 0 and s["precision"] is None and s["recall"] == 0 and s["f1"] == 0.0
    assert s["goal"] is None and s["all4"] is None


@pytest.mark.parametrize("a, b, same", [(413088300.0, 413088300.00000006, True), (1.0, 1.001, False)])
def test_values_agree_to_rounding(a, b, same):
    e = _t([(0, 4, a, "CNY", "o", "m", "", "exact")])
    f = _t([(0, 4, b, "CNY", "o", "m", "", "exact")])
    assert bool(match(e, f)) is same
