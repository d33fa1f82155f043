"""extract_corpus: many texts in one call, each report's rows as it would get them alone."""

import pandas as pd
import pytest

from conftest import BUNDLED, FIXTURES
from minsheng import io
from minsheng.errors import InputError
from minsheng.extraction import extract_corpus
from minsheng.extraction.clean import FIGURE_COLUMNS, figures_from_text
from minsheng.extraction.reading import read_report


def test_two_small_texts_worked_out_by_hand():
    df = extract_corpus({"a": "发放补贴100万元。", "b": "惠及群众3200人，投入资金5万元。"})
    assert list(df.columns) == FIGURE_COLUMNS
    assert df[["doc_id", "figure_id", "start", "end", "text", "value_norm", "unit_norm"]].values.tolist() == [
        ["a", "F001", 4, 9, "100万元", 1_000_000.0, "CNY"],  # 发放补贴 is 4 characters
        ["b", "F001", 4, 9, "3200人", 3200.0, "person"],
        ["b", "F002", 14, 17, "5万元", 50_000.0, "CNY"],     # 惠及群众3200人，投入资金 is 14
    ]


def test_same_bytes_as_each_report_alone():
    reports = [read_report(BUNDLED), *(read_report(p) for p in sorted(FIXTURES.glob("*.txt")))]
    together = extract_corpus(reports)
    alone = pd.concat([figures_from_text(r.text, r.doc_id) for r in reports], ignore_index=True)
    assert len(together) == len(alone) > 200
    assert io.to_csv_text(together) == io.to_csv_text(alone)
    assert together.dtypes.equals(alone.dtypes)
    assert sorted(set(together["doc_id"])) == sorted(r.doc_id for r in reports)


def test_pairs_and_an_empty_corpus():
    assert extract_corpus([("x", "没有数字。")]).empty
    assert list(extract_corpus({}).columns) == FIGURE_COLUMNS


@pytest.mark.parametrize("texts, words", [
    ({"Bad Id!": "发放补贴100万元。"}, "doc_id 'Bad Id!'"),
    ([("a", "1万元。"), ("A", "2万元。")], "given twice"),
    ({"a": b"\xe5\x8f\x91"}, "not a str"),
    (["发放补贴100万元。"], "(doc_id, text) pairs"),
])
def test_bad_input_is_one_clear_error(texts, words):
    with pytest.raises(InputError, match=None) as exc:
        extract_corpus(texts)
    assert words in str(exc.value)
