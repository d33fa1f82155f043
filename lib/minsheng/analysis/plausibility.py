"""Checks a researcher makes before trusting a ratio: bounds from qualifiers, round amounts, typos.

Nothing here corrects a figure. Each check says what it saw, and the tables
carry that as a column or a note:

- :func:`ratio_bound`: a ratio whose numerator or denominator is stated as a
  minimum (多, 余, 以上, 超过) or a maximum (不足, 以下) is a bound, not a value.
  ``70多万`` residents make a spending per resident an upper bound.
- :func:`is_round`: an implied amount per recipient that is a whole multiple of
  :data:`ROUND_STEP` yuan (552.9万元 / 5529 persons = 1,000 元) looks like a
  fixed payment per recipient, which says which time base the count has.
- :func:`magnitude_outliers`: a figure ten times larger or smaller than the
  median of its neighbours (figures of the same programme, metric and unit in
  one sentence, or in distinct years): probably a typo in the source.
"""

from __future__ import annotations

import math
import statistics

import pandas as pd

from minsheng import formatting, periods, schema

#: An implied amount is "round" when it is a whole multiple of this many yuan (to within a fen).
ROUND_STEP = 10.0

#: A figure at least this many times larger (or smaller) than its neighbours' median is flagged.
MAGNITUDE = 10.0

#: Fewest figures in a group of neighbours (the figure with at least two others).
MIN_NEIGHBOURS = 3

#: Metrics whose figures are compared with their neighbours.
OUTLIER_METRICS = ("spending", "beneficiaries", "output", "standard")

OUTLIERS = schema.table("magnitude_outliers")

_LOWER = ("more_than", "at_least")
_UPPER = ("less_than", "at_most")


def _direction(qualifier: str, numerator: bool) -> str:
    q = qualifier or "exact"
    if q in _LOWER:
        return "lower" if numerator else "upper"
    if q in _UPPER:
        return "upper" if numerator else "lower"
    return "approx" if q == "approx" else "exact"


def ratio_bound(numerator_qualifier: str, denominator_qualifier: str) -> str:
    """What a ratio of two qualified figures is: ``exact``, ``lower``, ``upper``, ``approx`` or ``unknown``.

    A numerator stated as a minimum (``more_than``, ``at_least``) makes the ratio a
    lower bound (the true ratio is at least this); a denominator stated as a minimum
    makes it an upper bound; a maximum (``less_than``, ``at_most``) the other way
    round. Two bounds pointing opposite ways give ``unknown``; ``approx`` with one
    bound keeps the bound.

    Examples
    --------
    >>> ratio_bound("exact", "more_than")      # 57.93亿元 / 70多万 residents
    'upper'
    >>> ratio_bound("more_than", "exact"), ratio_bound("exact", "less_than")
    ('lower', 'lower')
    >>> ratio_bound("at_least", "at_least")    # 不低于162元 / 不低于10元
    'unknown'
    >>> ratio_bound("approx", "exact"), ratio_bound("exact", "exact")
    ('approx', 'exact')
    """
    dirs = {_direction(numerator_qualifier, True), _direction(denominator_qualifier, False)}
    bounds = dirs & {"lower", "upper"}
    if len(bounds) == 2:
        return "unknown"
    if bounds:
        return bounds.pop()
    return "approx" if "approx" in dirs else "exact"


BOUND_WORDS = {"lower": "a lower bound (the true value is at least this)",
               "upper": "an upper bound (the true value is at most this)",
               "approx": "approximate", "unknown": "no bound: the qualifiers point both ways"}


def is_round(x) -> bool:
    """True for an amount of at least :data:`ROUND_STEP` yuan that is a whole multiple of it (to within 0.005).

    Examples
    --------
    >>> is_round(1000.0), is_round(500.0), is_round(223.0205), is_round(5.0), is_round(float("nan"))
    (True, True, False, False, False)
    """
    if not formatting.is_number(x):
        return False
    x = float(x)
    return x >= ROUND_STEP and abs(x - ROUND_STEP * round(x / ROUND_STEP)) <= 0.005


def _sentence_key(figures: pd.DataFrame) -> str:
    return "sentence_start" if "sentence_start" in figures.columns else "sentence"


def magnitude_outliers(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures an order of magnitude off their neighbours: probable typos, flagged, never corrected.

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`OUTLIERS`, one row per flagged figure in order of
        ``figure_id``. Neighbours are the figures of the same programme (not
        empty), metric (:data:`OUTLIER_METRICS`) and unit either in one sentence
        (a list: 分别 …) or, across the report, each of a distinct single year
        (a series); a group needs :data:`MIN_NEIGHBOURS` figures. A figure is
        flagged when it is at least :data:`MAGNITUDE` times the median of the
        others, or at most 1/:data:`MAGNITUDE` of it.
    """
    schema.require_columns(figures, ("figure_id", "value_norm", "unit_norm", "metric", "program", "period", "text",
                                     "goal"), "figures table")
    f = figures[figures["metric"].isin(OUTLIER_METRICS) & (figures["program"] != "")]
    key = _sentence_key(f)
    groups = [g for _k, g in f.groupby([key, "program", "metric", "unit_norm"], sort=False)]
    yearly = f[f["period"].map(lambda p: periods.single_year(p) is not None).astype(bool)]
    for _k, g in yearly.groupby(["program", "metric", "unit_norm"], sort=False):
        if g["period"].nunique() == len(g):
            groups.append(g)
    flagged: dict[str, dict] = {}
    for g in groups:
        if len(g) < MIN_NEIGHBOURS:
            continue
        rows = list(g.itertuples(index=False))
        for r in rows:
            others = [float(q.value_norm) for q in rows if q.figure_id != r.figure_id]
            med = statistics.median(others)
            v = float(r.value_norm)
            if med <= 0 or v <= 0 or r.figure_id in flagged:
                continue
            ratio = v / med
            if ratio >= MAGNITUDE or ratio <= 1 / MAGNITUDE:
                ids = [q.figure_id for q in rows if q.figure_id != r.figure_id]
                flagged[r.figure_id] = {
                    "figure_id": r.figure_id, "goal": r.goal, "program": r.program, "metric": r.metric,
                    "text": r.text, "value_norm": v, "neighbours_median": med, "ratio": ratio,
                    "neighbour_figure_ids": ";".join(ids),
                    "note": (f"{r.text} is {formatting.fmt_number(ratio, 3)} times the median of its neighbours "
                             f"({', '.join(ids)}): probably a typo in the source; flagged, not corrected"),
                }
    if not flagged:
        return OUTLIERS.empty()
    order = {fid: i for i, fid in enumerate(figures["figure_id"])}
    rows = sorted(flagged.values(), key=lambda d: order[d["figure_id"]])
    return schema.typed(pd.DataFrame(rows), OUTLIERS, "magnitude outliers")


def share(part, whole) -> float:
    """``part / whole``, NaN where either is missing or ``whole`` is not positive."""
    if not formatting.is_number(part) or not formatting.is_number(whole) or float(whole) <= 0:
        return math.nan
    return float(part) / float(whole)


def is_cumulative(fig) -> bool:
    """累计 or 截至… without a stated start: a total to a date whose span is unknown.

    ``fig`` is a row of the figures table (a namedtuple or a dict-like with
    attributes). A figure stated as ``as_of`` (截至2023年底) is one; so is one whose
    sentence says 累计 before it where no period is known. 累计 inside a stated year
    or span keeps that period (the data contract: 累计 in an annual report is that
    year), so it is not one.
    """
    kind = getattr(fig, "period_kind", "") or ""
    if kind == "as_of":
        return True
    sentence = getattr(fig, "sentence", "") or ""
    text = getattr(fig, "text", "") or ""
    pos = sentence.find(text) if text else -1
    return not getattr(fig, "period", "") and "累计" in (sentence[:pos] if pos >= 0 else sentence)
