"""Hand-checked tests of the figure extractor (``figures_from_text``) and of ``decode``.

Every expected value here was worked out by hand from the data contract
(figures.csv) and the project's conventions, never copied from the code's output.
"""

import math

import pandas as pd
import pytest

from minsheng.extraction.clean import figures_from_text
from minsheng.extraction.reading import decode

COLUMNS = [
    "doc_id", "figure_id", "start", "end", "text", "value", "unit_raw", "value_norm",
    "unit_norm", "qualifier", "period", "goal", "program", "program_en", "metric", "sentence",
    "pair_role", "pair_figure_id",
]


def figs(text, doc_id="t"):
    df = figures_from_text(text, doc_id)
    for r in df.itertuples():
        assert text[r.start:r.end] == r.text, r
    return df


def blank(v):
    return v is None or v == "" or (isinstance(v, float) and math.isnan(v))


def norm_period(v):
    return "" if blank(v) else str(v)


def fig(text, span, start=None):
    """The one figure whose surface text is ``span`` (at ``start``, else the span's first occurrence)."""
    df = figs(text)
    rows = df[df["text"] == span]
    assert len(rows) == 1, f"{span!r} not found exactly once in {list(df['text'])}"
    row = rows.iloc[0]
    start = text.index(span) if start is None else start
    assert (row["start"], row["end"]) == (start, start + len(span))
    return row


def check(row, value, unit_raw, value_norm, unit_norm, qualifier="exact"):
    assert row["value"] == pytest.approx(value)
    assert row["unit_raw"] == unit_raw
    assert row["value_norm"] == pytest.approx(value_norm)
    assert row["unit_norm"] == unit_norm
    assert row["qualifier"] == qualifier


# (sentence, span, value, unit_raw, value_norm, unit_norm, qualifier)
UNIT_CASES = {
    # money
    "yuan": ("全年发放救助资金2000元。", "2000元", 2000, "元", 2000, "CNY", "exact"),
    "wan_yuan": ("投入资金356.8万元。", "356.8万元", 356.8, "万元", 3568000, "CNY", "exact"),
    "yi_yuan": ("累计投入资金57.93亿元。", "57.93亿元", 57.93, "亿元", 5793000000, "CNY", "exact"),
    "qian_yuan": ("奖励资金5千元。", "5千元", 5, "千元", 5000, "CNY", "exact"),
    # people
    "ren": ("资助困难学生120人。", "120人", 120, "人", 120, "person", "exact"),
    "ming": ("培训幼师35名。", "35名", 35, "名", 35, "person", "exact"),
    "wei": ("走访慰问老人8位。", "8位", 8, "位", 8, "person", "exact"),
    "wan_ren": ("惠及3.2万人。", "3.2万人", 3.2, "万人", 32000, "person", "exact"),
    "wan_qunzhong": ("受益8.8万群众。", "8.8万群众", 8.8, "万群众", 88000, "person", "exact"),
    "people_noun": ("惠及全区70多万城乡居民。", "70多万城乡居民", 70, "万城乡居民", 700000, "person", "more_than"),
    "renci": ("救助1500人次。", "1500人次", 1500, "人次", 1500, "person_time", "exact"),
    "wan_renci": ("开展健康体检2.5万人次。", "2.5万人次", 2.5, "万人次", 25000, "person_time", "exact"),
    "hu": ("改造农村危房593户。", "593户", 593, "户", 593, "household", "exact"),
    # area, length
    "m2": ("新建校舍3200平方米。", "3200平方米", 3200, "平方米", 3200, "m2", "exact"),
    "wan_m2": ("改造老旧小区12.5万平方米。", "12.5万平方米", 12.5, "万平方米", 125000, "m2", "exact"),
    "km2": ("治理水土流失面积4.5平方公里。", "4.5平方公里", 4.5, "平方公里", 4500000, "m2", "exact"),
    "hectare": ("完成造林200公顷。", "200公顷", 200, "公顷", 2000000, "m2", "exact"),
    "wan_mu": ("建设高标准农田1.2万亩。", "1.2万亩", 1.2, "万亩", 12000, "mu", "exact"),
    "km": ("新建农村公路56.3公里。", "56.3公里", 56.3, "公里", 56.3, "km", "exact"),
    "metre": ("新建排水管网800米。", "800米", 800, "米", 0.8, "km", "exact"),
    # percent
    "pct": ("基本医疗保险参保率达到98.5%。", "98.5%", 98.5, "%", 98.5, "percent", "exact"),
    "pct_fullwidth_sign": ("覆盖率达到95％。", "95％", 95, "％", 95, "percent", "exact"),
    "pp": ("入园率提高3.5个百分点。", "3.5个百分点", 3.5, "个百分点", 3.5, "percentage_point", "exact"),
    # per-person standards
    "per_year": ("高龄津贴标准为每人每年1200元。", "每人每年1200元", 1200, "每人每年…元", 1200, "CNY/person/year", "exact"),
    "per_month": ("城市低保标准每人每月600元。", "每人每月600元", 600, "每人每月…元", 600, "CNY/person/month", "exact"),
    "per_year_at_least": ("基础养老金每人每年不低于10元。", "每人每年不低于10元", 10, "每人每年…元", 10, "CNY/person/year", "at_least"),
    "yuan_month": ("护理补贴标准为300元/月。", "300元/月", 300, "元/月", 300, "CNY/person/month", "exact"),
    "yuan_person_year": ("补助标准为2400元/人·年。", "2400元/人·年", 2400, "元/人·年", 2400, "CNY/person/year", "exact"),
    "yuan_year": ("补助标准为960元/年。", "960元/年", 960, "元/年", 960, "CNY/person/year", "exact"),
    "yuan_person": ("发放慰问金500元/人。", "500元/人", 500, "元/人", 500, "CNY/person", "exact"),
    "per_household": ("危房改造补助每户2000元。", "每户2000元", 2000, "每户…元", 2000, "CNY/unit", "exact"),
    # how numbers are written
    "thousands_sep": ("投入资金1,234.5万元。", "1,234.5万元", 1234.5, "万元", 12345000, "CNY", "exact"),
    "fullwidth_digits": ("资助学生１２３人。", "１２３人", 123, "人", 123, "person", "exact"),
    "fullwidth_pct": ("参保率达到５０％。", "５０％", 50, "％", 50, "percent", "exact"),
    "space_before_unit": ("免费体检101069 人次。", "101069 人次", 101069, "人次", 101069, "person_time", "exact"),
    "cn_san": ("新建幼儿园三所。", "三所", 3, "所", 3, "count", "exact"),
    "cn_liang": ("新建两个村卫生室。", "两个", 2, "个", 2, "count", "exact"),
    "cn_big": ("下达补助资金一千二百万元。", "一千二百万元", 1200, "万元", 12000000, "CNY", "exact"),
    # a scale written alone: the unit comes from cue words earlier in the clause
    "scale_money": ("累计投入资金30多万，", "30多万", 30, "万", 300000, "CNY", "more_than"),
    "scale_people": ("服务居民30多万。", "30多万", 30, "万", 300000, "person", "more_than"),
    "scale_no_cue": ("全年接待30多万。", "30多万", 30, "万", 300000, "count", "more_than"),
    "scale_at_text_end": ("拨付资金57.93亿", "57.93亿", 57.93, "亿", 5793000000, "CNY", "exact"),
}


@pytest.mark.parametrize("case", UNIT_CASES.values(), ids=UNIT_CASES.keys())
def test_units_and_values(case):
    sentence, span, value, unit_raw, value_norm, unit_norm, qualifier = case
    row = fig(sentence, span)
    check(row, value, unit_raw, value_norm, unit_norm, qualifier)
    assert len(figs(sentence)) == 1


MEASURE_WORDS = [
    ("新建幼儿园12所。", "12所", "所"),
    ("建成村卫生室12个。", "12个", "个"),
    ("配备电脑40台。", "40台", "台"),
    ("实施民生工程33项。", "33项", "项"),
    ("新建文化广场6处。", "6处", "处"),
    ("改造危桥9座。", "9座", "座"),
    ("新打机井15口。", "15口", "口"),
    ("硬化村组道路21条。", "21条", "条"),
    ("新打水井7眼。", "7眼", "眼"),
    ("新增床位50张。", "50张", "张"),
    ("建设公租房300套。", "300套", "套"),
    ("扶持企业18家。", "18家", "家"),
    ("免费婚检560对。", "560对", "对"),
]


@pytest.mark.parametrize("sentence,span,unit", MEASURE_WORDS, ids=[m[2] for m in MEASURE_WORDS])
def test_measure_words_are_counts(sentence, span, unit):
    value = float(span[:-1])
    check(fig(sentence, span), value, unit, value, "count")


QUALIFIERS = {
    "超过": ("受益学生超过500人。", "超过500人", 500, "人", 500, "person", "more_than"),
    "超": ("惠及农户超1000户。", "超1000户", 1000, "户", 1000, "household", "more_than"),
    "逾": ("受益群众逾300名。", "逾300名", 300, "名", 300, "person", "more_than"),
    "不低于": ("覆盖率不低于80%。", "不低于80%", 80, "%", 80, "percent", "at_least"),
    "不少于": ("培训人数不少于200人。", "不少于200人", 200, "人", 200, "person", "at_least"),
    "至少": ("新建幼儿园至少5所。", "至少5所", 5, "所", 5, "count", "at_least"),
    "约": ("受益群众约300人。", "约300人", 300, "人", 300, "person", "approx"),
    "近": ("惠及农户近2万户。", "近2万户", 2, "万户", 20000, "household", "approx"),
    "低于": ("贫困发生率低于3%。", "低于3%", 3, "%", 3, "percent", "less_than"),
    "不足": ("贫困人口不足50人。", "不足50人", 50, "人", 50, "person", "less_than"),
    "不到": ("失业率不到5%。", "不到5%", 5, "%", 5, "percent", "less_than"),
    "不超过": ("单户补助不超过5000元。", "不超过5000元", 5000, "元", 5000, "CNY", "at_most"),
    "余": ("培训幼师100余人。", "100余人", 100, "人", 100, "person", "more_than"),
    "多": ("新建幼儿园30多所。", "30多所", 30, "所", 30, "count", "more_than"),
    "以上": ("满意度达95%以上。", "95%以上", 95, "%", 95, "percent", "at_least"),
    "左右": ("全年培训200人左右。", "200人左右", 200, "人", 200, "person", "approx"),
    "以内": ("误差控制在5%以内。", "5%以内", 5, "%", 5, "percent", "at_most"),
    "以下": ("失业率控制在3%以下。", "3%以下", 3, "%", 3, "percent", "at_most"),
}


@pytest.mark.parametrize("case", QUALIFIERS.values(), ids=QUALIFIERS.keys())
def test_qualifiers(case):
    sentence, span, value, unit_raw, value_norm, unit_norm, qualifier = case
    check(fig(sentence, span), value, unit_raw, value_norm, unit_norm, qualifier)
    assert len(figs(sentence)) == 1


@pytest.mark.parametrize("sep", ["-", "至", "—"])
def test_range_with_scale_gives_two_bounds(sep):
    s = f"单个项目投资3{sep}5万元。"
    p = s.index("3")  # 6
    low = fig(s, "3", start=p)
    check(low, 3, "万元", 30000, "CNY", "at_least")
    high = fig(s, "5万元", start=p + 2)
    check(high, 5, "万元", 50000, "CNY", "at_most")
    assert len(figs(s)) == 2


def test_range_of_percents():
    s = "贷款利率5%—5.5%。"
    check(fig(s, "5%", start=4), 5, "%", 5, "percent", "at_least")
    check(fig(s, "5.5%", start=7), 5.5, "%", 5.5, "percent", "at_most")
    assert len(figs(s)) == 2


def test_glued_count_and_amount():
    s = "为困难群众发放7601人次759.82万元。"
    check(fig(s, "7601人次"), 7601, "人次", 7601, "person_time")
    check(fig(s, "759.82万元"), 759.82, "万元", 7598200, "CNY")
    assert list(figs(s)["text"]) == ["7601人次", "759.82万元"]


def test_ids_order_and_doc_id():
    s = "投入资金2亿元，新建幼儿园3所，惠及学生1200人。"
    df = figs(s, doc_id="demo_1")
    assert list(df["text"]) == ["2亿元", "3所", "1200人"]
    assert list(df["figure_id"]) == ["F001", "F002", "F003"]
    assert set(df["doc_id"]) == {"demo_1"}
    assert list(df["start"]) == sorted(df["start"])
    assert all(blank(v) for v in df["pair_role"])


# --- from -> to pairs -------------------------------------------------------

def _pair(s, first, second):
    a, b = fig(s, first), fig(s, second)
    assert (a["pair_role"], b["pair_role"]) == ("from", "to")
    assert a["pair_figure_id"] == b["figure_id"]
    assert b["pair_figure_id"] == a["figure_id"]
    return a, b


def test_pair_inherits_basis_no_declared_span():
    s = "城乡居民医保财政补助标准由2016年每人每年420元，提高到550元。"
    a, b = _pair(s, "每人每年420元", "550元")
    check(a, 420, "每人每年…元", 420, "CNY/person/year")
    check(b, 550, "元", 550, "CNY/person/year")
    assert norm_period(a["period"]) == "2016"
    assert norm_period(b["period"]) == ""  # no year after 提高到, no declared span
    assert len(figs(s)) == 2  # 2016年 is a date


def test_pair_to_period_is_end_of_declared_span():
    s = "“十三五”期间，我区民生工程成效显著。\n高龄津贴由2016年每人每月50元，提高到100元。"
    a, b = _pair(s, "每人每月50元", "100元")
    check(a, 50, "每人每月…元", 50, "CNY/person/month")
    check(b, 100, "元", 100, "CNY/person/month")
    assert norm_period(a["period"]) == "2016"
    assert norm_period(b["period"]) == "2020"


def test_pair_cong_zengzhi_with_year_after_to_word():
    s = "特困供养标准从2017年每人每年4000元增至2020年的6000元。"
    a, b = _pair(s, "每人每年4000元", "6000元")
    check(b, 6000, "元", 6000, "CNY/person/year")
    assert norm_period(a["period"]) == "2017"
    assert norm_period(b["period"]) == "2020"


# --- periods ----------------------------------------------------------------

PERIODS = [
    ("2020年，全区投入资金3.5亿元。", "3.5亿元", "2020"),
    ("2016-2020年，全区新建幼儿园15所。", "15所", "2016-2020"),
    ("“十三五”期间，全区新建幼儿园15所。", "15所", "2016-2020"),
    ("2019年投入资金1亿元，2020年投入资金2亿元。", "1亿元", "2019"),
    ("2019年投入资金1亿元，2020年投入资金2亿元。", "2亿元", "2020"),
    # the year does not cross 。 or a line end: here the second sentence takes the report's period,
    # from its opening sentence or title (marked inferred, see test_period_from_the_document)
    ("2019年投入资金1亿元。新建幼儿园3所。", "3所", "2019"),
    ("2020年全区民生工程\n新建幼儿园3所。", "3所", "2020"),
    ("某区民生工程\n各镇投入资金1亿元。2019年新建幼儿园3所。", "1亿元", ""),  # a later sentence's year is not the opening's
    ("五年来，累计投入资金8亿元。", "8亿元", ""),  # no declared span
    ("“十三五”期间，我区民生工程成效显著。\n五年来，累计投入资金57.93亿元。", "57.93亿元", "2016-2020"),
    ("2016-2020年民生工程总结\n累计新建幼儿园15所。", "15所", "2016-2020"),
    ("新建幼儿园3所。", "3所", ""),
]


@pytest.mark.parametrize("text,span,period", PERIODS)
def test_period(text, span, period):
    assert norm_period(fig(text, span)["period"]) == period


@pytest.mark.parametrize("text,span,inferred", [
    ("2019年投入资金1亿元。新建幼儿园3所。", "3所", "period:section"),  # its paragraph opens with 2019年
    ("2019年投入资金1亿元。新建幼儿园3所。", "1亿元", ""),
    ("2019年投入资金1亿元。\n新建幼儿园3所。", "3所", "period:document"),  # the report's opening sentence
    ("2020年全区民生工程\n新建幼儿园3所。", "3所", "period:document"),  # its title
])
def test_period_from_the_document(text, span, inferred):
    assert fig(text, span)["inferred"] == inferred


def test_period_text_has_only_the_figure():
    df = figs("“十三五”期间，我区民生工程成效显著。\n五年来，累计投入资金57.93亿元。")
    assert list(df["text"]) == ["57.93亿元"]


def test_sentence_does_not_cross_full_stop():
    s = "2019年投入资金1亿元。新建幼儿园3所。"
    sent = fig(s, "3所")["sentence"]
    assert "3所" in sent and "1亿元" not in sent


# --- durations --------------------------------------------------------------

DURATIONS = [
    ("连续5年荣获省级先进单位。", "5年", 5, "年", "year"),
    ("发放临时补贴6个月。", "6个月", 6, "个月", "count"),
    ("开展义诊活动15天。", "15天", 15, "天", "count"),
]


@pytest.mark.parametrize("sentence,span,value,unit_raw,unit_norm", DURATIONS)
def test_durations(sentence, span, value, unit_raw, unit_norm):
    row = fig(sentence, span)
    check(row, value, unit_raw, value, unit_norm)
    assert row["metric"] == "duration"
    assert norm_period(row["period"]) == ""


# --- not figures ------------------------------------------------------------

NOT_FIGURES = [
    "2016年，全区经济平稳发展。",
    "2019年度考核优秀。",
    "一、基本情况",
    "1、明确责任",
    "（一）教育资助",
    "（1）加强调度",
    "综合排名位居全市第4位。",
    "全面落实“351”“180”健康脱贫政策。",
    "扎实推进“3个100”工程。",
    "“两会”期间广泛征求意见。",
    "“十三五”规划顺利完成。",
    "编印《2019年民生工程手册》。",
    "编印《100项民生实事汇编》。",
    "服务热线12345。",
    "五年来，民生工程成效显著。",
    "1-5月份民生工程进展顺利。",
    "拨付资金57.",
    "拨付资金57",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(text):
    df = figs(text)
    assert len(df) == 0, list(df["text"])


def test_latin_glued_number_is_not_a_figure():
    s = "2020年，建成5G基站120个。"
    assert list(figs(s)["text"]) == ["120个"]
    assert norm_period(fig(s, "120个")["period"]) == "2020"


def test_date_range_before_amount():
    s = "1-5月份，全区投入资金2亿元。"
    assert list(figs(s)["text"]) == ["2亿元"]


def test_empty_text_gives_empty_table_with_header():
    df = figures_from_text("", "t")
    assert len(df) == 0
    assert list(df.columns)[: len(COLUMNS)] == COLUMNS


# --- goal and metric --------------------------------------------------------

CLASSES = [
    ("投入教育资金2亿元。", "2亿元", "education", "spending"),
    ("建设公租房300套。", "300套", "housing", "output"),
    ("新建幼儿园3所。", "3所", "early_childhood", "output"),
    ("实施民生工程33项。", "33项", "overall", "count"),
    ("基本医疗保险参保率达到98%。", "98%", "health", "rate"),
    ("城市低保标准每人每月600元。", "每人每月600元", "social_assistance", "standard"),
    ("高龄津贴每人每月50元。", "每人每月50元", "elderly", "standard"),
    ("培训农民工1200人。", "1200人", "employment", "output"),
    ("救助困难群众1500人次。", "1500人次", "social_assistance", "beneficiaries"),
    ("惠及全区70多万城乡居民。", "70多万城乡居民", None, "population"),
]


@pytest.mark.parametrize("sentence,span,goal,metric", CLASSES)
def test_goal_and_metric(sentence, span, goal, metric):
    row = fig(sentence, span)
    if goal is not None:
        assert row["goal"] == goal
    assert row["metric"] == metric


# --- decoding ---------------------------------------------------------------

REPORT = "“十三五”期间，全区投入资金57.93亿元，参保率达到５０％。\n2020年，新建幼儿园三所，受益群众约300人。\n"


def _same_figures(text):
    assert text == REPORT
    pd.testing.assert_frame_equal(figs(text, "r"), figs(REPORT, "r"))


def test_reference_report_figures():
    df = figs(REPORT, "r")
    assert list(df["text"]) == ["57.93亿元", "５０％", "三所", "约300人"]
    assert list(df["start"]) == [REPORT.index(t) for t in df["text"]]


def test_decode_gbk_same_figures():
    text, enc = decode(REPORT.encode("gbk"))
    assert "gb" in enc.lower()
    _same_figures(text)


def test_decode_utf8_bom_same_figures():
    text, enc = decode(b"\xef\xbb\xbf" + REPORT.encode("utf-8"))
    assert not text.startswith("\ufeff")
    _same_figures(text)


def test_decode_utf8_and_utf16_bom():
    text, enc = decode(REPORT.encode("utf-8"))
    _same_figures(text)
    text16, _ = decode(REPORT.encode("utf-16"))
    _same_figures(text16)


def test_decode_keeps_crlf_line_ends():
    crlf = REPORT.replace("\n", "\r\n")
    text, _ = decode(crlf.encode("gbk"))
    assert text == crlf


# -- a figure that a float cannot hold is skipped with a warning; the others stay ---------------------------

@pytest.fixture
def find_warnings():
    """Messages the finder logs (its own handler: the command line may stop propagation to the root)."""
    import logging

    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    logger = logging.getLogger("minsheng.extraction.find")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def _report_with(number: str) -> tuple[str, int]:
    head = "累计投入资金120万元，其中"
    return f"{head}{number}万元用于修路，受益群众3000人次。\n", len(head)


def test_a_number_of_200000_digits_is_skipped_and_the_other_figures_stay(find_warnings):
    from minsheng.extraction.clean import figures_table
    from minsheng.extraction.reading import Report

    text, offset = _report_with("9" * 200_000)
    df = figures_table(Report("t", None, text, "utf-8"))  # the schema check passes: no inf left
    assert list(df["text"]) == ["120万元", "3000人次"]
    assert list(df["value_norm"]) == [1_200_000.0, 3000.0]
    assert list(df["start"]) == [text.index("120万元"), text.index("3000人次")]
    warnings = find_warnings
    assert len(warnings) == 1 and warnings[0].levelname == "WARNING"
    assert f"offset {offset}" in warnings[0].getMessage() and "200000 digits" in warnings[0].getMessage()


@pytest.mark.parametrize("number, kept", [
    ("1" * 20, True),                # 20 digits before the point: the bound, kept
    ("1" * 21, False),               # 21: skipped
    ("0" * 30 + "12", True),         # leading zeros are not digits of the value: 12
    ("1" * 20 + "." + "9" * 50, True),
    ("0." + "0" * 400 + "1", False),  # not zero, but 0.0 as a float
    ("九" * 40, False),               # a Chinese numeral longer than any real one is not read
])
def test_the_bound_of_a_representable_number(number, kept, find_warnings):
    text, offset = _report_with(number)
    df = figs(text)
    texts = list(df["text"])
    assert texts[0] == "120万元" and texts[-1] == "3000人次"
    assert (f"{number}万元" in texts) is kept
    said = [r.getMessage() for r in find_warnings]
    assert (said == []) is kept
    if not kept:
        assert len(said) == 1 and said[0].startswith(f"figure at offset {offset} ")


def test_twenty_digits_keep_their_value():
    df = figs(_report_with("1" * 20)[0])
    row = df[df["text"] == "1" * 20 + "万元"].iloc[0]
    assert row["value"] == float("1" * 20) and row["value_norm"] == float("1" * 20 + "0000")


def test_extract_of_a_report_with_an_absurd_number_exits_0(tmp_path, capsys):
    import io

    from minsheng.cli import main

    text, offset = _report_with("9" * 200_000)
    f = tmp_path / "absurd.txt"
    f.write_text(text, encoding="utf-8")
    assert main(["extract", str(f)]) == 0
    out = capsys.readouterr()
    df = pd.read_csv(io.StringIO(out.out), keep_default_na=False)
    assert list(df["text"]) == ["120万元", "3000人次"]
    assert list(df["value_norm"]) == [1_200_000, 3000]
    assert f"figure at offset {offset} " in out.err  # the module logger's warning reaches stderr


# -- the linear-time helpers answer what the plain scans they replace answer -------------------------------

def _random_texts(alphabet, n=400, length=60, seed=14):
    import random

    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randrange(length))) for _ in range(n)]


def test_closed_runs_are_what_the_plain_pattern_finds():
    import re

    from minsheng.extraction.find import closed_runs

    for open_q, close_q in (("“", "”"), ("《", "》")):
        plain = re.compile(re.escape(open_q) + "[^" + re.escape(close_q) + "\n]*" + re.escape(close_q))
        for text in _random_texts(open_q + close_q + "\nab"):
            assert list(closed_runs(text, open_q, close_q)) == [m.span() for m in plain.finditer(text)], text


def test_word_index_answers_like_a_substring_test():
    from minsheng.extraction.find import WordIndex

    words = ["ab", "b", "aba", "ca"]
    for text in _random_texts("abc", n=150, length=30):
        index = WordIndex(text, words)
        for lo in range(len(text) + 1):
            for hi in range(lo, len(text) + 1):
                assert index.any_within(lo, hi) == any(w in text[lo:hi] for w in words), (text, lo, hi)


def test_marks_find_the_last_and_next_mark():
    from minsheng.extraction.find import Marks

    for text in _random_texts("，a；b", n=100, length=30):
        marks = Marks(text, "，；")
        for p in range(len(text) + 1):
            before = [i for i in range(p) if text[i] in "，；"]
            assert marks.last_before(p) == (before[-1] if before else -1)
            after = [i for i in range(p, len(text)) if text[i] in "，；"]
            assert marks.first_from(p, len(text)) == (after[0] if after else None)
