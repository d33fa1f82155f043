"""report.html and index.html (minsheng.reporting.html, its templates), and the plots' shipped CJK font.

The page of the bundled report is made in-process with the pipeline's steps, as a run makes it; a tiny
report with markup in its text checks that nothing of a report reaches the page as markup. The page is
parsed with the standard library's HTMLParser, so the checks read the page as a browser's parser would.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import warnings
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from conftest import BUNDLED, make_report  # noqa: E402
from minsheng import schema  # noqa: E402
from minsheng.reporting import html, plot_style  # noqa: E402

DOC_ID = "yingquan_minsheng_2016_2020"




class Page(HTMLParser):
    """Every element of a page with its attributes, the text, and which ids exist."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(source)
        self.ids = {a["id"] for _, a in self.tags if a.get("id")}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return make_report(BUNDLED, tmp_path_factory.mktemp("page") / DOC_ID, DOC_ID)


@pytest.fixture(scope="module")
def source(folder) -> str:
    return (folder / "_build" / "report.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(source) -> Page:
    return Page(source)


def _row(source: str, row_id: str) -> str:
    m = re.search(rf'<tr id="{re.escape(row_id)}"[^>]*>(.*?)</tr>', source, flags=re.S)
    assert m, row_id
    return m.group(1)


# --------------------------------------------------------------------------- the headline

def test_the_page_opens_with_the_headline_in_words(page, source):
    assert source.index('id="headline"') < source.index('id="metrics"') < source.index('id="tables"')
    first = source[source.index('id="headline"'):source.index('id="metrics"')]
    assert '<p class="zh">2016-2020年，报告所述民生工程累计投入<a href="#F002">57.93亿元</a>。</p>' in first
    assert '<a href="#metric-itemised_share">15.0%</a>' in first
    assert "Over 2016-2020 the report states" in first
    assert page.find("h1")  # the report's own title
    assert "颍泉区“十三五”民生工程情况总结" in "".join(page.text)


def test_every_link_of_the_page_has_its_target(page):
    hrefs = [a["href"] for _, a in page.tags if a.get("href", "").startswith("#")]
    assert len(hrefs) > 100
    missing = sorted({h for h in hrefs if h[1:] not in page.ids})
    assert not missing


# --------------------------------------------------------------------------- metrics

def test_metrics_are_grouped_with_labels_and_units(source):
    section = source[source.index('id="metrics"'):source.index('id="tables"')]
    headings = re.findall(r'<div class="group"><h3>([^<]+)<', section)
    assert headings == ["总投入与人均", "项目的人均支出", "补助标准", "与所述标准核对", "计数"]
    # in each group in the schema's order, never alphabetical
    totals = section[section.index("总投入与人均"):section.index("项目的人均支出")]
    keys = re.findall(r'<tr id="metric-([a-z0-9_]+)"', totals)
    assert keys == [m.key for m in schema.metrics() if m.group == "totals"]
    assert keys[0] == "total_spending_cny" and sorted(keys) != keys


def test_a_metric_row_reads_as_a_researcher_writes(source):
    row = _row(source, "metric-itemised_share")
    assert "列明支出占总投入" in row and "itemised share of the total" in row
    assert ">15.0%<" in row and "0.149" not in row  # a fraction shown as a percentage
    total = _row(source, "metric-total_spending_cny")
    assert '<a href="#F002">57.93亿元</a>' in total and "CNY 5.793 billion" in total and "元" in total
    per = _row(source, "metric-spending_per_resident_cny")
    assert "至多8,275.71元" in per  # 70多万: an upper bound
    census = _row(source, "metric-spending_per_resident_census_cny")
    assert "9,687.23元" in census and "至多" not in census  # 57.93亿元 / 598,004 residents, a count
    assert "超过70万人" in _row(source, "metric-population")
    assert "not stated" in _row(source, "metric-double_counted_cny")  # null in metrics.json


def test_the_schema_labels_every_metric_and_the_page_knows_every_unit_and_group():
    for m in schema.metrics():
        assert m.label_zh and m.label_en and re.search(r"[\u4e00-\u9fff]", m.label_zh), m.key
        assert m.unit in html.METRIC_UNITS, m.unit
        assert m.group in html.METRIC_GROUPS, m.group


# --------------------------------------------------------------------------- tables

def test_tables_show_labelled_columns_without_id_columns(page):
    assert [a["id"] for a in page.find("table", **{"class": "ms-table"})] == [
        "t-figures", "t-programs", "t-goals", "t-standards"]
    for name, cols in html.TABLE_COLUMNS.items():
        t = schema.table(name)
        for c in cols:
            assert c in t.names, (name, c)
            assert c in html.COLUMN_LABELS, c
        assert not any(c.endswith(("_id", "_ids")) or c == "doc_id" for c in cols)


def test_headers_carry_the_schema_descriptions(source):
    section = source[source.index('id="table-programs"'):source.index('id="table-goals"')]
    desc = escape(schema.table("programs").column("cny_per_beneficiary_year_low").description).replace("&#x27;", "&#39;")
    assert f'title="{desc}"><button type="button">每受益人每年（同一批人）' in section
    assert "doc_id" not in re.findall(r"<thead>.*?</thead>", section, flags=re.S)[0]
    assert "spending_figure_id" not in section


def test_a_row_is_linked_to_its_figures_and_formatted(source):
    row = _row(source, "row-programs-F037")  # 孤儿生活保障补助
    assert '<a href="#F037" title="F037">1359.57万元</a>' in row and '<a href="#F036"' in row
    assert 'data-v="13595700.0">1,359.57万元<' in row  # shown in 万元, sorted by the number
    assert 'data-v="1665.11941212492">1,665.12元<' in row
    assert "<details><summary>" in row  # the long note folded
    std = _row(source, "row-standards-F030")
    assert ">24.3%<" in std and ">21.5%<" in std and "3,088.42元/人/年" in std


def test_tables_are_sortable_and_filterable_in_the_page(page, source):
    assert len(page.find("input", type="search")) == 4
    assert page.find("input", data_filter="t-figures")
    assert len(page.scripts) == 1 and "localeCompare" in page.scripts[0]
    assert not any(a.get("src") for t, a in page.tags if t == "script")  # inline: nothing fetched
    assert source.count('<tr id="row-figures-') == 43


# --------------------------------------------------------------------------- plots and text

def test_plots_are_embedded(page):
    imgs = page.find("img")
    assert sorted(a["data-plot"] for a in imgs) == ["cost_per_beneficiary_year", "spending_by_goal",
                                                  "spending_vs_beneficiaries", "standard_growth"]
    for a in imgs:
        assert a["src"].startswith("data:image/png;base64,")
        assert base64.b64decode(a["src"].split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"


def test_nothing_is_fetched_from_a_network(page, source):
    for _, a in page.tags:
        for key in ("src", "href"):
            v = a.get(key)
            if v:
                assert v.startswith(("#", "data:", "notebooks/")), v
    assert "http://" not in source.split("<script>")[0].split("@font-face")[0]


def test_figures_are_focusable_with_a_tooltip(page):
    marks = page.find("mark")
    assert len(marks) == 43 and all(m["tabindex"] == "0" for m in marks)
    total = next(m for m in marks if m["id"] == "F002")
    assert total["data-tip"].splitlines() == [
        "F002 · 57.93亿元 (5,793,000,000 CNY)", "目标 goal: 总体 · all livelihood projects", "指标 metric: spending",
        "时期 period: 2016-2020", "限定 qualifier: exact", "状态 status: 实际完成 · actual",
        "计入 counting: 报告所述总投入 · the report's stated total",
        "项目 program: 民生工程 · livelihood projects"]
    outside = next(m for m in marks if m["id"] == "F017")
    assert "非民生工程资金，未计入" in outside["data-tip"]
    legend = [a for t, a in page.tags if t == "span" and a.get("class") == "ms-key"]
    assert len(legend) == len(schema.goals())


def test_the_shipped_font_is_embedded_for_chinese(source):
    if plot_style.shipped_font_file() is None:
        pytest.skip("noto-cjk-sans-otc is not installed here")
    m = re.search(r'@font-face\{font-family:"minsheng CJK";src:url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)', source)
    assert m
    woff = base64.b64decode(m.group(1))
    assert woff[:4] == b"wOFF" and len(woff) < 400_000  # cut to the page's characters, not 19 MB


# --------------------------------------------------------------------------- escaping

EVIL = ("某区民生工程简报<script>alert(1)</script>\n"
        "全年发放低保金100万元，受益<img src=x onerror=alert(2)>低保对象1,038人。\n")


@pytest.fixture(scope="module")
def evil(tmp_path_factory) -> tuple[str, Page]:
    folder = make_report(EVIL, tmp_path_factory.mktemp("evil") / "evil", "evil")
    source = (folder / "_build" / "report.html").read_text(encoding="utf-8")
    return source, Page(source)


def test_markup_in_a_report_is_shown_as_text(evil):
    source, page = evil
    assert len(page.scripts) == 1 and "alert(" not in page.scripts[0]  # the page's own script only
    assert not any("onerror" in a for _, a in page.tags)  # no element got an onerror attribute
    assert not any(t == "img" and a.get("src") == "x" for t, a in page.tags)
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text  # as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    assert page.find("mark", id="F001")


def test_markup_in_a_programme_stays_text_in_attributes(tmp_path):
    from minsheng import io

    folder = make_report("民生工程简报\n发放低保金100万元。\n", tmp_path / "t", "t")
    figures = io.read_figures(folder / "figures.csv")
    figures.loc[0, "program"] = '低保金" onmouseover="alert(1)'
    io.write_csv(figures, folder / "figures.csv")
    page = Page(html.report_html(folder, "t", tmp_path / "t.txt"))
    assert not any("onmouseover" in a for _, a in page.tags)
    assert 'onmouseover="alert(1)' in page.find("mark", id="F001")[0]["data-tip"]


def test_templates_autoescape():
    env = html.environment()
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


# --------------------------------------------------------------------------- the batch's index

def test_the_index_links_every_report_and_embeds_the_comparison(folder, tmp_path):
    root = tmp_path / "run"
    for name in ("a", "b"):
        shutil.copytree(folder, root / name)
    cmp_dir = root / "_compare"
    (cmp_dir / "_build" / "figures").mkdir(parents=True)
    png = (folder / "_build" / "figures" / "spending_by_goal.png").read_bytes()
    (cmp_dir / "_build" / "figures" / "goal_shares_by_report.png").write_bytes(png)
    (cmp_dir / "_build" / "notebooks").mkdir()
    (cmp_dir / "_build" / "notebooks" / "30-compare-reports.html").write_text("<html></html>", encoding="utf-8")
    (cmp_dir / "compare_goals.csv").write_text("doc_id\n", encoding="utf-8")
    path = html.write_index(root, [root / "a", root / "b"], cmp_dir)
    assert path == root / "index.html"
    page = Page(path.read_text(encoding="utf-8"))
    hrefs = [a["href"] for t, a in page.tags if t == "a"]
    assert "a/_build/report.html" in hrefs and "b/_build/report.html" in hrefs
    assert "_compare/_build/notebooks/30-compare-reports.html" in hrefs and "_compare/compare_goals.csv" in hrefs
    imgs = page.find("img")
    assert [a["data-plot"] for a in imgs] == ["goal_shares_by_report"]
    assert imgs[0]["src"] == "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    assert "2016-2020年，报告所述民生工程累计投入57.93亿元。" in "".join(page.text)
    for target in hrefs:
        if not target.startswith("#"):
            assert (root / target).is_file(), target


def test_the_index_marks_a_report_whose_items_exceed_its_total(folder, tmp_path):
    root = tmp_path / "run"
    for name in ("a", "b"):
        shutil.copytree(folder, root / name)
    metrics = json.loads((root / "b" / "metrics.json").read_text(encoding="utf-8"))
    assert 0 < metrics["itemised_share"] <= 1  # the bundled report's own share: no mark
    metrics["itemised_share"] = 5.989
    (root / "b" / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    page = Page(html.index_html(root, [root / "a", root / "b"]))
    rows = {a["id"]: a for t, a in page.tags if t == "tr" and a.get("id", "").startswith("report-")}
    assert set(rows) == {"report-a", "report-b"}
    marks = [a for t, a in page.tags if t == "span" and "over" in a.get("class", "").split()]
    assert len(marks) == 1  # b's row only
    text = "".join(page.text)
    assert "598.9%分项超出总额 items exceed the total" in text


def test_the_index_takes_a_reports_summary_only_while_its_files_are_unchanged(folder, tmp_path):
    root = tmp_path / "run"
    shutil.copytree(folder, root / "a")
    summary = html.index_summary(root / "a")
    assert summary["zh"] == "2016-2020年，报告所述民生工程累计投入57.93亿元。" and summary["n_figures"] > 0
    html.write_index_summary(root / "a", {**summary, "zh": "kept 保存"})
    assert html.index_summary(root / "a")["zh"] == "kept 保存"  # the files it was made from are as they were
    # made by another version of minsheng: worked out again (the page's sentence may have changed since)
    html.write_index_summary(root / "a", {**summary, "zh": "kept 保存", "minsheng": "0.0.1"})
    assert html.index_summary(root / "a")["zh"] == summary["zh"]
    html.write_index_summary(root / "a", {k: v for k, v in summary.items() if k != "minsheng"} | {"zh": "kept 保存"})
    assert html.index_summary(root / "a")["zh"] == summary["zh"]  # a summary.json without a version: the same
    metrics = root / "a" / "metrics.json"
    html.write_index_summary(root / "a", {**summary, "zh": "kept 保存"})
    metrics.write_text(metrics.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert html.index_summary(root / "a") == {**summary, "sources": html.index_summary(root / "a")["sources"]}


# --------------------------------------------------------------------------- the plots' font

@pytest.fixture
def fresh_font_lookup():
    plot_style.cjk_font.cache_clear()
    plot_style.shipped_cjk_font.cache_clear()
    yield
    plot_style.cjk_font.cache_clear()
    plot_style.shipped_cjk_font.cache_clear()


def test_plots_are_chinese_with_the_shipped_font_and_no_system_font(monkeypatch, fresh_font_lookup, folder):
    from matplotlib import font_manager
    from matplotlib.font_manager import FontProperties

    from minsheng import io
    from minsheng.reporting import plots

    shipped = plot_style.shipped_font_file()
    if shipped is None:
        pytest.skip("noto-cjk-sans-otc is not installed here")
    monkeypatch.setattr(plot_style, "system_fonts", lambda: [])  # a machine with no CJK font of its own
    assert plot_style.cjk_font() == "Noto Sans CJK SC"
    assert Path(font_manager.findfont(FontProperties(family="Noto Sans CJK SC"))) == shipped
    assert plot_style.chinese_labels() is True
    programs = io.read_table(folder / "programs.csv", "programs")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" would be a warning
        fig = plots.render(plots.cost_per_beneficiary_year, programs, Path(folder) / "cjk.png")
    labels = [t.get_text().replace("\n", "") for t in fig.axes[0].get_yticklabels()]
    assert "孤儿生活保障补助" in labels
    english = plots.render(plots.cost_per_beneficiary_year, programs, Path(folder) / "en.png", chinese=False)
    assert "orphan living allowance" in [t.get_text().replace("\n", " ") for t in english.axes[0].get_yticklabels()]


def test_without_the_shipped_font_or_a_system_one_plots_fall_back_to_english(monkeypatch, fresh_font_lookup):
    monkeypatch.setattr(plot_style, "shipped_font_file", lambda: None)
    monkeypatch.setattr(plot_style, "system_fonts", lambda: [("DejaVu Sans", "/nowhere/DejaVuSans.ttf")])
    assert plot_style.cjk_font() is None
    assert plot_style.chinese_labels() is False
