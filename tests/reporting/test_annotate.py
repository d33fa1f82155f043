"""minsheng.reporting.annotate: the report text as HTML, every figure marked, nothing else taken as markup."""

from __future__ import annotations

import re

import pytest

from minsheng.extraction.clean import figures_from_text
from minsheng.reporting.annotate import GOAL_COLOURS, figure_tip, highlight_html, tint


@pytest.mark.parametrize("colour, share, expected", [
    ("#000000", 0.5, "#808080"),   # 255 - 255 × 0.5 = 127.5 → 128 = 0x80
    ("#ffffff", 0.3, "#ffffff"),   # white stays white
    ("#ff0000", 1.0, "#ff0000"),   # all of the colour
    ("#0173b2", 0.0, "#ffffff"),   # none of it
    ("#fbafe4", 0.3, "#fee7f7"),   # 255 - 4×0.3 = 253.8 → fe; 255 - 80×0.3 = 231 → e7; 255 - 27×0.3 = 246.9 → f7
])
def test_tint(colour, share, expected):
    assert tint(colour, share) == expected


def test_tint_default_share():
    assert tint("#ffffff") == "#ffffff"
    assert tint("#000000") == "#b2b2b2"  # 255 - 255 × 0.3 = 178.5 → 178 (round half to even) = 0xb2


def test_goal_colours_come_from_the_goals_lexicon():
    # lexicon/goals.csv: social_assistance #fbafe4, overall #949494 (0x94 = 148: 255 - 107 × 0.3 = 222.9 → 223 = df)
    assert GOAL_COLOURS["social_assistance"] == "#fee7f7"
    assert GOAL_COLOURS["overall"] == "#dfdfdf"
    assert set(GOAL_COLOURS) == {"early_childhood", "education", "employment", "health", "elderly", "housing",
                                 "social_assistance", "overall", "other"}


TEXT = "柳湾镇2023年民生工程简报\n全年发放低保金542.6万元，受益低保对象1,038人。\n"


def test_each_figure_is_marked_with_its_id_and_colour():
    figs = figures_from_text(TEXT, "tiny")
    assert figs["text"].tolist() == ["542.6万元", "1,038人"]
    out = highlight_html(TEXT, figs)
    marks = re.findall(r'<mark id="(F\d+)" tabindex="0" style="background:(#[0-9a-f]{6})" data-goal="([a-z_]+)" '
                       r'data-tip="([^"]*)">([^<]*)</mark>', out)
    assert [(m[0], m[1], m[2], m[4]) for m in marks] == [("F001", "#fee7f7", "social_assistance", "542.6万元"),
                                                         ("F002", "#fee7f7", "social_assistance", "1,038人")]
    # the tooltip, one fact a line: 542.6万元 = 5,426,000 CNY; 弱有所扶 is social assistance; the title's year
    tip = marks[0][3].splitlines()
    assert tip[:5] == ["F001 · 542.6万元 (5,426,000 CNY)", "目标 goal: 弱有所扶 · social assistance",
                       "指标 metric: spending", "时期 period: 2023", "限定 qualifier: exact"]
    assert tip[-1] == "项目 program: 低保金 · minimum living allowance (dibao)"
    assert marks[1][3].splitlines()[0] == "F002 · 1,038 person"
    # the legend names every goal's colour
    assert '<span class="ms-key" style="background:#fee7f7">弱有所扶 <span lang="en">social assistance</span></span>' in out


def test_the_tooltip_says_planned_inferred_and_corrected_where_the_table_has_them():
    figs = figures_from_text(TEXT, "tiny").assign(status="planned", inferred="period:document", source="corrected",
                                                  period_kind="part_year", months=5)
    tip = figure_tip(figs.iloc[0].to_dict())
    assert "时期 period: 2023 (part_year, 5 months)" in tip
    assert "状态 status: 计划目标 · planned" in tip
    assert "推断 inferred (check): period:document" in tip
    assert "来源 source: 人工更正 · corrected by hand" in tip


def test_numbers_that_are_not_figures_are_underlined():
    out = highlight_html(TEXT, figures_from_text(TEXT, "tiny"))
    # 2023 (a year) is no figure
    assert '<span class="ms-missed">2023</span>年民生工程简报' in out
    body = out.split('<div class="ms-report">', 1)[1]  # the legend has an ms-missed sample too
    assert body.count('class="ms-missed"') == 1


def test_report_text_is_escaped_never_markup():
    text = ("某区民生工程简报\n<script>alert(1)</script>发放低保金100万元。"
            "<img src=x onerror=alert(2)><b>加粗</b>\n")
    figs = figures_from_text(text, "evil")
    out = highlight_html(text, figs)
    assert "<script" not in out and "<img" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(" in out and "&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(" in out and "&lt;b&gt;加粗&lt;/b&gt;" in out
    assert not re.search(r"<[^>]*onerror", out)  # onerror= only as text, never inside a tag
    assert '<mark id="F001"' in out


def test_a_program_with_markup_is_escaped_in_the_tooltip():
    figs = figures_from_text("民生工程简报\n发放低保金100万元。\n", "t")
    figs.loc[0, "program"] = '低保金" onmouseover="alert(1)'
    out = highlight_html("民生工程简报\n发放低保金100万元。\n", figs)
    assert 'onmouseover="alert' not in out
    assert "&#34; onmouseover=&#34;alert(1)" in out


def test_max_chars_cuts_the_text_and_says_so():
    text = "发放低保金100万元。发放救助金200万元。"  # 11 + 11 characters
    figs = figures_from_text(text, "t")
    assert figs["end"].tolist() == [10, 21]
    out = highlight_html(text, figs, max_chars=11)
    assert "The first 11 of 22 characters are shown; figures.csv has every figure." in out
    assert '<mark id="F001"' in out and "F002" not in out and "救助金" not in out
    full = highlight_html(text, figs)
    assert "characters are shown" not in full and '<mark id="F002"' in full and "救助金" in full
