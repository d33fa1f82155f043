"""The command line: outputs, exit codes, and one clear line for bad input.

In-process (the ``cli`` fixture of conftest): what the command writes and returns. One test runs a real
process (its standard output's encoding); ``python -m minsheng`` as a process is tested in tests/test_tooling.py.
"""

import codecs
import io

import pandas as pd
import pytest

from conftest import BUNDLED, REVIEWED_FIGURES, run_cli
from minsheng.extraction.clean import FIGURE_COLUMNS

TEXT = "“十三五”期间，累计发放救助金41308.83万元、受益群众103747人次。\n2020年新建幼儿园三所。\n"


def _one_clean_error_line(proc, *words):
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert lines[0].startswith("minsheng: error: ")
    for w in words:
        assert w in lines[0]
    assert proc.stdout == ""  # nothing half-written


def test_extract_default_is_the_bundled_report():
    # a real process: the bundled report's Chinese text through its standard output's encoding
    proc = run_cli("extract")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == REVIEWED_FIGURES.read_text(encoding="utf-8")


def test_extract_with_doc_id(tmp_path, cli):
    f = tmp_path / "report.txt"
    f.write_text(TEXT, encoding="utf-8")
    proc = cli("extract", f, "--doc-id", "My-Report_2")
    assert proc.returncode == 0, proc.stderr
    df = pd.read_csv(io.StringIO(proc.stdout), keep_default_na=False)
    assert list(df.columns) == FIGURE_COLUMNS
    assert set(df["doc_id"]) == {"my-report_2"}
    assert list(df["text"]) == ["41308.83万元", "103747人次", "三所"]
    assert list(df["period"]) == ["2016-2020", "2016-2020", "2020"]


def test_missing_file(tmp_path, cli):
    _one_clean_error_line(cli("extract", tmp_path / "absent.txt"), "absent.txt", "does not exist")


def test_empty_file(tmp_path, cli):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    _one_clean_error_line(cli("extract", f), "empty")


def test_binary_file(tmp_path, cli):
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    _one_clean_error_line(cli("extract", f), "binary")


def test_bad_doc_id(tmp_path, cli):
    f = tmp_path / "ok.txt"
    f.write_text(TEXT, encoding="utf-8")
    _one_clean_error_line(cli("extract", f, "--doc-id", "bad id!"), "doc_id", "--doc-id")


def test_any_file_name_gives_a_doc_id(tmp_path, cli):
    # once refused (needed --doc-id); now the id is made from the name: pinyin, the space a '-'
    f = tmp_path / "颍泉 区.txt"
    f.write_text(TEXT, encoding="utf-8")
    proc = cli("extract", f)
    assert proc.returncode == 0 and proc.stderr == ""
    df = pd.read_csv(io.StringIO(proc.stdout), keep_default_na=False)
    assert set(df["doc_id"]) == {"yingquan-qu"}
    assert list(df["text"]) == ["41308.83万元", "103747人次", "三所"]


def test_unknown_option(cli):
    _one_clean_error_line(cli("extract", "--frobnicate"), "--frobnicate")


def test_text_without_figures_is_a_header_only_table(tmp_path, cli):
    f = tmp_path / "nofig.txt"
    f.write_text("二、主要工作措施\n明确责任、高位推进。\n", encoding="utf-8")
    proc = cli("extract", f)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout == ",".join(FIGURE_COLUMNS) + "\n"


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("gbk"),
    lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
])
def test_other_encodings_give_the_same_figures_and_offsets(tmp_path, encode, cli):
    (tmp_path / "a.txt").write_bytes(TEXT.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(encode(TEXT))
    a = cli("extract", tmp_path / "a.txt", "--doc-id", "x")
    b = cli("extract", tmp_path / "b.txt", "--doc-id", "x")
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout and a.stdout.count("\n") == 4


def test_bundled_report_in_gbk_gives_the_same_table(tmp_path, cli):
    text = BUNDLED.read_text(encoding="utf-8")
    f = tmp_path / "yingquan_minsheng_2016_2020.txt"
    f.write_bytes(text.encode("gb18030"))
    proc = cli("extract", f)
    assert proc.stdout == REVIEWED_FIGURES.read_text(encoding="utf-8")


def test_number_cut_off_at_the_end_of_the_file(tmp_path, cli):
    f = tmp_path / "cut.txt"
    f.write_bytes("累计发放救助金120万元，拨付资金57.".encode())
    proc = cli("extract", f)
    assert proc.returncode == 0, proc.stderr
    df = pd.read_csv(io.StringIO(proc.stdout), keep_default_na=False)
    assert list(df["text"]) == ["120万元"]


def test_utf8_cut_inside_a_character_is_refused_cleanly(tmp_path, cli):
    f = tmp_path / "cut.txt"
    f.write_bytes("拨付资金57.93亿元".encode()[:-2])
    # a lone lead byte at the end is neither valid UTF-8 nor valid GB18030
    _one_clean_error_line(cli("extract", f), "neither UTF-8")
