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
    assert cpi["year"].tolist() == [2016, 2017, 2018, 2019, 2020]
    assert cpi["cpi_yoy_pct"].tolist() == [2.0, 1.6, 2.1, 2.9, 2.5]
    with (REF / "sources.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["file"]: r for r in csv.DictReader(fh)}
    row = rows["cpi_cn_yoy.csv"]
    assert hashlib.sha256((REF / "cpi_cn_yoy.csv").read_bytes()).hexdigest() == row["sha256"]
    assert "National Bureau of Statistics" in row["issuer"] and "Communiqué" in row["citation"]
    assert "http" not in row["citation"]
    assert reference.source_of(REF / "cpi_cn_yoy.csv")["sha256"] == row["sha256"]


def test_cpi_index_by_hand():
    cpi = reference.load_cpi(REF / "cpi_cn_yoy.csv")
    # 2016 → 2020: the changes of 2017, 2018, 2019, 2020 (not 2016's)
    assert reference.cpi_index(cpi, 2016, 2020) == pytest.approx(1.016 * 1.021 * 1.029 * 1.025)
    assert reference.cpi_index(cpi, 2016, 2020) == pytest.approx(1.094104, abs=1e-6)
    assert reference.cpi_index(cpi, 2019, 2019) == 1.0
    assert reference.cpi_index(cpi, 2015, 2017) == pytest.approx(1.02 * 1.016)
    assert reference.cpi_index(cpi, 2019, 2021) is None  # 2021 not covered: never guessed
    assert reference.cpi_index(cpi, 2020, 2016) is None
    assert reference.cpi_index(cpi, None, 2020) is None
    assert reference.deflate(1094.104, 2020, 2016, cpi) == pytest.approx(1000.0, abs=1e-3)
    assert reference.deflate(100, 2021, 2016, cpi) is None
    assert reference.covered_years(cpi) == "2016-2020"


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
