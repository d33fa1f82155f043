"""Provenance (issue 13): text.txt beside the tables is the text every figure's offsets index, and
document.json records the raw file's sha256 and the reader, for each format's fixture."""

import hashlib
import json

import pytest

from conftest import ROOT
from minsheng import io, schema
from minsheng.pipeline import steps

FORMATS = ROOT / "tests" / "fixtures" / "formats"
#: the library each format is read with (README, "Report formats")
READERS = {"txt": "minsheng", "html": "trafilatura ", "pdf": "pdfplumber ", "docx": "python-docx "}


@pytest.mark.parametrize("fmt", ["txt", "html", "docx", "pdf"])
def test_text_txt_is_what_the_figures_index(fmt, tmp_path):
    raw = FORMATS / f"report.{fmt}"
    result = steps.clean_figures(str(raw), "report", str(tmp_path))
    text = (tmp_path / "text.txt").read_bytes().decode("utf-8")  # UTF-8, nothing else
    figures = io.read_figures(tmp_path / "figures.csv")
    assert len(figures) >= 20
    for row in figures.itertuples():
        assert text[row.start:row.end] == row.text, row.figure_id
    document = json.loads((tmp_path / "document.json").read_text(encoding="utf-8"))
    assert schema.validate_document(document) == result.document
    assert document["sha256"] == hashlib.sha256(raw.read_bytes()).hexdigest()
    assert document["text_sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert document["format"] == fmt and document["source_file"] == f"report.{fmt}"
    assert document["reader"] == "minsheng" if fmt == "txt" else document["reader"].startswith(READERS[fmt])
    if fmt != "txt":
        assert any(ch.isdigit() for ch in document["reader"])  # with its version
    # 青溪县 is an invented county: named in the title, matched to nothing
    assert (document["place_name"], document["place_code"]) == (None, None)
    assert document["title"].startswith("青溪县2023年十件民生实事完成情况")


def test_plain_text_txt_is_the_decoded_file_byte_for_byte(tmp_path):
    raw = ROOT / "tests" / "fixtures" / "town_brief_utf8bom.txt"  # UTF-8 with a BOM and CRLF line ends
    steps.clean_figures(str(raw), "town", str(tmp_path))
    data = raw.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "text.txt").read_bytes() == data[3:]  # the BOM removed, the \r\n kept


def test_report_page_shows_text_txt(tmp_path):
    """report.html's annotated text comes from text.txt, not from the raw file read again."""
    from minsheng.reporting import html

    raw = FORMATS / "report.html"
    steps.clean_figures(str(raw), "report", str(tmp_path))
    marked = (tmp_path / "text.txt").read_text(encoding="utf-8").replace("青溪县", "青溪镇", 1)
    (tmp_path / "text.txt").write_text(marked, encoding="utf-8")
    text, document = html.report_text(tmp_path, raw, "report")
    assert text == marked and document["format"] == "html"
