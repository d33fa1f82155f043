"""Models where they are honest: log spending on log beneficiaries across programs (statsmodels OLS).

One report gives a handful of programs with both spending and recipients
(``programs.csv``). A line through ``log(spending) = a + b·log(beneficiaries)``
says whether, *in this report*, programs that reach more people spend more in
proportion (``b`` near 1) or less than in proportion (``b`` below 1). With so
few points, different kinds of benefit and counts that mix people with
person-times, it describes these rows and nothing beyond them: the notebook says
so in words. Below :data:`MIN_N` programs no model is fitted at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from minsheng import schema
from minsheng.formatting import as_text

#: The fewest programs a line is fitted to: with two, a line passes through both
#: points and leaves no residual to judge it by.
MIN_N = 3


def model_data(programs: pd.DataFrame) -> pd.DataFrame:
    """The rows a model can use: positive spending and beneficiaries, with their logs.

    Parameters
    ----------
    programs : pandas.DataFrame
        ``programs.csv`` (:func:`minsheng.analysis.per_beneficiary.programs_table`).

    Returns
    -------
    pandas.DataFrame
        ``program``, ``program_en``, ``goal``, ``beneficiary_unit``,
        ``spending_cny``, ``beneficiaries``, ``log_spending``,
        ``log_beneficiaries`` (natural logs); a new frame.
    """
    schema.require_columns(programs, ("program", "program_en", "goal", "beneficiary_unit", "spending_cny",
                                      "beneficiaries"), "programs table")
    ok = programs[(programs["spending_cny"] > 0) & (programs["beneficiaries"] > 0)]
    out = ok[["program", "program_en", "goal", "beneficiary_unit", "spending_cny", "beneficiaries"]].copy()
    out["log_spending"] = np.log(out["spending_cny"].astype(float))
    out["log_beneficiaries"] = np.log(out["beneficiaries"].astype(float))
    return out.reset_index(drop=True)


def why_no_model(programs: pd.DataFrame, min_n: int = MIN_N) -> str | None:
    """Why no model can be fitted to ``programs``, in words; ``None`` when one can."""
    d = model_data(programs)
    if len(d) == 0:
        return "no program states both spending and recipients, so there is nothing to fit"
    if len(d) < min_n:
        return (f"only {len(d)} program(s) state both spending and recipients; a line needs at least {min_n} "
                "to leave any residual to judge it by, so no model is fitted")
    if d["log_beneficiaries"].nunique() < 2:
        return "every program has the same number of beneficiaries: there is no spread to fit a slope to"
    return None


def fit_spending_on_beneficiaries(programs: pd.DataFrame, min_n: int = MIN_N):
    """OLS of log spending on log beneficiaries across programs, or ``None`` when not honest.

    Parameters
    ----------
    programs : pandas.DataFrame
        ``programs.csv``.
    min_n : int, default :data:`MIN_N`
        The fewest programs to fit.

    Returns
    -------
    statsmodels.regression.linear_model.RegressionResultsWrapper or None
        The fit (``const`` and ``log_beneficiaries``), or ``None`` when
        :func:`why_no_model` gives a reason.
    """
    if why_no_model(programs, min_n) is not None:
        return None
    import statsmodels.api as sm

    d = model_data(programs)
    x = sm.add_constant(d[["log_beneficiaries"]], has_constant="add")
    return sm.OLS(d["log_spending"], x).fit()


def coefficients(fit, alpha: float = 0.05) -> pd.DataFrame:
    """The fit's coefficients with confidence intervals.

    Parameters
    ----------
    fit : RegressionResultsWrapper or None
        From :func:`fit_spending_on_beneficiaries`.
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    pandas.DataFrame
        ``term``, ``estimate``, ``ci_low``, ``ci_high``, ``p_value``, ``n``,
        ``r_squared``; no rows when ``fit`` is ``None``.
    """
    cols = ["term", "estimate", "ci_low", "ci_high", "p_value", "n", "r_squared"]
    if fit is None:
        return pd.DataFrame({c: [] for c in cols})
    ci = fit.conf_int(alpha=alpha)
    return pd.DataFrame({
        "term": list(fit.params.index),
        "estimate": fit.params.to_numpy(),
        "ci_low": ci.iloc[:, 0].to_numpy(),
        "ci_high": ci.iloc[:, 1].to_numpy(),
        "p_value": fit.pvalues.to_numpy(),
        "n": int(fit.nobs),
        "r_squared": float(fit.rsquared),
    })


def fit_line(fit, programs: pd.DataFrame, n_points: int = 50, alpha: float = 0.05) -> pd.DataFrame | None:
    """The fitted line and its confidence band on the original scale, for a plot.

    Parameters
    ----------
    fit : RegressionResultsWrapper or None
        From :func:`fit_spending_on_beneficiaries`.
    programs : pandas.DataFrame
        The data it was fitted to (for the range of beneficiaries).
    n_points : int, default 50
        Points along the line.
    alpha : float, default 0.05
        1 - confidence level of the band (for the mean).

    Returns
    -------
    pandas.DataFrame or None
        ``beneficiaries``, ``spending_cny``, ``ci_low``, ``ci_high``; ``None``
        without a fit.
    """
    if fit is None:
        return None
    d = model_data(programs)
    grid = np.linspace(d["log_beneficiaries"].min(), d["log_beneficiaries"].max(), n_points)
    x = pd.DataFrame({"const": 1.0, "log_beneficiaries": grid})
    pred = fit.get_prediction(x).summary_frame(alpha=alpha)
    return pd.DataFrame({
        "beneficiaries": np.exp(grid),
        "spending_cny": np.exp(pred["mean"].to_numpy()),
        "ci_low": np.exp(pred["mean_ci_lower"].to_numpy()),
        "ci_high": np.exp(pred["mean_ci_upper"].to_numpy()),
    })


# --------------------------------------------------------------------------- across reports

#: The fewest reports (clusters) for a cluster-robust (CR1) interval: below about 20 clusters CR1
#: standard errors are too small and their t intervals cover too rarely (Cameron & Miller 2015,
#: "A Practitioner's Guide to Cluster-Robust Inference", J. Human Resources 50(2)).
MIN_CLUSTERS_ROBUST = 20

#: The fewest reports for a wild cluster bootstrap interval (Webb's six-point weights): with fewer,
#: even the bootstrap cannot tell the reports' spread from noise (MacKinnon & Webb 2017, "Wild
#: bootstrap inference for wildly different cluster sizes", J. Applied Econometrics 32(2)); no interval.
MIN_CLUSTERS_BOOTSTRAP = 5

#: The fewest within-report contrasts (points minus report-and-time-base cells) a slope is fitted to.
MIN_WITHIN = 3

#: The fewest reports that contribute a contrast: one report alone is notebook 20's question.
MIN_REPORTS_WITHIN = 2

#: Draws of the wild cluster bootstrap (seeded: two runs give the same interval).
BOOTSTRAP_DRAWS = 1999

_WEBB = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])

_POINT_COLUMNS = ("doc_id", "program", "program_en", "goal", "beneficiary_unit", "spending_cny", "beneficiaries",
                  "period", "spending_figure_id", "beneficiaries_figure_id")


def comparable_points(programs: pd.DataFrame, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every program of the stacked ``programs.csv`` with whether it may enter the model across reports.

    A point is used only when it can be set against the other points of its
    report like for like: positive spending and recipients; a stated period
    (the time base); neither figure ``planned`` (a plan is not what was done);
    its spending not a part (``part_of``) or a restatement (``same_as``) of
    another point's spending figure; and at least one other usable point in the
    same report with the same period, months and beneficiary unit (its
    *cell*: the fixed effect absorbs everything a cell shares, so a point alone
    in its cell adds nothing to the slope).

    Parameters
    ----------
    programs : pandas.DataFrame
        Stacked ``programs.csv`` (:func:`minsheng.pipeline.collect.stack`).
    figures : pandas.DataFrame, optional
        Stacked ``figures.csv`` (``doc_id, figure_id, status, parent_figure_id,
        relation``); without it, status and parts are not checked and the
        notes say so.

    Returns
    -------
    pandas.DataFrame
        The programs' :data:`_POINT_COLUMNS`, ``months``, ``cell`` (``doc_id |
        period | months | unit``), ``log_spending``, ``log_beneficiaries``,
        ``used`` (bool) and ``why_not`` (empty for a used point); a new frame in
        the input's order.
    """
    schema.require_columns(programs, _POINT_COLUMNS, "stacked programs")
    d = programs[list(_POINT_COLUMNS)].copy().reset_index(drop=True)
    d["months"] = programs["months"].map(as_text).to_numpy() if "months" in programs.columns else ""
    d["period"] = d["period"].map(as_text)
    status, parent = {}, {}
    if figures is not None and len(figures):
        schema.require_columns(figures, ("doc_id", "figure_id", "status", "parent_figure_id", "relation"),
                               "stacked figures")
        for r in figures.itertuples(index=False):
            status[(r.doc_id, r.figure_id)] = as_text(r.status)
            if as_text(r.relation) in ("part_of", "same_as"):
                parent[(r.doc_id, r.figure_id)] = (as_text(r.relation), as_text(r.parent_figure_id))
    spending_ids = set(zip(d["doc_id"], d["spending_figure_id"]))
    why = []
    for r in d.itertuples(index=False):
        s, b = float(r.spending_cny or 0), float(r.beneficiaries or 0)
        if not (np.isfinite(s) and np.isfinite(b) and s > 0 and b > 0):
            why.append("no positive spending and recipients")
        elif not r.period:
            why.append("no period stated: its time base is unknown")
        elif "planned" in (status.get((r.doc_id, r.spending_figure_id)), status.get((r.doc_id, r.beneficiaries_figure_id))):
            why.append("a planned figure (计划, 目标): a plan is not what was done")
        elif (r.doc_id, r.spending_figure_id) in parent and (r.doc_id, parent[(r.doc_id, r.spending_figure_id)][1]) \
                in spending_ids:
            rel, total = parent[(r.doc_id, r.spending_figure_id)]
            why.append(f"its spending is {'a part (其中) of' if rel == 'part_of' else 'a restatement of'} "
                       f"{total}, the spending of another program in the fit")
        else:
            why.append("")
    d["why_not"] = why
    d["cell"] = [f"{r.doc_id} | {r.period} | {r.months} | {r.beneficiary_unit}" for r in d.itertuples(index=False)]
    d = _mark_alone(d)
    with np.errstate(divide="ignore", invalid="ignore"):
        d["log_spending"] = np.log(d["spending_cny"].astype(float).where(d["spending_cny"].astype(float) > 0))
        d["log_beneficiaries"] = np.log(d["beneficiaries"].astype(float).where(d["beneficiaries"].astype(float) > 0))
    if figures is None:
        d.attrs["unchecked"] = "no figures table given: planned figures and parts were not checked"
    return d


def why_no_fixed_effects(points: pd.DataFrame) -> str | None:
    """Why no slope is fitted to ``points`` (:func:`comparable_points`), in words; ``None`` when one is."""
    u = points[points["used"]]
    if u.empty:
        n = len(points)
        return (f"none of the {n} program(s) can be set against another of its own report like for like "
                "(see why_not), so there is nothing to fit" if n else
                "no report states a program with both spending and recipients, so there is nothing to fit")
    within = len(u) - u["cell"].nunique()
    reports = u["doc_id"].nunique()
    if reports < MIN_REPORTS_WITHIN:
        return (f"only one report ({u['doc_id'].iloc[0]}) has two or more comparable programs; a slope across "
                f"reports needs comparisons within at least {MIN_REPORTS_WITHIN} reports (notebook 20 describes "
                "one report's programs)")
    if within < MIN_WITHIN:
        return (f"the {len(u)} comparable programs fall into {u['cell'].nunique()} report-and-time-base groups, "
                f"leaving {within} comparison(s) within a report; a slope needs at least {MIN_WITHIN} to leave "
                "any residual to judge it by, so no model is fitted")
    if float((u["log_beneficiaries"] - u.groupby("cell")["log_beneficiaries"].transform("mean")).abs().max()) == 0:
        return "within every report the programs have the same number of recipients: no spread to fit a slope to"
    return None


def _within(u: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = (u["log_beneficiaries"] - u.groupby("cell")["log_beneficiaries"].transform("mean")).to_numpy(float)
    y = (u["log_spending"] - u.groupby("cell")["log_spending"].transform("mean")).to_numpy(float)
    groups = pd.factorize(u["doc_id"], sort=True)[0]
    return x, y, groups


def _cr1_se(x, e, groups, n, k) -> float:
    g = int(groups.max()) + 1
    scores = np.bincount(groups, weights=x * e, minlength=g)
    sxx = float(x @ x)
    return float(np.sqrt((g / (g - 1)) * ((n - 1) / (n - k)) * float(scores @ scores) / sxx ** 2))


@dataclass(frozen=True)
class FixedEffectsFit:
    """The slope of log spending on log recipients within reports (report-and-time-base fixed effects)."""

    slope: float
    n: int
    n_reports: int
    n_cells: int
    r_squared_within: float
    interval: str  # "cluster-robust (CR1)", "wild cluster bootstrap (Webb weights, seeded)" or "none"
    ci_low: float | None
    ci_high: float | None
    why_no_interval: str
    intercepts: dict  # cell -> intercept (mean log spending - slope * mean log recipients)
    points: pd.DataFrame


def fit_fixed_effects(points: pd.DataFrame, *, alpha: float = 0.05, seed: int = 20240611,
                      draws: int = BOOTSTRAP_DRAWS) -> FixedEffectsFit | None:
    """Log spending on log recipients with one intercept per report and time base, or ``None``.

    Only the ``used`` points of :func:`comparable_points`. The slope is the OLS
    slope after subtracting each cell's means (the *within* estimator, equal to
    OLS with one dummy per cell): it compares programs of one report, period
    and unit with each other only, so a report's size, prices, period length
    and way of counting cancel. The interval depends on the number of reports
    ``G`` (the clusters): CR1 cluster-robust with a t(G-1) quantile for
    ``G >= MIN_CLUSTERS_ROBUST``; a wild cluster bootstrap-t (Webb's six-point
    weights by report, ``draws`` draws from ``numpy.random.default_rng(seed)``)
    for ``MIN_CLUSTERS_BOOTSTRAP <= G < MIN_CLUSTERS_ROBUST``; none below.

    Returns
    -------
    FixedEffectsFit or None
        ``None`` when :func:`why_no_fixed_effects` gives a reason.
    """
    if why_no_fixed_effects(points) is not None:
        return None
    from scipy import stats

    u = points[points["used"]].reset_index(drop=True)
    x, y, groups = _within(u)
    n, cells, g = len(u), u["cell"].nunique(), int(groups.max()) + 1
    k = cells + 1
    sxx = float(x @ x)
    b = float(x @ y) / sxx
    e = y - b * x
    r2 = 1.0 - float(e @ e) / float(y @ y) if float(y @ y) > 0 else float("nan")
    lo = hi = None
    if g >= MIN_CLUSTERS_ROBUST:
        se = _cr1_se(x, e, groups, n, k)
        t = float(stats.t.ppf(1 - alpha / 2, g - 1))
        method, lo, hi, why = "cluster-robust (CR1)", b - t * se, b + t * se, ""
    elif g >= MIN_CLUSTERS_BOOTSTRAP:
        se = _cr1_se(x, e, groups, n, k)
        rng = np.random.default_rng(seed)
        w = _WEBB[rng.integers(0, len(_WEBB), size=(draws, g))][:, groups]  # draws × n, one weight per report
        ystar = b * x + e * w
        bstar = ystar @ x / sxx
        estar = ystar - bstar[:, None] * x
        scores = np.stack([np.bincount(groups, weights=x * row, minlength=g) for row in estar])
        sestar = np.sqrt((g / (g - 1)) * ((n - 1) / (n - k)) * (scores ** 2).sum(axis=1) / sxx ** 2)
        tstar = (bstar - b) / sestar
        q_lo, q_hi = np.quantile(tstar, [alpha / 2, 1 - alpha / 2])
        method, lo, hi, why = "wild cluster bootstrap (Webb weights, seeded)", b - q_hi * se, b - q_lo * se, ""
    else:
        method, why = "none", (f"{g} reports: fewer than {MIN_CLUSTERS_BOOTSTRAP}, too few for any interval that "
                               "accounts for points of one report not being independent (even a wild cluster "
                               "bootstrap), so none is given")
    means = u.groupby("cell")[["log_spending", "log_beneficiaries"]].mean()
    intercepts = {c: float(m.log_spending - b * m.log_beneficiaries) for c, m in means.iterrows()}
    return FixedEffectsFit(b, n, g, cells, r2, method, lo, hi, why, intercepts, u)


def leave_one_out(points: pd.DataFrame) -> pd.DataFrame:
    """The slope again with each used program left out, then with each report left out.

    The same as refitting :func:`fit_fixed_effects`'s slope on the points that remain
    (one-point cells marked again, :func:`why_no_fixed_effects` asked again), in time
    linear in the points: the within slope is a sum over report-and-time-base cells,
    so leaving points out only changes the sums of their own cells, which are worked
    out again from those cells' members. Where what remains cannot be fitted, the
    reason is asked of the remaining points themselves.

    Returns
    -------
    pandas.DataFrame
        ``left_out`` (``program`` or ``report``), ``doc_id``, ``program``,
        ``spending_figure_id``, ``slope`` (NaN where what is left cannot be
        fitted) and ``note`` (why not); no rows without a fit of all points.
    """
    cols = ["left_out", "doc_id", "program", "spending_figure_id", "slope", "note"]
    if why_no_fixed_effects(points) is not None:
        return pd.DataFrame({c: [] for c in cols})
    eligible = points["why_not"].isin(["", _ALONE])
    members: dict[object, list] = {}  # cell -> [(index, x, y)] of its eligible points
    report_of: dict[object, str] = {}
    for i, cell, doc_id, x, y, ok in zip(points.index, points["cell"], points["doc_id"],
                                         points["log_beneficiaries"], points["log_spending"], eligible):
        if ok:
            members.setdefault(cell, []).append((i, float(x), float(y)))
            report_of[cell] = doc_id
    sums = {c: _cell_sums(m) for c, m in members.items()}
    total = [sum(v[k] for v in sums.values()) for k in range(5)]  # sxx, sxy, used, cells, spread
    used_cells: dict[str, int] = {}  # report -> its cells that a fit uses
    for c, v in sums.items():
        used_cells[report_of[c]] = used_cells.get(report_of[c], 0) + v[3]
    n_reports = sum(1 for n in used_cells.values() if n)

    def refit(changed: dict, drop_rows, what, doc_id, program, fid):
        """``changed``: cell -> its sums after the leave-out; ``drop_rows``: the rows left out."""
        t = list(total)
        cells_now = {}
        for c, after in changed.items():
            for k in range(5):
                t[k] += after[k] - sums[c][k]
            r = report_of[c]
            cells_now[r] = cells_now.get(r, used_cells[r]) + after[3] - sums[c][3]
        reports = n_reports - sum(1 for r, n in cells_now.items() if used_cells[r] and not n)
        if t[2] == 0 or reports < MIN_REPORTS_WITHIN or t[2] - t[3] < MIN_WITHIN or t[4] == 0:
            again = _mark_alone(points.drop(index=drop_rows))
            reason = why_no_fixed_effects(again)
            slope = float("nan") if reason else _slope_only(again)
        else:
            reason, slope = None, t[1] / t[0]
        rows.append((what, doc_id, program, fid, slope, reason or ""))

    rows = []
    cells_of: dict[str, list] = {}
    for c, r in report_of.items():
        cells_of.setdefault(r, []).append(c)
    rows_of = points.groupby("doc_id", sort=False).groups  # report -> the index of its points
    used = points[points["used"]]
    for i, cell, doc_id, program, fid in zip(used.index, used["cell"], used["doc_id"], used["program"],
                                             used["spending_figure_id"]):
        rest = [m for m in members[cell] if m[0] != i]
        refit({cell: _cell_sums(rest)}, [i], "program", doc_id, program, fid)
    for doc_id in sorted(set(used["doc_id"])):
        gone = {c: (0.0, 0.0, 0, 0, 0) for c in cells_of[doc_id]}
        refit(gone, rows_of[doc_id], "report", doc_id, "", "")
    return pd.DataFrame(rows, columns=cols)


def _cell_sums(m: list) -> tuple[float, float, int, int, int]:
    """``(sxx, sxy, used points, 1 if used, 1 if its x vary)`` of one cell's eligible points ``(index, x, y)``:
    a cell of fewer than two points is used by no fit."""
    if len(m) < 2:
        return (0.0, 0.0, 0, 0, 0)
    mx = sum(x for _i, x, _y in m) / len(m)
    my = sum(y for _i, _x, y in m) / len(m)
    sxx = sum((x - mx) ** 2 for _i, x, _y in m)
    sxy = sum((x - mx) * (y - my) for _i, x, y in m)
    spread = int(max(abs(x - mx) for _i, x, _y in m) != 0)
    return (sxx, sxy, len(m), 1, spread)


_ALONE = ("the only usable program of its report with this period and beneficiary unit: "
          "a fixed effect leaves it nothing to be compared with")


def _mark_alone(points: pd.DataFrame) -> pd.DataFrame:
    """``points`` with ``used`` and the one-point-per-cell rule applied (again, after points were left out)."""
    d = points.copy()
    d.loc[d["why_not"] == _ALONE, "why_not"] = ""
    ok = d["why_not"] == ""
    sizes = d[ok].groupby("cell").size()
    d.loc[ok & d["cell"].map(lambda c: sizes.get(c, 0) < 2).astype(bool), "why_not"] = _ALONE
    d["used"] = d["why_not"] == ""
    return d


def _slope_only(points: pd.DataFrame) -> float:
    x, y, _g = _within(points[points["used"]])
    return float(x @ y) / float(x @ x)


def fixed_effects_table(fit: FixedEffectsFit | None) -> pd.DataFrame:
    """The fit as one row for a notebook: slope, interval and its method, n, reports, cells, within R²."""
    cols = ["term", "estimate", "ci_low", "ci_high", "interval", "n", "n_reports", "n_cells", "r_squared_within"]
    if fit is None:
        return pd.DataFrame({c: [] for c in cols})
    return pd.DataFrame([{"term": "log_beneficiaries", "estimate": fit.slope, "ci_low": fit.ci_low,
                          "ci_high": fit.ci_high, "interval": fit.interval, "n": fit.n, "n_reports": fit.n_reports,
                          "n_cells": fit.n_cells, "r_squared_within": fit.r_squared_within}], columns=cols)
