"""The review sheet: the figures of a report worth a human look first, in the corrections format.

``minsheng review REPORT`` writes it. Its first columns are those of a corrections file
(:mod:`minsheng.extraction.corrections`) with every override cell empty; after
``note`` come columns for the reader only (``figure_id``, ``why``, ``sentence`` and
``rule_*``, what the extractor decided), which a corrections file may keep and
which are ignored when it is applied. So a researcher fills the cells to change,
deletes the rows they do not need (an untouched row changes nothing) and saves the
sheet as ``data/corrections/<doc_id>.csv``.

Rows in order of what to look at first (``why``, the first reason decides):

1. ``your correction``: the rows of the report's corrections file, kept as they are,
   so that saving the sheet over the file keeps them;
2. ``implausible``: a standard whose growth is above :data:`IMPLAUSIBLE_CAGR` a year
   (probably not the same quantity at both ends);
3. ``total``: the stated actual total over all livelihood projects, the denominator of
   every share;
4. ``unpaired spending``: money actually spent (not a total, a part of one or a plan)
   that found no recipients, so that no cost per beneficiary was computed (a program
   name or a metric may be wrong);
5. ``paired``: the spending and beneficiaries of each row of ``programs.csv``;
6. ``standard``: per-person levels, which the standards analysis uses;
7. ``population``: who a report counts as its residents or insured;
8. ``spending``, ``beneficiaries``: the rest of what the analyses add up.

Each reason names the fields that came from a fallback (``inferred``). Figures of
other metrics (outputs, rates, counts) are not listed: no analysis divides by them.
"""

from __future__ import annotations

import pandas as pd

from minsheng import io
from minsheng.analysis.standards import IMPLAUSIBLE_CAGR  # the one threshold: standards.csv's flag, the panel, the plots
from minsheng.extraction import corrections as corr

#: Reasons in the order they are looked at.
REASONS = ("your correction", "implausible", "total", "unpaired spending", "paired", "standard", "population",
           "spending", "beneficiaries")
#: What the extractor decided, shown beside the empty override cells.
RULE_COLUMNS = ("value_norm", "unit_norm", "qualifier", "metric", "goal", "program", "period", "period_kind",
                "status", "parent_figure_id", "relation", "inferred")
COLUMNS = (*corr.LEADING, *corr.CORRECTABLE, "note", "figure_id", "why", "sentence",
           *(f"{corr.INFORMATIVE_PREFIX}{c}" for c in RULE_COLUMNS))


def _reasons(figures: pd.DataFrame) -> dict[str, list[str]]:
    """``{figure_id: [reason, …]}`` for every figure worth a look."""
    from minsheng.analysis import per_beneficiary, standards

    out: dict[str, list[str]] = {}

    def add(fid: str, why: str) -> None:
        out.setdefault(fid, []).append(why)

    for s, b, _ in per_beneficiary.pair_figures(figures):
        add(s, "paired")
        add(b, "paired")
    spending = figures[figures["metric"] == "spending"]
    totals = set(spending.loc[(spending["goal"] == "overall") & (spending["status"] == "actual")
                              & (spending["parent_figure_id"] == ""), "figure_id"])
    # a total, a part of a total and a plan have no recipients of their own to be paired with
    own = set(spending.loc[(spending["status"] == "actual") & (spending["parent_figure_id"] == ""), "figure_id"]) - totals
    for r in per_beneficiary.unpaired(figures).itertuples(index=False):
        if r.figure_id in own:
            add(r.figure_id, "unpaired spending")
    table = standards.standards_table(figures)
    for r in table.itertuples(index=False):
        if pd.notna(r.cagr) and r.cagr > IMPLAUSIBLE_CAGR:
            add(r.base_figure_id, "implausible")
            add(r.final_figure_id, "implausible")
    for r in figures.itertuples(index=False):
        if r.figure_id in totals:
            add(r.figure_id, "total")
        if r.metric in ("standard", "population", "spending", "beneficiaries"):
            add(r.figure_id, r.metric)
    return out


def review_sheet(figures: pd.DataFrame, applied_rows: list[corr.Correction] | None = None,
                 existing: pd.DataFrame | None = None) -> pd.DataFrame:
    """The review sheet of a figures table (see the module's docstring).

    ``existing``: the report's corrections file as read (all cells as text), whose rows
    come first; figures their spans overlap are not listed again.
    """
    reasons = _reasons(figures)
    taken: list[tuple[int, int]] = []
    rows = []
    if existing is not None:
        for r in existing.to_dict("records"):
            row = {c: r.get(c, "") for c in COLUMNS}
            row["why"] = "your correction"
            rows.append((0, int(r["start"]), row))
            taken.append((int(r["start"]), int(r["end"])))
    for f in figures.itertuples(index=False):
        why = reasons.get(f.figure_id)
        if not why or any(a < f.end and f.start < b for a, b in taken):
            continue
        why = sorted(set(why), key=REASONS.index)
        inferred = f"; fallback: {f.inferred.replace(';', ', ')}" if f.inferred else ""
        row = {c: "" for c in COLUMNS}
        row.update(start=f.start, end=f.end, text=f.text, action="set", figure_id=f.figure_id,
                   why=", ".join(why) + inferred, sentence=f.sentence)
        for c in RULE_COLUMNS:
            v = getattr(f, c)
            row[f"{corr.INFORMATIVE_PREFIX}{c}"] = "" if pd.isna(v) else (f"{v:.15g}" if isinstance(v, float) else v)
        rows.append((REASONS.index(why[0]), f.start, row))
    rows.sort(key=lambda t: (t[0], t[1]))
    return pd.DataFrame([r for _, _, r in rows], columns=list(COLUMNS))


def review(report, corrections_dir=None) -> pd.DataFrame:
    """The review sheet of a :class:`~minsheng.extraction.reading.Report`, its corrections applied."""
    from minsheng.extraction.clean import corrected_table

    figures, applied = corrected_table(report, corrections_dir)
    existing = None
    if applied.path is not None:
        existing = pd.read_csv(applied.path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return review_sheet(figures, existing=existing)


def to_csv(sheet: pd.DataFrame) -> str:
    """The sheet as CSV text (UTF-8, ``\\n``), as :func:`minsheng.io.to_csv_text` writes every table."""
    return io.to_csv_text(sheet)
