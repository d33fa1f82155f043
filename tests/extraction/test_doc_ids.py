"""Report ids: made from any file name, checked when given, unique within a run."""

import io
import logging
import shutil

import pandas as pd
import pytest

from conftest import FIXTURES
from minsheng.cli import main
from minsheng.errors import InputError
from minsheng.extraction.doc_ids import DOC_ID_RE, MAX_LEN, check_doc_id, doc_id_from_name, unique_doc_ids
from minsheng.extraction.reading import read_report
from minsheng.pipeline import runner

SMALL = FIXTURES / "city_news_release.txt"


@pytest.fixture
def said(capsys):
    """What a run said, each line once: the lines on stderr and the messages logged under ``minsheng``
    (the same line may come both ways: the command line sends the log to stderr)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = records.append
    logger = logging.getLogger("minsheng")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)

    def lines() -> list[str]:
        got = capsys.readouterr().err.splitlines() + [r.getMessage() for r in records]
        return list(dict.fromkeys(got))

    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.mark.parametrize("stem, expected", [
    # 颍 yǐng 泉 quán 区 qū · 民生 mínshēng · 工程 gōngchéng · 总结 zǒngjié: one run, syllables joined
    ("颍泉区民生工程总结", "yingquanquminshenggongchengzongjie"),
    ("my report 2020", "my-report-2020"),
    ("颍泉 区", "yingquan-qu"),
    ("颍泉区2020", "yingquanqu-2020"),          # a '-' between a Chinese run and a digit
    ("2020年民生", "2020-nianminsheng"),
    ("颍泉区_2020", "yingquanqu_2020"),          # a '_' already there is kept, no '-' added
    ("Yingquan_2020", "yingquan_2020"),
    ("a-b_c-2", "a-b_c-2"),
    ("yingquan_minsheng_2016_2020", "yingquan_minsheng_2016_2020"),  # the bundled report keeps its id
    ("绿色", "lvse"),                              # ü written v, as pypinyin's NORMAL style does
    ("Café déjà vu", "cafe-deja-vu"),
    ("２０２０年报告", "2020-nianbaogao"),           # full-width digits read as digits
    ("（草稿）颍泉区", "caogao-yingquanqu"),
    ("  --a...b--  ", "a-b"),
    ("《》", "report"),
    ("", "report"),
])
def test_doc_id_from_name(stem, expected):
    assert doc_id_from_name(stem) == expected


@pytest.mark.parametrize("stem", ["报告😀", "\u202eevil", "tab\there", "a\x00b", "ÆØÅ", "Ωmega", "々", "ｶﾀｶﾅ", "x" * 300])
def test_any_name_gives_a_valid_id(stem):
    doc_id = doc_id_from_name(stem)
    assert DOC_ID_RE.fullmatch(doc_id) and len(doc_id) <= MAX_LEN
    assert not doc_id.startswith("-") and not doc_id.endswith("-") and "--" not in doc_id


def test_long_names_are_cut_but_stay_distinct():
    a, b = "颍泉区民生工程" * 20 + "第一卷", "颍泉区民生工程" * 20 + "第二卷"
    ida, idb = doc_id_from_name(a), doc_id_from_name(b)
    assert len(ida) == len(idb) == MAX_LEN
    assert ida != idb and ida[:80] == idb[:80]
    assert ida.startswith("yingquanquminshenggongcheng" * 3)
    assert doc_id_from_name(a) == ida  # deterministic


@pytest.mark.parametrize("given, expected", [("My-Report_2", "my-report_2"), ("x", "x")])
def test_given_id_is_lower_cased(given, expected):
    assert check_doc_id(given) == expected


@pytest.mark.parametrize("bad", ["颍泉区", "a b", "a.b", "", "x/y"])
def test_given_id_must_be_plain(bad):
    with pytest.raises(InputError, match="--doc-id"):
        check_doc_id(bad)


def test_unique_ids_in_the_order_given():
    assert unique_doc_ids(["a", "b", "a", "a"]) == (["a", "b", "a-2", "a-3"], [(2, 0, "a-2"), (3, 0, "a-3")])
    # a report whose own id is a-2 keeps it, whatever the order
    assert unique_doc_ids(["a", "a", "a-2"])[0] == ["a", "a-3", "a-2"]
    assert unique_doc_ids(["x", "y"]) == (["x", "y"], [])


def test_report_keeps_its_file_name(tmp_path):
    f = tmp_path / "颍泉区民生工程总结.txt"
    shutil.copy(SMALL, f)
    report = read_report(f)
    assert report.source_file == "颍泉区民生工程总结.txt"
    assert report.doc_id == "yingquanquminshenggongchengzongjie"
    assert read_report(f, "given").doc_id == "given"


def test_a_run_tells_equal_ids_apart_and_says_so(tmp_path, caplog):
    a, b, c = tmp_path / "x" / "same.txt", tmp_path / "y" / "same.txt", tmp_path / "z" / "Same.txt"
    for p in (a, b, c):
        p.parent.mkdir()
        p.write_text("发放资金5万元。", encoding="utf-8")
    with caplog.at_level("WARNING", logger="minsheng"):
        docs = runner._prepare([str(a), str(b), str(c)])
    assert [d.doc_id for d in docs] == ["same", "same-2", "same-3"]
    assert [d.source_file for d in docs] == ["same.txt", "same.txt", "Same.txt"]
    lines = [r.getMessage() for r in caplog.records]  # warnings of the minsheng logger (stderr from the CLI)
    assert len(lines) == 2
    assert str(b) in lines[0] and str(a) in lines[0] and "'same-2'" in lines[0]
    assert str(c) in lines[1] and "'same-3'" in lines[1]


def test_extract_takes_a_chinese_file_name(tmp_path, capsys):
    f = tmp_path / "颍泉区民生工程总结.txt"
    shutil.copy(SMALL, f)
    assert main(["extract", str(f)]) == 0
    df = pd.read_csv(io.StringIO(capsys.readouterr().out), keep_default_na=False)
    expected = pd.read_csv(FIXTURES / "city_news_release.expected.csv", keep_default_na=False)
    assert len(df) == len(expected) == 63
    assert set(df["doc_id"]) == {"yingquanquminshenggongchengzongjie"}


def test_extract_refuses_a_bad_given_id(tmp_path, capsys):
    assert main(["extract", str(SMALL), "--doc-id", "bad id!"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--doc-id" in err[0] and "'bad id!'" in err[0]


@pytest.mark.notebooks  # three reports: notebook 30 compares them in a kernel
def test_run_without_doc_ids_gives_distinct_folders(tmp_path, said):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    reports = [tmp_path / "in" / "颍泉区民生工程总结.txt", tmp_path / "in" / "my report 2020.txt",
               tmp_path / "in" / "sub" / "My Report 2020.txt"]
    for r in reports:
        shutil.copy(SMALL, r)
    out = tmp_path / "out"
    code = main(["run", *map(str, reports), "--out", str(out), "-j", "1"])
    lines = said()
    assert code == 0, lines
    ids = ["yingquanquminshenggongchengzongjie", "my-report-2020", "my-report-2020-2"]
    assert {p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))} == set(ids)
    assert (out / "index.html").is_file()  # the batch's index page beside the report folders
    for doc_id in ids:
        figures = pd.read_csv(out / doc_id / "figures.csv", keep_default_na=False)
        assert len(figures) == 63 and set(figures["doc_id"]) == {doc_id}
    renamed = [line for line in lines if "gets 'my-report-2020-2'" in line]
    assert len(renamed) == 1 and str(reports[2]) in renamed[0] and str(reports[1]) in renamed[0]
