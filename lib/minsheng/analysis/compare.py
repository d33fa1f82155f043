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

Amounts are also given in constant prices of one year (``price_year``, a
parameter of notebook 30), with the national CPI
(:func:`minsheng.analysis.reference.price_factor`): an amount of one year is
moved by the CPI between its year and ``price_year``; a total over a span by
the mean of its years' factors (exact when the same nominal amount was spent
each year, which the notes say is assumed); empty where the CPI does not cover
the years or the period is not stated.

:func:`fit_across_reports` fits the model of
:func:`minsheng.analysis.models.fit_fixed_effects`: log spending on log
recipients within reports (one intercept per report and time base), on the
comparable points only (:func:`minsheng.analysis.models.comparable_points`),
with an interval only where there are enough reports, and refuses, with a
reason in words, where there are too few.
"""

from __future__ import annotations

import math

import pandas as pd

from minsheng import formatting, schema
from minsheng.analysis import models, panel, per_beneficiary, reference
from minsheng.analysis import per_goal as goals_mod
from minsheng.analysis import standards as standards_mod
from minsheng.analysis.per_goal import GOAL_NAMES
from minsheng.analysis.standards import IMPLAUSIBLE_CAGR, PROGRAM_FAMILIES, families

#: The fewest reports a model across reports is fitted to (else it is notebook 20's model again).
MIN_REPORTS = models.MIN_REPORTS_WITHIN

#: The year whose prices the comparison tables' constant-price amounts are in, unless told otherwise.
PRICE_YEAR = 2020

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
    rows = list(df.itertuples(index=False))
    fams = [set(filter(None, r.families.split(";"))) for r in rows]
    having: dict[str, list[int]] = {}  # family -> the rows that have it: a row meets only its families' rows
    for i, fam in enumerate(fams):
        for f in fam:
            having.setdefault(f, []).append(i)
    out = []
    for r, fam in zip(rows, fams):
        peers = set()
        for o in (rows[j] for j in sorted({j for f in fam for j in having[f]})):
            if o.doc_id != r.doc_id and all(getattr(o, c) == getattr(r, c) for c in same):
                peers.add(o.doc_id)
        out.append(";".join(sorted(peers)))
    return out


def _order(value, order) -> int:
    order = list(order)
    return order.index(value) if value in order else len(order)


def _real(d: pd.DataFrame, cpi: pd.DataFrame | None, price_year, period_column: str) -> list[str]:
    """Add ``price_year`` and ``price_factor`` to ``d`` (in place, on a copy made by the caller); notes per row."""
    d["price_year"] = pd.array([int(price_year) if price_year is not None else None] * len(d), dtype="Int64")
    factors, notes = [], []
    for period in d[period_column]:
        f = None if cpi is None or price_year is None else reference.price_factor(cpi, period, price_year)
        factors.append(math.nan if f is None else f)
        years = reference.period_years(period)
        if cpi is None or price_year is None:
            notes.append("")  # no CPI given: the *_real columns are empty, nothing to say per row
        elif years is None:
            notes.append("no single period: no constant-price amount")
        elif f is None:
            notes.append(f"the CPI does not cover {period} → {int(price_year)}: no constant-price amount")
        elif years[0] != years[1]:
            notes.append(f"in {int(price_year)} prices with the mean price level of {period} "
                         "(equal nominal amounts each year assumed)")
        else:
            notes.append(f"in {int(price_year)} prices (CPI {period} → {int(price_year)})")
    d["price_factor"] = factors
    return notes


#: The order of the time bases in the programmes comparison (programs.csv's time_base vocabulary).
TIME_BASE_ORDER = ("year", "years", "part_year", "person_time", "cumulative", "unknown")


def programs_comparison(programs: pd.DataFrame, cpi: pd.DataFrame | None = None,
                        price_year: int | None = PRICE_YEAR, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Cost per beneficiary by program across reports, one unit and time base at a time, nominal and in constant prices.

    A count over several years carries its two readings (``_low``: the same recipients every
    year, ``_high``: each year's recipients added up) and no single cost per year; a
    person-time has a cost per event only (programs.csv's time bases).

    Parameters
    ----------
    programs : pandas.DataFrame
        Stacked ``programs.csv`` (:func:`stack`).
    cpi : pandas.DataFrame, optional
        A CPI series (:func:`minsheng.analysis.reference.load_cpi`); without it
        the constant-price columns are empty.
    price_year : int, default :data:`PRICE_YEAR`
        The year whose prices ``*_real`` amounts are in.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COMPARED_PROGRAMS`; rows grouped by ``beneficiary_unit``
        (persons, households, person-times: :data:`UNIT_ORDER`), then goal,
        then time base (:data:`TIME_BASE_ORDER`), then the low cost per
        recipient-year (per event for person-times) from the highest (empty
        last), then report. A new frame.
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
        tb = r.time_base
        if tb == "years":
            n.append(f"recipients counted over {int(r.years)} years: the same people every year (low) or each year's "
                     "recipients added up (high), the report does not say; compare ranges, not points")
        elif tb == "part_year":
            n.append(f"a part of a year ({int(r.months)} months): never set against a full year's cost"
                     if pd.notna(r.months) else "a part of a year: never set against a full year's cost")
        elif tb == "cumulative":
            n.append("a cumulative count of unknown span: no per-year cost")
        elif tb == "unknown" or (tb != "person_time" and pd.isna(r.years)):
            n.append("no period stated: no per-year cost")
        for who, q in (("spending", r.spending_qualifier), ("recipients", r.beneficiaries_qualifier)):
            if q and q != "exact":
                n.append(f"{who} stated as {q}")
        notes.append(n)
    for n, price_note in zip(notes, _real(d, cpi, price_year, "period")):
        if price_note:
            n.append(price_note)
    d["notes"] = ["; ".join(n) for n in notes]
    for col in ("spending_cny", "cny_per_beneficiary", "cny_per_beneficiary_year", "cny_per_beneficiary_year_low",
                "cny_per_beneficiary_year_high"):
        d[f"{col}_real"] = d[col].astype(float) * d["price_factor"]
    d["peer_reports"] = _peers(d, ("beneficiary_unit", "time_base"))  # like for like: one unit, one time base
    d["_u"] = d["beneficiary_unit"].map(lambda u: _order(u, UNIT_ORDER))
    d["_g"] = d["goal"].map(lambda g: _order(g, GOAL_NAMES))
    # within a unit and goal: by time base (one year, several years, the rest), then by the cost per
    # recipient-year (the low reading where the count spans years; per event for person-times), from the highest
    d["_t"] = d["time_base"].map(lambda t: _order(t, TIME_BASE_ORDER))
    d["_c"] = -d["cny_per_beneficiary_year_low"].astype(float).where(d["time_base"] != "person_time",
                                                                      d["cny_per_beneficiary"].astype(float))
    d = d.sort_values(["_u", "_g", "_t", "_c", "doc_id", "spending_figure_id"], na_position="last", kind="stable")
    return schema.typed(panel.add_places(d, documents), COMPARED_PROGRAMS, "programs comparison")


def standards_comparison(standards: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
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
        if "implausible_growth" in str(r.flags).split(";"):  # standards.csv's own flag, one threshold
            n.append(f"growth above {IMPLAUSIBLE_CAGR:.0%} a year: probably not the same quantity at both ends "
                     "(standards.csv flags it implausible_growth); check the two figures before comparing")
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
    return schema.typed(panel.add_places(d, documents), COMPARED_STANDARDS, "standards comparison")


def goals_comparison(goals: pd.DataFrame, metrics: pd.DataFrame, cpi: pd.DataFrame | None = None,
                     price_year: int | None = PRICE_YEAR, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each goal's share of its own report's stated total, across reports; its spending also in constant prices.

    Parameters
    ----------
    goals : pandas.DataFrame
        Stacked ``goals.csv`` (:func:`stack`).
    metrics : pandas.DataFrame
        Stacked metrics (:func:`stack`): the stated totals.
    cpi : pandas.DataFrame, optional
        A CPI series; without it ``spending_cny_real`` is empty.
    price_year : int, default :data:`PRICE_YEAR`
        The year whose prices ``spending_cny_real`` is in (a goal's spending of
        one period only; several periods: empty).

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
        notes.append(n)
    d["_period"] = d["periods"].map(lambda p: p if p and ";" not in str(p) else "")
    for n, price_note, has in zip(notes, _real(d, cpi, price_year, "_period"), d["spending_cny"].map(formatting.is_number)):
        if has and price_note:
            n.append(price_note)
    d["notes"] = ["; ".join(n) for n in notes]
    d["spending_cny_real"] = d["spending_cny"].astype(float) * d["price_factor"]
    d["_g"] = d["goal"].map(lambda g: _order(g, GOAL_NAMES))
    d = d.sort_values(["_g", "doc_id"], kind="stable")
    return schema.typed(panel.add_places(d, documents), COMPARED_GOALS, "goals comparison")


# --------------------------------------------------------------------------- model

def model_points(programs: pd.DataFrame, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """The stacked programs as points of the model across reports, each used or not and why
    (:func:`minsheng.analysis.models.comparable_points`)."""
    return models.comparable_points(programs, figures)


def why_no_fit(programs: pd.DataFrame, figures: pd.DataFrame | None = None) -> str | None:
    """Why no slope is fitted across reports, in words; ``None`` when one is.

    Parameters
    ----------
    programs : pandas.DataFrame
        Stacked ``programs.csv``.
    figures : pandas.DataFrame, optional
        Stacked ``figures.csv`` (statuses and parts).
    """
    return models.why_no_fixed_effects(model_points(programs, figures))


def fit_across_reports(programs: pd.DataFrame, figures: pd.DataFrame | None = None, *, seed: int = 20240611,
                       alpha: float = 0.05):
    """The fixed-effects slope of log spending on log recipients across reports, or ``None``.

    :func:`minsheng.analysis.models.fit_fixed_effects` on :func:`model_points`:
    fitted only when :func:`why_no_fit` gives no reason; its interval is
    cluster-robust, a seeded wild cluster bootstrap, or none, by the number of
    reports.

    Returns
    -------
    minsheng.analysis.models.FixedEffectsFit or None
    """
    return models.fit_fixed_effects(model_points(programs, figures), seed=seed, alpha=alpha)


def leave_one_out(programs: pd.DataFrame, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """The slope with each comparable program, then each report, left out (:func:`minsheng.analysis.models.leave_one_out`)."""
    return models.leave_one_out(model_points(programs, figures))


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
