"""Raw data is kept as received: the bundled report's bytes match its sources file."""

import csv
import hashlib

from conftest import ROOT


def test_bundled_report_bytes_match_sources_file():
    raw = ROOT / "data" / "raw"
    with (raw / "sources.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["file"] for r in rows] == ["yingquan_minsheng_2016_2020.txt"]
    data = (raw / rows[0]["file"]).read_bytes()
    assert len(data) == 7008
    # the sha256 of ../shared/source/000_458ccbd893634e84.txt, as received
    assert hashlib.sha256(data).hexdigest() == rows[0]["sha256"] == (
        "0a6bb6cf430060cca1dcd172adf04312fa60ae35d0fbc87dfb9154b20703d729"
    )


def test_default_report_is_the_bundled_one():
    from minsheng import paths

    assert paths.DEFAULT_REPORT == ROOT / "data" / "raw" / "yingquan_minsheng_2016_2020.txt"
    assert paths.PROJ_ROOT == ROOT


def test_reference_files_match_their_sources_rows():
    """Every file in data/raw/reference/ is documented in its sources.csv with the right sha256,
    and the division and census tables are the shared ones byte for byte (their sha256 from the
    shared SOURCES.md files, typed here by hand)."""
    ref = ROOT / "data" / "raw" / "reference"
    with (ref / "sources.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["file"]: r for r in csv.DictReader(fh)}
    shared = {
        "admin_areas.csv": "169b8d99654c28cbd285e771e00688837f77af8d50c2b703592146388d2a99ab",
        "admin_cities.csv": "a9c818e8a5120189173668b40882ce8bf59a7ec2b057c49d7a724a04bec727f2",
        "admin_provinces.csv": "b17e76dab634e24e0f56021f15737c0a526dc7f0c4e39d21abeba5a8668383cd",
        "census_2020_county_population.csv": "59bdc25625dd03612cb27935c8dbee0cfdc9f4099329120d3e0e246e45b9bbb6",
    }
    for name, digest in shared.items():
        assert hashlib.sha256((ref / name).read_bytes()).hexdigest() == rows[name]["sha256"] == digest
        assert rows[name]["citation"] and rows[name]["notes"]
    for name, row in rows.items():
        assert hashlib.sha256((ref / name).read_bytes()).hexdigest() == row["sha256"], name
    assert "DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE" in (ref / "LICENSE-admin_divisions.txt").read_text(encoding="utf-8")
    assert "MIT License" in (ref / "LICENSE-census_2020.txt").read_text(encoding="utf-8")


def test_reference_files_match_their_sources_file():
    ref = ROOT / "data" / "raw" / "reference"
    with (ref / "sources.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["file"]: r for r in csv.DictReader(fh)}
    assert sorted(rows) == sorted(p.name for p in ref.iterdir() if p.name != "sources.csv" and not p.name.startswith("LICENSE-"))
    for name, row in rows.items():
        assert hashlib.sha256((ref / name).read_bytes()).hexdigest() == row["sha256"], name
    # every CPI value has its per-year source, with the same value, and says whether it was checked
    with (ref / "cpi_cn_yoy.csv").open(encoding="utf-8", newline="") as fh:
        values = [(r["year"], r["cpi_yoy_pct"]) for r in csv.DictReader(fh)]
    with (ref / "cpi_cn_yoy_citations.csv").open(encoding="utf-8", newline="") as fh:
        cited = list(csv.DictReader(fh))
    assert [(r["year"], r["cpi_yoy_pct"]) for r in cited] == values
    assert [y for y, _v in values] == [str(y) for y in range(2000, 2026)]
    assert {r["checked"] for r in cited} == {"confirmed", "not confirmed here"}
    assert all(r["checked_against"].startswith("http") == (r["checked"] == "confirmed") for r in cited)
    assert all(f"{r['year']}年国民经济和社会发展统计公报" in r["source"] for r in cited)
