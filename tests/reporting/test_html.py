"""minsheng.reporting.html: report.html, one self-contained page per report."""

from __future__ import annotations

import base64
import json
import re

import pytest

from minsheng.pipeline import steps
from minsheng.reporting.html import report_html

#: A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
TEXT = "柳湾镇2023年民生工程简报\n全年发放低保金542.6万元，受益低保对象1,038人。\n"


def _folder(tmp_path, text: str, doc_id: str = "tiny", metrics: dict | None = None, png: bool = False):
    report = tmp_path / f"{doc_id}.txt"
    report.write_text(text, encoding="utf-8")
    folder = tmp_path / "out" / doc_id
    steps.clean_figures(str(report), doc_id, str(folder))
    if metrics is not None:
        (folder / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    if png:
        (folder / "_build" / "figures").mkdir(parents=True)
        (folder / "_build" / "figures" / "spending_by_goal.png").write_bytes(PNG)
    return folder, report


@pytest.fixture
def page(tmp_path) -> str:
    folder, report = _folder(tmp_path, TEXT, metrics={"n_figures": 2, "total_spending_cny": 5426000.0,
                                                      "population": None})
    return report_html(folder, "tiny", report)


def test_one_whole_page(page):
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">')
    assert page.endswith("</body>\n</html>\n")
    assert page.count("<html") == 1 and page.count("<body>") == 1
    # the title is the report's first line, the doc_id beside it
    assert "<title>柳湾镇2023年民生工程简报 · minsheng</title>" in page
    assert '<h1>柳湾镇2023年民生工程简报<span class="doc">tiny</span></h1>' in page


def test_no_network_resources(page):
    assert "http://" not in page and "https://" not in page
    refs = re.findall(r"""(?:src|href)=['"]([^'"]*)['"]""", page)
    assert refs  # the nav links and the plot at least
    assert all(r.startswith(("#", "data:image/png;base64,", "notebooks/")) for r in refs), refs


def _metric_row(page: str, key: str) -> str:
    m = re.search(rf'<tr id="metric-{key}"[^>]*>(.*?)</tr>', page)
    assert m, key
    return m.group(1)


def test_headline_metrics(page):
    # 5426000 CNY is written as a researcher writes it: 542.6万元, CNY 5.426 million, with the unit 元
    row = _metric_row(page, "total_spending_cny")
    assert "<th scope=\"row\">报告所述总投入" in row
    assert '<td class="num">542.6万元<span class="en" lang="en">CNY 5.426 million</span></td>' in row
    assert '<td class="unit">元<span class="en" lang="en">CNY</span></td>' in row
    # null is "not stated", and its row is marked missing
    assert '<tr id="metric-population" class="missing"' in page
    assert "—<span class=\"en\" lang=\"en\">not stated</span>" in _metric_row(page, "population")
    # the headline in words names the total, linked to its metric row
    assert '报告所述民生工程累计投入<a href="#metric-total_spending_cny">542.6万元</a>' in page


def test_the_figures_table(page):
    assert "figures.csv · 2 行 rows" in page
    head = re.search(r'<table class="ms-table" id="t-figures">\s*<thead>(.*?)</thead>', page, re.S).group(1)
    labels = re.findall(r'<button type="button">([^<]*)<span class="en">', head)
    assert labels[:6] == ["原文", "数值", "限定", "时期", "目标", "指标"]
    assert "句子" not in labels and "doc_id" not in head  # the sentence and the ids are left out of the page's table
    # each row links to its figure in the text
    rows = re.findall(r'<tr id="[^"]*">(.*?)</tr>', page.split('id="t-figures"', 1)[1].split("</table>")[0], re.S)
    assert len(rows) == 2
    assert '<a href="#F001"' in rows[0] and '<a href="#F002"' in rows[1]
    # the value as a researcher writes it (542.6万元 = 5,426,000 CNY), sorted by its value in base units
    assert '<td class="num" data-v="5426000.0">542.6万元</td>' in rows[0]
    assert '<td class="num" data-v="1038.0">1,038人</td>' in rows[1]


def test_the_plot_is_embedded(tmp_path):
    folder, report = _folder(tmp_path, TEXT, metrics={"n_figures": 2}, png=True)
    page = report_html(folder, "tiny", report)
    assert f'src="data:image/png;base64,{base64.b64encode(PNG).decode("ascii")}"' in page
    assert '<figure id="plot-spending_by_goal">' in page
    assert "<figcaption>按目标的支出与报告总投入<span class=\"en\">spending by goal against the stated total</span>" in page


def test_the_source_text_is_highlighted(page):
    assert '<h2 id="source">原文，数字按目标着色<span class="en">Source text, figures highlighted by goal</span></h2>' in page
    assert re.search(r'<mark id="F001" [^>]*>542\.6万元</mark>', page)
    assert re.search(r'<mark id="F002" [^>]*>1,038人</mark>', page)


def test_without_metrics_or_plots_it_says_so(tmp_path):
    folder, report = _folder(tmp_path, TEXT)
    page = report_html(folder, "tiny", report)
    assert "<p>没有计算指标。No metrics were computed for this run.</p>" in page
    assert "<p>没有图：报告中没有可画的内容。No plots: the report gave nothing to plot.</p>" in page
    assert "<img" not in page


def test_a_script_in_the_report_is_escaped(tmp_path):
    text = "某区民生工程简报\n<script>alert(1)</script>发放低保金100万元。\n"
    folder, report = _folder(tmp_path, text, doc_id="evil", metrics={"n_figures": 1})
    page = report_html(folder, "evil", report)
    body = page.split("<body>", 1)[1].rsplit("<script>", 1)[0]  # the page's own script comes last
    assert "<script" not in body
    assert "&lt;script&gt;alert(" in body
    assert '<mark id="F001"' in body


def test_a_report_whose_figures_have_no_period_renders_without_warning(tmp_path):
    import warnings

    text = "某区民生工程简报\n发放低保金100万元。\n"  # no year anywhere: period is empty for every figure
    folder, report = _folder(tmp_path, text, doc_id="noyear")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        page = report_html(folder, "noyear", report)
    assert '<mark id="F001"' in page and "时期 period: —" in page
