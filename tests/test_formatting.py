"""minsheng.formatting: numbers for prose, table cells and ticks, on hand-picked values."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from minsheng.formatting import fmt_cell, fmt_cny, fmt_number, fmt_pct, fmt_tick, is_number

DASH = "\u2013"  # the en dash of a missing number


@pytest.mark.parametrize("v", [0, -3, 2.5, 1e15, np.int64(7), np.float64(0.1), 5.793e9])
def test_is_number_true(v):
    assert is_number(v) is True


@pytest.mark.parametrize("v", [math.nan, math.inf, -math.inf, None, pd.NA, True, False, "abc", "", [1], pd.NaT])
def test_is_number_false(v):
    assert is_number(v) is False


def test_is_number_refuses_numpy_bools():
    assert is_number(np.True_) is False


@pytest.mark.parametrize("v, digits, expected", [
    (1234567, 2, "1,234,567"),
    (1234567.0, 2, "1,234,567"),     # an integral float has no decimals
    (-7.0, 2, "-7"),
    (1234.5678, 2, "1,234.57"),
    (0.5, 2, "0.50"),
    (2.34567, 3, "2.346"),
    (1e15, 2, "1,000,000,000,000,000.00"),  # from 1e15 on, integral floats keep their decimals
    (math.nan, 2, DASH),
    (pd.NA, 2, DASH),
    (None, 2, DASH),
    (True, 2, DASH),
])
def test_fmt_number(v, digits, expected):
    assert fmt_number(v, digits) == expected


@pytest.mark.parametrize("v, expected", [
    (5.793e9, "CNY 57.93 亿 (5,793,000,000)"),
    (413088300.0, "CNY 4.131 亿 (413,088,300)"),   # 4.130883 亿 to 4 significant digits
    (1e8, "CNY 1 亿 (100,000,000)"),
    (-2e8, "CNY -2 亿 (-200,000,000)"),
    (12345678, "CNY 1,234.57 万 (12,345,678)"),  # 1234.5678 万 to 6 significant digits
    (864000, "CNY 86.4 万 (864,000)"),
    (1e4, "CNY 1 万 (10,000)"),
    (9999.5, "CNY 9,999.50"),
    (0, "CNY 0.00"),
    (math.nan, DASH),
    (pd.NA, DASH),
    (False, DASH),
])
def test_fmt_cny(v, expected):
    assert fmt_cny(v) == expected


@pytest.mark.parametrize("v, digits, expected", [
    (0.2428, 2, "24.28 %"),
    (0.2428, 1, "24.3 %"),
    (1, 2, "100.00 %"),
    (-0.05, 2, "-5.00 %"),
    (0.004, 1, "0.4 %"),
    (math.nan, 2, DASH),
    (pd.NA, 2, DASH),
    (None, 1, DASH),
])
def test_fmt_pct(v, digits, expected):
    assert fmt_pct(v, digits) == expected


@pytest.mark.parametrize("v, expected", [
    (math.nan, ""),
    (1234.0, "1,234"),
    (5.0, "5"),
    (-3.0, "-3"),
    (1234.567, "1,234.57"),
    (999.5, "999.5"),
    (0.123456789, "0.123457"),
    (0.2428, "0.2428"),
    (413088300.0, "413,088,300"),
])
def test_fmt_cell(v, expected):
    assert fmt_cell(v) == expected


def test_fmt_cell_has_no_exponent_for_a_small_share():
    assert fmt_cell(0.00005) == "0.00005"


@pytest.mark.parametrize("v, money, expected", [
    (1000, False, "1,000"),
    (1, False, "1"),
    (0.5, False, "0.5"),
    (0.01, False, "0.01"),
    (1e6, False, "1,000,000"),
    (50000, True, "50,000"),
    (1e6, True, "1 m"),
    (5e6, True, "5 m"),
    (1e9, True, "1 bn"),
    (2.5e9, True, "2.5 bn"),
])
def test_fmt_tick(v, money, expected):
    assert fmt_tick(v, money=money) == expected
