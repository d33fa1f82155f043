"""The pages people read: ``_build/report.html`` for one report, ``index.html`` for a batch.

``report.html`` is one self-contained file (plots embedded as ``data:`` URIs,
its one small script inline, no server, no network). It opens with the
headline in words, Chinese with English under each line
(:mod:`minsheng.reporting.headline`); then the metrics with their labels and
units from the schema, grouped; the tables with labelled columns (the schema's
descriptions as tooltips), formatted numbers, id columns left out and each row
linked to its figures in the text, sortable and filterable in the page; the
plots; the report text with every figure coloured by goal
(:mod:`minsheng.reporting.annotate`); the executed notebooks.

The markup is in Jinja2 templates (``templates/``) rendered with autoescaping:
whatever a report's text holds reaches the page as text, never as markup.
"""

from __future__ import annotations

import base64
import json
from functools import cache
from pathlib import Path

import pandas as pd

from minsheng import __version__, io, schema
from minsheng.analysis import per_goal
from minsheng.extraction.reading import read_report
from minsheng.formatting import fmt_amount_zh, fmt_cell, fmt_cny_en, fmt_cny_zh, fmt_number, fmt_percent, is_number
from minsheng.io import write_text_atomic
from minsheng.reporting import annotate, headline

MAX_TABLE_ROWS = 2000  # rows of a table shown in report.html (the CSV has all)
MAX_TEXT_CHARS = 200_000  # characters of the report text shown in report.html
NOTE_FOLD = 60  # a note longer than this is folded (<details>) at its first clause

#: The metric groups of the schema in the order the page shows them, with their headings.
METRIC_GROUPS = {
    "totals": ("总投入与人均", "totals and per resident"),
    "per_beneficiary": ("项目的人均支出", "spending per beneficiary"),
    "standards": ("补助标准", "benefit standards"),
    "checks": ("与所述标准核对", "checks against stated standards"),
    "counts": ("计数", "counts"),
}

#: A metric's unit (schema) in Chinese, and in English as a reader says it.
METRIC_UNITS = {
    "": ("", ""),
    "CNY": ("元", "CNY"),
    "fraction": ("比例", "share"),
    "fraction per year": ("每年", "a year"),
    "person": ("人", "persons"),
    "CNY per person": ("元/人", "CNY per person"),
    "CNY per person per year": ("元/人/年", "CNY per person per year"),
    "CNY per beneficiary per year": ("元/受益人/年", "CNY per beneficiary per year"),
    "year": ("年", "years"),
    "month": ("月", "months"),
    "CNY per person-time": ("元/人次", "CNY per person-time"),
    "CNY per household per year": ("元/户/年", "CNY per household per year"),
}

#: The columns of each table the page shows, in order (the CSV has every column).
TABLE_COLUMNS = {
    "figures": ("value_norm", "qualifier", "period", "goal", "metric", "status", "program", "inferred"),
    "programs": ("goal", "program", "spending_cny", "beneficiaries", "cny_per_beneficiary", "years",
                 "time_base", "cny_per_beneficiary_year_low", "cny_per_beneficiary_year_high", "standard_check",
                 "standard_fit", "notes"),
    "goals": ("goal", "spending_cny", "share_of_total", "n_figures", "beneficiaries_person",
              "beneficiaries_person_time", "beneficiaries_household", "outputs", "notes"),
    "standards": ("goal", "program", "base_year", "base_value", "final_year", "final_value", "cagr", "cagr_real",
                  "notes"),
}

#: The columns holding the figure ids of a row: its links to the text.
SOURCE_COLUMNS = {
    "figures": ("figure_id",),
    "programs": ("spending_figure_id", "beneficiaries_figure_id"),
    "goals": ("spending_figure_ids", "outside_scope_figure_ids", "double_counted_figure_ids"),
    "standards": ("base_figure_id", "final_figure_id"),
}

#: Each table's heading.
TABLE_TITLES = {
    "figures": ("报告中的每个数字", "every figure of the report"),
    "programs": ("项目人均支出", "spending per beneficiary, by programme"),
    "goals": ("按“七有”目标", "by goal (七有)"),
    "standards": ("补助标准的增长", "growth of benefit standards"),
}

#: A shown column's header, in Chinese and English (its tooltip is the schema's description).
COLUMN_LABELS = {
    "text": ("原文", "as written"),
    "value_norm": ("数值", "value"),
    "qualifier": ("限定", "qualifier"),
    "period": ("时期", "period"),
    "goal": ("目标", "goal"),
    "metric": ("指标", "metric"),
    "program": ("项目", "programme"),
    "status": ("状态", "status"),
    "inferred": ("推断（请核对）", "inferred: check"),
    "spending_cny": ("支出", "spending"),
    "beneficiaries": ("受益", "beneficiaries"),
    "cny_per_beneficiary": ("每受益人（全期）", "per beneficiary, whole period"),
    "years": ("年数", "years"),
    "cny_per_beneficiary_year": ("每受益人每年", "per beneficiary-year"),
    "cny_per_beneficiary_year_low": ("每受益人每年（同一批人）", "per recipient-year, same recipients"),
    "cny_per_beneficiary_year_high": ("每受益人每年（逐年相加）", "per recipient-year, yearly added up"),
    "time_base": ("时间基础", "time base"),
    "standard_fit": ("符合哪种读法", "reading that fits"),
    "standard_check": ("与标准核对", "vs standard"),
    "notes": ("说明", "notes"),
    "share_of_total": ("占总投入", "share of total"),
    "n_figures": ("数字", "figures"),
    "beneficiaries_person": ("受益人数", "persons"),
    "beneficiaries_person_time": ("受益人次", "person-times"),
    "beneficiaries_household": ("受益户数", "households"),
    "outputs": ("产出", "outputs"),
    "base_year": ("起始年", "base year"),
    "base_value": ("起始水平", "base level"),
    "final_year": ("终止年", "final year"),
    "final_value": ("终止水平", "final level"),
    "cagr": ("名义年均增长", "nominal CAGR"),
    "cagr_real": ("实际年均增长", "real CAGR"),
}

#: Values of the vocabularies shown in the tables, in Chinese (the English value is shown under it).
VOCABULARY_ZH = {
    "qualifier": {"exact": "确数", "more_than": "多于", "at_least": "不少于", "approx": "约", "less_than": "少于",
                  "at_most": "不超过"},
    "metric": {"spending": "支出", "beneficiaries": "受益人数", "output": "产出", "standard": "标准", "rate": "比率",
               "count": "数量", "population": "人口", "duration": "时长", "other": "其他"},
    "check_verdict": {"agree": "相符", "disagree": "不符"},
    "status": {"actual": "实际", "planned": "计划"},
}

_UNIT_ZH = {"person": "人", "person_time": "人次", "household": "户", "count": "个", "m2": "平方米", "km": "公里",
            "mu": "亩", "percent": "%", "percentage_point": "个百分点", "year": "年", "CNY": "元",
            "CNY/person/year": "元/人/年", "CNY/person/month": "元/人/月", "CNY/person": "元/人", "CNY/unit": "元/单位"}

#: Captions of the plots, by file name.
PLOT_TITLES = {
    "spending_by_goal": ("按目标的支出与报告总投入", "spending by goal against the stated total"),
    "cost_per_beneficiary_year": ("每受益人每年支出", "cost per beneficiary-year"),
    "spending_vs_beneficiaries": ("支出与受益人数", "spending against beneficiaries"),
    "standard_growth": ("补助标准的增长（名义与实际）", "growth of benefit standards, nominal and real"),
    "cost_per_beneficiary_year_by_report": ("各报告的每受益人每年支出", "cost per beneficiary-year, by report"),
    "standards_cagr_by_report": ("各报告补助标准的年均增长", "CAGR of benefit standards, by report"),
    "goal_shares_by_report": ("各报告按目标的支出占比", "goal shares of each report's total"),
    "spending_vs_beneficiaries_across_reports": ("支出与受益人数（跨报告）", "spending against beneficiaries, across reports"),
}
_PLOT_ORDER = ("spending_by_goal", "cost_per_beneficiary_year", "spending_vs_beneficiaries", "standard_growth")


@cache
def environment():
    """The Jinja2 environment of the pages: templates of this package, autoescaping on, undefined names an error."""
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("minsheng.reporting", "templates"),
                              autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


# --------------------------------------------------------------------------- metrics

def _metric_value(m: schema.Metric, v, bound: str = "") -> tuple[str, str]:
    """``(Chinese, English)`` of a metric's value, formatted by its unit; ``bound`` (至多/至少) before a per-head one."""
    if not is_number(v):
        return "—", "not stated"
    bounds = {"至多": "at most ", "至少": "at least ", "约": "about "}
    if m.unit == "CNY" or m.unit.startswith("CNY per"):
        zh, en = fmt_cny_zh(v), fmt_cny_en(v)
        return f"{bound}{zh}", f"{bounds.get(bound, '')}{en}"
    if m.unit.startswith("fraction"):
        return fmt_percent(v), fmt_percent(v)
    if m.unit == "person":
        return fmt_amount_zh(v, "人"), fmt_number(v)
    return fmt_number(v), fmt_number(v)


def metric_groups(metrics: dict, figures: pd.DataFrame | None = None) -> list[dict]:
    """The metrics by group (:data:`METRIC_GROUPS`), each with its labels, formatted value, unit and link."""
    tot = per_goal.totals(figures) if figures is not None and len(figures) else {}
    links = {"total_spending_cny": tot.get("total_figure_id"), "population": tot.get("population_figure_id")}
    q = tot.get("population_qualifier") or "exact"
    q = q if q in headline.COUNT_QUALIFIER else "exact"
    bound = headline.COUNT_QUALIFIER[q][2]
    rows: dict[str, list[dict]] = {g: [] for g in METRIC_GROUPS}
    for m in schema.metrics():
        v = metrics.get(m.key)
        # a bound where the stated population is one (70多万); the census population is a count, not a bound
        stated = m.key.startswith("spending_per_resident") and "census" not in m.key
        zh, en = _metric_value(m, v, bound if stated else "")
        if m.key == "population" and is_number(v) and q != "exact":
            zh, en = f"{headline.COUNT_QUALIFIER[q][0]}{zh}", f"{headline.COUNT_QUALIFIER[q][1]}{en}"
        unit_zh, unit_en = METRIC_UNITS.get(m.unit, (m.unit, m.unit))
        rows.setdefault(m.group, []).append({
            "key": m.key, "label_zh": m.label_zh, "label_en": m.label_en, "description": m.description,
            "value_zh": zh, "value_en": en, "unit_zh": unit_zh, "unit_en": unit_en, "missing": not is_number(v),
            "href": headline.figure_href(links[m.key]) if links.get(m.key) and is_number(v) else ""})
    titles = {**METRIC_GROUPS, **{g: (g, g) for g in rows if g not in METRIC_GROUPS}}
    return [{"group": g, "zh": titles[g][0], "en": titles[g][1], "rows": rows[g]} for g in titles if rows.get(g)]


# --------------------------------------------------------------------------- tables

def _cell(col: schema.Column, row: dict, goals: dict) -> dict:
    v = row[col.name]
    cell = {"text": "", "en": "", "sort": None, "cls": "", "details": (), "summary": ""}
    if col.name == "goal":
        zh, en = goals.get(v, (v, v))
        return {**cell, "text": zh, "en": en}
    if col.vocabulary in VOCABULARY_ZH and v:
        return {**cell, "text": VOCABULARY_ZH[col.vocabulary].get(v, v), "en": v}
    if col.name == "program":
        return {**cell, "text": v, "en": row.get("program_en", ""), "cls": "long"}
    if col.name in ("notes", "outputs"):
        clauses = [c.strip() for c in str(v).split(";") if c.strip()]
        if len(v) > NOTE_FOLD and len(clauses) > 1:
            first = clauses[0] if len(clauses[0]) <= 48 else clauses[0][:46] + "…"
            return {**cell, "cls": "long", "summary": f"{first} (+{len(clauses) - 1})", "details": tuple(clauses)}
        return {**cell, "text": v, "cls": "long"}
    if not col.numeric:
        return {**cell, "text": v}
    if not is_number(v):
        return {**cell, "cls": "num"}
    x = float(v)
    unit = col.unit
    if unit == "unit_norm":
        unit = row.get("unit_norm", "")
    elif unit == "beneficiary_unit":
        unit = row.get("beneficiary_unit", "")
    if unit.startswith("CNY"):
        per = _UNIT_ZH.get(unit, "元").removeprefix("元") if "/" in unit else ""
        text = f"{fmt_cny_zh(x)}{per}"
    elif unit.startswith("fraction"):
        text = fmt_percent(x)
    elif unit == "percent":
        text = f"{fmt_cell(x)}%"
    elif unit == "count" and row.get("unit_raw"):
        text = f"{fmt_cell(x)}{row['unit_raw']}"
    elif unit in _UNIT_ZH and unit != "year":
        text = f"{fmt_cell(x)}{_UNIT_ZH[unit]}"
    elif col.type == "integer":
        text = str(int(x))
    else:
        text = fmt_cell(x)
    return {**cell, "text": text, "sort": repr(x), "cls": "num"}


def table_view(t: schema.Table, df: pd.DataFrame, figures: pd.DataFrame | None = None) -> dict:
    """What the page shows of a table: its shown columns, and rows of formatted cells linked to the text."""
    shown = [t.column(c) for c in TABLE_COLUMNS.get(t.name, tuple(t.names))]
    goals = {g["goal"]: (g["zh"], g["en"]) for g in schema.goals()}
    texts = dict(zip(figures["figure_id"], figures["text"])) if figures is not None and len(figures) else {}
    rows = []
    for r in df.head(MAX_TABLE_ROWS).to_dict("records"):
        key = "-".join(str(r[k]) for k in t.primary_key)
        ids = [i for c in SOURCE_COLUMNS.get(t.name, ()) for i in str(r.get(c, "")).split(";") if i]
        links = [{"href": headline.figure_href(i), "text": texts.get(i, i), "title": i}
                 for i in dict.fromkeys(ids) if i in texts]
        rows.append({"id": headline.row_href(t.name, key)[1:], "cells": [_cell(c, r, goals) for c in shown],
                     "links": links})
    zh, en = TABLE_TITLES.get(t.name, (t.name, t.title))
    return {"name": t.name, "file": t.file, "zh": zh, "en": en, "n_rows": len(df), "n_columns": len(t.columns),
            "links_first": t.name == "figures",
            "truncated": len(df) > MAX_TABLE_ROWS, "rows": rows,
            "columns": [{"name": c.name, "zh": COLUMN_LABELS.get(c.name, (c.name, ""))[0],
                         "en": COLUMN_LABELS.get(c.name, ("", c.name))[1], "description": c.description,
                         "numeric": c.numeric} for c in shown]}


# --------------------------------------------------------------------------- plots

def _png_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def plot_views(folder: Path) -> list[dict]:
    """The PNGs of a ``figures/`` folder as embedded images with captions, the report's plots in reading order."""
    pngs = sorted(folder.glob("*.png")) if folder.is_dir() else []
    order = {n: i for i, n in enumerate(_PLOT_ORDER)}
    pngs.sort(key=lambda p: (order.get(p.stem, len(order)), p.stem))
    return [{"name": p.stem, "zh": PLOT_TITLES.get(p.stem, (p.stem, p.stem))[0],
             "en": PLOT_TITLES.get(p.stem, (p.stem, p.stem))[1], "src": _png_uri(p)} for p in pngs]


# --------------------------------------------------------------------------- pages

def _read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    out = {}
    for t in schema.report_tables():
        path = folder / t.file
        if path.is_file():
            out[t.name] = io.read_table(path, t.name)  # the schema's types: text is "" where empty, never NaN
    return out


def _metrics(folder: Path) -> dict | None:
    path = folder / "metrics.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _title(text: str, fallback: str) -> str:
    """The report's own title: its first line that is not empty, when it is short enough to be one."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= 60 else fallback
    return fallback


#: The characters the embedded font is used for (its ``unicode-range`` in the templates): CJK, full-width forms,
#: quotes and dashes, arrows.
FONT_RANGES = ((0x2010, 0x2027), (0x2190, 0x21FF), (0x2E80, 0xFFFF))


def _cjk(c: str) -> bool:
    return any(lo <= ord(c) <= hi for lo, hi in FONT_RANGES)


def page_font(page: str) -> str:
    """The shipped CJK font cut down to the Chinese characters of ``page``, as a ``data:`` URI (WOFF); ``""`` without it.

    The page sets its Chinese characters in it (``unicode-range``: only
    :data:`FONT_RANGES`, Latin text keeps the reader's fonts), so a browser
    without any CJK font (a bare Linux, headless Chromium in CI) shows Chinese
    rather than empty boxes, and every browser the same glyphs as the plots.
    (Named after the reader's own CJK fonts instead, headless Chromium left the
    first run of Chinese in a fallback font's empty boxes.) A report's page
    uses a few hundred characters: about 140 KB. The cut is HarfBuzz's subsetter
    (uharfbuzz), about 0.03 s for 500 characters, where fontTools' took 0.9 s
    (most of a batch's time per report); fontTools wraps the result as WOFF,
    its tables copied as they are (no bounds or timestamp recomputed: the same
    bytes on every run).
    """
    import io as _io

    from fontTools.ttLib import TTFont

    from minsheng.reporting.plot_style import shipped_font_file

    path = shipped_font_file()
    chars = sorted(ord(c) for c in set(page) if _cjk(c))  # each distinct character once (a page holds its plots in base64)
    if path is None or not chars:
        return ""
    cut = _subset(path, chars)
    font = TTFont(_io.BytesIO(cut), recalcBBoxes=False, recalcTimestamp=False, lazy=True)
    font.flavor = "woff"  # zlib-compressed tables (WOFF2 would need brotli)
    buf = _io.BytesIO()
    font.save(buf)
    font.close()
    return "data:font/woff;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


@cache
def _hb_face(path: Path):
    import uharfbuzz as hb

    from minsheng.reporting.plot_style import SHIPPED_FAMILY

    return hb.Face(hb.Blob.from_file_path(str(path)), max(_face_number(path, SHIPPED_FAMILY), 0))


def _subset(path: Path, codepoints: list[int]) -> bytes:
    """The OpenType bytes of the face of ``path`` cut down to ``codepoints`` (hints dropped)."""
    import uharfbuzz as hb

    inp = hb.SubsetInput()
    for cp in codepoints:
        inp.unicode_set.add(cp)
    inp.flags = hb.SubsetFlags.NO_HINTING
    return hb.subset(_hb_face(path), inp).blob.data


def _face_number(path: Path, family: str) -> int:
    from fontTools.ttLib import TTCollection

    if path.suffix.lower() != ".ttc":
        return -1
    with TTCollection(str(path), lazy=True) as faces:
        for i, face in enumerate(faces.fonts):
            if face["name"].getDebugName(1) == family:
                return i
    return 0


#: Where the font goes in a page rendered once (:func:`_render`): ASCII, so it adds no character to the font's cut.
_FONT_SLOT = "minsheng-font-slot-0b1f6c2e"


def _render(template: str, **context) -> str:
    """Render a page with its Chinese characters' font embedded (:func:`page_font`).

    The page is rendered once, with a placeholder where the font goes; the font is cut to
    the page's characters and put in its place. Without a font, the page without one.
    """
    template_ = environment().get_template(template)
    page = template_.render(font_src=_FONT_SLOT, **context)
    src = page_font(page)
    if not src:
        return template_.render(font_src="", **context)
    if page.count(_FONT_SLOT) == 1:
        return page.replace(_FONT_SLOT, src)
    return template_.render(font_src=src, **context)  # the placeholder's text stands in the page itself


def report_text(folder: Path, report_path, doc_id: str) -> tuple[str, dict]:
    """The text a run's figures index (``text.txt`` beside its tables; the report read again where a run
    predates it) and its ``document.json`` (empty where absent)."""
    folder = Path(folder)
    text_file, doc_file = folder / "text.txt", folder / "document.json"
    text = text_file.read_bytes().decode("utf-8") if text_file.is_file() else read_report(report_path, doc_id).text
    document = json.loads(doc_file.read_text(encoding="utf-8")) if doc_file.is_file() else {}
    return text, document


def place_line(document: dict) -> str:
    """The place of ``document.json`` in a line (``颍泉区 (341204, county) · 2020年普查常住人口 598,004人``), or ``""``."""
    name = document.get("place_name")
    if not name:
        return ""
    code, level = document.get("place_code"), document.get("place_level")
    if code:
        where = f"{name} ({code}, {level})" if level else f"{name} ({code})"
    else:
        where = f"{name} (ambiguous 不确定: {document.get('place_candidates') or 'no code'})"
    pop = document.get("population_census_2020")
    return where + (f" · 2020年普查常住人口 resident population, 2020 census: {pop:,}人" if pop else "")


def report_html(folder: Path, doc_id: str, report_path, corrections: str = "") -> str:
    """The self-contained HTML report of one report's run (``folder`` is its table folder).

    ``corrections``: the folder of corrections files the run used (its report's file, if
    any, is named on the page with what it holds).
    """
    return report_page(folder, doc_id, report_path, corrections)[0]


def report_page(folder: Path, doc_id: str, report_path, corrections: str = "") -> tuple[str, dict]:
    """:func:`report_html`, and what the batch's page shows of the report (:func:`index_summary`), worked
    out from the same tables while they are at hand."""
    folder = Path(folder)
    with per_goal.reuse():  # the headline, the metrics and the annotated text each ask for the report's totals
        tables, metrics = _read_tables(folder), _metrics(folder)
        return _report_html(folder, doc_id, report_path, corrections, tables, metrics), \
            _index_summary(folder, tables, metrics)


#: Beside ``report.html``: what the batch's page shows of the report (:func:`write_index_summary`).
SUMMARY_FILE = "summary.json"
_SUMMARY_SOURCES = ("figures.csv", "goals.csv", "metrics.json")


def _sources_digest(folder: Path) -> str:
    """The SHA-256 of the files a report's summary is made from (a missing one counts as empty)."""
    import hashlib

    h = hashlib.sha256()
    for name in _SUMMARY_SOURCES:
        path = folder / name
        h.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    return h.hexdigest()


def _index_summary(folder: Path, tables: dict, metrics: dict | None) -> dict:
    """The number of figures and the first sentence of the headline (Chinese, English): the batch page's row."""
    summary = None
    if metrics and "figures" in tables and "goals" in tables:
        first = headline.total_sentences(metrics, tables["figures"], tables["goals"])
        summary = first[0] if first else None
    return {"n_figures": len(tables["figures"]) if "figures" in tables else 0,
            "zh": summary.zh_text if summary else None, "en": summary.en_text if summary else None,
            "sources": _sources_digest(folder), "minsheng": __version__}


def write_index_summary(folder: Path, summary: dict) -> Path:
    """Write a report's summary (:func:`report_page`) to ``_build/summary.json``, so that the batch's page
    need not read the report's tables again; it holds the digest of the files it was made from."""
    return io.write_json(summary, Path(folder) / "_build" / SUMMARY_FILE)


def index_summary(folder: Path) -> dict:
    """What the batch's page shows of a report: ``_build/summary.json`` where it was made from the report's
    files as they are now (their digest) by this version of minsheng, else worked out from them again."""
    folder = Path(folder)
    try:
        kept = json.loads((folder / "_build" / SUMMARY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = None
    if isinstance(kept, dict) and kept.get("sources") == _sources_digest(folder) and kept.get("minsheng") == __version__:
        return kept
    with per_goal.reuse():
        tables = {}
        for name in ("figures", "goals"):
            path = folder / schema.table(name).file
            if path.is_file():
                tables[name] = io.read_table(path, name)
        return _index_summary(folder, tables, _metrics(folder))


def _report_html(folder: Path, doc_id: str, report_path, corrections: str, tables: dict, metrics: dict | None) -> str:
    from minsheng.extraction.corrections import describe_file, file_for

    build = folder / "_build"
    text, document = report_text(folder, report_path, doc_id)
    figures = tables.get("figures")
    cpath = file_for(corrections, doc_id)
    corrected = describe_file(cpath, text, figures) if cpath is not None else None
    if corrected is not None:
        corrected["file"] = _shown_path(cpath)
    empty = {n: schema.table(n).empty() for n in ("figures", "programs", "goals", "standards")}
    sentences = headline.headline(metrics, *(tables.get(n, empty[n]) for n in ("figures", "programs", "goals",
                                                                               "standards"))) if metrics else []
    notebooks = []
    for nb in sorted((build / "notebooks").glob("*.ipynb")) if (build / "notebooks").is_dir() else []:
        rendered = nb.with_suffix(".html")
        notebooks.append({"name": nb.name, "html": rendered.name if rendered.is_file() else ""})
    return _render(
        "report.html.j2", title=_title(text, doc_id), doc_id=doc_id, source_name=Path(report_path).name, n_chars=len(text),
        place=place_line(document),
        n_figures=len(figures) if figures is not None else 0,
        headline=sentences,
        metric_groups=metric_groups(metrics, figures) if metrics else [],
        tables=[table_view(schema.table(n), df, figures) for n, df in tables.items()],
        plots=plot_views(build / "figures"),
        annotated=annotate.segments(text, figures, MAX_TEXT_CHARS) if figures is not None else None,
        legend=annotate.legend(), notebooks=notebooks, corrections=corrected)


def _shown_path(path: Path) -> str:
    """A path as the page shows it: relative to the project root where it is inside it."""
    from minsheng.paths import PROJ_ROOT

    try:
        return str(Path(path).resolve().relative_to(PROJ_ROOT))
    except ValueError:
        return str(path)


def index_html(root: Path, folders: list[Path], compare_dir: Path | None = None) -> str:
    """The page of a batch (``<root>/index.html``): every report's page, and the comparison with its plots.

    Parameters
    ----------
    root : pathlib.Path
        The run's output folder.
    folders : list of pathlib.Path
        The report folders under it (``<root>/<doc_id>/``), in the order shown.
    compare_dir : pathlib.Path, optional
        The comparison's folder (``<root>/_compare``); its executed notebook
        is linked (as HTML where rendered), its tables too, its plots embedded.
    """
    root = Path(root)
    reports = []
    for folder in map(Path, folders):
        metrics = _metrics(folder) or {}
        row = index_summary(folder)
        total, share = metrics.get("total_spending_cny"), metrics.get("itemised_share")
        page = folder / "_build" / "report.html"
        doc = document_of(folder)
        reports.append({"place": doc.get("place_name") or "—", "place_code": doc.get("place_code") or "",
                        "period": doc.get("period") or "—",
            "doc_id": folder.name, "title": _report_title(folder), "href": page.relative_to(root).as_posix(),
            "total": fmt_cny_zh(total) if is_number(total) else "—", "total_v": repr(float(total)) if is_number(total) else None,
            "share": fmt_percent(share) if is_number(share) else "—", "share_v": repr(float(share)) if is_number(share) else None,
            "over": is_number(share) and float(share) > 1,
            "n_figures": row["n_figures"], "summary": None if row.get("zh") is None else {"zh_text": row["zh"], "en_text": row["en"]}})
    compare = None
    if compare_dir is not None and Path(compare_dir).is_dir():
        cdir = Path(compare_dir)
        executed = cdir / "_build" / "notebooks"
        pages = sorted({p.stem: p for p in sorted(executed.glob("*.ipynb")) + sorted(executed.glob("*.html"))}.items())
        compare = {"notebooks": [{"name": name, "href": p.relative_to(root).as_posix(),
                                  "what": NOTEBOOK_WHAT.get(name, "")} for name, p in pages],
                   "tables": [{"name": t.file, "href": (cdir / t.file).relative_to(root).as_posix()}
                              for t in schema.compare_tables() if (cdir / t.file).is_file()],
                   "plots": plot_views(cdir / "_build" / "figures")}
    return _render("index.html.j2", reports=reports, compare=compare, root_name=root.name)


#: What each notebook of a comparison is, on the batch's page.
NOTEBOOK_WHAT = {"30-compare-reports": "已执行的比较笔记本 the executed comparison notebook",
                 "31-panel": "地区与年份面板 the reports as a panel of places and years"}


def document_of(folder: Path) -> dict:
    """A report folder's ``document.json`` (empty where absent or unreadable: the comparison says what is wrong)."""
    try:
        return json.loads((folder / "document.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _report_title(folder: Path) -> str:
    """A report folder's title: its report's file name (``datapackage.json``'s source), else its doc_id."""
    desc = folder / "datapackage.json"
    if desc.is_file():
        sources = json.loads(desc.read_text(encoding="utf-8")).get("sources") or [{}]
        return str(sources[0].get("title") or folder.name)
    return folder.name


def write_index(root: Path, folders: list[Path], compare_dir: Path | None = None) -> Path:
    """Write ``<root>/index.html`` (:func:`index_html`) whole; return its path."""
    return write_text_atomic(Path(root) / "index.html", index_html(root, folders, compare_dir))


def render_notebooks(build: Path) -> None:
    """An HTML rendering beside each executed notebook, for reading in a browser."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="classic")
    for nb_path in sorted((build / "notebooks").glob("*.ipynb")):
        body, _ = exporter.from_notebook_node(nbformat.read(nb_path, as_version=4))
        write_text_atomic(nb_path.with_suffix(".html"), with_page_font(body))


#: A notebook page's text set in the embedded font first (its ``unicode-range`` is Chinese only: Latin text keeps
#: the page's fonts).
_NOTEBOOK_FONT_CSS = (
    'body,.rendered_html,.dataframe,td,th{font-family:"minsheng CJK","Helvetica Neue",Helvetica,Arial,sans-serif}'
    'pre,code,.CodeMirror,.output_area pre{font-family:"minsheng CJK",Menlo,Consolas,"DejaVu Sans Mono",monospace}'
)


def with_page_font(page: str) -> str:
    """An HTML page (a notebook rendered by nbconvert) with its Chinese characters' font embedded
    (:func:`page_font`), so that a browser without a CJK font shows them; ``page`` as it is without one."""
    src = page_font(page)
    if not src or "</head>" not in page:
        return page
    face = environment().get_template("_font_face.css.j2").render(font_src=src)  # the pages' own @font-face
    return page.replace("</head>", f"<style>{face}{_NOTEBOOK_FONT_CSS}</style>\n</head>", 1)

