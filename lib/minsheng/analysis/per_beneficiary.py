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
from minsheng.analysis import plausibility
from minsheng.analysis.per_goal import outside_scope, population, sentence_key
from minsheng.analysis.standards import THRESHOLD_FAMILIES, families, programme_word, standard_levels

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


def _actual(figures: pd.DataFrame) -> pd.Series:
    """Figures of what was done: a plan (status planned) is never paired."""
    if "status" not in figures.columns:
        return pd.Series(True, index=figures.index)
    return figures["status"] != "planned"


def _spending(figures: pd.DataFrame) -> pd.DataFrame:
    return figures[(figures["metric"] == "spending") & (figures["unit_norm"] == "CNY") & _actual(figures)]


def _beneficiaries(figures: pd.DataFrame) -> pd.DataFrame:
    return figures[(figures["metric"] == "beneficiaries") & figures["unit_norm"].isin(BENEFICIARY_UNITS)
                   & _actual(figures)]


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

    Then, among the figures left, a spending and a beneficiaries figure of one
    sentence whose labels differ but name the same programme word of
    ``lexicon/programs.csv`` (the longest one each label holds: 城乡低保资金 and
    保障低保对象 both hold 低保) are paired the same way, and ``remark`` says so.
    Two labels holding different words (城市低保资金, 农村低保对象) are never paired,
    nor labels whose word is a whole-programme one (民生工程, goal ``overall``).
    """
    schema.require_columns(figures, _FIGURE_NEEDS, "figures table")
    spend = _spending(figures)
    ben = _beneficiaries(figures)
    spend = spend[spend["program"] != ""]
    ben = ben[ben["program"] != ""]
    key = sentence_key(figures)
    out = _pairs_by(spend, ben, [key, "program"])
    used = {fid for pair in out for fid in pair[:2]}
    words = spend["program"].map(programme_word), ben["program"].map(programme_word)
    spend = spend.assign(_word=words[0])[(words[0] != "") & ~spend["figure_id"].isin(used)]
    ben = ben.assign(_word=words[1])[(words[1] != "") & ~ben["figure_id"].isin(used)]
    out += _pairs_by(spend, ben, [key, "_word"], lambda word: f"paired by the programme word {word} that both labels hold")
    order = {fid: i for i, fid in enumerate(figures["figure_id"])}
    return sorted(out, key=lambda t: order[t[0]])


def _pairs_by(spend: pd.DataFrame, ben: pd.DataFrame, by: list[str], say=None) -> list[tuple[str, str, str]]:
    """Nearest compatible pairs of spending and beneficiaries figures that agree on the columns ``by``;
    ``say(value of by[1])``, where given, is the first remark of each pair."""
    out = []
    for (sentence, program), s_group in spend.groupby(by, sort=False):
        b_group = ben[(ben[by[0]] == sentence) & (ben[by[1]] == program)]
        if b_group.empty:
            continue
        candidates = sorted(
            (abs(int(s.start) - int(b.start)), int(s.start), int(b.start), s.figure_id, b.figure_id)
            for s in s_group.itertuples(index=False)
            for b in b_group.itertuples(index=False)
            if _compatible(s.period, b.period)
        )
        used_s, used_b = set(), set()
        remark = [say(program)] if say else []
        if len(s_group) > 1 or len(b_group) > 1:
            remark.append(f"the sentence holds {len(s_group)} spending and {len(b_group)} beneficiaries figures of "
                          "this program: each spending figure was paired with the nearest compatible one")
        for _d, _ss, _bs, sid, bid in candidates:
            if sid in used_s or bid in used_b:
                continue
            used_s.add(sid)
            used_b.add(bid)
            out.append((sid, bid, "; ".join(remark)))
    return out


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
    pop = population(figures)
    rows = [_program_row(by_id[s], by_id[b], remark, levels, pop) for s, b, remark in pairs]
    outliers = set(plausibility.magnitude_outliers(figures)["figure_id"])
    for r in rows:
        hit = [fid for fid in (r["spending_figure_id"], r["beneficiaries_figure_id"]) if fid in outliers]
        if hit:
            r["flags"] = ";".join(filter(None, [r["flags"], "magnitude_outlier"]))
            r["notes"] += (f"; {', '.join(hit)} is an order of magnitude off its neighbours (probably a typo in the "
                           "source; not corrected)")
    return schema.typed(pd.DataFrame(rows), PROGRAMS, "programs table")


_UNIT_WORDS = {"person": "person", "person_time": "person-time", "household": "household"}


def _time(fig) -> tuple[str, int | None]:
    """The figure's period_kind and months (figures tables of version 1 have neither)."""
    kind = getattr(fig, "period_kind", "") or ""
    months = getattr(fig, "months", None)
    return kind, (int(months) if formatting.is_number(months) else None)


_cumulative = plausibility.is_cumulative


def time_base(s, b) -> tuple[str, int | None, int | None]:
    """``(time_base, years, months)`` of a pair of spending and beneficiaries figures.

    In order: a cumulative or to-date figure of unknown span, a part of a year
    (its months), person-times (one event each: never per year), no period, one
    year, several years. ``years`` is the length of the period (None where
    unknown or part of a year is all that is covered); ``months`` only for a
    part of a year.
    """
    period = s.period or b.period
    kinds = [_time(s), _time(b)]
    months = next((m for k, m in kinds if k == "part_year" and m), None)
    years = period_years(period)
    if any(_cumulative(f) for f in (s, b)):
        return "cumulative", None, None
    if months is not None:
        return "part_year", None, months
    if b.unit_norm == "person_time":
        return "person_time", years, None
    if years is None:
        return "unknown", None, None
    return ("year" if years == 1 else "years"), years, None


def _program_row(s, b, remark: str, levels: pd.DataFrame, pop: dict | None) -> dict:
    spending, count = float(s.value_norm), float(b.value_norm)
    period = s.period or b.period
    base, years, months = time_base(s, b)
    per = spending / count if count > 0 else math.nan
    per_year = low = high = math.nan
    if base == "year":
        per_year = low = high = per
    elif base == "years":
        low, high = per / years, per
    unit = b.unit_norm
    word = _UNIT_WORDS[unit]
    notes = []
    if unit == "person_time":
        notes.append("beneficiaries are person-times (人次): service events, not people; "
                     "cny_per_beneficiary is a cost per person-time, never divided by years")
    elif unit == "household":
        notes.append("beneficiaries are households, not people")
    if base == "cumulative":
        notes.append("a cumulative (累计) or to-date (截至…) figure whose start the report does not state: "
                     "no per-year amount")
    elif months is not None:
        notes.append(f"part of a year ({months} months, {period}): cny_per_beneficiary covers those months only; "
                     "no per-year amount, and a yearly standard is scaled by months/12 before the check")
    elif years is None:
        notes.append("no period stated: no per-year amount")
    elif years > 1 and unit == "person_time":
        notes.append(f"the person-times cover {period} ({years} years); if each person-time is one recipient-year, "
                     f"the yearly amount per recipient is cny_per_beneficiary ({formatting.fmt_number(per)} CNY)")
    elif years > 1:
        notes.append(f"the count covers {period} ({years} years); the report does not say whether it counts distinct "
                     f"{word}s or adds up each year's recipients: per recipient-year "
                     f"{formatting.fmt_number(low)} CNY (the same {word}s every year, cny_per_beneficiary_year_low) "
                     f"to {formatting.fmt_number(high)} CNY (each year's recipients added up, "
                     "cny_per_beneficiary_year_high)")
    if s.period and b.period and s.period != b.period:
        notes.append(f"spending period {s.period}, beneficiaries period {b.period}")
    bound = plausibility.ratio_bound(s.qualifier, b.qualifier)
    for label, fig in (("spending", s), ("beneficiaries", b)):
        if fig.qualifier != "exact":
            notes.append(f"{label} stated as {fig.qualifier} ({fig.text})")
    if bound != "exact":
        notes.append(f"the amounts per beneficiary are {plausibility.BOUND_WORDS[bound]}")
    if outside_scope(s.program):
        notes.append("the spending is outside livelihood-project money (a budget total), not a program's transfer")
    if remark:
        notes.append(remark)
    flags = []
    round_readings = [name for name, x in (("per_beneficiary", per), ("per_beneficiary_year_low", low))
                      if plausibility.is_round(x) and not (name == "per_beneficiary_year_low" and low == per)]
    if round_readings:
        flags.append("round_amount")
        if base == "years" and round_readings == ["per_beneficiary"]:
            notes.append(f"{formatting.fmt_number(per)} CNY per {word} is a round amount: it looks like a fixed "
                         f"payment per recipient, so the count more likely adds up each year's recipients (or the "
                         f"payment is one-off); read cny_per_beneficiary_year_high")
        elif base == "years" and round_readings == ["per_beneficiary_year_low"]:
            notes.append(f"{formatting.fmt_number(low)} CNY per {word} and year is a round amount: the same recipients "
                         "every year fits; read cny_per_beneficiary_year_low")
        elif len(round_readings) == 2:
            notes.append(f"both readings give a round amount ({formatting.fmt_number(per)} CNY per {word}, "
                         f"{formatting.fmt_number(low)} CNY per {word} and year): a fixed payment per counted "
                         "recipient, but roundness cannot tell the readings apart")
        else:
            notes.append(f"the implied amount per {word} is round ({formatting.fmt_number(per)} CNY): "
                         "a fixed payment per counted recipient")
    share = math.nan
    if pop is not None and unit == "person":
        share = plausibility.share(count, pop["value_norm"])
        pop_bound = plausibility.ratio_bound(b.qualifier, pop["qualifier"])
        if share > 1:
            flags.append("exceeds_population")
            notes.append(f"{formatting.fmt_number(count)} recipients are more than the stated population "
                         f"({pop['figure_id']}, {formatting.fmt_number(pop['value_norm'])})"
                         + (": a count over several years may be recipient-years" if base == "years" else ""))
        if pop_bound != "exact":
            notes.append(f"share_of_population is {plausibility.BOUND_WORDS[pop_bound]}")
    check = _check_standard(s.program, base, per, low, high, months, period, unit, levels)
    notes.extend(check.pop("notes"))
    return {
        "doc_id": s.doc_id, "goal": s.goal, "program": s.program, "program_en": s.program_en,
        "spending_cny": spending, "beneficiaries": count, "beneficiary_unit": unit,
        "cny_per_beneficiary": per, "years": years, "cny_per_beneficiary_year": per_year,
        "spending_figure_id": s.figure_id, "beneficiaries_figure_id": b.figure_id,
        "notes": "; ".join(notes), "period": period,
        "spending_qualifier": s.qualifier, "beneficiaries_qualifier": b.qualifier,
        "standard_figure_ids": check["standard_figure_ids"],
        "standard_low_cny_per_year": check["standard_low_cny_per_year"],
        "standard_high_cny_per_year": check["standard_high_cny_per_year"],
        "standard_check": check["standard_check"],
        "standard_check_recipient_years": check["standard_check_recipient_years"],
        "cny_per_beneficiary_year_low": low, "cny_per_beneficiary_year_high": high, "months": months,
        "time_base": base, "per_beneficiary_bound": bound,
        "standard_kind": check["standard_kind"], "standard_fit": check["standard_fit"],
        "share_of_population": share, "round_reading": ";".join(round_readings), "flags": ";".join(flags),
    }


def _verdict(x: float, low: float, high: float, threshold: bool) -> str:
    if not formatting.is_number(x):
        return ""
    top = high * (1 + STANDARD_TOLERANCE)
    if threshold:
        return "agree" if 0 < x <= top else "disagree"
    return "agree" if low * (1 - STANDARD_TOLERANCE) <= x <= top else "disagree"


def _where(x: float, low: float, high: float, verdict: str, threshold: bool) -> str:
    if verdict == "agree":
        return "not above the line" if threshold else "within that range"
    return "below that range" if x < low else "above that range"


def _levels_for(match: pd.DataFrame, period: str) -> tuple[pd.DataFrame, str]:
    """The levels of the programme's own years where some are stated, else all (with a note)."""
    b = periods.bounds(period)
    if b is None:
        return match, ""
    years = match["period"].map(lambda p: periods.single_year(p))
    inside = match[years.map(lambda y: y is not None and b[0] <= y <= b[1]).astype(bool)]
    if len(inside):
        return inside, ""
    return match, f"no level of the standard is stated for {period}: compared with the levels of other years"


_FIT = {frozenset(): "neither", frozenset({"same"}): "same_recipients", frozenset({"ry"}): "recipient_years",
        frozenset({"same", "ry"}): "both"}


def _check_standard(program: str, base: str, per: float, low: float, high: float, months: int | None,
                    period: str, unit: str, levels: pd.DataFrame) -> dict:
    empty = {"standard_figure_ids": "", "standard_low_cny_per_year": math.nan,
             "standard_high_cny_per_year": math.nan, "standard_check": "",
             "standard_check_recipient_years": "", "standard_kind": "", "standard_fit": "", "notes": []}
    fams = set(families(program))
    if not fams or levels.empty or base in ("cumulative", "unknown"):
        return empty
    match = levels[levels["families"].map(lambda f: bool(fams & set(filter(None, f.split(";"))))).astype(bool)]
    term = months == 6 and match["cny_per_term"].notna().any()
    match = match[match["cny_per_term"].notna()] if term else match[match["cny_per_year"].notna()]
    if match.empty:
        return empty
    match, other_years = _levels_for(match, period)
    col = "cny_per_term" if term else "cny_per_year"
    lo, hi = float(match[col].min()), float(match[col].max())
    ids = ";".join(match["figure_id"])
    threshold = any(f in THRESHOLD_FAMILIES for f in fams & set(";".join(match["families"]).split(";")))
    kind = "threshold" if threshold else "transfer"
    scale = 1.0 if term or months is None else months / 12
    s_lo, s_hi = lo * scale, hi * scale
    same = {"year": per, "years": low, "part_year": per}.get(base, math.nan)
    ry = per if (base == "years" or (base == "person_time" and period_years(period) not in (None, 1)
                                     and months is None)) else math.nan
    check = _verdict(same, s_lo, s_hi, threshold)
    check_ry = _verdict(ry, s_lo, s_hi, threshold)
    fit = {"same" for v in (check,) if v == "agree"} | {"ry" for v in (check_ry,) if v == "agree"}
    if base == "year":
        standard_fit = "one_year" if check == "agree" else "neither"
    elif check or check_ry:
        standard_fit = _FIT[frozenset(fit)]
    else:
        standard_fit = ""
    basis = "per term" if term else ("a year, monthly ×12" if months is None
                                     else f"the yearly level ×{months}/12 for {months} months")
    rng = (f"{formatting.fmt_number(s_lo)}–{formatting.fmt_number(s_hi)} CNY, {basis}" if s_lo != s_hi
           else f"{formatting.fmt_number(s_lo)} CNY, {basis}")
    notes = []
    if other_years:
        notes.append(other_years)
    if unit == "household":
        notes.append(f"standard(s) {ids.replace(';', ', ')} are per person, the count is households: compared as stated")
    label = {"year": "the transfer per beneficiary-year", "years": "read as the same recipients every year, the "
             "transfer per recipient-year", "part_year": f"the transfer per beneficiary over the {months} months"}
    if check:
        notes.append(f"vs the stated standard(s) {ids.replace(';', ', ')} of the same program family ({rng}): "
                     f"{label[base]} {formatting.fmt_number(same)} CNY is "
                     f"{_where(same, s_lo, s_hi, check, threshold)} → {check}")
    if check_ry:
        lead = "" if check else f"vs the stated standard(s) {ids.replace(';', ', ')} of the same program family ({rng}): "
        notes.append(f"{lead}read as recipient-years, the transfer per {_UNIT_WORDS[unit]} "
                     f"{formatting.fmt_number(per)} CNY is {_where(per, s_lo, s_hi, check_ry, threshold)} → {check_ry}")
    if standard_fit:
        notes.append(f"fits: {standard_fit}")
    if threshold:
        notes.append("weak check: a 低保 standard is the income line the allowance tops up to, so any transfer up to "
                     "the line agrees; it cannot tell the readings apart below it")
    return {"standard_figure_ids": ids, "standard_low_cny_per_year": lo if not term else math.nan,
            "standard_high_cny_per_year": hi if not term else math.nan,
            "standard_check": check, "standard_check_recipient_years": check_ry,
            "standard_kind": kind, "standard_fit": standard_fit, "notes": notes}


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
