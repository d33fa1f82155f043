"""The plots across reports for more than ``MAX_REPORTS_BY_NAME`` reports: the spread of the reports, not each
report by name. Every frame here is written by hand, every median worked out by hand."""

from __future__ import annotations

import math

import matplotlib
import matplotlib.text

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from minsheng.reporting import compare_plots, plots  # noqa: E402

NAN = math.nan


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _ticks(ax) -> list[str]:
    return [_one_line(t.get_text()) for t in ax.get_yticklabels()]


def _medians(ax) -> list[float]:
    """The x of every median tick (the scatters drawn with the marker ``|``), in drawing order."""
    out = []
    for col in ax.collections:
        paths = col.get_paths()
        if len(col.get_offsets()) and len(paths) == 1 and len(paths[0].vertices) == 2:  # the '|' marker
            out += [float(x) for x, _y in col.get_offsets()]
    return out


def _program(doc_id, program, program_en, families, unit, time_base, low, per=NAN):
    return {"doc_id": doc_id, "program": program, "program_en": program_en, "goal": "social_assistance",
            "families": families, "beneficiary_unit": unit, "time_base": time_base, "cny_per_beneficiary": per,
            "cny_per_beneficiary_year_low": low, "cny_per_beneficiary_year_high": low, "spending_figure_id": "F001"}


def _programs(n_dibao=25, n_intern=22, unique=0) -> pd.DataFrame:
    rows = [_program(f"r{i:02d}", "农村低保资金", "rural minimum living allowance", "dibao", "person", "year",
                     1000.0 + 100 * i) for i in range(n_dibao)]
    rows += [_program(f"r{i:02d}", "就业见习补贴", "internship subsidy", "", "person_time", "person_time", NAN,
                      per=300.0 + 10 * i) for i in range(n_intern)]
    rows += [_program(f"r{i:02d}", f"项目{i:02d}", f"programme {i:02d}", "", "person", "year", 500.0)
             for i in range(unique)]
    rows.append(_program("r00", "孤儿基本生活保障", "orphan allowance", "orphan", "person", "cumulative", NAN))
    return pd.DataFrame(rows)


def test_many_reports_starts_above_twenty():
    assert compare_plots.MAX_REPORTS_BY_NAME == 20
    assert not plots.many_reports(_programs(20, 20)) and plots.many_reports(_programs(21, 0))
    assert plots.across_figsize(_programs(20, 20)) is None  # the plot's own size, as before
    # 4 rows (dibao among persons, the internship subsidy among person-times, two unit headers): the floor of 4.5 in
    assert plots.across_figsize(_programs()) == (8.0, 4.5)


def test_twenty_reports_are_still_drawn_by_name(no_cjk_font, ax):
    plots.cost_per_beneficiary_year_by_report(_programs(20, 20), ax=ax)
    assert len(ax.get_legend().get_texts()) == 20  # one entry per report


def test_cost_of_many_reports_one_row_per_kind_of_programme(no_cjk_font, ax):
    plots.cost_per_beneficiary_year_by_report(_programs(), ax=ax)
    assert _ticks(ax) == ["minimum living allowance (25 reports)", "internship subsidy (22 reports)"]
    headers = [t.get_text() for t in ax.texts if t.get_fontweight() == "bold"]
    assert headers == ["persons", "person-times (service events, not people)"]
    # 1,000 … 3,400 CNY a year in steps of 100: median 2,200; 300 … 510 per person-time: (400 + 410) / 2 = 405
    assert _medians(ax) == pytest.approx([2200.0, 405.0])
    dots = ax.collections[0].get_offsets()
    assert sorted(float(x) for x, _y in dots) == sorted([1000.0 + 100 * i for i in range(25)]
                                                        + [300.0 + 10 * i for i in range(22)])
    assert ax.get_legend() is None  # no report by name
    assert ax.get_xscale() == "log"  # 300 … 3,400
    assert "25 reports" in ax.get_title(loc="left")
    assert "a dot per programme of a report" in _one_line(ax.get_xlabel())
    assert [t.get_text() for t in ax.texts if t.get_text().startswith("median")] == ["median 2,200", "median 405"]


def test_cost_of_many_reports_draws_the_kinds_most_reports_state(no_cjk_font, ax):
    """25 reports state 低保, 22 the internship subsidy and 30 one programme each of their own: 32 kinds, the
    two most stated first; 24 rows drawn, 8 left to the table."""
    plots.cost_per_beneficiary_year_by_report(_programs(unique=30), ax=ax)
    ticks = _ticks(ax)
    assert len(ticks) == compare_plots.MAX_SPREAD_ROWS == 24
    assert ticks[0] == "minimum living allowance (25 reports)" and ticks[1] == "programme 00 (1 report)"
    assert "internship subsidy (22 reports)" in ticks  # in its own block (person-times), after the persons
    assert "8 more not drawn, see compare_programs.csv" in _one_line(ax.get_xlabel())


def _goal(doc_id, goal, share, total, rest):
    return {"doc_id": doc_id, "goal": goal, "share_of_total": share, "total_spending_cny": total, "total_years": 1,
            "unitemised_share": rest, "periods": "2023", "years": 1}


def test_goal_shares_of_many_reports(no_cjk_font, ax):
    rows = []
    for i in range(22):
        edu = 0.10 + 0.01 * i
        rows += [_goal(f"r{i:02d}", "education", edu, 1e8, 1 - 0.5 - edu),
                 _goal(f"r{i:02d}", "social_assistance", 0.5, 1e8, 1 - 0.5 - edu)]
    rows += [_goal("s01", "education", NAN, NAN, NAN), _goal("s02", "health", NAN, NAN, NAN)]  # no stated total
    plots.goal_shares_by_report(pd.DataFrame(rows), ax=ax)
    assert _ticks(ax) == ["education (22 reports)", "social assistance (22 reports)", "not itemised (22 reports)"]
    # education 0.10 … 0.31: (0.20 + 0.21) / 2; assistance 0.5 throughout; not itemised 0.40 … 0.19: 0.295
    assert _medians(ax) == pytest.approx([0.205, 0.5, 0.295])
    assert "2 reports without a stated total not drawn" in _one_line(ax.get_xlabel())
    assert ax.get_legend() is None


def test_goal_shares_of_many_reports_count_one_report_in_the_singular(no_cjk_font, ax):
    rows = []
    for i in range(21):
        rows += [_goal(f"r{i:02d}", "education", 0.3, 1e8, 0.7)]
    rows += [_goal("big", "education", 1.2, 1e8, -0.2), _goal("s01", "health", NAN, NAN, NAN)]
    plots.goal_shares_by_report(pd.DataFrame(rows), ax=ax)
    assert _ticks(ax) == ["education (22 reports)", "not itemised (21 reports)"]
    label = _one_line(ax.get_xlabel())
    assert "; 1 report without a stated total not drawn" in label and "; in 1 report the items exceed the total" in label


def _standard(doc_id, cagr, real):
    return {"doc_id": doc_id, "program": "农村低保标准", "program_en": "rural dibao standard", "families": "dibao",
            "base_year": 2016, "final_year": 2020, "cagr": cagr, "cagr_real": real, "base_figure_id": "F001",
            "base_qualifier": "", "final_qualifier": ""}


def test_standards_of_many_reports_nominal_and_real(no_cjk_font, ax):
    rows = [_standard(f"r{i:02d}", 0.05 + 0.001 * i, 0.03 + 0.001 * i if i < 20 else NAN) for i in range(21)]
    plots.standards_cagr_by_report(pd.DataFrame(rows), ax=ax)
    assert _ticks(ax) == ["minimum living allowance (21 reports)"]
    # nominal 5.0 … 7.0 %: 6.0 %; real of the first 20: 3.0 … 4.9 %: (3.9 + 4.0) / 2
    assert _medians(ax) == pytest.approx([6.0, 3.95])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["nominal", "real (CPI-deflated)"]


def test_spending_against_recipients_of_many_reports(no_cjk_font, ax):
    rows = [{"doc_id": f"r{i:02d}", "program": "低保", "program_en": "dibao", "beneficiary_unit": "person",
             "spending_cny": 1e6 * (i + 1) * k, "beneficiaries": 100.0 * (i + 1) * k, "spending_figure_id": "F001",
             "used": k == 1, "cell": f"r{i:02d}|year"} for i in range(21) for k in (1, 2)]
    plots.spending_vs_beneficiaries_by_report(pd.DataFrame(rows), ax=ax)
    filled, hollow = ax.collections[0], ax.collections[1]
    assert len(filled.get_offsets()) == 21 and len(hollow.get_offsets()) == 21
    assert np.allclose(sorted(filled.get_offsets()[:, 0]), [100.0 * (i + 1) for i in range(21)])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["in the model", "not in the model"]
    assert "21 reports" in ax.get_title(loc="left")


def _level(i, standard, program_en, year, v, conflict=""):
    """A row of ``panel_standards.csv``: place i's level of ``standard`` in ``year``, in 2020 prices."""
    return {"place_code": f"34{i:04d}", "place_name": f"某县{i}", "standard": standard, "program_en": program_en,
            "year": year, "cny_per_year_real": v, "price_year": 2020, "doc_ids": f"r{i:02d}_{year}",
            "figure_ids": "F003", "conflict": conflict}


def _levels(n_places=22):
    """Each place i states 低保 at 6,000 + 100 i in 2019 and 6,600 + 100 i in 2020; place 0 states 2019 twice
    (6,000 and 6,200: its mean 6,100), place 1 a 2020 level the reports disagree on (not drawn)."""
    dibao = ("低保", "minimum living allowance (dibao)")  # lexicon/programs.csv
    rows = [_level(i, *dibao, year, v) for i in range(n_places)
            for year, v in ((2019, 6000.0 + 100 * i), (2020, 6600.0 + 100 * i))]
    rows.append(_level(0, *dibao, 2019, 6200.0))
    rows.append(_level(1, *dibao, 2020, 9999.0, conflict="r01 says 6,700"))
    return pd.DataFrame(rows)


def test_standards_of_many_places_thin_lines_and_the_median(no_cjk_font, ax):
    plots.standards_by_place(_levels(), ax=ax)
    bold = [ln for ln in ax.get_lines() if ln.get_linewidth() > 2]
    assert len(bold) == 1
    assert list(bold[0].get_xdata()) == [2019, 2020]
    # 2019: place 0's mean 6,100, places 1-21 6,100 … 8,100; sorted, the 11th and 12th are places 10 and 11:
    # (7,000 + 7,100) / 2 = 7,050
    # 2020: 6,600 + 100 i for i = 0 … 21 (place 1's disputed 9,999 left out): (7,600 + 7,700) / 2 = 7,650
    assert list(bold[0].get_ydata()) == pytest.approx([7050.0, 7650.0])
    lines = ax.collections[0].get_segments()
    assert len(lines) == 22  # one per place
    # the standard by its gloss in an English plot (no CJK font here: its word would be empty boxes)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["minimum living allowance (dibao) (22 places)",
                                                                   "each place"]
    assert "22 places" in ax.get_title(loc="left")


def test_twenty_places_are_still_drawn_by_name(no_cjk_font, ax):
    d = _levels(20)
    plots.standards_by_place(d, ax=ax)
    assert len(ax.get_legend().get_texts()) == 20 + 1  # the places and "reports disagree"


def test_costs_of_many_places_by_family(no_cjk_font, ax):
    """30 places, 低保 per person in 2019-2021 at 4,000 + 50 i + 300 a year: the medians 4,725, 5,025, 5,325."""
    costs = pd.DataFrame([{"place_code": f"34{i:04d}", "place_name": f"x{i}", "year": y, "families": "dibao",
                           "beneficiary_unit": "person", "cny_per_beneficiary_year_real": 4000.0 + 50 * i + 300 * (y - 2019),
                           "price_year": 2020} for i in range(30) for y in (2019, 2020, 2021)])
    plots.cost_per_recipient_by_place(costs, ax=ax)
    bold = [ln for ln in ax.get_lines() if ln.get_linewidth() > 2]
    assert list(bold[0].get_ydata()) == pytest.approx([4725.0, 5025.0, 5325.0])  # (4,700 + 4,750) / 2, …
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "minimum living allowance, per person (30 places)", "each place"]


def test_the_size_follows_the_reports_a_plot_draws():
    """25 reports, of which 16 have a cost per year (the others a cumulative count only): the plot names its
    16 reports at its own size, so the size is not the spread's."""
    rows = [_program(f"r{i:02d}", "农村低保资金", "dibao", "dibao", "person", "year" if i < 16 else "cumulative",
                     1000.0 + 100 * i) for i in range(25)]
    frame = pd.DataFrame(rows)
    assert plots.many_reports(frame) and plots.across_figsize(frame) is None


def test_real_rates_stay_on_their_own_row_when_two_labels_are_the_same(no_cjk_font, ax):
    """Two standards without a family share the English gloss: 11 reports state 甲 (10 % nominal, 8 % real),
    11 state 乙 (2 %, 1 %). Each row keeps its own real rate."""
    rows = [dict(_standard(f"a{i:02d}", 0.10, 0.08), program="甲标准", program_en="allowance standard", families="")
            for i in range(11)]
    rows += [dict(_standard(f"b{i:02d}", 0.02, 0.01), program="乙标准", program_en="allowance standard", families="")
             for i in range(11)]
    plots.standards_cagr_by_report(pd.DataFrame(rows), ax=ax)
    # rows in order of their words (乙 U+4E59 before 甲 U+7532): nominal 2 and 10 %, then real 1 and 8 %; before,
    # the real rates were matched by label and 甲's 8 % was lost (1, 1)
    assert _medians(ax) == pytest.approx([2.0, 10.0, 1.0, 8.0])


def _student(doc_id, program, unit, low):
    return dict(_program(doc_id, program, "student financial aid", "", unit, unit if unit == "person_time" else "year",
                         NAN if unit == "person_time" else low, per=low if unit == "person_time" else NAN))


def test_rows_of_one_label_are_told_apart_by_their_words(fake_cjk_font, ax):
    """Two programmes of no family share the gloss "student financial aid" among persons (11 reports each): in
    an English plot each row gets its own words; the same gloss among person-times, alone in its block (under
    its own header), and 低保 keep their labels."""
    rows = [_student(f"a{i:02d}", "困难学生资助资金", "person", 1500.0) for i in range(11)]
    rows += [_student(f"b{i:02d}", "贫困学生生活补助资金", "person", 1600.0) for i in range(11)]
    rows += [_student("a00", "义务教育学生资助资金", "person_time", 230.0)]
    rows += [_program("a00", "城乡低保资金", "minimum living allowance", "dibao", "person", "year", 6000.0)]
    plots.cost_per_beneficiary_year_by_report(pd.DataFrame(rows), chinese=False, ax=ax)
    # same number of reports and label: in order of their keys, 困 (U+56F0) before 贫 (U+8D2B)
    assert _ticks(ax) == ["student financial aid (困难学生资助资金) (11 reports)",
                          "student financial aid (贫困学生生活补助资金) (11 reports)",
                          "minimum living allowance (1 report)", "student financial aid (1 report)"]
    assert _medians(ax) == pytest.approx([1500.0, 1600.0, 6000.0, 230.0])


def test_standards_of_one_label_are_told_apart_in_both_languages(fake_cjk_font):
    """In English 甲标准 and 乙标准 share their gloss; in Chinese a standard of no family named 养老保险 shares
    the name of the family pension (its first word in lexicon/program_families.csv, 养老保险), whose 11 rows
    all say 城乡居民基本养老保险基础养老金."""
    import matplotlib.pyplot as plt

    rows = [dict(_standard(f"a{i:02d}", 0.10, 0.08), program="甲标准", program_en="allowance standard", families="")
            for i in range(11)]
    rows += [dict(_standard(f"b{i:02d}", 0.02, 0.01), program="乙标准", program_en="allowance standard", families="")
             for i in range(11)]
    _fig, ax = plt.subplots()
    plots.standards_cagr_by_report(pd.DataFrame(rows), chinese=False, ax=ax)
    assert _ticks(ax) == ["allowance standard (乙标准) (11 reports)", "allowance standard (甲标准) (11 reports)"]
    # in Chinese the two labels differ already: left as they are
    _fig, ax = plt.subplots()
    plots.standards_cagr_by_report(pd.DataFrame(rows), chinese=True, ax=ax)
    assert [t.get_text().replace("\n", "") for t in ax.get_yticklabels()] == ["乙标准（11份报告）", "甲标准（11份报告）"]

    rows = [dict(_standard(f"p{i:02d}", 0.05, 0.03), program="城乡居民基本养老保险基础养老金", families="pension")
            for i in range(11)]
    rows += [dict(_standard(f"q{i:02d}", 0.04, 0.02), program="养老保险", families="") for i in range(11)]
    _fig, ax = plt.subplots()
    plots.standards_cagr_by_report(pd.DataFrame(rows), chinese=True, ax=ax)
    # both 养老保险 with 11 reports: by key, "family:pension" before "program:养老保险"
    assert [t.get_text().replace("\n", "") for t in ax.get_yticklabels()] == [
        "养老保险（城乡居民基本养老保险基础养老金）（11份报告）", "养老保险（养老保险）（11份报告）"]
    assert _medians(ax)[:2] == pytest.approx([5.0, 4.0])
    plt.close("all")


def test_rows_of_one_label_without_a_cjk_font(no_cjk_font, ax):
    """Without a CJK font the words would be empty boxes: the two standards sharing a gloss are told apart by
    the report and figure of their first row."""
    rows = [dict(_standard(f"a{i:02d}", 0.10, 0.08), program="甲标准", program_en="allowance standard", families="")
            for i in range(11)]
    rows += [dict(_standard(f"b{i:02d}", 0.02, 0.01), program="乙标准", program_en="allowance standard", families="")
             for i in range(11)]
    plots.standards_cagr_by_report(pd.DataFrame(rows), ax=ax)
    assert _ticks(ax) == ["allowance standard (b00 F001) (11 reports)", "allowance standard (a00 F001) (11 reports)"]


def test_the_title_of_a_spread_stays_in_the_figure(tmp_path):
    """A title starts at the Axes' left edge, right of the row labels: its lines are as wide as the plot
    beside them (six-tenths of the figure), so a wide label column (a programme's words, 14 Chinese
    characters a line) does not push it past the figure's edge."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    rows = [_student(f"a{i:02d}", "困难学生资助资金", "person", 1500.0) for i in range(11)]
    rows += [_student(f"b{i:02d}", "义务教育家庭经济困难学生生活补助资金", "person", 1600.0) for i in range(11)]
    frame = pd.DataFrame(rows)
    fig = plots.render(plots.cost_per_beneficiary_year_by_report, frame, tmp_path / "cost.png",
                       figsize=plots.across_figsize(frame), chinese=False)
    fig.dpi = 150  # as saved (the house style's savefig.dpi), where fit_layout placed the Axes
    renderer = FigureCanvasAgg(fig).get_renderer()
    (ax,) = fig.axes
    text = ax.get_title(loc="left")  # the house style's titles stand on the left
    (title,) = [t for t in ax.get_children() if isinstance(t, matplotlib.text.Text) and t.get_text() == text]
    box = title.get_window_extent(renderer)
    assert 0 <= box.x0 and box.x1 <= fig.bbox.width
    # 84 characters at 56 a line (0.6 x 576 pt / (0.56 x 11 pt)): two lines
    assert text == "Cost per beneficiary-year across 22 reports, by\nbeneficiary unit and kind of programme"


def _two_standards(n_places):
    """Places 0 … n-1 state 农村低保 (6,000 in 2019, 6,600 in 2020) and 困难学生 or, at odd places, 学生资助
    (1,200 and 1,300): the last two words share the gloss "student financial aid" (lexicon/programs.csv)."""
    rows = []
    for i in range(n_places):
        student = ("学生资助", "student financial aid") if i % 2 else ("困难学生", "student financial aid")
        for year, k in ((2019, 0), (2020, 1)):
            rows += [_level(i, "农村低保", "rural minimum living allowance (dibao)", year, 6000.0 + 600 * k),
                     _level(i, *student, year, 1200.0 + 100 * k)]
    return pd.DataFrame(rows)


def test_standards_of_many_places_named_in_the_plot_language(fake_cjk_font):
    """English plots name a standard by its gloss (panel_standards.csv's program_en), the two of one gloss with
    their words; Chinese plots by its word. Series in order of the words: 农 (U+519C), 困 (U+56F0), 学 (U+5B66);
    22 places state 农村低保, 11 each student word."""
    import matplotlib.pyplot as plt

    _fig, ax = plt.subplots()
    plots.standards_by_place(_two_standards(22), chinese=False, ax=ax)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "rural minimum living allowance (dibao) (22 places)", "student financial aid (困难学生) (11 places)",
        "student financial aid (学生资助) (11 places)", "each place"]
    _fig, ax = plt.subplots()
    plots.standards_by_place(_two_standards(22), chinese=True, ax=ax)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["农村低保（22地）", "困难学生（11地）",
                                                                   "学生资助（11地）", "各地"]
    plt.close("all")


def test_standards_of_few_places_named_in_the_plot_language(fake_cjk_font):
    """With 4 places the legend names the places, then a line style per standard, and the caption lists the
    standards: by their glosses in English, by their words in Chinese."""
    import matplotlib.pyplot as plt

    english = ["rural minimum living allowance (dibao)", "student financial aid (困难学生)",
               "student financial aid (学生资助)"]
    _fig, ax = plt.subplots()
    plots.standards_by_place(_two_standards(4), chinese=False, ax=ax)
    assert [t.get_text() for t in ax.get_legend().get_texts()][4:] == english
    assert "; ".join(english) in ax.get_xlabel().replace("\n", "")
    _fig, ax = plt.subplots()
    plots.standards_by_place(_two_standards(4), chinese=True, ax=ax)
    assert [t.get_text() for t in ax.get_legend().get_texts()][4:] == ["农村低保", "困难学生", "学生资助"]
    assert "农村低保、困难学生、学生资助" in ax.get_xlabel().replace("\n", "")
    plt.close("all")


def test_the_caption_of_the_panel_stays_in_the_figure(tmp_path):
    """The English glosses widen the legend beside the Axes, which moves the Axes (and the caption centred under
    it) to the left: the caption's lines are broken to 0.55 of the figure, so they stay inside it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = plots.render(plots.standards_by_place, _two_standards(22), tmp_path / "levels.png", figsize=(8.0, 4.8),
                       chinese=False)
    fig.dpi = 150  # as saved, where fit_layout placed the Axes
    box = fig.axes[0].xaxis.label.get_window_extent(FigureCanvasAgg(fig).get_renderer())
    assert 0 <= box.x0 and box.x1 <= fig.bbox.width


def _pension(doc_id, cagr, real, base_year=2016, final_year=2020, floor=False):
    q = "at_least" if floor else "exact"
    return dict(_standard(doc_id, cagr, real), program="城乡居民基本养老保险基础养老金", program_en="pension top-up",
                families="pension", base_year=base_year, final_year=final_year, base_qualifier=q, final_qualifier=q)


def _ringed(ax, edge: str) -> list[float]:
    """The x of every dot ringed in ``edge`` (hollow markers drawn over the dots), sorted."""
    rgba = matplotlib.colors.to_rgba(edge)
    out = []
    for col in ax.collections:
        edges, faces = col.get_edgecolors(), col.get_facecolors()
        if len(col.get_offsets()) and len(edges) and tuple(edges[0]) == rgba and (not len(faces) or faces[0][3] == 0):
            out += [float(x) for x, _y in col.get_offsets()]
    return sorted(out)


def test_growth_from_a_floor_is_marked_among_many_reports(no_cjk_font, ax):
    """22 reports' pension top-up: 20 at 5 % (3 % real); one from 不低于10元 to 不低于162元 over 2016-2020,
    16.2^(1/4) - 1 = 100.6 % a year (real 96.2 %): a floor, and above 50 % (standards.csv's implausible_growth);
    one the same over 2016-2023, 16.2^(1/7) - 1 = exp(2.785011 / 7) - 1 = 48.863 % (real 46 %): a floor, not
    above 50 %; and 16.2^(1/4) = exp(2.785011 / 4) = 2.006221."""
    rows = [_pension(f"r{i:02d}", 0.05, 0.03) for i in range(20)]
    rows += [_pension("y16", 16.2 ** 0.25 - 1, 0.9616, floor=True),
             _pension("y23", 16.2 ** (1 / 7) - 1, 0.46, final_year=2023, floor=True)]
    plots.standards_cagr_by_report(pd.DataFrame(rows), ax=ax)
    # rings: around the nominal and the real dot of the 4-year standard; diamonds: around all four floor dots
    assert _ringed(ax, "#d55e00") == pytest.approx([96.16, 100.622], abs=1e-3)
    assert _ringed(ax, "#333333") == pytest.approx([46.0, 48.863, 96.16, 100.622], abs=1e-3)
    # the medians count the marked dots: 20 x 5 %, 48.9 %, 100.6 % -> 5 %; real 20 x 3 %, 46 %, 96.2 % -> 3 %
    assert _medians(ax) == pytest.approx([5.0, 3.0])
    assert [_one_line(t.get_text()) for t in ax.get_legend().get_texts()] == [
        "nominal", "real (CPI-deflated)", "floor: a level stated as a minimum, the growth of a minimum",
        "implausible growth: above 50 % a year, probably not the same quantity"]
    assert "ringed dots flagged as in standards.csv (see the legend), counted in the medians" in _one_line(
        ax.get_xlabel())


def test_growth_without_a_flag_is_not_marked_among_many_reports(no_cjk_font, ax):
    plots.standards_cagr_by_report(pd.DataFrame([_pension(f"r{i:02d}", 0.05, 0.03) for i in range(21)]), ax=ax)
    assert _ringed(ax, "#d55e00") == _ringed(ax, "#333333") == []
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["nominal", "real (CPI-deflated)"]
    assert "ringed" not in ax.get_xlabel()


def test_growth_from_a_floor_is_marked_by_report(no_cjk_font, ax):
    """Three reports by name: an exact 5 %, the floors 10 -> 162 over 2016-2020 (100.6 %: floor and implausible),
    an exact 300 -> 3,000 over 2018-2020 (10^(1/2) - 1 = 216 %: implausible only)."""
    rows = [_pension("a", 0.05, 0.03), _pension("b", 16.2 ** 0.25 - 1, 0.9616, floor=True),
            _pension("c", 10 ** 0.5 - 1, 2.0, base_year=2018)]
    plots.standards_cagr_by_report(pd.DataFrame(rows), ax=ax)
    assert [_one_line(t.get_text()) for t in ax.get_yticklabels()] == [
        "pension top-up a, 2016–2020", "pension top-up (floor) (implausible growth) b, 2016–2020",
        "pension top-up (implausible growth) c, 2018–2020"]
    assert _one_line(ax.get_xlabel()).endswith(
        "; floor: a level stated as a minimum, the growth of a minimum; implausible growth: above 50 % a year, "
        "probably not the same quantity")


def test_english_row_labels_are_about_as_wide_as_chinese_ones(fake_cjk_font, ax):
    """An English label is broken at 26 characters (a Chinese one at 14, each about as wide as two Latin
    letters), the count on its last line where it then holds 28 at most: "(困难学生资助资金)" (10) + " (11 reports)"
    (13) = 23; "minimum living allowance" (24) + " (1 report)" (12) = 36, on its own line. At 14 the
    first took four lines and ran into its neighbours."""
    rows = [_student(f"a{i:02d}", "困难学生资助资金", "person", 1500.0) for i in range(11)]
    rows += [_student(f"b{i:02d}", "贫困学生生活补助资金", "person", 1600.0) for i in range(11)]
    rows += [_program("a00", "城乡低保资金", "minimum living allowance", "dibao", "person", "year", 6000.0)]
    plots.cost_per_beneficiary_year_by_report(pd.DataFrame(rows), chinese=False, ax=ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "student financial aid\n(困难学生资助资金) (11 reports)", "student financial aid\n(贫困学生生活补助资金) (11 reports)",
        "minimum living allowance\n(1 report)"]
