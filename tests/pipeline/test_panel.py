"""The reports of a batch as a panel of places and years (issue 16), on tests/fixtures/panel/.

Eight invented reports: 太湖县 2021, 2022, 2023 and a news release of 2023; 金寨县 2021 and 2023;
安吉县 2022 and 2023. Every expected value below is worked out by hand in tests/fixtures/panel/README.md
and expected.csv (long division, unit conversions, growth rates), or here from the CPI's year-on-year
percentages as published (2021 0.9 %, 2022 2.0 %, 2023 0.2 %), never from the code under test.
"""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from conftest import ROOT, run_steps
from minsheng import io
from minsheng.analysis import panel
from minsheng.pipeline import runner, steps

PANEL = ROOT / "tests" / "fixtures" / "panel"

#: P(2020) / P(year): one yuan of ``year`` in 2020 prices, from the CPI's year-on-year changes.
TO_2020 = {2021: 1 / 1.009, 2022: 1 / (1.009 * 1.020), 2023: 1 / (1.009 * 1.020 * 1.002)}


def _expected() -> dict[str, dict]:
    with (PANEL / "expected.csv").open(encoding="utf-8") as f:
        return {r["doc_id"]: r for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    runs = tmp_path_factory.mktemp("panel") / "runs"
    for p in sorted(PANEL.glob("*.txt")):
        run_steps(p, p.stem, runs)
    out = runs / "_compare"
    compared = steps.compare_reports(str(runs), str(out), str(out / "_build" / "figures"))
    result = steps.panel_reports(str(runs), str(out), str(out / "_build" / "figures"))
    return runs, compared, result


def test_every_comparison_table_is_keyed_by_place_and_year(batch):
    runs, compared, _ = batch
    exp = _expected()
    for name in ("compare_metrics", "compare_programs", "compare_goals"):
        t = io.read_table(runs / "_compare" / f"{name}.csv", name)
        assert list(t.columns[:4]) == ["doc_id", "place_code", "place_name", "report_period"]
        for row in t.drop_duplicates("doc_id").itertuples():
            e = exp[row.doc_id]
            assert (row.place_code, row.place_name, row.report_period) == (e["place_code"], e["place_name"], e["year"])


def test_cost_per_recipient_by_place_and_year(batch):
    """城乡低保资金 S万元 and 保障低保对象 P人 of one sentence are one programme (both labels hold 低保): paired."""
    _, compared, result = batch
    exp = _expected()
    got = compared.programs.set_index("doc_id")
    assert sorted(got.index) == sorted(exp)
    for doc_id, e in exp.items():
        r = got.loc[doc_id]
        assert r["spending_cny"] == float(e["dibao_spending_cny"])
        assert r["beneficiaries"] == float(e["dibao_recipients_persons"])
        assert round(r["cny_per_beneficiary_year"], 2) == float(e["cny_per_recipient_year"])
        assert r["time_base"] == "year" and r["families"] == "dibao"
    costs = result.costs.set_index("doc_id")
    assert len(costs) == 8
    for doc_id, e in exp.items():
        year = int(e["year"])
        assert costs.at[doc_id, "year"] == year and costs.at[doc_id, "place_code"] == e["place_code"]
        assert costs.at[doc_id, "cny_per_beneficiary_year_real"] == pytest.approx(
            float(e["dibao_spending_cny"]) / float(e["dibao_recipients_persons"]) * TO_2020[year], rel=1e-9)


def test_two_reports_of_one_place_and_year_side_by_side(batch):
    runs, _, _ = batch
    same = io.read_table(runs / "_compare" / "same_place_figures.csv", "compare_same_place")
    # the news release states three figures, all of them in the summary: two agree, the recipients differ
    assert list(zip(same["doc_id"], same["other_doc_id"])) == [("taihu_2023", "taihu_news_2023")] * 3
    assert set(same["place_code"]) == {"340825"} and set(same["report_period"]) == {"2023"}
    by = same.set_index("metric", drop=False)
    assert list(same["value_norm"]) == [1327000000.0, 108656000.0, 14280.0]
    assert list(same["other_value_norm"]) == [1327000000.0, 108656000.0, 14350.0]
    assert list(same["verdict"]) == ["agree", "agree", "differ"]
    assert by.at["beneficiaries", "relative_difference"] == pytest.approx(70 / 14280)
    assert by.at["beneficiaries", "matched_by"] == "program"  # 保障低保对象 in both
    # the totals' labels differ (民生工程 against the news release's opening clause): matched by their value
    assert by.at["spending", "matched_by"].tolist() == ["value", "program"]


def test_standards_by_place_and_year(batch):
    runs, _, result = batch
    exp = {d: e for d, e in _expected().items() if e["dibao_rural_cny_per_person_year"]}
    levels = io.read_table(runs / "_compare" / "panel_standards.csv", "compare_panel_standards")
    pd.testing.assert_frame_equal(levels, result.standards)
    assert set(levels["standard"]) == {"农村低保"} and (levels["conflict"] == "").all()
    got = {(r.place_code, r.year): r for r in levels.itertuples()}
    assert len(got) == len(exp) == 7  # the news release states no standard
    for doc_id, e in exp.items():
        r = got[(e["place_code"], int(e["year"]))]
        assert r.cny_per_year == float(e["dibao_rural_cny_per_person_year"]) and r.doc_ids == doc_id
        assert r.cny_per_year_real == pytest.approx(r.cny_per_year * TO_2020[int(e["year"])], rel=1e-9)


def test_growth_of_each_place(batch):
    """Hand values of the fixture's README: 太湖 0.0505, 金寨 0.0456, 安吉 0.0561 a year, nominal."""
    runs, _, _ = batch
    growth = io.read_table(runs / "_compare" / "panel_growth.csv", "compare_panel_growth").set_index("place_code")
    assert round(growth.at["340825", "cagr"], 4) == 0.0505 and growth.at["340825", "n_years"] == 3
    assert round(growth.at["341524", "cagr"], 4) == 0.0456 and growth.at["341524", "years"] == 2
    assert round(growth.at["330523", "cagr"], 4) == 0.0561 and growth.at["330523", "first_year"] == 2022
    # real: both ends in 2020 prices, 太湖 (7680 × 0.969708) / (6960 × 0.991080), over two years
    real = math.sqrt((7680 * TO_2020[2023]) / (6960 * TO_2020[2021])) - 1
    assert growth.at["340825", "cagr_real"] == pytest.approx(real, rel=1e-9)


def test_place_fixed_effects_slope_is_the_within_slope(batch):
    """With one intercept per place the OLS slope is the slope of the place-demeaned points, here by hand."""
    _, _, result = batch
    fit, why = result.fits["农村低保"]
    assert why == "" and fit.n == 7 and fit.n_places == 3
    points = [(p, int(e["year"]), math.log(float(e["dibao_rural_cny_per_person_year"]) * TO_2020[int(e["year"])]))
              for p, e in ((e["place_code"], e) for e in _expected().values()) if e["dibao_rural_cny_per_person_year"]]
    sxy = sxx = 0.0
    for place in {p for p, _y, _v in points}:
        mine = [(y, v) for p, y, v in points if p == place]
        my, mv = sum(y for y, _ in mine) / len(mine), sum(v for _, v in mine) / len(mine)
        sxy += sum((y - my) * (v - mv) for y, v in mine)
        sxx += sum((y - my) ** 2 for y, _ in mine)
    assert fit.slope == pytest.approx(sxy / sxx, rel=1e-9)
    assert fit.growth == pytest.approx(math.exp(sxy / sxx) - 1, rel=1e-9)
    assert fit.interval == "none" and fit.ci_low is None and "fewer than 20" in fit.why_no_interval


def test_too_few_places_give_no_model_and_say_why(batch):
    _, _, result = batch
    one_place = result.standards[result.standards["place_code"] == "340825"]
    fit, why = panel.fit_standards_panel(one_place, "农村低保")
    assert fit is None and "at least 2" in why
    two_places = result.standards[result.standards["place_code"].isin(["330523", "341524"])]
    fit, why = panel.fit_standards_panel(two_places, "农村低保")  # 4 levels of 2 places: 2 contrasts
    assert fit is None and "2 comparisons within places" in why


def test_conflicting_levels_stay_out_of_growth(batch):
    _, _, result = batch
    marked = panel.standards_panel(result.documents, _figures_with_extra_level(batch), None, None)
    taihu_2023 = marked[(marked["place_code"] == "340825") & (marked["year"] == 2023)]
    assert sorted(taihu_2023["cny_per_year"]) == [7680.0, 7700.0]
    assert set(taihu_2023["conflict"]) == {"taihu_news_2023: 7,700", "taihu_2023: 7,680"}
    growth = panel.standards_growth(marked).set_index("place_code")
    assert growth.at["340825", "last_year"] == 2022 and growth.at["340825", "n_years"] == 2
    assert growth.at["341524", "last_year"] == 2023  # other places keep their years


def _figures_with_extra_level(batch):
    """Every figure of the batch, and the news release stating 太湖's 2023 standard as 7700 元."""
    runs, _, _ = batch
    from minsheng.pipeline import collect

    figures = collect.stack(runs)["figures"]
    level = figures[(figures["doc_id"] == "taihu_2023") & (figures["metric"] == "standard")].iloc[[0]]
    return pd.concat([figures, level.assign(doc_id="taihu_news_2023", figure_id="F099", value_norm=7700.0)],
                     ignore_index=True)


def test_the_panel_runs_only_when_places_or_periods_differ(tmp_path, batch):
    runs, _, _ = batch
    assert runner.covers_panel(runs)
    one = tmp_path / "one"
    for doc_id in ("taihu_2023", "taihu_news_2023"):  # one place, one year
        (one / doc_id).mkdir(parents=True)
        (one / doc_id / "figures.csv").write_bytes((runs / doc_id / "figures.csv").read_bytes())
        (one / doc_id / "document.json").write_bytes((runs / doc_id / "document.json").read_bytes())
    assert not runner.covers_panel(one)
    (one / "taihu_2023" / "document.json").write_text("{not json", encoding="utf-8")  # unreadable: no place
    assert not runner.covers_panel(one)


def test_notebook_shape():
    import ast

    import nbformat

    cells = nbformat.read(ROOT / "notebooks" / "31-panel.ipynb", as_version=4).cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# 31")
    assert all(w in cells[0].source for w in ("Purpose", "Input", "Output"))
    assert len({c.id for c in cells}) == len(cells)
    params = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    values = {n.targets[0].id: n.value.value for n in ast.parse(params[0].source).body}
    assert values == {"runs_dir": "data/processed", "out_dir": "build/notebooks/_compare",
                      "fig_dir": "build/notebooks/_compare/figures", "labels": "zh",
                      "cpi_csv": "data/raw/reference/cpi_cn_yoy.csv", "price_year": 2020}
    for c in cells:
        if c.cell_type == "code":
            assert not c.outputs and c.execution_count is None  # committed without outputs


@pytest.mark.notebooks
def test_minsheng_run_of_several_places_runs_the_panel_notebook(tmp_path):
    """The CLI on the eight reports: notebook 31 executed after 30 into _compare, its tables and plots there,
    the batch's page linking both notebooks; the notebook says what its model can and cannot tell."""
    from conftest import markdown_outputs, run_in_process

    proc = run_in_process("run", "--out", tmp_path, *sorted(PANEL.glob("*.txt")))
    assert proc.returncode == 0, proc.stderr
    cmp = tmp_path / "_compare"
    for name in ("panel_standards.csv", "panel_growth.csv", "same_place_figures.csv",
                 "_build/figures/standards_by_place.png", "_build/figures/cost_per_recipient_by_place.png",
                 "_build/notebooks/31-panel.html"):
        assert (cmp / name).is_file(), name
    text = markdown_outputs(cmp / "_build" / "notebooks" / "31-panel.ipynb")
    assert "8 reports, 3 places, 3 periods" in text
    assert "taihu_2023 & taihu_news_2023" in text
    assert "太湖县 (340825), 农村低保: 6,960 → 7,680 元 a person a year, 2021–2023: 5.05 % a year nominal" in text
    assert "n = 7 levels of 3 places" in text and "What it cannot tell" in text and "no interval" in text
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "_compare/_build/notebooks/31-panel.html" in index and "panel_growth.csv" in index


@pytest.mark.notebooks
def test_one_place_and_year_runs_no_panel(tmp_path):
    from conftest import run_in_process

    proc = run_in_process("run", "--out", tmp_path, PANEL / "taihu_2023.txt", PANEL / "taihu_news_2023.txt")
    assert proc.returncode == 0, proc.stderr
    cmp = tmp_path / "_compare"
    assert (cmp / "same_place_figures.csv").is_file() and not (cmp / "panel_standards.csv").exists()
    assert not (cmp / "_build" / "notebooks" / "31-panel.ipynb").exists()
