"""Across places and years: the reports of a batch as a panel (notebook 31-panel).

Each report is known by what its ``document.json`` says it is about (the place's
code in the reference table of 2022-10-31, its name as written, the report's own
period: :mod:`minsheng.extraction.place`), never by its file name. On that key:

- :func:`with_places` puts ``place_code``, ``place_name`` and ``report_period``
  beside ``doc_id`` in the comparison tables, so that a researcher can join and
  group them by place and year;
- :func:`same_place_figures` sets the common figures of two reports of one place
  and period side by side (a news release against the year's summary): the same
  value is ``agree``, the same program, metric, unit and period with another
  value is ``differ``;
- :func:`standards_panel` gathers every stated level of a benefit standard by
  place and calendar year (one series per programme word of
  ``lexicon/programs.csv``: 农村低保, 城市低保 …), nominal and in constant prices,
  from whichever report states it; :func:`standards_growth` joins each place's
  first and last years; :func:`fit_standards_panel` fits the common real growth
  of one standard within places (place fixed effects, statsmodels OLS) only
  where enough places have two or more years, and says why not otherwise;
- :func:`costs_panel` is the cost per recipient-year of one year, by place and
  year, in constant prices, from the programmes comparison.

A report without a place code (it names no place, or a name of several units)
is left out of everything keyed by place and named in :func:`coverage`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from minsheng import formatting, periods, schema
from minsheng.analysis import models, reference
from minsheng.analysis.standards import IMPLAUSIBLE_CAGR, YEARLY_FACTOR, programme_word, programme_word_en

PLACE_KEYS = schema.PLACE_KEYS

SAME_PLACE = schema.table("compare_same_place")

PANEL_STANDARDS = schema.table("compare_panel_standards")

PANEL_GROWTH = schema.table("compare_panel_growth")

#: The fewest places with two or more years of one standard that a model across places is fitted to.
MIN_PLACES = 2

#: The fewest within-place contrasts (points minus places) the slope is fitted to.
MIN_WITHIN = models.MIN_WITHIN

#: The fewest places for a cluster-robust interval (points of one place are not independent).
MIN_CLUSTERS_ROBUST = models.MIN_CLUSTERS_ROBUST


def place_keys(documents: pd.DataFrame) -> dict[str, tuple[str, str, str]]:
    """``{doc_id: (place_code, place_name, report_period)}`` from ``documents.csv`` ('' where unknown)."""
    if documents is None or documents.empty or "place_code" not in documents.columns:
        return {}
    return {d: (formatting.as_text(c), formatting.as_text(n), formatting.as_text(p)) for d, c, n, p in
            zip(documents["doc_id"], documents["place_code"], documents["place_name"], documents["period"])}


def with_places(df: pd.DataFrame, documents: pd.DataFrame, table: str) -> pd.DataFrame:
    """``df`` (a comparison table with ``doc_id``) with its report's place and period beside ``doc_id``.

    Parameters
    ----------
    df : pandas.DataFrame
        ``compare_programs``, ``compare_standards``, ``compare_goals`` or ``compare_metrics``.
    documents : pandas.DataFrame
        ``documents.csv`` (:func:`minsheng.analysis.compare.documents_comparison`).
    table : str
        The table's name in ``tables.yaml``, whose column order the result takes.
    """
    return schema.typed(add_places(df, documents), schema.table(table), schema.table(table).file)


def add_places(df: pd.DataFrame, documents: pd.DataFrame | None) -> pd.DataFrame:
    """A copy of ``df`` with :data:`PLACE_KEYS` set from ``documents`` by ``doc_id`` (empty without them)."""
    keys = place_keys(documents)
    out = df.copy()
    for i, name in enumerate(PLACE_KEYS):
        out[name] = [keys.get(d, ("", "", ""))[i] for d in out["doc_id"]]
    return out


@dataclass(frozen=True)
class Coverage:
    """What a batch's reports cover: the places (codes) and periods, and the reports without a place."""

    places: tuple[str, ...]
    periods: tuple[str, ...]
    unplaced: tuple[str, ...]  # doc_ids without a place code

    @property
    def is_panel(self) -> bool:
        """Two or more places, or two or more periods: notebook 31-panel has something to show."""
        return len(self.places) >= 2 or len(self.periods) >= 2


def coverage(documents: pd.DataFrame) -> Coverage:
    """The places and periods of a batch's ``documents.csv`` (or of its reports' ``document.json``).

    Periods count only for reports with a place: the years of unknown places are no panel.
    """
    keys = place_keys(documents)
    placed = {d: k for d, k in keys.items() if k[0]}
    return Coverage(tuple(sorted({k[0] for k in placed.values()})),
                    tuple(sorted({k[2] for k in placed.values() if k[2]})),
                    tuple(sorted(d for d, k in keys.items() if not k[0])))


# --------------------------------------------------------------------------- same place, same period

_MATCH_COLUMNS = ("doc_id", "figure_id", "text", "metric", "unit_norm", "program", "value_norm", "period", "goal",
                  "status")


def _groups(documents: pd.DataFrame) -> list[tuple[str, str, str, list[str]]]:
    """``(place_code, place_name, period, doc_ids)`` of every place and period with two or more reports."""
    groups: dict[tuple[str, str], list[str]] = {}
    names: dict[str, str] = {}
    for d, (code, name, period) in sorted(place_keys(documents).items()):
        if code and period:
            groups.setdefault((code, period), []).append(d)
            names.setdefault(code, name)
    return [(c, names[c], p, ds) for (c, p), ds in sorted(groups.items()) if len(ds) >= 2]


def _same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _match(a: list[dict], b: list[dict]) -> list[tuple[dict, dict, str, str]]:
    """Pairs ``(figure of a, figure of b, verdict, matched_by)``, each figure in at most one pair.

    In order: the same label, metric, unit and period (``program``); labels holding one programme word
    (``programme_word``); then, for figures still alone, the same value, metric, unit and goal
    (``value``: agree only). Under the first two keys a pair is made only where each report has exactly
    one figure of the key (else which is which cannot be told) or where the values are equal.
    """
    out, used_a, used_b = [], set(), set()

    def key_pass(key, how):
        ka, kb = {}, {}
        for f in a:
            if f["figure_id"] not in used_a and key(f):
                ka.setdefault(key(f), []).append(f)
        for f in b:
            if f["figure_id"] not in used_b and key(f):
                kb.setdefault(key(f), []).append(f)
        for k in sorted(set(ka) & set(kb)):
            fa, fb = ka[k], kb[k]
            if len(fa) == 1 and len(fb) == 1:
                pairs = [(fa[0], fb[0])]
            else:  # several of one key: only equal values can be told apart
                pairs, taken = [], set()
                for x in fa:
                    y = next((y for y in fb if y["figure_id"] not in taken
                              and _same_value(x["value_norm"], y["value_norm"])), None)
                    if y is not None:
                        pairs.append((x, y))
                        taken.add(y["figure_id"])
            for x, y in pairs:
                verdict = "agree" if _same_value(x["value_norm"], y["value_norm"]) else "differ"
                out.append((x, y, verdict, how))
                used_a.add(x["figure_id"])
                used_b.add(y["figure_id"])

    def base(f):
        return (f["metric"], f["unit_norm"], f["period"], f["status"])

    key_pass(lambda f: (*base(f), f["program"]) if f["program"] else None, "program")
    key_pass(lambda f: (*base(f), programme_word(f["program"])) if programme_word(f["program"]) else None,
             "programme_word")
    for x in a:
        if x["figure_id"] in used_a or x["metric"] == "other":
            continue
        y = next((y for y in b if y["figure_id"] not in used_b and y["metric"] == x["metric"]
                  and y["unit_norm"] == x["unit_norm"] and y["goal"] == x["goal"] and y["status"] == x["status"]
                  and _same_value(x["value_norm"], y["value_norm"])), None)
        if y is not None:
            out.append((x, y, "agree", "value"))
            used_a.add(x["figure_id"])
            used_b.add(y["figure_id"])
    return sorted(out, key=lambda t: (_order(t[0]["figure_id"]), _order(t[1]["figure_id"])))


def _order(figure_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in figure_id if ch.isdigit())
    return (int(digits) if digits else 0, figure_id)


def same_place_figures(documents: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """``same_place_figures.csv``: for every two reports of one place code and period, their common figures.

    Only figures of a known metric (not ``other``) and a value are compared; a part (其中) is compared
    with parts, a plan with plans (``status`` must be equal). Rows in order of place, period, the two
    reports and the first report's figures. No rows where no two reports share a place and period.
    """
    rows = []
    if figures is None or figures.empty:
        return SAME_PLACE.empty()
    need = [c for c in _MATCH_COLUMNS if c in figures.columns]
    f = figures[need].copy()
    if "status" not in f.columns:
        f["status"] = ""
    f = f[(f["metric"] != "other") & f["value_norm"].map(formatting.is_number).astype(bool)]
    by_doc = {d: [{**r, "value_norm": float(r["value_norm"]), "period": formatting.as_text(r["period"]),
                   "status": formatting.as_text(r["status"]), "program": formatting.as_text(r["program"])} for r in g.to_dict("records")]
              for d, g in f.groupby("doc_id", sort=True)}
    for code, name, period, docs in _groups(documents):
        for i, da in enumerate(docs):
            for db in docs[i + 1:]:
                for x, y, verdict, how in _match(by_doc.get(da, []), by_doc.get(db, [])):
                    rel = 0.0 if verdict == "agree" else (
                        (y["value_norm"] - x["value_norm"]) / x["value_norm"] if x["value_norm"] else math.nan)
                    rows.append({"place_code": code, "place_name": name, "report_period": period,
                                 "doc_id": da, "figure_id": x["figure_id"], "text": x["text"],
                                 "other_doc_id": db, "other_figure_id": y["figure_id"], "other_text": y["text"],
                                 "metric": x["metric"], "unit_norm": x["unit_norm"], "program": x["program"],
                                 "other_program": y["program"], "value_norm": x["value_norm"],
                                 "other_value_norm": y["value_norm"], "relative_difference": rel,
                                 "verdict": verdict, "matched_by": how})
    if not rows:
        return SAME_PLACE.empty()
    return schema.typed(pd.DataFrame(rows), SAME_PLACE, SAME_PLACE.file)


# --------------------------------------------------------------------------- standards by place and year

def standards_panel(documents: pd.DataFrame, figures: pd.DataFrame, cpi: pd.DataFrame | None,
                    price_year: int | None) -> pd.DataFrame:
    """``panel_standards.csv``: every stated level of a standard, by place, standard and calendar year.

    A level enters when its figure is a standard (``metric`` standard, not ``planned``) per person per
    year or per month (×12), of one calendar year, in a report with a place code, and its programme
    label holds a programme word (:func:`minsheng.analysis.standards.programme_word`), which names the
    series. Several reports stating one level for one place and year make one row (``doc_ids``); two
    different levels make two rows, each naming the other in ``conflict``.
    """
    if figures is None or figures.empty:
        return PANEL_STANDARDS.empty()
    keys = place_keys(documents)
    f = figures[(figures["metric"] == "standard") & figures["unit_norm"].isin(list(YEARLY_FACTOR))]
    if "status" in f.columns:
        f = f[f["status"] != "planned"]
    levels: dict[tuple, dict] = {}
    for r in f.itertuples(index=False):
        code, name, _period = keys.get(r.doc_id, ("", "", ""))
        year = periods.single_year(formatting.as_text(r.period))
        word = programme_word(formatting.as_text(r.program))
        if not code or year is None or not word or not formatting.is_number(r.value_norm):
            continue
        level = round(float(r.value_norm) * YEARLY_FACTOR[r.unit_norm], 6)
        row = levels.setdefault((code, word, year, level), {
            "place_code": code, "place_name": name, "standard": word, "program_en": programme_word_en(word),
            "year": year, "cny_per_year": level, "qualifier": formatting.as_text(r.qualifier), "doc_ids": [], "figure_ids": []})
        if r.doc_id not in row["doc_ids"]:
            row["doc_ids"].append(r.doc_id)
        row["figure_ids"].append(f"{r.doc_id}:{r.figure_id}")
        if row["qualifier"] != formatting.as_text(r.qualifier):
            row["qualifier"] = "exact" if "exact" in (row["qualifier"], formatting.as_text(r.qualifier)) else row["qualifier"]
    if not levels:
        return PANEL_STANDARDS.empty()
    rows = [levels[k] for k in sorted(levels)]
    by_year: dict[tuple, list[dict]] = {}
    for row in rows:
        by_year.setdefault((row["place_code"], row["standard"], row["year"]), []).append(row)
    for row in rows:
        others = [o for o in by_year[(row["place_code"], row["standard"], row["year"])] if o is not row]
        row["conflict"] = ";".join(f"{d}: {formatting.fmt_number(o['cny_per_year'])}"
                                   for o in others for d in o["doc_ids"])
    for row in rows:
        factor = None if cpi is None or price_year is None else reference.relative_price(cpi, row["year"], price_year)
        row["price_year"] = price_year
        row["price_factor"] = math.nan if factor is None else factor
        row["cny_per_year_real"] = math.nan if factor is None else row["cny_per_year"] * factor
        row["doc_ids"] = ";".join(row["doc_ids"])
        row["figure_ids"] = ";".join(row["figure_ids"])
    return schema.typed(pd.DataFrame(rows), PANEL_STANDARDS, PANEL_STANDARDS.file)


def _usable(panel: pd.DataFrame) -> pd.DataFrame:
    """The levels without a conflict."""
    return panel[panel["conflict"].fillna("") == ""]


def standards_growth(panel: pd.DataFrame) -> pd.DataFrame:
    """``panel_growth.csv``: for each place and standard with two or more years, first against last year.

    Years with conflicting levels are left out. Both rates join two stated levels (a two-point CAGR);
    the years between, where stated, are in ``panel_standards.csv`` and count in ``n_years``.
    """
    from minsheng.analysis.standards import two_point_cagr

    rows = []
    for (code, word), g in _usable(panel).groupby(["place_code", "standard"], sort=True):
        g = g.sort_values("year")
        if g["year"].nunique() < 2:
            continue
        first, last = g.iloc[0], g.iloc[-1]
        years = int(last["year"]) - int(first["year"])
        real = (two_point_cagr(float(last["cny_per_year_real"]) / float(first["cny_per_year_real"]), years)
                if formatting.is_number(first["cny_per_year_real"]) and formatting.is_number(last["cny_per_year_real"])
                else None)
        docs = list(dict.fromkeys(";".join([first["doc_ids"], last["doc_ids"]]).split(";")))
        cagr = two_point_cagr(float(last["cny_per_year"]) / float(first["cny_per_year"]), years)
        notes = [f"the {which} level is not exact ({q})" for which, q in (("first", first["qualifier"]),
                                                                            ("last", last["qualifier"])) if q != "exact"]
        if cagr is not None and cagr > IMPLAUSIBLE_CAGR:
            notes.append(f"above {IMPLAUSIBLE_CAGR:.0%} a year: probably not the same quantity")
        rows.append({"place_code": code, "place_name": first["place_name"], "standard": word,
                     "first_year": int(first["year"]), "last_year": int(last["year"]), "years": years,
                     "n_years": int(g["year"].nunique()), "first_cny_per_year": float(first["cny_per_year"]),
                     "last_cny_per_year": float(last["cny_per_year"]),
                     "cagr": cagr, "cagr_real": math.nan if real is None else real, "doc_ids": ";".join(docs),
                     "notes": "; ".join(notes)})
    if not rows:
        return PANEL_GROWTH.empty()
    return schema.typed(pd.DataFrame(rows), PANEL_GROWTH, PANEL_GROWTH.file)


@dataclass(frozen=True)
class PanelFit:
    """Log real level on calendar year with one intercept per place, for one standard (statsmodels OLS)."""

    standard: str
    slope: float  # d log(level) / d year: exp(slope) - 1 is the common real growth a year within places
    growth: float  # exp(slope) - 1
    n: int
    n_places: int
    interval: str  # "cluster-robust (CR1) by place" or "none"
    ci_low: float | None  # of growth
    ci_high: float | None
    why_no_interval: str
    points: pd.DataFrame


def model_points(panel: pd.DataFrame, standard: str) -> tuple[pd.DataFrame, str | None]:
    """The points of one standard a model can use, and why no model is fitted (``None`` when one is).

    Used: exact levels (not a floor such as 不低于, nor 约) without a conflict, with a constant-price value, of
    places with two or more such years.
    """
    d = _usable(panel[panel["standard"] == standard])
    d = d[d["cny_per_year_real"].map(formatting.is_number).astype(bool) & (d["qualifier"] == "exact")]
    years = d.groupby("place_code")["year"].transform("nunique")
    used = d[years >= 2]
    places = used["place_code"].nunique()
    within = len(used) - places
    if places < MIN_PLACES:
        return used, (f"{places} place(s) state {standard} exactly for two or more years in constant prices; a growth "
                      f"rate common to places needs at least {MIN_PLACES} (the table and plot show each place's own)")
    if within < MIN_WITHIN:
        return used, (f"{len(used)} levels of {places} places give {within} comparisons within places, fewer "
                      f"than {MIN_WITHIN}: too few to fit a common growth rate")
    return used, None


def fit_standards_panel(panel: pd.DataFrame, standard: str, *, alpha: float = 0.05) -> tuple[PanelFit | None, str]:
    """``(fit, why_not)``: the common real growth of ``standard`` within places, or ``None`` and the reason.

    ``log(cny_per_year_real) ~ year + C(place_code)`` by OLS (statsmodels): each place's own level
    cancels (place fixed effects), so the slope says how fast the standard rose a year *within* a place,
    on average over the places, in constant prices. It cannot tell why, whether the places are typical of
    others, or growth between the years no report states (a straight line in logs is assumed). The
    interval is cluster-robust by place (points of one place are not independent) with at least
    :data:`MIN_CLUSTERS_ROBUST` places; with fewer, none is given.
    """
    import statsmodels.formula.api as smf

    used, why = model_points(panel, standard)
    if why is not None:
        return None, why
    data = used.assign(log_level=np.log(used["cny_per_year_real"].astype(float)),
                       year=used["year"].astype(int), place=used["place_code"].astype(str))
    places = data["place"].nunique()
    model = smf.ols("log_level ~ year + C(place)", data=data)
    if places >= MIN_CLUSTERS_ROBUST:
        res = model.fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(data["place"], sort=True)[0]})
        lo, hi = (float(math.exp(v) - 1) for v in res.conf_int(alpha).loc["year"])
        interval, why_no = "cluster-robust (CR1) by place", ""
    else:
        res = model.fit()
        lo = hi = None
        interval = "none"
        why_no = (f"{places} places: fewer than {MIN_CLUSTERS_ROBUST}, too few for an interval that allows for "
                  "the levels of one place not being independent, so none is given")
    slope = float(res.params["year"])
    return PanelFit(standard, slope, math.exp(slope) - 1, len(data), places, interval, lo, hi, why_no, data), ""


def costs_panel(programs: pd.DataFrame) -> pd.DataFrame:
    """The cost per recipient-year of one year, by place and year, in constant prices.

    From the programmes comparison (with :func:`with_places`): rows of reports with a place, a program
    family, persons or households, one calendar year (``time_base`` year) and a constant-price cost.
    Columns: place_code, place_name, year, families, beneficiary_unit, program, doc_id,
    cny_per_beneficiary_year, cny_per_beneficiary_year_real, price_year.
    """
    cols = ["place_code", "place_name", "year", "families", "beneficiary_unit", "program", "doc_id",
            "cny_per_beneficiary_year", "cny_per_beneficiary_year_real", "price_year"]
    if programs is None or programs.empty:
        return pd.DataFrame(columns=cols)
    d = programs[(programs["place_code"].fillna("") != "") & (programs["families"].fillna("") != "")
                 & (programs["time_base"] == "year") & programs["beneficiary_unit"].isin(["person", "household"])
                 & programs["cny_per_beneficiary_year_real"].map(formatting.is_number).astype(bool)].copy()
    d["year"] = [periods.single_year(formatting.as_text(p)) for p in d["period"]]
    d = d[d["year"].notna()]
    d["year"] = d["year"].astype(int)
    return d[cols].sort_values(["families", "beneficiary_unit", "place_code", "year", "doc_id"]).reset_index(drop=True)
