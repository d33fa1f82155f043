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

import json
import math
from pathlib import Path

import pandas as pd

from minsheng import tables
from minsheng.analysis import models, per_beneficiary
from minsheng.analysis import per_goal as goals_mod
from minsheng.analysis import standards as standards_mod
from minsheng.analysis.metrics import KEYS as METRIC_KEYS
from minsheng.analysis.per_goal import GOAL_NAMES
from minsheng.analysis.standards import PROGRAM_FAMILIES, families
from minsheng.errors import CheckError, InputError
from minsheng.tables import Column

#: The fewest reports a model across reports is fitted to (else it is notebook 20's model again).
MIN_REPORTS = 2

#: The tables of one report folder: (key, file, columns); metrics.json apart.
REPORT_TABLES = (
    ("programs", "programs.csv", per_beneficiary.COLUMNS),
    ("goals", "goals.csv", goals_mod.COLUMNS),
    ("standards", "standards.csv", standards_mod.COLUMNS),
)

#: ``metrics.json`` counts that must equal the rows of a table of the same folder.
_COUNTS = (("n_programs", "programs"), ("n_goals", "goals"), ("n_standards", "standards"))

#: Order in which beneficiary units are shown: never ranked across units.
UNIT_ORDER = ("person", "household", "person_time")

#: How each beneficiary unit is named in prose.
UNIT_WORDS = {"person": "persons", "household": "households",
              "person_time": "person-times (人次: service events, not people)"}

REPORT_COLUMNS: list[Column] = [
    ("doc_id", "string", "", "the report's id (its folder's name)"),
    ("n_figures", "integer", "", "rows of its figures.csv"),
    ("missing_tables", "string", "", "';'-separated analysis tables absent from its folder (the notebooks did not run)"),
]

PROGRAM_COLUMNS: list[Column] = [
    ("doc_id", "string", "", "the report's id"),
    ("goal", "string", "", "the 七有 goal of the program"),
    ("program", "string", "", "the program in the report's words"),
    ("program_en", "string", "", "English gloss of the program"),
    ("families", "string", "", "';'-separated program families (minsheng.analysis.standards.PROGRAM_FAMILIES) the program belongs to; empty if none"),
    ("beneficiary_unit", "string", "", "person, household or person_time: rows are compared only within one unit"),
    ("period", "string", "year", "the period of the program's figures"),
    ("years", "integer", "year", "the length of that period"),
    ("spending_cny", "number", "CNY", "the amount spent, nominal CNY of the report's period"),
    ("beneficiaries", "number", "beneficiary_unit", "the number of recipients"),
    ("cny_per_beneficiary", "number", "CNY per beneficiary_unit", "spending_cny / beneficiaries, over the whole period"),
    ("cny_per_beneficiary_year", "number", "CNY per beneficiary_unit per year", "cny_per_beneficiary / years; empty where years is"),
    ("standard_check", "string", "", "agree / disagree: cny_per_beneficiary_year against a stated standard of the same family (programs.csv); empty without one"),
    ("standard_check_recipient_years", "string", "", "agree / disagree: cny_per_beneficiary against that standard, the reading where the count adds up yearly recipients; empty for one year or without a standard"),
    ("peer_reports", "string", "", "';'-separated other reports with a program of a shared family in the same beneficiary_unit: the like-for-like comparisons"),
    ("spending_figure_id", "string", "", "figure_id of the spending figure in the report's figures.csv"),
    ("beneficiaries_figure_id", "string", "", "figure_id of the beneficiaries figure"),
    ("notes", "string", "", "caveats for comparing: unit, counts over several years, missing period, qualifiers"),
]

STANDARD_COLUMNS: list[Column] = [
    ("doc_id", "string", "", "the report's id"),
    ("goal", "string", "", "the 七有 goal of the standard"),
    ("program", "string", "", "the standard's program in the report's words"),
    ("program_en", "string", "", "English gloss of the program"),
    ("families", "string", "", "';'-separated program families the standard belongs to; empty if none"),
    ("unit_norm", "string", "", "the unit of the stated levels"),
    ("base_year", "integer", "year", "the year of the base level"),
    ("final_year", "integer", "year", "the year of the final level"),
    ("years", "integer", "year", "final_year - base_year"),
    ("base_cny_per_year", "number", "CNY/person/year", "the base level on a yearly basis (monthly ×12)"),
    ("final_cny_per_year", "number", "CNY/person/year", "the final level on a yearly basis"),
    ("ratio", "number", "", "final level / base level"),
    ("cagr", "number", "fraction per year", "two-point nominal CAGR"),
    ("ratio_real", "number", "", "ratio / cpi_index"),
    ("cagr_real", "number", "fraction per year", "two-point real CAGR (CPI-deflated as in the report's run); empty where the CPI did not cover the years"),
    ("cpi_index", "number", "", "the price index the report's run used for base_year → final_year"),
    ("base_qualifier", "string", "", "qualifier of the base level (at_least: a floor)"),
    ("final_qualifier", "string", "", "qualifier of the final level"),
    ("peer_reports", "string", "", "';'-separated other reports with a standard of a shared family"),
    ("base_figure_id", "string", "", "figure_id of the base level"),
    ("final_figure_id", "string", "", "figure_id of the final level"),
    ("notes", "string", "", "caveats for comparing: two-point CAGR, floors, uncovered CPI, a deflator that differs between reports"),
]

GOAL_COLUMNS: list[Column] = [
    ("doc_id", "string", "", "the report's id"),
    ("goal", "string", "", "the 七有 goal (or other)"),
    ("goal_zh", "string", "", "the goal's Chinese name"),
    ("goal_en", "string", "", "the goal's English name"),
    ("spending_cny", "number", "CNY", "the goal's itemised livelihood spending (goals.csv); empty, not zero, where the report itemises none"),
    ("share_of_total", "number", "fraction", "spending_cny / the report's own stated total; empty without a total or spending"),
    ("total_spending_cny", "number", "CNY", "the report's stated total (metrics.json); empty where it states none"),
    ("total_years", "integer", "year", "length of the stated total's period"),
    ("itemised_share", "number", "fraction", "the report's itemised spending / its stated total"),
    ("unitemised_share", "number", "fraction", "the part of the stated total the report does not itemise by goal (negative: items exceed the total)"),
    ("periods", "string", "year", "';'-separated periods of the goal's spending figures"),
    ("years", "integer", "year", "length of that period where there is one"),
    ("outside_scope_cny", "number", "CNY", "the goal's money outside livelihood projects (budget totals): never in a share"),
    ("notes", "string", "", "caveats for comparing: no total, nothing itemised, periods that differ from the total's, items exceeding the total"),
]

PRODUCTS = {"metrics": "compare_metrics.csv", "programs": "compare_programs.csv",
            "standards": "compare_standards.csv", "goals": "compare_goals.csv"}


# --------------------------------------------------------------------------- reading

def report_folders(runs_dir: str | Path) -> list[Path]:
    """Every report folder of a run: ``<runs_dir>/<doc_id>/`` holding a ``figures.csv``.

    Parameters
    ----------
    runs_dir : str or pathlib.Path
        The folder ``minsheng run`` wrote into (``data/processed`` or ``--out DIR``).

    Returns
    -------
    list of pathlib.Path
        Sorted by folder name (the ``doc_id``); names starting with ``_`` or
        ``.`` (``_failed``, ``_compare``, staging folders) are skipped.

    Raises
    ------
    minsheng.errors.InputError
        If ``runs_dir`` is not a folder.
    """
    root = Path(runs_dir)
    if not root.is_dir():
        raise InputError(f"runs folder {root} does not exist; run `minsheng run REPORT ... --out {root}` first")
    return sorted((p for p in root.iterdir()
                   if p.is_dir() and not p.name.startswith(("_", ".")) and (p / "figures.csv").is_file()),
                  key=lambda p: p.name)


def _check_doc_id(df: pd.DataFrame, doc_id: str, what: str) -> None:
    for i, v in enumerate(df["doc_id"], start=1):
        if v != doc_id:
            raise CheckError(f"{what} row {i}: doc_id {v!r} is not the report of its folder ({doc_id!r}); "
                             "the folder holds another report's table: rerun `minsheng run` on it")


def _read_metrics(path: Path, doc_id: str) -> dict:
    try:
        m = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CheckError(f"{doc_id}/metrics.json is not valid JSON ({exc}); rerun `minsheng run` on it") from None
    if not isinstance(m, dict):
        raise CheckError(f"{doc_id}/metrics.json is not a JSON object; rerun `minsheng run` on it")
    return m


def _metrics_frame(rows: list[dict]) -> pd.DataFrame:
    keys = list(METRIC_KEYS) + sorted({k for r in rows for k in r} - set(METRIC_KEYS) - {"doc_id"})
    out = pd.DataFrame({"doc_id": pd.Series([r["doc_id"] for r in rows], dtype=object)})
    for k in keys:
        vals = [r.get(k) for r in rows]
        present = [v for v in vals if v is not None]
        if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            out[k] = pd.array(vals, dtype="Int64")
        else:
            out[k] = pd.to_numeric(pd.Series([math.nan if v is None else v for v in vals], dtype=object),
                                   errors="coerce").astype("float64")
    return out


def _concat(frames: list[pd.DataFrame], columns: list[Column], what: str) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return tables.empty(columns)
    return tables.typed(pd.concat(frames, ignore_index=True), columns, what)


def stack(runs_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The tables of every report folder, one frame per table, ``doc_id`` first.

    Parameters
    ----------
    runs_dir : str or pathlib.Path
        The folder holding one subfolder per report (:func:`report_folders`).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``reports`` (:data:`REPORT_COLUMNS`: one row per report folder, with
        the analysis tables it lacks), ``programs``, ``goals``, ``standards``
        (the reports' tables one under the other, in order of ``doc_id``, with
        their published columns and types) and ``metrics`` (one row per report
        with ``metrics.json``: ``doc_id`` then the keys of
        :data:`minsheng.analysis.metrics.KEYS`, empty where a value is null). A report
        whose folder lacks a table contributes no rows to it.

    Raises
    ------
    minsheng.errors.InputError
        If ``runs_dir`` is not a folder.
    minsheng.errors.CheckError
        If a table's ``doc_id`` is not its folder's name, or ``metrics.json``
        counts other rows than its tables (a stale folder); the message names
        the file and the row.
    """
    folders = report_folders(runs_dir)
    reports, parts, metric_rows = [], {k: [] for k, _f, _c in REPORT_TABLES}, []
    for folder in folders:
        doc_id = folder.name
        figures = tables.read_figures(folder / "figures.csv")
        _check_doc_id(figures, doc_id, f"{doc_id}/figures.csv")
        missing, read = [], {}
        for key, fname, columns in REPORT_TABLES:
            if not (folder / fname).is_file():
                missing.append(fname)
                continue
            df = tables.read_csv(folder / fname, columns, f"{doc_id}/{fname}")
            _check_doc_id(df, doc_id, f"{doc_id}/{fname}")
            read[key] = df
            parts[key].append(df)
        if (folder / "metrics.json").is_file():
            m = _read_metrics(folder / "metrics.json", doc_id)
            for key, table in (("n_figures", figures), *((k, read.get(t)) for k, t in _COUNTS)):
                if table is not None and m.get(key) is not None and m[key] != len(table):
                    raise CheckError(f"{doc_id}/metrics.json: {key} = {m[key]} but the folder's table has "
                                     f"{len(table)} rows; the folder is stale: rerun `minsheng run` on the report")
            metric_rows.append({"doc_id": doc_id, **m})
        else:
            missing.append("metrics.json")
        reports.append({"doc_id": doc_id, "n_figures": len(figures), "missing_tables": ";".join(missing)})
    out = {"reports": tables.typed(pd.DataFrame(reports), REPORT_COLUMNS, "reports") if reports
           else tables.empty(REPORT_COLUMNS)}
    for key, _fname, columns in REPORT_TABLES:
        out[key] = _concat(parts[key], columns, f"stacked {key}")
    out["metrics"] = _metrics_frame(metric_rows)
    return out


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
        Columns :data:`PROGRAM_COLUMNS`; rows grouped by ``beneficiary_unit``
        (persons, households, person-times: :data:`UNIT_ORDER`), then goal,
        then cost per beneficiary-year from the highest (empty last), then
        report. A new frame.
    """
    tables.require_columns(programs, tables.names(per_beneficiary.COLUMNS), "stacked programs")
    if programs.empty:
        return tables.empty(PROGRAM_COLUMNS)
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
    return tables.typed(d, PROGRAM_COLUMNS, "programs comparison")


def standards_comparison(standards: pd.DataFrame) -> pd.DataFrame:
    """Two-point CAGRs of benefit standards across reports, nominal and real, same family together.

    Parameters
    ----------
    standards : pandas.DataFrame
        Stacked ``standards.csv`` (:func:`stack`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`STANDARD_COLUMNS`; rows by first program family (in the
        order of :data:`minsheng.analysis.standards.PROGRAM_FAMILIES`, none last), goal,
        report. ``notes`` flags two reports deflated with different price
        indices over the same years (their real rates are then not on one footing).
    """
    tables.require_columns(standards, tables.names(standards_mod.COLUMNS), "stacked standards")
    if standards.empty:
        return tables.empty(STANDARD_COLUMNS)
    d = standards.copy()
    d["families"] = d["program"].map(_families)
    d["peer_reports"] = _peers(d)
    # the price index each report's run used, by span: differing values mean different deflators
    index_by_span: dict[tuple, dict[str, float]] = {}
    for r in d.itertuples(index=False):
        if tables.is_number(r.cpi_index) and not pd.isna(r.base_year) and not pd.isna(r.final_year):
            index_by_span.setdefault((int(r.base_year), int(r.final_year)), {})[r.doc_id] = float(r.cpi_index)
    notes = []
    for r in d.itertuples(index=False):
        span = "?" if pd.isna(r.base_year) or pd.isna(r.final_year) else f"{int(r.base_year)}→{int(r.final_year)}"
        n = [f"two-point CAGR over {span}: the years between are unknown"]
        if "at_least" in (r.base_qualifier, r.final_qualifier):
            n.append("a level stated as a floor (不低于): the growth of a minimum")
        if r.unit_norm == "CNY/person/month":
            n.append("monthly levels ×12 for the yearly basis")
        if not tables.is_number(r.cagr_real):
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
    return tables.typed(d, STANDARD_COLUMNS, "standards comparison")


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
        Columns :data:`GOAL_COLUMNS`; every goal row of every report (a goal
        the report mentions without itemising spending keeps its row, with
        ``spending_cny`` empty), by goal (七有 order) then report.
    """
    tables.require_columns(goals, tables.names(goals_mod.COLUMNS), "stacked goals")
    tables.require_columns(metrics, ("doc_id", "total_spending_cny", "total_years", "itemised_share",
                                     "unitemised_cny"), "stacked metrics")
    if goals.empty:
        return tables.empty(GOAL_COLUMNS)
    m = metrics.set_index("doc_id")
    d = goals.copy()

    def metric(doc_id, key):
        return m.at[doc_id, key] if doc_id in m.index and not pd.isna(m.at[doc_id, key]) else math.nan

    d["total_spending_cny"] = [metric(x, "total_spending_cny") for x in d["doc_id"]]
    d["total_years"] = [metric(x, "total_years") for x in d["doc_id"]]
    d["itemised_share"] = [metric(x, "itemised_share") for x in d["doc_id"]]
    d["unitemised_share"] = [metric(x, "unitemised_cny") / t if tables.is_number(t) and t else math.nan
                             for x, t in zip(d["doc_id"], d["total_spending_cny"])]
    notes = []
    for r in d.itertuples(index=False):
        n = []
        has_spending = tables.is_number(r.spending_cny)
        if not has_spending:
            n.append("the report itemises no livelihood spending for this goal (empty, not zero)")
        if r.doc_id not in m.index:
            n.append("the report's folder has no metrics.json: no stated total")
        elif not tables.is_number(r.total_spending_cny):
            n.append("the report states no total: no share")
        else:
            if has_spending and tables.is_number(r.total_years) and not pd.isna(r.years) and int(r.years) != int(r.total_years):
                n.append(f"spending over {int(r.years)} year(s), the total over {int(r.total_years)}: the share mixes periods")
            elif has_spending and len([p for p in r.periods.split(";") if p]) > 1:
                n.append("spending figures of several periods: the share mixes periods")
            if tables.is_number(r.itemised_share) and r.itemised_share > 1 + goals_mod.SUM_TOLERANCE:
                n.append("the report's itemised amounts exceed its total: shares are not parts of it")
        if tables.is_number(r.outside_scope_cny):
            n.append("outside-scope money (a budget total) shown apart, never in the share")
        notes.append("; ".join(n))
    d["notes"] = notes
    d["_g"] = d["goal"].map(lambda g: _order(g, GOAL_NAMES))
    d = d.sort_values(["_g", "doc_id"], kind="stable")
    return tables.typed(d, GOAL_COLUMNS, "goals comparison")


# --------------------------------------------------------------------------- model

def _model_rows(programs: pd.DataFrame) -> pd.DataFrame:
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
    tables.require_columns(programs, ("doc_id", "spending_cny", "beneficiaries"), "stacked programs")
    d = _model_rows(programs)
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


def describe_fit(fit, programs: pd.DataFrame, alpha: float = 0.05):
    """What the line across reports can and cannot tell, in words (Markdown).

    Parameters
    ----------
    fit : RegressionResultsWrapper or None
        From :func:`fit_across_reports`.
    programs : pandas.DataFrame
        Stacked ``programs.csv``.
    alpha : float, default 0.05
        1 - confidence level quoted.
    """
    if fit is None:
        reason = why_no_fit(programs) or "no fit was given"
        return tables.say(f"**No model across reports.** {reason[0].upper() + reason[1:]}.")
    b = models.coefficients(fit, alpha).set_index("term").loc["log_beneficiaries"]
    d = _model_rows(programs)
    per_report = d.groupby("doc_id").size()
    units = sorted(set(d["beneficiary_unit"]))
    level = f"{(1 - alpha) * 100:.0f} %"
    lines = [
        f"**Log spending on log beneficiaries, OLS over n = {int(fit.nobs)} programs from {len(per_report)} reports** "
        f"({', '.join(f'{k}: {v}' for k, v in per_report.items())}). Slope {b.estimate:.2f} ({level} CI "
        f"{b.ci_low:.2f} to {b.ci_high:.2f}), R² = {fit.rsquared:.2f}.",
        f"- *What it can tell:* across these programs, 1 % more recipients goes with about {b.estimate:.2f} % more "
        "spending.",
        "- *What it cannot tell:* the points are still few, and they are not independent draws: programs of one "
        "report share a place, a period and a way of counting. The reports cover different years and are in "
        "nominal yuan, the programs pay different kinds of benefit, so the slope describes this mix, not a cost "
        "function; it is not causal and predicts nothing for other programs or places.",
    ]
    if len(units) > 1:
        lines.append(f"- The counts mix units ({', '.join(units)}): person-times are service events, not people, "
                     "which moves those points along the x axis by an unknown factor.")
    return tables.say("\n".join(lines))


# --------------------------------------------------------------------------- prose

def _names(ids) -> str:
    ids = list(ids)
    return ", ".join(f"`{x}`" for x in ids) if ids else "none"


def describe(stacked: dict[str, pd.DataFrame]):
    """How many reports there are and what each lacks, in words for a notebook (Markdown).

    Parameters
    ----------
    stacked : dict
        From :func:`stack`.

    Returns
    -------
    IPython.display.Markdown
        The reports; with one report, that there is nothing to compare yet;
        which reports lack a stated total, a benefit standard stated as a
        change, a program with both spending and recipients, or analysis tables;
        and whether the reports' totals cover periods of different lengths.
    """
    reports, metrics = stacked["reports"], stacked["metrics"]
    ids = list(reports["doc_id"])
    if not ids:
        return tables.say("**No report folder** (a subfolder holding `figures.csv`) was found, so there is nothing "
                          "to compare: the comparison tables are written with their header only and no plot is drawn. "
                          "Run `minsheng run REPORT ...` into this folder first.")
    if len(ids) == 1:
        lines = [f"**One report** ({_names(ids)}): there is nothing to compare yet. The tables below hold its rows "
                 "alone; run `minsheng run` on more reports into the same folder to compare them."]
    else:
        lines = [f"**{len(ids)} reports**: {_names(ids)}."]
    with_metrics = set(metrics["doc_id"])
    no_total = [x for x in ids if x in with_metrics
                and pd.isna(metrics.set_index("doc_id").at[x, "total_spending_cny"])]
    have = {k: set(stacked[k]["doc_id"]) for k in ("programs", "standards")}
    missing = reports[reports["missing_tables"] != ""]
    lines.append(f"- Without a stated total of livelihood spending (no shares of a total): {_names(no_total)}.")
    lines.append(f"- Without a benefit standard stated as a change (no growth rates): "
                 f"{_names(x for x in ids if x not in have['standards'])}.")
    lines.append(f"- Without a program stating both spending and recipients (no cost per beneficiary): "
                 f"{_names(x for x in ids if x not in have['programs'])}.")
    if len(missing):
        lines.append("- Analysis tables missing (the notebooks did not run there; those reports are left out of "
                     "the tables concerned): " + "; ".join(f"`{r.doc_id}` ({r.missing_tables.replace(';', ', ')})"
                                                           for r in missing.itertuples(index=False)) + ".")
    if len(ids) > 1:
        yrs = metrics.dropna(subset=["total_years"])
        if yrs["total_years"].nunique() > 1:
            lines.append("- The stated totals cover periods of different lengths ("
                         + ", ".join(f"`{r.doc_id}`: {int(r.total_years)} year(s)" for r in yrs.itertuples(index=False))
                         + "): compare shares and per-year amounts, never totals.")
        lines.append("- Amounts are nominal yuan of each report's own period; they are not deflated against each other.")
    return tables.say("\n".join(lines))


def describe_programs(cmp: pd.DataFrame):
    """The cost-per-beneficiary comparison in words (Markdown): ranges by unit, like-for-like pairs."""
    if cmp.empty:
        return tables.say("**No report states a program with both spending and recipients**, so there is no cost "
                          "per beneficiary to compare: `compare_programs.csv` is written with its header only.")
    units = [u for u in UNIT_ORDER if u in set(cmp["beneficiary_unit"])]
    lines = [f"**{len(cmp)} program(s) from {cmp['doc_id'].nunique()} report(s).** Persons, households and "
             "person-times are compared apart, never ranked together."]
    if len(units) > 1:
        lines.append(f"- The programs count {', '.join(UNIT_WORDS[u] for u in units)}: each unit is a separate "
                     "comparison in the table and the plot.")
    for u in units:
        g = cmp[(cmp["beneficiary_unit"] == u) & cmp["cny_per_beneficiary_year"].notna()]
        if g.empty:
            lines.append(f"- {UNIT_WORDS[u]}: no program with a period, so no per-year cost.")
            continue
        lo, hi = g.loc[g["cny_per_beneficiary_year"].idxmin()], g.loc[g["cny_per_beneficiary_year"].idxmax()]
        lines.append(f"- {UNIT_WORDS[u]}: {len(g)} program(s) from {g['doc_id'].nunique()} report(s), "
                     f"{tables.fmt_number(lo.cny_per_beneficiary_year)} CNY ({lo.program}, `{lo.doc_id}`) to "
                     f"{tables.fmt_number(hi.cny_per_beneficiary_year)} CNY ({hi.program}, `{hi.doc_id}`) per year.")
    peers = cmp[cmp["peer_reports"] != ""]
    if len(peers):
        lines.append("- Like for like (a shared program family, the same unit, several reports): "
                     + "; ".join(f"{r.program} (`{r.doc_id}`) {tables.fmt_number(r.cny_per_beneficiary_year)}"
                                 for r in peers.itertuples(index=False)) + ".")
    else:
        lines.append("- No program family appears in more than one report in the same unit: the rows describe "
                     "different benefits, not the same benefit in different places.")
    if (cmp["years"].fillna(0) > 1).any():
        lines.append("- Counts over several years may add up yearly recipients (see `notes`): per beneficiary-year "
                     "may understate the yearly transfer.")
    return tables.say("\n".join(lines))


def describe_standards(cmp: pd.DataFrame):
    """The standards comparison in words (Markdown): growth by report, floors, deflators."""
    if cmp.empty:
        return tables.say("**No report states a benefit standard as a change**, so there are no growth rates to "
                          "compare: `compare_standards.csv` is written with its header only.")
    lines = [f"**{len(cmp)} standard(s) from {cmp['doc_id'].nunique()} report(s).** Every rate is a *two-point* "
             "CAGR: it joins a base and a final level and says nothing of the years between."]
    for doc_id, g in cmp.groupby("doc_id", sort=True):
        real = g["cagr_real"].dropna()
        lines.append(f"- `{doc_id}`: {len(g)} standard(s), nominal {tables.fmt_pct(g['cagr'].min())} to "
                     f"{tables.fmt_pct(g['cagr'].max())} a year"
                     + (f", real {tables.fmt_pct(real.min())} to {tables.fmt_pct(real.max())}" if len(real)
                        else ", no real rate (CPI not covered)") + ".")
    peers = cmp[cmp["peer_reports"] != ""]
    if len(peers):
        lines.append("- The same family in several reports: " + "; ".join(
            f"{r.program} (`{r.doc_id}`, {r.base_year}→{r.final_year}) {tables.fmt_pct(r.cagr)}"
            for r in peers.itertuples(index=False)) + ".")
    if cmp["notes"].str.contains("another price index").any():
        lines.append("- **Different deflators:** some reports' runs used different price indices for the same years "
                     "(see `notes`); their real rates are not on one footing.")
    floors = cmp[(cmp["base_qualifier"] == "at_least") | (cmp["final_qualifier"] == "at_least")]
    if len(floors):
        lines.append(f"- {len(floors)} standard(s) are floors (不低于): the growth of a minimum.")
    return tables.say("\n".join(lines))


def describe_goals(cmp: pd.DataFrame):
    """The goal-shares comparison in words (Markdown): which reports have shares, mixed periods."""
    if cmp.empty:
        return tables.say("**No report's figures mention a goal**, so there are no goal shares to compare: "
                          "`compare_goals.csv` is written with its header only.")
    with_total = sorted(set(cmp.loc[cmp["total_spending_cny"].notna(), "doc_id"]))
    shares = cmp[cmp["share_of_total"].notna()]
    lines = [f"**Goals of {cmp['doc_id'].nunique()} report(s)**; shares are of each report's own stated total, "
             f"which {len(with_total)} of them state ({_names(with_total)})."]
    for doc_id, g in shares.groupby("doc_id", sort=True):
        item = g["itemised_share"].iloc[0]
        lines.append(f"- `{doc_id}`: itemised {tables.fmt_pct(item, 1)} of its total: "
                     + ", ".join(f"{r.goal_en} {tables.fmt_pct(r.share_of_total, 1)}" for r in g.itertuples(index=False))
                     + (f"; {tables.fmt_pct(g['unitemised_share'].iloc[0], 1)} not itemised" if g["unitemised_share"].iloc[0] >= 0
                        else "; the items exceed the total") + ".")
    if cmp["notes"].str.contains("mixes periods").any():
        lines.append("- Some shares set spending of one period against a total of another (see `notes`).")
    if shares.empty:
        lines.append("- No report has both a stated total and spending itemised by goal: no share to compare.")
    return tables.say("\n".join(lines))
