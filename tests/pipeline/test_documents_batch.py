"""A batch of reports of several places (issue 16): _compare/documents.csv, one row per report, with two
reports of one place and year flagged."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT, run_steps
from minsheng import io
from minsheng.pipeline import steps

PLACES = ROOT / "tests" / "fixtures" / "places"


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    runs = tmp_path_factory.mktemp("places") / "runs"
    for p in sorted(PLACES.glob("*.txt")):
        run_steps(p, p.stem, runs)
    result = steps.compare_reports(str(runs), str(runs / "_compare"), str(runs / "_compare" / "_build"))
    return runs, result


def test_documents_csv_one_row_per_report(compared):
    runs, result = compared
    table = io.read_table(runs / "_compare" / "documents.csv", "compare_documents")
    assert list(table["doc_id"]) == ["chaoyang_district_2023", "no_place_2023", "suzhou_city_2022",
                                     "yongqiao_district_2021", "yuexi_news_2023", "yuexi_summary_2023"]
    pd.testing.assert_frame_equal(table, result.documents)
    by = table.set_index("doc_id")
    assert by.at["suzhou_city_2022", "place_code"] == "3413"
    assert by.at["chaoyang_district_2023", "place_code"] == ""
    assert by.at["chaoyang_district_2023", "place_candidates"] == "110105;220104"
    assert by.at["yongqiao_district_2021", "population_census_2020"] == 1658682


def test_two_reports_of_one_place_and_year_are_flagged(compared):
    runs, _ = compared
    by = io.read_table(runs / "_compare" / "documents.csv", "compare_documents").set_index("doc_id")
    assert by.at["yuexi_news_2023", "same_place_period"] == "yuexi_summary_2023"
    assert by.at["yuexi_summary_2023", "same_place_period"] == "yuexi_news_2023"
    # no code (ambiguous, no place) or another place: never paired
    others = by.drop(index=["yuexi_news_2023", "yuexi_summary_2023"])
    assert (others["same_place_period"] == "").all()


def test_stated_population_beside_the_census(compared):
    runs, _ = compared
    by = io.read_table(runs / "_compare" / "documents.csv", "compare_documents").set_index("doc_id")
    # 宿州市: "惠及群众超过210万人" is not a population of the place (beneficiaries): none stated
    assert pd.isna(by.at["suzhou_city_2022", "population_stated"])
    assert by.at["suzhou_city_2022", "population_census_2020"] == 5324476
    metrics = io.read_table(runs / "_compare" / "compare_metrics.csv", "compare_metrics").set_index("doc_id")
    assert metrics.at["yuexi_summary_2023", "population_census_2020"] == 323837
    # 12.46亿元 / 323,837 residents = 3,847.6 元 per resident (by hand: 1.246e9 / 323837)
    assert metrics.at["yuexi_summary_2023", "spending_per_resident_census_cny"] == pytest.approx(3847.61, abs=0.01)
