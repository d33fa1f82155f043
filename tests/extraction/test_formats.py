"""Reports as web pages, PDF and Word files: the same text and figures as the plain-text report.

The documents are in tests/fixtures/formats/, made by make_documents.py there (the same
invented report in four formats, and bad or hostile documents). Documents that need no
library beyond the project's are made here, in the test's own folder.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile

import pytest

from conftest import FIXTURES
from minsheng.cli import main
from minsheng.errors import InputError
from minsheng.extraction.clean import figures_table
from minsheng.extraction.formats import pdf as pdf_reader
from minsheng.extraction.formats import sniff
from minsheng.extraction.reading import Report, page_of, read_report

DOCS = FIXTURES / "formats"
COMPARED = ["text", "value", "unit_norm", "qualifier", "goal", "metric", "period"]

# what the site around the article in report.html shows, and what no reader may take from it
CHROME = [
    "2.1亿元", "3.6亿元", "4200人", "1.3亿元",  # related news and the previous article: other articles' figures
    "3621", "1268345", "浏览次数", "访客",  # visit counters
    "12345人次", "9.9亿元", "88888",  # inside <script> and <style>
    "ICP", "公网安备", "0558-6612345", "3411220001",  # footer: licence, phone, site code
    "首页", "当前位置", "政务公开", "分享到", "微博", "上一篇", "下一篇", "相关新闻", "无障碍", "主办",
]
# worked out from make_documents.py's layout (19 lines a page; the title takes two, so page 1 ends
# with "完成农村危房改造386户，改造城镇老旧小区21个，惠及居"): page 2 begins at "民5400户", the rest
# of the housing paragraph, then the table and the ending
PAGE_2_FIGURES = ["5400户", "10250万元", "5400户", "1158万元", "386户", "3180万元", "2100户"]
MONEY = {"4.87亿元": 487_000_000, "1.26亿元": 126_000_000, "8600万元": 86_000_000,
         "10250万元": 102_500_000, "1158万元": 11_580_000, "3180万元": 31_800_000}


@pytest.fixture(scope="module")
def txt() -> Report:
    return read_report(DOCS / "report.txt")


@pytest.fixture(scope="module")
def txt_figures(txt):
    return figures_table(txt)


# --- the same report in four formats ----------------------------------------------------

@pytest.mark.parametrize("name, fmt, library", [
    ("report.html", "html", "trafilatura "),
    ("report.docx", "docx", "python-docx "),
    ("report.pdf", "pdf", "pdfplumber "),
])
def test_every_format_gives_the_text_of_the_plain_text_report(txt, name, fmt, library):
    report = read_report(DOCS / name)
    assert report.text == txt.text  # one paragraph a line, the table as " | " rows, nothing else
    assert report.format == fmt
    assert report.reader.startswith(library) and report.reader[len(library):][0].isdigit()
    assert report.sha256 == hashlib.sha256((DOCS / name).read_bytes()).hexdigest()
    assert report.source_file == name and report.doc_id == "report"


@pytest.mark.parametrize("name", ["report.html", "report.docx", "report.pdf"])
def test_every_format_gives_the_same_figures(txt_figures, name):
    got = figures_table(read_report(DOCS / name))
    assert got[COMPARED].to_dict("records") == txt_figures[COMPARED].to_dict("records")


def test_the_plain_text_report_keeps_its_reading(txt):
    assert (txt.format, txt.reader, txt.encoding, txt.page_starts) == ("txt", "minsheng", "utf-8", ())
    assert txt.sha256 == hashlib.sha256((DOCS / "report.txt").read_bytes()).hexdigest()
    assert txt.text == (DOCS / "report.txt").read_text(encoding="utf-8")


def test_the_money_and_the_table_come_out_of_every_format(txt_figures):
    for name in ("report.txt", "report.html", "report.docx", "report.pdf"):
        df = figures_table(read_report(DOCS / name))
        money = dict(zip(df.loc[df.unit_norm == "CNY", "text"], df.loc[df.unit_norm == "CNY", "value_norm"]))
        assert money == MONEY, name
        text = read_report(DOCS / name).text
        assert "项目 | 完成投资 | 受益户数\n老旧小区改造 | 10250万元 | 5400户\n" in text, name
        standard = df[df.text.str.startswith("每人每月")]
        assert list(standard.value) == [150, 165] and set(standard.unit_norm) == {"CNY/person/month"}, name


# --- web pages --------------------------------------------------------------------------

def test_site_chrome_scripts_and_styles_are_not_report_text():
    report = read_report(DOCS / "report.html")
    for piece in CHROME:
        assert piece not in report.text, piece
    assert report.encoding == "utf-8"


def test_a_gbk_page_is_decoded_from_its_meta_charset(tmp_path, txt):
    page = (DOCS / "report.html").read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gb2312"')
    page = page.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    (tmp_path / "page.htm").write_bytes(page.encode("gbk"))
    report = read_report(tmp_path / "page.htm")
    assert report.encoding == "gb18030" and report.text == txt.text


def test_the_fallback_takes_the_largest_content_block(monkeypatch, txt):
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *a, **k: None)  # as when it finds no main text
    report = read_report(DOCS / "report.html")
    assert report.reader.startswith("lxml ") and "fallback" in report.reader
    assert report.text == txt.text


@pytest.mark.parametrize("line, furniture", [
    ("发布时间：2024-01-15 09:30　来源：县政府办公室　浏览次数：3621次", True),
    ("您是本站第1268345位访客", True),
    ("皖ICP备12345678号-1", True),
    ("上一篇：我县拨付资金1.3亿元", True),
    ("三、网站访问量稳步提升", False),  # a heading of the article
    ("全年政务网站访问量达120万人次", False),  # a sentence of the article
    ("政务网站 | 访问量 | 120万人次", False),  # a table row of the article
    ("来源：县统计局", False),  # one metadata word alone may be the article's
])
def test_page_furniture_lines(line, furniture):
    from minsheng.extraction.formats.html import _is_furniture

    assert _is_furniture(line) is furniture


def test_a_page_of_only_navigation_is_refused():
    with pytest.raises(InputError, match="no main text") as info:
        read_report(DOCS / "nav_only.html")
    _one_line(info, "nav_only.html")


def test_an_oversized_page_is_refused_before_parsing(tmp_path):
    from minsheng.extraction.formats import html

    big = tmp_path / "big.html"
    with big.open("wb") as fh:
        fh.write(b"<!DOCTYPE html><html><body><p>")
        fh.write(b"\xe6\xb0\x91" * ((html.MAX_BYTES // 3) + 10))  # 民 …: just over the limit
        fh.write(b"</p></body></html>")
    with pytest.raises(InputError, match="50 MB limit") as info:
        read_report(big)
    _one_line(info, "big.html")


# --- PDF --------------------------------------------------------------------------------

def test_pdf_pages_are_found_by_offset(txt):
    report = read_report(DOCS / "report.pdf")
    assert report.page_starts == (0, txt.text.index("民5400户"))
    df = figures_table(report)
    pages = [page_of(report, s) for s in df.start]
    assert list(df.text[[p == 2 for p in pages]]) == PAGE_2_FIGURES
    assert set(pages) == {1, 2} and pages.count(1) == len(df) - len(PAGE_2_FIGURES)
    assert all(page_of(txt, s) is None for s in df.start)


def test_page_of_bisects_the_page_starts():
    r = Report(doc_id="x", path=DOCS, text="a" * 30, encoding="", format="pdf", page_starts=(0, 10, 20))
    assert [page_of(r, o) for o in (0, 9, 10, 19, 20, 29)] == [1, 1, 2, 2, 3, 3]


def test_pdf_line_breaks_inside_sentences_and_figures_are_joined():
    text = read_report(DOCS / "report.pdf").text
    assert "1.26亿元" in text and "1.26亿\n" not in text  # "1.26亿" / "元" on two lines in the PDF
    assert "每人每月165元" in text  # "…提高到每人" / "每月165元…"
    assert "惠及居民5400户" in text  # across the page break
    assert "青溪县2023年十件民生实事完成情况\n" in text and "青青" not in text  # the fake-bold title, once
    assert "- 1 -" not in text and "- 2 -" not in text  # page numbers


@pytest.mark.parametrize("line, expected", [
    ("民民生生工工程程", "民生工程"),
    ("一一、、教教育育", "一、教育"),
    ("民民生生工程", "民民生生工程"),  # not the whole line: left as it is
    ("1100", "1100"),  # no Chinese: a number, not fake bold
    ("哈哈", "哈哈"),  # too short to tell
])
def test_fake_bold_doubling_is_undone_only_for_whole_lines(line, expected):
    assert pdf_reader.undouble(line) == expected


def _lines(*rows):
    """Lines of one page: (text, x0, x1, top), 12 pt, 20 pt apart unless the top says otherwise."""
    return [pdf_reader._Line(t, x0, x1, top, top + 12, 12.0) for t, x0, x1, top in rows]


def test_layout_breaks_are_joined_and_paragraph_ends_kept():
    page = _lines(
        ("城乡低保标准由每人每月600元提高到650元，全年发放1.2亿", 72, 520, 100),  # full line: joined
        ("元，惠及3万人。", 72, 180, 120),  # ends with 。: kept
        ("二、医疗保障", 96, 170, 140),  # a list mark: kept before; short: kept after
        ("城乡居民医保财政补助由每人每年610元提高到640元，覆盖全", 96, 518, 160),  # indented: a paragraph
        ("县参保群众", 72, 130, 180),  # short: kept after
        ("Annual report of the", 72, 519, 200),  # Latin words joined with a space
        ("county 2023, its livelihood projects and their", 72, 519, 220),  # full, but a blank line follows
        ("下一段在空行之后开始，前面一行虽满也不接上这一行的内容而是", 72, 520, 280),
        ("换行接续。", 72, 130, 300),
    )
    text, starts = pdf_reader._assemble([page])
    assert text == (
        "城乡低保标准由每人每月600元提高到650元，全年发放1.2亿元，惠及3万人。\n二、医疗保障\n"
        "城乡居民医保财政补助由每人每年610元提高到640元，覆盖全县参保群众\n"
        "Annual report of the county 2023, its livelihood projects and their\n"
        "下一段在空行之后开始，前面一行虽满也不接上这一行的内容而是换行接续。\n"
    )
    assert starts == (0,)


def test_double_spaced_lines_are_joined_too():
    page = _lines(("城乡居民医保财政补助由每人每年610元提高", 72, 520, 100), ("到640元。", 72, 150, 136),
                  ("全县参保群众达到了三十二万人，参保率稳定", 72, 520, 172), ("在95%以上。", 72, 160, 208))
    text, _ = pdf_reader._assemble([page])
    assert text == "城乡居民医保财政补助由每人每年610元提高到640元。\n全县参保群众达到了三十二万人，参保率稳定在95%以上。\n"


def test_a_paragraph_goes_on_across_a_page_break_and_the_page_start_is_inside_it():
    p1 = _lines(("全年发放城乡低保资金1.26", 72, 520, 100))
    p2 = _lines(("亿元，惠及1.9万人。", 72, 200, 100))
    text, starts = pdf_reader._assemble([p1, p2])
    assert text == "全年发放城乡低保资金1.26亿元，惠及1.9万人。\n"
    assert starts == (0, text.index("亿元"))


def test_a_scanned_pdf_is_refused_with_an_ocr_hint():
    with pytest.raises(InputError, match="no text layer on any of its 2 pages") as info:
        read_report(DOCS / "scanned.pdf")
    assert "ocrmypdf" in str(info.value)
    _one_line(info, "scanned.pdf")


def test_an_encrypted_pdf_is_refused():
    with pytest.raises(InputError, match="encrypted PDF") as info:
        read_report(DOCS / "encrypted.pdf")
    _one_line(info, "encrypted.pdf")


def test_a_pdf_of_thousands_of_pages_is_refused(tmp_path):
    path = tmp_path / "blank.pdf"
    path.write_bytes(raw_pdf([None] * (pdf_reader.MAX_PAGES + 1)))
    with pytest.raises(InputError, match="2,001 pages, more than the limit of 2000") as info:
        read_report(path)
    _one_line(info, "blank.pdf")


def test_blank_pages_are_named_not_dropped(tmp_path):
    page = b"BT /F1 12 Tf 72 700 Td (Annual report 2023) Tj ET"
    path = tmp_path / "mixed.pdf"
    path.write_bytes(raw_pdf([page, None, page]))
    with pytest.raises(InputError, match=r"3 of its 3 pages have no usable text layer") as info:
        read_report(path)
    assert "page 1 (only 0 Chinese characters), 2 (no text), 3 (only 0 Chinese characters)" in str(info.value)
    _one_line(info, "mixed.pdf")


def test_glyphs_without_unicode_are_refused(tmp_path):
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts "
            b"[<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) "
            b"/Ordering (Identity) /Supplement 0 >> /DW 1000 >>] >>")  # no /ToUnicode: text comes out as (cid:N)
    path = tmp_path / "cid.pdf"
    path.write_bytes(raw_pdf([b"BT /F1 12 Tf 72 700 Td <0101020203030404> Tj ET"], font=font))
    with pytest.raises(InputError, match=r"page 1 \(\(cid:…\) glyphs\)") as info:
        read_report(path)
    _one_line(info, "cid.pdf")


def test_deeply_nested_objects_are_bounded(tmp_path):
    import time

    nested = b" /Nested " + b"[" * 100_000 + b"]" * 100_000
    path = tmp_path / "nested.pdf"
    path.write_bytes(raw_pdf([b"BT /F1 12 Tf 72 700 Td (x) Tj ET"], page_extra=nested))
    t0 = time.monotonic()
    with pytest.raises(InputError) as info:  # no RecursionError, no hang: a message
        read_report(path)
    assert time.monotonic() - t0 < 30
    _one_line(info, "nested.pdf")


def test_a_recursion_error_in_a_reader_becomes_an_input_error(monkeypatch, tmp_path):
    def recurse(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(pdf_reader, "_read_page", recurse)
    with pytest.raises(InputError, match="nested too deeply") as info:
        read_report(DOCS / "report.pdf")
    _one_line(info, "report.pdf")


def test_a_damaged_pdf_is_refused(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    with pytest.raises(InputError, match="damaged PDF") as info:
        read_report(path)
    _one_line(info, "cut.pdf")


# --- Word -------------------------------------------------------------------------------

def test_a_zip_bomb_is_refused_from_its_declared_sizes():
    assert (DOCS / "zip_bomb.docx").stat().st_size < 10_000
    with pytest.raises(InputError, match="would unpack to 4,096 MB, more than the 200 MB limit") as info:
        read_report(DOCS / "zip_bomb.docx")
    _one_line(info, "zip_bomb.docx")


def test_a_part_compressed_a_thousand_times_is_refused():
    with pytest.raises(InputError, match=r"word/document\.xml\) compressed 1,0\d\d times") as info:
        read_report(DOCS / "ratio_bomb.docx")
    _one_line(info, "ratio_bomb.docx")


@pytest.mark.parametrize("make", ["broken_xml", "cut_zip"])
def test_a_damaged_docx_is_refused(tmp_path, make):
    if make == "broken_xml":
        path = DOCS / "broken.docx"
    else:
        path = tmp_path / "cut.docx"
        data = (DOCS / "report.docx").read_bytes()
        path.write_bytes(data[: len(data) // 2])  # the zip's directory at the end is gone
    with pytest.raises(InputError, match="damaged .docx") as info:
        read_report(path)
    assert "save it again" in str(info.value)
    _one_line(info, path.name)


def test_old_word_and_wps_files_say_how_to_convert(tmp_path):
    for name in ("legacy.doc", "legacy.wps"):
        path = tmp_path / name
        path.write_bytes((DOCS / "legacy.doc").read_bytes())
        with pytest.raises(InputError, match="libreoffice --headless --convert-to docx FILE") as info:
            read_report(path)
        _one_line(info, name)


def test_word_tables_stay_in_place_with_merged_cells(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("各镇资金安排如下：")
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["镇", "资金", ""], ["东溪镇", "120万元", "80户"], ["", "30万元", "20户"]]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    t.cell(0, 1).merge(t.cell(0, 2))  # one header over two columns
    t.cell(1, 0).merge(t.cell(2, 0))  # one item over two rows
    d.add_paragraph("以上资金已全部拨付。")
    d.add_paragraph("")  # an empty paragraph: no line
    path = tmp_path / "merged.docx"
    d.save(path)
    assert read_report(path).text == (
        "各镇资金安排如下：\n镇 | 资金\n东溪镇 | 120万元 | 80户\n东溪镇 | 30万元 | 20户\n以上资金已全部拨付。\n"
    )


# --- recognising the format -------------------------------------------------------------

def test_the_format_comes_from_the_content_not_the_extension(tmp_path, txt):
    for src, disguise, fmt in [("report.pdf", "a.txt", "pdf"), ("report.docx", "a.bin", "docx"),
                               ("report.html", "a.txt", "html"), ("report.txt", "a.html", "txt")]:
        path = tmp_path / disguise
        path.write_bytes((DOCS / src).read_bytes())
        report = read_report(path)
        assert (report.format, report.text) == (fmt, txt.text), src


@pytest.mark.parametrize("page", [
    b"\xef\xbb\xbf<!DOCTYPE html><body></body></html>",
    b"  \r\n<html lang=zh><body></body></html>",
    b"<!-- saved from url=(0042)http://x/ -->\n<html><body></body></html>",
    b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"><html></html>',
    "<HTML><BODY></BODY></HTML>".encode("utf-16"),  # with its byte-order mark
])
def test_html_is_recognised_after_bom_whitespace_and_comments(page):
    assert sniff(page, ".txt", "x") == "html"


@pytest.mark.parametrize("data, suffix, words", [
    (b"plain text", ".pdf", "named .pdf but is not a PDF"),
    (b"plain text", ".docx", "named .docx but is not a Word file"),
    (b"{\\rtf1\\ansi hello}", ".rtf", "RTF file"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, ".png", "PNG image"),
])
def test_what_is_not_a_report_file_is_named(data, suffix, words):
    with pytest.raises(InputError, match=words):
        sniff(data, suffix, "x")


def test_zip_files_that_are_not_docx_are_named(tmp_path):
    for inner, words in (("content.xml", "OpenDocument"), ("xl/workbook.xml", "not a Word .docx")):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(inner, "<x/>")
        with pytest.raises(InputError, match=words):
            sniff(buf.getvalue(), ".zip", "x")


# --- the command line -------------------------------------------------------------------

def test_extract_a_pdf_from_the_command_line(capsys, txt_figures):
    assert main(["extract", str(DOCS / "report.pdf")]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith("doc_id,figure_id,start,end,text,")
    assert len(lines) == 1 + len(txt_figures) and err == ""


@pytest.mark.parametrize("name", ["scanned.pdf", "zip_bomb.docx", "nav_only.html", "legacy.doc"])
def test_extract_a_bad_document_exits_2_with_one_line(capsys, name):
    assert main(["extract", str(DOCS / name)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("minsheng: error: ") and name in err


def test_reading_plain_text_imports_no_format_library():
    code = (
        "import sys, json\n"
        "from minsheng.cli import main\n"
        f"main(['extract', {str(DOCS / 'report.txt')!r}])\n"
        "heavy = ['trafilatura', 'pdfplumber', 'pdfminer', 'docx', 'lxml']\n"
        "print(json.dumps([m for m in heavy if m in sys.modules]), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


# --- helpers ----------------------------------------------------------------------------

def _one_line(info, name: str) -> None:
    message = str(info.value)
    assert "\n" not in message and name in message, message


def raw_pdf(contents: list[bytes | None], page_extra: bytes = b"", font: bytes | None = None) -> bytes:
    """A minimal PDF written by hand: one page per entry (a content stream, or None for a blank page)."""
    objs: dict[int, bytes] = {}
    kids = []
    next_id = 4
    for content in contents:
        pid, next_id = next_id, next_id + 1
        kids.append(pid)
        body = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
        if content is not None:
            cid, next_id = next_id, next_id + 1
            objs[cid] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
            body += b" /Contents %d 0 R" % cid
        objs[pid] = body + page_extra + b" >>"
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(contents), b" ".join(b"%d 0 R" % k for k in kids))
    objs[3] = font or b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for i in sorted(objs):
        offsets[i] = len(out)
        out += b"%d 0 obj\n" % i + objs[i] + b"\nendobj\n"
    xref = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for i in range(1, size):
        out += b"%010d 00000 n \n" % offsets[i]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)
