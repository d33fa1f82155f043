"""Models only where honest: OLS of log spending on log beneficiaries, n >= 3."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from minsheng.analysis import models
from minsheng.reporting import prose


def _programs(beneficiaries, spending, unit="person"):
    n = len(beneficiaries)
    return pd.DataFrame({
        "program": [f"p{i}" for i in range(n)], "program_en": [f"program {i}" for i in range(n)],
        "goal": ["social_assistance"] * n, "beneficiary_unit": [unit] * n,
        "spending_cny": [float(s) for s in spending], "beneficiaries": [float(b) for b in beneficiaries],
    })


def test_fewer_than_three_programs_gives_no_model_and_says_why():
    p = _programs([10, 100], [1e3, 1e4])
    assert models.fit_spending_on_beneficiaries(p) is None
    assert "at least 3" in models.why_no_model(p)
    assert "No model" in prose.describe_model(None, p).data
    assert models.coefficients(None).empty
    assert models.fit_line(None, p) is None
    assert "nothing to fit" in models.why_no_model(p.iloc[0:0])


def test_no_spread_gives_no_model():
    p = _programs([10, 10, 10], [1e3, 2e3, 3e3])
    assert models.fit_spending_on_beneficiaries(p) is None
    assert "no spread" in models.why_no_model(p)


def test_slope_of_a_known_power_law():
    # spending = 50 × beneficiaries^0.5 × (1.1, 0.9, 1.0, 1.05): slope near 0.5
    b = np.array([100.0, 1_000.0, 10_000.0, 100_000.0])
    s = 50 * b ** 0.5 * np.array([1.1, 0.9, 1.0, 1.05])
    p = _programs(b, s)
    fit = models.fit_spending_on_beneficiaries(p)
    coef = models.coefficients(fit).set_index("term")
    assert list(coef.columns) == ["estimate", "ci_low", "ci_high", "p_value", "n", "r_squared"]
    assert coef.loc["log_beneficiaries", "estimate"] == pytest.approx(0.5, abs=0.03)
    assert coef.loc["log_beneficiaries", "ci_low"] < 0.5 < coef.loc["log_beneficiaries", "ci_high"]
    assert coef.loc["const", "estimate"] == pytest.approx(np.log(50), abs=0.2)
    assert (coef["n"] == 4).all()
    line = models.fit_line(fit, p)
    assert line["beneficiaries"].min() == pytest.approx(100) and line["beneficiaries"].max() == pytest.approx(100_000)
    assert (line["ci_low"] <= line["spending_cny"]).all() and (line["spending_cny"] <= line["ci_high"]).all()
    text = prose.describe_model(fit, p).data
    assert "n = 4" in text and "cannot tell" in text and "not causal" in text


def test_input_not_changed():
    p = _programs([1, 10, 100], [5, 40, 300])
    before = p.copy(deep=True)
    models.fit_spending_on_beneficiaries(p)
    models.model_data(p)
    pd.testing.assert_frame_equal(p, before)
