"""minsheng.reporting.headline (the headline in words) and the 亿元/万元 formatters of minsheng.formatting.

Expected numbers are worked out by hand from the committed dataset of the bundled report
(data/processed/yingquan_minsheng_2016_2020/) or from the tiny tables written here.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from conftest import ROOT, make_figures
from minsheng import io, schema
from minsheng.formatting import fmt_amount_zh, fmt_cny_en, fmt_cny_zh, fmt_percent
from minsheng.reporting.headline import Part, headline

DATASET = ROOT / "data" / "processed" / "yingquan_minsheng_2016_2020"


# --------------------------------------------------------------------------- formatting

@pytest.mark.parametrize("v, expected", [
    (5.793e9, "57.93亿元"),          # 5,793,000,000 / 1e8
    (866_236_200, "8.66亿元"),       # 8.662362 → 8.66
    (390_436_800, "3.9亿元"),        # 3.904368 → 3.90 → trailing zero dropped
    (1.38e9, "13.8亿元"),
    (89_208_200, "8,920.82万元"),    # under 1亿: in 万, with a thousands separator
    (99_999_999.9, "1亿元"),         # 9,999.9999999万 would round to 10,000万: written as 1亿
    (8275.714285, "8,275.71元"),
    (378.5, "378.5元"),
    (7368, "7,368元"),
    (-4.9e8, "-4.9亿元"),
    (None, "–"),
    (math.nan, "–"),
])
def test_fmt_cny_zh(v, expected):
    assert fmt_cny_zh(v) == expected


def test_fmt_amount_zh_takes_any_unit():
    assert fmt_amount_zh(700_000, "人") == "70万人"
    assert fmt_amount_zh(1633, "人") == "1,633人"
    assert fmt_amount_zh(123_456_789, "", digits=3) == "1.235亿"


@pytest.mark.parametrize("v, expected", [
    (5.793e9, "CNY 5.793 billion"),
    (866_236_200, "CNY 866.2 million"),
    (13_595_700, "CNY 13.6 million"),    # 13.5957 → four significant digits 13.60 → 13.6
    (999_960_000, "CNY 1 billion"),      # 999.96 million rounds to 1,000 million: one billion
    (8275.714285, "CNY 8,275.71"),
    (None, "–"),
])
def test_fmt_cny_en(v, expected):
    assert fmt_cny_en(v) == expected


@pytest.mark.parametrize("v, expected", [(0.1495315380631797, "15.0%"), (0.242805925538289, "24.3%"),
                                         (1.00622091492927, "100.6%"), (0.0, "0.0%"), (None, "–")])
def test_fmt_percent(v, expected):
    assert fmt_percent(v) == expected


# --------------------------------------------------------------------------- the bundled report

@pytest.fixture(scope="module")
def bundled():
    metrics = json.loads((DATASET / "metrics.json").read_text(encoding="utf-8"))
    tables = {n: io.read_table(DATASET / f"{n}.csv", n) for n in ("figures", "programs", "goals", "standards")}
    return headline(metrics, tables["figures"], tables["programs"], tables["goals"], tables["standards"])


def _by_key(sentences):
    return {s.key: s for s in sentences}


def _links(parts) -> list[tuple[str, str]]:
    return [(p.text, p.href) for p in parts if p.href]


def test_sentences_in_order(bundled):
    assert [s.key for s in bundled] == ["total", "itemised", "outside_scope", "population", "programs", "standards"]


def test_the_stated_total_with_its_period_and_figure(bundled):
    s = _by_key(bundled)["total"]
    assert s.zh_text == "2016-2020年，报告所述民生工程累计投入57.93亿元。"
    assert s.en_text == "Over 2016-2020 the report states CNY 5.793 billion of livelihood-project spending in all."
    # F002 is 拨付资金57.93亿元 in the report's first paragraph
    assert _links(s.zh) == [("57.93亿元", "#F002")] and _links(s.en) == [("CNY 5.793 billion", "#F002")]


def test_what_is_itemised_and_its_share(bundled):
    s = _by_key(bundled)["itemised"]
    # 390,436,800 + 475,799,400 = 866,236,200 of 5,793,000,000 = 14.95 %; the rest 4,926,763,800
    assert s.zh_text == ("其中按“七有”目标逐项列明的支出为8.66亿元（学有所教3.9亿元、弱有所扶4.76亿元），"
                         "占总投入的15.0%；其余49.27亿元报告未按目标列明。")
    assert "15.0% of the total" in s.en_text and "CNY 4.927 billion is not itemised" in s.en_text
    assert ("3.9亿元", "#row-goals-education") in _links(s.zh)
    assert ("15.0%", "#metric-itemised_share") in _links(s.zh)


def test_money_outside_the_scope_is_named_and_not_added(bundled):
    s = _by_key(bundled)["outside_scope"]
    assert _links(s.zh) == [("13.8亿元", "#F017")]  # 医疗卫生支出 13.8亿元, a budget total
    assert "未计入" in s.zh_text and "never added" in s.en_text


def test_spending_per_resident_is_an_upper_bound_where_the_population_is_a_minimum(bundled):
    s = _by_key(bundled)["population"]
    # 70多万 (more_than): 5,793,000,000 / 700,000 = 8,275.71; / 5 years = 1,655.14, both at most
    assert s.zh_text == "服务人口超过70万人，人均投入至多8,275.71元，每年至多1,655.14元（人口是下限，人均投入因此是上限）。"
    assert "at most CNY 8,275.71 per resident" in s.en_text and "upper bounds" in s.en_text
    assert _links(s.zh)[0] == ("超过70万人", "#F003")


def test_programmes_with_their_cost_per_recipient(bundled):
    s = _by_key(bundled)["programs"]
    assert len(s.items) == 6
    orphans = next(i for i in s.items if "孤儿" in "".join(p.text for p in i.zh))
    # F037 13,595,700 元 for F036 1,633 persons over 5 years: 1,665.12 a year if the same people every year,
    # 8,325.60 if the count adds up each year's recipients
    assert "".join(p.text for p in orphans.zh) == "孤儿生活保障补助：1,359.57万元，1,633人，每人每年1,665.12–8,325.6元"
    assert _links(orphans.zh) == [("1,359.57万元", "#F037"), ("1,633人", "#F036"),
                                  ("每人每年1,665.12–8,325.6元", "#row-programs-F037")]
    aid = next(i for i in s.items if "义务教育" in "".join(p.text for p in i.zh))
    # 89,208,200 / 400,000 person-times = 223.02 per person-time, never divided by years
    assert "".join(p.text for p in aid.zh).endswith("400,000人次，每人次223.02元")
    assert "每年" not in "".join(p.text for p in aid.zh)
    assert "人次是服务次数而非人数" in s.zh_text


def test_standards_with_growth_nominal_and_real(bundled):
    s = _by_key(bundled)["standards"]
    dibao = next(i for i in s.items if "农村低保" in "".join(p.text for p in i.zh))
    # (7368 / 3088.42) ** (1/4) - 1 = 24.28 %; deflated 21.52 %
    assert "".join(p.text for p in dibao.zh) == "农村低保保障标准每人每年由3,088.42元提高到7,368元（2016→2020年），名义年均增长24.3%，实际21.5%"
    assert _links(dibao.zh)[:2] == [("3,088.42元", "#F030"), ("7,368元", "#F031")]
    pension = next(i for i in s.items if "养老金" in "".join(p.text for p in i.zh))
    assert "由不低于10元提高到不低于162元" in "".join(p.text for p in pension.zh)  # floors stay floors
    assert "两点年均增长率" in s.zh_text and "two-point CAGRs" in s.en_text


def test_every_number_is_linked(bundled):
    import re

    for s in bundled:
        for parts in (s.zh, *(i.zh for i in s.items)):
            for p in parts:
                if not p.href:
                    # plain text holds no amount or share: years, counts of programmes and standards only
                    assert not re.search(r"\d[\d,.]*(?:亿元|万元|元|%)", p.text), (s.key, p.text)


# --------------------------------------------------------------------------- tiny reports

def _table(name: str, *rows: dict) -> pd.DataFrame:
    t = schema.table(name)
    full = [{c.name: r.get(c.name, math.nan if c.numeric else "") for c in t.columns} for r in rows]
    return schema.typed(pd.DataFrame(full, columns=t.names), t)


def _empty(name: str) -> pd.DataFrame:
    return schema.table(name).empty()


def _population_figures(qualifier: str) -> pd.DataFrame:
    return make_figures(
        {"figure_id": "F001", "value_norm": 2e8, "unit_norm": "CNY", "metric": "spending", "program": "民生工程",
         "goal": "overall", "period": "2020"},
        {"figure_id": "F002", "value_norm": 4e4, "unit_norm": "person", "metric": "population", "program": "",
         "goal": "overall", "period": "", "qualifier": qualifier})


@pytest.mark.parametrize("qualifier, per_resident", [
    ("exact", "人均投入5,000元"),          # 200,000,000 / 40,000
    ("less_than", "人均投入至少5,000元"),  # fewer than 40,000 people: at least 5,000 each
    ("approx", "人均投入约5,000元"),
])
def test_the_bound_follows_the_population_qualifier(qualifier, per_resident):
    figures = _population_figures(qualifier)
    metrics = {"total_spending_cny": 2e8, "population": 4e4, "spending_per_resident_cny": 5000.0,
               "spending_per_resident_year_cny": 5000.0}
    s = _by_key(headline(metrics, figures, _empty("programs"), _empty("goals"), _empty("standards")))["population"]
    assert per_resident in s.zh_text
    assert ("人均投入因此是下限" in s.zh_text) is (qualifier == "less_than")
    assert "人均投入因此是上限" not in s.zh_text


def test_items_exceeding_the_total_are_said_to_be_outside_it():
    figures = _population_figures("exact")
    goals = _table("goals", {"doc_id": "tiny", "goal": "health", "spending_cny": 3e8, "n_figures": 1,
                             "goal_zh": "病有所医", "goal_en": "health"})
    metrics = {"total_spending_cny": 2e8, "itemised_spending_cny": 3e8, "itemised_share": 1.5,
               "unitemised_cny": -1e8}
    s = _by_key(headline(metrics, figures, _empty("programs"), goals, _empty("standards")))["itemised"]
    assert "是总投入的150.0%，超出总投入1亿元" in s.zh_text and "not all part of the total" in s.en_text


def test_a_one_year_count_gives_one_cost_not_a_range():
    programs = _table("programs", {
        "doc_id": "tiny", "goal": "social_assistance", "program": "临时救助", "program_en": "temporary aid",
        "spending_cny": 1_000_000.0, "beneficiaries": 400.0, "beneficiary_unit": "person",
        "cny_per_beneficiary": 2500.0, "years": 1, "cny_per_beneficiary_year": 2500.0,
        "spending_figure_id": "F001", "beneficiaries_figure_id": "F002"})
    s = _by_key(headline({}, _empty("figures"), programs, _empty("goals"), _empty("standards")))["programs"]
    assert "".join(p.text for p in s.items[0].zh) == "临时救助：100万元，400人，每人2,500元"
    assert "区间" not in s.zh_text


def test_a_report_with_nothing_to_say_says_so():
    out = headline({"n_figures": 3}, _empty("figures"), _empty("programs"), _empty("goals"), _empty("standards"))
    assert [s.key for s in out] == ["nothing"]
    assert "共提取3个数字" in out[0].zh_text and "3 figure(s) extracted" in out[0].en_text


def test_parts_are_text_never_markup():
    figures = make_figures({"figure_id": "F001", "value_norm": 5e8, "unit_norm": "CNY", "metric": "spending",
                            "program": "<b>民生</b>", "goal": "overall", "period": "2020"})
    out = headline({"total_spending_cny": 5e8}, figures, _empty("programs"), _empty("goals"), _empty("standards"))
    assert all(isinstance(p, Part) for s in out for p in s.zh)
    assert out[0].zh_text == "2020年，报告所述民生工程累计投入5亿元。"


def test_implausible_standard_growth_is_flagged_in_the_headline(bundled_figures):
    from minsheng.analysis import standards
    from minsheng.reporting.headline import standards_sentence

    s = standards.standards_table(bundled_figures)
    sentence = standards_sentence(s)
    en = ["".join(p.text for p in item.en) for item in sentence.items]
    pension = [t for t in en if "pension" in t]
    assert len(pension) == 1 and "implausible growth" in pension[0]  # 不低于10 → 不低于162元: 100.6 % a year
    assert not any("implausible" in t for t in en if "pension" not in t)


def test_a_standard_without_its_base_year_says_so_and_never_prints_none():
    from minsheng.reporting.headline import standards_sentence

    s = _table("standards", {"doc_id": "a", "goal": "social_assistance", "program": "城市低保标准", "program_en": "urban dibao",
                             "unit_norm": "CNY/person/month", "final_year": 2023, "base_value": 720.0, "final_value": 760.0,
                             "ratio": 760 / 720, "base_figure_id": "F017", "final_figure_id": "F018",
                             "base_qualifier": "exact", "final_qualifier": "exact", "ratio_bound": "exact"})
    item = standards_sentence(s).items[0]
    zh, en = "".join(p.text for p in item.zh), "".join(p.text for p in item.en)
    assert zh == "城市低保标准每人每月由720元提高到760元（？→2023年），名义年均增长–（起止年份不全，无增长率）"
    assert "(?→2023)" in en and "a year is not stated: no growth rate" in en
    assert "None" not in zh + en and "nan" not in zh + en
