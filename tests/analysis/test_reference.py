"""Reference data: the CPI as received, with its source, and deflating with it."""

from __future__ import annotations

import csv
import hashlib
import shutil

import pytest

from conftest import ROOT
from minsheng.analysis import reference
from minsheng.errors import InputError
from minsheng.reporting import prose

REF = ROOT / "data" / "raw" / "reference"


def test_bundled_cpi_values_and_source():
    cpi = reference.load_cpi(REF / "cpi_cn_yoy.csv")
    assert cpi["year"].tolist() == list(range(2000, 2026))
    # the communiqués' values, 2000 … 2025 (tests/test_raw_data.py checks them against the citations file)
    assert cpi["cpi_yoy_pct"].tolist() == [0.4, 0.7, -0.8, 1.2, 3.9, 1.8, 1.5, 4.8, 5.9, -0.7, 3.3, 5.4, 2.6,
                                           2.6, 2.0, 1.4, 2.0, 1.6, 2.1, 2.9, 2.5, 0.9, 2.0, 0.2, 0.2, 0.0]
    with (REF / "sources.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["file"]: r for r in csv.DictReader(fh)}
    row = rows["cpi_cn_yoy.csv"]
    assert hashlib.sha256((REF / "cpi_cn_yoy.csv").read_bytes()).hexdigest() == row["sha256"]
    assert "National Bureau of Statistics" in row["issuer"] and "Communiqué" in row["citation"]
    assert "http" not in row["citation"] and row["url"].startswith("https://www.stats.gov.cn/")
    assert row["covers"] == "2000-2025" and row["terms"]
    assert reference.source_of(REF / "cpi_cn_yoy.csv")["sha256"] == row["sha256"]


def test_cpi_index_by_hand():
    cpi = reference.load_cpi(REF / "cpi_cn_yoy.csv")
    # 2016 → 2020: the changes of 2017, 2018, 2019, 2020 (not 2016's)
    assert reference.cpi_index(cpi, 2016, 2020) == pytest.approx(1.016 * 1.021 * 1.029 * 1.025)
    assert reference.cpi_index(cpi, 2016, 2020) == pytest.approx(1.094104, abs=1e-6)
    assert reference.cpi_index(cpi, 2019, 2019) == 1.0
    assert reference.cpi_index(cpi, 2015, 2017) == pytest.approx(1.02 * 1.016)
    assert reference.cpi_index(cpi, 2024, 2026) is None  # 2026 not covered: never guessed
    assert reference.cpi_index(cpi, 2020, 2016) is None
    assert reference.cpi_index(cpi, None, 2020) is None
    assert reference.deflate(1094.104, 2020, 2016, cpi) == pytest.approx(1000.0, abs=1e-3)
    assert reference.deflate(100, 2026, 2016, cpi) is None
    assert reference.covered_years(cpi) == "2000-2025"


def test_a_2013_amount_in_2020_prices_by_hand():
    cpi = reference.load_cpi(REF / "cpi_cn_yoy.csv")
    # the changes of 2014 … 2020: 2.0, 1.4, 2.0, 1.6, 2.1, 2.9, 2.5 %
    by_hand = 1.020 * 1.014 * 1.020 * 1.016 * 1.021 * 1.029 * 1.025
    assert by_hand == pytest.approx(1.154242, abs=1e-6)  # step by step: 1.03428, 1.054966, 1.071845, 1.094354, 1.126090
    assert reference.relative_price(cpi, 2013, 2020) == pytest.approx(by_hand)
    assert reference.price_factor(cpi, "2013", 2020) * 1000 == pytest.approx(1154.24, abs=0.01)
    # a later year in earlier prices deflates: 2021 (0.9 %) in 2020 prices
    assert reference.relative_price(cpi, 2021, 2020) == pytest.approx(1 / 1.009)
    # a span: the mean of its years' factors (equal nominal amounts each year): 2019 → 1.025, 2020 → 1
    assert reference.price_factor(cpi, "2019-2020", 2020) == pytest.approx((1.025 + 1.0) / 2)
    assert reference.price_factor(cpi, "2013", 2013) == 1.0
    # not a year, or not covered: no factor, never a guess
    assert reference.price_factor(cpi, "", 2020) is None
    assert reference.price_factor(cpi, "2024-2026", 2020) is None
    assert reference.price_factor(cpi, "1999", 2020) == pytest.approx(reference.cpi_index(cpi, 1999, 2020))
    assert reference.price_factor(cpi, "1998", 2020) is None  # needs the change of 1999: not in the series
    assert reference.price_factor(cpi, "2013", None) is None
    assert reference.period_years("2016-2020") == (2016, 2020) and reference.period_years("2020年") is None


def test_changed_reference_file_is_refused(tmp_path):
    shutil.copy(REF / "sources.csv", tmp_path / "sources.csv")
    (tmp_path / "cpi_cn_yoy.csv").write_text("year,cpi_yoy_pct\n2016,2.0\n2017,9.9\n", encoding="utf-8")
    with pytest.raises(InputError, match="sha256"):
        reference.source_of(tmp_path / "cpi_cn_yoy.csv")
    (tmp_path / "other.csv").write_text("year,cpi_yoy_pct\n2016,2.0\n", encoding="utf-8")
    assert reference.source_of(tmp_path / "other.csv") is None  # not listed: undocumented, said in prose
    text = prose.describe_cpi_source(tmp_path / "other.csv", reference.load_cpi(tmp_path / "other.csv")).data
    assert "no entry" in text


@pytest.mark.parametrize("body, message", [
    ("year,cpi\n2016,2.0\n", "lacks the column"),
    ("year,cpi_yoy_pct\n2016,two\n", "line 2"),
    ("year,cpi_yoy_pct\n2016,2.0\n2016,2.1\n", "more than once"),
    ("year,cpi_yoy_pct\n2016,250\n", "plausible"),
])
def test_bad_cpi_files_fail_loudly(tmp_path, body, message):
    p = tmp_path / "cpi.csv"
    p.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        reference.load_cpi(p)
    with pytest.raises(InputError, match="no such file"):
        reference.load_cpi(tmp_path / "missing.csv")
