"""Across reports: the tables of several runs side by side, compared only where like meets like.

A run of ``minsheng run`` leaves one folder per report, ``<runs_dir>/<doc_id>/``
with ``figures.csv``, ``programs.csv``, ``goals.csv``, ``standards.csv`` and
``metrics.json``. :func:`stack` reads every such folder into one frame per
table (``doc_id`` first; metrics as one row per report), after checking that
each table belongs to its folder and agrees with its ``metrics.json``.

The comparison tables keep apart what must not be mixed:

- :func:`programs_comparison`: cost per beneficiary-year by program, grouped by
  ``beneficiary_unit``: persons, households and person-times (人次, service
  events) are never ranked together; ``families`` and ``peer_reports`` say
  where another report has a program of the same family in the same unit, the
  only like-for-like comparison.
- :func:`standards_comparison`: two-point CAGRs of benefit standards, nominal
  and real, same family next to each other; a note where two reports were
  deflated with different price indices for the same years.
- :func:`goals_comparison`: each goal's share of its own report's stated total
  (shares are free of scale, amounts are not), with what the total does not
  itemise and where a share mixes periods.

Amounts are nominal yuan of each report's own period: reports of different
years are not deflated against each other. :func:`fit_across_reports` fits
:func:`minsheng.analysis.models.fit_spending_on_beneficiaries` to the stacked programs
only when at least :data:`minsheng.analysis.models.MIN_N` programs come from at least
:data:`MIN_REPORTS` reports.
"""

from __future__ import annotations

import math

import pandas as pd

from minsheng import formatting, schema
from minsheng.analysis import models, per_beneficiary
from minsheng.analysis import per_goal as goals_mod
from minsheng.analysis import standards as standards_mod
from minsheng.analysis.per_goal import GOAL_NAMES
from minsheng.analysis.standards import PROGRAM_FAMILIES, families

#: The fewest reports a model across reports is fitted to (else it is notebook 20's model again).
MIN_REPORTS = 2

#: Order in which beneficiary units are shown: never ranked across units.
UNIT_ORDER = ("person", "household", "person_time")

#: How each beneficiary unit is named in prose.
UNIT_WORDS = {"person": "persons", "household": "households",
              "person_time": "person-times (人次: service events, not people)"}

COMPARED_PROGRAMS = schema.table("compare_programs")

COMPARED_STANDARDS = schema.table("compare_standards")

COMPARED_GOALS = schema.table("compare_goals")

PRODUCTS = {"metrics": "compare_metrics.csv", **{t.name.removeprefix("compare_"): t.file for t in schema.compare_tables()}}


# --------------------------------------------------------------------------- reading


# --------------------------------------------------------------------------- comparison tables

def _families(program: str) -> str:
    return ";".join(families(program))


def _peers(df: pd.DataFrame, same: tuple[str, ...] = ()) -> list[str]:
    """For each row, the other reports with a row sharing a family (and the columns ``same``)."""
    out = []
    for r in df.itertuples(index=False):
        fam = set(filter(None, r.families.split(";")))
        peers = set()
        if fam:
            for o in df.itertuples(index=False):
                if (o.doc_id != r.doc_id and fam & set(filter(None, o.families.split(";")))
                        and all(getattr(o, c) == getattr(r, c) for c in same)):
                    peers.add(o.doc_id)
        out.append(";".join(sorted(peers)))
    return out


def _order(value, order) -> int:
    order = list(order)
    return order.index(value) if value in order else len(order)


def programs_comparison(programs: pd.DataFrame) -> pd.DataFrame:
    """Cost per beneficiary-year by program across reports, one unit at a time.

    Parameters
    ----------
    programs : pandas.DataFrame
        Stacked ``programs.csv`` (:func:`stack`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COMPARED_PROGRAMS`; rows grouped by ``beneficiary_unit``
        (persons, households, person-times: :data:`UNIT_ORDER`), then goal,
        then cost per beneficiary-year from the highest (empty last), then
        report. A new frame.
    """
    schema.require_columns(programs, per_beneficiary.PROGRAMS.names, "stacked programs")
    if programs.empty:
        return COMPARED_PROGRAMS.empty()
    d = programs.copy()
    d["families"] = d["program"].map(_families)
    notes = []
    for r in d.itertuples(index=False):
        n = []
        if r.beneficiary_unit == "person_time":
            n.append("person-times (人次): a cost per service event, not per person; compare with person-time rows only")
        elif r.beneficiary_unit == "household":
            n.append("per household, not per person; compare with household rows only")
        if pd.isna(r.years):
            n.append("no period stated: no per-year cost")
        elif r.years > 1:
            n.append(f"recipients counted over {int(r.years)} years: distinct people or yearly recipients added up, "
                     "the report does not say; if the latter, the yearly transfer is up to "
                     f"{int(r.years)} times cny_per_beneficiary_year")
        for who, q in (("spending", r.spending_qualifier), ("recipients", r.beneficiaries_qualifier)):
            if q and q != "exact":
                n.append(f"{who} stated as {q}")
        notes.append("; ".join(n))
    d["notes"] = notes
    d["peer_reports"] = _peers(d, ("beneficiary_unit",))
    d["_u"] = d["beneficiary_unit"].map(lambda u: _order(u, UNIT_ORDER))
    d["_g"] = d["goal"].map(lambda g: _order(g, GOAL_NAMES))
    d["_c"] = -d["cny_per_beneficiary_year"].astype(float)
    d = d.sort_values(["_u", "_g", "_c", "doc_id", "spending_figure_id"], na_position="last", kind="stable")
    return schema.typed(d, COMPARED_PROGRAMS, "programs comparison")


def standards_comparison(standards: pd.DataFrame) -> pd.DataFrame:
    """Two-point CAGRs of benefit standards across reports, nominal and real, same family together.

    Parameters
    ----------
    standards : pandas.DataFrame
        Stacked ``standards.csv`` (:func:`stack`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COMPARED_STANDARDS`; rows by first program family (in the
        order of :data:`minsheng.analysis.standards.PROGRAM_FAMILIES`, none last), goal,
        report. ``notes`` flags two reports deflated with different price
        indices over the same years (their real rates are then not on one footing).
    """
    schema.require_columns(standards, standards_mod.STANDARDS.names, "stacked standards")
    if standards.empty:
        return COMPARED_STANDARDS.empty()
    d = standards.copy()
    d["families"] = d["program"].map(_families)
    d["peer_reports"] = _peers(d)
    # the price index each report's run used, by span: differing values mean different deflators
    index_by_span: dict[tuple, dict[str, float]] = {}
    for r in d.itertuples(index=False):
        if formatting.is_number(r.cpi_index) and not pd.isna(r.base_year) and not pd.isna(r.final_year):
            index_by_span.setdefault((int(r.base_year), int(r.final_year)), {})[r.doc_id] = float(r.cpi_index)
    notes = []
    for r in d.itertuples(index=False):
        span = "?" if pd.isna(r.base_year) or pd.isna(r.final_year) else f"{int(r.base_year)}→{int(r.final_year)}"
        n = [f"two-point CAGR over {span}: the years between are unknown"]
        if "at_least" in (r.base_qualifier, r.final_qualifier):
            n.append("a level stated as a floor (不低于): the growth of a minimum")
        if r.unit_norm == "CNY/person/month":
            n.append("monthly levels ×12 for the yearly basis")
        if not formatting.is_number(r.cagr_real):
            n.append("no real rate: the run's CPI did not cover the years")
        else:
            others = {k: v for k, v in index_by_span.get((int(r.base_year), int(r.final_year)), {}).items()
                      if k != r.doc_id and not math.isclose(v, float(r.cpi_index), rel_tol=1e-9)}
            if others:
                n.append("deflated with another price index than " + ", ".join(
                    f"{k} ({v:.6g})" for k, v in sorted(others.items()))
                    + f" over the same years ({float(r.cpi_index):.6g}): real rates not on one footing")
        notes.append("; ".join(n))
    d["notes"] = notes
    fam_order = list(PROGRAM_FAMILIES)
    d["_f"] = d["families"].map(lambda f: _order(f.split(";")[0], fam_order) if f else len(fam_order))
    d["_g"] = d["goal"].map(lambda g: _order(g, GOAL_NAMES))
    d = d.sort_values(["_f", "_g", "program", "doc_id", "base_figure_id"], kind="stable")
    return schema.typed(d, COMPARED_STANDARDS, "standards comparison")


def goals_comparison(goals: pd.DataFrame, metrics: pd.DataFrame) -> pd.DataFrame:
    """Each goal's share of its own report's stated total, across reports.

    Parameters
    ----------
    goals : pandas.DataFrame
        Stacked ``goals.csv`` (:func:`stack`).
    metrics : pandas.DataFrame
        Stacked metrics (:func:`stack`): the stated totals.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COMPARED_GOALS`; every goal row of every report (a goal
        the report mentions without itemising spending keeps its row, with
        ``spending_cny`` empty), by goal (七有 order) then report.
    """
    schema.require_columns(goals, goals_mod.GOAL_TABLE.names, "stacked goals")
    schema.require_columns(metrics, ("doc_id", "total_spending_cny", "total_years", "itemised_share",
                                     "unitemised_cny"), "stacked metrics")
    if goals.empty:
        return COMPARED_GOALS.empty()
    m = metrics.set_index("doc_id")
    d = goals.copy()

    def metric(doc_id, key):
        return m.at[doc_id, key] if doc_id in m.index and not pd.isna(m.at[doc_id, key]) else math.nan

    d["total_spending_cny"] = [metric(x, "total_spending_cny") for x in d["doc_id"]]
    d["total_years"] = [metric(x, "total_years") for x in d["doc_id"]]
    d["itemised_share"] = [metric(x, "itemised_share") for x in d["doc_id"]]
    d["unitemised_share"] = [metric(x, "unitemised_cny") / t if formatting.is_number(t) and t else math.nan
                             for x, t in zip(d["doc_id"], d["total_spending_cny"])]
    notes = []
    for r in d.itertuples(index=False):
        n = []
        has_spending = formatting.is_number(r.spending_cny)
        if not has_spending:
            n.append("the report itemises no livelihood spending for this goal (empty, not zero)")
        if r.doc_id not in m.index:
            n.append("the report's folder has no metrics.json: no stated total")
        elif not formatting.is_number(r.total_spending_cny):
            n.append("the report states no total: no share")
        else:
            if has_spending and formatting.is_number(r.total_years) and not pd.isna(r.years) and int(r.years) != int(r.total_years):
                n.append(f"spending over {int(r.years)} year(s), the total over {int(r.total_years)}: the share mixes periods")
            elif has_spending and len([p for p in r.periods.split(";") if p]) > 1:
                n.append("spending figures of several periods: the share mixes periods")
            if formatting.is_number(r.itemised_share) and r.itemised_share > 1 + goals_mod.SUM_TOLERANCE:
                n.append("the report's itemised amounts exceed its total: shares are not parts of it")
        if formatting.is_number(r.outside_scope_cny):
            n.append("outside-scope money (a budget total) shown apart, never in the share")
        notes.append("; ".join(n))
    d["notes"] = notes
    d["_g"] = d["goal"].map(lambda g: _order(g, GOAL_NAMES))
    d = d.sort_values(["_g", "doc_id"], kind="stable")
    return schema.typed(d, COMPARED_GOALS, "goals comparison")


# --------------------------------------------------------------------------- model

def model_rows(programs: pd.DataFrame) -> pd.DataFrame:
    return programs[(programs["spending_cny"] > 0) & (programs["beneficiaries"] > 0)]


def why_no_fit(programs: pd.DataFrame, min_n: int = models.MIN_N, min_reports: int = MIN_REPORTS) -> str | None:
    """Why no line is fitted across reports, in words; ``None`` when one is.

    Parameters
    ----------
    programs : pandas.DataFrame
        Stacked ``programs.csv``.
    min_n : int, default :data:`minsheng.analysis.models.MIN_N`
        The fewest programs.
    min_reports : int, default :data:`MIN_REPORTS`
        The fewest reports those programs come from.
    """
    schema.require_columns(programs, ("doc_id", "spending_cny", "beneficiaries"), "stacked programs")
    d = model_rows(programs)
    n_reports = d["doc_id"].nunique()
    if len(d) and n_reports < min_reports:
        return (f"the {len(d)} program(s) with both spending and recipients all come from one report "
                f"({d['doc_id'].iloc[0]}); a line across reports needs programs from at least {min_reports} "
                "reports (notebook 20 fits one report's programs)")
    return models.why_no_model(programs, min_n)


def fit_across_reports(programs: pd.DataFrame, min_n: int = models.MIN_N, min_reports: int = MIN_REPORTS):
    """OLS of log spending on log beneficiaries over the programs of several reports, or ``None``.

    :func:`minsheng.analysis.models.fit_spending_on_beneficiaries` on the stacked
    programs, fitted only when :func:`why_no_fit` gives no reason: at least
    ``min_n`` programs with positive spending and recipients, from at least
    ``min_reports`` reports.

    Returns
    -------
    statsmodels.regression.linear_model.RegressionResultsWrapper or None
    """
    if why_no_fit(programs, min_n, min_reports) is not None:
        return None
    return models.fit_spending_on_beneficiaries(programs, min_n)


# --------------------------------------------------------------------------- prose


COMPARED_DOCUMENTS = schema.table("compare_documents")


def documents_comparison(documents: pd.DataFrame, metrics: pd.DataFrame) -> pd.DataFrame:
    """``documents.csv``: every report's ``document.json`` fields, its stated population beside the census's,
    and the other reports of the same place and period (``same_place_period``).

    Two reports are of the same place and period when both have a ``place_code``
    and a ``period`` and these are equal (a news release and the summary of one
    county's 2023): their figures should agree. A report without a code (no
    place, or an ambiguous name) or without a period is never paired.

    """
    out = documents.copy().reset_index(drop=True)
    stated = dict(zip(metrics["doc_id"], metrics["population"])) if "population" in metrics else {}
    out["population_stated"] = [stated.get(d) for d in out["doc_id"]]
    keys = list(zip(out["place_code"], out["period"]))
    groups: dict[tuple, list[str]] = {}
    for d, k in zip(out["doc_id"], keys):
        if k[0] and k[1]:
            groups.setdefault(k, []).append(d)
    out["same_place_period"] = [";".join(x for x in groups.get(k, []) if x != d) if k[0] and k[1] else ""
                                for d, k in zip(out["doc_id"], keys)]
    return schema.typed(out, COMPARED_DOCUMENTS, "documents.csv")
