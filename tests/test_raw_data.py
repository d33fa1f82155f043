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
