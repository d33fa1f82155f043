"""Corrections a researcher makes by hand, kept as data and applied in the clean stage.

A corrections file is ``DIR/<doc_id>.csv`` (data contract, "Corrections"): columns
``start,end,text,action``, then any of the correctable columns of ``figures.csv``,
then ``note``. Every row is located by its span and checked against the report's
text, so an edited report cannot shift a correction silently:

- ``set`` (the default): change the given fields of the one figure whose span overlaps
  ``start..end``;
- ``drop``: that figure is not a figure;
- ``add``: a figure the rules missed (``start,end,text,value,unit_raw,value_norm,
  unit_norm,metric`` required).

An empty cell leaves the field as the extractor made it; ``-`` empties an optional
field (a wrong period, program or parent link). ``parent_figure_id`` names a figure
as the rules number them (``minsheng extract --corrections none``), since drops and adds
renumber the table. A row that gives no field to change (an untouched row of a
review sheet, see :mod:`minsheng.reporting.review`) is only checked against the text.

A correction that cannot be applied (text no longer at its offsets, no figure or
several at its span, a value outside a vocabulary, an ``add`` missing a field) is an
:class:`~minsheng.errors.InputError` naming the file and the row; one that the rules
already satisfy is a warning naming the row, so it can be retired.
"""

from __future__ import annotations

import csv
import io as _io
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from minsheng import schema
from minsheng.errors import InputError
from minsheng.extraction.lexicon import Lexicon, load

if TYPE_CHECKING:  # pandas only where a file is applied: `minsheng extract` without one imports no pandas
    import pandas as pd

log = logging.getLogger(__name__)

#: The columns of figures.csv a correction may give, in the contract's order.
CORRECTABLE = ("value", "unit_raw", "value_norm", "unit_norm", "qualifier", "period", "period_kind", "months",
               "goal", "program", "program_en", "metric", "status", "parent_figure_id", "relation")
#: The columns every row has.
LEADING = ("start", "end", "text", "action")
ACTIONS = ("set", "drop", "add")
#: What an ``add`` must give.
ADD_REQUIRED = ("value", "unit_raw", "value_norm", "unit_norm", "metric")
#: What an ``add`` takes where its cell is empty (data contract).
ADD_DEFAULTS = {"qualifier": "exact", "goal": "other", "status": "actual"}
#: A cell that empties an optional field.
CLEAR = "-"
#: Columns after ``note`` that a review sheet carries for the reader; ignored when the sheet is applied.
INFORMATIVE = ("figure_id", "why", "sentence")
INFORMATIVE_PREFIX = "rule_"
#: The default folder of corrections files, relative to the project root.
DEFAULT_DIR = "data/corrections"
#: ``--corrections none``: run without corrections, whatever ``data/corrections/`` holds.
NONE = "none"

_FIGURES = schema.table("figures")
_SENTENCE_END = "。！？"
_STRIP = " \t\r\n\u3000"


@dataclass(frozen=True)
class Correction:
    """One row of a corrections file, checked against the text."""

    row: int                       # 1-based line number in the file (the header is line 1)
    start: int
    end: int
    text: str
    action: str
    fields: dict[str, object]      # the cells given, typed; None for a cleared field
    note: str = ""


@dataclass
class Applied:
    """What applying a corrections file did."""

    path: Path | None = None
    n_rows: int = 0
    changed: dict[str, int] = field(default_factory=lambda: {"set": 0, "drop": 0, "add": 0})
    warnings: list[str] = field(default_factory=list)

    @property
    def n_applied(self) -> int:
        return sum(self.changed.values())

    def summary(self) -> str:
        if self.path is None:
            return "no corrections file"
        c = self.changed
        return (f"{self.path.name}: {self.n_rows} row(s), {self.n_applied} applied "
                f"({c['set']} set, {c['drop']} drop, {c['add']} add), {len(self.warnings)} warning(s)")


def file_for(corrections_dir: str | Path | None, doc_id: str) -> Path | None:
    """``DIR/<doc_id>.csv`` where it exists, else None (a report without a file runs without corrections).

    ``corrections_dir`` None or ``""`` means the default folder; ``none`` means no corrections.
    A folder given that does not exist is an :class:`InputError` (a typo would otherwise
    run silently without them); the default folder may be missing.
    """
    from minsheng.paths import resolve

    if corrections_dir is not None and str(corrections_dir) == NONE:
        return None
    default = corrections_dir is None or str(corrections_dir) == ""
    folder = resolve(DEFAULT_DIR if default else corrections_dir)
    if not folder.is_dir():
        if default:
            return None
        raise InputError(f"corrections folder {corrections_dir} does not exist; give an existing folder "
                         f"(its files are <doc_id>.csv) or --corrections none")
    path = folder / f"{doc_id}.csv"
    return path if path.is_file() else None


def _where(path: Path, row: int) -> str:
    return f"corrections file {path}, row {row}"


def _typed_cell(col: str, raw: str, where: str):
    """A cell's value with its column's type, checked against its vocabulary or pattern."""
    column = _FIGURES.column(col)
    if raw == CLEAR:
        if column.required:
            raise InputError(f"{where}: {col} cannot be emptied ('-'); give one of its values")
        return None
    if column.numeric:
        try:
            v = float(raw.replace(",", ""))
        except ValueError:
            raise InputError(f"{where}: {col} {raw!r} is not a number; give a plain number such as 1234.5") from None
        if not math.isfinite(v):
            raise InputError(f"{where}: {col} {raw!r} is not a finite number")
        if column.type == "integer":
            if v != int(v) or v < 0:
                raise InputError(f"{where}: {col} {raw!r} is not a whole number")
            return int(v)
        return v
    if column.vocabulary and raw not in schema.vocabulary(column.vocabulary):
        raise InputError(f"{where}: {col} {raw!r} is not in its vocabulary; give one of "
                         + ", ".join(schema.vocabulary(column.vocabulary)))
    if column.pattern and not re.fullmatch(column.pattern, raw):
        raise InputError(f"{where}: {col} {raw!r} is not of the form the data dictionary gives for it "
                         f"(pattern {column.pattern})")
    return raw


def _columns(header: list[str], path: Path) -> list[str]:
    missing = [c for c in LEADING if c not in header]
    if missing:
        raise InputError(f"corrections file {path}: the header lacks {', '.join(missing)}; "
                         f"a corrections file starts with {','.join(LEADING)}")
    dup = sorted({c for c in header if header.count(c) > 1})
    if dup:
        raise InputError(f"corrections file {path}: column(s) {', '.join(dup)} appear twice in the header")
    for c in header:
        if c in LEADING or c in CORRECTABLE or c == "note" or c in INFORMATIVE or c.startswith(INFORMATIVE_PREFIX):
            continue
        hint = " (figure ids, sentences and offsets are not correctable)" if c in _FIGURES.names else ""
        raise InputError(f"corrections file {path}: column {c!r} is not a correctable column of figures.csv{hint}; "
                         f"give any of {', '.join(CORRECTABLE)}, then note")
    return header


def read_corrections(path: str | Path, text: str) -> list[Correction]:
    """The rows of a corrections file, each checked against ``text`` (the report's text)."""
    path = Path(path)
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"corrections file {path} is not UTF-8; save it as UTF-8 (CSV UTF-8 in a spreadsheet)") from None
    except OSError as exc:
        raise InputError(f"corrections file {path} cannot be read: {exc.strerror}") from None
    rows = list(csv.reader(_io.StringIO(raw, newline="")))
    if not rows:
        raise InputError(f"corrections file {path} is empty; give at least the header {','.join(LEADING)}")
    header = _columns([h.strip() for h in rows[0]], path)
    out = []
    for n, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue  # a blank line
        where = _where(path, n)
        if len(cells) > len(header):
            raise InputError(f"{where}: {len(cells)} cells for {len(header)} columns; quote cells that hold commas")
        cell = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        try:
            start, end = int(cell["start"]), int(cell["end"])
        except ValueError:
            raise InputError(f"{where}: start and end must be whole numbers (offsets into the report's text)") from None
        if not (0 <= start < end <= len(text)):
            raise InputError(f"{where}: offsets {start}..{end} are outside the report's text (0..{len(text)}); "
                             "the report changed or the offsets are wrong")
        if text[start:end] != cell["text"]:
            raise InputError(f"{where}: text {cell['text']!r} is no longer at {start}..{end} (the report reads "
                             f"{text[start:end]!r} there); the report changed: find the figure again and fix "
                             "start, end and text")
        action = cell["action"].strip() or "set"
        if action not in ACTIONS:
            raise InputError(f"{where}: action {action!r} is not one of {', '.join(ACTIONS)}")
        fields = {c: _typed_cell(c, cell[c].strip(), where) for c in CORRECTABLE if c in cell and cell[c].strip()}
        if action == "drop" and fields:
            raise InputError(f"{where}: a drop changes no field; leave {', '.join(fields)} empty or make it a set")
        if action == "add":
            lacking = [c for c in ADD_REQUIRED if fields.get(c) is None]
            if lacking:
                raise InputError(f"{where}: an add needs {', '.join(lacking)} (required: start, end, text, "
                                 f"{', '.join(ADD_REQUIRED)})")
        out.append(Correction(n, start, end, cell["text"], action, fields, cell.get("note", "")))
    return out


def _factor_check(row: dict, where: str, lex: Lexicon) -> None:
    from minsheng.extraction.checks import _factor

    expected = row["value"] * _factor(row["unit_raw"] or "", lex)
    if not math.isclose(expected, row["value_norm"], rel_tol=1e-9, abs_tol=1e-9):
        raise InputError(f"{where}: value_norm {row['value_norm']:g} is not value {row['value']:g} in base units "
                         f"for unit {row['unit_raw']!r} ({expected:g}); give value, unit_raw and value_norm together")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The run of ``text`` holding ``start..end``, ended by 。！？ (kept) or a line end, whitespace stripped."""
    a = start
    while a > 0 and text[a - 1] not in _SENTENCE_END and text[a - 1] != "\n":
        a -= 1
    b = end
    while b < len(text) and text[b] != "\n":
        b += 1
        if text[b - 1] in _SENTENCE_END:
            break
    while a < b and text[a] in _STRIP:
        a += 1
    while b > a and text[b - 1] in _STRIP:
        b -= 1
    return a, b


def _same(a, b) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)) or a == "":
        return b is None or (isinstance(b, float) and math.isnan(b)) or b == "" or type(b).__name__ == "NAType"
    try:
        return a == b or (isinstance(a, (int, float)) and math.isclose(float(a), float(b)))
    except (TypeError, ValueError):
        return False


def _overlapping(rows: list[dict], c: Correction) -> list[int]:
    return [i for i, r in enumerate(rows) if r["start"] < c.end and c.start < r["end"]]


def _describe(c: Correction) -> str:
    return f"{c.start}..{c.end} {c.text!r}"


def apply_corrections(figures: pd.DataFrame, corrections: list[Correction], text: str, path: Path,
                      lex: Lexicon | None = None, report=None) -> tuple[pd.DataFrame, Applied]:
    """``figures`` (the rules' table) with ``corrections`` applied: a new, renumbered table, and what was done.

    ``source`` becomes ``corrected`` on every figure a correction changed and ``added``
    on every figure a correction added; figure ids are given again in order of
    ``start``, with ``pair_figure_id`` and ``parent_figure_id`` following them (a link
    to a dropped figure is removed, and its figure marked ``corrected``).
    """
    import pandas as pd

    from minsheng.extraction.clean import typed

    rows, applied = _apply(figures.to_dict("records"), corrections, text, path, lex, report)
    return typed(pd.DataFrame(rows, columns=_FIGURES.names)), applied


def apply_to_columns(columns: dict[str, list], corrections: list[Correction], text: str, path: Path,
                     lex: Lexicon | None = None, report=None) -> tuple[dict[str, list], Applied]:
    """:func:`apply_corrections` of the columns of a figures table (``{name: list}``, as
    :func:`minsheng.extraction.clean.figure_columns` gives them), without pandas: the
    corrected columns, each value of its column's type as :func:`minsheng.schema.typed`
    would make it (text ``str``, integers ``int`` or ``None``, numbers ``float`` or ``None``)."""
    names = _FIGURES.names
    rows = [dict(zip(names, values)) for values in zip(*(columns[n] for n in names))]
    rows, applied = _apply(rows, corrections, text, path, lex, report)
    out: dict[str, list] = {}
    for c in _FIGURES.columns:
        values = [r[c.name] for r in rows]
        if c.type == "string":
            out[c.name] = [v if type(v) is str else ("" if v is None else str(v)) for v in values]
        else:
            kind = int if c.type == "integer" else float
            out[c.name] = [None if v is None or v == "" or v != v else kind(v) for v in values]
    return out, applied


def _apply(rows: list[dict], corrections: list[Correction], text: str, path: Path,
           lex: Lexicon | None, report) -> tuple[list[dict], Applied]:
    """The rows of the rules' table with ``corrections`` applied (renumbered), and what was done."""
    from minsheng.extraction.clean import SENTENCE_LIMIT, cut
    from minsheng.extraction.reading import page_of

    lex = lex or load()
    applied = Applied(path=path, n_rows=len(corrections))
    rule_ids = {r["figure_id"] for r in rows}
    dropped: set[str] = set()
    claimed: dict[int, int] = {}  # index of a figure -> the row that corrected it
    for c in corrections:
        where = _where(path, c.row)
        parent = c.fields.get("parent_figure_id")
        if parent and parent not in rule_ids:
            raise InputError(f"{where}: parent_figure_id {parent} is not a figure of the rules' table "
                             "(ids as `minsheng extract --corrections none` numbers them)")
        hits = [i for i in _overlapping(rows, c) if rows[i]["figure_id"] not in dropped]
        if c.action == "add":
            if hits:
                r = rows[hits[0]]
                if all(_same(v, r[k]) for k, v in c.fields.items()):
                    applied.warnings.append(f"{where}: the rules now find this figure ({r['figure_id']}, {r['text']!r}) "
                                            "with every field given; this add can be retired")
                    continue
                raise InputError(f"{where}: add {_describe(c)} overlaps figure {r['figure_id']} ({r['text']!r}) that the "
                                 "rules find; make the row a set (or a drop and an add)")
            new = {col: None for col in _FIGURES.names}
            new.update({"doc_id": rows[0]["doc_id"] if rows else getattr(report, "doc_id", ""), "start": c.start, "end": c.end,
                        "text": c.text, "pair_role": "", "pair_figure_id": "", "inferred": "", "source": "added",
                        "program": "", "program_en": "", "parent_figure_id": "", "relation": "", "period": "",
                        "period_kind": ""})
            new.update(ADD_DEFAULTS)
            new.update({k: ("" if v is None else v) for k, v in c.fields.items()})
            if new["period"] and not new["period_kind"]:
                new["period_kind"] = "span" if "-" in new["period"] else "year"
            ss, se = _sentence_bounds(text, c.start, c.end)
            new.update(sentence_start=ss, sentence_end=se,
                       sentence=text[ss:se] if se - ss <= SENTENCE_LIMIT else cut(text, ss, se, c.start, c.end),
                       page=page_of(report, c.start) if report is not None and report.page_starts else None,
                       figure_id=f"+{c.row}")
            _factor_check(new, where, lex)
            rows.append(new)
            applied.changed["add"] += 1
            continue
        if not hits:
            if c.action == "drop":
                applied.warnings.append(f"{where}: the rules find no figure at {_describe(c)} any more; "
                                        "this drop can be retired")
                continue
            raise InputError(f"{where}: no figure at {_describe(c)}; a set must overlap exactly one figure "
                             "(use add for a figure the rules missed)")
        if len(hits) > 1:
            ids = ", ".join(f"{rows[i]['figure_id']} {rows[i]['text']!r}" for i in hits)
            raise InputError(f"{where}: {_describe(c)} overlaps {len(hits)} figures ({ids}); "
                             "narrow start..end to one of them")
        i = hits[0]
        r = rows[i]
        if i in claimed:
            raise InputError(f"{where}: figure {r['figure_id']} is corrected already by row {claimed[i]}; "
                             "give all its changes in one row")
        claimed[i] = c.row
        if c.action == "drop":
            dropped.add(r["figure_id"])
            applied.changed["drop"] += 1
            continue
        if not c.fields:
            continue  # reviewed, nothing to change
        changes = {k: v for k, v in c.fields.items() if not _same(v, r[k])}
        if not changes:
            applied.warnings.append(f"{where}: the rules already give {', '.join(f'{k}={v}' for k, v in c.fields.items())} "
                                    f"for {r['figure_id']} ({r['text']!r}); this correction can be retired")
            continue
        for k, v in changes.items():
            r[k] = "" if v is None else v
        if "parent_figure_id" in changes and not r["parent_figure_id"] and "relation" not in c.fields:
            r["relation"] = ""  # a link removed takes its relation with it
        if "period" in changes and "period_kind" not in c.fields:
            r["period_kind"] = "" if not r["period"] else ("span" if "-" in str(r["period"]) else "year")
            r["months"] = None
        r["source"] = "corrected"
        if r["inferred"]:  # a field a researcher set came from no fallback
            r["inferred"] = ";".join(item for item in r["inferred"].split(";") if item.split(":")[0] not in changes)
        _factor_check(r, where, lex)
        if bool(r["parent_figure_id"]) != bool(r["relation"]):
            raise InputError(f"{where}: parent_figure_id and relation go together; give both (or '-' in both)")
        applied.changed["set"] += 1
    out = _renumber([r for r in rows if r["figure_id"] not in dropped], dropped)
    for w in applied.warnings:
        log.warning(w)
    return out, applied


def _renumber(rows: list[dict], dropped: set[str]) -> list[dict]:
    """Ids again in order of start (F001, …), links following them; links to dropped figures removed."""
    rows = sorted(rows, key=lambda r: (r["start"], r["end"]))
    new_id = {r["figure_id"]: f"F{i + 1:03d}" for i, r in enumerate(rows)}
    for r in rows:
        for link, other in (("pair_figure_id", "pair_role"), ("parent_figure_id", "relation")):
            old = r[link]
            if old and old in dropped:
                r[link], r[other] = "", ""
                if r["source"] == "rule":
                    r["source"] = "corrected"
            elif old:
                r[link] = new_id[old]
    for r in rows:
        r["figure_id"] = new_id[r["figure_id"]]
    return rows


def describe_file(path: Path, text: str, figures: pd.DataFrame | None = None) -> dict:
    """What a corrections file holds, for the report page and the data package: its name, sha256,
    rows per action, and how many figures of the table say ``corrected`` and ``added``."""
    import hashlib

    rows = read_corrections(path, text)
    out = {"file": str(path), "name": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
           "n_rows": len(rows), **{a: sum(r.action == a for r in rows) for a in ACTIONS}}
    if figures is not None and "source" in figures:
        out.update(n_corrected=int((figures["source"] == "corrected").sum()),
                   n_added=int((figures["source"] == "added").sum()))
    return out


def correct_columns(columns: dict[str, list], report, corrections_dir: str | Path | None = None,
                    lex: Lexicon | None = None) -> tuple[dict[str, list], Applied]:
    """:func:`correct` of the columns of a figures table (no pandas): what ``minsheng extract`` prints."""
    path = file_for(corrections_dir, report.doc_id)
    if path is None:
        return columns, Applied()
    return apply_to_columns(columns, read_corrections(path, report.text), report.text, path, lex, report)


def correct(figures: pd.DataFrame, report, corrections_dir: str | Path | None = None,
            lex: Lexicon | None = None) -> tuple[pd.DataFrame, Applied]:
    """The figures table of ``report`` with its corrections file (if any) applied."""
    path = file_for(corrections_dir, report.doc_id)
    if path is None:
        return figures, Applied()
    rows = read_corrections(path, report.text)
    return apply_corrections(figures, rows, report.text, path, lex, report)
