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
                                                      "population": None}, png=True)
    return report_html(folder, "tiny", report)


def test_one_whole_page(page):
    assert page.startswith("<!DOCTYPE html><html lang='zh-Hans'><head><meta charset='utf-8'>")
    assert page.endswith("</body></html>\n")
    assert page.count("<html") == 1 and page.count("<body>") == 1
    assert "<title>minsheng · tiny</title>" in page


def test_no_network_resources(page):
    assert "http://" not in page and "https://" not in page
    refs = re.findall(r"""(?:src|href)=['"]([^'"]*)['"]""", page)
    assert refs  # the nav links and the plot at least
    assert all(r.startswith(("#", "data:image/png;base64,", "notebooks/")) for r in refs), refs


def test_headline_metrics(page):
    # fmt_cell: 2 → "2", 5426000.0 → "5,426,000"; null → an em dash
    assert "<tr><td>n_figures</td><td>2</td></tr>" in page
    assert "<tr><td>total_spending_cny</td><td>5,426,000</td></tr>" in page
    assert "<tr><td>population</td><td>—</td></tr>" in page


def test_the_figures_table(page):
    assert "<h3>figures.csv <span class='note'>(2 rows)</span></h3>" in page
    assert "<th>figure_id</th>" in page and "<th>value_norm</th>" in page
    assert "<th>sentence</th>" not in page and "<th>doc_id</th>" not in page  # left out of the page's table
    assert "<td>542.6万元</td>" in page and "<td>5,426,000</td>" in page


def test_the_plot_is_embedded(page):
    assert f"src='data:image/png;base64,{base64.b64encode(PNG).decode('ascii')}'" in page
    assert "<figcaption class='note'>spending_by_goal</figcaption>" in page


def test_the_source_text_is_highlighted(page):
    assert "<h2 id='source'>Source text, figures highlighted</h2>" in page
    assert re.search(r'<mark id="F001" [^>]*>542\.6万元</mark>', page)
    assert re.search(r'<mark id="F002" [^>]*>1,038人</mark>', page)


def test_without_metrics_or_plots_it_says_so(tmp_path):
    folder, report = _folder(tmp_path, TEXT)
    page = report_html(folder, "tiny", report)
    assert "<p>No metrics were computed for this run.</p>" in page
    assert "<p>No plots: the report gave nothing to plot.</p>" in page
    assert "<img" not in page


def test_a_script_in_the_report_is_escaped(tmp_path):
    text = "某区民生工程简报\n<script>alert(1)</script>发放低保金100万元。\n"
    folder, report = _folder(tmp_path, text, doc_id="evil", metrics={"n_figures": 1})
    page = report_html(folder, "evil", report)
    assert "<script" not in page
    assert "&lt;script&gt;alert(" in page
    assert '<mark id="F001"' in page


def test_a_report_whose_figures_have_no_period_renders_without_warning(tmp_path):
    import warnings

    text = "某区民生工程简报\n发放低保金100万元。\n"  # no year anywhere: period is empty for every figure
    folder, report = _folder(tmp_path, text, doc_id="noyear")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        page = report_html(folder, "noyear", report)
    assert '<mark id="F001"' in page and "period —" in page
