"""Reading reports: encodings, refusals, doc ids."""

import codecs

import pytest

from minsheng.errors import InputError
from minsheng.extraction.reading import decode, make_doc_id, read_report

SAMPLE = "五年来，累计发放救助金41308.83万元，受益群众103747人次。"


@pytest.mark.parametrize("data, encoding", [
    (SAMPLE.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
    (SAMPLE.encode("gbk"), "gb18030"),
    (SAMPLE.encode("gb18030"), "gb18030"),
    (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
])
def test_accepted_encodings_give_the_same_text(data, encoding):
    text, used = decode(data)
    assert text == SAMPLE  # the BOM is removed and nothing else changes
    assert used == encoding


def test_line_ends_and_whitespace_are_kept():
    raw = "标题\r\n  第一段 101069 人次\r\n"
    assert decode(raw.encode("utf-8"))[0] == raw


@pytest.mark.parametrize("data, words", [
    (b"", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    (bytes(range(256)) * 4, "binary"),
    ("五年來，累計發放救助金四萬元，受益群眾一萬人次。".encode("big5"), "neither UTF-8"),
    ("五年来，累计发放救助金四万元，受益群众一万人次。".encode("shift_jis", errors="ignore"), "neither UTF-8"),
    ("Café, naïve, déjà vu — 1 234 €".encode("cp1252"), "neither UTF-8"),
])
def test_refused_inputs_say_what_is_wrong(data, words):
    with pytest.raises(InputError, match=words) as info:
        decode(data, name="report 'x.txt'")
    message = str(info.value)
    assert "\n" not in message and "x.txt" in message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_report(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_report(tmp_path)


@pytest.mark.parametrize("stem, expected", [
    ("Yingquan_2020", "yingquan_2020"),
    ("a-b_c-2", "a-b_c-2"),
])
def test_doc_id_from_stem(tmp_path, stem, expected):
    assert make_doc_id(tmp_path / f"{stem}.txt") == expected


@pytest.mark.parametrize("bad", ["颍泉区", "a b", "a.b", "", "x/y"])
def test_bad_doc_id_is_refused(tmp_path, bad):
    with pytest.raises(InputError, match="doc_id"):
        make_doc_id(tmp_path / "ok.txt", bad)


def test_chinese_stem_gives_a_pinyin_id(tmp_path):
    # once refused with a hint to pass --doc-id; now made from the name (tests/extraction/test_doc_ids.py)
    assert make_doc_id(tmp_path / "颍泉区2020.txt") == "yingquanqu-2020"
    assert make_doc_id(tmp_path / "颍泉区2020.txt", "given") == "given"
