"""Checks that every product runs on itself: schema, spans against the text, units, ids.

A violation raises :class:`~minsheng.errors.CheckError` naming the table and the row.
"""

from __future__ import annotations

import math

import pandas as pd

from minsheng import schema
from minsheng.errors import CheckError
from minsheng.extraction.lexicon import Lexicon, load


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
    lex = lex or load()
    schema.validate(df, "figures")
    last_start = -1
    ids = set(df["figure_id"])
    for row in df.itertuples(index=False):
        where = f"figures.csv row {row.figure_id} ({row.text!r})"
        if not (0 <= row.start < row.end <= len(text)) or text[row.start:row.end] != row.text:
            raise CheckError(f"{where}: text is not report[{row.start}:{row.end}]")
        if row.start < last_start:
            raise CheckError(f"{where}: rows are not in order of start")
        last_start = row.start
        factor = _factor(row.unit_raw, lex)
        expected = row.value * factor
        if not math.isclose(expected, row.value_norm, rel_tol=1e-9, abs_tol=1e-9):
            raise CheckError(
                f"{where}: value_norm {row.value_norm} is not value {row.value} x {factor} for unit {row.unit_raw!r}"
            )
        if row.pair_figure_id and row.pair_figure_id not in ids:
            raise CheckError(f"{where}: pair_figure_id {row.pair_figure_id} is not a figure of the table")
