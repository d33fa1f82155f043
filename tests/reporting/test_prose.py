"""minsheng.reporting.prose: Markdown about results, with the numbers of the analysis tables."""

from __future__ import annotations

import base64

import pandas as pd
from IPython.display import Image, Markdown

from conftest import make_figures
from minsheng.analysis import metrics, per_beneficiary, per_goal, standards
from minsheng.reporting import prose

#: A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_say_is_markdown():
    md = prose.say("**bold** text")
    assert isinstance(md, Markdown)
    assert md.data == "**bold** text"


def test_show_or_say():
    df = pd.DataFrame({"a": [1]})
    assert prose.show_or_say(df, "nothing") is df
    md = prose.show_or_say(df.iloc[0:0], "nothing to show")
    assert isinstance(md, Markdown) and md.data == "nothing to show"


def test_show_plot_of_a_path_is_an_image(tmp_path):
    png = tmp_path / "plot.png"
    png.write_bytes(PNG)
    img = prose.show_plot(png)
    assert isinstance(img, Image)
    assert img.data == PNG


def test_show_plot_of_a_reason_is_markdown():
    md = prose.show_plot("**No plot:** nothing to draw.")
    assert isinstance(md, Markdown) and md.data == "**No plot:** nothing to draw."


def _program_figures():
    S2, S3 = "孤儿一句。", "危房一句。"
    return make_figures(
        {"figure_id": "F001", "value_norm": 1e6, "unit_norm": "CNY", "metric": "spending", "program": "低保金"},
        {"figure_id": "F002", "value_norm": 200, "unit_norm": "person_time", "metric": "beneficiaries",
         "program": "低保金"},
        {"figure_id": "F003", "value_norm": 6e5, "unit_norm": "CNY", "metric": "spending",
         "program": "孤儿生活保障补助", "sentence": S2},
        {"figure_id": "F004", "value_norm": 50, "unit_norm": "person", "metric": "beneficiaries",
         "program": "孤儿生活保障补助", "sentence": S2},
        {"figure_id": "F005", "value_norm": 3e5, "unit_norm": "CNY", "metric": "spending", "program": "危房改造",
         "goal": "housing", "sentence": S3},
        {"figure_id": "F006", "value_norm": 30, "unit_norm": "household", "metric": "beneficiaries",
         "program": "危房改造", "goal": "housing", "sentence": S3},
    )


def test_describe_programs():
    p = per_beneficiary.programs_table(_program_figures())
    text = prose.describe_programs(p).data
    # over 2016-2020 (5 years): 1e6 / 200 = 5,000 per person-time, never per year; 6e5 / 50 = 12,000 per person,
    # / 5 = 2,400 a year for the same people; 3e5 / 30 = 10,000 per household, / 5 = 2,000
    assert text.startswith("**3 program(s)** state both spending and recipients.")
    assert "1 count person-times (人次), not people: 低保金." in text
    assert "1 count households: 危房改造." in text
    assert ("Cost per person-year (programmes counting persons only): 2,400 CNY read as the same recipients every "
            "year, 12,000 CNY read as each year's recipients added up") in text
    assert "Cost per household-year (programmes counting households only): 2,000 CNY" in text
    assert "Cost per person-time: 5,000 CNY; never divided by years." in text
    assert "2 count recipients over several years" in text
    assert "No program has a stated per-person standard" in text


def test_describe_programs_without_programs():
    p = per_beneficiary.programs_table(_program_figures().iloc[[0, 2, 4]])  # spending only
    assert p.empty
    text = prose.describe_programs(p).data
    assert "states no program with both what was spent and who received it" in text


def _goal_figures():
    return make_figures(
        {"figure_id": "F001", "value_norm": 1e9, "unit_norm": "CNY", "metric": "spending", "program": "民生工程",
         "goal": "overall", "sentence": "总额一句。"},
        {"figure_id": "F002", "value_norm": 1e6, "unit_norm": "CNY", "metric": "spending", "program": "低保金",
         "sentence": "低保一句。"},
        {"figure_id": "F003", "value_norm": 200, "unit_norm": "person", "metric": "beneficiaries",
         "program": "低保金", "sentence": "低保一句。"},
        {"figure_id": "F004", "value_norm": 3e6, "unit_norm": "CNY", "metric": "spending", "program": "助学金",
         "goal": "education", "sentence": "助学一句。"},
        {"figure_id": "F005", "value_norm": 7e5, "unit_norm": "person", "metric": "population",
         "program": "全区城乡居民", "goal": "overall", "qualifier": "more_than", "sentence": "人口一句。"},
    )


def test_describe_goals():
    f = _goal_figures()
    text = prose.describe_goals(per_goal.goals_table(f), per_goal.totals(f)).data
    # total 1e9 = 10 亿; itemised 1e6 + 3e6 = 4e6 = 400 万, 0.4 % of it; 9.96e8 not itemised;
    # 1e9 / 7e5 = 1,428.57 per resident, / 5 years = 285.71; 70 多万 makes them upper bounds
    assert "**Stated total** (F001, period 2016-2020): CNY 10 亿 (1,000,000,000)." in text
    assert "Itemised by goal, without double counting: CNY 400 万 (4,000,000), 0.4 % of the total." in text
    assert "Not itemised: CNY 9.96 亿 (996,000,000) of the total" in text
    assert ("Population served: 700,000 (F005): 1,428.57 CNY per resident, 285.71 CNY per resident-year "
            "(an upper bound: the population is stated as a minimum).") in text


def test_describe_goals_without_a_total():
    f = _goal_figures().iloc[1:].reset_index(drop=True)
    text = prose.describe_goals(per_goal.goals_table(f), per_goal.totals(f)).data
    assert "**The report states no total of livelihood spending**" in text
    assert "no stated total to divide" in text


def _headline(f):
    programs = per_beneficiary.programs_table(f)
    goals = per_goal.goals_table(f)
    return metrics.headline_metrics(f, programs, goals, standards.standards_table(f))


def test_describe_metrics():
    text = prose.describe_metrics(_headline(_goal_figures())).data
    # one program pairs 1e6 CNY with 200 persons (低保金); no standard stated as a change
    assert text.startswith("**Headline metrics**\n")
    assert "- Stated total CNY 10 亿 (1,000,000,000); itemised by goal 0.4 %." in text
    assert "- 1,428.57 CNY per resident, 285.71 per resident-year." in text
    assert "- 1 program(s) with spending and recipients, 0 standard(s) stated as a change." in text


def test_describe_metrics_without_a_total():
    f = _goal_figures().iloc[1:].reset_index(drop=True)
    text = prose.describe_metrics(_headline(f)).data
    assert "- No stated total: no share, remainder or spending per resident." in text
    assert "CNY per resident" not in text
