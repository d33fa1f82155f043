"""minsheng.extraction.checks: a figures table checked against its schema and its report's text."""

from __future__ import annotations

import pandas as pd
import pytest

from minsheng.errors import CheckError
from minsheng.extraction.checks import check_figures
from minsheng.extraction.clean import figures_from_text

TEXT = (
    "某区“十三五”民生工程总结\n"
    "五年来，累计发放农村低保金1000万元，受益低保对象500人。\n"
    "城乡低保标准由2016年每人每年3000元提高到5000元。\n"
)


@pytest.fixture
def good() -> pd.DataFrame:
    df = figures_from_text(TEXT, "tiny")
    # what the text holds, by hand: four figures, the last two a from→to pair
    assert df["text"].tolist() == ["1000万元", "500人", "每人每年3000元", "5000元"]
    assert df["figure_id"].tolist() == ["F001", "F002", "F003", "F004"]
    assert df["value_norm"].tolist() == [1e7, 500.0, 3000.0, 5000.0]
    assert df["pair_figure_id"].tolist() == ["", "", "F004", "F003"]
    return df


def test_a_good_table_passes(good):
    assert check_figures(good, TEXT) is None


def test_text_not_the_report_span(good):
    bad = good.copy()
    bad.loc[1, "start"] += 1  # 00人 is not 500人
    with pytest.raises(CheckError, match=r"figures\.csv row F002 \('500人'\): text is not report\["):
        check_figures(bad, TEXT)


def test_a_span_beyond_the_text(good):
    bad = good.copy()
    bad.loc[3, "end"] = len(TEXT) + 5
    with pytest.raises(CheckError, match="row F004"):
        check_figures(bad, TEXT)


def test_rows_out_of_order(good):
    bad = good.iloc[[1, 0, 2, 3]].reset_index(drop=True)
    # F002 comes first; F001 (start before F002's) is the row out of order
    with pytest.raises(CheckError, match=r"row F001 \('1000万元'\): rows are not in order of start"):
        check_figures(bad, TEXT)


def test_value_norm_not_value_times_factor(good):
    bad = good.copy()
    bad.loc[0, "value_norm"] = 1000.0  # 1000万元 is 1000 × 1e4 = 1e7 yuan, not 1000
    with pytest.raises(CheckError, match=r"row F001 .*value_norm 1000\.0 is not value 1000\.0 x 10000\.0"):
        check_figures(bad, TEXT)


def test_pair_pointing_nowhere(good):
    bad = good.copy()
    bad.loc[2, "pair_figure_id"] = "F999"
    with pytest.raises(CheckError, match="row F003 .*pair_figure_id F999 is not a figure of the table"):
        check_figures(bad, TEXT)


def test_goal_outside_the_vocabulary(good):
    bad = good.copy()
    bad.loc[1, "goal"] = "welfare"
    # the schema check numbers rows as the CSV's data rows: F002 is row 2
    with pytest.raises(CheckError, match=r"figures\.csv does not match its schema: row 2 column goal: 'welfare'"):
        check_figures(bad, TEXT)
