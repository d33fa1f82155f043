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

import numpy as np
import pandas as pd

from minsheng import schema

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
