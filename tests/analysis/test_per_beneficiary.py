"""programs.csv: pairing spending with beneficiaries on the report's structure."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conftest import make_figures
from minsheng.analysis import per_beneficiary
from minsheng.errors import InputError
from minsheng.reporting import prose


def test_period_years():
    assert per_beneficiary.period_years("2016-2020") == 5
    assert per_beneficiary.period_years("2020") == 1
    assert per_beneficiary.period_years("") is None
    assert per_beneficiary.period_years("2020-2016") is None


def test_pairs_on_sentence_and_program_not_position():
    f = make_figures(
        {"figure_id": "F001", "value_norm": 1e6, "unit_norm": "CNY", "metric": "spending", "program": "低保金"},
        {"figure_id": "F002", "value_norm": 200, "unit_norm": "person_time", "metric": "beneficiaries", "program": "低保金"},
        {"figure_id": "F003", "value_norm": 50, "unit_norm": "person", "metric": "beneficiaries", "program": "孤儿生活保障补助"},
        {"figure_id": "F004", "value_norm": 6e5, "unit_norm": "CNY", "metric": "spending", "program": "孤儿生活保障补助"},
        # same program, another sentence: never paired with F004
        {"figure_id": "F005", "value_norm": 7, "unit_norm": "person", "metric": "beneficiaries",
         "program": "孤儿生活保障补助", "sentence": "另一句。"},
    )
    p = per_beneficiary.programs_table(f)
    assert list(zip(p["spending_figure_id"], p["beneficiaries_figure_id"])) == [("F001", "F002"), ("F004", "F003")]
    # 1e6 / 200 = 5000 per person-time, never per year; 6e5 / 50 = 12000 per person over 2016-2020:
    # 2400 a year for the same people every year, 12000 a year if the count adds up yearly recipients
    assert p["cny_per_beneficiary"].tolist() == pytest.approx([5000.0, 12000.0])
    assert p["cny_per_beneficiary_year"].isna().all()
    assert math.isnan(p.loc[0, "cny_per_beneficiary_year_low"]) and math.isnan(p.loc[0, "cny_per_beneficiary_year_high"])
    assert p.loc[1, "cny_per_beneficiary_year_low"] == pytest.approx(2400.0)
    assert p.loc[1, "cny_per_beneficiary_year_high"] == pytest.approx(12000.0)
    assert p["time_base"].tolist() == ["person_time", "years"]
    assert p["years"].tolist() == [5, 5]
    assert "person-times" in p.loc[0, "notes"] and "not people" in p.loc[0, "notes"]
    unp = per_beneficiary.unpaired(f)
    assert unp["figure_id"].tolist() == ["F005"]
    assert "no spending figure" in unp.loc[0, "reason"]


def test_a_figure_is_never_paired_twice():
    f = make_figures(
        {"figure_id": "F001", "value_norm": 1e6, "unit_norm": "CNY", "metric": "spending", "program": "护理补贴", "start": 0},
        {"figure_id": "F002", "value_norm": 100, "unit_norm": "person", "metric": "beneficiaries", "program": "护理补贴", "start": 10},
        {"figure_id": "F003", "value_norm": 2e6, "unit_norm": "CNY", "metric": "spending", "program": "护理补贴", "start": 40},
    )
    p = per_beneficiary.programs_table(f)
    assert len(p) == 1
    assert (p.loc[0, "spending_figure_id"], p.loc[0, "beneficiaries_figure_id"]) == ("F001", "F002")
    assert "nearest" in p.loc[0, "notes"]
    unp = per_beneficiary.unpaired(f)
    assert unp["figure_id"].tolist() == ["F003"]
    assert "paired with another" in unp.loc[0, "reason"]


def test_labels_holding_one_programme_word_are_paired_and_others_not():
    """城乡低保资金 and 保障低保对象 both hold 低保 (lexicon/programs.csv): one programme, said in the notes.
    城市低保资金 and 农村低保对象 hold different words; 民生工程 is a whole-programme word: never paired."""
    f = make_figures(
        {"figure_id": "F001", "value_norm": 1.086560e8, "unit_norm": "CNY", "metric": "spending",
         "program": "城乡低保资金", "start": 0},
        {"figure_id": "F002", "value_norm": 14280, "unit_norm": "person", "metric": "beneficiaries",
         "program": "保障低保对象", "start": 20},
        {"figure_id": "F003", "value_norm": 5e6, "unit_norm": "CNY", "metric": "spending", "program": "城市低保资金",
         "start": 0, "sentence": "二句。"},
        {"figure_id": "F004", "value_norm": 800, "unit_norm": "person", "metric": "beneficiaries",
         "program": "农村低保对象", "start": 20, "sentence": "二句。"},
        {"figure_id": "F005", "value_norm": 9e8, "unit_norm": "CNY", "metric": "spending", "program": "民生工程资金",
         "start": 0, "sentence": "三句。"},
        {"figure_id": "F006", "value_norm": 3e5, "unit_norm": "person", "metric": "beneficiaries",
         "program": "惠及民生工程群众", "start": 20, "sentence": "三句。"},
    )
    p = per_beneficiary.programs_table(f)
    assert list(zip(p["spending_figure_id"], p["beneficiaries_figure_id"])) == [("F001", "F002")]
    assert p.loc[0, "cny_per_beneficiary"] == pytest.approx(108656000 / 14280)
    assert "programme word 低保" in p.loc[0, "notes"]
    assert sorted(per_beneficiary.unpaired(f)["figure_id"]) == ["F003", "F004", "F005", "F006"]


def test_incompatible_periods_are_not_paired():
    f = make_figures(
        {"figure_id": "F001", "value_norm": 1e6, "unit_norm": "CNY", "metric": "spending", "program": "助学金", "period": "2019"},
        {"figure_id": "F002", "value_norm": 100, "unit_norm": "person", "metric": "beneficiaries", "program": "助学金", "period": "2020"},
    )
    assert per_beneficiary.programs_table(f).empty
    assert "another period" in per_beneficiary.unpaired(f).loc[0, "reason"]


def test_empty_period_gives_empty_years_and_per_year():
    f = make_figures(
        {"figure_id": "F001", "value_norm": 3e5, "unit_norm": "CNY", "metric": "spending", "program": "危房改造", "period": "",
         "sentence": "改造危房30户，投入资金30万元。"},
        {"figure_id": "F002", "value_norm": 30, "unit_norm": "household", "metric": "beneficiaries", "program": "危房改造",
         "period": "", "sentence": "改造危房30户，投入资金30万元。"},
    )
    p = per_beneficiary.programs_table(f)
    assert p.loc[0, "cny_per_beneficiary"] == pytest.approx(10000.0)
    assert pd.isna(p.loc[0, "years"]) and math.isnan(p.loc[0, "cny_per_beneficiary_year"])
    assert p.loc[0, "beneficiary_unit"] == "household"
    assert "households, not people" in p.loc[0, "notes"] and "no period" in p.loc[0, "notes"]


def test_plausibility_against_a_monthly_standard_of_the_same_family():
    std = "特困人员基本生活标准由2016年每人每月400元，提高到500元。"
    f = make_figures(
        {"figure_id": "F001", "value_norm": 400, "unit_norm": "CNY/person/month", "metric": "standard",
         "program": "特困人员基本生活标准", "period": "2016", "sentence": std, "pair_role": "from", "pair_figure_id": "F002"},
        {"figure_id": "F002", "value_norm": 500, "unit_norm": "CNY/person/month", "metric": "standard",
         "program": "特困人员基本生活标准", "period": "2020", "sentence": std, "pair_role": "to", "pair_figure_id": "F001"},
        # 1,080,000 / 100 persons / 1 year = 10,800: above 6,000 + 10 % → disagree
        {"figure_id": "F003", "value_norm": 1.08e6, "unit_norm": "CNY", "metric": "spending", "program": "特困供养金", "period": "2020"},
        {"figure_id": "F004", "value_norm": 100, "unit_norm": "person", "metric": "beneficiaries", "program": "特困供养金", "period": "2020"},
        # 5,400 per person-year in 2019 (no level of 2019 stated): within 400×12 = 4,800 … 500×12 = 6,000 → agree
        {"figure_id": "F005", "value_norm": 5.4e5, "unit_norm": "CNY", "metric": "spending", "program": "五保供养金",
         "period": "2019", "sentence": "另一句。"},
        {"figure_id": "F006", "value_norm": 100, "unit_norm": "person", "metric": "beneficiaries", "program": "五保供养金",
         "period": "2019", "sentence": "另一句。"},
    )
    p = per_beneficiary.programs_table(f).set_index("spending_figure_id")
    # a 2020 programme is checked against the 2020 level only: 500 × 12 = 6,000
    assert p.loc["F003", "standard_low_cny_per_year"] == pytest.approx(6000.0)
    assert p.loc["F003", "standard_high_cny_per_year"] == pytest.approx(6000.0)
    assert p.loc["F003", "standard_figure_ids"] == "F002"
    assert p.loc["F003", "standard_check"] == "disagree"
    assert p.loc["F003", "standard_fit"] == "neither" and p.loc["F003", "standard_kind"] == "transfer"
    assert p.loc["F005", "standard_check"] == "agree"
    assert p.loc["F005", "standard_check_recipient_years"] == ""  # one year: one reading only
    assert "monthly ×12" in p.loc["F003", "notes"]
    assert "no level of the standard is stated for 2019" in p.loc["F005", "notes"]


def test_inputs_are_not_changed_and_missing_columns_fail_loudly():
    f = make_figures(
        {"figure_id": "F001", "value_norm": 1e6, "unit_norm": "CNY", "metric": "spending", "program": "低保金"},
        {"figure_id": "F002", "value_norm": 200, "unit_norm": "person", "metric": "beneficiaries", "program": "低保金"},
    )
    before = f.copy(deep=True)
    per_beneficiary.programs_table(f)
    per_beneficiary.unpaired(f)
    pd.testing.assert_frame_equal(f, before)
    with pytest.raises(InputError, match="sentence"):
        per_beneficiary.programs_table(f.drop(columns=["sentence"]))


def test_no_pairs_gives_the_header_only():
    f = make_figures({"figure_id": "F001", "value_norm": 1e6, "unit_norm": "CNY", "metric": "spending", "program": "x"})
    p = per_beneficiary.programs_table(f)
    assert p.empty and list(p.columns) == per_beneficiary.PROGRAMS.names
    assert "no program" in prose.describe_programs(p).data


def test_bundled_report_hand_worked_values(bundled_figures):
    p = per_beneficiary.programs_table(bundled_figures)
    assert len(p) == 6
    contract = ["doc_id", "goal", "program", "program_en", "spending_cny", "beneficiaries", "beneficiary_unit",
                "cny_per_beneficiary", "years", "cny_per_beneficiary_year", "spending_figure_id",
                "beneficiaries_figure_id", "notes"]
    assert list(p.columns[:13]) == contract
    by = p.set_index("program")
    assert set(by.index) == {
        "义务教育贫困学生及中职、高中家庭经济困难学生资助资金", "农村低保、五保救助金", "孤儿生活保障补助",
        "贫困精神病残疾人服药补贴", "贫困残疾人生活补助", "重度残疾人护理补贴",
    }
    # student aid: 8920.82万元 / 40万人次 = 89,208,200 / 400,000 = 223.02 CNY per person-time
    aid = by.loc["义务教育贫困学生及中职、高中家庭经济困难学生资助资金"]
    assert aid["beneficiary_unit"] == "person_time"
    assert aid["cny_per_beneficiary"] == pytest.approx(223.02, abs=0.005)
    assert math.isnan(aid["cny_per_beneficiary_year"])  # a person-time is one event: never divided by 5 again
    assert math.isnan(aid["cny_per_beneficiary_year_low"]) and math.isnan(aid["cny_per_beneficiary_year_high"])
    assert aid["time_base"] == "person_time"
    assert "not people" in aid["notes"]
    # orphans: 1359.57万元 / 1633 = 13,595,700 / 1,633 = 8,325.60 CNY per person; / 5 = 1,665.12
    orph = by.loc["孤儿生活保障补助"]
    assert orph["beneficiary_unit"] == "person"
    assert orph["cny_per_beneficiary"] == pytest.approx(8325.60, abs=0.005)
    assert math.isnan(orph["cny_per_beneficiary_year"])  # counted over five years: two readings, no one value
    assert orph["cny_per_beneficiary_year_low"] == pytest.approx(1665.12, abs=0.005)
    assert orph["cny_per_beneficiary_year_high"] == pytest.approx(8325.60, abs=0.005)
    # 1633 orphans of 700,000 residents (70多万: an upper bound) = 0.2333 %
    assert orph["share_of_population"] == pytest.approx(1633 / 700000)
    assert "upper bound" in orph["notes"]
    # psychiatric medication: 552.9万元 / 5529 persons over 2016-2020 = 1,000 (high), / 5 = 200 (low), both round
    med = by.loc["贫困精神病残疾人服药补贴"]
    assert med["cny_per_beneficiary"] == pytest.approx(1000.0)
    assert med["cny_per_beneficiary_year_low"] == pytest.approx(200.0)
    assert med["cny_per_beneficiary_year_high"] == pytest.approx(1000.0)
    assert med["round_reading"] == "per_beneficiary;per_beneficiary_year_low" and med["flags"] == "round_amount"
    assert by.loc["贫困残疾人生活补助", "flags"] == ""  # 567.22: not round
    # 低保/五保: 41308.83万元 / 103747人次 = 3,981.69 per person-time, 796.34 per person-time-year;
    # standards 3,088.42–7,368 (低保, yearly) and 378.5×12 = 4,542 – 808.3×12 = 9,699.6 (特困, monthly)
    db = by.loc["农村低保、五保救助金"]
    assert db["cny_per_beneficiary"] == pytest.approx(3981.69, abs=0.005)
    assert math.isnan(db["cny_per_beneficiary_year"])  # 796.34 (÷5 again) is gone
    assert db["standard_low_cny_per_year"] == pytest.approx(3088.42)
    assert db["standard_high_cny_per_year"] == pytest.approx(9699.6)
    assert db["standard_check"] == ""  # no per-year reading for person-times
    # read as recipient-years, 3,981.69 is not above the 低保/特困 line 9,699.6 (+10 %): a weak, one-sided check
    assert db["standard_check_recipient_years"] == "agree"
    assert (db["standard_kind"], db["standard_fit"]) == ("threshold", "recipient_years")
    assert "weak check" in db["notes"]
    # pairs are distinct figures, each used once
    used = list(p["spending_figure_id"]) + list(p["beneficiaries_figure_id"])
    assert len(used) == len(set(used)) == 12
    ids = bundled_figures.set_index("figure_id")
    assert set(ids.loc[p["spending_figure_id"], "metric"]) == {"spending"}
    assert (ids.loc[p["spending_figure_id"], "sentence"].to_numpy()
            == ids.loc[p["beneficiaries_figure_id"], "sentence"].to_numpy()).all()


def test_part_year_is_checked_against_the_standard_scaled_by_its_months():
    std = "特困人员基本生活标准由2023年每人每月550元提高到每人每月600元。"
    f = make_figures(
        {"figure_id": "F001", "value_norm": 550, "unit_norm": "CNY/person/month", "metric": "standard",
         "program": "特困人员基本生活标准", "period": "2023", "sentence": std, "pair_role": "from", "pair_figure_id": "F002"},
        {"figure_id": "F002", "value_norm": 600, "unit_norm": "CNY/person/month", "metric": "standard",
         "program": "特困人员基本生活标准", "period": "2024", "sentence": std, "pair_role": "to", "pair_figure_id": "F001"},
        # 上半年: 3,600,000 / 1,000 persons = 3,600 over 6 months; 600 × 12 × 6/12 = 3,600 → agree
        # (against the unscaled 7,200 a year it would read as half the standard)
        {"figure_id": "F003", "value_norm": 3.6e6, "unit_norm": "CNY", "metric": "spending", "program": "特困供养金",
         "period": "2024", "period_kind": "part_year", "months": 6, "sentence": "上半年发放。"},
        {"figure_id": "F004", "value_norm": 1000, "unit_norm": "person", "metric": "beneficiaries", "program": "特困供养金",
         "period": "2024", "period_kind": "part_year", "months": 6, "sentence": "上半年发放。"},
    )
    r = per_beneficiary.programs_table(f).iloc[0]
    assert (r["time_base"], r["months"]) == ("part_year", 6)
    assert r["cny_per_beneficiary"] == pytest.approx(3600.0)
    assert math.isnan(r["cny_per_beneficiary_year"]) and pd.isna(r["years"])
    assert r["standard_figure_ids"] == "F002" and r["standard_high_cny_per_year"] == pytest.approx(7200.0)
    assert (r["standard_check"], r["standard_fit"], r["standard_kind"]) == ("agree", "same_recipients", "transfer")


def test_a_cumulative_count_of_unknown_span_has_no_cost_per_year():
    s = "截至2023年底，累计发放救助金300万元、救助困难群众1500人。"
    f = make_figures(
        {"figure_id": "F001", "value_norm": 3e6, "unit_norm": "CNY", "metric": "spending", "program": "救助金",
         "period": "2023", "period_kind": "as_of", "sentence": s, "text": "300万元"},
        {"figure_id": "F002", "value_norm": 1500, "unit_norm": "person", "metric": "beneficiaries", "program": "救助金",
         "period": "2023", "period_kind": "as_of", "sentence": s, "text": "1500人"},
    )
    r = per_beneficiary.programs_table(f).iloc[0]
    # 3,000,000 / 1,500 = 2,000 per person since a start the report does not state
    assert r["time_base"] == "cumulative" and r["cny_per_beneficiary"] == pytest.approx(2000.0)
    assert all(math.isnan(r[c]) for c in ("cny_per_beneficiary_year", "cny_per_beneficiary_year_low",
                                          "cny_per_beneficiary_year_high"))
    assert "cumulative" in r["notes"]


def test_qualifiers_make_the_amount_a_bound_and_plans_are_never_paired():
    f = make_figures(
        # 超过500万元 / 1000人 = at least 5,000 per person (lower bound)
        {"figure_id": "F001", "value_norm": 5e6, "unit_norm": "CNY", "metric": "spending", "program": "护理补贴",
         "qualifier": "more_than", "period": "2023"},
        {"figure_id": "F002", "value_norm": 1000, "unit_norm": "person", "metric": "beneficiaries", "program": "护理补贴",
         "period": "2023"},
        # 300万元 / 600余人 = at most 5,000 (upper bound)
        {"figure_id": "F003", "value_norm": 3e6, "unit_norm": "CNY", "metric": "spending", "program": "生活补贴",
         "period": "2023", "sentence": "另一句。"},
        {"figure_id": "F004", "value_norm": 600, "unit_norm": "person", "metric": "beneficiaries", "program": "生活补贴",
         "qualifier": "more_than", "period": "2023", "sentence": "另一句。"},
        # a plan: 计划投入200万元，惠及400人 is not spending per beneficiary
        {"figure_id": "F005", "value_norm": 2e6, "unit_norm": "CNY", "metric": "spending", "program": "助学金",
         "status": "planned", "period": "2024", "sentence": "计划句。"},
        {"figure_id": "F006", "value_norm": 400, "unit_norm": "person", "metric": "beneficiaries", "program": "助学金",
         "status": "planned", "period": "2024", "sentence": "计划句。"},
    )
    p = per_beneficiary.programs_table(f).set_index("spending_figure_id")
    assert list(p.index) == ["F001", "F003"]
    assert p.loc["F001", "per_beneficiary_bound"] == "lower" and p.loc["F003", "per_beneficiary_bound"] == "upper"
    assert p.loc["F001", "cny_per_beneficiary"] == pytest.approx(5000.0)
    assert "lower bound" in p.loc["F001", "notes"] and "upper bound" in p.loc["F003", "notes"]
