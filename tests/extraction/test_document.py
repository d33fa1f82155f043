"""The document-level reading (extraction/document.py) and the time phrases it reads (timewords.py).

Short texts written for these tests; every expected value worked out by hand from the rules.
"""

import pytest

from conftest import WORK_REPORT
from minsheng.extraction.document import read_document
from minsheng.extraction.find import shadow
from minsheng.extraction.lexicon import load
from minsheng.extraction.timewords import Frame, opening, phrases

LEX = load()


NO_FRAME = Frame()


def _phrases(text, frame=NO_FRAME, **kw):
    return [(text[t.start:t.end], t.period, t.kind, t.months) for t in phrases(shadow(text), 0, len(text), LEX, frame, **kw)]


# --------------------------------------------------------------------------- time phrases

@pytest.mark.parametrize("text, want", [
    ("2024年1-5月，", ("2024年1-5月", "2024", "part_year", 5)),
    ("1至10月份，", ("1至10月份", "", "part_year", 10)),
    ("上半年，", ("上半年", "", "part_year", 6)),
    ("前三季度，", ("前三季度", "", "part_year", 9)),
    ("一季度，", ("一季度", "", "part_year", 3)),
    ("2023年春季学期，", ("2023年春季学期", "2023", "part_year", 6)),
    ("截至11月底，", ("截至11月底", "", "as_of", None)),
    ("截止2022年10月末，", ("截止2022年10月末", "2022", "as_of", None)),
    ("2016年至2020年期间，", ("2016年至2020年", "2016-2020", "span", None)),
    ("“十四五”时期，", ("十四五", "2021-2025", "span", None)),
])
def test_each_time_phrase(text, want):
    assert _phrases(text)[0] == want


def test_a_month_range_that_runs_backwards_or_past_december_is_no_part_of_a_year():
    assert _phrases("5-1月，") == [] and _phrases("1-13月，") == []


def test_work_report_words_are_read_against_the_year_of_delivery():
    f = Frame(delivery=2027)
    assert _phrases("过去一年，", f) == [("过去一年", "2026", "year", None)]
    assert _phrases("过去五年，", f) == [("过去五年", "2022-2026", "span", None)]
    assert _phrases("今年，", f) == [("今年", "2027", "year", None)]
    assert _phrases("明年，", f) == [("明年", "2028", "year", None)]
    # without a year of delivery they say nothing
    assert _phrases("过去一年，") == [] and _phrases("过去五年，") == []


def test_span_and_year_words_need_the_report_to_declare_one():
    assert _phrases("五年来，", Frame(doc=(2016, 2020))) == [("五年来", "2016-2020", "span", None)]
    assert _phrases("五年来，", Frame(doc=(2020, 2020))) == []  # an annual report: five years of what?
    assert _phrases("全年，", Frame(doc=(2020, 2020))) == [("全年", "2020", "year", None)]
    assert _phrases("全年，", Frame(doc=(2016, 2020))) == [("全年", "", "year", None)]  # one year, unknown
    assert _phrases("累计，", Frame(doc=(2016, 2020))) == []  # 累计 is no period word


def test_a_date_is_a_year_in_a_sentence_but_not_in_a_title_or_opening():
    assert _phrases("2024年1月10日") == [("2024年", "2024", "year", None)]
    assert _phrases("2024年1月10日", dates=False) == []
    sh = "2024年1月10日，召开大会。"
    assert opening(sh, 0, len(sh), LEX) is None


def test_an_opening_phrase_stands_first_after_indentation_and_a_list_mark():
    sh = "　　一是2019年，全镇完成任务。"
    t = opening(sh, 0, len(sh), LEX)
    assert (sh[t.start:t.end], t.period) == ("2019年", "2019")
    sh = "全镇2019年完成任务。"
    assert opening(sh, 0, len(sh), LEX) is None


# --------------------------------------------------------------------------- the report as a whole

def test_an_annual_report_whose_year_is_only_in_its_title():
    d = read_document("青禾县2022年民生工程实施情况\n全县实施民生工程30项，投入资金6.5亿元。\n一、教育\n新建幼儿园4所。\n", LEX)
    assert (d.title, d.period, d.period_kind, d.report_kind, d.period_from) == (
        "青禾县2022年民生工程实施情况", "2022", "year", "annual", "title")
    assert d.delivery_year is None and not d.work_report and d.sections == ()


def test_a_multi_year_review_whose_span_is_only_in_its_opening():
    text = "石门区民生工作回顾\n2018年至2022年期间，全区累计投入民生资金80亿元。\n各镇新建养老服务站42个。\n"
    d = read_document(text, LEX)
    assert (d.title, d.period, d.period_kind, d.report_kind, d.period_from) == (
        "石门区民生工作回顾", "2018-2022", "span", "multi_year", "opening")
    # the opening paragraph is also a section of its own time; the second paragraph is none
    (s,) = d.sections
    assert (text[s.start:s.end], s.period, s.by) == ("2018年至2022年期间，全区累计投入民生资金80亿元。", "2018-2022", "paragraph")


def test_a_part_year_report():
    d = read_document("河湾市2024年1-5月民生实事推进情况\n各项目完成投资3.2亿元。\n", LEX)
    assert (d.period, d.period_kind, d.months, d.report_kind) == ("2024", "part_year", 5, "part_year")


def test_a_bracket_heading_gives_the_period_where_the_title_does_not():
    d = read_document("民生快讯\n【2021年民生工程】\n全市投入资金9亿元。\n", LEX)
    assert (d.period, d.period_from) == ("2021", "bracket_heading")


def test_a_date_line_never_gives_the_period():
    d = read_document("某镇民生工作简报\n某镇党政办　　2023年12月8日\n全镇投入资金900万元。\n", LEX)
    assert (d.period, d.period_kind, d.report_kind) == ("", "", "")


def test_a_plan_list():
    d = read_document("安平县2025年民生实事项目计划\n一、新建城区幼儿园2所。\n", LEX)
    assert (d.period, d.report_kind) == ("2025", "plan")
    # a report of results is no plan, even where its title names the plan
    d = read_document("安平县2025年民生实事计划完成情况\n全部完成。\n", LEX)
    assert d.report_kind == "annual"



def test_a_work_report_its_delivery_year_and_sections():
    text = WORK_REPORT
    d = read_document(text, LEX)
    assert (d.title, d.work_report, d.delivery_year) == ("云岭市人民政府工作报告", True, 2027)
    assert (d.period, d.report_kind) == ("", "")  # its times are its sections'
    got = {(s.by, text[s.start:s.end].split("\n")[0], s.period, s.targets) for s in d.sections}
    review, plan = text.index("一、过去一年"), text.index("二、2027年")
    assert got == {
        ("heading", "一、过去一年和过去五年工作回顾", "2026", False),
        ("paragraph", "过去一年，全市城镇新增就业5.6万人，发放城乡低保金4.2亿元。", "2026", False),
        ("run", "过去一年，全市城镇新增就业5.6万人，发放城乡低保金4.2亿元。", "2026", False),
        ("paragraph", "过去五年，累计改造农村危房1.8万户。", "2022-2026", False),
        ("run", "过去五年，累计改造农村危房1.8万户。", "2022-2026", False),  # up to the next heading with a time
        ("heading", "二、2027年工作安排", "2027", True),
        ("paragraph", text.splitlines()[8], "2027", True),
        ("run", text.splitlines()[8], "2027", True),
    }
    by = {(s.by, s.period): s for s in d.sections}
    # the past year's run ends where the five years open; the heading's section where the next one starts
    assert by[("run", "2026")].end == text.index("过去五年，")
    assert by[("heading", "2026")].start == review and by[("heading", "2026")].end == plan
    assert by[("run", "2027")].end == len(text)


def test_sections_at_gives_the_innermost_first():
    d = read_document(WORK_REPORT, LEX)
    pos = WORK_REPORT.index("11所")
    assert [(s.by, s.period) for s in d.sections_at(pos)] == [("run", "2026"), ("heading", "2026")]
    idx = d.index()
    assert idx.period_at(pos).by == "run" and idx.status_at(WORK_REPORT.index("8所")).targets


def test_an_empty_text():
    assert read_document("", LEX).title == "" and read_document("\n\n", LEX).sections == ()


BUDGET_REPORT = """关于青川县2022年财政预算执行情况和2023年财政预算草案的报告
——2023年1月9日在青川县第十八届人民代表大会第二次会议上
青川县财政局局长　李明

一、2022年财政预算执行情况
全县一般公共预算支出完成31.6亿元，其中民生支出25.2亿元。

二、民生支出情况
全年安排城乡低保资金1.1亿元，发放特困人员供养资金3600万元。

三、2023年预算草案
一般公共预算支出拟安排30.8亿元。
"""


def test_a_budget_report_delivered_at_the_congress_reports_on_the_year_of_its_title():
    """The meeting line gives the delivery (2023), not the title's first year; the title's 2022 ends before it,
    so it is the report's period, and the 2022 section reports results (no targets) while 2023's sets them."""
    d = read_document(BUDGET_REPORT, LEX)
    assert (d.work_report, d.delivery_year) == (True, 2023)
    assert (d.period, d.period_kind, d.period_from, d.report_kind) == ("2022", "year", "title", "annual")
    heads = {s.heading: (s.period, s.targets) for s in d.sections if s.by == "heading"}
    assert heads == {"一、2022年财政预算执行情况": ("2022", False), "三、2023年预算草案": ("2023", True)}


def test_a_work_report_titled_with_its_year_of_delivery_keeps_no_period_of_its_own():
    text = WORK_REPORT.replace("云岭市人民政府工作报告", "2027年云岭市人民政府工作报告", 1)
    d = read_document(text, LEX)
    assert (d.work_report, d.delivery_year, d.period) == (True, 2027, "")


def test_a_report_delivered_at_the_congress_in_the_year_its_title_names_takes_no_period_from_it():
    text = BUDGET_REPORT.replace("2022年财政预算执行情况和", "", 1)
    d = read_document(text, LEX)  # 关于青川县2023年财政预算草案的报告, delivered in 2023: not a year before it
    assert (d.title, d.delivery_year, d.period) == ("关于青川县2023年财政预算草案的报告", 2023, "")
