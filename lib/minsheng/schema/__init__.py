"""The one definition of every table and vocabulary (``tables.yaml``, ``lexicon/``).

Every table the project writes or shows is declared once in ``tables.yaml``:
its file, key and columns (type, unit, description, required, vocabulary,
pattern). Everything else is derived here: the column lists the code builds
tables with (:meth:`Table.names`), one typing rule (:func:`typed`), the
pandera schema every product is validated against (:func:`validate`), the
Frictionless field list of ``datapackage.json`` (:meth:`Table.frictionless`),
the regression check's keys and numeric columns, and the README's data
dictionary (:mod:`minsheng.schema.docs`). ``metrics.json`` is declared there
too, one entry per key.

This is the lowest layer with :mod:`minsheng.paths`, :mod:`minsheng.errors`
and :mod:`minsheng.io`: it imports nothing else of the package.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from minsheng.errors import CheckError, InputError
from minsheng.io import read_yaml
from minsheng.paths import LEXICON_DIR

if TYPE_CHECKING:  # pandas is imported where a frame is made or read, not by ``minsheng extract``'s start
    import pandas as pd

SCHEMA_FILE = Path(__file__).resolve().parent / "tables.yaml"
TYPES = ("string", "integer", "number")


@dataclass(frozen=True)
class Column:
    """One column of a table, as ``tables.yaml`` declares it."""

    name: str
    type: str
    unit: str = ""
    description: str = ""
    required: bool = False
    vocabulary: str = ""
    pattern: str = ""

    @property
    def numeric(self) -> bool:
        return self.type in ("integer", "number")

    @property
    def dtype(self) -> str:
        """The pandas dtype a column reads back as (one rule for every table)."""
        if self.type == "string":
            return "object"
        if self.type == "integer":
            return "int64" if self.required else "Int64"
        return "float64"


@dataclass(frozen=True)
class Table:
    """One table: its name, file (``""`` for a table only shown, never written), key and columns."""

    name: str
    title: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    file: str = ""
    produced_by: str = ""

    @cached_property
    def names(self) -> list[str]:
        """The column names, in order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    @cached_property
    def numeric_columns(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns if c.numeric)

    @cached_property
    def float_columns(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns if c.type == "number")

    def frictionless(self) -> dict:
        """The Frictionless Table Schema of the table (``fields``, ``missingValues``, ``primaryKey``)."""
        fields = []
        for c in self.columns:
            field = {"name": c.name, "type": c.type}
            if c.description:
                field["description"] = c.description
            if c.unit:
                field["unit"] = c.unit
            fields.append(field)
        return {"fields": fields, "missingValues": [""], "primaryKey": list(self.primary_key)}

    def empty(self) -> pd.DataFrame:
        """The table with its columns and types and no rows (a new frame each time)."""
        return _empty(self).copy()


@cache
def _empty(t: Table) -> pd.DataFrame:
    import pandas as pd

    return typed(pd.DataFrame({n: [] for n in t.names}), t)


@dataclass(frozen=True)
class Metric:
    """One key of ``metrics.json``."""

    key: str
    type: str
    group: str
    description: str
    unit: str = ""
    label_zh: str = ""  #: what a reader sees in Chinese (report.html), e.g. 报告所述总投入
    label_en: str = ""  #: the same in English, e.g. stated total spending


# --------------------------------------------------------------------------- loading

def _column(spec: dict, where: str) -> Column:
    unknown = set(spec) - {"name", "type", "unit", "description", "required", "vocabulary", "pattern"}
    if unknown or spec.get("type") not in TYPES:
        raise ValueError(f"{SCHEMA_FILE.name} {where}: bad column spec {spec}")
    col = Column(**spec)
    if col.vocabulary:
        vocabulary(col.vocabulary)  # fails for an unknown name
    return col


def _metric(spec: dict) -> Metric:
    unknown = set(spec) - {"key", "type", "group", "description", "unit", "label_zh", "label_en"}
    if unknown or spec.get("type") not in TYPES or not spec.get("label_zh") or not spec.get("label_en"):
        raise ValueError(f"{SCHEMA_FILE.name} metrics.{spec.get('key')}: bad metric spec {spec} "
                         "(every metric needs a type, a group, a description, label_zh and label_en)")
    return Metric(**spec)


#: The columns that key a comparison's rows by place and year besides doc_id (documents.csv).
PLACE_KEYS = ("place_code", "place_name", "report_period")


@cache
def _load() -> tuple[dict[str, Table], tuple[Metric, ...]]:
    spec = read_yaml(SCHEMA_FILE)
    tables = {}
    for name, t in spec["tables"].items():
        cols = tuple(_column(c, f"{name}.{c.get('name')}") for c in t["columns"])
        if t.get("columns_from"):  # another table's columns first (documents.csv: document.json's fields), then its own
            cols = tables[t["columns_from"]].columns + cols
        table = Table(name=name, title=t["title"], columns=cols, primary_key=tuple(t["primary_key"]),
                      file=t.get("file") or "", produced_by=t.get("produced_by", ""))
        missing = set(table.primary_key) - set(table.names)
        if missing:
            raise ValueError(f"{SCHEMA_FILE.name} {name}: primary key names no column {sorted(missing)}")
        tables[name] = table
    metrics = tuple(_metric(m) for m in spec["metrics"])
    # compare_metrics.csv: one row per report, doc_id then every key of metrics.json
    keys = {c.name: c for c in tables["compare_programs"].columns}
    cols = (Column("doc_id", "string", "", "the report's id", required=True, pattern=r"^[a-z0-9_-]+$"),
            *(keys[k] for k in PLACE_KEYS), *(Column(m.key, m.type, m.unit, m.description) for m in metrics))
    tables["compare_metrics"] = Table(
        name="compare_metrics", title="compare_metrics.csv: the headline metrics of every report, one row each",
        columns=cols, primary_key=("doc_id",), file="compare_metrics.csv", produced_by="30-compare-reports")
    return tables, metrics


def table(name: str) -> Table:
    """The table called ``name`` (``figures``, ``programs``, ``goals`` …)."""
    tables, _ = _load()
    try:
        return tables[name]
    except KeyError:
        raise KeyError(f"no table {name!r} in {SCHEMA_FILE.name}; known: {', '.join(tables)}") from None


def tables() -> list[Table]:
    """Every table, in the order of ``tables.yaml``."""
    return list(_load()[0].values())


def report_tables() -> list[Table]:
    """The tables a report's run writes (``figures.csv`` … ``standards.csv``), in order."""
    return [t for t in tables() if t.file and not t.name.startswith("compare_")]


def compare_tables() -> list[Table]:
    """The tables a comparison of several reports writes (``compare_*.csv``)."""
    return [t for t in tables() if t.file and t.name.startswith("compare_")]


def metrics() -> tuple[Metric, ...]:
    """Every key of ``metrics.json``, in order."""
    return _load()[1]


def metric_keys() -> list[str]:
    return [m.key for m in metrics()]


# --------------------------------------------------------------------------- vocabularies

@cache
def goals() -> tuple[dict[str, str], ...]:
    """The goal vocabulary (``lexicon/goals.csv``): ``goal``, ``zh``, ``en``, ``colour``, ``description``."""
    with (LEXICON_DIR / "goals.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@cache
def _vocabularies() -> dict[str, dict[str, str]]:
    vocabs = read_yaml(LEXICON_DIR / "vocabularies.yaml")
    vocabs["goal"] = {g["goal"]: g["en"] for g in goals()}
    return vocabs


def vocabulary(name: str) -> tuple[str, ...]:
    """The values of a closed vocabulary (``goal``, ``unit_norm``, ``metric``, ``qualifier`` …), in order."""
    vocabs = _vocabularies()
    if name not in vocabs:
        raise KeyError(f"no vocabulary {name!r}; known: {', '.join(vocabs)}")
    return tuple(vocabs[name])


def vocabulary_descriptions(name: str) -> dict[str, str]:
    vocabulary(name)
    return dict(_vocabularies()[name])


# --------------------------------------------------------------------------- typing and validation

def _missing(v) -> bool:
    import pandas as pd

    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def require_columns(df: pd.DataFrame, columns, what: str) -> None:
    """Raise :class:`~minsheng.errors.InputError` naming ``what`` if ``df`` lacks any of ``columns``."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(f"{what} lacks the column(s) {', '.join(missing)}; is it the right table?")


def typed(df: pd.DataFrame, table_: Table | str, what: str | None = None) -> pd.DataFrame:
    """A new frame with ``table_``'s columns, in order, with their types.

    One rule for every table: ``string`` → ``str`` with ``""`` for missing,
    ``integer`` → ``int64`` where required else nullable ``Int64``, ``number``
    → ``float64`` (NaN for missing). Extra columns of ``df`` are dropped; the rows are numbered 0 … n-1.

    Raises
    ------
    minsheng.errors.InputError
        If a column is missing or a value cannot be read as its type.
    """
    import numpy as np
    import pandas as pd

    t = table(table_) if isinstance(table_, str) else table_
    what = what or (t.file or t.name)
    require_columns(df, t.names, what)
    out = {}
    for c in t.columns:
        col = df[c.name]
        try:
            if c.type == "string":
                # a list, not Series.map with a lambda: the same values, a fraction of the time on 50,000 rows
                out[c.name] = pd.Series([v if type(v) is str else ("" if _missing(v) else str(v)) for v in col.tolist()],
                                        dtype=object)
                continue
            if _is_number_dtype(col.dtype):
                num = col  # already numbers: no text to read (the common case in-process)
            else:  # text: "" is missing; the values' array, not the Series (Series.replace is most of the time)
                text = np.array([None if type(v) is str and v == "" else v for v in col.tolist()], dtype=object)
                num = pd.Series(pd.to_numeric(text, errors="raise"))
            # arrays without the index: the new frame's rows are 0 … n-1 whatever ``df``'s index
            if c.type == "integer":
                out[c.name] = num.array if num.dtype == c.dtype else num.astype(c.dtype).array
            else:
                out[c.name] = num.to_numpy(dtype="float64")
        except (ValueError, TypeError) as exc:
            raise InputError(f"{what} column {c.name}: {exc}; is it the right table?") from None
    return pd.DataFrame(out, index=range(len(df)), columns=t.names)


def _is_number_dtype(dtype) -> bool:
    """Numbers (integers, floats, their nullable kinds), not booleans and not text."""
    import pandas as pd

    if dtype.kind in "iuf":
        return True
    return dtype.kind not in "bO" and pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def pandera_schema(table_: Table | str):
    """The ``pandera.DataFrameSchema`` of a table, derived from its declaration.

    Columns in order and no others; each column's dtype (:attr:`Column.dtype`);
    no empty value where the column is required or part of the primary key
    (``""`` for text, NaN for numbers); values of a vocabulary column within
    it; a pattern column's values matching it whole; numbers finite; the
    primary key unique.
    """
    return _pandera_schema(table(table_) if isinstance(table_, str) else table_)


@cache
def _pandera_schema(t: Table):
    import pandera.pandas as pa

    cols = {}
    for c in t.columns:
        required = c.required or c.name in t.primary_key
        checks = []
        if c.type == "string":
            checks.append(pa.Check(lambda s: s.map(lambda v: isinstance(v, str)), name="is text"))
            if required:
                checks.append(pa.Check(lambda s: s != "", name="required: not empty"))
            if c.vocabulary:
                allowed = set(vocabulary(c.vocabulary)) | ({""} if not required else set())
                checks.append(pa.Check(lambda s, a=frozenset(allowed): s.isin(a), name=f"in the {c.vocabulary} vocabulary"))
            if c.pattern:
                rx = re.compile(c.pattern)
                checks.append(pa.Check(lambda s, rx=rx: s.map(lambda v: v == "" or bool(rx.fullmatch(v))),
                                       name=f"matches {c.pattern}"))
            cols[c.name] = pa.Column(None, checks, nullable=False)  # object or pandas 3 "str": the check says text
        else:
            if c.type == "number":
                checks.append(pa.Check(lambda s: s.map(lambda v: math.isfinite(v)), name="finite", ignore_na=True))
            cols[c.name] = pa.Column(c.dtype, checks, nullable=not required)
    return pa.DataFrameSchema(cols, strict=True, ordered=True, unique=list(t.primary_key) or None,
                              name=t.file or t.name)


@cache
def _allowed(vocabulary_name: str, required: bool) -> frozenset[str]:
    return frozenset(vocabulary(vocabulary_name)) | (frozenset() if required else frozenset({""}))


@cache
def _pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern)


_INT64 = (-(2 ** 63), 2 ** 63)


def plainly_valid(columns, table_: Table | str, dtypes=None) -> bool:
    """True when ``columns`` (``{name: list of values}``) surely pass every check of
    :func:`pandera_schema`; False when they may not (then ask pandera, whose answer names
    the rows). The checks of that schema, in plain Python: the schema's columns in order and
    no others, of one length; text columns all ``str``, not empty where required, in their
    vocabulary, matching their pattern; integer columns ``int`` (within int64) and number
    columns ``float``, finite, missing (``None``, NaN, ``pd.NA``) only where not required;
    the primary key unique. ``dtypes``: ``{name: dtype}`` of a frame's columns, which must
    then be the schema's (:attr:`Column.dtype`) for numbers; ``None`` for columns that are
    not yet a frame (typed as :func:`typed` would). Anything unexpected answers False.
    """
    t = table(table_) if isinstance(table_, str) else table_
    if list(columns) != t.names:
        return False
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        return False
    for c in t.columns:
        values = columns[c.name]
        required = c.required or c.name in t.primary_key
        if c.type == "string":
            distinct = set(values) if all(type(v) is str for v in values) else None
            if distinct is None or (required and "" in distinct):
                return False
            if c.vocabulary and not distinct <= _allowed(c.vocabulary, required):
                return False
            if c.pattern:
                rx = _pattern(c.pattern)
                if not all(v == "" or rx.fullmatch(v) for v in distinct):
                    return False
            continue
        if dtypes is not None and str(dtypes[c.name]) != c.dtype:
            return False
        kind = int if c.type == "integer" else float
        for v in values:
            if type(v) is kind:
                if kind is int:
                    if not _INT64[0] <= v < _INT64[1]:
                        return False
                elif v != v:  # NaN: missing
                    if required:
                        return False
                elif not math.isfinite(v):
                    return False
            elif v is None or type(v).__name__ == "NAType":
                if required:
                    return False
            else:
                return False
    if t.primary_key:
        keys = list(zip(*(columns[k] for k in t.primary_key)))
        if len(set(keys)) != len(keys):
            return False
    return True


def violations(df: pd.DataFrame, table_: Table | str) -> list[str]:
    """Every way ``df`` breaks its table's declaration, as ``row N column C: value: check`` lines.

    Rows are numbered from 1 as the data rows of the CSV file (header not
    counted). Empty when the frame matches. A frame that plainly matches
    (:func:`plainly_valid`) is not given to pandera: the same answer, without its cost.
    """
    t = table(table_) if isinstance(table_, str) else table_
    if list(df.columns) == t.names and plainly_valid({n: df[n].tolist() for n in t.names}, t,
                                                     {n: df[n].dtype for n in t.names}):
        return []
    import pandas as pd
    import pandera.pandas as pa

    try:
        pandera_schema(t).validate(df.reset_index(drop=True), lazy=True)
    except pa.errors.SchemaErrors as exc:
        out = []
        fc = exc.failure_cases
        for r in fc.itertuples(index=False):
            row = "" if pd.isna(r.index) else f"row {int(r.index) + 1} "
            if r.check == "multiple_fields_uniqueness":
                out.append(f"{row}key ({', '.join(t.primary_key)}) repeats another row; the key must be unique")
            elif r.check in ("column_in_dataframe", "column_in_schema", "column_ordered"):
                out.append(f"column {r.failure_case}: {r.check.replace('_', ' ')} fails; the columns must be the schema's, in order")
            else:
                out.append(f"{row}column {r.column}: {r.failure_case!r} fails '{r.check}'")
        return list(dict.fromkeys(out))
    return []


def validate(df: pd.DataFrame, table_: Table | str, where: str = "") -> pd.DataFrame:
    """Return ``df`` if it matches its table's declaration, else raise :class:`CheckError`.

    The message names the table (and ``where``: the report or the file), then
    the first offending rows with their columns.
    """
    t = table(table_) if isinstance(table_, str) else table_
    problems = violations(df, t)
    if problems:
        name = t.file or t.name
        head = f"{where}: {name}" if where else name
        shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
        raise CheckError(f"{head} does not match its schema: {shown}")
    return df


def validate_columns(columns, table_: Table | str, where: str = "") -> None:
    """:func:`validate` of the frame :func:`typed` would make of ``columns`` (``{name: list}``),
    made only where they do not plainly match (:func:`plainly_valid`)."""
    t = table(table_) if isinstance(table_, str) else table_
    if plainly_valid(columns, t):
        return
    import pandas as pd

    validate(typed(pd.DataFrame(columns), t), t, where)


def metrics_violations(m: dict, ordered: bool = True) -> list[str]:
    """Every way a ``metrics.json`` object breaks its declaration: keys (in order unless ``ordered`` is false:
    the file is written with sorted keys), types."""
    if not isinstance(m, dict):
        return ["is not a JSON object"]
    out = []
    declared = {x.key: x for x in metrics()}
    if (list(m) if ordered else sorted(m)) != (list(declared) if ordered else sorted(declared)):
        missing = [k for k in declared if k not in m]
        extra = [k for k in m if k not in declared]
        out.append(f"keys are not the schema's: missing {missing}, extra {extra}" if missing or extra
                   else "keys are not in the schema's order")
    for k, v in m.items():
        if not re.fullmatch(r"[a-z][a-z0-9_]*", k):
            out.append(f"key {k!r} is not snake_case")
        elif v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v)):
            out.append(f"{k} = {v!r} is not a finite number or null")
        elif k in declared and declared[k].type == "integer" and v is not None and not float(v).is_integer():
            out.append(f"{k} = {v!r} is not a whole number")
    return out


def validate_metrics(m: dict, where: str = "", ordered: bool = True) -> dict:
    """Return ``m`` if it matches the declaration of ``metrics.json``, else raise :class:`CheckError`."""
    problems = metrics_violations(m, ordered)
    if problems:
        head = f"{where}: metrics.json" if where else "metrics.json"
        raise CheckError(f"{head} does not match its schema: " + "; ".join(problems[:3]))
    return m


def document_table() -> Table:
    """The fields of ``document.json`` (declared as the table ``document``: one row per report, never a CSV)."""
    return table("document")


def document_frame(record: dict) -> pd.DataFrame:
    """A ``document.json`` object as a one-row frame of the ``document`` table (null → empty)."""
    import pandas as pd

    t = document_table()
    return typed(pd.DataFrame([{c: record.get(c) for c in t.names}]), t, "document.json")


def check_document_shape(record: dict, where: str = "") -> dict:
    """Return ``record`` if its keys are exactly the declared fields of ``document.json`` and each value is
    null or of its field's type and not an empty string, else raise :class:`CheckError` (the part of
    :func:`validate_document` that needs no frame)."""
    t = document_table()
    head = f"{where}: document.json" if where else "document.json"
    if not isinstance(record, dict):
        raise CheckError(f"{head} is not a JSON object")
    if sorted(record) != sorted(t.names):
        missing = [k for k in t.names if k not in record]
        extra = [k for k in record if k not in t.names]
        raise CheckError(f"{head} does not match its schema: missing {missing}, extra {extra}")
    for c in t.columns:
        v = record[c.name]
        ok = v is None or (isinstance(v, str) if c.type == "string" else
                           isinstance(v, int) and not isinstance(v, bool) if c.type == "integer" else
                           isinstance(v, (int, float)) and not isinstance(v, bool))
        if not ok:
            raise CheckError(f"{head} does not match its schema: {c.name} = {v!r} is not a {c.type} or null")
        if v == "":
            raise CheckError(f"{head} does not match its schema: {c.name} is an empty string; write null for unknown")
    return record


def validate_document(record: dict, where: str = "") -> dict:
    """Return ``record`` if it matches the declaration of ``document.json``, else raise :class:`CheckError`.

    Its keys are exactly the declared fields; each value is null or of its
    field's type, within its vocabulary or pattern; required fields are not
    null or empty.
    """
    check_document_shape(record, where)
    validate(document_frame(record), document_table(), where=where)
    return record


def documents_frame(records: list[dict], wheres: list[str]) -> pd.DataFrame:
    """Many ``document.json`` objects (each passed :func:`check_document_shape`) as one frame of the
    ``document`` table, validated in one go; where one breaks its vocabulary or pattern, the message
    names it (``wheres``, as :func:`validate_document` would)."""
    import pandas as pd

    t = document_table()
    if not records:
        return t.empty()
    frame = typed(pd.DataFrame([{c: r.get(c) for c in t.names} for r in records], columns=t.names), t,
                  "document.json")
    if violations(frame, t):
        for r, w in zip(records, wheres):
            validate_document(r, w)
        validate(frame, t)
    return frame


def vocabulary_names() -> list[str]:
    """The names of every closed vocabulary, ``goal`` first."""
    return ["goal", *[n for n in _vocabularies() if n != "goal"]]
