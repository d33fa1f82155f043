"""Every plot of the project, in one house style.

Plotting functions take ``(data, *, ..., ax=None)``, draw on the Axes (the
current one when ``ax`` is ``None``) and return it; they never show or save.
When a table has nothing to draw they raise :class:`NothingToPlot` *before*
drawing, with a sentence that says why; :func:`render` turns that sentence
into Markdown for the notebook instead of an empty plot. :func:`save_figure`
writes PNG with fixed metadata, whole or not at all.

Labels are Chinese (the report's own program words, the 七有 names) when
matplotlib finds a CJK font installed (:func:`cjk_font`); otherwise the English
gloss (``program_en``, English goal names), so a plot never shows empty boxes.
Colours follow the goal, the same in every plot (:data:`GOAL_COLORS`).
"""

from __future__ import annotations

import io
import os
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd

from minsheng import formatting, schema
from minsheng.analysis.per_goal import GOAL_NAMES
from minsheng.reporting import prose

#: CJK font families matplotlib may find, in order of preference.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "Sarasa Gothic SC", "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC",
    "STHeiti", "Hiragino Sans GB", "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN",
    "AR PL UKai CN", "Droid Sans Fallback", "Arial Unicode MS",
)
_PROBE = "民生工程低保元"  # characters a label font must have

#: One colour per goal, the same in every plot and page (``lexicon/goals.csv``: seaborn's colour-blind palette).
GOAL_COLORS: dict[str, str] = {g["goal"]: g["colour"] for g in schema.goals()}

#: The house style: applied to every figure made here.
HOUSE_RC = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 9.5,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "legend.frameon": False,
    "legend.fontsize": 8.5,
    "svg.hashsalt": "minsheng",
}

_UNIT_SUFFIX = {
    "person": ("", ""),
    "person_time": (" (人次)", " (per person-time)"),
    "household": (" (户)", " (per household)"),
}


from minsheng.errors import NothingToPlot  # noqa: E402  (re-exported: plots.NothingToPlot)


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The name of an installed font with Chinese glyphs that matplotlib can use, or ``None``.

    Known CJK families (:data:`CJK_FAMILIES`) are tried in order; a family is
    accepted only if its file has glyphs for a few common characters.
    """
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    by_name: dict[str, list[str]] = {}
    for f in font_manager.fontManager.ttflist:
        by_name.setdefault(f.name, []).append(f.fname)
    for name in CJK_FAMILIES:
        for fname in by_name.get(name, []):
            try:
                font = FT2Font(fname)
                if all(font.get_char_index(ord(c)) for c in _PROBE):
                    return name
            except Exception:  # an unreadable font file: try the next one
                continue
    return None


def chinese_labels(chinese: bool | None = None) -> bool:
    """Whether to label in Chinese: asked for (default: yes) *and* a CJK font is installed."""
    return (True if chinese is None else bool(chinese)) and cjk_font() is not None


def house_rc(chinese: bool | None = None) -> dict:
    """The house style's rcParams; with a CJK font first in the font list when labels are Chinese."""
    rc = dict(HOUSE_RC)
    if chinese_labels(chinese):
        rc["font.family"] = "sans-serif"
        rc["font.sans-serif"] = [cjk_font(), "DejaVu Sans"]
        rc["axes.unicode_minus"] = False
    return rc


@contextmanager
def house_style(chinese: bool | None = None):
    """A context in which figures and text are made in the house style."""
    with mpl.rc_context(house_rc(chinese)):
        yield


def goal_label(goal: str, chinese: bool | None = None) -> str:
    """A goal's label: its 七有 name in Chinese, else its English name."""
    zh, en = GOAL_NAMES.get(goal, (goal, goal))
    return zh if chinese_labels(chinese) else en


def program_label(row, chinese: bool | None = None, fallback_id: str = "") -> str:
    """A program's label: the report's words in Chinese, else ``program_en`` (else a figure id)."""
    if chinese_labels(chinese) and row["program"]:
        return str(row["program"])
    if row.get("program_en", ""):
        return str(row["program_en"])
    return f"{fallback_id or 'program'} (no English gloss)"


def wrap(label: str, chinese: bool | None = None, width: int | None = None) -> str:
    """``label`` broken into lines (16 characters for Chinese, 34 for English) so long names fit."""
    import textwrap

    if chinese_labels(chinese) and any("\u4e00" <= c <= "\u9fff" for c in label):
        w = width or 16
        return "\n".join(label[i:i + w] for i in range(0, len(label), w))
    return textwrap.fill(label, width or 34, break_on_hyphens=False)


def _ax(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.gca()
    return ax


def _auto_log(values, log) -> bool:
    if log != "auto":
        return bool(log)
    v = [float(x) for x in values if formatting.is_number(x) and float(x) > 0]
    return len(v) > 1 and max(v) / min(v) > 10


def _money(v: float) -> str:
    if v >= 1e9:
        return f"{v / 1e9:g} bn"
    if v >= 1e6:
        return f"{v / 1e6:g} m"
    return f"{v:,.0f}"


def _plain_log(axis, money: bool = False) -> None:
    """Log ticks at 1, 2, 5 × 10^k written as plain numbers (1,000 rather than 10³; money as 5 m, 1 bn)."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(
        lambda v, _pos: _money(v) if money else (f"{v:,.0f}" if v >= 1 else f"{v:g}")))
    axis.set_minor_formatter(NullFormatter())


def _fix_tick_fonts(ax, chinese):
    if chinese_labels(chinese):
        ax.tick_params(labelfontfamily=[cjk_font(), "DejaVu Sans"])


def cost_per_beneficiary_year(programs: pd.DataFrame, *, log="auto", chinese: bool | None = None, ax=None):
    """Bars of cost per beneficiary-year by program, coloured by goal.

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
        When no program has a cost per beneficiary-year.
    """
    import seaborn as sns

    schema.require_columns(programs, ("program", "program_en", "goal", "beneficiary_unit",
                                      "cny_per_beneficiary_year", "spending_figure_id"), "programs table")
    d = programs[programs["cny_per_beneficiary_year"].map(lambda v: formatting.is_number(v) and v > 0).astype(bool)]
    if d.empty:
        raise NothingToPlot(
            "**No plot of cost per beneficiary-year:** no program states both spending and recipients with a period."
            if programs.empty else
            "**No plot of cost per beneficiary-year:** no paired program has a stated period, so no per-year cost.")
    ax = _ax(ax)
    zh = chinese_labels(chinese)
    with house_style(chinese):
        d = d.sort_values("cny_per_beneficiary_year", ascending=False)
        frame = pd.DataFrame({
            "label": [wrap(program_label(r, chinese, r["spending_figure_id"])
                           + _UNIT_SUFFIX[r["beneficiary_unit"]][0 if zh else 1], chinese)
                      for _, r in d.iterrows()],
            "value": d["cny_per_beneficiary_year"].astype(float).to_numpy(),
            "goal": [goal_label(g, chinese) for g in d["goal"]],
        })
        palette = {goal_label(g, chinese): GOAL_COLORS.get(g, "#949494") for g in d["goal"].unique()}
        # a dot plot: on a log axis a bar's length would depend on an arbitrary axis start
        sns.scatterplot(data=frame, x="value", y="label", hue="goal", palette=palette, s=70,
                        edgecolor="#333333", linewidth=0.5, zorder=3, ax=ax)
        logscale = _auto_log(frame["value"], log)
        if logscale:
            ax.set_xscale("log")
            _plain_log(ax.xaxis)
        else:
            ax.set_xlim(left=0)
        for i, v in enumerate(frame["value"]):
            ax.annotate(f"{v:,.0f}", (v, i), xytext=(7, 0), textcoords="offset points", va="center", fontsize=8)
        periods = sorted(set(d["period"])) if "period" in d else []
        span = f", {', '.join(periods)}" if periods else ""
        ax.set_title(("每名受益者每年支出" if zh else "Cost per beneficiary-year") + span)
        scale = (" (对数坐标)" if zh else " (log scale)") if logscale else ""
        ax.set_xlabel(("元/受益者/年" if zh else "CNY per beneficiary per year") + scale)
        ax.set_ylabel("")
        ax.grid(axis="y", visible=True, linestyle=":")
        ax.legend(title="目标" if zh else "goal", loc="lower right")
        ax.margins(x=0.12, y=0.08)
        _fix_tick_fonts(ax, chinese)
    return ax


def spending_vs_beneficiaries(programs: pd.DataFrame, *, line: pd.DataFrame | None = None,
                              chinese: bool | None = None, ax=None):
    """Spending against beneficiaries across programs (log-log), with a fitted line if given.

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
                                  label=unit.replace("_", "-")))
        for goal in dict.fromkeys(d["goal"]):
            handles.append(Line2D([], [], linestyle="none", marker="o", color=GOAL_COLORS.get(goal, "#949494"),
                                  label=goal_label(goal, chinese)))
        for k, (_, r) in enumerate(d.sort_values("beneficiaries").iterrows()):
            ax.annotate(wrap(program_label(r, chinese, r["spending_figure_id"]), chinese, 28),
                        (r["beneficiaries"], r["spending_cny"]), xytext=(5, 4 if k % 2 == 0 else -12),
                        textcoords="offset points", fontsize=7.5, va="bottom" if k % 2 == 0 else "top")
        ax.set_xscale("log")
        ax.set_yscale("log")
        _plain_log(ax.xaxis)
        _plain_log(ax.yaxis, money=True)
        ax.set_title("支出与受益人数" if zh else "Spending against beneficiaries, by program")
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
        ax.set_title("各目标支出与报告总额" if zh else "Spending by goal against the stated total")
        ax.set_xlabel("亿元；分项 + 未分项 = 报告总额；斜线：民生工程以外的资金" if zh else
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
        if _auto_log(peaks, log):
            ax.set_yscale("log")
            _plain_log(ax.yaxis)
        years = sorted({int(v) for v in pd.concat([ok["base_year"], ok["final_year"]]).astype(int)})
        ax.set_xticks(years, [str(y) for y in years])
        ax.axhline(100, color="#999999", linewidth=0.8)
        ax.set_title("福利标准增长（基年=100，两点）" if zh else "Benefit standards, base year = 100 (two stated points each)")
        ax.set_xlabel("年" if zh else "year")
        ax.set_ylabel("指数（基年=100）" if zh else "index (base year = 100)")
        ax.legend(handles=handles, loc="upper left", fontsize=7.5)
        _fix_tick_fonts(ax, chinese)
    return ax


def _figsize(data) -> tuple[float, float]:
    n = len(data) if hasattr(data, "__len__") else 6
    return (8.0, float(min(max(1.6 + 0.42 * n, 3.6), 12.0)))


def new_figure(figsize=(8.0, 4.5), chinese: bool | None = None):
    """A figure and Axes in the house style (pyplot-managed, closed by :func:`render`)."""
    import matplotlib.pyplot as plt

    with house_style(chinese):
        return plt.subplots(figsize=figsize, layout="constrained")


def save_figure(fig, path: str | Path, chinese: bool | None = None) -> Path:
    """Write ``fig`` as PNG to ``path`` with fixed metadata, whole (temporary file, then rename).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    path : str or pathlib.Path
        Destination; its folder is created if needed.
    chinese : bool, optional
        Whether labels are Chinese (for the fonts used at drawing time).

    Returns
    -------
    pathlib.Path
        The path written.
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    with house_style(chinese):
        fig.savefig(buf, format="png", metadata={"Software": "minsheng"})
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(buf.getvalue())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p


def render(plot, data, path: str | Path, *, figsize=None, chinese: bool | None = None, **kwargs):
    """Draw ``plot(data, ax=…, **kwargs)`` on a new figure, save it as PNG at ``path`` and return it.

    When the data hold nothing to draw, no figure is made, an earlier PNG at
    ``path`` is removed (it would describe other data) and the reason is
    returned as Markdown for the notebook.

    Parameters
    ----------
    plot : callable
        One of this module's plotting functions.
    data : pandas.DataFrame
        Its data.
    path : str or pathlib.Path
        The PNG to write.
    figsize : tuple of float, optional
        Default: 8 inches wide, height from the number of rows.
    chinese : bool, optional
        Chinese labels if a CJK font is installed (default).
    **kwargs
        Passed to ``plot``.

    Returns
    -------
    matplotlib.figure.Figure or IPython.display.Markdown
    """
    import matplotlib.pyplot as plt

    fig, ax = new_figure(figsize or _figsize(data), chinese)
    try:
        plot(data, ax=ax, chinese=chinese, **kwargs)
    except NothingToPlot as exc:
        plt.close(fig)
        Path(path).unlink(missing_ok=True)
        return prose.say(str(exc))
    save_figure(fig, path, chinese)
    plt.close(fig)
    return fig


def font_note():
    """Markdown saying which labels the plots use (Chinese with a CJK font, else English)."""
    name = cjk_font()
    if name:
        return prose.say(f"Plots are labelled in Chinese with the font *{name}*.")
    return prose.say("No CJK font is installed for matplotlib, so plots are labelled with the English glosses "
                      "(`program_en`, English goal names) rather than Chinese characters.")


# --------------------------------------------------------------------------- across reports (minsheng.analysis.compare)

#: One colour and one marker per report in the plots across reports, in order of ``doc_id``
#: (seaborn's colour-blind palette; markers so that greyscale prints stay readable).
REPORT_COLORS = ("#0173b2", "#de8f05", "#029e73", "#d55e00", "#cc78bc", "#ca9161", "#56b4e9", "#949494", "#ece133",
                 "#fbafe4")
REPORT_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "<", ">", "h")

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
    schema.require_columns(programs, ("doc_id", "program", "program_en", "goal", "beneficiary_unit",
                                      "cny_per_beneficiary_year", "spending_figure_id"), "programs comparison")
    d = programs[programs["cny_per_beneficiary_year"].map(lambda v: formatting.is_number(v) and v > 0).astype(bool)]
    if d.empty:
        raise NothingToPlot(
            "**No plot of cost per beneficiary-year across reports:** no report states a program with both "
            "spending and recipients." if programs.empty else
            "**No plot of cost per beneficiary-year across reports:** no paired program has a stated period, "
            "so no per-year cost.")
    ax = _ax(ax)
    zh = chinese_labels(chinese)
    style = report_style(d["doc_id"])
    with house_style(chinese):
        y, labels, ticks, values = 0, [], [], []
        header_transform = ax.get_yaxis_transform()
        for unit, name_zh, name_en in _UNIT_BLOCKS:
            block = d[d["beneficiary_unit"] == unit].sort_values(["cny_per_beneficiary_year", "doc_id"],
                                                                 ascending=[False, True], kind="stable")
            if block.empty:
                continue
            ax.text(0.005, y, name_zh if zh else name_en, transform=header_transform, va="center", ha="left",
                    fontweight="bold", fontsize=8.5, color="#333333")
            if y:
                ax.axhline(y - 0.5, color="#bbbbbb", linewidth=0.8)
            y += 1
            for _, r in block.iterrows():
                color, marker = style[r["doc_id"]]
                v = float(r["cny_per_beneficiary_year"])
                ax.scatter([v], [y], color=color, marker=marker, s=60, edgecolors="#333333", linewidths=0.5,
                           zorder=3)
                ax.annotate(f"{v:,.0f}", (v, y), xytext=(7, 0), textcoords="offset points", va="center", fontsize=8)
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
        ax.set_title("各报告每名受益者每年支出（按受益单位分组）" if zh
                     else "Cost per beneficiary-year by report, each beneficiary unit apart")
        scale = (" (对数坐标)" if zh else " (log scale)") if logscale else ""
        ax.set_xlabel(("元/受益单位/年，各报告名义价格" if zh else "CNY per beneficiary unit per year, nominal") + scale)
        ax.set_ylabel("")
        ax.grid(axis="y", visible=True, linestyle=":")
        ax.legend(handles=_report_handles(style, d["doc_id"]), title="报告" if zh else "report", loc="lower right")
        ax.margins(x=0.15)
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
    ax = _ax(ax)
    zh = chinese_labels(chinese)
    nominal_color, real_color = "#0173b2", "#de8f05"
    with house_style(chinese):
        labels, y = [], np.arange(len(d))
        nominal = d["cagr"].astype(float).to_numpy() * 100
        real = d["cagr_real"].map(lambda v: float(v) * 100 if formatting.is_number(v) else np.nan).to_numpy()
        for _, r in d.iterrows():
            floor = ("（下限）" if zh else " (floor)") if "at_least" in (r["base_qualifier"], r["final_qualifier"]) else ""
            labels.append(wrap(program_label(r, chinese, r["base_figure_id"]) + floor, chinese, 30)
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
        ax.set_title("各报告福利标准年均增长（两点CAGR）：名义与实际" if zh
                     else "Benefit standards by report: two-point CAGR, nominal and real")
        ax.set_xlabel("每年增长；仅基年与末年两点，中间年份未知" if zh
                      else "growth per year; two points only (base and final level), the years between unknown")
        ax.set_ylabel("")
        ax.grid(axis="y", visible=False)
        ax.legend(handles=[Patch(facecolor=nominal_color, edgecolor="#333333", label="名义" if zh else "nominal"),
                           Patch(facecolor="white", edgecolor=real_color, hatch="///",
                                 label="实际（按CPI平减）" if zh else "real (CPI-deflated)")], loc="best")
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
        ax.set_title("各报告按目标分项支出占报告总额的比例" if zh
                     else "Itemised spending by goal as a share of each report's stated total")
        note = ""
        if without:
            note = ("；无总额、未画出：" if zh else "; not drawn (no stated total): ") + ", ".join(without)
        ax.set_xlabel(("占本报告总额的比例；灰色：未分项" if zh
                       else "share of the report's own stated total; grey: not itemised by goal") + note)
        ax.set_ylabel("")
        ax.grid(axis="y", visible=False)
        ax.legend(handles=handles, title="目标" if zh else "goal", loc="upper left", bbox_to_anchor=(1.0, 1.0))
        _fix_tick_fonts(ax, chinese)
    return ax
