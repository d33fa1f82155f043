"""The meaning rules of the data contract ("How a figure's meaning is judged"): metric, goal, qualifier.

Each text is short and written for this test in the style of the kinds of report minsheng
reads (news releases, 民生工程 / 民生实事 summaries, budget passages, 政府工作报告, 实事 tables).
Every expected value was worked out by hand from the contract's rules; each rule has
negative cases, where it must not fire.
"""

from __future__ import annotations

import pytest

from minsheng.extraction.clean import figures_from_text
from minsheng.extraction.find import find_figures


def table(text: str) -> dict:
    """``{figure text: row}``; the texts below repeat no figure text."""
    df = figures_from_text(text, "t")
    rows = {r["text"]: r for r in df.to_dict("records")}
    assert len(rows) == len(df), list(df["text"])
    return rows


def field(text: str, figure: str, name: str) -> str:
    rows = table(text)
    assert figure in rows, (figure, list(rows))
    return rows[figure][name]


# --------------------------------------------------------------------------- metric: money not spent

@pytest.mark.parametrize("text, figure", [
    ("全年发放创业担保贷款1.86亿元，扶持创业1200人。", "1.86亿元"),
    ("为脱贫户发放小额信贷6500万元。", "6500万元"),
    ("发放贴息贷款2.4亿元，支持家庭农场发展。", "2.4亿元"),
    ("通过产业帮扶带动脱贫户增收1.5亿元。", "1.5亿元"),
    ("全县农村劳动力转移就业实现劳务收入32亿元。", "32亿元"),
    ("落实各项减税降费政策，为企业减负2.3亿元。", "2.3亿元"),
    ("全市实现地区生产总值612.8亿元，增长6.3%。", "612.8亿元"),
    ("全县可用财力3.2亿元，增长5%。", "3.2亿元"),            # resources available, put to no stated use
])
def test_money_not_spent_on_the_programme_is_other(text, figure):
    assert field(text, figure, "metric") == "other"


@pytest.mark.parametrize("text, figure", [
    ("拨付创业担保贷款贴息资金320万元。", "320万元"),     # interest paid on loans is money spent
    ("发放农村危房改造补助资金2160万元。", "2160万元"),
    ("投入资金3亿元，带动群众增收。", "3亿元"),            # 增收 after the amount says nothing of it
    ("统筹可用财力3.2亿元用于民生实事。", "3.2亿元"),       # resources put to a use are spent on it
])
def test_money_paid_stays_spending(text, figure):
    assert field(text, figure, "metric") == "spending"


# --------------------------------------------------------------------------- metric: output and recipients

@pytest.mark.parametrize("text, figure", [
    ("全年城镇新增就业2.14万人，完成目标的107%。", "2.14万人"),
    ("帮助城乡就业困难人员再就业3860人。", "3860人"),
    ("开展农民工职业技能培训5200人次。", "5200人次"),
    ("完成农村危房改造635户。", "635户"),
    ("受理城乡低保申请1860件，审核通过低保申请家庭1210户。", "1210户"),
    ("受理城乡低保申请1860件，审核通过低保申请家庭1210户。", "1860件"),
])
def test_done_trained_hired_handled_is_output(text, figure):
    assert field(text, figure, "metric") == "output"


@pytest.mark.parametrize("text, figure", [
    ("发放培训补贴320万元、培训农民工3200人。", "3200人"),     # the money paid for them in the clause
    ("享受职业培训补贴的劳动者4100人。", "4100人"),
    ("为1633名孤儿发放基本生活费1359.57万元。", "1633名"),
    ("临时救助困难群众7601人次。", "7601人次"),
])
def test_who_received_money_or_a_service_are_beneficiaries(text, figure):
    assert field(text, figure, "metric") == "beneficiaries"


# --------------------------------------------------------------------------- metric: population and other

@pytest.mark.parametrize("text, figure", [
    ("城乡居民医保参保人数达到58.2万人。", "58.2万人"),
    ("全县新农合参合农民41万人，参合率99%。", "41万人"),
    ("2023年，全市33项民生工程惠及186万城乡居民。", "186万城乡居民"),
    ("全区共有持证残疾人1.2万人。", "1.2万人"),
])
def test_the_insured_everyone_and_a_whole_group_are_population(text, figure):
    assert field(text, figure, "metric") == "population"


@pytest.mark.parametrize("text, figure", [
    ("为3200名困难群众代缴城乡居民医保参保费用。", "3200名"),   # paid for: recipients
    ("为全县12.5万名65岁以上老年人提供免费健康体检。", "12.5万名"),  # a service received
])
def test_insured_or_a_place_word_alone_does_not_make_population(text, figure):
    assert field(text, figure, "metric") == "beneficiaries"


@pytest.mark.parametrize("text, figure", [
    ("全区现有乡村医生320名。", "320名"),
    ("全县现有养老机构15家。", "15家"),
    ("年末城镇登记失业人员8200人。", "8200人"),
    ("今年农村危房改造目标任务1200户。", "1200户"),
    ("距年度目标还差120户。", "120户"),
    ("城区学位缺口3000个。", "3000个"),
])
def test_stocks_registered_unemployed_targets_and_gaps_are_other(text, figure):
    assert field(text, figure, "metric") == "other"


def test_a_plan_of_a_thing_keeps_the_things_metric():
    rows = table("计划新建幼儿园5所，力争新增就业5万人。")
    assert rows["5所"]["metric"] == "output"
    assert rows["5万人"]["metric"] == "output"


# --------------------------------------------------------------------------- metric: standards without 每人

def test_levels_of_a_standard_with_a_time_base_but_no_person():
    rows = table("城乡低保标准分别提高到城市每月580元、农村每年5000元。")
    assert (rows["580元"]["unit_norm"], rows["580元"]["metric"]) == ("CNY/person/month", "standard")
    assert (rows["5000元"]["unit_norm"], rows["5000元"]["metric"]) == ("CNY/person/year", "standard")


def test_a_change_of_a_standard_with_no_time_base_is_per_person():
    rows = table("困难残疾人生活补贴标准由120元提高到140元。")
    assert [rows[t]["unit_norm"] for t in ("120元", "140元")] == ["CNY/person", "CNY/person"]
    assert [rows[t]["metric"] for t in ("120元", "140元")] == ["standard", "standard"]
    assert [rows[t]["pair_role"] for t in ("120元", "140元")] == ["from", "to"]
    assert [rows[t]["value_norm"] for t in ("120元", "140元")] == [120.0, 140.0]


@pytest.mark.parametrize("text, figure", [
    ("按标准发放补助资金达到300万元。", "300万元"),             # money paid, not a level
    ("建设高标准农田为3万亩，投入资金为1200万元。", "1200万元"),  # 高标准 is no standard
    ("低保标准提高后，全年发放低保金3.12亿元。", "3.12亿元"),
    ("推进社区卫生服务站标准化建设，投入80万元。", "80万元"),
])
def test_spending_beside_a_standard_stays_spending(text, figure):
    assert field(text, figure, "unit_norm") == "CNY"
    assert field(text, figure, "metric") == "spending"


# --------------------------------------------------------------------------- goal

@pytest.mark.parametrize("text, figure, goal", [
    ("新建、改扩建中小学9所，新增学位6480个。", "6480个", "education"),
    ("2023年新增公办学位3000个。", "3000个", "education"),
    ("新建公办幼儿园3所，新增学位540个。", "540个", "early_childhood"),   # the places of those kindergartens
    ("新建普惠性托育机构14家，新增托位1860个。", "1860个", "early_childhood"),
    ("实施医疗救助2.3万人次，支出医疗救助资金3100万元。", "2.3万人次", "health"),
    ("城乡居民大病保险赔付1.2亿元。", "1.2亿元", "health"),
    ("新增护理型床位300张。", "300张", "elderly"),
    ("为1200名残疾人发放就业补贴。", "1200名", "social_assistance"),
    ("完成农村危房改造635户。", "635户", "housing"),
    ("发放创业担保贷款1.86亿元。", "1.86亿元", "other"),
    ("全区民生支出达到35.6亿元。", "35.6亿元", "overall"),
    ("全区一般公共预算支出43.3亿元。", "43.3亿元", "other"),
    ("教育支出14.7亿元，占一般公共预算支出的比重为19.2%。", "19.2%", "education"),
])
def test_goals_of_the_contract(text, figure, goal):
    assert field(text, figure, "goal") == goal


def test_a_numbered_item_never_takes_the_goal_of_its_neighbour():
    rows = table("一是新建公办幼儿园3所，二是完成改造420户，三是新增养老床位200张。")
    assert rows["3所"]["goal"] == "early_childhood"
    assert rows["420户"]["goal"] == "other"           # says not what was renovated: unknown, not kindergartens
    assert rows["200张"]["goal"] == "elderly"
    rows = table("（1）新建中小学2所；（2）新增学位3000个；（3）发放资助资金120万元。")
    assert rows["3000个"]["goal"] == "education"
    assert rows["120万元"]["goal"] == "other"          # nor the program of the item before
    assert rows["120万元"]["program"] == ""


def test_a_list_item_line_falls_back_to_its_section_not_to_the_item_before():
    text = "三、住有所居\n1、新建幼儿园5所。\n2、完成改造300户。\n"
    rows = table(text)
    assert rows["5所"]["goal"] == "early_childhood"
    assert rows["300户"]["goal"] == "housing"


# --------------------------------------------------------------------------- qualifier

@pytest.mark.parametrize("text, figure", [
    ("家庭医生签约12万人。", "12万人"),
    ("通过集中采购节约300万元。", "300万元"),
    ("就近安置1200人。", "1200人"),
    ("近3年投入12亿元。", "3年"),
    ("城镇调查失业率控制在3.8%。", "3.8%"),
    ("推行“最多跑一次”改革，办理1200件。", "1200件"),
])
def test_words_that_contain_a_qualifier_character_qualify_nothing(text, figure):
    assert field(text, figure, "qualifier") == "exact"


@pytest.mark.parametrize("text, surface, qualifier", [
    ("城镇调查失业率控制在4.5%以内。", "4.5%以内", "at_most"),
    ("惠及约12万人。", "约12万人", "approx"),
    ("资助近600名学生。", "近600名", "approx"),
    ("物价涨幅3%左右。", "3%左右", "approx"),
    ("补助30多元。", "30多元", "more_than"),
    ("超过1万人受益。", "超过1万人", "more_than"),
])
def test_qualifiers_still_read(text, surface, qualifier):
    assert [(f.text, f.qualifier) for f in find_figures(text)] == [(surface, qualifier)]


# --------------------------------------------------------------------------- rules added on 2026-12-06
# (from the misses of two blind fixtures; each text here is new, each value worked out by hand)

@pytest.mark.parametrize("text, figure, metric", [
    ("帮扶就业困难人员就业600人。", "600人", "output"),        # jobs found: the contract's "new jobs"
    ("促进高校毕业生就业达1200人。", "1200人", "output"),
    ("退役军人上岗350人。", "350人", "output"),
    ("为灵活就业人员600人发放社保补贴。", "600人", "beneficiaries"),  # 就业 does not end right before the figure
    ("全县共有城乡低保对象6820户。", "6820户", "beneficiaries"),  # a group counted by its benefit
    ("全县共有特困人员2360人。", "2360人", "beneficiaries"),
    ("全区共有残疾人1.2万人。", "1.2万人", "population"),         # a group that merely exists
    ("局机关内设8个股室。", "8个", "other"),                      # a stock in place
])
def test_jobs_recipient_groups_and_stocks(text, figure, metric):
    assert field(text, figure, "metric") == metric


@pytest.mark.parametrize("text, figure, goal", [
    ("其中：教育支出12.74亿元；社会保障和就业支出14.92亿元。", "14.92亿元", "other"),  # a mixed budget class
    ("城乡社区支出5.26亿元。", "5.26亿元", "other"),
    ("住房保障支出2.1亿元。", "2.1亿元", "housing"),
    ("兑付耕地地力保护补贴1.12亿元；拨付医疗救助资金3260万元。", "1.12亿元", "other"),  # farm support, not the sentence's health
    ("为适龄妇女免费开展“两癌”筛查1.2万人。", "1.2万人", "health"),
    ("新增就业岗位补贴320万元。", "320万元", "employment"),   # 就业 alone still names employment
])
def test_goals_of_budget_classes_farm_support_and_screening(text, figure, goal):
    assert field(text, figure, "goal") == goal


@pytest.mark.parametrize("text, figure, status", [
    ("新增普惠性托位1680个，完成年度目标的112%。", "112%", "actual"),   # measured against a target: a result
    ("累计完成投资3.71亿元，占计划总投资的79.8%。", "79.8%", "actual"),
    ("计划新增学位4000个。", "4000个", "planned"),
    ("力争实现年度目标。全年目标投资5亿元。", "5亿元", "planned"),
    # a paragraph opening with a figure against its target is no targets section; 实际 says it was done
    ("农村危房改造目标任务为350户，实际完成改造362户，户均补助2.1万元。", "362户", "actual"),
    ("农村危房改造目标任务为350户，实际完成改造362户，户均补助2.1万元。", "户均补助2.1万元", "actual"),
    ("农村危房改造目标任务为350户，实际完成改造362户，户均补助2.1万元。", "350户", "planned"),
    ("某县民政工作总结\n主要目标任务：新增养老床位300张，发放高龄津贴1460万元。\n", "1460万元", "planned"),
])
def test_results_measured_against_a_plan_are_actual(text, figure, status):
    assert field(text, figure, "status") == status


def test_year_end_standing_alone_is_a_stock_at_the_end_of_the_known_year():
    rows = table("某县2022年工作总结\n（二）就业形势保持总体稳定。1-6月，全县城镇新增就业2380人。"
                 "年末城镇登记失业人员1320人。\n")
    assert (rows["2380人"]["period"], rows["2380人"]["period_kind"]) == ("2022", "part_year")
    assert (rows["1320人"]["period"], rows["1320人"]["period_kind"]) == ("2022", "as_of")  # not the paragraph's 1-6月
    # in a multi-year report the year of 年底 is not known: no period
    assert field("某区2016-2020年民生工程总结\n年底全区共有低保对象100户。\n", "100户", "period") == ""


def test_a_plan_word_holds_for_the_list_after_it_and_school_places_keep_their_goal():
    rows = table("2024年全市将继续实施十大民生实事，计划新增学位4000个、普惠性托位1500个，改造老旧小区52个。")
    assert (rows["4000个"]["status"], rows["4000个"]["goal"]) == ("planned", "education")  # 学位, not 民生实事's overall
    assert (rows["1500个"]["status"], rows["1500个"]["goal"]) == ("planned", "early_childhood")  # 、 after 计划…
    assert rows["52个"]["status"] == "actual"  # a new clause (，) without a plan word
    rows = table("计划新建幼儿园5所、已建成中小学3所。")
    assert (rows["5所"]["status"], rows["3所"]["status"]) == ("planned", "actual")  # 已 says it was done


def test_quannian_in_a_section_of_another_year_is_that_year():
    rows = table("某县2022年工作总结和2023年工作计划\n一、主要工作成效\n全年发放低保资金6720万元。\n"
                 "三、2023年工作计划\n（一）兜牢民生底线。全年计划发放各类社会救助资金1.6亿元。\n")
    assert (rows["6720万元"]["period"], rows["6720万元"]["status"]) == ("2022", "actual")
    assert (rows["1.6亿元"]["period"], rows["1.6亿元"]["status"]) == ("2023", "planned")
    assert "period:section" in rows["1.6亿元"]["inferred"]


def test_a_paragraph_time_after_a_reporting_lead_in_carries_to_its_next_sentences():
    rows = table("江州市2023年十大民生实事全部完成\n截至2023年12月底，全市完成投资28.64亿元。\n"
                 "据介绍，2024年全市将继续实施十大民生实事。项目全部建成后，全市普惠性托位总数将达到1.35万个。\n"
                 "全市新增就业1.2万人。\n")
    assert (rows["1.35万个"]["period"], rows["1.35万个"]["status"]) == ("2024", "planned")
    assert "period:section" in rows["1.35万个"]["inferred"]
    assert rows["1.2万人"]["period"] == "2023"  # the next paragraph is the report's again
    # a lead-in without its comma opens nothing: 据介绍2024年… is no paragraph time
    assert field("某市2023年民生实事总结\n据介绍2024年将继续实施。全市新增就业1.2万人。\n", "1.2万人", "period") == "2023"


def test_a_paragraph_opened_at_the_year_end_gives_its_later_sentences_the_year():
    rows = table("某县2022年工作总结\n（一）社会救助兜底保障更加有力。截至12月底，全县共有城乡低保对象6820户。"
                 "城乡低保标准提高到每人每月650元。\n（二）项目进度。截至9月底，全县完成投资3亿元。新增就业500人。\n")
    assert (rows["6820户"]["period"], rows["6820户"]["period_kind"]) == ("2022", "as_of")  # its own 截至
    assert (rows["每人每月650元"]["period"], rows["每人每月650元"]["period_kind"]) == ("2022", "year")
    # a date inside the year: the paragraph's later figures stand at that date
    assert (rows["500人"]["period"], rows["500人"]["period_kind"]) == ("2022", "as_of")


def test_a_base_level_dated_relative_to_a_one_year_report():
    rows = table("某县2022年工作总结\n城乡低保标准由上年的每人每月610元提高到650元。"
                 "农村自来水普及率达到99.1%，比上年提高0.8个百分点。\n")
    assert (rows["每人每月610元"]["period"], rows["每人每月610元"]["pair_role"]) == ("2021", "from")
    assert rows["650元"]["period"] == "2022"
    assert rows["0.8个百分点"]["period"] == "2022"  # 比上年: the base of a comparison, not the figure's time
    # in a multi-year report 上年 names no known year; a base level without any year has none
    assert field("某区2016-2020年民生工程总结\n城乡低保标准由上年的每人每月610元提高到650元。\n", "每人每月610元", "period") == ""
    assert field("某县2022年工作总结\n低保标准从650元提高到700元。\n", "650元", "period") == ""


# --------------------------------------------------------------------------- from the blind fixtures of 2026-12-06, round 2

def test_per_household_amounts_take_their_basis():
    assert [(f.text, f.unit_raw, f.unit_norm) for f in find_figures("农村危房改造户均补助2.1万元。")] == [
        ("户均补助2.1万元", "户均…万元", "CNY/unit")]
    assert [(f.text, f.unit_norm) for f in find_figures("村均1.5万元。")] == [("村均1.5万元", "CNY/unit")]


def test_a_ratio_to_the_years_plan_keeps_the_part_year_of_its_sentence():
    rows = table("某镇2024年上半年民生实事进展\n1-6月，全镇民生实事累计完成投资5260万元，完成全年计划的60.8%，"
                 "其中镇级财政资金1380万元。全年计划投资8650万元。\n")
    for fig in ("5260万元", "60.8%", "1380万元"):
        assert (rows[fig]["period"], rows[fig]["period_kind"]) == ("2024", "part_year"), fig
    assert (rows["8650万元"]["period_kind"], rows["8650万元"]["status"]) == ("year", "planned")  # the year's plan itself


def test_n_year_words_name_the_span_only_when_it_has_n_years_and_are_no_durations():
    text = ("某县2021—2023年民生工作回顾\n城镇新增就业2021年完成4860人、2022年5120人、2023年5390人，"
            "三年累计1.54万人，年均增长5.3%。三年间共实施民生实事项目96项。\n")
    rows = table(text)
    assert [r for r in rows if "年" in r and not r.endswith(("人", "项", "%"))] == []  # 三年累计, 三年间: no durations
    assert (rows["5120人"]["period"], rows["5120人"]["metric"]) == ("2022", "output")  # the count of 新增就业 again
    assert (rows["1.54万人"]["period"], rows["1.54万人"]["period_kind"], rows["1.54万人"]["metric"]) == (
        "2021-2023", "span", "output")
    assert rows["5.3%"]["period"] == "2021-2023"
    # in a five-year report 三年累计 names no known span: the last year stated before it holds
    rows = table("某区2016-2020年民生工程总结\n2020年新增就业5000人，三年累计1.4万人。\n")
    assert rows["1.4万人"]["period"] == "2020"
    # a people count after one of output keeps its own metric where it names recipients
    rows = table("某县2022年工作总结\n改造危房600户，受益群众593户。\n")
    assert (rows["600户"]["metric"], rows["593户"]["metric"]) == ("output", "beneficiaries")


def test_a_plans_end_and_its_last_years():
    rows = table("某县2021—2023年民生工作回顾及“十四五”后两年目标\n六、“十四五”后两年主要目标\n新建中小学校3所。"
                 "到“十四五”末，全县普惠性托位总数力争达到2600个。“十四五”期间累计投入10亿元。\n")
    assert set(rows) == {"3所", "2600个", "10亿元"}  # 后两年 is a period marker, no duration
    assert (rows["3所"]["period"], rows["3所"]["period_kind"]) == ("2024-2025", "span")  # the heading's 后两年
    assert (rows["2600个"]["period"], rows["2600个"]["period_kind"]) == ("2025", "year")  # 十四五末
    assert rows["10亿元"]["period"] == "2021-2025"
    assert field("连续两年增长，投入5亿元。", "两年", "metric") == "duration"  # a duration stays one


def test_school_places_after_schools_of_both_levels_are_education():
    rows = table("新建、改扩建中小学校9所、公办幼儿园7所，新增学位6300个，其中学前教育学位1500个。")
    assert (rows["6300个"]["goal"], rows["1500个"]["goal"]) == ("education", "early_childhood")
    assert field("新建幼儿园3所，新增学位900个。", "900个", "goal") == "early_childhood"  # kindergarten places


def test_a_table_cell_starts_from_its_rows_item_never_from_the_cell_before():
    text = ("某区2024年民生实事进展情况\n序号 | 项目名称 | 年度目标 | 完成进度 | 牵头单位\n"
            "1 | 新建公办幼儿园 | 新建3所，新增学前教育学位810个 | 已建成2所，新增学前教育学位540个 | 区教育局\n"
            "8 | 老旧小区改造 | 改造老旧小区28个、惠及居民6200户 | 完工19个，惠及居民4350户 | 区住建局\n")
    rows = table(text)
    assert rows["2所"]["program"] == "新建公办幼儿园"  # not the 学位 of the cell before
    assert rows["19个"]["program"] == rows["4350户"]["program"] == "老旧小区改造"
    assert (rows["19个"]["metric"], rows["4350户"]["metric"]) == ("output", "beneficiaries")  # 完工: things done
    assert rows["28个"]["program"] == "改造老旧小区"  # a cell that names its own keeps it


def test_last_years_results_in_a_plan_are_actual_and_performance_targets_are_planned():
    rows = table("蓝屿县2025年民生实事项目清单\n1. 新建学校2所，新增学位1800个。2024年已建成投用学校3所、新增学位2160个。\n"
                 "2. 城镇新增就业6500人。2024年全县城镇新增就业6820人，完成年度目标的105%。\n")
    assert (rows["1800个"]["status"], rows["1800个"]["period"]) == ("planned", "2025")  # the plan itself
    assert "status:document" in rows["1800个"]["inferred"]
    for fig in ("2160个", "6820人", "105%"):
        assert (rows[fig]["status"], rows[fig]["period"]) == ("actual", "2024"), fig
    rows = table("某县财政局关于下达2024年民生工程补助资金的通知\n一、资金安排\n下达低保资金1200万元。\n八、绩效目标\n"
                 "低保金按时足额发放率达到100%，受益群众满意度90%以上。\n")
    assert rows["1200万元"]["status"] == "actual"
    assert rows["100%"]["status"] == rows["90%以上"]["status"] == "planned"
