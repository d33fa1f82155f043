"""minsheng.extraction.classify: sentences, headings, the declared span, and each figure's context.

The texts are short and hand-written; every expected goal, metric, period and program
follows from the rules of the README ("How figures are found and classified") and the
package lexicons (e.g. 农村低保 → social_assistance in programs.csv, 幼儿园 → early_childhood
and 农民工 → employment in goal_keywords.csv).
"""

from __future__ import annotations

import pytest

from minsheng.extraction.classify import classify, declared_span, headings, sentences
from minsheng.extraction.find import find_figures
from minsheng.extraction.lexicon import load

LEX = load()

REVIEW = (
    "某区“十三五”民生工程工作总结\n"
    "五年来，累计发放农村低保金1000万元，受益低保对象500人。\n"
    "2019年，新建幼儿园3所。\n"
    "城乡低保标准由2016年每人每年3000元提高到5000元。\n"
    "2018年以来，培训农民工1200人，全区生产总值达到612.8亿元，城乡居民医保参保率达到97.3%。\n"
)


def contexts(text: str) -> dict:
    """``{figure text: (Figure, Context)}`` of ``text`` (the texts below repeat no figure)."""
    figs = find_figures(text, LEX)
    ctxs = classify(text, figs, LEX)
    assert len(ctxs) == len(figs)
    out = {f.text: (f, c) for f, c in zip(figs, ctxs)}
    assert len(out) == len(figs)
    return out


# --------------------------------------------------------------------------- structure

def test_sentences_end_at_marks_and_line_ends():
    text = "第一句。第二句！第三句？\n尾巴"
    spans = sentences(text)
    # 第一句。 is [0, 4), 第二句！ [4, 8), 第三句？ [8, 12), the line end alone [12, 13), 尾巴 [13, 15)
    assert spans == [(0, 4), (4, 8), (8, 12), (12, 13), (13, 15)]
    assert "".join(text[a:b] for a, b in spans) == text


def test_a_comma_does_not_end_a_sentence():
    assert sentences("累计投入10亿元，惠及500人。") == [(0, 16)]


def test_headings_are_marked_or_short_lines():
    text = (
        "★ 一、学前教育扩容提质\n"                       # a list marker: [0, 13)
        "这是一段很长的正文，第一句说明情况。第二句继续说明，直到这一行超过三十个字为止。\n"  # 。 inside: no heading
        "（二）弱有所扶\n"
        "一、加强弱有所扶，提升保障水平。正文接着写下去。\n"  # a heading opening a paragraph: its first sentence
    )
    second = text.index("（二）")
    third = text.index("一、加强")
    assert headings(text) == [
        (0, "★ 一、学前教育扩容提质"),
        (second, "（二）弱有所扶"),
        (third, "一、加强弱有所扶，提升保障水平"),
    ]


@pytest.mark.parametrize("text, span", [
    ("颍泉区“十三五”民生工程情况总结\n正文。", (2016, 2020)),       # a plan label in the opening
    ("某区2016-2020年民生工程总结\n正文。", (2016, 2020)),
    ("2016年至2020年民生工程总结\n正文。", (2016, 2020)),
    ("柳湾镇2023年民生工程实施情况简报\n正文。", (2023, 2023)),     # a single year in the title: annual
    ("某区民生工程简报\n2023年，全镇完成任务。", None),             # a year below the title is no declaration
    ("《2019年工作方案》执行情况\n正文。", None),                   # a year inside 《》 is a title's
])
def test_declared_span(text, span):
    assert declared_span(text, LEX) == span


# --------------------------------------------------------------------------- contexts

def test_spending_and_its_beneficiaries_over_the_declared_span():
    c = contexts(REVIEW)
    _, money = c["1000万元"]
    assert (money.metric, money.goal, money.period) == ("spending", "social_assistance", "2016-2020")
    assert money.program == "农村低保金"  # 累计 and 发放 are dropped from the clause's words
    assert money.sentence == "五年来，累计发放农村低保金1000万元，受益低保对象500人。"
    _, people = c["500人"]
    # 受益… continues the item before it: same program; persons who received it are beneficiaries
    assert (people.metric, people.goal, people.period) == ("beneficiaries", "social_assistance", "2016-2020")
    assert people.program == "农村低保金"
    assert people.sentence == money.sentence


def test_a_built_count_in_a_dated_sentence():
    _, c = contexts(REVIEW)["3所"]
    assert (c.metric, c.goal, c.period, c.program) == ("output", "early_childhood", "2019", "新建幼儿园")


def test_a_from_to_pair_of_a_standard():
    c = contexts(REVIEW)
    figs = find_figures(REVIEW, LEX)
    i_from = [f.text for f in figs].index("每人每年3000元")
    i_to = [f.text for f in figs].index("5000元")
    f_from, frm = c["每人每年3000元"]
    _, to = c["5000元"]
    assert f_from.unit_norm == "CNY/person/year"
    assert (frm.pair_role, frm.pair_index, frm.metric, frm.period) == ("from", i_to, "standard", "2016")
    # the to-figure takes the from-figure's basis and program; no year after 提高到, so the span's last year
    assert (to.pair_role, to.pair_index, to.metric, to.period) == ("to", i_from, "standard", "2020")
    assert to.unit_norm == "CNY/person/year"
    assert to.program == frm.program == "城乡低保标准"
    assert to.goal == frm.goal == "social_assistance"


def test_training_is_output_income_is_not_spending_a_percent_is_a_rate():
    c = contexts(REVIEW)
    _, trained = c["1200人"]
    assert (trained.metric, trained.goal, trained.period) == ("output", "employment", "2018-2020")  # 以来 → to 2020
    _, gdp = c["612.8亿元"]
    assert gdp.metric == "other" and gdp.goal == "other"  # 生产总值 is money, but not spent
    _, rate = c["97.3%"]
    assert rate.metric == "rate"


def test_fiscal_resources_available_are_money_not_spent():
    c = contexts("某县2023年财政预算执行情况\n加上上级补助收入等，全县可用财力48.2亿元。全县综合财力53.6亿元。"
                 "全年安排民生工程资金9.1亿元。\n")
    assert [(c[k][1].metric, c[k][1].goal) for k in ("48.2亿元", "53.6亿元")] == [("other", "other")] * 2
    assert c["9.1亿元"][1].metric == "spending"


def test_everyone_of_a_place_is_the_population():
    _, c = contexts("某区民生工程总结\n民生工程惠及全区70多万城乡居民，群众满意度明显提升，各项工作走在全市前列，获得上级充分肯定。\n")["70多万城乡居民"]
    assert (c.metric, c.goal) == ("population", "overall")


def test_a_part_takes_the_goal_of_its_whole_unless_it_names_its_own():
    text = "某区“十三五”民生工程总结\n五年来，累计投入民生工程资金10亿元，其中用于农村低保3亿元。\n"
    c = contexts(text)
    _, whole = c["10亿元"]
    _, part = c["3亿元"]
    assert (whole.goal, whole.metric) == ("overall", "spending")
    # 其中…: a part of the figure before (same unit) naming a goal of its own (农村低保: social assistance) keeps it
    assert (part.goal, part.metric) == ("social_assistance", "spending")
    # a part by source of funds (中央资金) names no goal: the whole's
    _, source = contexts("某区“十三五”民生工程总结\n五年来，累计投入民生工程资金10亿元，其中中央资金3亿元。\n")["3亿元"]
    assert (source.goal, source.metric) == ("overall", "spending")


def test_an_annual_report_gives_its_year_to_quannian():
    _, c = contexts("柳湾镇2023年民生工程简报\n全年发放低保金542.6万元。\n")["542.6万元"]
    assert (c.period, c.program, c.goal, c.metric) == ("2023", "低保金", "social_assistance", "spending")


def test_quannian_in_a_multi_year_report_gives_no_period():
    _, c = contexts("某区2016-2020年民生工程总结\n全年发放低保金50万元。\n")["50万元"]
    assert c.period == ""


def test_a_plan_label_gives_its_years_without_a_declared_span():
    _, c = contexts("某区民生工作总结\n“十三五”期间，累计发放低保金80万元。\n")["80万元"]
    assert c.period == "2016-2020"


def test_the_heading_gives_the_goal_where_the_text_names_none():
    text = ("某区民生工程总结\n★ 二、特困人员供养\n"
            "全年支出资金20万元，用于对象的基本生活，确保按时足额发放到位，做到应发尽发、应保尽保。\n")
    _, c = contexts(text)["20万元"]
    assert (c.goal, c.metric) == ("social_assistance", "spending")  # 特困 of the ★ heading


def test_no_keyword_anywhere_is_other():
    _, c = contexts("某区工作总结\n新修边沟12条，全部按期完成，质量达到设计要求，群众反映良好，受到一致好评。\n")["12条"]
    assert c.goal == "other" and c.metric == "output"


def test_schools_of_several_levels_are_education_and_pre_school_alone_early_childhood():
    c = contexts("某市2024年民生实事完成情况\n新建、改扩建中小学和幼儿园18所，新增学前教育学位960个，新建幼儿园4所。\n")
    assert c["18所"][1].goal == "education"          # 中小学 and 幼儿园: schools in general
    assert c["960个"][1].goal == "early_childhood"   # 学前教育: its 教育 names nothing of its own
    assert c["4所"][1].goal == "early_childhood"


def test_livelihood_money_is_overall_and_income_growth_other():
    c = contexts("某市2024年政府工作报告\n过去五年，累计投入民生资金486亿元，年均增长6.2%；"
                 "城乡居民人均可支配收入增长5.9%，高于经济增速0.3个百分点。\n")
    assert (c["486亿元"][1].goal, c["486亿元"][1].metric) == ("overall", "spending")
    assert c["6.2%"][1].goal == c["5.9%"][1].goal == c["0.3个百分点"][1].goal == "other"
    c = contexts("某县2023年民生工程实施情况\n全年拨付教育民生资金2.3亿元，拨付卫生健康民生资金1.1亿元。\n")
    assert c["2.3亿元"][1].goal == "education" and c["1.1亿元"][1].goal == "health"  # the goal's words win


def test_a_table_cells_program_stops_at_the_cell():
    c = contexts("某区2024年实事进展\n项目 | 年度目标 | 牵头单位\n学前教育 | 新增学前教育学位600个 | 区教育局\n")
    assert c["600个"][1].program == "新增学前教育学位" and c["600个"][1].goal == "early_childhood"


def test_pre_school_education_and_a_total_of_several_goals():
    c = contexts("某县2024年民生实事\n下达普惠性幼儿园教育补助资金800万元，发放幼儿教育资助资金300万元。"
                 "全年用于教育、医疗、养老等方面的民生支出达32亿元。\n")
    assert c["800万元"][1].goal == c["300万元"][1].goal == "early_childhood"  # 教育 alone names no school level
    assert c["32亿元"][1].goal == "overall"  # the words of several goals list what the total covers
