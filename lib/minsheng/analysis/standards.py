"""Benefit standards: ``standards.csv``, the per-person levels a report states as a change.

A report says a standard was raised *from* one level *to* another
(``由2016年每人每年420元，提高到550元``); the clean stage marks the two figures
with ``pair_role`` ``from``/``to`` and links them by ``pair_figure_id``. Each
such pair of ``standard`` figures is one row here, with its ratio, its
compound annual growth rate over the two stated points (a *two-point* CAGR:
the path between them is unknown) and the same in real terms, deflated with a
CPI series (:mod:`minsheng.analysis.reference`). Where the CPI does not cover the years,
the real rate is empty, never guessed.

Levels are compared on a yearly basis: a monthly standard ×12 is the yearly
one (``base_cny_per_year``, ``final_cny_per_year``); the stated values stay in
``base_value``/``final_value`` with the stated ``unit_norm``, so every number
traces back to its figure.

:data:`PROGRAM_FAMILIES` groups programs whose standard and spending can be
compared (a 低保 standard with 低保 spending); :mod:`minsheng.analysis.per_beneficiary` uses it.
"""

from __future__ import annotations

import functools
import math

import pandas as pd

from minsheng import formatting, io, periods, schema
from minsheng.analysis import plausibility
from minsheng.analysis.reference import covered_years, cpi_index

#: Program families, each with the words that mark a program as one of it
#: (``lexicon/program_families.csv``). A program may belong to several
#: (农村低保、五保救助金 is 低保 and 五保/特困).
PROGRAM_FAMILIES: dict[str, tuple[str, ...]] = {}
for _row in io.read_lexicon("program_families.csv"):
    PROGRAM_FAMILIES[_row["family"]] = (*PROGRAM_FAMILIES.get(_row["family"], ()), _row["word"])
del _row

#: Families whose standard is an income line the transfer tops up to, not the amount paid
#: (``lexicon/standard_kinds.csv``): a transfer may be anything up to it.
THRESHOLD_FAMILIES: tuple[str, ...] = tuple(r["family"] for r in io.read_lexicon("standard_kinds.csv")
                                            if r["kind"] == "threshold")

#: A two-point CAGR above this (a fraction a year) is implausible for a benefit standard: the two
#: levels are probably not the same quantity (a floor and a top-up, two programmes, a typo).
IMPLAUSIBLE_CAGR = 0.5

#: Yearly factor of each per-person unit: ×1 for a yearly level, ×12 for a monthly one.
YEARLY_FACTOR = {"CNY/person/year": 1.0, "CNY/person/month": 12.0}

STANDARDS = schema.table("standards")

LEVELS = schema.table("standard_levels")

_FIGURE_NEEDS = ("doc_id", "figure_id", "text", "value_norm", "unit_norm", "qualifier", "period", "goal",
                 "program", "program_en", "metric", "sentence", "pair_role", "pair_figure_id")


def families(program: str) -> tuple[str, ...]:
    """The program families (keys of :data:`PROGRAM_FAMILIES`) whose words occur in ``program``.

    Parameters
    ----------
    program : str
        A program in the report's words, e.g. ``农村低保、五保救助金``.

    Returns
    -------
    tuple of str
        In the order of :data:`PROGRAM_FAMILIES`; empty if none.

    Examples
    --------
    >>> families("农村低保、五保救助金")
    ('dibao', 'tekun')
    """
    program = program or ""
    return tuple(name for name, words in PROGRAM_FAMILIES.items() if any(w in program for w in words))


#: The year of a one-year period (:func:`minsheng.periods.single_year`).
single_year = periods.single_year



@functools.cache
def _programme_words() -> tuple[tuple[str, str], ...]:
    """``(word, program_en)`` of ``lexicon/programs.csv`` other than whole-programme words (goal ``overall``)
    and lists of two (低保、五保), longest first."""
    rows = io.read_lexicon("programs.csv")
    return tuple(sorted(((r["keyword"], r["program_en"]) for r in rows
                         if r["goal"] != "overall" and "、" not in r["keyword"]), key=lambda t: (-len(t[0]), t[0])))


@functools.cache
def programme_word(label: str) -> str:
    """The longest programme word of ``lexicon/programs.csv`` that a programme label holds, else ''.

    Two labels holding one word name one programme in the report's own words:
    城乡低保资金 and 保障低保对象 both hold 低保; 城市低保资金 holds 城市低保, 农村低保对象
    holds 农村低保, and these differ. Whole-programme words (民生工程) are not
    programme words.

    Examples
    --------
    >>> programme_word("保障低保对象"), programme_word("农村低保标准"), programme_word("民生工程")
    ('低保', '农村低保', '')
    """
    return next((w for w, _en in _programme_words() if w in str(label)), "")


def programme_word_en(word: str) -> str:
    """The English gloss of a programme word (:func:`programme_word`), else ''."""
    return next((en for w, en in _programme_words() if w == word), "")


def standard_levels(figures: pd.DataFrame) -> pd.DataFrame:
    """Every per-person standard the report states, on a yearly basis where it has a time base.

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table.

    Returns
    -------
    pandas.DataFrame
        One row per figure with ``metric == "standard"`` (paired or not), columns
        :data:`LEVELS`, in order of ``figure_id``.
    """
    schema.require_columns(figures, _FIGURE_NEEDS, "figures table")
    std = figures[figures["metric"] == "standard"]
    rows = []
    for r in std.itertuples(index=False):
        factor = YEARLY_FACTOR.get(r.unit_norm)
        rows.append({
            "figure_id": r.figure_id, "goal": r.goal, "program": r.program,
            "families": ";".join(families(r.program)), "unit_norm": r.unit_norm,
            "value_norm": float(r.value_norm),
            "cny_per_year": float(r.value_norm) * factor if factor else math.nan,
            "period": r.period, "qualifier": r.qualifier,
            "cny_per_term": float(r.value_norm) if r.unit_norm == "CNY/person" and "学期" in str(r.text) else math.nan,
        })
    if not rows:
        return LEVELS.empty()
    return schema.typed(pd.DataFrame(rows), LEVELS, "standard levels")


def two_point_cagr(ratio, years) -> float | None:
    """``ratio ** (1/years) - 1``: the constant yearly growth that joins two stated levels.

    Parameters
    ----------
    ratio : float
        Final level / base level (> 0).
    years : int
        ``final_year - base_year`` (> 0).

    Returns
    -------
    float or None
        ``None`` where ``ratio`` or ``years`` is missing or not positive.
    """
    if not formatting.is_number(ratio) or not formatting.is_number(years):
        return None
    if float(ratio) <= 0 or float(years) <= 0:
        return None
    return float(ratio) ** (1.0 / float(years)) - 1.0


def standards_table(figures: pd.DataFrame, cpi: pd.DataFrame | None = None) -> pd.DataFrame:
    """``standards.csv``: one row per from→to change of a per-person standard.

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table (with ``pair_role`` and ``pair_figure_id``).
    cpi : pandas.DataFrame, optional
        A deflator from :func:`minsheng.analysis.reference.load_cpi`; without one,
        ``cagr_real`` is empty throughout.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`STANDARDS`, one row per pair whose figures are ``standard``
        figures, in order of the base figure; no rows when the report states no
        change of a standard. ``figures`` is not changed.
    """
    schema.require_columns(figures, _FIGURE_NEEDS, "figures table")
    by_id = {r.figure_id: r for r in figures.itertuples(index=False)}
    rows = []
    for base in figures.itertuples(index=False):
        if base.pair_role != "from" or base.pair_figure_id not in by_id:
            continue
        final = by_id[base.pair_figure_id]
        if final.pair_role != "to" or "standard" not in (base.metric, final.metric):
            continue
        rows.append(_standard_row(base, final, cpi))
    if not rows:
        return STANDARDS.empty()
    return schema.typed(pd.DataFrame(rows), STANDARDS, "standards table")


def _standard_row(base, final, cpi) -> dict:
    notes = ["two-point CAGR: only the base and final levels are stated, the path between them is unknown"]
    f0, f1 = YEARLY_FACTOR.get(base.unit_norm), YEARLY_FACTOR.get(final.unit_norm)
    v0, v1 = float(base.value_norm), float(final.value_norm)
    y0, y1 = single_year(base.period), single_year(final.period)
    if base.unit_norm == final.unit_norm:
        ratio = v1 / v0 if v0 > 0 else math.nan
    elif f0 and f1:
        ratio = (v1 * f1) / (v0 * f0) if v0 > 0 else math.nan
        notes.append(f"units differ ({base.unit_norm} → {final.unit_norm}): ratio on a yearly basis")
    else:
        ratio = math.nan
        notes.append(f"units differ ({base.unit_norm} → {final.unit_norm}) and cannot be put on one basis: no ratio")
    if base.unit_norm == "CNY/person/month":
        notes.append("monthly standard: ×12 gives the yearly level (base_cny_per_year, final_cny_per_year)")
    flags = []
    if base.qualifier in ("at_least", "more_than") and final.qualifier in ("at_least", "more_than"):
        flags.append("floor_to_floor")
        notes.append("growth between two floors (不低于 → 不低于): the amounts paid may have grown differently")
    for label, fig in (("base", base), ("final", final)):
        if fig.qualifier in ("at_least", "more_than"):
            notes.append(f"the {label} level is stated as a floor ({fig.qualifier}): a minimum, not the amount paid")
        elif fig.qualifier != "exact":
            notes.append(f"the {label} level is stated as {fig.qualifier}")
    for label, fig, year in (("base", base, y0), ("final", final, y1)):
        if year is not None and str(year) not in fig.sentence:
            notes.append(f"the {label} year {year} is not written in the sentence; it is the period the clean stage "
                         "gave the figure (the report's span)")
    years = y1 - y0 if y0 is not None and y1 is not None else None
    cagr = two_point_cagr(ratio, years)
    index = cpi_index(cpi, y0, y1) if cpi is not None and years is not None and years > 0 else None
    ratio_real = ratio / index if index is not None and formatting.is_number(ratio) else math.nan
    cagr_real = two_point_cagr(ratio_real, years) if index is not None else None
    if cagr is not None and cagr > IMPLAUSIBLE_CAGR:
        flags.append("implausible_growth")
        notes.append(f"a two-point CAGR of {formatting.fmt_pct(cagr, 1)} a year is implausible for a benefit standard: "
                     "probably not the same quantity (a floor and a top-up, two programmes, a typo); kept out of the "
                     "headline ranges")
    if years is None:
        notes.append("base or final year unknown: no growth rate")
    elif years <= 0:
        notes.append(f"final year {y1} is not after base year {y0}: no growth rate")
    elif cpi is None:
        notes.append("no deflator given: no real growth rate")
    elif index is None:
        notes.append(f"the CPI series ({covered_years(cpi)}) does not cover {y0 + 1}-{y1}: no real growth rate")
    return {
        "doc_id": base.doc_id, "goal": base.goal, "program": base.program, "program_en": base.program_en,
        "unit_norm": base.unit_norm, "base_year": y0, "base_value": v0, "final_year": y1, "final_value": v1,
        "ratio": ratio, "cagr": _nan(cagr), "cagr_real": _nan(cagr_real),
        "base_figure_id": base.figure_id, "final_figure_id": final.figure_id,
        "years": years,
        "base_cny_per_year": v0 * f0 if f0 else math.nan, "final_cny_per_year": v1 * f1 if f1 else math.nan,
        "cpi_index": _nan(index), "ratio_real": ratio_real,
        "base_qualifier": base.qualifier, "final_qualifier": final.qualifier,
        "notes": "; ".join(notes),
        "ratio_bound": plausibility.ratio_bound(final.qualifier, base.qualifier),
        "flags": ";".join(flags),
    }


def _nan(v) -> float:
    return math.nan if v is None else float(v)
