"""minsheng.pipeline.steps: each step in-process (no notebook, no kernel) on one small fixture.

The fixture is tests/fixtures/town_brief_utf8bom.txt (UTF-8 with BOM, CRLF): a town's 2023 brief
with 34 figures (tests/fixtures/README.md). What the steps must find in it, by hand:

- the stated total: 到位资金4,865.3万元 = 48,653,000 CNY (period 2023, one year);
- itemised by goal: 低保金542.6万元 (social assistance) + 生活补助86.4万元 (education)
  = 5,426,000 + 864,000 = 6,290,000 CNY;
- one program with spending and recipients in one sentence: 86.4万元 to 1,260 人次,
  864,000 / 1,260 = 685.714… CNY per person-time, no period written in its sentence;
- one standard stated as a change: 从每人每月650元提高到每人每月700元, ×12 = 7,800 → 8,400
  a year, ratio 700 / 650; no base year is written, so no CAGR and nothing to plot.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from conftest import FIXTURES, ROOT
from minsheng import io
from minsheng.pipeline import steps

#: The fixture as a path relative to the project root: steps take it from there, whatever the cwd.
REPORT = str((FIXTURES / "town_brief_utf8bom.txt").relative_to(ROOT))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("steps") / "town"
    figs_dir = out / "_build" / "figures"
    cwd = os.getcwd()
    os.chdir(out.parent)  # not the project root: relative report paths must still resolve
    try:
        r = {"out": out, "figs_dir": figs_dir}
        r["clean"] = steps.clean_figures(REPORT, "town", str(out))
        fc = str(out / "figures.csv")
        r["per_beneficiary"] = steps.per_beneficiary(fc, str(out), str(figs_dir))
        r["per_goal"] = steps.per_goal(fc, str(out), str(figs_dir))
        r["standards"] = steps.benefit_standards(fc, str(out), str(figs_dir))
        r["metrics"] = steps.headline_metrics(fc, str(out / "programs.csv"), str(out / "goals.csv"),
                                              str(out / "standards.csv"), str(out))
    finally:
        os.chdir(cwd)
    return r


def test_clean_figures(run):
    c = run["clean"]
    assert isinstance(c, steps.CleanResult)
    assert c.written == run["out"] / "figures.csv" and c.written.is_file()
    assert c.report.doc_id == "town" and c.report.encoding == "utf-8-sig"
    assert len(c.figures) == 34
    pd.testing.assert_frame_equal(io.read_figures(c.written), c.figures)
    total = c.figures[c.figures["text"] == "4,865.3万元"].iloc[0]
    assert (total["value_norm"], total["unit_norm"], total["period"]) == (48653000.0, "CNY", "2023")


def test_per_beneficiary(run):
    r = run["per_beneficiary"]
    assert isinstance(r, steps.PerBeneficiaryResult)
    written = io.read_table(run["out"] / "programs.csv", "programs")
    pd.testing.assert_frame_equal(written, r.programs)
    assert len(r.programs) == 1
    row = r.programs.iloc[0]
    assert (row["spending_cny"], row["beneficiaries"], row["beneficiary_unit"]) == (864000.0, 1260.0, "person_time")
    assert row["cny_per_beneficiary"] == pytest.approx(864000 / 1260)
    # the brief's title gives its year (柳湾镇2023年…简报): the pair's period is 2023, one year
    assert (row["period"], row["years"]) == ("2023", 1)
    # 人次: a cost per service event, never a cost per year, even for one year
    assert pd.isna(row["cny_per_beneficiary_year"]) and row["time_base"] == "person_time"
    assert r.fit is None  # one program: no model
    drawn = r.plots["spending_vs_beneficiaries"]
    assert isinstance(drawn, Path) and drawn == run["figs_dir"] / "spending_vs_beneficiaries.png" and drawn.is_file()


def test_per_goal(run):
    r = run["per_goal"]
    assert isinstance(r, steps.PerGoalResult)
    pd.testing.assert_frame_equal(io.read_table(run["out"] / "goals.csv", "goals"), r.goals)
    spent = r.goals.set_index("goal")["spending_cny"].dropna().to_dict()
    assert spent == {"social_assistance": 5426000.0, "education": 864000.0}
    t = r.totals
    assert (t["total_spending_cny"], t["total_period"], t["total_years"]) == (48653000.0, "2023", 1)
    assert t["itemised_spending_cny"] == pytest.approx(6290000.0)
    assert t["itemised_share"] == pytest.approx(6290000 / 48653000)
    assert t["unitemised_cny"] == pytest.approx(48653000 - 6290000)
    assert isinstance(r.plots["spending_by_goal"], Path) and r.plots["spending_by_goal"].is_file()


def test_benefit_standards(run):
    r = run["standards"]
    assert isinstance(r, steps.StandardsResult)
    pd.testing.assert_frame_equal(io.read_table(run["out"] / "standards.csv", "standards"), r.standards)
    assert r.cpi_path == ROOT / "data" / "raw" / "reference" / "cpi_cn_yoy.csv"
    assert len(r.standards) == 1
    s = r.standards.iloc[0]
    assert (s["unit_norm"], s["base_value"], s["final_value"]) == ("CNY/person/month", 650.0, 700.0)
    assert (s["base_cny_per_year"], s["final_cny_per_year"]) == (7800.0, 8400.0)
    assert s["ratio"] == pytest.approx(700 / 650)
    assert pd.isna(s["base_year"]) and pd.isna(s["cagr"])
    # nothing to draw: the reason comes back as a string, and no PNG is written
    reason = r.plots["standard_growth"]
    assert isinstance(reason, str) and "No plot" in reason
    assert not (run["figs_dir"] / "standard_growth.png").exists()


def test_headline_metrics(run):
    m = run["metrics"]
    assert json.loads((run["out"] / "metrics.json").read_text(encoding="utf-8")) == m
    assert (m["n_figures"], m["n_programs"], m["n_standards"]) == (34, 1, 1)
    assert m["total_spending_cny"] == 48653000.0 and m["total_years"] == 1
    assert m["itemised_spending_cny"] == pytest.approx(6290000.0)
    assert m["population"] is None and m["standards_cagr_min"] is None


def test_a_report_without_figures(tmp_path):
    report = tmp_path / "blank.txt"
    report.write_text("某镇工作简报\n各项工作有序推进，群众满意度明显提升。\n", encoding="utf-8")
    out, figs_dir = tmp_path / "blank", tmp_path / "blank" / "_build" / "figures"
    c = steps.clean_figures(str(report), "", str(out))
    assert c.report.doc_id == "blank"  # an empty doc_id: the file's stem
    assert c.figures.empty and c.written.read_text(encoding="utf-8").count("\n") == 1  # the header only
    r = steps.per_beneficiary(str(c.written), str(out), str(figs_dir))
    assert r.programs.empty
    assert all(isinstance(p, str) for p in r.plots.values())
    assert not (figs_dir.exists() and list(figs_dir.glob("*.png")))


@pytest.mark.parametrize("labels, chinese", [("zh", True), ("en", False)])
def test_labels_choose_the_language_of_every_plot(run, tmp_path, monkeypatch, labels, chinese):
    seen = []
    real = steps.plots.render

    def spy(plot, data, path, **kwargs):
        seen.append(kwargs.get("chinese"))
        return real(plot, data, path, **kwargs)

    monkeypatch.setattr(steps.plots, "render", spy)
    fc = str(run["out"] / "figures.csv")
    steps.per_beneficiary(fc, str(tmp_path), str(tmp_path / "f"), labels=labels)
    steps.per_goal(fc, str(tmp_path), str(tmp_path / "f"), labels=labels)
    steps.benefit_standards(fc, str(tmp_path), str(tmp_path / "f"), labels=labels)
    assert seen == [chinese] * 4  # two plots of step 20, one of 21, one of 22


def test_an_unknown_labels_value_is_refused_before_anything_is_written(run, tmp_path):
    from minsheng.errors import InputError

    with pytest.raises(InputError, match=r"labels='fr' is not known; give labels=zh .* or labels=en"):
        steps.per_goal(str(run["out"] / "figures.csv"), str(tmp_path), str(tmp_path / "f"), labels="fr")
    assert list(tmp_path.iterdir()) == []


def test_labels_is_a_parameter_the_command_line_takes():
    from minsheng.pipeline.runner import check_params

    assert check_params(["labels=en"]) == {"labels": "en"}
