"""Checks that every product runs on itself: schema, spans against the text, units, ids.

A violation raises :class:`~minsheng.errors.CheckError` naming the table and the row.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from minsheng import schema
from minsheng.errors import CheckError
from minsheng.extraction.lexicon import Lexicon, load

if TYPE_CHECKING:
    import pandas as pd


def _factor(unit_raw: str, lex: Lexicon) -> float:
    """The factor from a figure's written unit to its base unit (1 where the unit is unknown)."""
    unit = unit_raw.split("…")[-1]
    if unit == "百分之":
        return 1.0
    if unit in lex.units:  # a unit that starts like a scale (千米) is a unit
        return float(lex.units[unit][1])
    factor = 1.0
    for scale in sorted(lex.scales, key=len, reverse=True):
        if unit.startswith(scale):
            factor, unit = float(lex.scales[scale]), unit[len(scale):]
            break
    if unit in lex.units:
        factor *= float(lex.units[unit][1])
    return factor


def check_figures(df: pd.DataFrame, text: str, lex: Lexicon | None = None) -> None:
    """Validate a figures table against its schema and against the report's text."""
    schema.validate(df, "figures")
    _check_rows({n: df[n].tolist() for n in ("figure_id", "start", "end", "text", "value", "unit_raw", "value_norm",
                                             "pair_figure_id")}, text, lex)


def check_columns(columns: dict[str, list], text: str, lex: Lexicon | None = None) -> None:
    """:func:`check_figures` of the columns of a figures table (``{name: list}``, as
    :func:`minsheng.extraction.clean.figure_columns` gives them), without making a frame
    unless the schema check fails (to name the rows)."""
    schema.validate_columns(columns, "figures")
    _check_rows(columns, text, lex)


def _check_rows(cols: dict[str, list], text: str, lex: Lexicon | None) -> None:
    lex = lex or load()
    last_start = -1
    ids = set(cols["figure_id"])
    factors: dict[str, float] = {}
    for figure_id, start, end, surface, value, unit_raw, value_norm, pair in zip(
            cols["figure_id"], cols["start"], cols["end"], cols["text"], cols["value"], cols["unit_raw"],
            cols["value_norm"], cols["pair_figure_id"]):
        where = f"figures.csv row {figure_id} ({surface!r})"
        if not (0 <= start < end <= len(text)) or text[start:end] != surface:
            raise CheckError(f"{where}: text is not report[{start}:{end}]")
        if start < last_start:
            raise CheckError(f"{where}: rows are not in order of start")
        last_start = start
        factor = factors.get(unit_raw)
        if factor is None:
            factor = factors[unit_raw] = _factor(unit_raw, lex)
        expected = value * factor
        if not math.isclose(expected, value_norm, rel_tol=1e-9, abs_tol=1e-9):
            raise CheckError(
                f"{where}: value_norm {value_norm} is not value {value} x {factor} for unit {unit_raw!r}"
            )
        if pair and pair not in ids:
            raise CheckError(f"{where}: pair_figure_id {pair} is not a figure of the table")
