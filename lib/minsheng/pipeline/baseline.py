"""``minsheng check``: compare a run of the bundled report with the committed tables.

The bundled report's tables, ``metrics.json``, ``document.json``, ``text.txt`` and ``datapackage.json`` in
``data/processed/<doc_id>/`` are the project's published dataset and its
regression expectations. The check runs the pipeline into a temporary folder
(or reads a finished run with ``--run-dir``) and compares: text and integer
columns exactly, float columns and metrics with a relative tolerance of
:data:`REL_TOL`. It prints which table, which row, which column, old → new, and
exits 1 on any change. ``--update`` writes the new run as the expectations (a
deliberate change updates them in the same commit).
"""

from __future__ import annotations

import json
import math
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

from minsheng import schema
from minsheng.errors import InputError
from minsheng.extraction.reading import make_doc_id
from minsheng.paths import DEFAULT_REPORT, PROCESSED_DIR

REL_TOL = 1e-9
ABS_TOL = 1e-9
#: What the check compares: every table a report's run writes (from the schema), its metrics and its descriptor.
COMPARED = (*(t.file for t in schema.report_tables()), "metrics.json", "document.json", "text.txt", "datapackage.json")


def _is_float_text(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def _same(old: str, new: str, float_column: bool) -> bool:
    if old == new:
        return True
    if float_column and _is_float_text(old) and _is_float_text(new):
        return math.isclose(float(old), float(new), rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return False


def compare_tables(name: str, old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """Readable differences between two versions of a table read as text."""
    diffs = []
    if list(old.columns) != list(new.columns):
        return [f"{name}: columns changed: {list(old.columns)} -> {list(new.columns)}"]
    table = schema.table(name.removesuffix(".csv"))
    key, floats = list(table.primary_key), table.float_columns
    o, n = old.set_index(key, drop=False), new.set_index(key, drop=False)
    for k in o.index.difference(n.index, sort=False):
        diffs.append(f"{name} {k}: row removed ({_brief(o.loc[k])})")
    for k in n.index.difference(o.index, sort=False):
        diffs.append(f"{name} {k}: row added ({_brief(n.loc[k])})")
    for k in o.index.intersection(n.index, sort=False):
        for c in old.columns:
            a, b = o.at[k, c], n.at[k, c]
            if not _same(a, b, c in floats):
                diffs.append(f"{name} {k} {c}: {a!r} -> {b!r}")
    if not diffs and list(o.index) != list(n.index):
        diffs.append(f"{name}: same rows in another order")
    return diffs


def _brief(row: pd.Series) -> str:
    return ", ".join(f"{c}={row[c]}" for c in list(row.index)[:6])


def compare_metrics(old: dict, new: dict) -> list[str]:
    diffs = []
    for k in sorted(set(old) | set(new)):
        if k not in new:
            diffs.append(f"metrics.json {k}: removed (was {old[k]!r})")
        elif k not in old:
            diffs.append(f"metrics.json {k}: added ({new[k]!r})")
        else:
            a, b = old[k], new[k]
            if a is None or b is None or isinstance(a, str) or isinstance(b, str):
                same = a == b
            else:
                same = math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)
            if not same:
                diffs.append(f"metrics.json {k}: {a!r} -> {b!r}")
    return diffs


def compare_folders(expected: Path, actual: Path) -> list[str]:
    """All differences between the committed folder ``expected`` and a run's folder ``actual``."""
    diffs = []
    for name in COMPARED:
        e, a = expected / name, actual / name
        if not e.exists() and not a.exists():
            continue
        if not e.exists():
            diffs.append(f"{name}: new product (not committed yet)")
            continue
        if not a.exists():
            diffs.append(f"{name}: missing from the run")
            continue
        if name == "datapackage.json":
            if json.loads(e.read_text("utf-8")) != json.loads(a.read_text("utf-8")):
                diffs.append("datapackage.json: the descriptor changed (schemas, sources or resources)")
        elif name.endswith(".json"):
            diffs += [d.replace("metrics.json", name, 1) for d in
                      compare_metrics(json.loads(e.read_text("utf-8")), json.loads(a.read_text("utf-8")))]
        elif name.endswith(".txt"):
            if e.read_bytes() != a.read_bytes():
                diffs.append(f"{name}: the report text changed (its figures' offsets index another text)")
        else:
            read = dict(dtype=str, keep_default_na=False)
            diffs += compare_tables(name, pd.read_csv(e, **read), pd.read_csv(a, **read))
    return diffs


def check(update: bool = False, run_dir: str | None = None, report: Path = DEFAULT_REPORT,
          committed_root: Path = PROCESSED_DIR) -> int:
    """Exit code of ``minsheng check``: 0 unchanged (or updated), 1 on any change."""
    from minsheng.pipeline.runner import run

    doc_id = make_doc_id(Path(report))
    committed = Path(committed_root) / doc_id
    if update:
        code = run([str(report)], out=str(committed_root), update_baseline=True)
        if code == 0:
            print(f"minsheng check: expectations updated in {committed}; commit them with the change", file=sys.stderr)
        return code
    tmp = None
    try:
        if run_dir:
            actual = Path(run_dir)
            actual = actual / doc_id if (actual / doc_id).is_dir() else actual
            if not (actual / "figures.csv").is_file():
                raise InputError(f"{run_dir!r} holds no run of {doc_id} (no figures.csv); give the --out folder of a run")
        else:
            tmp = Path(tempfile.mkdtemp(prefix="minsheng-check-"))
            if run([str(report)], out=str(tmp)) != 0:
                return 1
            actual = tmp / doc_id
        if not committed.is_dir():
            raise InputError(f"no committed expectations in {committed}; create them with 'minsheng check --update'")
        diffs = compare_folders(committed, actual)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    if diffs:
        print(f"minsheng check: {len(diffs)} change(s) against {committed}:")
        for d in diffs:
            print(f"  {d}")
        print("If the change is deliberate, run 'minsheng check --update' and commit the new expectations with it.")
        return 1
    print(f"minsheng check: no change against {committed} (floats within relative {REL_TOL:g})")
    return 0
