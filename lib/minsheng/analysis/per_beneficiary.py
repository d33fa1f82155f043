"""Spending per beneficiary: ``programs.csv``, pairing what was spent with who received it.

A program enters the table when the report states, in one sentence and for
the same program (the clean stage gives the spending and beneficiaries figures
of one item the same ``program``), both an amount spent (``metric ==
"spending"``, CNY) and a number of recipients (``metric == "beneficiaries"``
in persons, person-times or households). Pairing reads the report's structure:
sentence and program first, compatible periods next; only when one sentence
holds several figures of one program does the distance in the text decide
between them. A figure is never paired twice.

Caveats the table carries in ``notes``:

- 人次 (person-times) are service events, not people: the cost per person-time
  is a cost per event.
- ``cny_per_beneficiary_year`` divides by the length of the period
  (2016-2020 → 5). A count over several years may be distinct people or the sum
  of each year's recipients; the report rarely says which. Read both
  ``cny_per_beneficiary`` and ``cny_per_beneficiary_year``.
- Where the report also states a per-person standard of the same program family
  (:data:`minsheng.analysis.standards.PROGRAM_FAMILIES`), the implied transfer per
  beneficiary-year is compared with the standard's yearly levels
  (``standard_check``: ``agree``/``disagree``).
"""

from __future__ import annotations

import math

import pandas as pd

from minsheng import formatting, periods, schema
from minsheng.analysis.per_goal import outside_scope, sentence_key
from minsheng.analysis.standards import families, standard_levels

#: Units a beneficiaries figure may have.
BENEFICIARY_UNITS = ("person", "person_time", "household")

#: Relative tolerance of the plausibility check: a transfer within the standard's
#: yearly range widened by this fraction on each side agrees with it.
STANDARD_TOLERANCE = 0.10

PROGRAMS = schema.table("programs")

UNPAIRED = schema.table("unpaired")

_FIGURE_NEEDS = ("doc_id", "figure_id", "start", "value_norm", "unit_norm", "qualifier", "period", "goal",
                 "program", "program_en", "metric", "sentence")


#: The number of calendar years a period spans (:func:`minsheng.periods.years`).
period_years = periods.years


def _compatible(p1: str, p2: str) -> bool:
    return not p1 or not p2 or p1 == p2


def _spending(figures: pd.DataFrame) -> pd.DataFrame:
    return figures[(figures["metric"] == "spending") & (figures["unit_norm"] == "CNY")]


def _beneficiaries(figures: pd.DataFrame) -> pd.DataFrame:
    return figures[(figures["metric"] == "beneficiaries") & figures["unit_norm"].isin(BENEFICIARY_UNITS)]


def pair_figures(figures: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Pairs of (spending, beneficiaries) figures of one program in one sentence.

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table.

    Returns
    -------
    list of (str, str, str)
        ``(spending_figure_id, beneficiaries_figure_id, remark)`` in order of the
        spending figure. ``remark`` is empty, or says that the sentence held
        several candidates of the program and the nearest compatible one was taken.
        A figure appears in at most one pair.

    Notes
    -----
    Candidates share ``sentence`` and a non-empty ``program``, and their periods
    are equal or one of them is empty. Within that structure, pairs are taken by
    increasing distance between the figures' starts; each figure is used once.
    """
    schema.require_columns(figures, _FIGURE_NEEDS, "figures table")
    spend = _spending(figures)
    ben = _beneficiaries(figures)
    spend = spend[spend["program"] != ""]
    ben = ben[ben["program"] != ""]
    out = []
    key = sentence_key(figures)
    for (sentence, program), s_group in spend.groupby([key, "program"], sort=False):
        b_group = ben[(ben[key] == sentence) & (ben["program"] == program)]
        if b_group.empty:
            continue
        candidates = sorted(
            (abs(int(s.start) - int(b.start)), int(s.start), int(b.start), s.figure_id, b.figure_id)
            for s in s_group.itertuples(index=False)
            for b in b_group.itertuples(index=False)
            if _compatible(s.period, b.period)
        )
        used_s, used_b = set(), set()
        remark = ""
        if len(s_group) > 1 or len(b_group) > 1:
            remark = (f"the sentence holds {len(s_group)} spending and {len(b_group)} beneficiaries figures of this "
                      "program: each spending figure was paired with the nearest compatible one")
        for _d, _ss, _bs, sid, bid in candidates:
            if sid in used_s or bid in used_b:
                continue
            used_s.add(sid)
            used_b.add(bid)
            out.append((sid, bid, remark))
    order = {fid: i for i, fid in enumerate(figures["figure_id"])}
    return sorted(out, key=lambda t: order[t[0]])


def programs_table(figures: pd.DataFrame) -> pd.DataFrame:
    """``programs.csv``: spending per beneficiary for every program with both figures.

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table (``minsheng.extraction.clean.figures_table`` or ``figures.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PROGRAMS`, one row per pair from :func:`pair_figures`, in
        order of the spending figure; no rows when the report states no such
        pair. ``figures`` is not changed.
    """
    schema.require_columns(figures, _FIGURE_NEEDS, "figures table")
    pairs = pair_figures(figures)
    if not pairs:
        return PROGRAMS.empty()
    by_id = {r.figure_id: r for r in figures.itertuples(index=False)}
    levels = standard_levels(figures)
    levels = levels[levels["cny_per_year"].notna()]
    rows = [_program_row(by_id[s], by_id[b], remark, levels) for s, b, remark in pairs]
    return schema.typed(pd.DataFrame(rows), PROGRAMS, "programs table")


_UNIT_WORDS = {"person": "person", "person_time": "person-time", "household": "household"}


def _program_row(s, b, remark: str, levels: pd.DataFrame) -> dict:
    spending, count = float(s.value_norm), float(b.value_norm)
    period = s.period or b.period
    years = period_years(period)
    per = spending / count if count > 0 else math.nan
    per_year = per / years if years and not math.isnan(per) else math.nan
    unit = b.unit_norm
    word = _UNIT_WORDS[unit]
    notes = []
    if unit == "person_time":
        notes.append("beneficiaries are person-times (人次): service events, not people; "
                     "cny_per_beneficiary is a cost per person-time")
    elif unit == "household":
        notes.append("beneficiaries are households, not people")
    if years is None:
        notes.append("no period stated: no per-year amount")
    elif years > 1 and unit == "person_time":
        notes.append(f"the person-times cover {period} ({years} years); if each person-time is one recipient-year, "
                     f"the yearly amount per recipient is cny_per_beneficiary ({formatting.fmt_number(per)} CNY), "
                     "not cny_per_beneficiary_year")
    elif years > 1:
        notes.append(f"the count covers {period} ({years} years); the report does not say whether it counts distinct "
                     f"{word}s or adds up each year's recipients; if the latter, the yearly amount per recipient is "
                     f"cny_per_beneficiary ({formatting.fmt_number(per)} CNY), not cny_per_beneficiary_year")
    if s.period and b.period and s.period != b.period:
        notes.append(f"spending period {s.period}, beneficiaries period {b.period}")
    for label, fig in (("spending", s), ("beneficiaries", b)):
        if fig.qualifier != "exact":
            notes.append(f"{label} stated as {fig.qualifier} ({fig.text}): the ratio is approximate")
    if outside_scope(s.program):
        notes.append("the spending is outside livelihood-project money (a budget total), not a program's transfer")
    if remark:
        notes.append(remark)
    check = _check_standard(s.program, per, per_year, years, unit, levels)
    notes.extend(check.pop("notes"))
    return {
        "doc_id": s.doc_id, "goal": s.goal, "program": s.program, "program_en": s.program_en,
        "spending_cny": spending, "beneficiaries": count, "beneficiary_unit": unit,
        "cny_per_beneficiary": per, "years": years, "cny_per_beneficiary_year": per_year,
        "spending_figure_id": s.figure_id, "beneficiaries_figure_id": b.figure_id,
        "notes": "; ".join(notes), "period": period,
        "spending_qualifier": s.qualifier, "beneficiaries_qualifier": b.qualifier,
        **check,
    }


def _verdict(x: float, low: float, high: float) -> str:
    if not formatting.is_number(x):
        return ""
    return "agree" if low * (1 - STANDARD_TOLERANCE) <= x <= high * (1 + STANDARD_TOLERANCE) else "disagree"


def _check_standard(program: str, per: float, per_year: float, years, unit: str, levels: pd.DataFrame) -> dict:
    empty = {"standard_figure_ids": "", "standard_low_cny_per_year": math.nan,
             "standard_high_cny_per_year": math.nan, "standard_check": "",
             "standard_check_recipient_years": "", "notes": []}
    fams = set(families(program))
    if not fams or levels.empty:
        return empty
    match = levels[levels["families"].map(lambda f: bool(fams & set(filter(None, f.split(";"))))).astype(bool)]
    if match.empty:
        return empty
    low, high = float(match["cny_per_year"].min()), float(match["cny_per_year"].max())
    ids = ";".join(match["figure_id"])
    check = _verdict(per_year, low, high)
    check_ry = _verdict(per, low, high) if years and years > 1 else ""
    rng = f"{formatting.fmt_number(low)}–{formatting.fmt_number(high)} CNY/person/year"
    notes = []
    if unit == "household":
        notes.append(f"standard(s) {ids.replace(';', ', ')} are per person, the count is households: compared as stated")
    if check:
        where = "within" if check == "agree" else ("below" if per_year < low else "above")
        notes.append(f"vs the stated standard(s) {ids.replace(';', ', ')} of the same program family ({rng}, monthly ×12): "
                     f"the transfer per beneficiary-year {formatting.fmt_number(per_year)} CNY is {where} that range → {check}")
    if check_ry:
        where = "within" if check_ry == "agree" else ("below" if per < low else "above")
        notes.append(f"read as recipient-years, the transfer per beneficiary {formatting.fmt_number(per)} CNY is {where} "
                     f"that range → {check_ry}")
    return {"standard_figure_ids": ids, "standard_low_cny_per_year": low, "standard_high_cny_per_year": high,
            "standard_check": check, "standard_check_recipient_years": check_ry, "notes": notes}


def unpaired(figures: pd.DataFrame) -> pd.DataFrame:
    """Spending and beneficiaries figures that found no partner, with the reason.

    Parameters
    ----------
    figures : pandas.DataFrame
        The figures table.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`UNPAIRED`, in order of ``figure_id``.
    """
    schema.require_columns(figures, _FIGURE_NEEDS, "figures table")
    used = {fid for s, b, _ in pair_figures(figures) for fid in (s, b)}
    key = sentence_key(figures)
    spend, ben = _spending(figures), _beneficiaries(figures)
    rows = []
    for kind, group, other in (("spending", spend, ben), ("beneficiaries", ben, spend)):
        for r in group.itertuples(index=False):
            if r.figure_id in used:
                continue
            if not r.program:
                reason = "no program"
            else:
                same = other[(other[key] == getattr(r, key)) & (other["program"] == r.program)]
                partner = "beneficiaries" if kind == "spending" else "spending"
                if same.empty:
                    reason = f"no {partner} figure of this program in its sentence"
                elif not any(_compatible(r.period, p) for p in same["period"]):
                    reason = f"the {partner} figure(s) of this program in its sentence have another period"
                else:
                    reason = f"the {partner} figure(s) of this program in its sentence are paired with another figure"
            rows.append({"figure_id": r.figure_id, "metric": kind, "goal": r.goal, "program": r.program,
                         "text": r.text, "period": r.period, "reason": reason})
    if not rows:
        return UNPAIRED.empty()
    order = {fid: i for i, fid in enumerate(figures["figure_id"])}
    rows.sort(key=lambda d: order[d["figure_id"]])
    return schema.typed(pd.DataFrame(rows), UNPAIRED, "unpaired figures")
