"""Which place a report is about (minsheng.extraction.place, document.describe): hand-checked fixtures."""

import json

import pytest

from conftest import ROOT
from minsheng.extraction.document import describe, read_document, read_head
from minsheng.extraction.place import Zone, find_names, match_place, name_index, self_reference
from minsheng.extraction.reading import read_report

PLACES = ROOT / "tests" / "fixtures" / "places"
FIELDS = ("place_name", "place_code", "place_level", "place_candidates", "place_scope", "place_found_in",
          "population_census_2020", "issuer", "period", "report_kind")


@pytest.mark.parametrize("stem", sorted(p.name.removesuffix(".expected.json") for p in PLACES.glob("*.expected.json")))
def test_place_fixture(stem):
    expected = json.loads((PLACES / f"{stem}.expected.json").read_text(encoding="utf-8"))
    got = describe(read_report(PLACES / f"{stem}.txt"))
    assert {k: got[k] for k in FIELDS} == expected


def test_the_six_fixtures_cover_what_the_issue_asks():
    stems = {p.stem for p in PLACES.glob("*.txt")}
    assert stems == {"yuexi_summary_2023", "yuexi_news_2023", "suzhou_city_2022", "yongqiao_district_2021",
                     "chaoyang_district_2023", "no_place_2023"}


def _place(text: str):
    doc = read_document(text)
    return match_place(text, read_head(text, doc.title, doc.work_report).zones)


def test_an_autonomous_county_by_its_short_forms():
    for title in ("石林彝族自治县2023年民生实事完成情况", "石林县2023年民生实事完成情况", "石林：民生实事件件落地"):
        p = _place(f"{title}\n全县共投入资金3.2亿元。\n")
        assert (p.code, p.level, p.population_census_2020) == ("530126", "county", 240827), title


def test_a_city_named_before_an_ambiguous_district_resolves_it():
    p = _place("长春市朝阳区2023年民生实事完成情况\n全区共投入资金3.2亿元。\n")
    assert (p.name, p.code, p.candidates) == ("朝阳区", "220104", None)
    p = _place("北京市朝阳区2023年民生实事完成情况\n全区共投入资金3.2亿元。\n")
    assert p.code == "110105"


def test_the_self_reference_picks_among_units_of_one_short_name():
    # 朝阳: 朝阳市 (2113), 朝阳县 (211321), two 朝阳区; 全县 leaves the county
    p = _place("朝阳：民生工程惠及千家万户\n今年以来，全县投入资金2亿元，全县群众受益。\n")
    assert (p.name, p.code, p.level, p.scope) == ("朝阳", "211321", "county", "全县")


def test_a_level_written_after_a_short_form_must_be_the_units_own():
    # 东湖区 exists (Nanchang), 东湖县 does not: 东湖县 is no name of the table
    assert _place("东湖县2023年财政预算执行情况\n全县一般公共预算收入18.64亿元。\n").code is None


def test_a_name_inside_an_award_in_quotation_marks_is_not_the_scope():
    text = "颍泉区民生工程总结\n全区投入5亿元，荣获“全市民生工程实施杰出奖”“全市先进”。\n"
    assert self_reference(text) == ("全区", "区")


def test_no_place_from_the_file_name(tmp_path):
    path = tmp_path / "岳西县2023年民生工程.txt"
    path.write_text("2023年民生工程实施情况\n今年以来，全县投入资金2亿元。\n", encoding="utf-8")
    d = describe(read_report(path))
    assert d["place_name"] is None and d["place_code"] is None and d["population_census_2020"] is None


def _all_lines(text):
    pos, out = 0, []
    for line in text.splitlines(keepends=True):
        out.append(Zone("opening", pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return out


def test_false_matches_on_every_line_of_the_older_fixtures():
    """The most permissive reading (every line a zone) of the 11 older fixtures finds only the two invented
    places that happen to be real names (石泉县, 临江市), each where it is written, and no ordinary word
    (新建、改扩建 was read as 新建区 before `ordinary_words`)."""
    found = {}
    files = sorted([*ROOT.glob("tests/fixtures/*.txt"), *ROOT.glob("tests/fixtures/meaning/*.txt")])
    assert len(files) == 11
    for f in files:
        text = read_report(f).text
        names = [m.surface for m in find_names(text, _all_lines(text))]
        if names:
            found[f.name] = names
    assert found == {"multi_year_span_in_opening.txt": ["石泉县", "石泉县"],
                     "work_report_fullwidth.txt": ["临江市", "临江市"]}


def test_the_older_fixtures_documents():
    """Their place from the zones: the invented places are not in the table (null), the two real names are matched."""
    got = {}
    for f in sorted([*ROOT.glob("tests/fixtures/*.txt"), *ROOT.glob("tests/fixtures/meaning/*.txt")]):
        d = describe(read_report(f))
        if d["place_name"] is not None:
            got[f.name] = (d["place_name"], d["place_code"], d["place_level"])
    assert got == {"multi_year_span_in_opening.txt": ("石泉县", "610922", "county"),
                   "work_report_fullwidth.txt": ("临江市", "220681", "county")}


def test_the_bundled_report():
    d = describe(read_report(ROOT / "data" / "raw" / "yingquan_minsheng_2016_2020.txt"))
    assert {k: d[k] for k in ("place_name", "place_code", "place_level", "period", "report_kind",
                              "population_census_2020", "place_scope", "issuer")} == {
        "place_name": "颍泉区", "place_code": "341204", "place_level": "county", "period": "2016-2020",
        "report_kind": "multi_year", "population_census_2020": 598004, "place_scope": "全区", "issuer": None}


def test_the_name_index_is_built_once():
    assert name_index() is name_index()
    idx = name_index()
    assert idx.forms["岳西"] == (("340828", True),) and idx.forms["岳西县"] == (("340828", False),)
    assert "萧" not in idx.forms and "新建" not in idx.forms  # a one-character short form, an ordinary word
    assert {c for c, _ in idx.forms["朝阳区"]} == {"110105", "220104"}


def test_issuer_lines():
    text = "关于东湖县2023年财政预算执行情况的报告\n——2024年1月15日在东湖县第十七届人民代表大会第三次会议上\n东湖县财政局\n\n各位代表：\n"
    assert read_head(text, read_document(text).title).issuer == "东湖县财政局"
    tail = "某县民生工程进展\n全县投入2亿元。\n牵头单位：县文化旅游体育局、县数据资源管理局\n"
    assert read_head(tail, "某县民生工程进展").issuer is None  # a table's note, not a signature
