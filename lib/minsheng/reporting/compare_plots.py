"""The plots across reports (notebook 30), in the house style of :mod:`minsheng.reporting.plot_style`.

Each report has one colour and one marker in every plot across reports, so a
point or a bar says which report it comes from.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd

from minsheng import formatting, schema
from minsheng.analysis.per_goal import GOAL_NAMES
from minsheng.analysis.standards import IMPLAUSIBLE_CAGR
from minsheng.errors import NothingToPlot
from minsheng.reporting import plot_style
from minsheng.reporting.plot_style import (
    GOAL_COLORS,
    _auto_log,
    _ax,
    _fix_tick_fonts,
    _plain_log,
    chinese_labels,
    goal_label,
    house_style,
    program_label,
    set_caption,
    set_title,
    wrap,
)

#: One colour and one marker per report in the plots across reports, in order of ``doc_id``
#: (seaborn's colour-blind palette; markers so that greyscale prints stay readable).
REPORT_COLORS = ("#0173b2", "#de8f05", "#029e73", "#d55e00", "#cc78bc", "#ca9161", "#56b4e9", "#949494", "#ece133",
                 "#fbafe4")
REPORT_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "<", ">", "h")

#: The most points the cross-report scatter names one by one.
MAX_LABELLED_POINTS = 10

#: Above this many reports a plot across reports no longer gives each report its colour, marker, legend
#: entry and row (twenty rows of names are what a page can still read): it shows how the reports spread,
#: one row per programme, standard or goal, a dot per report and a tick at the median (:func:`many_reports`).
MAX_REPORTS_BY_NAME = 20

#: The most rows a plot of many reports draws: the programmes (standards) that the most reports state; the
#: caption says how many more the tables hold.
MAX_SPREAD_ROWS = 24

_SPREAD_DOT = "#0173b2"
_SPREAD_DOT_REAL = "#de8f05"

_UNIT_BLOCKS = (
    ("person", "人（每人）", "persons"),
    ("household", "户（每户）", "households (per household)"),
    ("person_time", "人次（服务人次，非人数）", "person-times (service events, not people)"),
)


def report_style(doc_ids) -> dict[str, tuple[str, str]]:
    """``{doc_id: (colour, marker)}`` for the reports, in sorted order (cycling after ten)."""
    ids = sorted(set(doc_ids))
    return {d: (REPORT_COLORS[i % len(REPORT_COLORS)], REPORT_MARKERS[i % len(REPORT_MARKERS)])
            for i, d in enumerate(ids)}


def report_figsize(data) -> tuple[float, float]:
    """A figure size for a plot with one row per report (8 inches wide, height from the number of reports)."""
    n = data["doc_id"].nunique() if hasattr(data, "columns") and "doc_id" in data.columns else 3
    return (8.0, float(min(max(1.8 + 0.55 * n, 3.2), 12.0)))


def many_reports(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` holds more than :data:`MAX_REPORTS_BY_NAME` reports: its plots across reports show
    the spread of the reports, not each report by name."""
    return "doc_id" in frame.columns and frame["doc_id"].nunique() > MAX_REPORTS_BY_NAME


def across_figsize(frame: pd.DataFrame) -> tuple[float, float] | None:
    """The figure size of a plot across reports: for many reports (:func:`many_reports`) from its rows (at
    most :data:`MAX_SPREAD_ROWS` whatever the number of reports; the scatter 8 × 6 inches), else ``None``
    (the plot's own default, from the number of reports)."""
    drawn = _drawn(frame)
    if not many_reports(drawn):  # the plot draws each report by name, at its own size
        return None
    if "used" in frame.columns and "cell" in frame.columns:  # model points: one scatter
        return (8.0, 6.0)
    return (8.0, float(min(max(2.2 + 0.42 * _spread_rows(drawn), 4.5), 12.0)))


def _family_names(zh: bool) -> dict[str, str]:
    """``{family: its name}`` of the program families (``lexicon/program_families.csv``): in Chinese its first
    word, in English its note (the family's id where it has none)."""
    from minsheng import io

    out: dict[str, str] = {}
    for r in io.read_lexicon("program_families.csv"):
        name = r["word"] if zh else (r.get("note") or "")
        if name and r["family"] not in out:
            out[r["family"]] = name
    return out if zh else {**{r["family"]: r["family"].replace("_", " ")
                              for r in io.read_lexicon("program_families.csv")}, **out}


def _group_key(row, names: dict[str, str], zh: bool) -> tuple[str, str]:
    """The row a programme or standard of one report is drawn in among many reports: its program families
    where it has any (the same kind of programme under other words in other reports), else its own words;
    and the family names as the row's label (empty for a programme of no family)."""
    fams = [f for f in formatting.as_text(row.get("families", "")).split(";") if f]
    if fams:
        return "family:" + ";".join(fams), ("、" if zh else " + ").join(names.get(f, f) for f in fams)
    return "program:" + formatting.as_text(row.get("program", "")), ""


def _spread_groups(d: pd.DataFrame, value, chinese, mark=None) -> list[tuple[str, str, list, list[float], int, list]]:
    """``d``'s rows grouped by :func:`_group_key`: ``(key, label, rows' doc_ids, values, reports, marks)``
    per group, the groups most reports state first (then by label, then by key), where ``value(row)`` is a
    number and ``mark(row)`` what its dot is marked for (:func:`_growth_flags`; none without ``mark``). No two
    groups have one label (:func:`_distinct_labels`)."""
    zh = chinese_labels(chinese)
    names = _family_names(zh)
    groups: dict[str, list] = {}
    for _, r in d.iterrows():
        v = value(r)
        if not formatting.is_number(v):
            continue
        key, family_label = _group_key(r, names, zh)
        figure_id = formatting.as_text(r.get("spending_figure_id", "")) or formatting.as_text(r.get("base_figure_id", ""))
        g = groups.setdefault(key, [family_label or program_label(r, chinese, figure_id), [], [], [], []])
        g[1].append(r["doc_id"])
        g[2].append(float(v))
        g[3].append((formatting.as_text(r.get("program", "")), str(r["doc_id"]), figure_id))
        g[4].append(mark(r) if mark else "")
    labels = _distinct_labels({key: (g[0], g[3]) for key, g in groups.items()}, zh)
    order = sorted(groups, key=lambda k: (-len(set(groups[k][1])), groups[k][0], k))  # rows alike: by key
    return [(key, labels[key], groups[key][1], groups[key][2], len(set(groups[key][1])), groups[key][4])
            for key in order]


def _distinct_labels(groups: dict[str, tuple[str, list[tuple[str, str, str]]]], zh: bool) -> dict[str, str]:
    """``{key: label}`` of the rows of a plot of many reports, no two alike: a label that two groups share
    (two programmes with one English gloss, a family named like another group's words) gets, on each of
    them only, its group's own Chinese words in parentheses: a programme's words, or the words most of a
    family's rows use (the first in order among equals). Where no CJK font could draw them, the family's
    ids, or the report and figure of a programme's first row. Labels alike even then get their group's key.

    ``groups``: ``{key: (label, [(program words, doc_id, figure_id) of each row])}``.
    """
    from collections import Counter

    def own(key: str, rows) -> str:
        if plot_style.cjk_font() is None:  # Chinese words would be empty boxes
            return key.split(":", 1)[1] if key.startswith("family:") else " ".join(min((d, f) for _p, d, f in rows))
        words = Counter(p for p, _d, _f in rows if p)
        return min(words, key=lambda w: (-words[w], w)) if words else key

    def with_(label: str, word: str) -> str:
        return f"{label}（{word}）" if zh else f"{label} ({word})"

    clash = Counter(label for label, _rows in groups.values())
    out = {key: with_(label, own(key, rows)) if clash[label] > 1 else label for key, (label, rows) in groups.items()}
    clash = Counter(out.values())
    return {key: with_(label, key) if clash[label] > 1 else label for key, label in out.items()}


#: How a dot of a plot of many reports is marked for each flag of :func:`_growth_flags`: a ring around it.
_GROWTH_MARKS = {"floor": {"marker": "D", "s": 40, "edgecolors": "#333333", "linewidths": 0.8},
                 "implausible": {"marker": "o", "s": 70, "edgecolors": "#d55e00", "linewidths": 1.4}}

#: Each flag of :func:`_growth_flags`: the suffix of a row's label (Chinese, English) in the plot by name, and
#: what it means (Chinese, English), in the note under that plot and in the legend of the plot of many reports.
_GROWTH_FLAG_WORDS = {
    "floor": (("（下限）", " (floor)"),
              ("下限：所述标准为“不低于”，增长为最低标准的增长", "floor: a level stated as a minimum, the growth of a minimum")),
    "implausible": (("（增长不合常理）", " (implausible growth)"),
                    (f"增长不合常理：年均超过{IMPLAUSIBLE_CAGR * 100:.0f}%，可能不是同一口径",
                     f"implausible growth: above {IMPLAUSIBLE_CAGR * 100:.0f} % a year, probably not the same "
                     "quantity")),
}


def _growth_flags(r) -> str:
    """What a standard's growth is flagged for, as the tables flag it (``;``-separated): ``floor`` where a level
    is stated as a floor (``at_least``, 不低于: compare_standards.csv's notes), ``implausible`` where the
    nominal CAGR is above :data:`~minsheng.analysis.standards.IMPLAUSIBLE_CAGR` (standards.csv's flag
    ``implausible_growth``, panel_growth.csv's notes)."""
    flags = ["floor"] if "at_least" in (r["base_qualifier"], r["final_qualifier"]) else []
    if formatting.is_number(r["cagr"]) and float(r["cagr"]) > IMPLAUSIBLE_CAGR:
        flags.append("implausible")
    return ";".join(flags)


def _growth_notes(flags, zh: bool) -> str:
    """The notes on the flags among ``flags`` (:func:`_growth_flags` of the rows drawn), each once, to follow a
    caption; empty where none is flagged."""
    seen = {f for fs in flags for f in fs.split(";") if f}
    notes = [_GROWTH_FLAG_WORDS[f][1][0 if zh else 1] for f in _GROWTH_FLAG_WORDS if f in seen]
    return ("；" if zh else "; ").join(["", *notes]) if notes else ""


def _draw_spread(ax, rows: list[tuple], y_offset: float = 0.0, color: str = _SPREAD_DOT,
                 text=None, above: bool = True) -> None:
    """A dot per value at its row's height (spread a little up and down in a fixed pattern so that equal
    values stay visible) and a tick at the row's median, with ``text(median)`` above the tick (``above``)
    or beside the row's largest value.

    ``rows``: ``(y, values, label)``, or ``(y, values, label, marks)`` with what each value's dot is marked
    for (:data:`_GROWTH_MARKS`: a ring around it per flag)."""
    xs, ys, med_x, med_y, marked = [], [], [], [], []
    for y, values, _label, *marks in rows:
        pairs = sorted(zip(values, marks[0] if marks else [""] * len(values)), key=lambda p: p[0])
        vals = [v for v, _m in pairs]
        xs.extend(vals)
        ys.extend(y + y_offset + ((i % 5) - 2) * 0.07 for i in range(len(vals)))
        marked += [m for _v, m in pairs]
        m = float(np.median(vals))
        med_x.append(m)
        med_y.append(y + y_offset)
        if text is not None and above:
            ax.annotate(text(m), (m, y + y_offset - 0.2), xytext=(3, 2), textcoords="offset points", ha="left",
                        va="bottom", fontsize=7.5, color="#333333")
        elif text is not None:
            ax.annotate(text(m), (vals[-1], y + y_offset), xytext=(6, 0), textcoords="offset points",
                        va="center", fontsize=7.5, color="#333333")
    ax.scatter(xs, ys, s=12, color=color, alpha=0.45, linewidths=0, zorder=3)
    ax.scatter(med_x, med_y, marker="|", s=260, color="#222222", linewidths=1.8, zorder=4)
    for flag, style in _GROWTH_MARKS.items():
        at = [(x, y) for x, y, m in zip(xs, ys, marked) if flag in m.split(";")]
        if at:
            ax.scatter(*zip(*at), facecolors="none", zorder=5, **style)


#: The share of the figure's width left to a plot of many reports beside its long row labels: its title's and
#: caption's lines are as wide.
_SPREAD_SHARE = 0.6


def _spread_caption(ax, text: str) -> None:
    """The caption of a plot of many reports: lines as wide as the plot beside its long row labels."""
    set_caption(ax, text, share=_SPREAD_SHARE)


def _spread_title(ax, text: str) -> None:
    """The title of a plot of many reports: lines as wide as the plot beside its long row labels."""
    set_title(ax, text, share=_SPREAD_SHARE)


def _spread_rows(frame: pd.DataFrame) -> int:
    """About how many rows a plot of many reports draws for ``frame`` (for its height): its kinds of
    programme or standard (:func:`_group_key`) per beneficiary unit, or its goals, at most :data:`MAX_SPREAD_ROWS`."""
    if "families" in frame.columns:
        key = frame["families"].where(frame["families"].astype(str) != "", frame["program"]).astype(str)
        if "beneficiary_unit" in frame.columns:
            key = frame["beneficiary_unit"].astype(str) + "|" + key
        n = key.nunique() + (frame["beneficiary_unit"].nunique() if "beneficiary_unit" in frame.columns else 0)
    elif "goal" in frame.columns:
        n = frame["goal"].nunique() + 1
    else:
        n = 8
    return min(n, MAX_SPREAD_ROWS + 3)


def _counted(label: str, n: int, zh: bool, chinese) -> str:
    """A row label of a plot of many reports: ``label`` in short lines (14 characters in Chinese, 26 in English:
    about as wide), then how many reports state it (on the last line where it fits, else on its own)."""
    count = f"（{n}份报告）" if zh else f" ({formatting.fmt_count(n, 'report')})"
    width = 14 if zh else 26
    lines = wrap(label, chinese, width).split("\n")
    if len(lines[-1]) + len(count) <= width + 2:
        lines[-1] += count
    else:
        lines.append(count.strip())
    return "\n".join(lines)


def _more_rows(n_more: int, zh: bool, table: str) -> str:
    if not n_more:
        return ""
    return (f"；另有{n_more}组未画出，见{table}" if zh else f"; {n_more} more not drawn, see {table}")


def _report_handles(style: dict, used) -> list:
    from matplotlib.lines import Line2D

    return [Line2D([], [], linestyle="none", marker=style[d][1], color=style[d][0], markeredgecolor="#333333",
                   markeredgewidth=0.5, label=d) for d in sorted(set(used))]


def cost_per_beneficiary_year_by_report(programs: pd.DataFrame, *, log="auto", chinese: bool | None = None, ax=None):
    """Cost per beneficiary-year of every program of every report, one block per beneficiary unit.

    Persons, households and person-times (人次, service events) are drawn in
    separate blocks, each under a header naming its unit, so that no reader
    ranks a cost per person-time against a cost per person. Colour and marker
    give the report (:func:`report_style`).

    Parameters
    ----------
    programs : pandas.DataFrame
        :func:`minsheng.analysis.compare.programs_comparison` (or stacked ``programs.csv``).
    log : bool or "auto", default "auto"
        Log scale on the value axis; ``"auto"``: when the largest value is more
        than ten times the smallest.
    chinese : bool, optional
        Chinese labels if a CJK font is installed (default).
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    NothingToPlot
        When no program of any report has a cost per beneficiary-year.
    """
    schema.require_columns(programs, ("doc_id", "program", "program_en", "goal", "beneficiary_unit", "time_base",
                                      "cny_per_beneficiary", "cny_per_beneficiary_year_low",
                                      "cny_per_beneficiary_year_high", "spending_figure_id"), "programs comparison")
    # the value a row is drawn at, on its time base: one year's recipients and counts over several years at the
    # low reading (a segment to the high one), person-times per event; the rest (a part of a year, cumulative,
    # no period) has no per-year cost and is not drawn. In one year's prices where the comparison gives them.
    d, real = _drawn_costs(programs)
    person_time = programs["time_base"] == "person_time"
    drawable = programs["time_base"].isin(("year", "years", "person_time"))
    if d.empty:
        raise NothingToPlot(
            "**No plot of cost per beneficiary-year across reports:** no report states a program with both "
            "spending and recipients." if programs.empty else
            "**No plot of cost per beneficiary-year across reports:** no paired program is counted over a stated "
            "year or years, so no per-year cost.")
    nominal = programs["cny_per_beneficiary_year_low"].astype(float).where(
        ~person_time, programs["cny_per_beneficiary"].astype(float))
    not_drawn = programs[drawable & nominal.map(formatting.is_number).astype(bool) & ~programs.index.isin(d.index)]
    price_year = int(d["price_year"].dropna().iloc[0]) if real and d["price_year"].notna().any() else None
    if many_reports(d):
        return _cost_spread(d, not_drawn, price_year, log, chinese, ax)
    ax = _ax(ax)
    zh = chinese_labels(chinese)
    style = report_style(d["doc_id"])
    with house_style(chinese):
        y, labels, ticks, values = 0, [], [], []
        for unit, name_zh, name_en in _UNIT_BLOCKS:
            block = d[d["beneficiary_unit"] == unit]  # in the comparison's order (time base, then cost)
            if block.empty:
                continue
            _unit_header(ax, y, name_zh if zh else name_en)
            y += 1
            for _, r in block.iterrows():
                color, marker = style[r["doc_id"]]
                v, w = float(r["_low"]), float(r["_high"])
                ax.scatter([v], [y], color=color, marker=marker, s=60, edgecolors="#333333", linewidths=0.5,
                           zorder=3)
                if formatting.is_number(w) and w > v:  # counted over several years: the high reading too
                    ax.plot([v, w], [y, y], color=color, linewidth=1.6, marker="|", markersize=9, zorder=2)
                    values.append(w)
                text = f"{v:,.0f}–{w:,.0f}" if formatting.is_number(w) and w > v else f"{v:,.0f}"
                ax.annotate(text, (max(v, w) if formatting.is_number(w) else v, y), xytext=(7, 0),
                            textcoords="offset points", va="center", fontsize=8)
                ticks.append(y)
                labels.append(wrap(program_label(r, chinese, r["spending_figure_id"]), chinese))
                values.append(v)
                y += 1
        ax.set_yticks(ticks, labels)
        ax.set_ylim(y - 0.4, -0.6)  # top to bottom, the first header at the top
        logscale = _auto_log(values, log)
        if logscale:
            ax.set_xscale("log")
            _plain_log(ax.xaxis)
        else:
            ax.set_xlim(left=0)
        set_title(ax, "各报告每名受益者每年支出（按受益单位分组）" if zh
                     else "Cost per beneficiary-year by report, each beneficiary unit apart")
        scale = (" (对数坐标)" if zh else " (log scale)") if logscale else ""
        caption = _cost_caption(price_year, zh)
        caption += ("；多年计数画为区间：低值＝每年同一批人，高值＝各年人数相加；人次为每次支出" if zh else
                    "; counts over several years as a range: low = the same people every year, high = each "
                    "year's recipients added up; person-times per event")
        if len(not_drawn):
            caption += (("；无CPI、未画出：" if zh else "; not drawn (CPI does not cover the years): ")
                        + ", ".join(f"{a} {b}" for a, b in zip(not_drawn["doc_id"], not_drawn["spending_figure_id"])))
        set_caption(ax, caption + scale)
        ax.set_ylabel("")
        ax.grid(axis="y", visible=True, linestyle=":")
        # beside the plot, never over a point
        ax.legend(handles=_report_handles(style, d["doc_id"]), title="报告" if zh else "report", loc="upper left",
                  bbox_to_anchor=(1.01, 1.0))
        ax.margins(x=0.15)
        _fix_tick_fonts(ax, chinese)
    return ax


def _drawn_costs(programs: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The rows :func:`cost_per_beneficiary_year_by_report` draws, with the value (``_low``) and the high
    reading (``_high``) each is drawn at, and whether in one year's prices.

    On its time base: one year's recipients and counts over several years at the low reading (a segment to
    the high one), person-times per event; the rest (a part of a year, cumulative, no period) has no per-year
    cost and is not drawn. In one year's prices where the comparison gives them.
    """
    real = "cny_per_beneficiary_year_low_real" in programs.columns and bool(programs[
        "cny_per_beneficiary_year_low_real"].map(formatting.is_number).any())
    sfx = "_real" if real else ""
    person_time = programs["time_base"] == "person_time"
    low = programs[f"cny_per_beneficiary_year_low{sfx}"].astype(float).where(
        ~person_time, programs[f"cny_per_beneficiary{sfx}"].astype(float))
    high = programs[f"cny_per_beneficiary_year_high{sfx}"].astype(float).where(~person_time, low)
    drawable = programs["time_base"].isin(("year", "years", "person_time"))
    return programs.assign(_low=low, _high=high)[drawable & low.map(lambda v: formatting.is_number(v) and v > 0)], real


def _drawn(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` that its plot across reports draws (the frame :func:`many_reports` is asked of):
    costs (:func:`_drawn_costs`), standards with a growth rate, goals of reports with a stated total, model
    points with positive spending and recipients."""
    if "cny_per_beneficiary_year_low" in frame.columns:
        return _drawn_costs(frame)[0]
    if "cagr" in frame.columns:
        return frame[frame["cagr"].map(formatting.is_number).astype(bool)]
    if "total_spending_cny" in frame.columns:
        return frame[frame["total_spending_cny"].map(formatting.is_number).astype(bool)]
    if "spending_cny" in frame.columns and "beneficiaries" in frame.columns:
        return frame[(frame["spending_cny"].astype(float) > 0) & (frame["beneficiaries"].astype(float) > 0)]
    return frame


def _unit_header(ax, y: float, name: str) -> None:
    """The header of a beneficiary unit's block of rows at row ``y`` (a rule above it unless it is the first)."""
    ax.text(0.005, y, name, transform=ax.get_yaxis_transform(), va="center", ha="left", fontweight="bold",
            fontsize=8.5, color="#333333")
    if y:
        ax.axhline(y - 0.5, color="#bbbbbb", linewidth=0.8)


def _cost_caption(price_year, zh: bool) -> str:
    if price_year is not None:
        return (f"元/受益单位/年，{price_year}年价格（按全国CPI）" if zh
                else f"CNY per beneficiary unit per year, in {price_year} prices (national CPI)")
    return "元/受益单位/年，各报告名义价格" if zh else "CNY per beneficiary unit per year, nominal"


def _cost_spread(d: pd.DataFrame, not_drawn: pd.DataFrame, price_year, log, chinese, ax):
    """:func:`cost_per_beneficiary_year_by_report` for many reports: per beneficiary unit, one row per kind of
    programme (:func:`_group_key`), a dot per programme of a report at its cost (the low reading of a range),
    a tick at the median; the kinds most reports state first, at most :data:`MAX_SPREAD_ROWS`."""
    ax = _ax(ax)
    zh = chinese_labels(chinese)
    groups = []
    for b, (unit, _zh, _en) in enumerate(_UNIT_BLOCKS):
        groups += [(b, *g) for g in _spread_groups(d[d["beneficiary_unit"] == unit], lambda r: r["_low"], chinese)]
    shown = sorted(sorted(groups, key=lambda g: (-g[5], g[2], g[1]))[:MAX_SPREAD_ROWS],
                   key=lambda g: (g[0], -g[5], g[2], g[1]))
    with house_style(chinese):
        y, ticks, labels, rows, values = 0, [], [], [], []
        for b, (_unit, name_zh, name_en) in enumerate(_UNIT_BLOCKS):
            block = [g for g in shown if g[0] == b]
            if not block:
                continue
            _unit_header(ax, y, name_zh if zh else name_en)
            y += 1
            for _b, _key, label, _ids, vals, n, _marks in block:
                rows.append((y, vals, label))
                ticks.append(y)
                labels.append(_counted(label, n, zh, chinese))
                values += vals
                y += 1
        _draw_spread(ax, rows, text=("中位数 {:,.0f}" if zh else "median {:,.0f}").format)
        ax.set_yticks(ticks, labels)
        ax.set_ylim(y - 0.4, -0.6)
        logscale = _auto_log(values, log)
        if logscale:
            ax.set_xscale("log")
            _plain_log(ax.xaxis)
        else:
            ax.set_xlim(left=0)
        n_reports = d["doc_id"].nunique()
        _spread_title(ax, f"{n_reports}份报告的每名受益者每年支出（按受益单位与项目类别）" if zh
                  else f"Cost per beneficiary-year across {n_reports} reports, by beneficiary unit and kind of programme")
        caption = _cost_caption(price_year, zh)
        caption += ("；每点为一份报告的一个项目，竖线为中位数；多年计数取低值（每年同一批人）；人次为每次支出" if zh else
                    "; a dot per programme of a report, a tick at the median; counts over several years at the low "
                    "reading (the same people every year); person-times per event")
        caption += _more_rows(len(groups) - len(shown), zh, "compare_programs.csv")
        if len(not_drawn):
            caption += (f"；无CPI、未画出{len(not_drawn)}项" if zh
                        else f"; {len(not_drawn)} not drawn (CPI does not cover the years)")
        _spread_caption(ax, caption + ((" (对数坐标)" if zh else " (log scale)") if logscale else ""))
        ax.set_ylabel("")
        ax.grid(axis="y", visible=True, linestyle=":")
        ax.margins(x=0.1)
        _fix_tick_fonts(ax, chinese)
    return ax


def standards_cagr_by_report(standards: pd.DataFrame, *, chinese: bool | None = None, ax=None):
    """Two-point CAGR of each benefit standard of each report, nominal and real side by side.

    One row per standard (the same program family of several reports next to
    each other, as :func:`minsheng.analysis.compare.standards_comparison` orders them),
    labelled with its report and years; a filled bar for the nominal rate, a
    hatched one for the real (CPI-deflated) rate, ``n/a`` where the CPI did
    not cover the years.

    Parameters
    ----------
    standards : pandas.DataFrame
        :func:`minsheng.analysis.compare.standards_comparison` (or stacked ``standards.csv``).
    chinese : bool, optional
        Chinese labels if a CJK font is installed (default).
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    NothingToPlot
        When no standard of any report has a nominal CAGR.
    """
    from matplotlib.patches import Patch
    from matplotlib.ticker import PercentFormatter

    schema.require_columns(standards, ("doc_id", "program", "program_en", "base_year", "final_year", "cagr",
                                       "cagr_real", "base_figure_id", "base_qualifier", "final_qualifier"),
                           "standards comparison")
    d = standards[standards["cagr"].map(formatting.is_number).astype(bool)]
    if d.empty:
        raise NothingToPlot(
            "**No plot of standards' growth across reports:** no report states a benefit standard as a change."
            if standards.empty else
            "**No plot of standards' growth across reports:** no standard has both years, so no growth rate.")
    if many_reports(d):
        return _cagr_spread(d, chinese, ax)
    ax = _ax(ax)
    zh = chinese_labels(chinese)
    nominal_color, real_color = "#0173b2", "#de8f05"
    with house_style(chinese):
        labels, y = [], np.arange(len(d))
        nominal = d["cagr"].astype(float).to_numpy() * 100
        real = d["cagr_real"].map(lambda v: float(v) * 100 if formatting.is_number(v) else np.nan).to_numpy()
        flags = []
        for _, r in d.iterrows():
            flags.append(fl := _growth_flags(r))
            marks = "".join(_GROWTH_FLAG_WORDS[f][0][0 if zh else 1] for f in fl.split(";") if f)
            labels.append(wrap(program_label(r, chinese, r["base_figure_id"]) + marks, chinese, 30)
                          + f"\n{r['doc_id']}, {int(r['base_year'])}–{int(r['final_year'])}")
        h = 0.38
        bars_n = ax.barh(y - h / 2, nominal, height=h, color=nominal_color, edgecolor="#333333", linewidth=0.5)
        bars_r = ax.barh(y + h / 2, np.nan_to_num(real), height=h, color="white", edgecolor=real_color,
                         hatch="///", linewidth=0.8)
        ax.bar_label(bars_n, labels=[f"{v:.1f} %" for v in nominal], padding=3, fontsize=7.5)
        ax.bar_label(bars_r, labels=[f"{v:.1f} %" if np.isfinite(v) else ("无CPI" if zh else "n/a: no CPI")
                                     for v in real], padding=3, fontsize=7.5)
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.axvline(0, color="#666666", linewidth=0.8)
        ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
        set_title(ax, "各报告福利标准年均增长（两点CAGR）：名义与实际" if zh
                     else "Benefit standards by report: two-point CAGR, nominal and real")
        set_caption(ax, ("每年增长；仅基年与末年两点，中间年份未知" if zh
                         else "growth per year; two points only (base and final level), the years between unknown")
                    + _growth_notes(flags, zh))
        ax.set_ylabel("")
        ax.grid(axis="y", visible=False)
        ax.legend(handles=[Patch(facecolor=nominal_color, edgecolor="#333333", label="名义" if zh else "nominal"),
                           Patch(facecolor="white", edgecolor=real_color, hatch="///",
                                 label="实际（按CPI平减）" if zh else "real (CPI-deflated)")],
                  loc="upper left", bbox_to_anchor=(1.01, 1.0))
        ax.margins(x=0.15)
        _fix_tick_fonts(ax, chinese)
    return ax


def _cagr_spread(d: pd.DataFrame, chinese, ax):
    """:func:`standards_cagr_by_report` for many reports: one row per kind of standard (:func:`_group_key`),
    a dot per standard of a report at its nominal CAGR and, just below, at its real one, ticks at the medians."""
    from matplotlib.lines import Line2D
    from matplotlib.ticker import PercentFormatter

    ax = _ax(ax)
    zh = chinese_labels(chinese)
    groups = _spread_groups(d, lambda r: float(r["cagr"]) * 100, chinese, _growth_flags)
    shown = groups[:MAX_SPREAD_ROWS]
    real = d.assign(_real=d["cagr_real"].map(lambda v: float(v) * 100 if formatting.is_number(v) else np.nan))
    real_groups = {g[0]: g for g in _spread_groups(real, lambda r: r["_real"], chinese,
                                                   _growth_flags)}  # by key, never by label
    with house_style(chinese):
        rows, rows_real, labels = [], [], []
        for y, (key, label, _ids, vals, n, marks) in enumerate(shown):
            rows.append((y, vals, label, marks))
            if key in real_groups:  # a real rate marked as its standard's nominal one
                rows_real.append((y, real_groups[key][3], label, real_groups[key][5]))
            labels.append(_counted(label, n, zh, chinese))
        flags = [m for _y, _v, _l, marks in rows for m in marks]
        _draw_spread(ax, rows, y_offset=-0.18, text="{:.1f} %".format, above=False)
        if rows_real:
            _draw_spread(ax, rows_real, y_offset=0.18, color=_SPREAD_DOT_REAL, text="{:.1f} %".format,
                         above=False)
        ax.set_yticks(range(len(shown)), labels)
        ax.set_ylim(len(shown) - 0.5, -0.5)
        ax.axvline(0, color="#666666", linewidth=0.8)
        ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
        n_reports = d["doc_id"].nunique()
        _spread_title(ax, f"{n_reports}份报告的福利标准年均增长（两点CAGR）：名义与实际" if zh
                  else f"Benefit standards across {n_reports} reports: two-point CAGR, nominal and real")
        _spread_caption(ax, ("每年增长；仅基年与末年两点；每点为一份报告的一项标准，竖线为中位数" if zh
                         else "growth per year; two points only (base and final level); a dot per standard of a "
                              "report, a tick at the median")
                    + _more_rows(len(groups) - len(shown), zh, "compare_standards.csv")
                    + (("；圈出的点如standards.csv所标（见图例），计入中位数" if zh
                        else "; ringed dots flagged as in standards.csv (see the legend), counted in the medians")
                       if _growth_notes(flags, zh) else ""))
        ax.set_ylabel("")
        ax.grid(axis="y", visible=False)
        handles = [Line2D([], [], linestyle="none", marker="o", color=_SPREAD_DOT, label="名义" if zh else "nominal"),
                   Line2D([], [], linestyle="none", marker="o", color=_SPREAD_DOT_REAL,
                          label="实际（按CPI平减）" if zh else "real (CPI-deflated)")]
        seen = {f for m in flags for f in m.split(";") if f}
        handles += [Line2D([], [], linestyle="none", markerfacecolor="none", marker=style["marker"],
                           markeredgecolor=style["edgecolors"], markeredgewidth=style["linewidths"], markersize=7,
                           label=wrap(_GROWTH_FLAG_WORDS[f][1][0 if zh else 1], chinese, 16 if zh else 30))
                    for f, style in _GROWTH_MARKS.items() if f in seen]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        ax.margins(x=0.15)
        _fix_tick_fonts(ax, chinese)
    return ax


def _text_on(color: str) -> str:
    """A text colour readable on ``color``: dark on light colours, white on dark ones."""
    r, g, b = mpl.colors.to_rgb(color)
    return "#222222" if 0.299 * r + 0.587 * g + 0.114 * b > 0.6 else "white"


def goal_shares_by_report(goals: pd.DataFrame, *, chinese: bool | None = None, ax=None):
    """One bar per report with a stated total: each goal's share of it, and what it does not itemise.

    Shares are of each report's own total, so reports of any size compare;
    segments follow the goal colours (:data:`GOAL_COLORS`), a grey segment is
    the part of the total the report does not itemise by goal; a segment whose
    spending covers another period than the total (or several periods) is
    cross-hatched. Reports without a stated total are named under the plot,
    not drawn.

    Parameters
    ----------
    goals : pandas.DataFrame
        :func:`minsheng.analysis.compare.goals_comparison`.
    chinese : bool, optional
        Chinese labels if a CJK font is installed (default).
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    NothingToPlot
        When no report has both goal rows and a stated total.
    """
    from matplotlib.patches import Patch
    from matplotlib.ticker import PercentFormatter

    schema.require_columns(goals, ("doc_id", "goal", "share_of_total", "total_spending_cny", "total_years",
                                   "unitemised_share", "periods", "years"), "goals comparison")
    with_total = goals[goals["total_spending_cny"].map(formatting.is_number).astype(bool)]
    if with_total.empty:
        raise NothingToPlot(
            "**No plot of goal shares across reports:** no report's figures mention a goal." if goals.empty else
            "**No plot of goal shares across reports:** no report states a total of livelihood spending, "
            "so there are no shares of a total.")
    if many_reports(with_total):
        return _goal_spread(goals, with_total, chinese, ax)
    ax = _ax(ax)
    zh = chinese_labels(chinese)
    reports = sorted(set(with_total["doc_id"]))
    without = sorted(set(goals["doc_id"]) - set(reports))
    order = list(GOAL_NAMES)
    with house_style(chinese):
        seen, ticklabels, right, mixed = set(), [], 1.0, False
        for i, doc_id in enumerate(reports):
            g = with_total[with_total["doc_id"] == doc_id]
            g = g.assign(_o=g["goal"].map(lambda x: order.index(x) if x in order else len(order))).sort_values("_o")
            left = 0.0
            for _, r in g.iterrows():
                if not formatting.is_number(r["share_of_total"]) or float(r["share_of_total"]) <= 0:
                    continue
                s = float(r["share_of_total"])
                color = GOAL_COLORS.get(r["goal"], "#949494")
                # spending of another period than the total (or of several periods): hatched, never silent
                other_period = (len([p for p in str(r["periods"]).split(";") if p]) > 1
                                or (not pd.isna(r["years"]) and not pd.isna(r["total_years"])
                                    and int(r["years"]) != int(r["total_years"])))
                ax.barh(i, s, left=left, color=color, edgecolor="white", linewidth=0.6, height=0.6,
                        hatch="xx" if other_period else None)
                mixed = mixed or other_period
                if s >= 0.04:
                    ax.text(left + s / 2, i, f"{s:.0%}", ha="center", va="center", fontsize=7.5,
                            color=_text_on(color))
                seen.add(r["goal"])
                left += s
            rest = g["unitemised_share"].iloc[0]
            if formatting.is_number(rest) and float(rest) > 0:
                ax.barh(i, float(rest), left=left, color="#e6e6e6", edgecolor="white", linewidth=0.6, height=0.6)
                if float(rest) >= 0.04:
                    ax.text(left + float(rest) / 2, i, f"{float(rest):.0%}", ha="center", va="center", fontsize=7.5,
                            color="#333333")
                left += float(rest)
            elif formatting.is_number(rest) and float(rest) < 0:
                ax.annotate("分项超出总额" if zh else "items exceed the total", (left, i), xytext=(4, 0),
                            textcoords="offset points", va="center", fontsize=7.5, color="#d55e00")
            right = max(right, left)
            years = g["total_years"].iloc[0]
            span = "" if pd.isna(years) else (f"（{int(years)}年）" if zh else f" ({int(years)} yr)")
            ticklabels.append(f"{doc_id}{span}")
        handles = [Patch(facecolor=GOAL_COLORS.get(g, "#949494"), label=goal_label(g, chinese))
                   for g in sorted(seen, key=lambda x: order.index(x) if x in order else len(order))]
        handles.append(Patch(facecolor="#e6e6e6", label="未分项" if zh else "not itemised"))
        if mixed:
            handles.append(Patch(facecolor="white", edgecolor="#666666", hatch="xx",
                                 label="与总额期间不同" if zh else "other period than the total"))
        ax.set_yticks(range(len(reports)), ticklabels)
        ax.set_ylim(len(reports) - 0.5, -0.5)
        ax.set_xlim(0, right * 1.02)
        ax.axvline(1.0, color="#333333", linestyle="--", linewidth=0.8)
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
        set_title(ax, "各报告按目标分项支出占报告总额的比例" if zh
                     else "Itemised spending by goal as a share of each report's stated total")
        note = ""
        if without:
            note = ("；无总额、未画出：" if zh else "; not drawn (no stated total): ") + ", ".join(without)
        set_caption(ax, ("占本报告总额的比例；灰色：未分项" if zh
                         else "share of the report's own stated total; grey: not itemised by goal") + note)
        ax.set_ylabel("")
        ax.grid(axis="y", visible=False)
        ax.legend(handles=handles, title="目标" if zh else "goal", loc="upper left", bbox_to_anchor=(1.0, 1.0))
        _fix_tick_fonts(ax, chinese)
    return ax


def _goal_spread(goals: pd.DataFrame, with_total: pd.DataFrame, chinese, ax):
    """:func:`goal_shares_by_report` for many reports: one row per goal and one for what the reports do not
    itemise, a dot per report at its share of its own total, a tick at the median."""
    from matplotlib.ticker import PercentFormatter

    ax = _ax(ax)
    zh = chinese_labels(chinese)
    order = list(GOAL_NAMES)
    share = with_total["share_of_total"].map(lambda v: float(v) if formatting.is_number(v) else np.nan)
    d = with_total.assign(_s=share)[share > 0]
    rest = with_total.drop_duplicates("doc_id")
    rest = rest[rest["unitemised_share"].map(lambda v: formatting.is_number(v) and float(v) > 0).astype(bool)]
    over = with_total.drop_duplicates("doc_id")["unitemised_share"].map(
        lambda v: formatting.is_number(v) and float(v) < 0).sum()
    names = sorted(set(d["goal"]), key=lambda g: order.index(g) if g in order else len(order))
    rows = [(goal_label(g, chinese), d.loc[d["goal"] == g, "_s"].tolist(), GOAL_COLORS.get(g, "#949494"))
            for g in names]
    if len(rest):
        rows.append(("未分项" if zh else "not itemised", rest["unitemised_share"].astype(float).tolist(), "#949494"))
    with house_style(chinese):
        for y, (label, vals, color) in enumerate(rows):
            _draw_spread(ax, [(y, vals, label)], color=color, text="{:.0%}".format)
        ax.set_yticks(range(len(rows)), [f"{label}（{len(v)}份报告）" if zh else f"{label} ({formatting.fmt_count(len(v), 'report')})"
                                         for label, v, _c in rows])
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(left=0)
        ax.axvline(1.0, color="#333333", linestyle="--", linewidth=0.8)
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
        n_reports = with_total["doc_id"].nunique()
        _spread_title(ax, f"{n_reports}份报告按目标分项支出占各自总额的比例" if zh
                  else f"Itemised spending by goal as a share of each report's stated total, {n_reports} reports")
        without = goals["doc_id"].nunique() - n_reports
        note = ""
        if without:
            note += f"；{without}份报告无总额、未画出" if zh else f"; {formatting.fmt_count(without, 'report')} without a stated total not drawn"
        if over:
            note += f"；{over}份报告分项超出总额" if zh else f"; in {formatting.fmt_count(over, 'report')} the items exceed the total"
        _spread_caption(ax, ("占本报告总额的比例；每点为一份报告，竖线为中位数" if zh
                         else "share of the report's own stated total; a dot per report, a tick at the median")
                    + note + ("；各报告见compare_goals.csv" if zh else "; each report in compare_goals.csv"))
        ax.set_ylabel("")
        ax.grid(axis="y", visible=False)
        ax.margins(x=0.1)
        _fix_tick_fonts(ax, chinese)
    return ax


def spending_vs_beneficiaries_by_report(points: pd.DataFrame, *, fit=None, chinese: bool | None = None, ax=None):
    """Spending against recipients of every program of every report (log-log), the report in colour and marker.

    Points the model uses are filled; points it leaves out (see ``why_not``)
    are hollow. With a fit, each report-and-time-base group gets a segment of
    the common slope through its own mean (its fixed effect), in its report's
    colour, over the range of its points. The legend stands beside the plot,
    never over a point.

    Parameters
    ----------
    points : pandas.DataFrame
        :func:`minsheng.analysis.models.comparable_points`.
    fit : minsheng.analysis.models.FixedEffectsFit, optional
        :func:`minsheng.analysis.models.fit_fixed_effects`.
    chinese : bool, optional
        Chinese labels if a CJK font is installed (default).
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    NothingToPlot
        When no program has positive spending and recipients.
    """
    from matplotlib.lines import Line2D

    schema.require_columns(points, ("doc_id", "program", "program_en", "beneficiary_unit", "spending_cny",
                                    "beneficiaries", "spending_figure_id", "used", "cell"), "model points")
    d = points[(points["spending_cny"].astype(float) > 0) & (points["beneficiaries"].astype(float) > 0)]
    if d.empty:
        raise NothingToPlot("**No plot of spending against recipients across reports:** no report states a program "
                            "with both.")
    if many_reports(d):
        return _points_many(d, fit, chinese, ax)
    ax = _ax(ax)
    zh = chinese_labels(chinese)
    style = report_style(d["doc_id"])
    with house_style(chinese):
        for _, r in d.iterrows():
            color, marker = style[r["doc_id"]]
            ax.scatter([r["beneficiaries"]], [r["spending_cny"]], marker=marker, s=50, zorder=3,
                       facecolors=color if r["used"] else "white", edgecolors=color if not r["used"] else "#333333",
                       linewidths=1.2 if not r["used"] else 0.5)
        if fit is not None:
            for cell, a in sorted(fit.intercepts.items()):
                g = fit.points[fit.points["cell"] == cell]
                xs = np.array([g["beneficiaries"].astype(float).min(), g["beneficiaries"].astype(float).max()])
                ax.plot(xs, np.exp(a + fit.slope * np.log(xs)), color=style[g["doc_id"].iloc[0]][0], linewidth=1.2,
                        zorder=2)
        labelled = len(d) <= MAX_LABELLED_POINTS  # more labels than that cover each other: the table names them
        if labelled:
            lx = np.log(d["beneficiaries"].astype(float))
            span = float(lx.max() - lx.min()) or 1.0
            for k, (_, r) in enumerate(d.sort_values("beneficiaries").iterrows()):
                right = (np.log(float(r["beneficiaries"])) - float(lx.min())) / span > 0.6  # label to the left
                ax.annotate(wrap(program_label(r, chinese, r["spending_figure_id"]), chinese, 14),
                            (r["beneficiaries"], r["spending_cny"]), xytext=(-6 if right else 6, 4 if k % 2 == 0 else -8),
                            textcoords="offset points", fontsize=7, ha="right" if right else "left",
                            va="bottom" if k % 2 == 0 else "top", color="#444444")
        _points_axes(ax, zh, None if labelled else ("点数较多，未逐一标注项目名称（见表）" if zh
                                                    else "too many points to name each one: the table below lists them"))
        handles = _report_handles(style, d["doc_id"])
        handles.append(Line2D([], [], linestyle="none", marker="o", markerfacecolor="white", markeredgecolor="#666666",
                              label="未纳入模型" if zh else "not in the model"))
        if fit is not None:
            handles.append(Line2D([], [], color="#666666", linewidth=1.2,
                                  label=f"共同斜率 {fit.slope:.2f}（报告固定效应）" if zh
                                  else f"common slope {fit.slope:.2f} (report fixed effects)"))
        ax.legend(handles=handles, title="报告" if zh else "report", loc="upper left", bbox_to_anchor=(1.01, 1.0))
        set_title(ax, "各报告支出与受益人数（对数坐标）" if zh
                  else "Spending against recipients by report (log-log)")
        _fix_tick_fonts(ax, chinese)
    return ax


def _points_axes(ax, zh: bool, note: str | None) -> None:
    """The axes of the scatters across reports: log-log in plain numbers, their labels, and ``note`` under them."""
    ax.set_xscale("log")
    ax.set_yscale("log")
    _plain_log(ax.xaxis)
    _plain_log(ax.yaxis, money=True)
    ax.margins(x=0.15, y=0.15)
    if note:
        ax.text(0.0, -0.16, note, transform=ax.transAxes, fontsize=7.5, color="#555555", va="top")
    ax.set_xlabel("受益人数（人/人次/户，对数坐标）" if zh else "recipients (persons, person-times or households; log scale)")
    ax.set_ylabel("支出（元，名义，对数坐标）" if zh else "spending (CNY nominal, log scale)")


def _points_many(d: pd.DataFrame, fit, chinese, ax):
    """:func:`spending_vs_beneficiaries_by_report` for many reports: one colour for every report (the model's
    points filled, the others hollow) and each report's segment of the common slope in grey."""
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    ax = _ax(ax)
    zh = chinese_labels(chinese)
    used = d["used"].astype(bool)
    with house_style(chinese):
        ax.scatter(d.loc[used, "beneficiaries"].astype(float), d.loc[used, "spending_cny"].astype(float), s=16,
                   color=_SPREAD_DOT, alpha=0.6, linewidths=0, zorder=3)
        ax.scatter(d.loc[~used, "beneficiaries"].astype(float), d.loc[~used, "spending_cny"].astype(float), s=16,
                   facecolors="white", edgecolors="#666666", linewidths=0.8, zorder=3)
        handles = [Line2D([], [], linestyle="none", marker="o", color=_SPREAD_DOT, label="纳入模型" if zh else "in the model"),
                   Line2D([], [], linestyle="none", marker="o", markerfacecolor="white", markeredgecolor="#666666",
                          label="未纳入模型" if zh else "not in the model")]
        if fit is not None and fit.intercepts:
            b = fit.points.assign(_x=fit.points["beneficiaries"].astype(float)).groupby("cell")["_x"].agg(["min", "max"])
            segments = []
            for cell, a in sorted(fit.intercepts.items()):
                xs = np.array([b.loc[cell, "min"], b.loc[cell, "max"]])
                segments.append(np.column_stack([xs, np.exp(a + fit.slope * np.log(xs))]))
            ax.add_collection(LineCollection(segments, colors="#555555", linewidths=0.8, alpha=0.5, zorder=2))
            handles.append(Line2D([], [], color="#555555", linewidth=1.0,
                                  label=f"共同斜率 {fit.slope:.2f}（报告固定效应）" if zh
                                  else f"common slope {fit.slope:.2f} (report fixed effects)"))
        _points_axes(ax, zh, "每点为一份报告的一个项目；各点见表" if zh
                     else "a dot per programme of a report: the table below lists them")
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        n_reports = d["doc_id"].nunique()
        set_title(ax, f"{n_reports}份报告的支出与受益人数（对数坐标）" if zh
                  else f"Spending against recipients across {n_reports} reports (log-log)")
        _fix_tick_fonts(ax, chinese)
    return ax


# --------------------------------------------------------------------------- panel: places and years (notebook 31)

#: "per person" and "per household" in Chinese, in the legends of the panel's costs.
_PER_UNIT_ZH = {"person": "每人", "household": "每户"}

#: The share of the figure's width a caption of the panel's plots is broken to: it is centred under an Axes
#: that a legend beside it pushes to the left (a legend up to about 4 of the figure's 8 inches).
_PANEL_CAPTION_SHARE = 0.55

#: Line styles of the series of one place (standards, programme families), in order.
_DASHES = ("-", "--", ":", "-.")


def _place_handles(style: dict, frame: pd.DataFrame) -> list:
    """Legend entries, one per place of ``style``: its name as ``frame`` writes it and its code."""
    from matplotlib.lines import Line2D

    return [Line2D([], [], color=style[c][0], marker=style[c][1], linestyle="-",
                   label=str(frame.loc[frame["place_code"] == c, "place_name"].iloc[0]) + f" ({c})")
            for c in sorted(style)]


def place_style(codes) -> dict[str, tuple[str, str]]:
    """``{place_code: (colour, marker)}`` in order of the code (cycling after ten)."""
    return report_style(codes)


def _place_year_axis(ax, years, zh: bool) -> None:
    years = sorted({int(y) for y in years})
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    ax.set_xlabel("年份" if zh else "year")


def _panel_yaxis(ax, what: str, price_year: int, zh: bool) -> None:
    """The value axis of the panel's plots: amounts in ``price_year`` prices, of a standard or of a cost."""
    from matplotlib.ticker import FuncFormatter

    if what == "standards":
        ax.set_ylabel(f"元/人/年（{price_year}年价格）" if zh else f"CNY per person per year ({price_year} prices)")
    else:
        ax.set_ylabel(f"元/受益对象/年（{price_year}年价格）" if zh else f"CNY per recipient-year ({price_year} prices)")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: formatting.fmt_tick(v, money=True)))


def _standard_names(levels: pd.DataFrame, chinese) -> dict[str, str]:
    """``{standard: its name in the plot's language}`` of the panel's standards, as :func:`program_label` names a
    programme: the programme word in Chinese, its gloss (``program_en``, from ``lexicon/programs.csv``) in
    English, the word where it has none; two standards of one gloss told apart (:func:`_distinct_labels`)."""
    first = levels.drop_duplicates("standard")
    groups = {"program:" + w: (program_label({"program": w, "program_en": en}, chinese),
                               [(w, str(docs).split(";")[0], str(figs).split(";")[0])])
              for w, en, docs, figs in zip(first["standard"], first["program_en"], first["doc_ids"],
                                           first["figure_ids"])}
    names = _distinct_labels(groups, chinese_labels(chinese))
    return {key.split(":", 1)[1]: name for key, name in names.items()}


def standards_by_place(levels: pd.DataFrame, *, chinese: bool | None = None, ax=None):
    """Each place's stated standard levels by year, in constant prices: one line per place and standard.

    Colour and marker say the place, the line style the standard (solid for the
    first in order, dashed for the next …). A level that another report states
    differently for the same year (``conflict``) is drawn hollow and not joined.
    Levels the CPI does not cover are left out, and the caption says how many.

    Parameters
    ----------
    levels : pandas.DataFrame
        :func:`minsheng.analysis.panel.standards_panel` (``panel_standards.csv``).

    Raises
    ------
    NothingToPlot
        When no place states a standard with a constant-price level.
    """
    from matplotlib.lines import Line2D

    schema.require_columns(levels, ("place_code", "place_name", "standard", "program_en", "year",
                                    "cny_per_year_real", "price_year", "doc_ids", "figure_ids", "conflict"),
                           "standards panel")
    real = levels["cny_per_year_real"].map(formatting.is_number).astype(bool)
    d = levels[real]
    if d.empty:
        raise NothingToPlot("**No plot of standards by place:** no report with a place states a per-person "
                            "standard of one year" + (" that the CPI covers." if not levels.empty else "."))
    standards = sorted(set(d["standard"]))
    names = _standard_names(d, chinese)
    left_out = int((~real).sum())
    if d["place_code"].nunique() > MAX_REPORTS_BY_NAME:
        series = [((names[w],), g.rename(columns={"cny_per_year_real": "_v"}))
                  for w, g in d.groupby("standard", sort=True)]
        return _places_many(series, chinese, ax, what="standards", left_out=left_out,
                            price_year=int(d["price_year"].dropna().iloc[0]))
    ax = _ax(ax)
    zh = chinese_labels(chinese)
    style = place_style(d["place_code"])
    with house_style(chinese):
        for (code, word), g in d.groupby(["place_code", "standard"], sort=True):
            color, marker = style[code]
            ls = _DASHES[standards.index(word) % len(_DASHES)]
            ok = g[g["conflict"].fillna("") == ""].sort_values("year")
            ax.plot(ok["year"], ok["cny_per_year_real"].astype(float), color=color, marker=marker, linestyle=ls,
                    linewidth=1.4, markersize=6, zorder=3)
            bad = g[g["conflict"].fillna("") != ""]
            ax.scatter(bad["year"], bad["cny_per_year_real"].astype(float), marker=marker, facecolors="white",
                       edgecolors=color, s=40, zorder=4)
        handles = _place_handles(style, d)
        if len(standards) > 1:
            handles += [Line2D([], [], color="#555555", linestyle=_DASHES[i % len(_DASHES)], label=names[w])
                        for i, w in enumerate(standards)]
        if (d["conflict"].fillna("") != "").any():
            handles.append(Line2D([], [], linestyle="none", marker="o", markerfacecolor="white",
                                  markeredgecolor="#666666", label="报告间不一致" if zh else "reports disagree"))
        ax.legend(handles=handles, title="地区" if zh else "place", loc="upper left", bbox_to_anchor=(1.01, 1.0))
        _place_year_axis(ax, d["year"], zh)
        price_year = int(d["price_year"].dropna().iloc[0])
        _panel_yaxis(ax, "standards", price_year, zh)
        set_title(ax, "各地福利标准（按年份，不变价格）" if zh else "Benefit standards by place and year, constant prices")
        set_caption(ax, ("各报告所述当年标准；月标准×12；线连所述年份；" + "、".join(names[w] for w in standards)
                         + (f"；{left_out}个无CPI的标准未画出" if left_out else "")) if zh else
                    ("levels as each report states them for its year; monthly ×12; lines join the stated years; "
                     + "; ".join(names[w] for w in standards)
                     + (f"; {left_out} level(s) without CPI not drawn" if left_out else "")),
                    share=_PANEL_CAPTION_SHARE)
        _fix_tick_fonts(ax, chinese)
    return ax


def cost_per_recipient_by_place(costs: pd.DataFrame, *, chinese: bool | None = None, ax=None):
    """Cost per recipient-year by place and year, in constant prices: one line per place and program family.

    Every report's point is drawn (two reports of one place and year are two
    points); the line joins the mean of each year. Only one-year figures of
    persons or households (:func:`minsheng.analysis.panel.costs_panel`).

    Raises
    ------
    NothingToPlot
        When no report with a place has such a cost.
    """
    from matplotlib.lines import Line2D

    schema.require_columns(costs, ("place_code", "place_name", "year", "families", "beneficiary_unit",
                                   "cny_per_beneficiary_year_real", "price_year"), "costs panel")
    if costs.empty:
        raise NothingToPlot("**No plot of cost per recipient by place:** no report with a place states one year's "
                            "spending and recipients of a program family (低保, 特困 …) in persons or households.")
    if costs["place_code"].nunique() > MAX_REPORTS_BY_NAME:
        series = [(key, g.rename(columns={"cny_per_beneficiary_year_real": "_v"}))
                  for key, g in costs.groupby(["families", "beneficiary_unit"], sort=True)]
        return _places_many(series, chinese, ax, what="costs", price_year=int(costs["price_year"].dropna().iloc[0]))
    ax = _ax(ax)
    zh = chinese_labels(chinese)
    style = place_style(costs["place_code"])
    series = sorted(set(zip(costs["families"], costs["beneficiary_unit"])))
    with house_style(chinese):
        for (code, fam, unit), g in costs.groupby(["place_code", "families", "beneficiary_unit"], sort=True):
            color, marker = style[code]
            ls = _DASHES[series.index((fam, unit)) % len(_DASHES)]
            y = g["cny_per_beneficiary_year_real"].astype(float)
            ax.scatter(g["year"], y, color=color, marker=marker, s=36, zorder=3, edgecolors="#333333",
                       linewidths=0.5)
            mean = y.groupby(g["year"]).mean()
            ax.plot(mean.index, mean.to_numpy(), color=color, linestyle=ls, linewidth=1.3, zorder=2)
        handles = _place_handles(style, costs)
        if len(series) > 1:
            handles += [Line2D([], [], color="#555555", linestyle=_DASHES[i % len(_DASHES)],
                               label=f"{f}, {_PER_UNIT_ZH[u] if zh else 'per ' + u}") for i, (f, u) in enumerate(series)]
        ax.legend(handles=handles, title="地区" if zh else "place", loc="upper left", bbox_to_anchor=(1.01, 1.0))
        _place_year_axis(ax, costs["year"], zh)
        price_year = int(costs["price_year"].dropna().iloc[0])
        _panel_yaxis(ax, "costs", price_year, zh)
        set_title(ax, "各地每受益对象年支出（不变价格）" if zh else "Cost per recipient-year by place and year, constant prices")
        set_caption(ax, "当年支出÷当年受益人数；同地同年两份报告各一点，线连各年均值；项目族：" + "、".join(sorted({f for f, _u in series}))
                    if zh else "one year's spending ÷ its recipients; two reports of one place and year are two "
                    "points, the line joins the yearly means; families: " + ", ".join(sorted({f for f, _u in series})),
                    share=_PANEL_CAPTION_SHARE)
        _fix_tick_fonts(ax, chinese)
    return ax


def _places_many(series: list[tuple[tuple, pd.DataFrame]], chinese, ax, *, what: str, price_year: int,
                 left_out: int = 0):
    """:func:`standards_by_place` and :func:`cost_per_recipient_by_place` for more than
    :data:`MAX_REPORTS_BY_NAME` places: no place by name; one colour per series (a standard, or a program
    family and unit), a thin line per place through its yearly mean (levels in conflict are left to the
    table), and a bold line through the median of the places that state each year.

    ``series``: ``(key, rows)`` with the rows' value in ``_v``, their ``place_code`` and ``year``; ``key`` is
    ``(name,)`` of a standard, its name in the plot's language (:func:`_standard_names`), or ``(families,
    beneficiary unit)`` of a cost.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    ax = _ax(ax)
    zh = chinese_labels(chinese)
    names = _family_names(zh)
    handles, years = [], set()
    with house_style(chinese):
        for i, (key, g) in enumerate(series):
            color = REPORT_COLORS[i % len(REPORT_COLORS)]
            if "conflict" in g.columns:
                g = g[g["conflict"].fillna("") == ""]
            g = g.assign(_v=g["_v"].astype(float), year=g["year"].astype(int))
            means = g.groupby(["place_code", "year"], sort=True)["_v"].mean()
            lines = [np.column_stack([m.index.get_level_values("year"), m.to_numpy()])
                     for _c, m in means.groupby(level="place_code", sort=True)]
            ax.add_collection(LineCollection([ln for ln in lines if len(ln) > 1], colors=color, linewidths=0.6,
                                             alpha=0.35, zorder=2))
            single = np.array([ln[0] for ln in lines if len(ln) == 1]).reshape(-1, 2)
            ax.scatter(single[:, 0], single[:, 1], s=8, color=color, alpha=0.35, linewidths=0, zorder=2)
            median = means.groupby(level="year").median()
            ax.plot(median.index, median.to_numpy(), color=color, linewidth=2.4, marker="o", markersize=5, zorder=4)
            years |= set(median.index)
            if what == "standards":
                name = key[0]
            else:
                fams = ("、" if zh else " + ").join(names.get(f, f) for f in str(key[0]).split(";") if f) or key[0]
                name = f"{fams}, {_PER_UNIT_ZH.get(key[1], key[1])}" if zh else f"{fams}, per {key[1]}"
            handles.append(Line2D([], [], color=color, linewidth=2.4, marker="o", markersize=5,
                                  label=f"{name}（{means.index.get_level_values('place_code').nunique()}地）" if zh
                                  else f"{name} ({means.index.get_level_values('place_code').nunique()} places)"))
        handles.append(Line2D([], [], color="#777777", linewidth=0.6, alpha=0.6, label="各地" if zh else "each place"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        _place_year_axis(ax, years, zh)
        ax.autoscale_view()
        _panel_yaxis(ax, what, price_year, zh)
        n_places = len({c for _k, g in series for c in g["place_code"]})
        if what == "standards":
            set_title(ax, f"{n_places}个地区的福利标准（按年份，不变价格）" if zh
                      else f"Benefit standards of {n_places} places by year, constant prices")
            caption = ("细线为一地（同年多份报告取均值，报告间不一致的不画），粗线为当年各地的中位数；月标准×12"
                       + (f"；{left_out}个无CPI的标准未画出" if left_out else "")) if zh else (
                "a thin line per place (the mean where reports of a year are two; levels the reports disagree on "
                "left to the table), the bold line the median of the places stating the year; monthly ×12"
                + (f"; {left_out} level(s) without CPI not drawn" if left_out else ""))
        else:
            set_title(ax, f"{n_places}个地区的每受益对象年支出（不变价格）" if zh
                      else f"Cost per recipient-year of {n_places} places, constant prices")
            caption = ("当年支出÷当年受益人数；细线为一地的各年均值，粗线为当年各地的中位数" if zh else
                       "one year's spending ÷ its recipients; a thin line per place through its yearly means, the "
                       "bold line the median of the places stating the year")
        set_caption(ax, caption + ("；各地见表" if zh else "; each place in the table"), share=_PANEL_CAPTION_SHARE)
        _fix_tick_fonts(ax, chinese)
    return ax
