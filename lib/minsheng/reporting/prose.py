"""Prose about the analyses' results, for the notebooks: Markdown a researcher reads.

Every function takes what an analysis returned and says in words what it shows
and what it cannot show. They compute nothing new; the numbers come from the
analysis tables, formatted by :mod:`minsheng.formatting`.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from minsheng.analysis import compare, models, reference
from minsheng.formatting import fmt_cny, fmt_number, fmt_pct, is_number


def say(text: str):
    """``text`` as Markdown for a notebook (``IPython.display.Markdown``)."""
    from IPython.display import Markdown

    return Markdown(text)


def show_or_say(df: pd.DataFrame, message: str):
    """``df`` if it has rows, else ``message`` as Markdown: an empty table says why in words."""
    return df if len(df) else say(message)



def describe_programs(programs: pd.DataFrame):
    """What the programs table says, in words for a notebook (Markdown).

    Parameters
    ----------
    programs : pandas.DataFrame
        From :func:`programs_table`.

    Returns
    -------
    IPython.display.Markdown
        The number of programs, which count person-times, the range of cost per
        beneficiary-year and the checks against standards; or a sentence saying
        the report states no spending together with its recipients.
    """
    if programs.empty:
        return say(
            "**The report states no program with both what was spent and who received it in one sentence**, "
            "so no cost per beneficiary can be computed: `programs.csv` is written with its header only, "
            "no plot is drawn and no model is fitted."
        )
    lines = [f"**{len(programs)} program(s)** state both spending and recipients."]
    pt = programs[programs["beneficiary_unit"] == "person_time"]
    if len(pt):
        lines.append(f"- {len(pt)} count person-times (人次), not people: {', '.join(pt['program'])}. "
                     "Their cost is per service event.")
    hh = programs[programs["beneficiary_unit"] == "household"]
    if len(hh):
        lines.append(f"- {len(hh)} count households: {', '.join(hh['program'])}.")
    def rng(values) -> str:
        lo, hi = fmt_number(values.min()), fmt_number(values.max())
        return lo if lo == hi else f"{lo}–{hi}"

    for unit, word in (("person", "person"), ("household", "household")):
        g = programs[programs["beneficiary_unit"] == unit]
        low, high = g["cny_per_beneficiary_year_low"].dropna(), g["cny_per_beneficiary_year_high"].dropna()
        if len(low):
            lines.append(f"- Cost per {word}-year (programmes counting {word}s only): "
                         f"{rng(low)} CNY read as the same recipients every year, "
                         f"{rng(high)} CNY read as each year's recipients added "
                         "up (the same for one year's recipients).")
    if len(pt):
        lines.append(f"- Cost per person-time: {rng(pt['cny_per_beneficiary'])} CNY; never divided by years.")
    other = programs[programs["time_base"].isin(("part_year", "cumulative", "unknown"))]
    for r in other.itertuples(index=False):
        why = {"part_year": f"covers {r.months} months of {r.period}", "cumulative": "is cumulative (累计/截至…) of "
               "unknown span", "unknown": "has no stated period"}[r.time_base]
        lines.append(f"- {r.program} {why}: {fmt_number(r.cny_per_beneficiary)} CNY per recipient over it, "
                     "no per-year cost.")
    multi = programs[programs["time_base"] == "years"]
    if len(multi):
        lines.append(f"- {len(multi)} count recipients over several years; the report does not say whether these are "
                     "distinct people or yearly recipients added up, so both readings are given (`_low`, `_high`).")
    checked = programs[(programs["standard_check"] != "") | (programs["standard_check_recipient_years"] != "")]
    for r in checked.itertuples(index=False):
        parts = []
        if r.standard_check:
            parts.append(f"one year's or the same recipients: **{r.standard_check}**")
        if r.standard_check_recipient_years:
            parts.append(f"read as recipient-years ({fmt_number(r.cny_per_beneficiary)} CNY per "
                         f"{r.beneficiary_unit.replace('_', '-')}): **{r.standard_check_recipient_years}**")
        weak = " Weak: a 低保 standard is an income line, any transfer up to it agrees." if r.standard_kind == "threshold" else ""
        lines.append(f"- Check against the stated standard ({r.standard_figure_ids.replace(';', ', ')}) for {r.program}: "
                     f"{'; '.join(parts)}; fits: {r.standard_fit or '–'}.{weak}")
    rounds = programs[programs["flags"].str.contains("round_amount")]
    for r in rounds.itertuples(index=False):
        lines.append(f"- {r.program}: {fmt_number(r.cny_per_beneficiary)} CNY per recipient is a round amount "
                     f"({r.round_reading.replace(';', ', ')}): a fixed payment per counted recipient.")
    if checked.empty:
        lines.append("- No program has a stated per-person standard of the same family to check against.")
    return say("\n".join(lines))


def describe_goals(goals: pd.DataFrame, tot: dict):
    """What the goals table and the totals say, in words for a notebook (Markdown).

    Parameters
    ----------
    goals : pandas.DataFrame
        From :func:`goals_table`.
    tot : dict
        From :func:`totals`.

    Returns
    -------
    IPython.display.Markdown
    """
    lines = []
    t = tot["total_spending_cny"]
    if t is None:
        lines.append("**The report states no total of livelihood spending**, so no share of a total and no "
                     "unitemised remainder can be given; `share_of_total` is empty.")
    else:
        lines.append(f"**Stated total** ({tot['total_figure_id']}, period {tot['total_period'] or 'not stated'}): "
                     f"{fmt_cny(t)}.")
    item = tot["itemised_spending_cny"]
    if item is None:
        lines.append("- The report itemises **no livelihood spending by goal**.")
    else:
        lines.append(f"- Itemised by goal, without double counting: {fmt_cny(item)}"
                     + (f", {fmt_pct(tot['itemised_share'], 1)} of the total." if tot["itemised_share"] is not None else "."))
    if t is not None:
        rem = tot["unitemised_cny"]
        if rem is not None and rem < 0:
            lines.append(f"- The itemised amounts **exceed** the stated total by {fmt_cny(-rem)}: they are not all "
                         "part of it (different scope or period); shares above 100 % in sum are not meaningful.")
        else:
            lines.append(f"- Not itemised: {fmt_cny(rem)} of the total is not broken down by goal in the report.")
    if tot["outside_scope_cny"] is not None:
        lines.append(f"- Outside livelihood-project money (budget totals such as a district's whole health expenditure): "
                     f"{fmt_cny(tot['outside_scope_cny'])}, shown apart in `outside_scope_cny` and never added.")
    if tot["double_counted_cny"] is not None:
        lines.append(f"- Left out as double counting: {fmt_cny(tot['double_counted_cny'])} (see `notes`).")
    if tot["population"] is None:
        lines.append("- The report states no population served: no spending per resident.")
    else:
        bound = " (an upper bound: the population is stated as a minimum)" if tot["population_qualifier"] in ("more_than", "at_least") else ""
        per = tot["spending_per_resident_cny"]
        if per is None:
            lines.append(f"- Population served: {fmt_number(tot['population'])} ({tot['population_figure_id']}); "
                         "no stated total to divide.")
        else:
            per_y = tot["spending_per_resident_year_cny"]
            lines.append(f"- Population served: {fmt_number(tot['population'])} ({tot['population_figure_id']}): "
                         f"{fmt_number(per)} CNY per resident"
                         + (f", {fmt_number(per_y)} CNY per resident-year" if per_y is not None else "")
                         + f"{bound}.")
    if tot["n_overall_spending_figures"]:
        lines.append(f"- {tot['n_overall_spending_figures']} other spending figure(s) for all projects were not used as the total.")
    if goals.empty:
        lines.append("\nThe report's figures mention no goal, so `goals.csv` is written with its header only.")
    return say("\n".join(lines))


def describe_standards(standards: pd.DataFrame, cpi: pd.DataFrame | None = None):
    """What the standards table says, in words for a notebook (Markdown).

    Parameters
    ----------
    standards : pandas.DataFrame
        From :func:`standards_table`.
    cpi : pandas.DataFrame, optional
        The deflator used, to name the years it covers.

    Returns
    -------
    IPython.display.Markdown
        One line per standard (nominal and real two-point CAGR), or a sentence
        saying that the report states no change of a standard.
    """
    if standards.empty:
        return say(
            "**The report states no benefit standard as a change from one level to another** "
            "(由/从 … 提高到 …), so there is no growth to compute: `standards.csv` is written "
            "with its header only and no plot is drawn."
        )
    lines = [f"**{len(standards)} benefit standard(s)** stated as a change. Growth rates are "
             "*two-point* CAGRs: they join the base and final levels and say nothing of the years between."]
    for r in standards.itertuples(index=False):
        name = f"{r.program} ({r.program_en})" if r.program_en else r.program
        yearly = ""
        if r.unit_norm == "CNY/person/month":
            yearly = f" (×12: {fmt_number(r.base_cny_per_year)} → {fmt_number(r.final_cny_per_year)} CNY/person/year)"
        when = f"{r.base_year if not pd.isna(r.base_year) else '?'} → {r.final_year if not pd.isna(r.final_year) else '?'}"
        real = (f"real {fmt_pct(r.cagr_real)} a year" if is_number(r.cagr_real)
                else "real rate not computed (CPI does not cover the years)" if cpi is not None
                else "no deflator")
        lines.append(f"- {name}: {fmt_number(r.base_value)} → {fmt_number(r.final_value)} {r.unit_norm}"
                     f"{yearly}, {when}: ×{fmt_number(r.ratio, 3)}, nominal {fmt_pct(r.cagr)} a year, {real}.")
    floors = standards[(standards["base_qualifier"] != "exact") | (standards["final_qualifier"] != "exact")]
    if len(floors):
        lines.append(f"\n{len(floors)} standard(s) are stated as floors (不低于): their growth is the growth of a minimum.")
    if cpi is not None:
        lines.append(f"\nDeflator years: {reference.covered_years(cpi)}.")
    return say("\n".join(lines))


def describe_metrics(metrics: dict):
    """The few metrics a reader needs first, in words (Markdown), saying which are missing and why."""
    lines = []
    t = metrics.get("total_spending_cny")
    if t is None:
        lines.append("- No stated total: no share, remainder or spending per resident.")
    else:
        lines.append(f"- Stated total {fmt_cny(t)}; itemised by goal {fmt_pct(metrics['itemised_share'], 1)}.")
    if metrics.get("spending_per_resident_cny") is not None:
        lines.append(f"- {fmt_number(metrics['spending_per_resident_cny'])} CNY per resident"
                     + (f", {fmt_number(metrics['spending_per_resident_year_cny'])} per resident-year"
                        if metrics.get("spending_per_resident_year_cny") is not None else "") + ".")
    lines.append(f"- {metrics['n_programs']} program(s) with spending and recipients, "
                 f"{metrics['n_standards']} standard(s) stated as a change.")
    return say("**Headline metrics**\n" + "\n".join(lines))


def describe_model(fit, programs: pd.DataFrame, alpha: float = 0.05):
    """What the model can and cannot tell, in words for a notebook (Markdown).

    Parameters
    ----------
    fit : RegressionResultsWrapper or None
        From :func:`fit_spending_on_beneficiaries`.
    programs : pandas.DataFrame
        ``programs.csv``.
    alpha : float, default 0.05
        1 - confidence level quoted.

    Returns
    -------
    IPython.display.Markdown
    """
    if fit is None:
        reason = models.why_no_model(programs) or "no fit was given"
        return say(f"**No model.** {reason[0].upper() + reason[1:]}.")
    coef = models.coefficients(fit, alpha).set_index("term")
    b = coef.loc["log_beneficiaries"]
    d = models.model_data(programs)
    units = sorted(set(d["beneficiary_unit"]))
    level = f"{(1 - alpha) * 100:.0f} %"
    has0, has1 = b.ci_low <= 0 <= b.ci_high, b.ci_low <= 1 <= b.ci_high
    if has0 and has1:
        reading = ("the interval contains both 1 (spending in proportion to recipients) and 0 (no relation): "
                   "these programs cannot tell the two apart")
    elif has1:
        reading = "the interval contains 1: spending in proportion to recipients is compatible with these programs"
    elif has0:
        reading = "the interval contains 0: these programs show no clear relation between recipients and spending"
    elif b.ci_high < 1:
        reading = "the interval lies between 0 and 1: spending grows less than in proportion to recipients here"
    else:
        reading = "the interval lies above 1: spending grows more than in proportion to recipients here"
    lines = [
        f"**Log spending on log beneficiaries, OLS over n = {int(fit.nobs)} programs.** Slope "
        f"{b.estimate:.2f} ({level} CI {b.ci_low:.2f} to {b.ci_high:.2f}), R² = {fit.rsquared:.2f}.",
        f"- *What it can tell:* across the programs of this report, 1 % more recipients goes with about "
        f"{b.estimate:.2f} % more spending; {reading}.",
        f"- *What it cannot tell:* n = {int(fit.nobs)} is tiny, so the interval is wide and rests on normal, "
        "independent errors that so few points cannot check. The programs pay different kinds of benefit, "
        "so the slope describes this mix, not a cost function; it is not causal "
        "and predicts nothing for other programs or districts.",
    ]
    if len(units) > 1:
        lines.append(f"- The counts mix units ({', '.join(units)}): person-times are service events, not people, "
                     "which moves those points along the x axis by an unknown factor.")
    if not math.isfinite(float(b.estimate)):
        lines.append("- The slope is not finite: the data do not support a line.")
    return say("\n".join(lines))


def describe_fit_across_reports(fit, points: pd.DataFrame, loo: pd.DataFrame | None = None, alpha: float = 0.05):
    """What the fixed-effects slope across reports can and cannot tell, in words (Markdown).

    Parameters
    ----------
    fit : minsheng.analysis.models.FixedEffectsFit or None
        From :func:`minsheng.analysis.models.fit_fixed_effects`.
    points : pandas.DataFrame
        :func:`minsheng.analysis.models.comparable_points` (used or not, and why).
    loo : pandas.DataFrame, optional
        :func:`minsheng.analysis.models.leave_one_out`: the range of slopes it gives is quoted.
    alpha : float, default 0.05
        1 - confidence level quoted.
    """
    n_all, used = len(points), points[points["used"]] if len(points) else points
    dropped = points[~points["used"]] if len(points) else points
    why_counts = dropped["why_not"].map(lambda w: w.split(":")[0]).value_counts() if len(dropped) else None
    left_out = ("; ".join(f"{v} × {k}" for k, v in why_counts.items()) if why_counts is not None and len(why_counts)
                else "none")
    if fit is None:
        reason = models.why_no_fixed_effects(points) or "no fit was given"
        return say(f"**No model across reports.** {reason[0].upper() + reason[1:]}. Programs left out of any model: "
                   f"{left_out}.")
    level = f"{(1 - alpha) * 100:.0f} %"
    per_report = used.groupby("doc_id").size()
    if fit.ci_low is not None:
        interval = f"{level} interval {fit.ci_low:.2f} to {fit.ci_high:.2f} ({fit.interval}, by report)"
    else:
        interval = f"no interval: {fit.why_no_interval}"
    lines = [
        f"**Log spending on log recipients within reports (one intercept per report and time base), "
        f"n = {fit.n} of {n_all} programs from {fit.n_reports} reports** "
        f"({', '.join(f'{k}: {v}' for k, v in per_report.items())}; {fit.n_cells} report-and-time-base groups). "
        f"Slope {fit.slope:.2f}; {interval}; within R² = {fit.r_squared_within:.2f}.",
        f"- *Left out:* {left_out}.",
        f"- *What it can tell:* between programs of one report, period and unit, 1 % more recipients goes with about "
        f"{fit.slope:.2f} % more spending. A report's size, prices, period length and way of counting are the same "
        "for its programs and cancel, so deflating does not change the slope.",
        "- *What it cannot tell:* the programs pay different kinds of benefit, so the slope describes this mix, not "
        "a cost function; it is not causal and predicts nothing for other programs or places. Points of one report "
        "are not independent: the interval (where there is one) treats reports, not programs, as the independent "
        "units, and with few reports there is none.",
    ]
    if loo is not None and len(loo):
        prog = loo[(loo["left_out"] == "program") & loo["slope"].notna()]
        rep = loo[(loo["left_out"] == "report")]
        if len(prog):
            lines.append(f"- *Leave one out:* dropping one program moves the slope between {prog['slope'].min():.2f} "
                         f"and {prog['slope'].max():.2f}"
                         + (f"; dropping one report, between {rep['slope'].min():.2f} and {rep['slope'].max():.2f}"
                            if rep["slope"].notna().any() else "; with any one report dropped no model is left")
                         + ". A wide range says the slope rests on one or two points.")
        else:
            lines.append("- *Leave one out:* with any one program left out too few comparisons remain for a model, "
                         "and with any one report dropped no model is left: the slope rests on every one of these "
                         "points.")
    units = sorted(set(used["beneficiary_unit"]))
    if len(units) > 1:
        lines.append(f"- The fit holds several units ({', '.join(units)}), each in its own groups: person-times are "
                     "service events, not people, and only compared with person-times of the same report.")
    return say("\n".join(lines))


def describe_comparison(stacked: dict[str, pd.DataFrame]):
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
        return say("**No report folder** (a subfolder holding `figures.csv`) was found, so there is nothing "
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
    return say("\n".join(lines))


def describe_compared_programs(cmp: pd.DataFrame):
    """The cost-per-beneficiary comparison in words (Markdown): ranges by unit, like-for-like pairs."""
    if cmp.empty:
        return say("**No report states a program with both spending and recipients**, so there is no cost "
                          "per beneficiary to compare: `compare_programs.csv` is written with its header only.")
    units = [u for u in compare.UNIT_ORDER if u in set(cmp["beneficiary_unit"])]
    lines = [f"**{len(cmp)} program(s) from {cmp['doc_id'].nunique()} report(s).** Persons, households and "
             "person-times are compared apart, never ranked together."]
    if len(units) > 1:
        lines.append(f"- The programs count {', '.join(compare.UNIT_WORDS[u] for u in units)}: each unit is a separate "
                     "comparison in the table and the plot.")
    for u in units:
        g = cmp[cmp["beneficiary_unit"] == u]
        if u == "person_time":
            lo, hi = g.loc[g["cny_per_beneficiary"].idxmin()], g.loc[g["cny_per_beneficiary"].idxmax()]
            lines.append(f"- {compare.UNIT_WORDS[u]}: {len(g)} program(s) from {g['doc_id'].nunique()} report(s), "
                         f"{fmt_number(lo.cny_per_beneficiary)} CNY ({lo.program}, `{lo.doc_id}`) to "
                         f"{fmt_number(hi.cny_per_beneficiary)} CNY ({hi.program}, `{hi.doc_id}`) per person-time "
                         "(one event each: never per year).")
            continue
        one = g[g["time_base"] == "year"]
        many = g[g["time_base"] == "years"]
        if one.empty and many.empty:
            lines.append(f"- {compare.UNIT_WORDS[u]}: no program counted over a stated year or years, so no "
                         "per-year cost.")
            continue
        parts = []
        if len(one):
            lo, hi = one.loc[one["cny_per_beneficiary_year"].idxmin()], one.loc[one["cny_per_beneficiary_year"].idxmax()]
            parts.append(f"one year's recipients {fmt_number(lo.cny_per_beneficiary_year)} CNY ({lo.program}, "
                         f"`{lo.doc_id}`) to {fmt_number(hi.cny_per_beneficiary_year)} CNY ({hi.program}, "
                         f"`{hi.doc_id}`) per year")
        if len(many):
            parts.append("counts over several years " + ", ".join(
                f"{r.program} (`{r.doc_id}`) {fmt_number(r.cny_per_beneficiary_year_low)}–"
                f"{fmt_number(r.cny_per_beneficiary_year_high)} CNY" for r in many.itertuples(index=False))
                + " per recipient-year (the same people every year – each year's recipients added up)")
        lines.append(f"- {compare.UNIT_WORDS[u]}: {len(one) + len(many)} program(s) from "
                     f"{pd.concat([one, many])['doc_id'].nunique()} report(s); " + "; ".join(parts) + ".")
    peers = cmp[cmp["peer_reports"] != ""]
    if len(peers):
        lines.append("- Like for like (a shared program family, the same unit and time base, several reports): " + "; ".join(f"{r.program} (`{r.doc_id}`) {_cost_words(r)}"
                                                   for r in peers.itertuples(index=False)) + ".")
    else:
        lines.append("- No program family appears in more than one report in the same unit and on the same time "
                     "base: the rows describe different benefits, or one benefit counted over different spans "
                     "(one year, several years, months), not like for like.")
    if (cmp["time_base"] == "years").any():
        lines.append("- Counts over several years are given as a range: the report does not say whether the same "
                     "people were counted every year or each year's recipients were added up (see `notes`).")
    return say("\n".join(lines))


def _cost_words(r) -> str:
    """A programme's cost on its time base, in a few words."""
    if r.time_base == "year":
        return f"{fmt_number(r.cny_per_beneficiary_year)} a year"
    if r.time_base == "years":
        return f"{fmt_number(r.cny_per_beneficiary_year_low)}–{fmt_number(r.cny_per_beneficiary_year_high)} a year"
    if r.time_base == "person_time":
        return f"{fmt_number(r.cny_per_beneficiary)} per person-time"
    return f"{fmt_number(r.cny_per_beneficiary)} in all ({r.time_base}: no per-year cost)"


def describe_compared_standards(cmp: pd.DataFrame):
    """The standards comparison in words (Markdown): growth by report, floors, deflators."""
    if cmp.empty:
        return say("**No report states a benefit standard as a change**, so there are no growth rates to "
                          "compare: `compare_standards.csv` is written with its header only.")
    lines = [f"**{len(cmp)} standard(s) from {cmp['doc_id'].nunique()} report(s).** Every rate is a *two-point* "
             "CAGR: it joins a base and a final level and says nothing of the years between."]
    for doc_id, g in cmp.groupby("doc_id", sort=True):
        real = g["cagr_real"].dropna()
        lines.append(f"- `{doc_id}`: {len(g)} standard(s), nominal {fmt_pct(g['cagr'].min())} to "
                     f"{fmt_pct(g['cagr'].max())} a year"
                     + (f", real {fmt_pct(real.min())} to {fmt_pct(real.max())}" if len(real)
                        else ", no real rate (CPI not covered)") + ".")
    peers = cmp[cmp["peer_reports"] != ""]
    if len(peers):
        lines.append("- The same family in several reports: " + "; ".join(
            f"{r.program} (`{r.doc_id}`, {r.base_year}→{r.final_year}) {fmt_pct(r.cagr)}"
            for r in peers.itertuples(index=False)) + ".")
    if cmp["notes"].str.contains("another price index").any():
        lines.append("- **Different deflators:** some reports' runs used different price indices for the same years "
                     "(see `notes`); their real rates are not on one footing.")
    floors = cmp[(cmp["base_qualifier"] == "at_least") | (cmp["final_qualifier"] == "at_least")]
    if len(floors):
        lines.append(f"- {len(floors)} standard(s) are floors (不低于): the growth of a minimum.")
    return say("\n".join(lines))


def describe_compared_goals(cmp: pd.DataFrame):
    """The goal-shares comparison in words (Markdown): which reports have shares, mixed periods."""
    if cmp.empty:
        return say("**No report's figures mention a goal**, so there are no goal shares to compare: "
                          "`compare_goals.csv` is written with its header only.")
    with_total = sorted(set(cmp.loc[cmp["total_spending_cny"].notna(), "doc_id"]))
    shares = cmp[cmp["share_of_total"].notna()]
    lines = [f"**Goals of {cmp['doc_id'].nunique()} report(s)**; shares are of each report's own stated total, "
             f"which {len(with_total)} of them state ({_names(with_total)})."]
    for doc_id, g in shares.groupby("doc_id", sort=True):
        item = g["itemised_share"].iloc[0]
        lines.append(f"- `{doc_id}`: itemised {fmt_pct(item, 1)} of its total: "
                     + ", ".join(f"{r.goal_en} {fmt_pct(r.share_of_total, 1)}" for r in g.itertuples(index=False))
                     + (f"; {fmt_pct(g['unitemised_share'].iloc[0], 1)} not itemised" if g["unitemised_share"].iloc[0] >= 0
                        else "; the items exceed the total") + ".")
    if cmp["notes"].str.contains("mixes periods").any():
        lines.append("- Some shares set spending of one period against a total of another (see `notes`).")
    if shares.empty:
        lines.append("- No report has both a stated total and spending itemised by goal: no share to compare.")
    return say("\n".join(lines))


def _names(ids) -> str:
    ids = list(ids)
    return ", ".join(f"`{x}`" for x in ids) if ids else "none"


def describe_cpi_source(path: str | Path, cpi: pd.DataFrame):
    """Markdown for a notebook: which deflator is used, its years, and where it comes from.

    Parameters
    ----------
    path : str or pathlib.Path
        The deflator file.
    cpi : pandas.DataFrame
        The series read from it (:func:`load_cpi`).

    Returns
    -------
    IPython.display.Markdown
    """

    p = Path(path)
    row = reference.source_of(p)
    years = reference.covered_years(cpi)
    if row is None:
        return say(
            f"**Deflator:** `{p.name}`, covering {years}. It has **no entry in a `sources.csv` beside it**, "
            "so its origin is not documented here; real growth rates below rest on it."
        )
    return say(
        f"**Deflator:** `{p.name}`, covering {years}: {row.get('title', '')}, issued by {row.get('issuer', '')}. "
        f"Source: {row.get('citation', '')}. The file's sha256 matches `sources.csv`. "
        f"{('Note: ' + row['notes'] + '.') if row.get('notes') else ''}"
    )


def show_plot(plot):
    """A plot a step drew: the PNG (``IPython.display.Image``) or, where nothing was drawn, the reason as Markdown."""
    from IPython.display import Image

    if isinstance(plot, Path):
        return Image(filename=str(plot))
    return say(str(plot))


# --------------------------------------------------------------------------- panel (notebook 31)

def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def describe_panel_coverage(documents: pd.DataFrame, coverage) -> object:
    """Which places and periods the batch covers, and which reports stay out of the panel (Markdown)."""
    if documents is None or documents.empty:
        return say("**No panel:** no report folder has a `document.json`.")
    placed = documents[documents["place_code"].fillna("") != ""]
    by_place = placed.groupby("place_code", sort=True)
    lines = [f"**{_count(len(documents), 'report')}, {_count(len(coverage.places), 'place')}, "
             f"{_count(len(coverage.periods), 'period')}.** "
             + "; ".join(f"{g['place_name'].iloc[0]} ({code}): "
                         + ", ".join(sorted(str(p) for p in g["period"].fillna("") if p) or ["no period"])
                         for code, g in by_place) + "."]
    if coverage.unplaced:
        lines.append(f"- *Not in the panel* (no place code: the report names no place, or a name of several units; "
                     f"see `place_candidates`): {', '.join(coverage.unplaced)}.")
    same = placed[placed["same_place_period"].fillna("") != ""] if "same_place_period" in placed else placed.iloc[:0]
    if len(same):
        lines.append("- *Two or more reports of one place and period:* "
                     + "; ".join(sorted({" & ".join(sorted([d, *str(o).split(";")]))
                                        for d, o in zip(same["doc_id"], same["same_place_period"])}))
                     + ". Their common figures are side by side in `same_place_figures.csv` (notebook 30).")
    if not coverage.is_panel:
        lines.append("- With fewer than two places and two periods there is no panel: what follows is only what "
                     "one place's reports state, compared with no other place or report year.")
    return say("\n".join(lines))


def describe_same_place(same: pd.DataFrame) -> object:
    """Whether two reports of one place and period agree on their common figures (Markdown)."""
    if same is None or same.empty:
        return say("No two reports of one place and period share a figure (or no two reports are of one place "
                   "and period).")
    lines = []
    for (da, db), g in same.groupby(["doc_id", "other_doc_id"], sort=True):
        agree, differ = g[g["verdict"] == "agree"], g[g["verdict"] == "differ"]
        line = (f"**{da} and {db}** ({g['place_name'].iloc[0]}, {g['report_period'].iloc[0]}): "
                f"{len(agree)} common figure(s) agree, {len(differ)} differ")
        if len(differ):
            line += ": " + "; ".join(f"{r.program or r.metric} {r.text} against {r.other_text} "
                                     f"({r.relative_difference * 100:+.2f} %)" for r in differ.itertuples())
            line += ". Read both texts before using either figure: a news release may count on another date or round"
        lines.append(line + ".")
    return say("\n\n".join(lines))


def describe_panel_growth(growth: pd.DataFrame, levels: pd.DataFrame) -> object:
    """Each place's growth of each standard between its first and last stated years (Markdown)."""
    if levels is None or levels.empty:
        return say("**No standards by place:** no report with a place states a per-person standard of one year "
                   "(a level per person per year or month whose label names a programme of `lexicon/programs.csv`).")
    conflicts = levels[levels["conflict"].fillna("") != ""]
    lines = []
    if growth.empty:
        lines.append("No place states one standard in two different years, so no growth rate within a place.")
    for r in growth.itertuples():
        real = f", {fmt_pct(r.cagr_real)} real" if is_number(r.cagr_real) else ", no real rate (the CPI does not cover both years)"
        lines.append(f"- {r.place_name} ({r.place_code}), {r.standard}: {fmt_number(r.first_cny_per_year)} → "
                     f"{fmt_number(r.last_cny_per_year)} 元 a person a year, {r.first_year}–{r.last_year}: "
                     f"{fmt_pct(r.cagr)} a year nominal{real} ({r.n_years} stated years; {r.doc_ids})"
                     + (f". *{r.notes[0].upper() + r.notes[1:]}*." if r.notes else "."))
    if len(conflicts):
        lines.append(f"- *Reports disagree* on {len(conflicts)} level(s) (see `conflict`): those years stay out of "
                     "growth rates and the model.")
    lines.append("Each rate joins two stated levels, possibly from two reports; it says nothing of the years "
                 "between. Levels of different standards (农村低保 and 城市低保, or a threshold and a payment) are "
                 "never joined.")
    return say("\n".join(lines))


def describe_panel_fit(fits: dict, alpha: float = 0.05) -> object:
    """What the place fixed-effects model of each standard can and cannot tell, in words (Markdown)."""
    if not fits:
        return say("**No model across places:** no standard is stated by a report with a place.")
    lines = []
    level = f"{(1 - alpha) * 100:.0f} %"
    for word, (fit, why) in sorted(fits.items()):
        if fit is None:
            lines.append(f"**{word}: no model.** {why[0].upper() + why[1:]}.")
            continue
        interval = (f"{level} interval {fmt_pct(fit.ci_low)} to {fmt_pct(fit.ci_high)} ({fit.interval})"
                    if fit.ci_low is not None else f"no interval: {fit.why_no_interval}")
        lines.append(
            f"**{word}: log real level on year with one intercept per place (statsmodels OLS), n = {fit.n} levels "
            f"of {fit.n_places} places.** Common real growth within places {fmt_pct(fit.growth)} a year "
            f"(slope {fit.slope:.4f}); {interval}.\n"
            "- *What it can tell:* how fast the standard rose a year within a place, on average over these places, "
            "in constant prices; each place's own level cancels, so a rich county and a poor one compare by growth.\n"
            "- *What it cannot tell:* why; whether other places rose as fast (these are the places whose reports "
            "were collected); the years no report states (a straight line in logs is assumed). With few places "
            "one place moves it a lot, and points of one place are not independent.")
    return say("\n\n".join(lines))
