"""Reading and writing the analysis tables, and the small helpers their notebooks share.

Every table is written whole (temporary file, then rename) as the contract's
CSV: UTF-8, ``,`` separator, header row, ``\\n`` line ends, plain numbers, an
empty field where a value is missing. Reading gives back the same types: text
columns as ``str`` with ``""`` for empty, numbers as floats (NaN for empty),
whole numbers that may be missing as pandas' nullable ``Int64``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from minsheng.errors import InputError
from minsheng.io import dumps_json, write_text_atomic

#: One table column: ``(name, Table Schema type, unit or "", description)``.
Column = tuple[str, str, str, str]


def to_csv_text(df: pd.DataFrame) -> str:
    """The table as the contract's CSV text (same format as ``figures.csv``).

    Parameters
    ----------
    df : pandas.DataFrame
        Any table; its index is not written.

    Returns
    -------
    str
        CSV with a header row, ``\\n`` line ends and floats written with up to
        15 significant digits (``%.15g``); missing values are empty fields.
    """
    return df.to_csv(index=False, lineterminator="\n", float_format="%.15g")


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` to ``path`` whole (temporary file, then rename).

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    path : str or pathlib.Path
        Destination; its folder is created if needed.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    return write_text_atomic(path, to_csv_text(df))


def write_json(obj: dict, path: str | Path) -> Path:
    """Write ``obj`` as stable JSON (sorted keys, final newline) to ``path`` whole.

    Parameters
    ----------
    obj : dict
        A JSON-serialisable object without NaN (use ``None``).
    path : str or pathlib.Path
        Destination.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    return write_text_atomic(path, dumps_json(obj))


def names(columns: Sequence[Column]) -> list[str]:
    """The names of a table's columns, in order."""
    return [c[0] for c in columns]


def require_columns(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise :class:`~minsheng.errors.InputError` naming ``what`` if ``df`` lacks any of ``columns``.

    Parameters
    ----------
    df : pandas.DataFrame
        The table to check.
    columns : iterable of str
        Columns the caller needs.
    what : str
        The table's name for the message (``"figures.csv"``).
    """
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(f"{what} lacks the column(s) {', '.join(missing)}; is it the right table?")


def typed(df: pd.DataFrame, columns: Sequence[Column], what: str) -> pd.DataFrame:
    """A copy of ``df`` with the listed columns, in order, with their types.

    Parameters
    ----------
    df : pandas.DataFrame
        A table as read from CSV or as built in memory.
    columns : sequence of Column
        ``(name, type, unit, description)``; type ``string`` becomes ``str``
        with ``""`` for missing, ``integer`` nullable ``Int64``, ``number``
        ``float64``. Extra columns of ``df`` are dropped.
    what : str
        The table's name for error messages.

    Returns
    -------
    pandas.DataFrame
        A new frame.

    Raises
    ------
    minsheng.errors.InputError
        If a listed column is missing.
    """
    require_columns(df, names(columns), what)
    out = pd.DataFrame(index=range(len(df)))
    for name, kind, _unit, _desc in columns:
        col = df[name].reset_index(drop=True)
        if kind == "string":
            out[name] = col.map(lambda v: "" if _missing(v) else str(v)).astype(object)
        elif kind == "integer":
            out[name] = pd.to_numeric(col.replace("", pd.NA), errors="raise").astype("Int64")
        else:
            out[name] = pd.to_numeric(col.replace("", pd.NA), errors="raise").astype("float64")
    return out


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def read_csv(path: str | Path, columns: Sequence[Column], what: str | None = None) -> pd.DataFrame:
    """Read a table written by :func:`write_csv` with its column types.

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file.
    columns : sequence of Column
        The table's columns (e.g. :data:`minsheng.analysis.per_beneficiary.COLUMNS`).
    what : str, optional
        The table's name for messages; default the file's name.

    Returns
    -------
    pandas.DataFrame
        The table with the listed columns typed as in :func:`typed`.

    Raises
    ------
    minsheng.errors.InputError
        If the file is missing or lacks a listed column.
    """
    p = Path(path)
    what = what or p.name
    if not p.is_file():
        raise InputError(f"{what}: no such file {p}; run the notebook that writes it first")
    raw = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    return typed(raw, columns, what)


def read_figures(path: str | Path) -> pd.DataFrame:
    """Read ``figures.csv`` with the clean stage's column types.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``figures.csv`` written by ``minsheng extract`` or notebook 10.

    Returns
    -------
    pandas.DataFrame
        The figures table (text columns ``""`` where empty).

    Raises
    ------
    minsheng.errors.InputError
        If the file is missing or lacks a column of the contract.
    """
    from minsheng.extraction.clean import FIGURE_COLUMNS
    from minsheng.extraction.clean import typed as typed_figures

    p = Path(path)
    if not p.is_file():
        raise InputError(f"figures.csv: no such file {p}; run `minsheng extract REPORT > {p}` first")
    raw = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    require_columns(raw, FIGURE_COLUMNS, p.name)
    raw = raw.copy()
    for c in ("value", "value_norm"):
        raw[c] = pd.to_numeric(raw[c])
    for c in ("start", "end"):
        raw[c] = pd.to_numeric(raw[c]).astype("int64")
    return typed_figures(raw)


def empty(columns: Sequence[Column]) -> pd.DataFrame:
    """A table with the listed columns, their types and no rows."""
    return typed(pd.DataFrame({n: [] for n in names(columns)}), columns, "empty table")


def say(text: str):
    """``text`` as Markdown for a notebook (``IPython.display.Markdown``).

    Parameters
    ----------
    text : str
        Markdown prose.

    Returns
    -------
    IPython.display.Markdown
        Displayed as formatted prose when it is a cell's last value.
    """
    from IPython.display import Markdown

    return Markdown(text)


def show_or_say(df: pd.DataFrame, message: str):
    """``df`` if it has rows, else ``message`` as Markdown: an empty table says why in words.

    Parameters
    ----------
    df : pandas.DataFrame
        The table to show.
    message : str
        What to say when it has no rows.

    Returns
    -------
    pandas.DataFrame or IPython.display.Markdown
    """
    return df if len(df) else say(message)


def is_number(v) -> bool:
    """True for a finite int or float (not NaN, not ``pd.NA``, not bool)."""
    if v is None or v is pd.NA or isinstance(v, bool):
        return False
    try:
        return math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def fmt_number(v, digits: int = 2) -> str:
    """A number for prose: thousands separators, ``digits`` decimals; ``"–"`` when missing."""
    if not is_number(v):
        return "–"
    v = float(v)
    if v.is_integer() and abs(v) < 1e15:
        return f"{int(v):,}"
    return f"{v:,.{digits}f}"


def fmt_cny(v) -> str:
    """An amount of yuan for prose: ``CNY 57.93 亿 (5,793,000,000)`` style, in words a reader can check."""
    if not is_number(v):
        return "–"
    v = float(v)
    if abs(v) >= 1e8:
        return f"CNY {v / 1e8:,.4g} 亿 ({v:,.0f})"
    if abs(v) >= 1e4:
        return f"CNY {v / 1e4:,.6g} 万 ({v:,.0f})"
    return f"CNY {v:,.2f}"


def fmt_pct(v, digits: int = 2) -> str:
    """A fraction as a percentage for prose (``0.2428`` → ``24.28 %``); ``"–"`` when missing."""
    return f"{float(v) * 100:.{digits}f} %" if is_number(v) else "–"
