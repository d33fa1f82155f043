"""Each figure's period, period_kind, months, status and inferred; sentence bounds and cut; page.

Short texts written for these tests; every expected value worked out by hand from the rules
(the contract's "How a figure's meaning is judged" and the working spec).
"""

import pytest

from conftest import FIXTURES, WORK_REPORT
from minsheng.extraction.clean import figures_from_text, figures_table
from minsheng.extraction.reading import read_report


def rows(text):
    df = figures_from_text(text, "t")
    return {r.text: r for r in df.itertuples(index=False)}


def meaning(r):
    months = None if r.months is None or str(r.months) == "<NA>" else int(r.months)
    return r.period, r.period_kind, months, r.status, r.inferred


# --------------------------------------------------------------------------- period: own → section → document

def test_an_annual_report_whose_year_is_only_in_its_title():
    got = rows("青禾县2022年民生工程实施情况\n全县实施民生工程30项，投入资金6.5亿元。\n一、教育\n新建幼儿园4所。\n")
    assert meaning(got["30项"]) == ("2022", "year", None, "actual", "period:document")
    assert meaning(got["6.5亿元"]) == ("2022", "year", None, "actual", "period:document")
    assert meaning(got["4所"]) == ("2022", "year", None, "actual", "period:document")


def test_a_multi_year_review_whose_span_is_only_in_its_opening():
    got = rows("石门区民生工作回顾\n2018年至2022年期间，全区累计投入民生资金80亿元。\n各镇新建养老服务站42个。\n")
    assert meaning(got["80亿元"]) == ("2018-2022", "span", None, "actual", "")  # its own sentence
    assert meaning(got["42个"]) == ("2018-2022", "span", None, "actual", "period:document")


def test_a_paragraph_opening_with_a_year_gives_it_to_its_later_sentences():
    got = rows("某区2016-2020年民生工作总结\n2019年，全区新建幼儿园3所。改造农村危房120户。\n发放助学金50万元。\n")
    assert meaning(got["3所"]) == ("2019", "year", None, "actual", "")
    assert meaning(got["120户"]) == ("2019", "year", None, "actual", "period:section")
    # the next paragraph has no time of its own: the report's
    assert meaning(got["50万元"]) == ("2016-2020", "span", None, "actual", "period:document")


def test_the_opening_sentence_gives_the_report_its_year_and_nothing_gives_none():
    got = rows("某区民生工作总结\n2019年，全区新建幼儿园3所。\n发放助学金50万元。\n")
    assert meaning(got["50万元"]) == ("2019", "year", None, "actual", "period:document")
    got = rows("某区民生工作总结\n全区新建幼儿园3所。\n发放助学金50万元。\n")
    assert meaning(got["50万元"]) == ("", "", None, "actual", "")


def test_a_heading_that_declares_a_time_or_sets_targets():
    got = rows("某县2021-2022年民生工作总结\n一、2021年完成情况\n新建村卫生室12个。\n二、2023年工作打算\n改造老旧小区8个。\n"
               "三、其他\n新建公厕5座。\n")
    assert meaning(got["12个"]) == ("2021", "year", None, "actual", "period:section")
    assert meaning(got["8个"]) == ("2023", "year", None, "planned", "period:section;status:section")
    assert meaning(got["5座"]) == ("2021-2022", "span", None, "actual", "period:document")


def test_a_period_earlier_in_its_own_sentence_is_its_own():
    got = rows("某区2020年民生工程总结\n2019年新建幼儿园3所，改造农村危房120户。\n")
    assert meaning(got["120户"]) == ("2019", "year", None, "actual", "")


def test_leijii_keeps_the_report_year_and_a_year_before_it_wins():
    got = rows("某县2023年民生工程简报\n累计发放低保金800万元。\n2022年，累计新建公厕15座。\n")
    assert meaning(got["800万元"]) == ("2023", "year", None, "actual", "period:document")
    assert meaning(got["15座"]) == ("2022", "year", None, "actual", "")


def test_quannian_in_a_multi_year_report_is_one_unknown_year():
    got = rows("某区2016-2020年民生工程总结\n全年发放低保金50万元。\n")
    assert meaning(got["50万元"]) == ("", "", None, "actual", "")


def test_a_date_line_gives_no_period():
    got = rows("某镇民生工作简报\n某镇党政办　　2023年12月8日\n全镇投入资金900万元。\n")
    assert meaning(got["900万元"]) == ("", "", None, "actual", "")


# --------------------------------------------------------------------------- parts of a year, as_of

PART_YEAR = (
    "河湾市2024年1-5月民生实事推进情况\n"
    "各项目完成投资3.2亿元。\n"
    "上半年，全市新增城镇就业1.1万人。\n"
    "截至5月底，已发放助学金260万元。\n"
    "一季度新建托育机构6家。\n"
    "春季学期资助学生1200人。\n"
    "2023年前三季度，全市发放救助金9000万元。\n"
)


@pytest.mark.parametrize("span, want", [
    ("3.2亿元", ("2024", "part_year", 5, "actual", "period:document")),   # the title's 1-5月
    ("1.1万人", ("2024", "part_year", 6, "actual", "period:section")),    # 上半年: the year from the report
    ("260万元", ("2024", "as_of", None, "actual", "period:section")),
    ("6家", ("2024", "part_year", 3, "actual", "period:section")),       # its paragraph opens with 一季度
    ("1200人", ("2024", "part_year", 6, "actual", "period:section")),
    ("9000万元", ("2023", "part_year", 9, "actual", "")),                 # a year of its own
])
def test_each_part_year_marker(span, want):
    assert meaning(rows(PART_YEAR)[span]) == want


def test_as_of_takes_the_year_stated_earlier_in_its_sentence():
    got = rows("某镇民生简报\n2023年，到位资金500万元，截至11月底已拨付450万元。\n")
    assert meaning(got["500万元"]) == ("2023", "year", None, "actual", "")
    assert meaning(got["450万元"]) == ("2023", "as_of", None, "actual", "")


def test_a_part_of_a_year_without_any_year_has_no_period():
    got = rows("某县民生工作\n1-5月，全县新增就业300人。\n")
    assert meaning(got["300人"]) == ("", "", None, "actual", "")


# --------------------------------------------------------------------------- status

def test_plans_beside_results_in_one_sentence():
    got = rows("2023年某镇民生工程简报\n计划投入资金3亿元，已拨付2.6亿元，完成年度计划的103%。\n")
    # (the goal comes from the title line, a heading: goal:heading)
    assert meaning(got["3亿元"]) == ("2023", "year", None, "planned", "period:document;goal:heading")
    assert meaning(got["2.6亿元"]) == ("2023", "year", None, "actual", "period:document;goal:heading")
    assert meaning(got["103%"])[:4] == ("2023", "year", None, "actual")
    assert "status" not in got["103%"].inferred


@pytest.mark.parametrize("sentence, span, status", [
    ("力争新增就业5万人。", "5万人", "planned"),
    ("拟新建幼儿园3所。", "3所", "planned"),
    ("明年将改造老旧小区20个。", "20个", "planned"),
    ("将近800户完成改造。", "将近800户", "actual"),          # 将近 is a qualifier
    ("将1200户纳入低保。", "1200户", "actual"),              # 将…纳入 is 把
    ("完成年度任务的98%。", "98%", "actual"),
    ("争取上级资金2亿元。", "2亿元", "actual"),               # funds obtained
    ("新建幼儿园3所。", "3所", "actual"),
])
def test_plan_words_in_the_own_clause(sentence, span, status):
    assert rows("某区2023年民生工作总结\n" + sentence + "\n")[span].status == status


TABLE = """河西县2023年民生实事办理情况
全县十件民生实事按计划推进，进展如下：
项目 | 计划投资 | 年度任务 | 实际完成 | 计划完成时间
城区幼儿园 | 4200万元 | 新建2所 | 建成1所，完成年度任务的50% | 12月
农村公路 | 6800万元 | 改造45公里 | 改造39公里 | 11月
"""


def test_a_part_of_a_planned_total_is_planned_unless_it_says_it_was_done():
    got = rows("某县2023年民生实事推进情况\n全年计划投资4.6亿元，其中县级资金1.2亿元。"
               "计划新建幼儿园6所，其中已建成4所。\n")
    assert got["4.6亿元"].status == got["1.2亿元"].status == "planned"
    assert got["1.2亿元"].parent_figure_id == got["4.6亿元"].figure_id
    assert got["6所"].status == "planned" and got["4所"].status == "actual"  # 已建成: done


def test_a_tables_header_gives_its_columns_status():
    got = rows(TABLE)
    # 计划投资 and 年度任务 name targets: planned by the column; 实际完成 names progress: actual, even 完成年度任务的50%
    for span in ("4200万元", "6800万元", "2所", "45公里"):
        assert got[span].status == "planned" and "status:section" in got[span].inferred, span
    for span in ("1所", "50%", "39公里"):
        assert got[span].status == "actual" and "status" not in got[span].inferred, span


def test_a_progress_column_under_a_title_dated_jiezhi_is_as_of():
    got = rows(TABLE.replace("办理情况\n", "办理情况（截至10月底）\n", 1))
    for span in ("1所", "50%", "39公里"):  # the progress so far: 2023, as of (the title's date)
        assert meaning(got[span])[:3] == ("2023", "as_of", None), span
    for span in ("4200万元", "2所", "45公里"):  # the year's targets stay the year's
        assert meaning(got[span])[:3] == ("2023", "year", None), span
    assert meaning(rows(TABLE)["39公里"])[:3] == ("2023", "year", None)  # no 截至 in the title: the year


def test_a_header_planning_what_is_to_be_done_is_a_target_column():
    text = "某区2024年实事进展\n项目 | 计划完成投资（万元） | 实际完成投资（万元）\n幼儿园 | 1200万元 | 860万元\n"
    got = rows(text)
    assert got["1200万元"].status == "planned" and got["860万元"].status == "actual"


def test_a_publication_date_line_gives_a_work_report_no_delivery_year():
    got = rows("2024年青阳县政府工作报告\n发布时间：2025年1月2日\n过去一年，全县民生支出32.5亿元。\n"
               "今年，全县新建幼儿园3所。\n")
    assert got["32.5亿元"].period == "2023" and got["3所"].period == "2024"  # the title's 2024 is the delivery


def test_a_header_cell_of_both_kinds_or_a_line_outside_a_table_says_nothing():
    from minsheng.extraction.status import table_columns

    starts, rows_ = table_columns(TABLE, ("计划", "任务"), ("完成", "实际"))
    assert [TABLE[a:b].split(" | ")[0] for a, b, _ in rows_] == ["城区幼儿园", "农村公路"]  # the header is no row
    assert rows_[0][2] == ("", "target", "target", "progress", "")  # 计划完成时间: both kinds, nothing
    one_line = "全年计划新建幼儿园3所 | 已建成2所\n"  # a lone line with | is no table: its header would be itself
    assert table_columns(one_line, ("计划",), ("建成",)) == ([], [])


def test_a_plan_report_makes_every_figure_planned_but_what_was_done():
    got = rows("安平县2025年民生实事项目计划\n一、新建城区幼儿园2所。\n二、改造老旧小区12个，其中已开工3个。\n")
    assert meaning(got["2所"])[:3] == ("2025", "year", None)
    assert got["2所"].status == "planned" and got["2所"].inferred.endswith("status:document")
    assert got["12个"].status == "planned" and got["12个"].inferred.endswith("status:document")
    assert got["3个"].status == "actual" and "status" not in got["3个"].inferred



@pytest.mark.parametrize("span, want", [
    ("5.6万人", ("2026", "year", None, "actual", "")),
    ("4.2亿元", ("2026", "year", None, "actual", "")),
    ("11所", ("2026", "year", None, "actual", "period:section")),
    ("1.8万户", ("2022-2026", "span", None, "actual", "")),
    ("5.5%左右", ("2027", "year", None, "planned", "")),   # 今年 and 主要预期目标是： in its own sentence
    ("5万人以上", ("2027", "year", None, "planned", "")),
    ("8所", ("2027", "year", None, "planned", "period:section;status:section")),
    ("1200张", ("2027", "year", None, "planned", "period:section;status:section")),
])
def test_a_work_report_review_five_years_and_targets(span, want):
    assert meaning(rows(WORK_REPORT)[span]) == want


# --------------------------------------------------------------------------- inferred goal

def test_goal_from_the_heading_is_inferred():
    got = rows("某区2023年民生工作总结\n（一）养老服务\n新建站点12个，覆盖全部城市社区和建制村，实现服务网络全覆盖。\n")
    assert (got["12个"].goal, got["12个"].inferred) == ("elderly", "period:document;goal:heading")


def test_goal_from_another_clause_of_the_sentence_is_inferred():
    got = rows("某区2023年民生工作总结\n新建幼儿园3所，新增学位540个。\n")
    assert got["3所"].inferred == "period:document"  # its own clause names the school
    assert got["540个"].inferred == "period:document;goal:sentence"


# --------------------------------------------------------------------------- source, sentence, page

def test_source_parent_and_relation_on_every_row():
    df = figures_from_text("某区2023年民生工作总结\n新建幼儿园3所，其中公办2所。\n", "t")
    assert df["source"].tolist() == ["rule", "rule"]
    # 其中公办2所 is a part of 新建幼儿园3所
    assert df["parent_figure_id"].tolist() == ["", "F001"] and df["relation"].tolist() == ["", "part_of"]
    assert df["page"].isna().all()


def test_sentence_bounds_and_a_long_sentence_cut_around_its_figure():
    head = "某区2021年民生工作总结\n　　"
    body = "全区投入资金5亿元，" + "持续推进各项民生工作，" * 20 + "新建幼儿园3所。"
    text = head + body + "\r\n短句投入10万元。\n"
    assert len(body) == 238
    df = figures_from_text(text, "t")
    by = {r.text: r for r in df.itertuples(index=False)}
    ss, se = len(head), len(head) + 238  # the indentation is outside, the 。 inside
    for r in (by["5亿元"], by["3所"], by["10万元"]):
        assert len(r.sentence) <= 200
    assert (by["5亿元"].sentence_start, by["5亿元"].sentence_end) == (ss, se)
    # near the start: the window starts with the sentence and ends with …
    assert by["5亿元"].sentence == text[ss:ss + 198] + "…"
    # near the end: … then the last 198 characters
    assert by["3所"].sentence == "…" + text[se - 198:se]
    # a short sentence is whole, without the \r of its line end
    r = by["10万元"]
    assert r.sentence == "短句投入10万元。" == text[r.sentence_start:r.sentence_end]


def test_a_figure_in_the_middle_of_a_long_sentence_has_both_marks():
    body = "甲" * 150 + "投入资金5亿元" + "乙" * 150 + "。"
    text = "某区2021年民生工作总结\n" + body + "\n"
    r = figures_from_text(text, "t").iloc[0]
    start = text.index("5亿元")
    lo = (2 * start + 3) // 2 - 99
    assert r.sentence == "…" + text[lo:lo + 198] + "…" and len(r.sentence) == 200


def test_page_of_a_pdf_figure():
    report = read_report(FIXTURES / "formats" / "report.pdf")
    df = figures_table(report)
    assert report.page_starts == (0, 377)
    before = df[df["start"] < 377]
    after = df[df["start"] >= 377]
    assert set(before["page"]) == {1} and set(after["page"]) == {2} and len(after) > 0
    assert df["page"].notna().all()
    txt = figures_table(read_report(FIXTURES / "formats" / "report.txt"))
    assert txt["page"].isna().all()


def test_a_part_of_a_part_of_a_plan_is_planned():
    got = rows("某县2024年民生工程\n中学扩建项目计划总投资3.28亿元，其中区级财政资金1.15亿元（含专项债券0.5亿元）。\n")
    assert got["0.5亿元"].parent_figure_id == got["1.15亿元"].figure_id
    assert got["3.28亿元"].status == got["1.15亿元"].status == got["0.5亿元"].status == "planned"
