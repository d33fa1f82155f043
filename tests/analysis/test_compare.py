"""Across reports: stacking report folders, the comparison tables, their prose, plots and notebook 30.

Three report folders are written by hand (a few rows each, values worked out by hand):

- ``a_county_2021``: one year; a stated total of 10,000,000 CNY; 低保 400 persons for 1,200,000 CNY
  (3,000 a year) and student aid 1,000 person-times for 500,000 CNY (500); no standard stated as a change.
- ``b_district_2016_2020``: five years; a total of 100,000,000 CNY; 低保 2,000 persons for 40,000,000 CNY
  (20,000 per person, 4,000 a year), 孤儿 500 persons for 6,000,000 CNY (2,400 a year), medical aid
  10,000 person-times for 2,000,000 CNY (40 a year); two standards, 低保 4,000 → 6,000 (2016 → 2020,
  ratio 1.5, CPI index 1.0941042126) and 特困 400 → 600 a month (no CPI: no real rate).
- ``c_town_2020``: no total, no spending/recipients pair; one 低保 standard 2016 → 2020 deflated with
  another index (1.12) than b's for the same years.
"""

from __future__ import annotations

import json
import re

import matplotlib

matplotlib.use("Agg")

import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from conftest import ROOT, axes_texts, markdown_outputs  # noqa: E402
from minsheng import io
from minsheng.analysis import compare, per_beneficiary, per_goal, standards
from minsheng.analysis.metrics import KEYS  # noqa: E402
from minsheng.errors import CheckError, InputError  # noqa: E402
from minsheng.extraction.clean import FIGURE_COLUMNS  # noqa: E402
from minsheng.pipeline import collect
from minsheng.pipeline.runner import ipc_kernel_manager  # noqa: E402
from minsheng.reporting import plots, prose

NOTEBOOK = ROOT / "notebooks" / "30-compare-reports.ipynb"
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
A, B, C = "a_county_2021", "b_district_2016_2020", "c_town_2020"


# --------------------------------------------------------------------------- hand-written report folders

def _write(path, columns, rows):
    """A CSV with the table's columns in order; what a row does not give is empty."""
    df = pd.DataFrame([{c: r.get(c, "") for c in columns} for r in rows], columns=columns)
    path.write_text(df.to_csv(index=False, lineterminator="\n"), encoding="utf-8")


def _figures(doc_id, n):
    return [{"doc_id": doc_id, "figure_id": f"F{i:03d}", "start": 10 * i, "end": 10 * i + 4, "text": "1元",
             "value": 1, "unit_raw": "元", "value_norm": 1, "unit_norm": "CNY", "qualifier": "exact",
             "period": "", "goal": "other", "program": "", "program_en": "", "metric": "spending",
             "sentence": "1元。"} for i in range(1, n + 1)]


def _program(doc_id, goal, program, program_en, spending, ben, unit, years, period, s_id, b_id, **kw):
    """A programs.csv row with the contract's time bases: one year's recipients have a cost per year
    (low = high = it); persons or households over several years a low (÷ years) and a high reading and
    no single one; person-times none."""
    per = spending / ben
    if unit == "person_time":
        tb, per_year, low, high = "person_time", "", "", ""
    elif years == 1:
        tb, per_year, low, high = "year", per, per, per
    else:
        tb, per_year, low, high = "years", "", per / years, per
    return {"doc_id": doc_id, "goal": goal, "program": program, "program_en": program_en, "spending_cny": spending,
            "beneficiaries": ben, "beneficiary_unit": unit, "cny_per_beneficiary": per, "years": years,
            "cny_per_beneficiary_year": per_year, "cny_per_beneficiary_year_low": low,
            "cny_per_beneficiary_year_high": high, "time_base": tb, "spending_figure_id": s_id,
            "beneficiaries_figure_id": b_id, "period": period, "spending_qualifier": "exact",
            "beneficiaries_qualifier": "exact", **kw}


def _metrics(n_figures, total, years, itemised, n_programs, n_goals, n_standards):
    m = {k: None for k in KEYS}
    m.update(n_figures=n_figures, total_spending_cny=total, total_years=years, itemised_spending_cny=itemised,
             itemised_share=itemised / total if total else None,
             unitemised_cny=total - itemised if total else None,
             n_programs=n_programs, n_goals=n_goals, n_standards=n_standards)
    return m


def write_report(root, doc_id, *, figures=2, programs=(), goal_rows=(), standard_rows=(), metrics=None):
    d = root / doc_id
    d.mkdir(parents=True)
    _write(d / "figures.csv", FIGURE_COLUMNS, _figures(doc_id, figures))
    _write(d / "programs.csv", per_beneficiary.PROGRAMS.names, programs)
    _write(d / "goals.csv", per_goal.GOAL_TABLE.names, goal_rows)
    _write(d / "standards.csv", standards.STANDARDS.names, standard_rows)
    (d / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    return d


def report_a(root):
    return write_report(
        root, A, figures=4,
        programs=[_program(A, "social_assistance", "农村低保资金", "rural minimum living allowance",
                           1_200_000, 400, "person", 1, "2021", "F002", "F001"),
                  _program(A, "education", "学生资助", "student aid", 500_000, 1_000, "person_time", 1, "2021",
                           "F004", "F003")],
        goal_rows=[{"doc_id": A, "goal": "education", "spending_cny": 500_000, "share_of_total": 0.05,
                    "n_figures": 2, "goal_zh": "学有所教", "goal_en": "education", "periods": "2021", "years": 1},
                   {"doc_id": A, "goal": "health", "n_figures": 1, "goal_zh": "病有所医", "goal_en": "health",
                    "outside_scope_cny": 2_000_000, "outside_scope_figure_ids": "F005"},
                   {"doc_id": A, "goal": "social_assistance", "spending_cny": 1_200_000, "share_of_total": 0.12,
                    "n_figures": 2, "goal_zh": "弱有所扶", "goal_en": "social assistance", "periods": "2021",
                    "years": 1}],
        metrics=_metrics(4, 10_000_000.0, 1, 1_700_000.0, 2, 3, 0))


def report_b(root):
    return write_report(
        root, B, figures=6,
        programs=[_program(B, "social_assistance", "农村低保资金", "rural minimum living allowance",
                           40_000_000, 2_000, "person", 5, "2016-2020", "F002", "F001"),
                  _program(B, "social_assistance", "孤儿基本生活费", "orphan allowance", 6_000_000, 500, "person",
                           5, "2016-2020", "F004", "F003"),
                  _program(B, "health", "医疗救助", "medical assistance", 2_000_000, 10_000, "person_time", 5,
                           "2016-2020", "F006", "F005")],
        goal_rows=[{"doc_id": B, "goal": "health", "spending_cny": 2_000_000, "share_of_total": 0.02, "n_figures": 2,
                    "goal_zh": "病有所医", "goal_en": "health", "periods": "2020", "years": 1},
                   {"doc_id": B, "goal": "social_assistance", "spending_cny": 46_000_000, "share_of_total": 0.46,
                    "n_figures": 4, "goal_zh": "弱有所扶", "goal_en": "social assistance", "periods": "2016-2020",
                    "years": 5}],
        standard_rows=[
            {"doc_id": B, "goal": "social_assistance", "program": "农村低保保障标准", "program_en": "rural dibao",
             "unit_norm": "CNY/person/year", "base_year": 2016, "base_value": 4000, "final_year": 2020,
             "final_value": 6000, "ratio": 1.5, "cagr": 1.5 ** 0.25 - 1, "cagr_real": (1.5 / 1.0941042126) ** 0.25 - 1,
             "base_figure_id": "F007", "final_figure_id": "F008", "years": 4, "base_cny_per_year": 4000,
             "final_cny_per_year": 6000, "cpi_index": 1.0941042126, "ratio_real": 1.5 / 1.0941042126,
             "base_qualifier": "exact", "final_qualifier": "exact"},
            {"doc_id": B, "goal": "social_assistance", "program": "特困人员基本生活标准",
             "program_en": "support for the extremely poor", "unit_norm": "CNY/person/month", "base_year": 2016,
             "base_value": 400, "final_year": 2020, "final_value": 600, "ratio": 1.5, "cagr": 1.5 ** 0.25 - 1,
             "base_figure_id": "F009", "final_figure_id": "F010", "years": 4, "base_cny_per_year": 4800,
             "final_cny_per_year": 7200, "base_qualifier": "exact", "final_qualifier": "exact"}],
        metrics=_metrics(6, 100_000_000.0, 5, 48_000_000.0, 3, 2, 2))


def report_c(root):
    return write_report(
        root, C, figures=2,
        goal_rows=[{"doc_id": C, "goal": "elderly", "spending_cny": 3_000_000, "n_figures": 1, "goal_zh": "老有所养",
                    "goal_en": "elderly care", "periods": "2020", "years": 1},
                   {"doc_id": C, "goal": "housing", "n_figures": 1, "goal_zh": "住有所居", "goal_en": "housing"}],
        standard_rows=[
            {"doc_id": C, "goal": "social_assistance", "program": "城乡低保标准", "program_en": "dibao",
             "unit_norm": "CNY/person/year", "base_year": 2016, "base_value": 5000, "final_year": 2020,
             "final_value": 5600, "ratio": 1.12, "cagr": 1.12 ** 0.25 - 1, "cagr_real": 0.0,
             "base_figure_id": "F001", "final_figure_id": "F002", "years": 4, "base_cny_per_year": 5000,
             "final_cny_per_year": 5600, "cpi_index": 1.12, "ratio_real": 1.0, "base_qualifier": "at_least",
             "final_qualifier": "at_least"}],
        metrics=_metrics(2, None, None, 3_000_000.0, 0, 2, 1))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("runs")
    report_a(root), report_b(root), report_c(root)
    # not report folders: names starting with _ or ., a folder without figures.csv
    for skipped in ("_compare", ".staging-x", "_failed"):
        (root / skipped).mkdir()
        (root / skipped / "figures.csv").write_text(",".join(FIGURE_COLUMNS) + "\n", encoding="utf-8")
    (root / "notes").mkdir()
    return root


@pytest.fixture(scope="module")
def stacked(runs):
    return collect.stack(runs)




# --------------------------------------------------------------------------- folders and stacking

def test_report_folders_skip_underscore_dot_and_folders_without_figures(runs):
    assert [p.name for p in collect.report_folders(runs)] == [A, B, C]
    with pytest.raises(InputError, match="does not exist"):
        collect.report_folders(runs / "nowhere")


def test_stack_puts_doc_id_first_and_keeps_every_row(stacked):
    assert set(stacked) == {"reports", "programs", "goals", "standards", "metrics", "documents", "figures"}
    assert len(stacked["documents"]) == 0  # these hand-written folders have no document.json (listed as missing)
    for key in ("programs", "goals", "standards", "metrics", "documents"):
        assert stacked[key].columns[0] == "doc_id"
    assert list(stacked["programs"]["doc_id"]) == [A, A, B, B, B]
    assert len(stacked["goals"]) == 3 + 2 + 2 and len(stacked["standards"]) == 0 + 2 + 1
    assert list(stacked["programs"].columns) == per_beneficiary.PROGRAMS.names
    m = stacked["metrics"]
    assert list(m["doc_id"]) == [A, B, C] and list(m.columns) == ["doc_id", *KEYS]
    assert m["total_spending_cny"].tolist()[:2] == [10_000_000, 100_000_000] and pd.isna(m["total_spending_cny"][2])
    assert str(m["n_programs"].dtype) == "Int64" and m["n_programs"].tolist() == [2, 3, 0]
    r = stacked["reports"]
    assert r["n_figures"].tolist() == [4, 6, 2] and set(r["missing_tables"]) == {"document.json"}


def test_stack_of_an_empty_folder(tmp_path):
    s = collect.stack(tmp_path)
    assert all(s[k].empty for k in s) and s["metrics"].columns[0] == "doc_id"
    assert "No report folder" in prose.describe_comparison(s).data
    assert compare.programs_comparison(s["programs"]).empty and compare.goals_comparison(s["goals"], s["metrics"]).empty


def test_stack_stops_on_a_table_of_another_report(tmp_path):
    d = report_a(tmp_path)
    (d / "programs.csv").write_text((d / "programs.csv").read_text(encoding="utf-8").replace(A, "other_report"),
                                    encoding="utf-8")
    with pytest.raises(CheckError, match=r"a_county_2021/programs.csv row 1: doc_id 'other_report'"):
        collect.stack(tmp_path)


def test_stack_stops_on_a_stale_folder(tmp_path):
    d = report_a(tmp_path)
    m = json.loads((d / "metrics.json").read_text(encoding="utf-8"))
    m["n_programs"] = 5
    (d / "metrics.json").write_text(json.dumps(m), encoding="utf-8")
    with pytest.raises(CheckError, match="n_programs = 5 but the folder's table has 2 rows"):
        collect.stack(tmp_path)


def test_a_folder_with_only_figures_is_kept_and_named(tmp_path):
    report_a(tmp_path)
    d = tmp_path / "d_only_figures"
    d.mkdir()
    _write(d / "figures.csv", FIGURE_COLUMNS, _figures("d_only_figures", 1))
    s = collect.stack(tmp_path)
    assert s["reports"].set_index("doc_id").at["d_only_figures", "missing_tables"] == \
        "programs.csv;goals.csv;standards.csv;metrics.json;document.json"
    assert list(s["metrics"]["doc_id"]) == [A]
    text = prose.describe_comparison(s).data
    assert "2 reports" in text and "`d_only_figures` (programs.csv, goals.csv, standards.csv, metrics.json, document.json)" in text


# --------------------------------------------------------------------------- comparison tables

def test_programs_comparison_keeps_units_apart_and_finds_peers(stacked):
    c = compare.programs_comparison(stacked["programs"])
    assert list(c.columns) == compare.COMPARED_PROGRAMS.names
    # persons first, then person-times; within a unit by goal, then one year's recipients before counts over
    # several years, then the cost per recipient-year (the low reading) from the highest:
    # A 低保 1,200,000/400 = 3,000 a year; B 低保 40,000,000/2,000/5 = 4,000 (high 20,000); B orphans 2,400 (high 12,000)
    rows = list(zip(c["doc_id"], c["beneficiary_unit"], c["time_base"], c["cny_per_beneficiary_year_low"],
                    c["cny_per_beneficiary_year_high"]))
    assert rows[:3] == [(A, "person", "year", 3000.0, 3000.0), (B, "person", "years", 4000.0, 20000.0),
                        (B, "person", "years", 2400.0, 12000.0)]
    # person-times: no cost per year at all (A education before B health); per event 500 and 200
    assert [r[:3] for r in rows[3:]] == [(A, "person_time", "person_time"), (B, "person_time", "person_time")]
    assert all(pd.isna(r[3]) and pd.isna(r[4]) for r in rows[3:])
    assert c["cny_per_beneficiary"].tolist()[3:] == [500.0, 200.0]
    assert c["families"].tolist() == ["dibao", "dibao", "orphan", "", ""]
    # the two 低保 programs count persons, but A one year's and B five years' recipients: not like for like
    assert c["peer_reports"].tolist() == ["", "", "", "", ""]
    assert "person-times (人次)" in c["notes"][3] and "person-times" not in c["notes"][1]
    assert "counted over 5 years" in c["notes"][1] and "(low)" in c["notes"][1] and "(high)" in c["notes"][1]
    assert c["notes"][0] == ""  # one year, persons, exact: nothing to warn about


def test_standards_comparison_nominal_real_and_deflators(stacked):
    c = compare.standards_comparison(stacked["standards"])
    assert list(c.columns) == compare.COMPARED_STANDARDS.names
    # 低保 family first (b then c), then 特困
    assert list(zip(c["doc_id"], c["families"])) == [(B, "dibao"), (C, "dibao"), (B, "tekun")]
    assert c["cagr"][0] == pytest.approx(0.106681919701)  # 1.5 ** (1/4) - 1
    assert c["cagr_real"][1] == pytest.approx(0.0)  # 1.12 / 1.12
    assert pd.isna(c["cagr_real"][2]) and "no real rate" in c["notes"][2]
    assert c["peer_reports"].tolist() == [C, B, ""]
    assert "another price index than c_town_2020 (1.12)" in c["notes"][0]
    assert "another price index than b_district_2016_2020 (1.0941)" in c["notes"][1]
    assert "floor" in c["notes"][1] and "monthly levels ×12" in c["notes"][2]
    assert all(n.startswith("two-point CAGR over 2016→2020") for n in c["notes"])
    assert not any("implausible" in n for n in c["notes"])  # no row of the stack is flagged


def test_standards_comparison_repeats_the_implausible_growth_flag_in_its_notes(stacked):
    s = stacked["standards"].copy()
    row = s.index[(s["doc_id"] == B) & s["program"].str.contains("特困")][0]
    s.loc[row, "flags"] = "implausible_growth"  # as standards.csv flags a CAGR above 50 % a year
    c = compare.standards_comparison(s)
    flagged = [n for n in c["notes"] if "implausible_growth" in n]
    assert len(flagged) == 1 and "growth above 50% a year: probably not the same quantity" in flagged[0]
    assert c["doc_id"][c["notes"].str.contains("implausible").idxmax()] == B


def test_goals_comparison_shares_of_each_own_total(stacked):
    c = compare.goals_comparison(stacked["goals"], stacked["metrics"])
    assert list(c.columns) == compare.COMPARED_GOALS.names
    assert list(zip(c["goal"], c["doc_id"])) == [
        ("education", A), ("health", A), ("health", B), ("elderly", C), ("housing", C),
        ("social_assistance", A), ("social_assistance", B)]
    by = c.set_index(["goal", "doc_id"])
    assert by.at[("social_assistance", B), "share_of_total"] == pytest.approx(0.46)
    assert by.at[("education", A), "unitemised_share"] == pytest.approx(0.83)  # 8.3 m of 10 m
    assert by.at[("health", B), "unitemised_share"] == pytest.approx(0.52)
    assert by.at[("health", B), "total_years"] == 5
    assert "spending over 1 year(s), the total over 5: the share mixes periods" in by.at[("health", B), "notes"]
    assert "empty, not zero" in by.at[("health", A), "notes"] and "outside-scope" in by.at[("health", A), "notes"]
    assert pd.isna(by.at[("elderly", C), "share_of_total"]) and "states no total" in by.at[("elderly", C), "notes"]
    assert by.at[("social_assistance", A), "notes"] == ""


def test_describe_names_what_each_report_lacks(stacked):
    text = prose.describe_comparison(stacked).data
    assert text.startswith("**3 reports**")
    assert "stated total of livelihood spending (no shares of a total): `c_town_2020`." in text
    assert "stated as a change (no growth rates): `a_county_2021`." in text
    assert "recipients (no cost per beneficiary): `c_town_2020`." in text
    assert "`a_county_2021`: 1 year(s), `b_district_2016_2020`: 5 year(s)" in text
    assert "nominal yuan" in text


def test_describe_one_report_says_nothing_to_compare(tmp_path):
    report_b(tmp_path)
    s = collect.stack(tmp_path)
    text = prose.describe_comparison(s).data
    assert "**One report**" in text and "nothing to compare yet" in text
    assert "no growth rates): none." in text


def test_describe_tables(stacked):
    p = prose.describe_compared_programs(compare.programs_comparison(stacked["programs"])).data
    assert "**5 program(s) from 2 report(s).**" in p
    # persons: A's one-year 3,000; B's five-year counts as ranges 4,000–20,000 and 2,400–12,000 (by hand above)
    assert "persons: 3 program(s) from 2 report(s); one year's recipients 3,000 CNY" in p
    assert "农村低保资金 (`b_district_2016_2020`) 4,000–20,000 CNY" in p and "孤儿基本生活费 (`b_district_2016_2020`) 2,400–12,000 CNY" in p
    # person-times per event, never per year: 200 (2,000,000/10,000) to 500 (500,000/1,000)
    assert "200 CNY (医疗救助, `b_district_2016_2020`) to 500 CNY (学生资助, `a_county_2021`) per person-time" in p
    assert "Like for like" not in p and "not like for like" in p
    s = prose.describe_compared_standards(compare.standards_comparison(stacked["standards"])).data
    assert "Different deflators" in s and "1 standard(s) are floors" in s
    assert "`b_district_2016_2020`: 2 standard(s), nominal 10.67 % to 10.67 % a year, real 8.21 % to 8.21 %" in s
    g = prose.describe_compared_goals(compare.goals_comparison(stacked["goals"], stacked["metrics"])).data
    assert "`a_county_2021`: itemised 17.0 % of its total: education 5.0 %, social assistance 12.0 %; 83.0 % not itemised" in g
    assert "mixes" in g or "another" in g
    assert "No report states" in prose.describe_compared_standards(compare.standards_comparison(
        stacked["standards"].iloc[0:0])).data


# --------------------------------------------------------------------------- model across reports

def test_fit_across_reports_refused_when_points_are_not_comparable(stacked):
    p, f = stacked["programs"], stacked["figures"]
    # a: 低保 in persons and student aid in person-times, each alone in its unit; b: 低保 and 孤儿 in persons
    # (one cell) and medical aid in person-times: only b has a within-report comparison
    pts = compare.model_points(p, f)
    assert list(pts.loc[pts["used"], "doc_id"]) == [B, B]
    assert compare.fit_across_reports(p, f) is None
    assert f"only one report ({B})" in compare.why_no_fit(p, f)
    text = prose.describe_fit_across_reports(None, pts).data
    assert "No model across reports" in text and "3 × the only usable program of its report" in text
    assert "nothing to fit" in compare.why_no_fit(p.iloc[0:0], f)


def _model_programs():
    """Two reports of one year each, persons; log10 (recipients, spending): a (1, 3) (2, 4) (3, 5), b (1, 1) (2, 1)."""
    rows = []
    for i, (doc, x, y) in enumerate([(A, 1, 3), (A, 2, 4), (A, 3, 5), (B, 1, 1), (B, 2, 1)]):
        rows.append(_program(doc, "social_assistance", f"项目{i}", "", 10.0 ** y, 10.0 ** x, "person", 1, "2020",
                             f"F{i + 1:03d}", f"F{i + 11:03d}"))
    return pd.DataFrame(rows)


def test_fit_across_reports_is_the_fixed_effects_slope():
    p = _model_programs()
    fit = compare.fit_across_reports(p)
    # within a: x̃ -1 0 1, ỹ -1 0 1; within b: x̃ ±0.5, ỹ 0: 2 / 2.5 = 0.8
    assert fit.slope == pytest.approx(0.8) and fit.n == 5 and fit.n_reports == 2 and fit.interval == "none"
    loo = compare.leave_one_out(p)
    text = prose.describe_fit_across_reports(fit, compare.model_points(p), loo).data
    assert "n = 5 of 5 programs from 2 reports" in text and f"{A}: 3, {B}: 2" in text
    assert "Slope 0.80; no interval: 2 reports" in text and "not causal" in text
    assert "with any one report dropped no model is left" in text


def test_comparison_in_constant_prices_by_hand(stacked):
    from minsheng.analysis import reference

    cpi = reference.load_cpi(ROOT / "data" / "raw" / "reference" / "cpi_cn_yoy.csv")
    c = compare.programs_comparison(stacked["programs"], cpi, 2020).set_index(["doc_id", "spending_figure_id"])
    # a, 2021 → 2020 prices: ÷ 1.009 (2021: 0.9 %); 3,000 a year → 2,973.24
    assert c.at[(A, "F002"), "price_factor"] == pytest.approx(1 / 1.009)
    assert c.at[(A, "F002"), "cny_per_beneficiary_year_real"] == pytest.approx(2973.24, abs=0.01)
    assert "in 2020 prices (CPI 2021 → 2020)" in c.at[(A, "F002"), "notes"]
    # b, 2016-2020 → 2020 prices: the mean of the five years' factors (2017-2020: 1.6, 2.1, 2.9, 2.5 %)
    f2016 = 1.016 * 1.021 * 1.029 * 1.025
    f2017 = 1.021 * 1.029 * 1.025
    f2018 = 1.029 * 1.025
    mean = (f2016 + f2017 + f2018 + 1.025 + 1.0) / 5
    assert mean == pytest.approx(1.0501407, abs=1e-7)
    assert c.at[(B, "F002"), "price_factor"] == pytest.approx(mean)
    assert c.at[(B, "F002"), "spending_cny_real"] == pytest.approx(40_000_000 * mean)
    assert np.isnan(c.at[(B, "F002"), "cny_per_beneficiary_year_real"])  # five years: no single cost per year
    assert c.at[(B, "F002"), "cny_per_beneficiary_year_low_real"] == pytest.approx(4000 * mean)  # 4,200.56
    assert c.at[(B, "F002"), "cny_per_beneficiary_year_high_real"] == pytest.approx(20000 * mean)
    assert "equal nominal amounts each year assumed" in c.at[(B, "F002"), "notes"]
    assert (c["price_year"] == 2020).all()
    # in 2013 prices instead: a's 2021 amount deflated over 2014-2021
    c13 = compare.programs_comparison(stacked["programs"], cpi, 2013).set_index(["doc_id", "spending_figure_id"])
    assert c13.at[(A, "F002"), "price_factor"] == pytest.approx(1 / (1.154242307 * 1.009))
    g = compare.goals_comparison(stacked["goals"], stacked["metrics"], cpi, 2020).set_index(["doc_id", "goal"])
    assert g.at[(A, "education"), "spending_cny_real"] == pytest.approx(500_000 / 1.009)
    assert g.at[(B, "health"), "spending_cny_real"] == pytest.approx(2_000_000)  # 2020 already
    assert np.isnan(g.at[(A, "health"), "spending_cny_real"])  # nothing itemised: nothing to deflate


def test_a_span_the_cpi_does_not_cover_has_no_real_amount(stacked):
    short = pd.DataFrame({"year": [2017, 2018, 2019, 2020], "cpi_yoy_pct": [1.6, 2.1, 2.9, 2.5]})
    c = compare.programs_comparison(stacked["programs"], short, 2020).set_index(["doc_id", "spending_figure_id"])
    assert np.isnan(c.at[(A, "F002"), "spending_cny_real"])  # 2021 not covered
    assert "does not cover 2021 → 2020" in c.at[(A, "F002"), "notes"]
    assert c.at[(B, "F002"), "spending_cny_real"] == pytest.approx(40_000_000 * (1.0941041 + 1.0768742 + 1.054725
                                                                                 + 1.025 + 1) / 5, rel=1e-6)


# --------------------------------------------------------------------------- plots

def test_cost_by_report_plot_keeps_units_in_blocks(no_cjk_font, stacked, ax):
    c = compare.programs_comparison(stacked["programs"])
    assert plots.cost_per_beneficiary_year_by_report(c, ax=ax) is ax
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert labels == ["rural minimum living allowance", "rural minimum living allowance", "orphan allowance",
                      "student aid", "medical assistance"]  # A's one-year 低保 first, then B's five-year counts
    headers = [t.get_text() for t in ax.texts if t.get_fontweight() == "bold"]
    assert headers == ["persons", "person-times (service events, not people)"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [A, B]
    # one point per program, coloured by report
    style = plots.report_style([A, B])
    colors = [matplotlib.colors.to_hex(col.get_facecolor()[0]) for col in ax.collections]
    assert colors == [style[d][0] for d in c["doc_id"]]
    offsets = [tuple(col.get_offsets()[0]) for col in ax.collections]
    # at the low reading (person-times per event): A 3,000; B 4,000 and 2,400; 500 and 200 per person-time
    assert [x for x, _y in offsets] == [3000, 4000, 2400, 500, 200]
    # B's two five-year counts drawn as segments to their high readings, 20,000 and 12,000
    segments = [tuple(line.get_xdata()) for line in ax.get_lines() if line.get_marker() == "|"]
    assert segments == [(4000, 20000), (2400, 12000)]
    assert ax.get_xscale() == "log"  # 200 … 20,000
    assert not any(CJK.search(t) for t in axes_texts(ax))


def test_cost_by_report_plot_chinese_labels(fake_cjk_font, stacked, ax):
    plots.cost_per_beneficiary_year_by_report(compare.programs_comparison(stacked["programs"]), ax=ax)
    assert "农村低保资金" in [t.get_text() for t in ax.get_yticklabels()]
    assert "人次（服务人次，非人数）" in [t.get_text() for t in ax.texts]


def test_standards_cagr_plot_nominal_and_real(no_cjk_font, stacked, ax):
    c = compare.standards_comparison(stacked["standards"])
    plots.standards_cagr_by_report(c, ax=ax)
    bars = ax.patches
    assert len(bars) == 6  # nominal and real for each of 3 standards
    nominal, real = [b.get_width() for b in bars[:3]], [b.get_width() for b in bars[3:]]
    assert nominal == pytest.approx([10.6681919701, 2.8737345, 10.6681919701], rel=1e-6)
    assert real == pytest.approx([8.2076940680, 0.0, 0.0], abs=1e-6)
    assert all(b.get_hatch() == "///" for b in bars[3:])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].endswith(f"\n{B}, 2016–2020") and "(floor)" in labels[1]
    assert "n/a: no CPI" in [t.get_text() for t in ax.texts]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["nominal", "real (CPI-deflated)"]
    assert "two-point" in ax.get_title() or "two points" in ax.get_xlabel()
    assert not any(CJK.search(t) for t in axes_texts(ax))


def test_goal_shares_plot(no_cjk_font, stacked, ax):
    c = compare.goals_comparison(stacked["goals"], stacked["metrics"])
    plots.goal_shares_by_report(c, ax=ax)
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"{A} (1 yr)", f"{B} (5 yr)"]
    segs = [(round(b.get_y() + b.get_height() / 2), round(b.get_x(), 6), round(b.get_width(), 6)) for b in ax.patches]
    assert segs == [(0, 0.0, 0.05), (0, 0.05, 0.12), (0, 0.17, 0.83),
                    (1, 0.0, 0.02), (1, 0.02, 0.46), (1, 0.48, 0.52)]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "education", "health", "social assistance", "not itemised", "other period than the total"]
    # b's health spending covers 2020 only, its total 2016-2020: that segment alone is hatched
    assert [b.get_hatch() for b in ax.patches] == [None, None, None, "xx", None, None]
    assert "not drawn (no stated total): c_town_2020" in ax.get_xlabel().replace("\n", " ")  # wrapped to fit
    assert plots.report_figsize(c) == (8.0, pytest.approx(1.8 + 0.55 * 3))
    assert not any(CJK.search(t) for t in axes_texts(ax))


def test_plots_across_reports_raise_nothing_to_plot_when_empty(stacked):
    with pytest.raises(plots.NothingToPlot, match="no report states a program"):
        plots.cost_per_beneficiary_year_by_report(compare.programs_comparison(stacked["programs"].iloc[0:0]))
    no_years = compare.programs_comparison(stacked["programs"]).assign(time_base="unknown")  # no period stated
    with pytest.raises(plots.NothingToPlot, match="no per-year cost"):
        plots.cost_per_beneficiary_year_by_report(no_years)
    with pytest.raises(plots.NothingToPlot, match="no report states a benefit standard"):
        plots.standards_cagr_by_report(compare.standards_comparison(stacked["standards"].iloc[0:0]))
    goal_c = compare.goals_comparison(stacked["goals"], stacked["metrics"])
    with pytest.raises(plots.NothingToPlot, match="no report states a total"):
        plots.goal_shares_by_report(goal_c[goal_c["doc_id"] == C])
    with pytest.raises(plots.NothingToPlot, match="mention a goal"):
        plots.goal_shares_by_report(goal_c.iloc[0:0])


# --------------------------------------------------------------------------- notebook 30

def test_notebook_shape():
    import ast

    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# 30")
    assert all(w in cells[0].source for w in ("Purpose", "Input", "Output"))
    assert len({c.id for c in cells}) == len(cells)
    params = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    values = {}
    for node in ast.parse(params[0].source).body:
        assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        values[node.targets[0].id] = node.value.value
    # run by hand, the notebook reads the committed dataset and writes only into the git-ignored build/
    assert values == {"runs_dir": "data/processed", "out_dir": "build/notebooks/_compare",
                      "fig_dir": "build/notebooks/_compare/figures", "labels": "zh",
                      "cpi_csv": "data/raw/reference/cpi_cn_yoy.csv", "price_year": 2020, "seed": 20240611}
    for c in cells:
        if c.cell_type == "code":
            assert not c.outputs and c.execution_count is None
            assert not any(isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef, ast.Lambda))
                           for n in ast.walk(ast.parse(c.source)))


def _execute(runs_dir, work, km):
    """Run notebook 30 on ``runs_dir`` into ``work``; return its Markdown outputs (no cell may fail)."""
    import papermill

    out_nb = work / "30-compare-reports.out.ipynb"
    params = {"runs_dir": str(runs_dir), "out_dir": str(work / "compare"), "fig_dir": str(work / "figures")}
    papermill.execute_notebook(str(NOTEBOOK), str(out_nb), parameters=params, kernel_name="python3",
                               progress_bar=False, cwd=str(ROOT), kernel_manager_class=km)
    return markdown_outputs(out_nb)


@pytest.fixture(scope="module")
def executed(runs, tmp_path_factory):
    """Notebook 30 on the three reports, on one report, and on two reports (one without its tables), in parallel:
    ``{key: (markdown, folder)}``."""
    import tempfile
    from concurrent.futures import ThreadPoolExecutor


    one = tmp_path_factory.mktemp("one_report_runs")
    report_a(one)
    # two reports, one of which lacks every analysis table and metrics.json (its notebooks did not run)
    two = tmp_path_factory.mktemp("two_reports_runs")
    report_a(two)
    (two / "d_only_figures").mkdir()
    _write(two / "d_only_figures" / "figures.csv", FIGURE_COLUMNS, _figures("d_only_figures", 1))
    jobs = {"three": (runs, tmp_path_factory.mktemp("nb_three")), "one": (one, tmp_path_factory.mktemp("nb_one")),
            "two": (two, tmp_path_factory.mktemp("nb_two"))}
    with tempfile.TemporaryDirectory(prefix="mskt-") as sockets, ThreadPoolExecutor(max_workers=2) as pool:
        km = ipc_kernel_manager(sockets)  # IPC sockets: two kernels at once never clash over TCP ports
        futures = {k: pool.submit(_execute, r, w, km) for k, (r, w) in jobs.items()}
        return {k: (f.result(), jobs[k][1]) for k, f in futures.items()}


@pytest.mark.notebooks
def test_notebook_on_three_reports(executed, stacked):
    text, work = executed["three"]
    out = work / "compare"
    assert sorted(p.name for p in out.iterdir()) == [
        "compare_goals.csv", "compare_metrics.csv", "compare_programs.csv", "compare_standards.csv", "documents.csv",
        "same_place_figures.csv"]
    from minsheng.analysis import reference

    cpi = reference.load_cpi(ROOT / "data" / "raw" / "reference" / "cpi_cn_yoy.csv")
    got = io.read_table(out / "compare_programs.csv", "compare_programs")
    pd.testing.assert_frame_equal(got, compare.programs_comparison(stacked["programs"], cpi, 2020))
    persons = got["beneficiary_unit"] != "person_time"
    assert got.loc[persons, "cny_per_beneficiary_year_low_real"].notna().all()  # 2021 and 2016-2020 are covered
    assert got["cny_per_beneficiary_real"].notna().all()
    got = io.read_table(out / "compare_goals.csv", "compare_goals")
    pd.testing.assert_frame_equal(got, compare.goals_comparison(stacked["goals"], stacked["metrics"], cpi, 2020))
    assert len(io.read_table(out / "compare_standards.csv", "compare_standards")) == 3
    metrics_csv = pd.read_csv(out / "compare_metrics.csv")
    assert metrics_csv.columns[0] == "doc_id" and metrics_csv["doc_id"].tolist() == [A, B, C]
    assert sorted(p.name for p in (work / "figures").iterdir()) == [
        "cost_per_beneficiary_year_by_report.png", "goal_shares_by_report.png",
        "spending_vs_beneficiaries_across_reports.png", "standards_cagr_by_report.png"]
    assert "**3 reports**" in text and "No model across reports" in text and f"Only one report ({B})" in text
    assert "**Deflator:** `cpi_cn_yoy.csv`, covering 2000-2025" in text


@pytest.mark.notebooks
def test_notebook_on_one_report_says_nothing_to_compare(executed):
    text, work = executed["one"]
    assert "nothing to compare yet" in text
    assert "No model across reports" in text and "None of the 2 program(s)" in text
    assert "No plot of standards' growth across reports" in text
    out = work / "compare"
    assert len(io.read_table(out / "compare_programs.csv", "compare_programs")) == 2
    assert io.read_table(out / "compare_standards.csv", "compare_standards").empty
    assert (out / "compare_standards.csv").read_text(encoding="utf-8").startswith("doc_id,place_code,place_name,report_period,goal,program,")
    assert "standards_cagr_by_report.png" not in {p.name for p in (work / "figures").iterdir()}


@pytest.mark.notebooks
def test_notebook_on_two_reports_one_without_tables(executed):
    text, work = executed["two"]
    assert "**2 reports**" in text and "`d_only_figures` (programs.csv, goals.csv, standards.csv, metrics.json, document.json)" in text
    assert "No model across reports" in text
    out = work / "compare"
    assert len(io.read_table(out / "compare_programs.csv", "compare_programs")) == 2
    assert pd.read_csv(out / "compare_metrics.csv")["doc_id"].tolist() == [A]
