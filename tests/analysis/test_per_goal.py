"""goals.csv: spending per goal without double counting, against the stated total; scope."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from conftest import make_figures
from minsheng.analysis import per_goal
from minsheng.reporting import prose

TOTAL = "五年来，累计实施民生工程，拨付资金10亿元。"


def _total(value=1e9, period="2016-2020"):
    return {"figure_id": "F001", "value_norm": value, "unit_norm": "CNY", "metric": "spending", "program": "民生工程",
            "goal": "overall", "period": period, "sentence": TOTAL}


def test_outside_scope_money_is_shown_apart_and_never_added():
    f = make_figures(
        _total(),
        {"figure_id": "F002", "value_norm": 1.38e9, "unit_norm": "CNY", "metric": "spending", "program": "医疗卫生支出",
         "goal": "health", "sentence": "全区医疗卫生支出完成13.8亿元。"},
        {"figure_id": "F003", "value_norm": 2e8, "unit_norm": "CNY", "metric": "spending", "program": "医疗救助",
         "goal": "health", "sentence": "发放医疗救助2亿元。"},
    )
    g = per_goal.goals_table(f).set_index("goal")
    assert g.loc["health", "spending_cny"] == pytest.approx(2e8)          # F003 only
    assert g.loc["health", "outside_scope_cny"] == pytest.approx(1.38e9)  # F002 apart
    assert g.loc["health", "outside_scope_figure_ids"] == "F002"
    assert g.loc["health", "share_of_total"] == pytest.approx(0.2)
    assert "never added" in g.loc["health", "notes"]
    t = per_goal.totals(f)
    assert t["itemised_spending_cny"] == pytest.approx(2e8)
    assert t["unitemised_cny"] == pytest.approx(8e8)
    assert t["outside_scope_cny"] == pytest.approx(1.38e9)
    assert per_goal.outside_scope("一般公共预算支出") and not per_goal.outside_scope("孤儿生活保障补助")
    # the classes of the budget's functional classification, by their full names (budget-execution reports)
    assert all(per_goal.outside_scope(w) for w in ("住房保障支出", "农林水支出", "城乡社区支出", "文化旅游体育与传媒支出"))
    assert not per_goal.outside_scope("农村危房改造补助资金") and not per_goal.outside_scope("住房保障")


def test_outside_scope_figure_is_never_the_stated_total():
    f = make_figures(
        {"figure_id": "F001", "value_norm": 5e9, "unit_norm": "CNY", "metric": "spending", "program": "财政支出",
         "goal": "overall"},
    )
    assert per_goal.stated_total(f) is None
    assert per_goal.totals(f)["total_spending_cny"] is None


def test_double_counting_rules():
    s = "全年发放助学金300万元，其中中央资金200万元、省级资金100万元。"
    f = make_figures(
        {"figure_id": "F001", "value_norm": 3e6, "unit_norm": "CNY", "metric": "spending", "program": "助学金",
         "goal": "education", "sentence": s, "start": 0},
        {"figure_id": "F002", "value_norm": 2e6, "unit_norm": "CNY", "metric": "spending", "program": "助学金",
         "goal": "education", "sentence": s, "start": 20},
        {"figure_id": "F003", "value_norm": 1e6, "unit_norm": "CNY", "metric": "spending", "program": "助学金",
         "goal": "education", "sentence": s, "start": 30},
        # a restatement elsewhere
        {"figure_id": "F004", "value_norm": 3e6, "unit_norm": "CNY", "metric": "spending", "program": "助学金",
         "goal": "education", "sentence": "再述。", "start": 50},
        # one year of the five-year figure of the same program
        {"figure_id": "F005", "value_norm": 8e5, "unit_norm": "CNY", "metric": "spending", "program": "营养餐",
         "goal": "education", "period": "2020", "sentence": "2020年营养餐80万元。", "start": 60},
        {"figure_id": "F006", "value_norm": 4e6, "unit_norm": "CNY", "metric": "spending", "program": "营养餐",
         "goal": "education", "sentence": "五年营养餐400万元。", "start": 70},
    )
    spend = per_goal.counted_spending(f).set_index("figure_id")
    assert spend["status"].to_dict() == {"F001": "counted", "F002": "double_counted", "F003": "double_counted",
                                         "F004": "double_counted", "F005": "double_counted", "F006": "counted"}
    g = per_goal.goals_table(f).set_index("goal")
    assert g.loc["education", "spending_cny"] == pytest.approx(7e6)  # 300万 + 400万
    assert g.loc["education", "double_counted_cny"] == pytest.approx(2e6 + 1e6 + 3e6 + 8e5)
    assert "restates F001" in g.loc["education", "notes"]
    assert "one year of F006" in g.loc["education", "notes"]
    assert "part of F001" in g.loc["education", "notes"]


def test_no_total_gives_empty_share_and_none_in_totals():
    f = make_figures(
        {"figure_id": "F001", "value_norm": 3e6, "unit_norm": "CNY", "metric": "spending", "program": "助学金",
         "goal": "education"},
    )
    g = per_goal.goals_table(f)
    assert math.isnan(g.loc[0, "share_of_total"])
    assert "states no actual total" in g.loc[0, "notes"]
    t = per_goal.totals(f)
    assert t["total_spending_cny"] is None and t["unitemised_cny"] is None and t["itemised_share"] is None
    assert "no total" in prose.describe_goals(g, t).data


def test_goal_without_spending_is_empty_not_zero_and_beneficiaries_by_unit():
    f = make_figures(
        {"figure_id": "F001", "value_norm": 7763, "unit_norm": "person_time", "metric": "beneficiaries",
         "program": "资助贫困幼儿", "goal": "early_childhood"},
        {"figure_id": "F002", "value_norm": 20, "unit_norm": "count", "metric": "output",
         "program": "新建幼儿园", "goal": "early_childhood", "text": "20所"},
        {"figure_id": "F003", "value_norm": 578, "unit_norm": "person", "metric": "beneficiaries",
         "program": "幼师培训", "goal": "early_childhood"},
    )
    g = per_goal.goals_table(f)
    assert len(g) == 1 and g.loc[0, "goal"] == "early_childhood"
    assert math.isnan(g.loc[0, "spending_cny"])
    assert g.loc[0, "beneficiaries_person_time"] == 7763 and g.loc[0, "beneficiaries_person"] == 578
    assert math.isnan(g.loc[0, "beneficiaries_household"])
    assert g.loc[0, "n_outputs"] == 1 and g.loc[0, "outputs"] == "新建幼儿园 20所"
    assert g.loc[0, "n_figures"] == 3


def test_outputs_are_listed_never_summed():
    f = make_figures(
        {"figure_id": "F001", "value_norm": 21529, "unit_norm": "household", "metric": "output",
         "program": "开工建设棚户区改造项目", "goal": "housing"},
        {"figure_id": "F002", "value_norm": 12929, "unit_norm": "household", "metric": "output",
         "program": "建成棚户区改造项目", "goal": "housing"},
    )
    out = per_goal.outputs_table(f)
    assert out["figure_id"].tolist() == ["F001", "F002"]
    assert out["value_norm"].tolist() == [21529, 12929]


def test_population_and_per_resident():
    f = make_figures(
        _total(),
        {"figure_id": "F002", "value_norm": 5e5, "unit_norm": "person", "metric": "population", "program": "",
         "goal": "overall", "qualifier": "more_than", "period": ""},
        {"figure_id": "F003", "value_norm": 1e8, "unit_norm": "CNY", "metric": "spending", "program": "助学金",
         "goal": "education"},
    )
    t = per_goal.totals(f)
    assert t["spending_per_resident_cny"] == pytest.approx(2000.0)       # 1e9 / 5e5
    assert t["spending_per_resident_year_cny"] == pytest.approx(400.0)   # / 5 years
    g = per_goal.goals_table(f)
    assert g.loc[0, "cny_per_resident"] == pytest.approx(200.0)
    assert g.loc[0, "cny_per_resident_year"] == pytest.approx(40.0)
    assert "upper bounds" in g.loc[0, "notes"]


def test_input_not_changed():
    f = make_figures(_total(), {"figure_id": "F002", "value_norm": 1e8, "unit_norm": "CNY", "metric": "spending",
                                "program": "助学金", "goal": "education"})
    before = f.copy(deep=True)
    per_goal.goals_table(f)
    per_goal.totals(f)
    per_goal.counted_spending(f)
    pd.testing.assert_frame_equal(f, before)


def test_bundled_report_hand_worked_values(bundled_figures):
    g = per_goal.goals_table(bundled_figures)
    assert list(g.columns[:5]) == ["doc_id", "goal", "spending_cny", "share_of_total", "n_figures"]
    assert "overall" not in set(g["goal"])
    by = g.set_index("goal")
    # education: 8920.82万 + 30122.86万 = 39043.68万元 = 390,436,800
    assert by.loc["education", "spending_cny"] == pytest.approx(390_436_800)
    assert by.loc["education", "share_of_total"] == pytest.approx(390_436_800 / 5_793_000_000)
    # social assistance: 41308.83 + 1359.57 + 552.9 + 2162.77 + 2195.87 = 47579.94万元
    assert by.loc["social_assistance", "spending_cny"] == pytest.approx(475_799_400)
    # health: only the district's total health expenditure, 13.8亿元, outside scope
    assert math.isnan(by.loc["health", "spending_cny"])
    assert by.loc["health", "outside_scope_cny"] == pytest.approx(1_380_000_000)
    t = per_goal.totals(bundled_figures)
    assert t["total_spending_cny"] == pytest.approx(5_793_000_000)  # 57.93亿元
    assert t["total_years"] == 5
    assert t["itemised_spending_cny"] == pytest.approx(866_236_200)  # 86623.62万元
    assert t["itemised_share"] == pytest.approx(0.14953, abs=5e-6)
    assert t["unitemised_cny"] == pytest.approx(4_926_763_800)
    assert t["population"] == pytest.approx(700_000)
    assert t["spending_per_resident_cny"] == pytest.approx(8275.71, abs=0.005)       # 57.93亿 / 70万
    assert t["spending_per_resident_year_cny"] == pytest.approx(1655.14, abs=0.005)  # / 5


def test_plans_parts_restatements_and_cumulative_amounts_are_never_added():
    f = make_figures(
        # 计划投入10亿元 beside 已拨付9亿元: the disbursed one is the total
        {"figure_id": "F001", "value_norm": 1e9, "unit_norm": "CNY", "metric": "spending", "program": "民生工程",
         "goal": "overall", "status": "planned", "period": "2023", "sentence": "A。"},
        {"figure_id": "F002", "value_norm": 9e8, "unit_norm": "CNY", "metric": "spending", "program": "民生工程",
         "goal": "overall", "period": "2023", "sentence": "A。"},
        # 教育2亿元，其中学前5000万元 (a part in another goal): 2亿 counted, 5000万 not
        {"figure_id": "F003", "value_norm": 2e8, "unit_norm": "CNY", "metric": "spending", "program": "教育资金",
         "goal": "education", "period": "2023", "sentence": "B。"},
        {"figure_id": "F004", "value_norm": 5e7, "unit_norm": "CNY", "metric": "spending", "program": "学前教育资金",
         "goal": "early_childhood", "period": "2023", "sentence": "B。", "parent_figure_id": "F003", "relation": "part_of"},
        # a part of the overall total is what the goals itemise: counted
        {"figure_id": "F005", "value_norm": 1e8, "unit_norm": "CNY", "metric": "spending", "program": "救助资金",
         "goal": "social_assistance", "period": "2023", "sentence": "C。", "parent_figure_id": "F002", "relation": "part_of"},
        # the same 1亿 restated later: not added again
        {"figure_id": "F006", "value_norm": 1e8, "unit_norm": "CNY", "metric": "spending", "program": "社会救助",
         "goal": "social_assistance", "period": "2023", "sentence": "D。", "parent_figure_id": "F005", "relation": "same_as"},
        # planned and cumulative money of a goal: shown apart
        {"figure_id": "F007", "value_norm": 3e7, "unit_norm": "CNY", "metric": "spending", "program": "救助资金",
         "goal": "social_assistance", "period": "2024", "status": "planned", "sentence": "E。"},
        {"figure_id": "F008", "value_norm": 4e8, "unit_norm": "CNY", "metric": "spending", "program": "救助资金",
         "goal": "social_assistance", "period": "2023", "period_kind": "as_of", "sentence": "截至2023年底累计。"},
    )
    t = per_goal.totals(f)
    assert (t["total_figure_id"], t["planned_total_figure_id"]) == ("F002", "F001")
    # itemised: 2亿 (education) + 1亿 (social assistance) = 3亿 of 9亿
    assert t["itemised_spending_cny"] == pytest.approx(3e8)
    assert t["itemised_share"] == pytest.approx(1 / 3)
    assert t["double_counted_cny"] == pytest.approx(1.5e8)  # 5000万 + 1亿
    g = per_goal.goals_table(f).set_index("goal")
    assert g.loc["education", "spending_cny"] == pytest.approx(2e8)
    assert math.isnan(g.loc["early_childhood", "spending_cny"])
    assert g.loc["early_childhood", "double_counted_figure_ids"] == "F004"
    sa = g.loc["social_assistance"]
    assert sa["spending_cny"] == pytest.approx(1e8) and sa["spending_figure_ids"] == "F005"
    assert (sa["planned_cny"], sa["planned_figure_ids"]) == (pytest.approx(3e7), "F007")
    assert (sa["cumulative_cny"], sa["cumulative_figure_ids"]) == (pytest.approx(4e8), "F008")
    assert sa["share_of_total"] == pytest.approx(1e8 / 9e8)


def test_only_a_planned_total_gives_no_share():
    f = make_figures(
        {"figure_id": "F001", "value_norm": 1e9, "unit_norm": "CNY", "metric": "spending", "program": "民生工程",
         "goal": "overall", "status": "planned", "period": "2024"},
        {"figure_id": "F002", "value_norm": 2e8, "unit_norm": "CNY", "metric": "spending", "program": "教育资金",
         "goal": "education", "period": "2024", "sentence": "另一句。"},
    )
    t = per_goal.totals(f)
    assert t["total_spending_cny"] is None and t["planned_total_spending_cny"] == pytest.approx(1e9)
    g = per_goal.goals_table(f)
    assert math.isnan(g.loc[0, "share_of_total"])
    assert "a planned total is never the denominator" in g.loc[0, "notes"]
