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


# --------------------------------------------------------------------------- across reports, fixed effects

def _stacked(rows):
    """rows: (doc_id, log10 beneficiaries, log10 spending[, period[, unit]]) -> a stacked programs frame."""
    out = []
    for i, r in enumerate(rows):
        doc_id, x, y = r[:3]
        period = r[3] if len(r) > 3 else "2020"
        unit = r[4] if len(r) > 4 else "person"
        out.append({"doc_id": doc_id, "program": f"{doc_id}-p{i}", "program_en": "", "goal": "social_assistance",
                    "beneficiary_unit": unit, "spending_cny": 10.0 ** y, "beneficiaries": 10.0 ** x,
                    "period": period, "spending_figure_id": f"F{i + 1:03d}", "beneficiaries_figure_id": f"F{i + 101:03d}"})
    return pd.DataFrame(out)


def _figures(programs, status=None, parts=None):
    """A stacked figures frame for the programs' figure ids; status {fid: 'planned'}, parts {fid: (rel, parent)}."""
    rows = []
    for r in programs.itertuples(index=False):
        for fid in (r.spending_figure_id, r.beneficiaries_figure_id):
            rel, parent = (parts or {}).get(fid, ("", ""))
            rows.append({"doc_id": r.doc_id, "figure_id": fid, "status": (status or {}).get(fid, "actual"),
                         "parent_figure_id": parent, "relation": rel})
    return pd.DataFrame(rows)


# A: log10 points (1, 3), (2, 4), (3, 5); B: (1, 1), (2, 1). Within A: x̃ = -1, 0, 1, ỹ = -1, 0, 1;
# within B: x̃ = -0.5, 0.5, ỹ = 0, 0. Slope = Σx̃ỹ / Σx̃² = 2 / 2.5 = 0.8 (pooled OLS would give 3.8 / 2.8 = 1.357).
HAND = [("a", 1, 3), ("a", 2, 4), ("a", 3, 5), ("b", 1, 1), ("b", 2, 1)]


def test_fixed_effects_slope_by_hand():
    p = _stacked(HAND)
    pts = models.comparable_points(p, _figures(p))
    assert pts["used"].all()
    fit = models.fit_fixed_effects(pts)
    assert fit.slope == pytest.approx(0.8)
    assert (fit.n, fit.n_reports, fit.n_cells) == (5, 2, 2)
    pooled = models.fit_spending_on_beneficiaries(p)
    assert pooled.params["log_beneficiaries"] == pytest.approx(3.8 / 2.8)  # what ignoring the reports gives
    # report a's intercept in log10 units: mean y - 0.8 × mean x = 4 - 1.6 = 2.4 (natural logs: × ln 10)
    assert fit.intercepts["a | 2020 |  | person"] == pytest.approx(2.4 * np.log(10))
    # residuals within: a: -1 + 0.8 = -0.2, 0, 0.2; b: 0.4, -0.4 → SSR 0.4; Σỹ² = 2 → R² within 0.8
    assert fit.r_squared_within == pytest.approx(0.8)
    # two reports: no interval at all, said in words
    assert fit.interval == "none" and fit.ci_low is None and "2 reports" in fit.why_no_interval
    table = models.fixed_effects_table(fit)
    assert table.loc[0, "estimate"] == pytest.approx(0.8) and table.loc[0, "n_reports"] == 2


def test_model_refused_on_too_few_reports_or_contrasts():
    one = _stacked([("a", 1, 3), ("a", 2, 4), ("a", 3, 5)])
    pts = models.comparable_points(one, _figures(one))
    assert models.fit_fixed_effects(pts) is None
    assert "only one report (a)" in models.why_no_fixed_effects(pts)
    # two reports of two programs each: 4 points in 2 cells leave 2 contrasts, fewer than 3
    two = _stacked([("a", 1, 3), ("a", 2, 4), ("b", 1, 1), ("b", 2, 1)])
    pts = models.comparable_points(two, _figures(two))
    assert models.fit_fixed_effects(pts) is None
    assert "leaving 2 comparison(s)" in models.why_no_fixed_effects(pts)
    assert "nothing to fit" in models.why_no_fixed_effects(models.comparable_points(two.iloc[0:0]))


def test_only_comparable_points_enter():
    p = _stacked([("a", 1, 3), ("a", 2, 4), ("a", 3, 5), ("a", 2, 5, "2016-2020"), ("a", 4, 2, ""),
                  ("b", 1, 1), ("b", 2, 1), ("b", 3, 2), ("b", 2, 2, "2020", "person_time")])
    # F002 is planned; F003's spending is a part (其中) of F001, which is in the fit
    f = _figures(p, status={"F002": "planned"}, parts={"F003": ("part_of", "F001")})
    pts = models.comparable_points(p, f).set_index("spending_figure_id")
    assert "planned" in pts.at["F002", "why_not"]
    assert "a part (其中) of F001" in pts.at["F003", "why_not"]
    assert "no period" in pts.at["F005", "why_not"]
    # another period, another unit: each alone in its cell (a 5-year total is never set against one year)
    assert pts.at["F004", "why_not"].startswith("the only usable program")
    assert pts.at["F009", "why_not"].startswith("the only usable program")
    # F001 is left alone in report a's 2020 cell once F002 and F003 are out
    assert pts.at["F001", "why_not"].startswith("the only usable program")
    assert list(pts.index[pts["used"]]) == ["F006", "F007", "F008"]
    # without figures, status and parts cannot be checked, and the frame says so
    assert "not checked" in models.comparable_points(p).attrs["unchecked"]


LOO = [("a", 1, 3), ("a", 2, 4), ("a", 3, 5), ("b", 1, 1), ("b", 2, 1), ("b", 3, 1)]


def test_leave_one_out_by_hand():
    p = _stacked(LOO)
    pts = models.comparable_points(p, _figures(p))
    assert models.fit_fixed_effects(pts).slope == pytest.approx(2 / 4)  # a: Σx̃ỹ 2, Σx̃² 2; b: 0 and 2
    loo = models.leave_one_out(pts)
    slopes = dict(zip(loo["spending_figure_id"].where(loo["left_out"] == "program", loo["doc_id"]), loo["slope"]))
    # a's first or last out: a gives 0.5/0.5, b 0/2 → 0.5/2.5 = 0.2; a's middle out: 2/(2+2) = 0.5
    assert slopes["F001"] == pytest.approx(0.2) and slopes["F003"] == pytest.approx(0.2)
    assert slopes["F002"] == pytest.approx(0.5)
    # b's first or last out: 2/(2+0.5) = 0.8; b's middle out: 2/4 = 0.5
    assert slopes["F004"] == pytest.approx(0.8) and slopes["F006"] == pytest.approx(0.8)
    assert slopes["F005"] == pytest.approx(0.5)
    # a whole report out: one report left, no slope, and the note says why
    assert np.isnan(slopes["a"]) and np.isnan(slopes["b"])
    assert "only one report" in loo.set_index("doc_id").loc["a"].query("left_out == 'report'")["note"].iloc[0]


def _refit_each(points):
    """Leave-one-out the slow way: every refit on the points that remain, marked again (the definition)."""
    rows = []
    for i, r in points[points["used"]].iterrows():
        again = models._mark_alone(points.drop(index=i))
        reason = models.why_no_fixed_effects(again)
        rows.append(("program", r["doc_id"], r["spending_figure_id"],
                     np.nan if reason else models._slope_only(again), reason or ""))
    for doc_id in sorted(set(points.loc[points["used"], "doc_id"])):
        again = models._mark_alone(points[points["doc_id"] != doc_id])
        reason = models.why_no_fixed_effects(again)
        rows.append(("report", doc_id, "", np.nan if reason else models._slope_only(again), reason or ""))
    return rows


@pytest.mark.parametrize("rows", [
    LOO, HAND,
    # two programs a cell: leaving one out leaves its partner alone (and report c with nothing)
    [("a", 1, 3), ("a", 2, 4), ("b", 1, 1), ("b", 2, 1.5), ("b", 3, 2), ("c", 1, 2), ("c", 3, 2.2)],
    # a report with two time bases; a point of one period alone from the start
    [("a", 1, 3), ("a", 2, 4), ("a", 2, 3, "2016-2020"), ("a", 3, 5, "2016-2020"), ("b", 1, 1), ("b", 2, 1),
     ("b", 4, 2, "2019"), ("c", 2, 2), ("c", 5, 4)],
    # no spread left once a point is out
    [("a", 1, 3), ("a", 1, 4), ("a", 2, 5), ("b", 1, 1), ("b", 1, 2)],
])
def test_leave_one_out_equals_refitting_each_time(rows):
    """The linear-time leave-one-out gives what refitting on the remaining points gives, slopes and notes."""
    p = _stacked(rows)
    pts = models.comparable_points(p, _figures(p))
    assert models.why_no_fixed_effects(pts) is None
    loo = models.leave_one_out(pts)
    want = _refit_each(pts)
    assert len(loo) == len(want)
    for got, (what, doc_id, fid, slope, note) in zip(loo.itertuples(index=False), want):
        assert (got.left_out, got.doc_id, got.spending_figure_id, got.note) == (what, doc_id, fid, note)
        assert (np.isnan(got.slope) and np.isnan(slope)) or got.slope == pytest.approx(slope, rel=1e-9)


def test_leave_one_out_is_linear_in_the_points():
    """2,000 and 8,000 reports of three programs each: four times the points, well under sixteen times the time."""
    import time

    def timed(g):
        pts = models.comparable_points(p := _many_reports(g), _figures(p))
        t = time.perf_counter()
        loo = models.leave_one_out(pts)
        return time.perf_counter() - t, len(loo)

    timed(50)  # warm-up
    (small, n_small), (large, n_large) = timed(2000), timed(8000)
    assert (n_small, n_large) == (2000 * 4, 8000 * 4)
    assert large < 8 * small + 0.5, (small, large)


def _many_reports(g, seed=1):
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(g):
        a = rng.normal(0, 1)
        for x in (2.0, 3.0, 4.0):
            rows.append((f"r{k:02d}", x, a + 0.7 * x + rng.normal(0, 0.1)))
    return _stacked(rows)


def test_wild_cluster_bootstrap_between_5_and_19_reports_is_seeded():
    p = _many_reports(6)
    pts = models.comparable_points(p, _figures(p))
    fit = models.fit_fixed_effects(pts, seed=7)
    assert fit.interval.startswith("wild cluster bootstrap") and fit.n_reports == 6
    assert fit.ci_low < fit.slope < fit.ci_high
    again = models.fit_fixed_effects(pts, seed=7)
    assert (again.ci_low, again.ci_high) == (fit.ci_low, fit.ci_high)  # same seed, same interval
    other = models.fit_fixed_effects(pts, seed=8)
    assert (other.ci_low, other.ci_high) != (fit.ci_low, fit.ci_high)


def test_cluster_robust_from_20_reports_matches_statsmodels():
    import statsmodels.api as sm

    p = _many_reports(20)
    pts = models.comparable_points(p, _figures(p))
    fit = models.fit_fixed_effects(pts)
    assert fit.interval == "cluster-robust (CR1)" and fit.n_reports == 20
    # the same model as OLS with one dummy per report and statsmodels' clustered covariance
    x = pd.get_dummies(pts["doc_id"], dtype=float)
    x["log_beneficiaries"] = pts["log_beneficiaries"]
    ref = sm.OLS(pts["log_spending"], x).fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(pts["doc_id"])[0]},
                                              use_t=True)
    assert fit.slope == pytest.approx(ref.params["log_beneficiaries"])
    lo, hi = ref.conf_int().loc["log_beneficiaries"]
    assert (fit.ci_low, fit.ci_high) == (pytest.approx(lo), pytest.approx(hi))
