"""Collecting the tables of every report folder of a run, for the comparison.

Reading files is the pipeline's job: :func:`stack` reads each report folder's
tables with their schema's types, checks that they belong to the folder and to
its ``metrics.json``, and hands the analysis (:mod:`minsheng.analysis.compare`)
plain frames.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from minsheng import schema
from minsheng.errors import CheckError, InputError

#: The tables of one report folder besides figures.csv: (key, file, table); metrics.json apart.
REPORT_TABLES = tuple((t.name, t.file, t) for t in schema.report_tables() if t.name != "figures")

#: ``metrics.json`` counts that must equal the rows of a table of the same folder.
_COUNTS = (("n_programs", "programs"), ("n_goals", "goals"), ("n_standards", "standards"))

REPORTS = schema.table("compare_reports")
FIGURES = schema.table("figures")
METRIC_KEYS = schema.metric_keys()


def report_folders(runs_dir: str | Path) -> list[Path]:
    """Every report folder of a run: ``<runs_dir>/<doc_id>/`` holding a ``figures.csv``.

    Parameters
    ----------
    runs_dir : str or pathlib.Path
        The folder ``minsheng run`` wrote into (``data/processed`` or ``--out DIR``).

    Returns
    -------
    list of pathlib.Path
        Sorted by folder name (the ``doc_id``); names starting with ``_`` or
        ``.`` (``_failed``, ``_compare``, staging folders) are skipped.

    Raises
    ------
    minsheng.errors.InputError
        If ``runs_dir`` is not a folder.
    """
    root = Path(runs_dir)
    if not root.is_dir():
        raise InputError(f"runs folder {root} does not exist; run `minsheng run REPORT ... --out {root}` first")
    return sorted((p for p in root.iterdir()
                   if p.is_dir() and not p.name.startswith(("_", ".")) and (p / "figures.csv").is_file()),
                  key=lambda p: p.name)


def _check_doc_id(df: pd.DataFrame, doc_id: str, what: str) -> None:
    for i, v in enumerate(df["doc_id"], start=1):
        if v != doc_id:
            raise CheckError(f"{what} row {i}: doc_id {v!r} is not the report of its folder ({doc_id!r}); "
                             "the folder holds another report's table: rerun `minsheng run` on it")


def _read_metrics(path: Path, doc_id: str) -> dict:
    try:
        m = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CheckError(f"{doc_id}/metrics.json is not valid JSON ({exc}); rerun `minsheng run` on it") from None
    if not isinstance(m, dict):
        raise CheckError(f"{doc_id}/metrics.json is not a JSON object; rerun `minsheng run` on it")
    return m


def _metrics_frame(rows: list[dict]) -> pd.DataFrame:
    keys = list(METRIC_KEYS) + sorted({k for r in rows for k in r} - set(METRIC_KEYS) - {"doc_id"})
    out = pd.DataFrame({"doc_id": pd.Series([r["doc_id"] for r in rows], dtype=object)})
    for k in keys:
        vals = [r.get(k) for r in rows]
        present = [v for v in vals if v is not None]
        if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            out[k] = pd.array(vals, dtype="Int64")
        else:
            out[k] = pd.to_numeric(pd.Series([math.nan if v is None else v for v in vals], dtype=object),
                                   errors="coerce").astype("float64")
    return out


def _read_text_table(path: Path, columns: schema.Table, what: str) -> pd.DataFrame:
    """A report folder's table as read, every value a string (typed once for all reports, :func:`_concat`)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    schema.require_columns(raw, columns.names, what)
    return raw


def _concat(frames: list[pd.DataFrame], whats: list[str], columns: schema.Table, what: str) -> pd.DataFrame:
    """The reports' tables one under the other, typed in one go (per report, the types' work was most of
    a batch's comparison); where a value is not of its type, the message names the report's file."""
    parts = [(f, w) for f, w in zip(frames, whats) if len(f)]
    if not parts:
        return columns.empty()
    try:
        return schema.typed(pd.concat([f for f, _w in parts], ignore_index=True), columns, what)
    except InputError:
        for f, w in parts:
            schema.typed(f, columns, w)
        raise


def stack(runs_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The tables of every report folder, one frame per table, ``doc_id`` first.

    Parameters
    ----------
    runs_dir : str or pathlib.Path
        The folder holding one subfolder per report (:func:`report_folders`).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``figures`` (every report's ``figures.csv``, one under the other: the
        model across reports reads their status and parts),
        ``reports`` (:data:`REPORTS`: one row per report folder, with
        the analysis tables it lacks), ``programs``, ``goals``, ``standards``
        (the reports' tables one under the other, in order of ``doc_id``, with
        their published columns and types) and ``metrics`` (one row per report
        with ``metrics.json``: ``doc_id`` then the keys of
        :data:`minsheng.analysis.metrics.KEYS`, empty where a value is null) and
        ``documents`` (one row per report with ``document.json``, its fields as columns). A report
        whose folder lacks a table contributes no rows to it.

    Raises
    ------
    minsheng.errors.InputError
        If ``runs_dir`` is not a folder.
    minsheng.errors.CheckError
        If a table's ``doc_id`` is not its folder's name, or ``metrics.json``
        counts other rows than its tables (a stale folder); the message names
        the file and the row.
    """
    folders = report_folders(runs_dir)
    reports, metric_rows, documents = [], [], []
    parts = {k: ([], []) for k in ("figures", *(k for k, _f, _c in REPORT_TABLES))}  # frames, their files' names
    for folder in folders:
        doc_id = folder.name
        figures = _read_text_table(folder / "figures.csv", FIGURES, f"{doc_id}/figures.csv")
        _check_doc_id(figures, doc_id, f"{doc_id}/figures.csv")
        parts["figures"][0].append(figures)
        parts["figures"][1].append(f"{doc_id}/figures.csv")
        missing, read = [], {}
        for key, fname, columns in REPORT_TABLES:
            if not (folder / fname).is_file():
                missing.append(fname)
                continue
            df = _read_text_table(folder / fname, columns, f"{doc_id}/{fname}")
            _check_doc_id(df, doc_id, f"{doc_id}/{fname}")
            read[key] = df
            parts[key][0].append(df)
            parts[key][1].append(f"{doc_id}/{fname}")
        if (folder / "metrics.json").is_file():
            m = _read_metrics(folder / "metrics.json", doc_id)
            for key, table in (("n_figures", figures), *((k, read.get(t)) for k, t in _COUNTS)):
                if table is not None and m.get(key) is not None and m[key] != len(table):
                    raise CheckError(f"{doc_id}/metrics.json: {key} = {m[key]} but the folder's table has "
                                     f"{len(table)} rows; the folder is stale: rerun `minsheng run` on the report")
            metric_rows.append({"doc_id": doc_id, **m})
        else:
            missing.append("metrics.json")
        if (folder / "document.json").is_file():
            documents.append(_read_document(folder / "document.json", doc_id))
        else:
            missing.append("document.json")
        reports.append({"doc_id": doc_id, "n_figures": len(figures), "missing_tables": ";".join(missing)})
    out = {"reports": schema.typed(pd.DataFrame(reports), REPORTS, "reports") if reports
           else REPORTS.empty()}
    for key, _fname, columns in REPORT_TABLES:
        out[key] = _concat(*parts[key], columns, f"stacked {key}")
    out["metrics"] = _metrics_frame(metric_rows)
    out["documents"] = (pd.concat([schema.document_frame(d) for d in documents], ignore_index=True) if documents
                        else schema.document_table().empty())
    out["figures"] = _concat(*parts["figures"], FIGURES, "stacked figures")
    return out


def _read_document(path: Path, doc_id: str) -> dict:
    """A folder's ``document.json``, checked against its schema and its folder."""
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CheckError(f"{doc_id}/document.json is not valid JSON ({exc}); rerun `minsheng run` on it") from None
    schema.validate_document(d, where=doc_id)
    if d["doc_id"] != doc_id:
        raise CheckError(f"{doc_id}/document.json: doc_id {d['doc_id']!r} is not the report of its folder; "
                         "rerun `minsheng run` on it")
    return d
