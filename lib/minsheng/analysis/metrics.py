"""Headline metrics: ``metrics.json``, a flat object of named numbers for one report.

Keys are snake_case, values numbers or ``null`` (where the report does not
state what a metric needs). The regression check (``minsheng check``) compares
these between runs, so a key is added, never renamed. Before the numbers are
given, the analysis tables are checked against the figures table they came
from (same report, itemised spending reconciled), so a stale table stops the
run with a message instead of a wrong number.
"""

from __future__ import annotations

import math

import pandas as pd

from minsheng import formatting, schema
from minsheng.analysis import per_goal as goals_mod
from minsheng.analysis import plausibility, population
from minsheng.errors import CheckError

#: Every key of ``metrics.json`` with its meaning (declared in ``minsheng/schema/tables.yaml``).
KEYS: dict[str, str] = {m.key: m.description for m in schema.metrics()}


def _num(v):
    """A JSON number or ``None``: NaN, ``pd.NA`` and missing become ``None``; whole floats stay floats."""
    if not formatting.is_number(v):
        return None
    f = float(v)
    return int(f) if isinstance(v, (int,)) and not isinstance(v, bool) else f


def _min(s: pd.Series):
    s = pd.to_numeric(s, errors="coerce").dropna()
    return float(s.min()) if len(s) else None


def _max(s: pd.Series):
    s = pd.to_numeric(s, errors="coerce").dropna()
    return float(s.max()) if len(s) else None


def check_consistent(figures: pd.DataFrame, programs: pd.DataFrame, goals: pd.DataFrame,
                     standards: pd.DataFrame) -> None:
    """Check that the analysis tables come from ``figures``: same report, same spending.

    Raises
    ------
    minsheng.errors.CheckError
        When a table is of another report, names a figure_id that is not in
        ``figures``, or when goals.csv's spending does not add up to the
        itemised spending of ``figures`` (a stale table); the message names the
        table and the row.
    """
    doc_ids = set(figures["doc_id"])
    ids = set(figures["figure_id"])
    for name, df, refs in (("programs.csv", programs, ("spending_figure_id", "beneficiaries_figure_id")),
                           ("standards.csv", standards, ("base_figure_id", "final_figure_id")),
                           ("goals.csv", goals, ())):
        for i, r in enumerate(df.itertuples(index=False), start=1):
            if doc_ids and r.doc_id not in doc_ids:
                raise CheckError(f"{name} row {i}: doc_id {r.doc_id!r} is not the report of figures.csv "
                                 f"({', '.join(sorted(doc_ids))}); rerun the notebooks on one report")
            for ref in refs:
                fid = getattr(r, ref)
                if fid not in ids:
                    raise CheckError(f"{name} row {i}: {ref} {fid!r} is not in figures.csv; the table is stale")
    tot = goals_mod.totals(figures)
    item = tot["itemised_spending_cny"] or 0.0
    in_goals = float(pd.to_numeric(goals["spending_cny"], errors="coerce").fillna(0).sum()) if len(goals) else 0.0
    if not math.isclose(item, in_goals, rel_tol=1e-9, abs_tol=0.01):
        raise CheckError(f"goals.csv: spending_cny adds up to {in_goals:,.2f} CNY but figures.csv itemises "
                         f"{item:,.2f} CNY; goals.csv is stale, rerun 21-per-goal")


def headline_metrics(figures: pd.DataFrame, programs: pd.DataFrame, goals: pd.DataFrame,
                     standards: pd.DataFrame) -> dict:
    """The headline numbers of a run, for ``metrics.json``.

    Parameters
    ----------
    figures : pandas.DataFrame
        ``figures.csv``.
    programs, goals, standards : pandas.DataFrame
        ``programs.csv``, ``goals.csv`` and ``standards.csv`` made from it.

    Returns
    -------
    dict
        Every key of :data:`KEYS`, in that order, with a number or ``None``.

    Raises
    ------
    minsheng.errors.CheckError
        When the tables do not come from ``figures`` (:func:`check_consistent`).
    """
    check_consistent(figures, programs, goals, standards)
    tot = goals_mod.totals(figures)
    spend = figures[(figures["metric"] == "spending") & (figures["unit_norm"] == "CNY")]
    checked = programs[(programs["standard_check"] != "") | (programs["standard_check_recipient_years"] != "")]
    persons = programs[programs["beneficiary_unit"] == "person"]
    households = programs[programs["beneficiary_unit"] == "household"]
    events = programs[programs["beneficiary_unit"] == "person_time"]
    plausible = standards[~standards["flags"].str.contains("implausible_growth")] if len(standards) else standards
    flags = programs["flags"].str.split(";") if len(programs) else pd.Series([], dtype=object)
    m = {
        "n_figures": len(figures),
        "n_spending_figures": len(spend),
        "total_spending_cny": tot["total_spending_cny"],
        "total_years": tot["total_years"],
        "itemised_spending_cny": tot["itemised_spending_cny"],
        "itemised_share": tot["itemised_share"],
        "unitemised_cny": tot["unitemised_cny"],
        "outside_scope_cny": tot["outside_scope_cny"],
        "double_counted_cny": tot["double_counted_cny"],
        "population": tot["population"],
        "spending_per_resident_cny": tot["spending_per_resident_cny"],
        "spending_per_resident_year_cny": tot["spending_per_resident_year_cny"],
        "n_goals": len(goals),
        "n_goals_with_spending": int(goals["spending_cny"].notna().sum()) if len(goals) else 0,
        "n_programs": len(programs),
        "n_programs_person_time": int((programs["beneficiary_unit"] == "person_time").sum()),
        "cny_per_beneficiary_year_min": _min(persons["cny_per_beneficiary_year"]),
        "cny_per_beneficiary_year_max": _max(persons["cny_per_beneficiary_year"]),
        "n_standard_checks": len(checked),
        "n_standard_checks_agree": int((checked["standard_check"] == "agree").sum()),
        "n_standards": len(standards),
        "n_standards_real": int(standards["cagr_real"].notna().sum()) if len(standards) else 0,
        "standards_cagr_min": _min(plausible["cagr"]),
        "standards_cagr_max": _max(plausible["cagr"]),
        "standards_cagr_real_min": _min(plausible["cagr_real"]),
        "standards_cagr_real_max": _max(plausible["cagr_real"]),
        "planned_total_spending_cny": tot["planned_total_spending_cny"],
        "total_months": tot["total_months"],
        "cny_per_person_year_low_min": _min(persons["cny_per_beneficiary_year_low"]),
        "cny_per_person_year_low_max": _max(persons["cny_per_beneficiary_year_low"]),
        "cny_per_person_year_high_min": _min(persons["cny_per_beneficiary_year_high"]),
        "cny_per_person_year_high_max": _max(persons["cny_per_beneficiary_year_high"]),
        "cny_per_household_year_low_min": _min(households["cny_per_beneficiary_year_low"]),
        "cny_per_household_year_low_max": _max(households["cny_per_beneficiary_year_low"]),
        "cny_per_household_year_high_min": _min(households["cny_per_beneficiary_year_high"]),
        "cny_per_household_year_high_max": _max(households["cny_per_beneficiary_year_high"]),
        "cny_per_person_time_min": _min(events["cny_per_beneficiary"]),
        "cny_per_person_time_max": _max(events["cny_per_beneficiary"]),
        "n_standard_checks_agree_recipient_years": int((checked["standard_check_recipient_years"] == "agree").sum()),
        "n_standards_floor_to_floor": int(standards["flags"].str.contains("floor_to_floor").sum()) if len(standards) else 0,
        "n_standards_implausible": int(standards["flags"].str.contains("implausible_growth").sum()) if len(standards) else 0,
        "n_round_amounts": int(flags.map(lambda f: "round_amount" in f).sum()) if len(programs) else 0,
        "n_magnitude_outliers": len(plausibility.magnitude_outliers(figures)),
    }
    # the census keys come from document.json, added by minsheng.analysis.population.census_metrics
    assert list(m) == [k for k in KEYS if k not in population.KEYS], "metrics and KEYS out of step"
    return {k: _num(v) for k, v in m.items()}


def as_table(metrics: dict) -> pd.DataFrame:
    """The metrics as a two-column table with their meaning, for a notebook."""
    return pd.DataFrame({"metric": list(metrics), "value": list(metrics.values()),
                         "meaning": [KEYS.get(k, "") for k in metrics]})
