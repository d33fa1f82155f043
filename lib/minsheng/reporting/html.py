"""The self-contained HTML report of one report's run (``_build/report.html``).

One file, plots embedded, no server and no network: the headline metrics, the
tables, the plots, the annotated source text and links to the executed
notebooks.
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

import pandas as pd

from minsheng import io, schema
from minsheng.extraction.reading import read_report
from minsheng.formatting import fmt_cell
from minsheng.reporting.annotate import highlight_html

MAX_TABLE_ROWS = 2000  # rows of a table shown in report.html (the CSV has all)

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",system-ui,sans-serif;margin:2em auto;max-width:75em;color:#222;padding:0 1em}
h1{font-size:1.6em} h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:85%;margin:.5em 0} th,td{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4} .metrics td:nth-child(2){text-align:right;font-variant-numeric:tabular-nums}
.scroll{max-height:32em;overflow:auto;border:1px solid #eee} img{max-width:100%;border:1px solid #eee;margin:.5em 0}
nav a{margin-right:1em} .note{color:#666;font-size:90%}
"""



def _table_html(df: pd.DataFrame) -> str:
    return df.to_html(index=False, na_rep="", escape=True, border=0, float_format=fmt_cell)


def _metrics_html(metrics: dict) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{'—' if v is None else html.escape(fmt_cell(float(v)))}</td></tr>"
        for k, v in metrics.items()
    )
    return f"<table class='metrics'><tr><th>metric</th><th>value</th></tr>{rows}</table>"


def report_html(folder: Path, doc_id: str, report_path) -> str:
    """The self-contained HTML report of one report's run (``folder`` is its table folder)."""
    build = folder / "_build"
    doc = read_report(report_path, doc_id)
    parts = [f"<h1>minsheng · {html.escape(doc_id)}</h1>",
             f"<p class='note'>Report <code>{html.escape(Path(report_path).name)}</code>, "
             f"{len(doc.text):,} characters. Tables are in the folder above this file; "
             f"the data dictionary is in the project's README.</p>"]
    nav = ["<a href='#metrics'>metrics</a>", "<a href='#tables'>tables</a>", "<a href='#plots'>plots</a>",
           "<a href='#source'>source text</a>", "<a href='#notebooks'>notebooks</a>"]
    parts.append("<nav>" + "".join(nav) + "</nav>")
    parts.append("<h2 id='metrics'>Headline metrics</h2>")
    mpath = folder / "metrics.json"
    if mpath.is_file():
        parts.append(_metrics_html(json.loads(mpath.read_text(encoding="utf-8"))))
    else:
        parts.append("<p>No metrics were computed for this run.</p>")
    parts.append("<h2 id='tables'>Tables</h2>")
    figures = None
    for table in (t.name for t in schema.report_tables()):
        path = folder / f"{table}.csv"
        if not path.is_file():
            continue
        df = io.read_table(path, table)  # the schema's types: text is "" where empty, never NaN
        if table == "figures":
            figures = df
            df = df.drop(columns=["doc_id", "sentence"])
        parts.append(f"<h3>{table}.csv <span class='note'>({len(df):,} rows)</span></h3>")
        if len(df) > MAX_TABLE_ROWS:
            parts.append(f"<p class='note'>The first {MAX_TABLE_ROWS:,} rows are shown; the CSV has all of them.</p>")
        parts.append(f"<div class='scroll'>{_table_html(df.head(MAX_TABLE_ROWS))}</div>" if len(df)
                     else "<p>No rows: the report states nothing of this kind.</p>")
    parts.append("<h2 id='plots'>Plots</h2>")
    pngs = sorted((build / "figures").glob("*.png")) if (build / "figures").is_dir() else []
    for png in pngs:
        data = base64.b64encode(png.read_bytes()).decode("ascii")
        parts.append(f"<figure><img alt='{html.escape(png.stem)}' src='data:image/png;base64,{data}'>"
                     f"<figcaption class='note'>{html.escape(png.stem)}</figcaption></figure>")
    if not pngs:
        parts.append("<p>No plots: the report gave nothing to plot.</p>")
    parts.append("<h2 id='source'>Source text, figures highlighted</h2>")
    if figures is not None:
        parts.append(highlight_html(doc.text, figures))
    parts.append("<h2 id='notebooks'>Executed notebooks</h2><ul>")
    for nb in sorted((build / "notebooks").glob("*.ipynb")) if (build / "notebooks").is_dir() else []:
        rendered = nb.with_suffix(".html")
        link = f" · <a href='notebooks/{html.escape(rendered.name)}'>as HTML</a>" if rendered.is_file() else ""
        parts.append(f"<li><a href='notebooks/{html.escape(nb.name)}'>{html.escape(nb.name)}</a>{link}</li>")
    parts.append("</ul>")
    return ("<!DOCTYPE html><html lang='zh-Hans'><head><meta charset='utf-8'>"
            f"<title>minsheng · {html.escape(doc_id)}</title><style>{_CSS}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")


def render_notebooks(build: Path) -> None:
    """An HTML rendering beside each executed notebook, for reading in a browser."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="classic")
    for nb_path in sorted((build / "notebooks").glob("*.ipynb")):
        body, _ = exporter.from_notebook_node(nbformat.read(nb_path, as_version=4))
        io.write_text_atomic(nb_path.with_suffix(".html"), body)
