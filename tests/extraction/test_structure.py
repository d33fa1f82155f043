"""minsheng.extraction.structure: parts (part_of) and restatements (same_as).

Short texts written for this test; each expected parent was worked out by hand from the
contract (a part of an earlier total of the same unit, introduced by 其中 / 含 / 包括 or a
分别 list after a 共 / 合计 / 总计 total; the same quantity stated again). Link only when sure.
"""

from __future__ import annotations

import time

import pandas as pd

from minsheng.extraction.clean import figures_from_text
from minsheng.extraction.structure import link_structure


def links(text: str) -> dict:
    """``{figure text: (parent's text, relation)}`` (``("", "")`` for none)."""
    df = figures_from_text(text, "t")
    st = link_structure(text, df)
    assert st["figure_id"].tolist() == df["figure_id"].tolist()
    text_of = dict(zip(df["figure_id"], df["text"]))
    out = {}
    for t, p, r in zip(df["text"], st["parent_figure_id"], st["relation"]):
        assert (p == "") == (r == "")  # both empty or both filled
        out.setdefault(t, (text_of.get(p, ""), r))
    return out


def test_qizhong_breakdown_of_money_and_of_people():
    got = links("全年累计投入资金28.46亿元（其中中央和省级资金17.92亿元），惠及群众5万人，其中困难群众1.2万人。")
    assert got["17.92亿元"] == ("28.46亿元", "part_of")
    assert got["1.2万人"] == ("5万人", "part_of")   # the total of its own unit, not the money
    assert got["28.46亿元"] == ("", "")
    assert got["5万人"] == ("", "")


def test_several_parts_link_to_the_total_never_to_another_part():
    got = links("发放各类救助资金3亿元；其中城市低保2亿元、农村低保0.5亿元。")
    assert got["2亿元"] == ("3亿元", "part_of")
    assert got["0.5亿元"] == ("3亿元", "part_of")


def test_han_and_baokuo_open_a_breakdown_only_at_a_clause_or_bracket():
    got = links("到位资金4865.3万元（含省级资金1200万元）。")
    assert got["1200万元"] == ("4865.3万元", "part_of")
    got = links("改造老旧小区42个，包括城中村小区12个。")
    assert got["12个"] == ("42个", "part_of")
    got = links("投入资金500万元，提升产品含金量120万元。")   # 含 inside a word
    assert got["120万元"] == ("", "")


def test_a_fenbie_list_after_a_marked_total():
    got = links("全年共投入资金3亿元，分别用于城市低保1.2亿元、农村低保1.5亿元。")
    assert got["1.2亿元"] == ("3亿元", "part_of")
    assert got["1.5亿元"] == ("3亿元", "part_of")


def test_a_fenbie_list_without_a_total_or_with_parts_above_it_is_not_linked():
    got = links("城乡居民人均可支配收入分别达到52316元和28904元。")
    assert set(got.values()) == {("", "")}
    got = links("投入资金3亿元，分别用于城市1.2亿元、农村1.5亿元。")   # no 共/合计 before the total
    assert set(got.values()) == {("", "")}
    got = links("共建成养老机构15个，分别为城区5个、农村12个。")       # 5 + 12 > 15: not sure
    assert set(got.values()) == {("", "")}


def test_no_part_across_a_semicolon_or_of_another_unit():
    got = links("资助学生3.8万人次，其中发放资助资金4562.3万元。")   # 万元 is no part of 人次
    assert got["4562.3万元"] == ("", "")
    got = links("新建幼儿园9所，其中城区4所；新增学位2700个。")
    assert got["4所"] == ("9所", "part_of")
    assert got["2700个"] == ("", "")
    got = links("全市学校覆盖率98%，其中农村95%。")                 # rates are no parts
    assert got["95%"] == ("", "")


def test_a_sentence_opening_with_qizhong_breaks_down_the_total_of_the_sentence_before():
    text = ("全年卫生健康支出8.4亿元，增长6.1%。其中：公立医院补助2.6亿元；基本公共卫生服务补助1.1亿元（含"
            "家庭医生签约服务0.3亿元）；医疗救助资金0.9亿元。")
    got = links(text)
    # the ； only divide the list 其中： opens; the 含 bracket breaks down the figure before it, itself a part
    assert got["2.6亿元"] == got["1.1亿元"] == got["0.9亿元"] == ("8.4亿元", "part_of")
    assert got["0.3亿元"] == ("1.1亿元", "part_of")
    assert got["8.4亿元"] == got["6.1%"] == ("", "")


def test_qizhong_after_a_line_break_or_with_parts_above_the_total_is_not_linked():
    got = links("全年投入民生资金5亿元。\n其中：教育资金2亿元。")  # a new paragraph: not sure what it breaks down
    assert got["2亿元"] == ("", "")
    got = links("全年投入民生资金5亿元。其中：教育资金3亿元；医疗资金2.5亿元。")  # 3 + 2.5 > 5
    assert set(got.values()) == {("", "")}
    got = links("新建幼儿园9所。其中城区4所；新增学位2700个。")  # no colon: the ； still ends its scope
    assert got["4所"] == ("9所", "part_of") and got["2700个"] == ("", "")


def test_a_headline_restated_in_the_body_is_same_as():
    text = ("2023年，全市民生工程累计投入资金28.46亿元。\n"
            "一、兜底保障\n"
            "2023年，全市民生工程累计投入资金28.46亿元，其中兜底保障资金6.2亿元。\n")
    got = links(text)
    df = figures_from_text(text, "t")
    st = link_structure(text, df)
    assert st["relation"].tolist() == ["", "same_as", "part_of"]
    assert st["parent_figure_id"].tolist() == ["", "F001", "F002"]  # the part's parent is the total of its sentence
    assert got["6.2亿元"] == ("28.46亿元", "part_of")


def test_equal_numbers_of_different_things_are_not_same_as():
    text = "2023年，新建幼儿园5所。\n2023年，改造敬老院5所。\n2022年，全市投入资金28.46亿元。\n2023年，全市投入资金28.46亿元。\n"
    st = link_structure(text, figures_from_text(text, "t"))
    assert st["relation"].tolist() == ["", "", "", ""]  # other goal; other period


def test_same_program_restated_is_same_as_even_with_a_round_number():
    text = "2023年，新建公办幼儿园5所。\n全年来看，2023年新建公办幼儿园5所。\n"
    st = link_structure(text, figures_from_text(text, "t"))
    assert st["relation"].tolist() == ["", "same_as"]


def test_empty_table_and_deterministic_output():
    assert link_structure("没有数字。", figures_from_text("没有数字。", "t")).empty
    text = "全年累计投入资金28.46亿元（其中中央和省级资金17.92亿元）。"
    df = figures_from_text(text, "t")
    pd.testing.assert_frame_equal(link_structure(text, df), link_structure(text, df))


def test_linear_on_one_long_line_with_many_parts_and_repeats():
    def line(n):
        return "；".join(f"项目{i}共投入资金{i % 7 + 10}万元，其中省级资金{i % 7 + 1}万元" for i in range(n)) + "。\n"

    def seconds(n):
        text = line(n)
        df = figures_from_text(text, "t")
        t0 = time.perf_counter()
        st = link_structure(text, df)
        spent = time.perf_counter() - t0
        assert (st["relation"] == "part_of").sum() == n
        return spent

    small, big = seconds(2_000), seconds(16_000)
    assert big < 30 * max(small, 0.01)  # 8x the figures: linear would be ~8x; quadratic ~64x


def test_a_qizhong_sentence_takes_no_total_of_another_kind_from_the_sentence_before():
    got = links("全县累计投入扶贫资金3.5亿元，带动贫困户增收1.2亿元。其中，产业扶贫资金1.1亿元。")
    assert got["1.1亿元"] == ("3.5亿元", "part_of")  # not the income gain (metric other) just before it


def test_many_bracketed_parts_stay_linear():
    """Every figure used to walk back over every closed （含…） before it: 20,000 parts took 103 s."""
    def text(n):
        return "全县投入资金9000亿元，其中" + "，".join(f"项目{i}资金{i % 9 + 1}万元（含中央{i % 5 + 1}千元）"
                                               for i in range(n)) + "。"
    t0 = time.perf_counter()
    links(text(1000))
    small = time.perf_counter() - t0
    t0 = time.perf_counter()
    got = links(text(8000))
    big = time.perf_counter() - t0
    assert big < 8 * small * 3 + 1.0, (small, big)  # 8× the figures: about 8× the time, never 64×
    assert got["1万元"] == ("9000亿元", "part_of") and got["1千元"] == ("1万元", "part_of")


def test_a_part_cue_after_a_part_breaks_down_that_part():
    # worked out by hand: 51.8 is a part of 63.2 (其中); 包括 after it lists the parts of 51.8 (13.1 + 15.6 + 8.2 = 36.9)
    got = links("一般公共预算支出安排63.2亿元，其中民生支出拟安排51.8亿元，包括教育支出13.1亿元、社会保障和就业支出15.6亿元、"
                "卫生健康支出8.2亿元。")
    assert got["51.8亿元"] == ("63.2亿元", "part_of")
    for part in ("13.1亿元", "15.6亿元", "8.2亿元"):
        assert got[part] == ("51.8亿元", "part_of")
    assert got["63.2亿元"] == ("", "")


def test_qizhong_breaks_down_the_figure_just_before_it_not_a_total_beyond_another_unit():
    got = links("发放城乡低保资金6720万元、特困人员救助供养金2470万元；实施临时救助3150人次，其中急难型临时救助420人次，"
                "发放临时救助金386.5万元。")
    assert got["420人次"] == ("3150人次", "part_of")
    assert got["386.5万元"] == ("", "")  # not a part of 2470万元: 3150人次 stands between, and 其中 breaks that down


def test_qizhong_after_a_count_of_projects_still_breaks_down_the_money():
    got = links("全县统筹各级资金7.36亿元实施36项民生工程，其中县级配套资金2.08亿元，已全部拨付到位。")
    assert got["2.08亿元"] == ("7.36亿元", "part_of")  # 其中 names money: the 36项 between is no total of it


def test_a_qizhong_list_keeps_its_parts_when_it_runs_on_into_another_kind_of_money():
    # 带动社会投资10亿元 is investment mobilised (metric other), no part of the funds spent: 2.08 + 3.1 ≤ 7.36
    got = links("全县统筹各级资金7.36亿元实施民生工程，其中：县级配套资金2.08亿元；省级补助资金3.1亿元；带动社会投资10亿元。")
    assert got["2.08亿元"] == ("7.36亿元", "part_of") and got["3.1亿元"] == ("7.36亿元", "part_of")
    assert got["10亿元"] == ("", "")
