"""The plots of one report's analyses, in the house style of :mod:`minsheng.reporting.plot_style`.

Plotting functions take ``(data, *, ..., ax=None)``, draw on the Axes (the
current one when ``ax`` is ``None``) and return it; they never show or save.
When a table has nothing to draw they raise :class:`NothingToPlot` *before*
drawing, with a sentence that says why. The plots across reports are in
:mod:`minsheng.reporting.compare_plots`; the style's helpers (``render``,
``font_note``, labels) are imported here too, so notebooks need one module.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from minsheng import formatting, schema
from minsheng.errors import NothingToPlot
from minsheng.reporting.compare_plots import (  # noqa: F401  (one module for the notebooks)
    REPORT_COLORS,
    REPORT_MARKERS,
    across_figsize,
    cost_per_beneficiary_year_by_report,
    cost_per_recipient_by_place,
    goal_shares_by_report,
    many_reports,
    report_figsize,
    report_style,
    spending_vs_beneficiaries_by_report,
    standards_by_place,
    standards_cagr_by_report,
)
from minsheng.reporting.plot_style import (  # noqa: F401  (one module for the notebooks)
    _UNIT_SUFFIX,
    CJK_FAMILIES,
    GOAL_COLORS,
    HOUSE_RC,
    _auto_log,
    _ax,
    _fix_tick_fonts,
    _plain_log,
    chinese_labels,
    cjk_font,
    fit_text,
    font_note,
    goal_label,
    house_rc,
    house_style,
    new_figure,
    program_label,
    render,
    save_figure,
    set_caption,
    set_title,
    wrap,
)


def cost_per_beneficiary_year(programs: pd.DataFrame, *, log="auto", chinese: bool | None = None, ax=None):
    """Cost per recipient-year by program, coloured by goal: a dot for one year's recipients, a range for a
    count over several years (low: the same recipients every year; high: each year's recipients added up).

    Person-times (one event each, no cost per year), parts of a year and cumulative counts are not drawn.

    Parameters
    ----------
    programs : pandas.DataFrame
        ``programs.csv``.
    log : bool or "auto", default "auto"
        Log scale on the value axis; ``"auto"``: when the largest value is more
        than ten times the smallest.
    chinese : bool, optional
        Chinese labels if a CJK font is installed (default); ``False`` for English.
    ax : matplotlib.axes.Axes, optional
        Where to draw; the current Axes by default.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    NothingToPlot
        When no program has a cost per recipient-year.
    """
    import seaborn as sns

    schema.require_columns(programs, ("program", "program_en", "goal", "beneficiary_unit",
                                      "cny_per_beneficiary_year_low", "cny_per_beneficiary_year_high",
                                      "spending_figure_id"), "programs table")
    d = programs[programs["cny_per_beneficiary_year_high"].map(lambda v: formatting.is_number(v) and v > 0).astype(bool)]
    if d.empty:
        raise NothingToPlot(
            "**No plot of cost per recipient-year:** no program states both spending and recipients with a period."
            if programs.empty else
            "**No plot of cost per recipient-year:** no paired program counts persons or households over whole "
            "years (person-times, parts of a year and cumulative counts have no cost per year).")
    ax = _ax(ax)
    zh = chinese_labels(chinese)
    with house_style(chinese):
        d = d.sort_values("cny_per_beneficiary_year_high", ascending=False)
        frame = pd.DataFrame({
            "label": [wrap(program_label(r, chinese, r["spending_figure_id"])
                           + _UNIT_SUFFIX[r["beneficiary_unit"]][0 if zh else 1], chinese)
                      for _, r in d.iterrows()],
            "high": d["cny_per_beneficiary_year_high"].astype(float).to_numpy(),
            "low": d["cny_per_beneficiary_year_low"].astype(float).to_numpy(),
            "goal": [goal_label(g, chinese) for g in d["goal"]],
        })
        palette = {goal_label(g, chinese): GOAL_COLORS.get(g, "#949494") for g in d["goal"].unique()}
        # a dot plot: on a log axis a bar's length would depend on an arbitrary axis start
        for i, (lo, hi) in enumerate(zip(frame["low"], frame["high"])):
            if lo != hi:
                ax.plot([lo, hi], [i, i], color="#777777", linewidth=1.5, zorder=2)
        sns.scatterplot(data=frame, x="high", y="label", hue="goal", palette=palette, s=70,
                        edgecolor="#333333", linewidth=0.5, zorder=3, ax=ax)
        ranged = frame[frame["low"] != frame["high"]]
        if len(ranged):
            ax.scatter(ranged["low"], [frame.index.get_loc(i) for i in ranged.index], s=70, facecolor="white",
                       edgecolor=[palette[g] for g in ranged["goal"]], linewidth=1.5, zorder=3)
        logscale = _auto_log(pd.concat([frame["low"], frame["high"]]), log)
        if logscale:
            ax.set_xscale("log")
            _plain_log(ax.xaxis)
        else:
            ax.set_xlim(left=0)
        for i, (lo, hi) in enumerate(zip(frame["low"], frame["high"])):
            ax.annotate(f"{hi:,.0f}", (hi, i), xytext=(7, 0), textcoords="offset points", va="center", fontsize=8)
            if lo != hi:
                ax.annotate(f"{lo:,.0f}", (lo, i), xytext=(-7, 0), textcoords="offset points", va="center",
                            ha="right", fontsize=8)
        periods = sorted(set(d["period"])) if "period" in d else []
        span = f", {', '.join(periods)}" if periods else ""
        set_title(ax, ("每名受益者每年支出" if zh else "Cost per recipient-year") + span)
        scale = (" (对数坐标)" if zh else " (log scale)") if logscale else ""
        ax.set_xlabel(("元/受益者/年；空心点：每年同一批人，实心点：各年人数相加" if zh else
                       "CNY per recipient per year; hollow: same recipients every year, filled: yearly recipients "
                       "added up") + scale)
        ax.set_ylabel("")
        ax.grid(axis="y", visible=True, linestyle=":")
        ax.legend(title="目标" if zh else "goal", loc="lower right")
        ax.margins(x=0.15, y=0.08)
        _fix_tick_fonts(ax, chinese)
    return ax


#: A beneficiary unit in the legend of :func:`spending_vs_beneficiaries`: (Chinese, English).
_UNIT_NAMES = {"person": ("人", "person"), "person_time": ("人次", "person-time"), "household": ("户", "household")}


#: A point's label in :func:`spending_vs_beneficiaries`: points to its right (left), and above (va bottom) or
#: below (va top) its point.
_LABEL_DX = 5
_LABEL_DY = (4, -12)


def _keep_inside(ax, text) -> None:
    """Turn a point's label (an annotation offset from its point, :data:`_LABEL_DX`, :data:`_LABEL_DY`) to
    the other side of its point where its box, as drawn now, stands out of the Axes: above the point where it
    would reach below the bottom edge, below it past the top, to its left past the right edge, to its right
    past the left. The Axes' limits and scales must be final. Measured on the Axes where it was made: a point
    keeps its share of the Axes when the layout (:func:`minsheng.reporting.plot_style.fit_layout`) places it,
    which for this plot (one line of title and caption, the legend inside) makes it larger, not smaller."""
    box = ax.get_window_extent()
    bb = text.get_window_extent()
    (dx, dy), ha, va = text.xyann, text.get_ha(), text.get_va()
    if bb.y0 < box.y0 and va == "top":
        dy, va = _LABEL_DY[0], "bottom"
    elif bb.y1 > box.y1 and va == "bottom":
        dy, va = _LABEL_DY[1], "top"
    if bb.x1 > box.x1 and ha == "left":
        dx, ha = -_LABEL_DX, "right"
    elif bb.x0 < box.x0 and ha == "right":
        dx, ha = _LABEL_DX, "left"
    text.xyann = (dx, dy)
    text.set_ha(ha)
    text.set_va(va)


def spending_vs_beneficiaries(programs: pd.DataFrame, *, line: pd.DataFrame | None = None,
                              chinese: bool | None = None, ax=None):
    """Spending against beneficiaries across programs (log-log), with a fitted line if given.

    Each point is named beside it, above and below in turn, and on the other side where the name would leave
    the Axes (:func:`_keep_inside`).

    Parameters
    ----------
    programs : pandas.DataFrame
        ``programs.csv``.
    line : pandas.DataFrame, optional
        :func:`minsheng.analysis.models.fit_line`: the fitted line and its band.
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
        When no program has positive spending and beneficiaries.
    """
    schema.require_columns(programs, ("program", "program_en", "goal", "beneficiary_unit", "spending_cny",
                                      "beneficiaries", "spending_figure_id"), "programs table")
    d = programs[(programs["spending_cny"] > 0) & (programs["beneficiaries"] > 0)]
    if d.empty:
        raise NothingToPlot("**No plot of spending against beneficiaries:** no program states both.")
    ax = _ax(ax)
    zh = chinese_labels(chinese)
    markers = {"person": "o", "person_time": "^", "household": "s"}
    with house_style(chinese):
        if line is not None and len(line):
            ax.fill_between(line["beneficiaries"], line["ci_low"], line["ci_high"], color="#bbbbbb", alpha=0.4,
                            linewidth=0, label="95 % CI (mean)" if not zh else "95% 置信区间")
            ax.plot(line["beneficiaries"], line["spending_cny"], color="#555555", linewidth=1.2,
                    label="OLS fit (log-log)" if not zh else "OLS 拟合（对数）")
        from matplotlib.lines import Line2D

        handles = []
        for unit, g in d.groupby("beneficiary_unit", sort=True):
            ax.scatter(g["beneficiaries"], g["spending_cny"], marker=markers.get(unit, "o"),
                       c=[GOAL_COLORS.get(x, "#949494") for x in g["goal"]], s=45, zorder=3,
                       edgecolors="#333333", linewidths=0.5)
            handles.append(Line2D([], [], linestyle="none", marker=markers.get(unit, "o"), color="#999999",
                                  label=_UNIT_NAMES.get(unit, (unit, unit))[0 if zh else 1]))
        for goal in dict.fromkeys(d["goal"]):
            handles.append(Line2D([], [], linestyle="none", marker="o", color=GOAL_COLORS.get(goal, "#949494"),
                                  label=goal_label(goal, chinese)))
        ax.set_xscale("log")
        ax.set_yscale("log")
        _plain_log(ax.xaxis)
        _plain_log(ax.yaxis, money=True)
        # labels above and below their points in turn (neighbours' labels apart), each turned to the other side
        # of its point where it would stand out of the Axes (over the tick labels, the title or the margin)
        for k, (_, r) in enumerate(d.sort_values("beneficiaries").iterrows()):
            text = ax.annotate(wrap(program_label(r, chinese, r["spending_figure_id"]), chinese, 28),
                               (r["beneficiaries"], r["spending_cny"]), xytext=(_LABEL_DX, _LABEL_DY[k % 2]),
                               textcoords="offset points", fontsize=7.5, va=("bottom", "top")[k % 2])
            _keep_inside(ax, text)
        set_title(ax, "支出与受益人数" if zh else "Spending against beneficiaries, by program")
        ax.set_xlabel("受益人数（人/人次/户，对数）" if zh else "beneficiaries (persons, person-times or households; log)")
        ax.set_ylabel("支出（元，对数）" if zh else "spending (CNY, log; m = million, bn = billion)")
        fit_handles, _labels = ax.get_legend_handles_labels()
        ax.legend(handles=fit_handles + handles, loc="upper left")
        _fix_tick_fonts(ax, chinese)
    return ax


def spending_by_goal(goals: pd.DataFrame, *, total_cny=None, chinese: bool | None = None, ax=None):
    """Itemised spending by goal against the report's stated total; outside-scope money apart.

    Bars: one per goal with itemised livelihood spending (goal colour, labelled
    with its share of the total), one for what the total does not itemise, one
    hatched grey bar per goal with money outside livelihood projects; a dashed
    line at the stated total.

    Parameters
    ----------
    goals : pandas.DataFrame
        ``goals.csv``.
    total_cny : float, optional
        The stated total (:func:`minsheng.analysis.per_goal.totals`); without it, no line and no remainder.
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
        When there is neither itemised livelihood spending nor a stated total.
    """
    schema.require_columns(goals, ("goal", "spending_cny", "outside_scope_cny"), "goals table")
    has_total = formatting.is_number(total_cny)
    items = goals[goals["spending_cny"].map(formatting.is_number).astype(bool)]
    outside = goals[goals["outside_scope_cny"].map(formatting.is_number).astype(bool)]
    if items.empty and not has_total:
        extra = ("; the only money it states is outside livelihood projects (budget totals), shown apart in goals.csv"
                 if len(outside) else "")
        raise NothingToPlot("**No plot of spending by goal:** the report itemises no livelihood spending by goal "
                            f"and states no total{extra}.")
    ax = _ax(ax)
    zh = chinese_labels(chinese)
    unit = 1e8
    with house_style(chinese):
        labels, values, colors, hatches, kinds = [], [], [], [], []
        for _, r in items.iterrows():
            labels.append(goal_label(r["goal"], chinese))
            values.append(float(r["spending_cny"]))
            colors.append(GOAL_COLORS.get(r["goal"], "#949494"))
            hatches.append("")
            kinds.append("itemised")
        if has_total:
            rem = float(total_cny) - sum(values)
            if rem < 0:  # the itemised amounts exceed the total: no remainder bar to draw
                labels.append("分项超出总额" if zh else "itemised exceed the total")
            else:
                labels.append("未分项" if zh else "not itemised")
            values.append(max(rem, 0.0))
            colors.append("#e6e6e6")
            hatches.append("")
            kinds.append("remainder")
        for _, r in outside.iterrows():
            labels.append(("范围外：" if zh else "outside scope: ") + goal_label(r["goal"], chinese))
            values.append(float(r["outside_scope_cny"]))
            colors.append("white")
            hatches.append("///")
            kinds.append("outside")
        y = np.arange(len(labels))
        bars = ax.barh(y, np.array(values) / unit, color=colors, edgecolor="#666666", linewidth=0.6)
        for bar, h in zip(bars, hatches):
            bar.set_hatch(h)
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        texts = []
        for v, k in zip(values, kinds):
            share = f" ({v / float(total_cny):.1%})" if has_total and k != "outside" else ""
            texts.append(f"{v / unit:,.2f}{share}")
        ax.bar_label(bars, labels=texts, padding=3, fontsize=8)
        if has_total:
            ax.axvline(float(total_cny) / unit, color="#333333", linestyle="--", linewidth=1,
                       label=("报告总额 " if zh else "stated total ") + f"{float(total_cny) / unit:,.2f}")
            ax.legend(loc="lower right")
        set_title(ax, "各目标支出与报告总额" if zh else "Spending by goal against the stated total")
        set_caption(ax, "亿元；分项 + 未分项 = 报告总额；斜线：民生工程以外的资金" if zh else
                    "CNY 100 million; itemised + not itemised = stated total; hatched: not livelihood-project money")
        ax.set_ylabel("")
        ax.margins(x=0.2)
        ax.grid(axis="y", visible=False)
        _fix_tick_fonts(ax, chinese)
    return ax


def standard_growth(standards: pd.DataFrame, *, log="auto", chinese: bool | None = None, ax=None):
    """Each benefit standard's growth, nominal (solid) and real (dashed), base year = 100.

    Only the two stated points are drawn, joined by a straight segment: the
    path between them is unknown.

    Parameters
    ----------
    standards : pandas.DataFrame
        ``standards.csv``.
    log : bool or "auto", default "auto"
        Log scale on the index axis; ``"auto"``: when the highest index is more
        than ten times the base.
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
        When no standard has a ratio and both years.
    """
    schema.require_columns(standards, ("program", "program_en", "goal", "base_year", "final_year", "ratio",
                                       "ratio_real", "base_figure_id"), "standards table")
    ok = standards[standards["ratio"].map(formatting.is_number).astype(bool) & standards["base_year"].notna()
                   & standards["final_year"].notna()]
    if ok.empty:
        raise NothingToPlot(
            "**No plot of standards' growth:** the report states no benefit standard as a change."
            if standards.empty else
            "**No plot of standards' growth:** no standard has both a base and a final year and a ratio.")
    ax = _ax(ax)
    zh = chinese_labels(chinese)
    palette = ["#0173b2", "#de8f05", "#029e73", "#d55e00", "#cc78bc", "#ca9161", "#56b4e9", "#949494"]
    with house_style(chinese):
        from matplotlib.lines import Line2D

        peaks, handles = [100.0], []
        for i, (_, r) in enumerate(ok.iterrows()):
            color = palette[i % len(palette)]
            name = wrap(program_label(r, chinese, r["base_figure_id"]), chinese, 40)
            x = [int(r["base_year"]), int(r["final_year"])]
            nominal = [100.0, 100.0 * float(r["ratio"])]
            ax.plot(x, nominal, color=color, marker="o", linewidth=1.6)
            peaks.append(nominal[1])
            if formatting.is_number(r["ratio_real"]):
                real = [100.0, 100.0 * float(r["ratio_real"])]
                ax.plot(x, real, color=color, marker="o", markerfacecolor="white", linestyle="--", linewidth=1.2)
                peaks.append(real[1])
            handles.append(Line2D([], [], color=color, marker="o", linewidth=1.6, label=name))
        handles.append(Line2D([], [], color="#333333", linewidth=1.6, label="名义" if zh else "nominal"))
        handles.append(Line2D([], [], color="#333333", linestyle="--", linewidth=1.2,
                              label="实际（按CPI平减）" if zh else "real (CPI-deflated)"))
        logscale = _auto_log(peaks, log)
        if logscale:
            ax.set_yscale("log")
            _plain_log(ax.yaxis)
        years = sorted({int(v) for v in pd.concat([ok["base_year"], ok["final_year"]]).astype(int)})
        ax.set_xticks(years, [str(y) for y in years])
        ax.axhline(100, color="#999999", linewidth=0.8)
        set_title(ax, "福利标准增长（基年=100，两点）" if zh else "Benefit standards, base year = 100 (two stated points each)")
        ax.set_xlabel("年" if zh else "year")
        scale = ("，对数坐标" if zh else "; log scale") if logscale else ""
        ax.set_ylabel(("指数（基年=100" + scale + "）") if zh else f"index (base year = 100{scale})")
        # beside the plot, never over a line
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7.5)
        _fix_tick_fonts(ax, chinese)
    return ax
