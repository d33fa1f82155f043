"""Collecting the tables of every report folder of a run, for the comparison.

Reading files is the pipeline's job: :func:`stack` reads each report folder's
tables with their schema's types, checks that they belong to the folder and to
its ``metrics.json``, and hands the analysis (:mod:`minsheng.analysis.compare`)
plain frames.
"""

from __future__ import annotations

import csv
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


def _check_doc_id(table: _Text, doc_id: str, what: str) -> None:
    for i, v in enumerate(table.column("doc_id"), start=1):
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


class _Text:
    """A report folder's table as read: its header and rows, every value a string (``""`` for empty).

    Read with the standard library's ``csv`` (a tenth of a millisecond for a
    report's table, where ``pandas.read_csv`` takes three: with a thousand
    reports that was most of the comparison); a file that does not have the
    plain shape we write (a row of another length, a repeated column name) is
    read by pandas instead, which says what is wrong with it as before.
    """

    __slots__ = ("header", "rows", "frame")

    def __init__(self, header: list[str], rows: list[list[str]], frame: pd.DataFrame | None = None):
        self.header, self.rows, self.frame = header, rows, frame

    def __len__(self) -> int:
        return len(self.frame) if self.frame is not None else len(self.rows)

    def column(self, name: str) -> list:
        if self.frame is not None:
            return self.frame[name].tolist()
        i = self.header.index(name)
        return [r[i] for r in self.rows]

    def to_frame(self) -> pd.DataFrame:
        if self.frame is not None:
            return self.frame
        return pd.DataFrame(self.rows, columns=self.header, dtype=object)


def _read_text_table(path: Path, columns: schema.Table, what: str) -> _Text:
    """A report folder's table as read, every value a string (typed once for all reports, :func:`_concat`)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            lines = [r for r in csv.reader(fh) if r]  # pandas, too, skips blank lines
    except csv.Error:  # a field longer than the csv module takes (131,072 characters), say: pandas reads it
        lines = []
    header, rows = (lines[0], lines[1:]) if lines else ([], [])
    if not header or len(set(header)) != len(header) or any(len(r) != len(header) for r in rows):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        table = _Text(list(frame.columns), [], frame)
    else:
        table = _Text(header, rows)
    missing = [c for c in columns.names if c not in table.header]
    if missing:
        raise InputError(f"{what} lacks the column(s) {', '.join(missing)}; is it the right table?")
    return table


def _concat(tables: list[_Text], whats: list[str], columns: schema.Table, what: str) -> pd.DataFrame:
    """The reports' tables one under the other, typed in one go (per report, the types' work was most of
    a batch's comparison); where a value is not of its type, the message names the report's file."""
    parts = [(t, w) for t, w in zip(tables, whats) if len(t)]
    if not parts:
        return columns.empty()
    names = columns.names
    if all(t.frame is None for t, _w in parts):  # one frame of the declared columns, built once from the rows
        cols = {n: [] for n in names}
        for t, _w in parts:
            idx = [t.header.index(n) for n in names]
            for n, i in zip(names, idx):
                cols[n].extend(r[i] for r in t.rows)
        stacked = pd.DataFrame({n: pd.Series(v, dtype=object) for n, v in cols.items()}, columns=names)
    else:
        stacked = pd.concat([t.to_frame()[names] for t, _w in parts], ignore_index=True)
    try:
        return schema.typed(stacked, columns, what)
    except InputError:
        for t, w in parts:
            schema.typed(t.to_frame(), columns, w)
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
    out["documents"] = schema.documents_frame(documents, [d["doc_id"] for d in documents])
    out["figures"] = _concat(*parts["figures"], FIGURES, "stacked figures")
    return out


def _read_document(path: Path, doc_id: str) -> dict:
    """A folder's ``document.json``, checked against its schema and its folder."""
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CheckError(f"{doc_id}/document.json is not valid JSON ({exc}); rerun `minsheng run` on it") from None
    schema.check_document_shape(d, where=doc_id)  # its vocabularies and patterns: all reports at once, stack
    if d["doc_id"] != doc_id:
        raise CheckError(f"{doc_id}/document.json: doc_id {d['doc_id']!r} is not the report of its folder; "
                         "rerun `minsheng run` on it")
    return d
