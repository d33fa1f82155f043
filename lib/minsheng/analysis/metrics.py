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
from pathlib import Path

import pandas as pd

from minsheng import tables
from minsheng.analysis import per_goal as goals_mod
from minsheng.errors import CheckError

#: Every key of ``metrics.json`` with its meaning (for the data dictionary).
KEYS: dict[str, str] = {
    "n_figures": "figures in figures.csv",
    "n_spending_figures": "figures with metric spending (CNY)",
    "total_spending_cny": "the report's stated total of livelihood spending (its overall spending figure)",
    "total_years": "length of the stated total's period",
    "itemised_spending_cny": "spending itemised by goal, without double counting or outside-scope money",
    "itemised_share": "itemised_spending_cny / total_spending_cny",
    "unitemised_cny": "total_spending_cny - itemised_spending_cny: the part the report does not itemise (negative: items exceed the total)",
    "outside_scope_cny": "money stated that is not livelihood-project money (budget totals), never added",
    "double_counted_cny": "spending figures left out as restatements or parts of another figure",
    "population": "the population the report says it serves (persons)",
    "spending_per_resident_cny": "total_spending_cny / population",
    "spending_per_resident_year_cny": "spending_per_resident_cny / total_years",
    "n_goals": "rows of goals.csv",
    "n_goals_with_spending": "goals with itemised livelihood spending",
    "n_programs": "rows of programs.csv: programs with both spending and recipients",
    "n_programs_person_time": "of those, programs counting person-times (人次)",
    "cny_per_beneficiary_year_min": "lowest cost per beneficiary-year in programs.csv",
    "cny_per_beneficiary_year_max": "highest cost per beneficiary-year in programs.csv",
    "n_standard_checks": "programs checked against a stated standard of the same family",
    "n_standard_checks_agree": "of those, the per-beneficiary-year transfer agrees with the standard",
    "n_standards": "rows of standards.csv: standards stated as a change",
    "n_standards_real": "of those, with a real (CPI-deflated) growth rate",
    "standards_cagr_min": "lowest two-point nominal CAGR of a standard",
    "standards_cagr_max": "highest two-point nominal CAGR of a standard",
    "standards_cagr_real_min": "lowest two-point real CAGR of a standard",
    "standards_cagr_real_max": "highest two-point real CAGR of a standard",
}


def _num(v):
    """A JSON number or ``None``: NaN, ``pd.NA`` and missing become ``None``; whole floats stay floats."""
    if not tables.is_number(v):
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
    checked = programs[programs["standard_check"] != ""]
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
        "cny_per_beneficiary_year_min": _min(programs["cny_per_beneficiary_year"]),
        "cny_per_beneficiary_year_max": _max(programs["cny_per_beneficiary_year"]),
        "n_standard_checks": len(checked),
        "n_standard_checks_agree": int((checked["standard_check"] == "agree").sum()),
        "n_standards": len(standards),
        "n_standards_real": int(standards["cagr_real"].notna().sum()) if len(standards) else 0,
        "standards_cagr_min": _min(standards["cagr"]),
        "standards_cagr_max": _max(standards["cagr"]),
        "standards_cagr_real_min": _min(standards["cagr_real"]),
        "standards_cagr_real_max": _max(standards["cagr_real"]),
    }
    assert list(m) == list(KEYS), "metrics and KEYS out of step"
    return {k: _num(v) for k, v in m.items()}


def write_metrics(metrics: dict, path) -> Path:
    """Write ``metrics.json`` (stable JSON via :func:`minsheng.io.dumps_json`) whole.

    Raises
    ------
    minsheng.errors.CheckError
        When a key is not snake_case or a value is not a number or ``None``.
    """
    import re

    for k, v in metrics.items():
        if not re.fullmatch(r"[a-z][a-z0-9_]*", k):
            raise CheckError(f"metrics.json: key {k!r} is not snake_case")
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v)):
            raise CheckError(f"metrics.json: {k} = {v!r} is not a finite number or null")
    return tables.write_json(metrics, path)


def as_table(metrics: dict) -> pd.DataFrame:
    """The metrics as a two-column table with their meaning, for a notebook."""
    return pd.DataFrame({"metric": list(metrics), "value": list(metrics.values()),
                         "meaning": [KEYS.get(k, "") for k in metrics]})


def describe(metrics: dict):
    """The few metrics a reader needs first, in words (Markdown), saying which are missing and why."""
    lines = []
    t = metrics.get("total_spending_cny")
    if t is None:
        lines.append("- No stated total: no share, remainder or spending per resident.")
    else:
        lines.append(f"- Stated total {tables.fmt_cny(t)}; itemised by goal {tables.fmt_pct(metrics['itemised_share'], 1)}.")
    if metrics.get("spending_per_resident_cny") is not None:
        lines.append(f"- {tables.fmt_number(metrics['spending_per_resident_cny'])} CNY per resident"
                     + (f", {tables.fmt_number(metrics['spending_per_resident_year_cny'])} per resident-year"
                        if metrics.get("spending_per_resident_year_cny") is not None else "") + ".")
    lines.append(f"- {metrics['n_programs']} program(s) with spending and recipients, "
                 f"{metrics['n_standards']} standard(s) stated as a change.")
    return tables.say("**Headline metrics**\n" + "\n".join(lines))
