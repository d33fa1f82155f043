"""Plots: artists and labels, not pixels; English glosses without a CJK font, never empty boxes."""

from __future__ import annotations

import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from conftest import axes_texts  # noqa: E402
from minsheng.analysis import (
    models,
    per_beneficiary,
    per_goal,
    reference,
    standards,  # noqa: E402
)
from minsheng.reporting import plots

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def tables_(bundled_figures):
    cpi = reference.load_cpi(reference.DEFAULT_CPI)
    return {
        "programs": per_beneficiary.programs_table(bundled_figures),
        "goals": per_goal.goals_table(bundled_figures),
        "totals": per_goal.totals(bundled_figures),
        "standards": standards.standards_table(bundled_figures, cpi),
    }




def test_cost_per_beneficiary_year_english(no_cjk_font, tables_, ax):
    p = tables_["programs"]
    out = plots.cost_per_beneficiary_year(p, ax=ax)
    assert out is ax
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert len(labels) == 4  # the four person rows; the two person-time rows have no cost per year
    assert labels[0] == "orphan living allowance"  # the highest cost per recipient-year (8,325.60) first
    assert not any("(per person-time)" in t for t in labels)
    assert ax.get_xscale() == "log"  # 113.44 … 8,325.60: more than tenfold
    assert "(log scale)" in ax.get_xlabel()
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == ["social assistance"]
    assert sum(len(c.get_offsets()) for c in ax.collections) == 8  # a low and a high point for each
    assert not any(CJK.search(t) for t in axes_texts(ax))


def test_cost_per_beneficiary_year_chinese_labels(fake_cjk_font, tables_, ax):
    plots.cost_per_beneficiary_year(tables_["programs"], ax=ax)
    labels = [t.get_text().replace("\n", "") for t in ax.get_yticklabels()]
    assert "孤儿生活保障补助" in labels
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == ["弱有所扶"]


def test_linear_scale_when_the_spread_is_small(no_cjk_font, tables_, ax):
    p = tables_["programs"]
    p = p[p["program"].isin(["贫困残疾人生活补助", "重度残疾人护理补贴"])]
    plots.cost_per_beneficiary_year(p, ax=ax)
    assert ax.get_xscale() == "linear"


def test_spending_by_goal(no_cjk_font, tables_, ax):
    plots.spending_by_goal(tables_["goals"], total_cny=tables_["totals"]["total_spending_cny"], ax=ax)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["education", "social assistance", "not itemised", "outside scope: health"]
    bars = ax.patches
    assert len(bars) == 4
    assert bars[3].get_hatch() == "///"  # outside scope drawn apart
    # itemised + not itemised = the stated total, in units of 1e8 CNY
    assert sum(b.get_width() for b in bars[:3]) == pytest.approx(57.93)
    assert ax.lines[0].get_xdata()[0] == pytest.approx(57.93)
    assert "stated total" in ax.get_legend().get_texts()[0].get_text()
    assert not any(CJK.search(t) for t in axes_texts(ax))


def test_standard_growth(no_cjk_font, tables_, ax):
    plots.standard_growth(tables_["standards"], ax=ax)
    data_lines = [ln for ln in ax.lines if len(ln.get_xdata()) == 2 and ln.get_linestyle() in ("-", "--")
                  and list(ln.get_xdata()) == [2016, 2020]]
    assert len(data_lines) == 8  # nominal and real for each of four standards
    dibao = [ln for ln in data_lines if ln.get_ydata()[1] == pytest.approx(238.5686, abs=1e-3)]
    assert len(dibao) == 1 and dibao[0].get_linestyle() == "-"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "nominal" in legend and "real (CPI-deflated)" in legend
    assert "rural minimum living allowance (dibao)" in legend
    assert ax.get_yscale() == "log"  # the pension floor rose sixteenfold


def test_spending_vs_beneficiaries_with_fit(no_cjk_font, tables_, ax):
    p = tables_["programs"]
    fit = models.fit_spending_on_beneficiaries(p)
    plots.spending_vs_beneficiaries(p, line=models.fit_line(fit, p), ax=ax)
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert len(ax.texts) == 6
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "OLS fit (log-log)" in legend and "person-time" in legend


def test_nothing_to_plot_says_why_and_removes_a_stale_png(tmp_path, no_cjk_font):
    from minsheng.extraction.clean import empty_figures

    empty = per_beneficiary.programs_table(empty_figures())
    stale = tmp_path / "cost.png"
    stale.write_bytes(b"old")
    before = len(plt.get_fignums())
    out = plots.render(plots.cost_per_beneficiary_year, empty, stale)
    assert "No plot" in out.data and not stale.exists()
    assert len(plt.get_fignums()) == before
    with pytest.raises(plots.NothingToPlot):
        plots.standard_growth(standards.standards_table(empty_figures()))
    with pytest.raises(plots.NothingToPlot):
        plots.spending_by_goal(per_goal.goals_table(empty_figures()), total_cny=None)


def test_render_writes_the_same_png_twice_and_no_missing_glyphs(tmp_path, no_cjk_font, tables_):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph (an empty box) would warn
        fig = plots.render(plots.spending_by_goal, tables_["goals"], tmp_path / "a.png",
                           total_cny=tables_["totals"]["total_spending_cny"])
        plots.render(plots.spending_by_goal, tables_["goals"], tmp_path / "b.png",
                     total_cny=tables_["totals"]["total_spending_cny"])
        plots.render(plots.standard_growth, tables_["standards"], tmp_path / "c.png")
    data = (tmp_path / "a.png").read_bytes()
    assert data.startswith(b"\x89PNG") and data == (tmp_path / "b.png").read_bytes()
    assert b"minsheng" in data and b"Matplotlib version" not in data
    assert fig.axes[0].get_title(loc="left").startswith("Spending by goal")


def test_english_fallback_without_a_gloss(no_cjk_font):
    row = {"program": "新建幼儿园", "program_en": ""}
    # no font on the machine could draw the Chinese words: an id, never empty boxes
    assert plots.program_label(row, fallback_id="F001") == "F001 (Chinese name only; no CJK font installed)"
    assert plots.goal_label("social_assistance") == "social assistance"


def test_english_labels_use_the_chinese_name_where_no_gloss_exists():
    # the shipped CJK font draws it as a fallback behind DejaVu Sans
    assert plots.program_label({"program": "新建幼儿园", "program_en": ""}, chinese=False, fallback_id="F001") == "新建幼儿园"
    assert plots.program_label({"program": "新建幼儿园", "program_en": "new kindergartens"}, chinese=False) == (
        "new kindergartens")
    assert plots.house_rc(chinese=False)["font.sans-serif"][0] == "DejaVu Sans"
    assert plots.house_rc(chinese=False)["font.sans-serif"][1] == plots.cjk_font()


def test_fit_text_breaks_long_titles_to_the_figure_width():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    text = "Cost per beneficiary-year by report, each beneficiary unit apart, in constant 2020 prices"
    lines = plots.fit_text(ax, text, 11).split("\n")
    # 4 in × 72 pt / (0.56 × 11 pt) = 46 Latin characters a line at most, broken at spaces
    assert lines == ["Cost per beneficiary-year by report, each", "beneficiary unit apart, in constant 2020", "prices"]
    zh = plots.fit_text(ax, "各报告每名受益者每年支出（按受益单位分组）按2020年价格计算的不变价格", 11)
    assert all(sum(2 if "\u3000" <= c <= "\uffef" else 1 for c in x) <= 46 for x in zh.split("\n"))
    plt.close(fig)


def test_fit_layout_keeps_every_text_inside_the_figure(tmp_path, no_cjk_font):
    # a long label at the right-most point and a legend beside the Axes: after saving, all of it is in the figure
    fig, ax = plots.new_figure((6.0, 3.0))
    ax.plot([1, 10], [1, 5], label="a line with a long name")
    ax.annotate("a long label of the right-most point", (10, 5), xytext=(5, 0), textcoords="offset points")
    ax.set_ylabel("spending")
    plots.set_title(ax, "A title")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    plots.save_figure(fig, tmp_path / "fit.png")
    fig.canvas.draw()  # at the figure's own resolution: the Axes' place is a share of the figure, so it holds
    renderer = fig.canvas.get_renderer()
    edge = fig.bbox
    for artist in [*ax.texts, ax.get_legend(), ax.yaxis.label, ax.title]:
        bb = artist.get_window_extent(renderer)
        assert edge.x0 <= bb.x0 and bb.x1 <= edge.x1 and edge.y0 <= bb.y0 and bb.y1 <= edge.y1, artist
    assert fig.get_layout_engine() is None  # placed once by fit_layout, no layout engine
    plt.close(fig)


def test_a_wide_horizontal_log_axis_is_labelled_at_powers_of_ten_only():
    """600 … 900,000 is 3.2 decades: 1,000, 10,000, 100,000 on x (at 1-2-5 the labels ran into each other);
    the same span upright, and 1,000 … 50,000 (1.7 decades) either way, keep 1, 2 and 5 × 10^k."""
    import matplotlib.pyplot as plt

    from minsheng.reporting import plot_style

    fig, ax = plt.subplots()
    try:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(600, 900_000)
        ax.set_ylim(600, 900_000)
        plot_style._plain_log(ax.xaxis)
        plot_style._plain_log(ax.yaxis)
        assert list(ax.xaxis.get_majorticklocs()) == pytest.approx([1e3, 1e4, 1e5])
        assert list(ax.yaxis.get_majorticklocs()) == pytest.approx([1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5])
        ax.set_xlim(1_000, 50_000)
        assert list(ax.xaxis.get_majorticklocs()) == pytest.approx([1e3, 2e3, 5e3, 1e4, 2e4, 5e4])
    finally:
        plt.close(fig)


# the pretended CJK font (DejaVu Sans) has no Chinese glyphs: measuring the labels (plots._keep_inside) says so
@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
def test_spending_vs_beneficiaries_names_its_units_in_the_plots_language(fake_cjk_font, tables_, ax):
    """The legend's beneficiary units in Chinese in a Chinese plot (人, 人次), never the column's codes."""
    plots.spending_vs_beneficiaries(tables_["programs"], ax=ax, chinese=True)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "人" in legend and "人次" in legend
    assert not {"person", "person-time", "person_time"} & set(legend)


def test_spending_vs_beneficiaries_keeps_point_labels_inside_the_axes(tmp_path, no_cjk_font):
    """Three programmes, no fit line; in order of recipients: student aid (2,090 persons, 3.17 m), screening
    (5,000 person-times, 0.6 m: the lowest point, labelled below it in turn) and dibao (9,450 persons, 63.1 m:
    the highest and right-most point, labelled above it in turn). Before, the screening label stood over the
    x axis' tick labels and the dibao label past the Axes' top and right edges. Each label is turned to the
    other side of its point where it would leave the Axes: the screening label above, dibao's below and to the
    left; the student aid label, with room, as it was."""
    import pandas as pd
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from minsheng.reporting import plot_style

    rows = [("困难学生资助资金", "student financial aid", "education", "person", 3.17e6, 2090.0),
            ("“两癌”免费检查经费", "cervical and breast cancer screening", "health", "person_time", 6.0e5, 5000.0),
            ("城乡低保资金", "minimum living allowance (dibao)", "social_assistance", "person", 6.31e7, 9450.0)]
    programs = pd.DataFrame([{"program": p, "program_en": en, "goal": g, "beneficiary_unit": u, "spending_cny": s,
                              "beneficiaries": b, "spending_figure_id": f"F{i:03d}"}
                             for i, (p, en, g, u, s, b) in enumerate(rows)])
    fig = plots.render(plots.spending_vs_beneficiaries, programs, tmp_path / "scatter.png", chinese=False)
    fig.dpi = 150  # as saved, where fit_layout placed the Axes
    renderer = FigureCanvasAgg(fig).get_renderer()
    (ax,) = fig.axes
    with plot_style.house_style(False):
        box = ax.get_window_extent(renderer)
        labels = {t.get_text().replace("\n", " "): (t, t.get_window_extent(renderer)) for t in ax.texts}
    assert list(labels) == [en for _p, en, *_ in rows]
    for text, (_t, bb) in labels.items():
        assert box.x0 <= bb.x0 and bb.x1 <= box.x1 and box.y0 <= bb.y0 and bb.y1 <= box.y1, text
    placed = {text: (tuple(t.xyann), t.get_ha(), t.get_va()) for text, (t, _bb) in labels.items()}
    assert placed == {"student financial aid": ((5, 4), "left", "bottom"),
                      "cervical and breast cancer screening": ((5, 4), "left", "bottom"),
                      "minimum living allowance (dibao)": ((-5, -12), "right", "top")}
