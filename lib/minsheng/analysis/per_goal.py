"""Spending per goal: ``goals.csv``, the 七有 goals against the report's stated total.

For each goal the report's figures mention, the table sums the spending
figures of that goal that do not double count, gives its share of the report's
stated total (the ``overall`` spending figure) and what it served: beneficiaries
by unit and the outputs built or done.

Which money is which:

- **Outside scope.** A figure whose program is a budget total such as
  全区医疗卫生支出 (the district's whole health expenditure) is not
  livelihood-project money. Its program words are in :data:`OUTSIDE_SCOPE_WORDS`;
  it is shown apart (``outside_scope_cny``) and never added to a livelihood sum.
- **Double counting.** Within a goal, a spending figure is not added when it
  restates another (same program, value and period), when it is one year of a
  multi-year figure of the same program, or when it is one of several figures
  that follow (or precede) another in the same sentence and add up to it (a
  breakdown such as 其中 …). What was left out is in ``double_counted_cny``.
- **The stated total.** It may or may not contain the itemised amounts; the
  remainder (total − itemised) is what the report does not itemise. A negative
  remainder means the itemised amounts exceed the total: they are not all part
  of it.
"""

from __future__ import annotations

import functools
import math
from contextlib import contextmanager

import pandas as pd

from minsheng import io, periods, schema
from minsheng.analysis import plausibility

#: Program words that mark money outside livelihood projects: budget totals by
#: function (the whole of a district's health, education or social-security
#: spending) and totals of the public budget (``lexicon/outside_scope.csv``).
OUTSIDE_SCOPE_WORDS: tuple[str, ...] = tuple(r["word"] for r in io.read_lexicon("outside_scope.csv"))

#: The goals of the vocabulary with their Chinese (七有) and English names, in table order (``lexicon/goals.csv``).
GOAL_NAMES: dict[str, tuple[str, str]] = {g["goal"]: (g["zh"], g["en"]) for g in schema.goals()}

#: Columns of :func:`counted_spending`.
SPENDING_STATUS_COLUMNS = ("doc_id", "figure_id", "goal", "program", "text", "value_norm", "period", "status", "reason")

#: Relative tolerance when a figure is checked as the sum of the figures that break it down.
SUM_TOLERANCE = 0.005

GOAL_TABLE = schema.table("goals")

OUTPUTS = schema.table("outputs")

_FIGURE_NEEDS = ("doc_id", "figure_id", "start", "text", "value_norm", "unit_norm", "unit_raw", "qualifier",
                 "period", "goal", "program", "program_en", "metric", "sentence")


_reused: dict | None = None  # inside reuse(): (function name, id(figures)) -> (figures, result)


@contextmanager
def reuse():
    """Within the block, :func:`totals`, :func:`counted_spending` and :func:`stated_total` are computed once
    for each figures frame they are given (the same object): for a caller that hands one frame to several
    functions, each of which asks for them again (a step, a report page: six calls of ``totals`` per report
    before). Each call still gets a result of its own (a copy); the frame must not change inside the block."""
    global _reused
    if _reused is not None:  # nested: the outer block's results serve
        yield
        return
    _reused = {}
    try:
        yield
    finally:
        _reused = None


def _once(fn):
    @functools.wraps(fn)
    def wrapper(figures):
        if _reused is None:
            return fn(figures)
        key = (fn.__name__, id(figures))
        hit = _reused.get(key)
        if hit is None or hit[0] is not figures:
            hit = _reused[key] = (figures, fn(figures))
        result = hit[1]
        return result.copy() if result is not None else None
    return wrapper


def sentence_key(figures: pd.DataFrame) -> str:
    """The column that tells a figure's sentence: ``sentence_start`` (version 2: ``sentence`` is cut
    to 200 characters around each figure, so two figures of a long sentence may show it differently),
    else ``sentence``."""
    return "sentence_start" if "sentence_start" in figures.columns else "sentence"


def outside_scope(program: str) -> bool:
    """True when ``program`` names money outside livelihood projects (:data:`OUTSIDE_SCOPE_WORDS`).

    Examples
    --------
    >>> outside_scope("医疗卫生支出"), outside_scope("孤儿生活保障补助")
    (True, False)
    """
    return any(w in (program or "") for w in OUTSIDE_SCOPE_WORDS)


_years = periods.years


def _rows(df: pd.DataFrame):
    """``df.itertuples(index=False)``, with no cost for an empty frame (pandas looks up every column
    for each call, whatever the rows: most of a goal's subsets are empty)."""
    return df.itertuples(index=False) if len(df) else iter(())


def _spending(figures: pd.DataFrame) -> pd.DataFrame:
    return figures[(figures["metric"] == "spending") & (figures["unit_norm"] == "CNY")]


def _overall(figures: pd.DataFrame) -> pd.DataFrame:
    cand = _spending(figures)
    return cand[(cand["goal"] == "overall") & ~cand["program"].map(outside_scope).astype(bool)]


def _status(figures: pd.DataFrame) -> pd.Series:
    return figures["status"] if "status" in figures.columns else pd.Series("actual", index=figures.index)


def _relation(figures: pd.DataFrame) -> pd.Series:
    return figures["relation"] if "relation" in figures.columns else pd.Series("", index=figures.index)


def _largest(cand: pd.DataFrame) -> dict | None:
    if cand.empty:
        return None
    key = cand.assign(_r=(_relation(cand) != "").astype(int),
                      _y=cand["period"].map(lambda p: _years(p) or 0), _i=range(len(cand)))
    best = key.sort_values(["_r", "_y", "value_norm", "_i"], ascending=[True, False, False, True]).iloc[0]
    return {k: best[k] for k in cand.columns}


@_once
def stated_total(figures: pd.DataFrame) -> dict | None:
    """The report's stated total of livelihood spending: its ``actual`` ``overall`` spending figure.

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table.

    Returns
    -------
    dict or None
        The figure's row as a dict, or ``None`` when the report states none.
        A planned total (计划投入; status ``planned``) is never the stated total
        (:func:`planned_total`), nor is a cumulative or to-date figure of unknown
        span. Where several are stated, one that is no part or restatement of
        another comes first, then the longest period, then the largest, then the
        first. Outside-scope figures (:func:`outside_scope`) are never the total.
    """
    schema.require_columns(figures, _FIGURE_NEEDS, "figures table")
    cand = _overall(figures)
    cand = cand[(_status(cand) != "planned")
                & ~pd.Series([plausibility.is_cumulative(r) for r in _rows(cand)],
                             index=cand.index, dtype=bool)]
    return _largest(cand)


def planned_total(figures: pd.DataFrame) -> dict | None:
    """The report's planned total (计划投入, 年度计划; ``overall`` spending with status ``planned``), or ``None``.

    Shown beside the stated (actual) total, never used as a denominator.
    """
    schema.require_columns(figures, _FIGURE_NEEDS, "figures table")
    cand = _overall(figures)
    return _largest(cand[_status(cand) == "planned"])


def population(figures: pd.DataFrame) -> dict | None:
    """The population the report says it serves: its ``population`` figure in persons.

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table.

    Returns
    -------
    dict or None
        The figure's row as a dict (an ``overall`` one first, then the first in
        the text), or ``None`` when the report states none.
    """
    schema.require_columns(figures, _FIGURE_NEEDS, "figures table")
    cand = figures[(figures["metric"] == "population") & (figures["unit_norm"] == "person")]
    if cand.empty:
        return None
    overall = cand[cand["goal"] == "overall"]
    row = (overall if len(overall) else cand).iloc[0]
    return {k: row[k] for k in cand.columns}


@_once
def counted_spending(figures: pd.DataFrame) -> pd.DataFrame:
    """Every spending figure of a goal, with whether it is added into the goal's sum and why not.

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table.

    Returns
    -------
    pandas.DataFrame
        The spending figures (CNY) whose goal is not ``overall``, columns
        :data:`SPENDING_STATUS_COLUMNS`: ``status`` is ``counted``,
        ``double_counted`` (a part or restatement of a counted figure: the
        figures table's ``part_of``/``same_as``, or the rules below),
        ``outside_scope``, ``planned`` (a plan, never added) or ``cumulative``
        (累计 or 截至… of unknown span, never added); ``reason`` says why a figure
        is not counted. A new frame; ``figures`` is not changed.
    """
    schema.require_columns(figures, _FIGURE_NEEDS, "figures table")
    spend = _spending(figures)
    spend = spend[spend["goal"] != "overall"].copy()
    spend["status"] = "counted"
    spend["reason"] = ""
    out_mask = spend["program"].map(outside_scope).astype(bool)
    spend.loc[out_mask, "status"] = "outside_scope"
    spend.loc[out_mask, "reason"] = "a budget total, not livelihood-project money"
    planned = (_status(figures).reindex(spend.index) == "planned") & ~out_mask
    spend.loc[planned, "status"] = "planned"
    spend.loc[planned, "reason"] = "a plan or target, not spending done"
    # every row as a tuple once (itertuples costs a column lookup per call, whatever the rows)
    tuples = dict(zip(spend.index, spend.itertuples(index=False)))
    cumulative = pd.Series([plausibility.is_cumulative(r) for r in tuples.values()],
                           index=spend.index, dtype=bool) & (spend["status"] == "counted")
    spend.loc[cumulative, "status"] = "cumulative"
    spend.loc[cumulative, "reason"] = "a cumulative (累计) or to-date (截至…) amount whose start is not stated"
    status = dict(zip(spend["figure_id"], spend["status"]))
    reason = dict(zip(spend["figure_id"], spend["reason"]))

    def drop(fid, why):
        if status[fid] == "counted":
            status[fid], reason[fid] = "double_counted", why

    # a part (其中) or a restatement of a figure that is itself counted, in any goal
    rel = _relation(figures).reindex(spend.index)
    parents = figures["parent_figure_id"].reindex(spend.index) if "parent_figure_id" in figures.columns else rel
    for r, relation, parent in zip(tuples.values(), rel, parents):
        if relation and status.get(parent) == "counted":
            drop(r.figure_id, f"part of {parent} (其中 …)" if relation == "part_of" else f"restates {parent}")
    for _goal, g in spend[spend["status"].isin(("counted", "double_counted"))].groupby("goal", sort=False):
        rows = [tuples[i] for i in g.index]
        # a restatement: same program, value and period
        for i, r in enumerate(rows):
            for q in rows[:i]:
                if status[q.figure_id] == "counted" and (q.program, q.value_norm, q.period) == (r.program, r.value_norm, r.period):
                    drop(r.figure_id, f"restates {q.figure_id}")
                    break
        # one year of a multi-year figure of the same program
        for r in rows:
            y = _years(r.period)
            if y != 1:
                continue
            for q in rows:
                span = q.period.split("-")
                if (q.figure_id != r.figure_id and q.program == r.program and status[q.figure_id] == "counted"
                        and len(span) == 2 and span[0] <= r.period <= span[1]):
                    drop(r.figure_id, f"one year of {q.figure_id} ({q.period})")
                    break
        # a breakdown: figures next to another in one sentence that add up to it
        for _s, sg in g.groupby(sentence_key(g), sort=False):
            seq = sorted((tuples[i] for i in sg.index), key=lambda r: r.start)
            for i, r in enumerate(seq):
                for run in (seq[i + 1:], list(reversed(seq[:i]))):
                    acc = 0.0
                    for k, q in enumerate(run, start=1):
                        acc += float(q.value_norm)
                        if k >= 2 and abs(acc - float(r.value_norm)) <= SUM_TOLERANCE * float(r.value_norm):
                            for part in run[:k]:
                                drop(part.figure_id, f"part of {r.figure_id}, which they add up to")
                            break
                        if acc > float(r.value_norm) * (1 + SUM_TOLERANCE):
                            break
    spend["status"] = spend["figure_id"].map(status)
    spend["reason"] = spend["figure_id"].map(reason)
    return spend[list(SPENDING_STATUS_COLUMNS)].reset_index(drop=True)


@_once
def totals(figures: pd.DataFrame) -> dict:
    """The report's totals: stated total, itemised and unitemised spending, scope, population.

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table.

    Returns
    -------
    dict
        ``total_spending_cny``, ``total_figure_id``, ``total_period``,
        ``total_years`` (empty for a part of a year), ``total_months`` (its
        months), ``planned_total_spending_cny`` and ``planned_total_figure_id``
        (a planned total beside it, never a denominator),
        ``itemised_spending_cny`` (the goals' counted spending),
        ``itemised_share`` (of the total), ``unitemised_cny`` (total − itemised),
        ``outside_scope_cny``, ``double_counted_cny``, ``population``,
        ``population_figure_id``, ``population_qualifier``,
        ``spending_per_resident_cny`` and ``spending_per_resident_year_cny``
        (the total over the population, and over the total's years; none per
        year for a part of a year), ``spending_per_resident_bound``
        (:func:`minsheng.analysis.plausibility.ratio_bound`),
        ``n_overall_spending_figures`` (other ``overall`` spending figures, not
        used). Numbers are ``None`` where the report does not state what they need.
    """
    total = stated_total(figures)
    plan = planned_total(figures)
    pop = population(figures)
    spend = counted_spending(figures)
    itemised = float(spend.loc[spend["status"] == "counted", "value_norm"].sum()) if (spend["status"] == "counted").any() else None
    outside = _spending(figures)
    outside = outside[outside["program"].map(outside_scope).astype(bool)]
    t = float(total["value_norm"]) if total else None
    t_years = _years(total["period"]) if total else None
    t_months = _months(total) if total else None
    p = float(pop["value_norm"]) if pop else None
    per_res = t / p if t is not None and p else None
    overall = _overall(figures)
    return {
        "total_spending_cny": t,
        "total_figure_id": total["figure_id"] if total else None,
        "total_period": total["period"] if total else None,
        "total_years": t_years if t_months is None else None,
        "total_months": t_months,
        "planned_total_spending_cny": float(plan["value_norm"]) if plan else None,
        "planned_total_figure_id": plan["figure_id"] if plan else None,
        "itemised_spending_cny": itemised,
        "itemised_share": itemised / t if itemised is not None and t else None,
        "unitemised_cny": t - (itemised or 0.0) if t is not None else None,
        "outside_scope_cny": float(outside["value_norm"].sum()) if len(outside) else None,
        "double_counted_cny": float(spend.loc[spend["status"] == "double_counted", "value_norm"].sum())
        if (spend["status"] == "double_counted").any() else None,
        "population": p,
        "population_figure_id": pop["figure_id"] if pop else None,
        "population_qualifier": pop["qualifier"] if pop else None,
        "spending_per_resident_cny": per_res,
        "spending_per_resident_bound": plausibility.ratio_bound(total["qualifier"], pop["qualifier"])
        if total and pop else None,
        "spending_per_resident_year_cny": per_res / t_years if per_res is not None and t_years and t_months is None
        else None,
        "n_overall_spending_figures": max(len(overall) - 1, 0),
    }


def _months(fig) -> int | None:
    """The months of a part-year figure (a dict or a row), else None."""
    get = fig.get if isinstance(fig, dict) else (lambda k, d=None: getattr(fig, k, d))
    if (get("period_kind", "") or "") != "part_year":
        return None
    m = get("months", None)
    return int(m) if m is not None and not pd.isna(m) else None


def _ids(df: pd.DataFrame) -> str:
    return ";".join(df["figure_id"])


def _sum_or_nan(s: pd.Series) -> float:
    return float(s.sum()) if len(s) else math.nan


def goals_table(figures: pd.DataFrame) -> pd.DataFrame:
    """``goals.csv``: one row per goal the report's figures mention (``overall`` excepted).

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`GOAL_TABLE`, goals in the order of :data:`GOAL_NAMES`; no
        rows when the report has no figure of any goal. ``figures`` is not changed.
    """
    schema.require_columns(figures, _FIGURE_NEEDS, "figures table")
    tot = totals(figures)
    spend = counted_spending(figures)
    t, pop = tot["total_spending_cny"], tot["population"]
    total = stated_total(figures)
    total_base = (total["period"], _months(total)) if total else None
    months_of = {r.figure_id: _months(r) for r in figures.itertuples(index=False)}
    outliers = set(plausibility.magnitude_outliers(figures)["figure_id"])
    qualifier_of = dict(zip(figures["figure_id"], figures["qualifier"]))
    # each goal's figures and spending, split once (a boolean mask per goal and status costs pandas' overhead each)
    figures_of = dict(tuple(figures.groupby("goal", sort=False)))
    no_spending = spend.iloc[0:0]
    spending_of = {goal: dict(tuple(g.groupby("status", sort=False))) for goal, g in spend.groupby("goal", sort=False)}
    rows = []
    for goal, (zh, en) in GOAL_NAMES.items():
        g_figs = figures_of.get(goal)
        if goal == "overall" or g_figs is None:
            continue
        by_status = spending_of.get(goal, {})
        counted, dropped, outside, planned, cumulative = (
            by_status.get(status, no_spending)
            for status in ("counted", "double_counted", "outside_scope", "planned", "cumulative"))
        notes = []
        amount = _sum_or_nan(counted["value_norm"])
        if counted.empty:
            notes.append("no livelihood spending itemised for this goal")
        periods = sorted(set(counted["period"]))
        bases = sorted({(p, months_of.get(fid)) for p, fid in zip(counted["period"], counted["figure_id"])},
                       key=lambda b: (b[0], b[1] or 0))
        months = {m for _p, m in bases}
        goal_months = months.pop() if len(months) == 1 else None
        years = _years(periods[0]) if len(periods) == 1 and not goal_months and len(bases) == 1 else None
        if len(bases) > 1:
            notes.append("spending figures of different periods ("
                         + ", ".join(_base_words(b) for b in bases) + "): no per-year amount")
        share = amount / t if t and not math.isnan(amount) else math.nan
        if t is not None and len(bases) and set(bases) != {total_base}:
            share = math.nan
            notes.append(f"the stated total covers {_base_words(total_base)}, this goal's spending "
                         f"{', '.join(_base_words(b) for b in bases)}: no share (a part of a year or another period "
                         "is never set against the total unscaled)")
        for r in _rows(dropped):
            notes.append(f"{r.figure_id} ({r.text}) not added: {r.reason}")
        for fid in counted["figure_id"]:
            if fid in outliers:
                notes.append(f"{fid} is an order of magnitude off its neighbours: probably a typo in the source, "
                             "added as stated (not corrected)")
        for r in _rows(planned):
            notes.append(f"{r.figure_id} ({r.text}) is planned, not spent: shown in planned_cny, never added")
        for r in _rows(cumulative):
            notes.append(f"{r.figure_id} ({r.text}) is cumulative of unknown span: shown in cumulative_cny, never added")
        for r in _rows(outside):
            notes.append(f"{r.figure_id} {r.program} {r.text} is outside livelihood-project money (a budget total): "
                         "shown in outside_scope_cny, never added")
        if t is None and len(counted):
            notes.append("the report states no actual total: no share"
                         + (" (a planned total is never the denominator)" if tot["planned_total_spending_cny"] else ""))
        per_res = amount / pop if pop and not math.isnan(amount) else math.nan
        res_bound = ""
        if pop and not math.isnan(amount):
            quals = set(counted["figure_id"].map(qualifier_of))
            bounds = {plausibility.ratio_bound(q, tot["population_qualifier"]) for q in quals}
            res_bound = bounds.pop() if len(bounds) == 1 else "unknown"
            if res_bound == "upper" and tot["population_qualifier"] in ("more_than", "at_least"):
                notes.append("the population is stated as a minimum (多/以上): per-resident amounts are upper bounds")
            elif res_bound != "exact":
                notes.append(f"per-resident amounts are {plausibility.BOUND_WORDS[res_bound]}")
        ben = g_figs[(g_figs["metric"] == "beneficiaries") & (_status(g_figs) != "planned")
                     & (_relation(g_figs) == "")]
        ben = ben[pd.Series([not plausibility.is_cumulative(r) for r in _rows(ben)],
                            index=ben.index, dtype=bool)]
        by_unit = {u: _sum_or_nan(ben.loc[ben["unit_norm"] == u, "value_norm"]) for u in ("person", "person_time", "household")}
        if (ben["unit_norm"] == "person_time").any():
            notes.append("beneficiaries in person-times are service events, not people")
        if len(ben) > 1:
            notes.append("beneficiary sums may count one person in several programs")
        outs = g_figs[g_figs["metric"] == "output"]
        rows.append({
            "doc_id": g_figs["doc_id"].iloc[0], "goal": goal, "spending_cny": amount, "share_of_total": share,
            "n_figures": len(g_figs), "goal_zh": zh, "goal_en": en, "n_spending_figures": len(counted),
            "spending_figure_ids": _ids(counted),
            "double_counted_cny": _sum_or_nan(dropped["value_norm"]), "double_counted_figure_ids": _ids(dropped),
            "outside_scope_cny": _sum_or_nan(outside["value_norm"]), "outside_scope_figure_ids": _ids(outside),
            "periods": ";".join(periods), "years": years,
            "cny_per_resident": per_res,
            "cny_per_resident_year": per_res / years if years and not math.isnan(per_res) else math.nan,
            "beneficiaries_person": by_unit["person"], "beneficiaries_person_time": by_unit["person_time"],
            "beneficiaries_household": by_unit["household"],
            "n_outputs": len(outs), "outputs": "; ".join(f"{r.program} {r.text}".strip() for r in _rows(outs)),
            "notes": "; ".join(notes),
            "months": goal_months, "planned_cny": _sum_or_nan(planned["value_norm"]),
            "planned_figure_ids": _ids(planned), "cumulative_cny": _sum_or_nan(cumulative["value_norm"]),
            "cumulative_figure_ids": _ids(cumulative), "cny_per_resident_bound": res_bound,
        })
    if not rows:
        return GOAL_TABLE.empty()
    return schema.typed(pd.DataFrame(rows), GOAL_TABLE, "goals table")


def _base_words(base) -> str:
    if base is None:
        return "no period"
    period, months = base
    return f"{period or 'no period'}" + (f" ({months} months)" if months else "")


def outputs_table(figures: pd.DataFrame) -> pd.DataFrame:
    """The outputs per goal (things built, done, trained) as the report states them.

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`OUTPUTS`, one row per ``output`` figure, goals in
        the order of :data:`GOAL_NAMES`. Outputs are listed, never summed: two
        counts of one program may be nested (households started, households completed).
    """
    schema.require_columns(figures, _FIGURE_NEEDS, "figures table")
    outs = figures[figures["metric"] == "output"]
    if outs.empty:
        return OUTPUTS.empty()
    order = {g: i for i, g in enumerate(GOAL_NAMES)}
    outs = outs.assign(goal_zh=outs["goal"].map(lambda g: GOAL_NAMES.get(g, ("", ""))[0]),
                       _o=outs["goal"].map(lambda g: order.get(g, len(order))), _i=range(len(outs)))
    outs = outs.sort_values(["_o", "_i"])
    return schema.typed(outs, OUTPUTS, "outputs table")
