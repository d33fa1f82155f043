"""Property: for any text, extraction never raises and every span is a slice of the text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minsheng.extraction.checks import check_figures
from minsheng.extraction.clean import figures_from_text

# Characters that matter to the extractor, mixed with anything at all.
ALPHABET = st.sampled_from(list(
    "0123456789０１２３４５６７８９.．,，%％-—~～至、。；：“”《》 \n"
    "一二两三四五六七八九十百千万亿〇零点多余约近超以上下左右内不低于每人年月元户次名位所个项台"
    "由从提高到增至第年来累计十三五期间发放资金受益群众居民平方米亩公里个百分点"
))
TEXT = st.one_of(
    st.text(alphabet=ALPHABET, max_size=120),
    st.text(max_size=80),
    st.lists(st.sampled_from([
        "由2016年每人每年", "提高到", "550元", "3-5万元", "30多万", "约", "以上", "1,234.5万元",
        "发放7601人次759.82万元", "“十三五”", "《2019年手册》", "1、", "第4位", "三所", "百分之九十",
    ]) | st.text(alphabet=ALPHABET, max_size=5), max_size=12).map("".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_extraction_never_raises_and_spans_are_slices(text):
    df = figures_from_text(text, "prop")
    for row in df.itertuples():
        assert 0 <= row.start < row.end <= len(text)
        assert text[row.start:row.end] == row.text
    assert list(df["figure_id"]) == [f"F{i + 1:03d}" for i in range(len(df))]
    check_figures(df, text)  # schema, spans, value_norm = value x unit factor


def test_examples_hypothesis_found():
    # 每亩一年0~0元: a per-unit basis must not reach back over another figure (一年)
    for text in ["每亩一年0~0元", "1亿米"]:
        df = figures_from_text(text, "prop")
        check_figures(df, text)
    df = figures_from_text("每亩一年0~0元", "prop")
    assert list(df["text"]) == ["一年", "0", "0元"]
