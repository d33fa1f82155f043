"""The README, the data dictionary and the published tables say the same thing."""

import re

import pandas as pd

from conftest import ROOT
from minsheng import dictionary

PUBLISHED = ROOT / "data" / "processed" / "yingquan_minsheng_2016_2020"


def test_readme_names_every_column_of_every_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for table, cols in {**dictionary.TABLES, **dictionary.COMPARE_TABLES}.items():
        for name, *_ in cols:
            assert re.search(rf"\b{re.escape(name)}\b", readme), f"README does not document {table}.{name}"


def test_published_tables_have_the_dictionarys_columns_in_order():
    for table in dictionary.TABLES:
        df = pd.read_csv(PUBLISHED / f"{table}.csv", nrows=0)
        assert list(df.columns) == dictionary.columns(table), table


def test_contract_columns_come_first():
    # the data contract's columns, in its order; added columns may only follow
    contract = {
        "figures": ["doc_id", "figure_id", "start", "end", "text", "value", "unit_raw", "value_norm", "unit_norm",
                    "qualifier", "period", "goal", "program", "program_en", "metric", "sentence"],
        "programs": ["doc_id", "goal", "program", "program_en", "spending_cny", "beneficiaries", "beneficiary_unit",
                     "cny_per_beneficiary", "years", "cny_per_beneficiary_year", "spending_figure_id",
                     "beneficiaries_figure_id", "notes"],
        "standards": ["doc_id", "goal", "program", "program_en", "unit_norm", "base_year", "base_value", "final_year",
                      "final_value", "ratio", "cagr", "cagr_real", "base_figure_id", "final_figure_id"],
        "goals": ["doc_id", "goal", "spending_cny", "share_of_total", "n_figures"],
    }
    for table, cols in contract.items():
        assert dictionary.columns(table)[: len(cols)] == cols, table
