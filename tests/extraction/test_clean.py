"""The clean stage on the bundled report, and the checks every run makes on its table."""

import pytest

from conftest import BUNDLED, REVIEWED_FIGURES
from minsheng.errors import CheckError
from minsheng.extraction.checks import check_figures
from minsheng.extraction.clean import FIGURE_COLUMNS, corrected_table, figures_from_text, figures_table, to_csv
from minsheng.extraction.reading import read_report


@pytest.fixture(scope="module")
def table():
    return figures_table(read_report(BUNDLED))


def test_whole_table_equals_the_reviewed_expected_file(table):
    # the committed figures.csv was reviewed line by line against the report; it holds the
    # committed corrections (data/corrections/), and the rules' own table differs from it only there
    expected = REVIEWED_FIGURES.read_text(encoding="utf-8")
    corrected, applied = corrected_table(read_report(BUNDLED))
    assert to_csv(corrected) == expected
    assert applied.changed == {"set": 1, "drop": 0, "add": 0}
    rules, committed = to_csv(table).splitlines(), expected.splitlines()
    assert len(rules) == len(committed)
    changed = [c.split(",")[1] for r, c in zip(rules, committed) if r != c]
    assert changed == ["F005"]  # 33项: period 2020 by hand (the paragraph is about 2020's work)


def test_bundled_report_headline_rows(table, bundled_text):
    assert len(table) == 43
    by_text = table.set_index("text")
    assert by_text.loc["57.93亿元", "value_norm"] == 5_793_000_000
    assert by_text.loc["57.93亿元", "goal"] == "overall"
    assert by_text.loc["41308.83万元", "value_norm"] == 413_088_300
    assert by_text.loc["103747人次", "unit_norm"] == "person_time"
    assert by_text.loc["95%以上", "qualifier"] == "at_least"
    assert by_text.loc["70多万城乡居民", "metric"] == "population"
    low = by_text.loc["每人每年3088.42元"]
    high = by_text.loc["7368元"]
    assert (low["period"], high["period"]) == ("2016", "2020")
    assert high["unit_norm"] == low["unit_norm"] == "CNY/person/year"
    assert high["pair_figure_id"] == low["figure_id"] and low["pair_role"] == "from"
    # no years, list numbers or plan labels
    assert set(table.loc[table["text"].str.endswith("年"), "text"]) == {"5年"}  # 连续5年, a duration
    assert not table["text"].str.contains("十三五|、|20[12][0-9]").any()
    for row in table.itertuples():
        assert bundled_text[row.start:row.end] == row.text


def test_goals_of_the_report(table):
    counts = table["goal"].value_counts().to_dict()
    assert counts == {
        "social_assistance": 14, "education": 6, "housing": 5, "health": 4, "overall": 4,
        "early_childhood": 3, "elderly": 4, "employment": 2, "other": 1,
    }


def test_text_without_figures_gives_a_header_only_table():
    df = figures_from_text("本报告没有任何数字。", "none")
    assert list(df.columns) == FIGURE_COLUMNS and df.empty
    assert to_csv(df) == ",".join(FIGURE_COLUMNS) + "\n"


def test_csv_format_is_the_contracts():
    csv_text = to_csv(figures_from_text("发放资金1.5万元，惠及120人。", "d"))
    assert "\r" not in csv_text and not csv_text.startswith("\ufeff")
    lines = csv_text.splitlines()
    assert lines[1].split(",")[4:8] == ["1.5万元", "1.5", "万元", "15000"]


@pytest.mark.parametrize("column, bad, message", [
    ("text", "7368", "text is not report"),
    ("value_norm", 1.0, "value_norm"),
    ("unit_norm", "yuan", "schema"),
    ("figure_id", "F001", "schema"),
])
def test_check_stops_on_a_bad_row_and_names_it(table, bundled_text, column, bad, message):
    broken = table.copy()
    broken.loc[1, column] = bad
    with pytest.raises(CheckError, match=message) as info:
        check_figures(broken, bundled_text)
    if column in ("text", "value_norm"):
        assert "F002" in str(info.value)


def test_missing_column_fails_loudly(table, bundled_text):
    with pytest.raises(CheckError, match="schema"):
        check_figures(table.drop(columns=["period"]), bundled_text)


def test_two_runs_give_identical_bytes():
    a = to_csv(figures_table(read_report(BUNDLED)))
    b = to_csv(figures_table(read_report(BUNDLED)))
    assert a == b
