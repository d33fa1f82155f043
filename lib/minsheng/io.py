"""Writing products whole or not at all."""

from __future__ import annotations

import csv
import functools
import json
import os
import tempfile
from pathlib import Path


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: str | Path, content: str) -> Path:
    """Write ``content`` to ``path`` through a temporary file in the same folder and a rename.

    A reader never sees a half-written file; on any error the old file is untouched.
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
        os.chmod(tmp, 0o666 & ~current_umask())  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p


def dumps_json(obj) -> str:
    """Stable JSON: sorted keys, two-space indent, UTF-8 characters kept, final newline."""
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n"


# --------------------------------------------------------------------------- tables

def to_csv_text(df) -> str:
    """The table as the contract's CSV text: header, ``,``, ``\\n`` line ends, floats as ``%.15g``, empty for missing."""
    return df.to_csv(index=False, lineterminator="\n", float_format="%.15g")


def columns_to_csv_text(columns: dict[str, list], table) -> str:
    """:func:`to_csv_text` of the typed frame of ``columns`` (``{name: values}``, ``table``'s columns
    in order), written without making a frame: the same bytes (``csv`` as pandas calls it, floats
    ``%.15g``, empty for missing, integers as written), for tables whose values already have their
    column's type (:func:`minsheng.schema.violations` finds none).
    """
    import io as _io

    buf = _io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(table.names)
    cells = []
    for c in table.columns:
        values = columns[c.name]
        if c.type == "string":
            cells.append([v if type(v) is str else ("" if v is None else str(v)) for v in values])
        elif c.type == "integer":
            cells.append(["" if v is None else str(int(v)) for v in values])
        else:
            cells.append(["" if v is None or v != v else "%.15g" % v for v in values])  # noqa: UP031 (pandas: float_format % v)
    w.writerows(zip(*cells))
    return buf.getvalue()


def write_csv(df, path: str | Path) -> Path:
    """Write ``df`` to ``path`` whole (temporary file, then rename); its folder is created if needed."""
    return write_text_atomic(path, to_csv_text(df))


def write_json(obj: dict, path: str | Path) -> Path:
    """Write ``obj`` as stable JSON (:func:`dumps_json`) to ``path`` whole."""
    return write_text_atomic(path, dumps_json(obj))


def read_table(path: str | Path, table, what: str | None = None):
    """Read a table written by :func:`write_csv` with the column types of its schema.

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file.
    table : str or minsheng.schema.Table
        The table's name in the schema (``"programs"``) or the table itself.
    what : str, optional
        The table's name for messages; default the file's name.

    Raises
    ------
    minsheng.errors.InputError
        If the file is missing, lacks a column of the schema or holds a value
        that is not of its column's type.
    """
    from minsheng import schema
    from minsheng.errors import InputError

    p = Path(path)
    what = what or p.name
    if not p.is_file():
        hint = f"run `minsheng extract REPORT > {p}` first" if p.name == "figures.csv" else "run the notebook that writes it first"
        raise InputError(f"{what}: no such file {p}; {hint}")
    t = schema.table(table) if isinstance(table, str) else table
    return _typed_csv(p.read_bytes(), t, what).copy()


@functools.lru_cache(maxsize=32)
def _typed_csv(content: bytes, table, what: str):
    """The typed frame of a table's CSV bytes, kept for the last few files read: in a batch each step
    reads the tables of the steps before it, and the runner reads every product again to check it.
    Keyed by the file's bytes, so a changed file is read anew; :func:`read_table` hands out copies."""
    import io as _io

    import pandas as pd

    from minsheng import schema

    raw = pd.read_csv(_io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8")
    return schema.typed(raw, table, what)


def read_figures(path: str | Path):
    """Read ``figures.csv`` (:func:`read_table` with the figures schema)."""
    return read_table(path, "figures")


@functools.cache
def read_lexicon(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a word list in ``minsheng/lexicon/`` (a CSV with a header), read once per process."""
    from minsheng.paths import LEXICON_DIR

    with (LEXICON_DIR / name).open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def read_yaml(path: str | Path):
    """The data of a YAML file, read with libyaml's safe loader where PyYAML has it (the pure-Python
    loader otherwise): the same data, a tenth of the time (the lexicon and schema files are read at
    every start of ``minsheng extract``)."""
    import yaml

    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def write_bytes_atomic(path: str | Path, content: bytes) -> Path:
    """Write ``content`` to ``path`` through a temporary file in the same folder and a rename (as :func:`write_text_atomic`)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p
