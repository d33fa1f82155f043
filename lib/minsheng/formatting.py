"""Numbers written for people: one set of formatters for prose, notes, pages and plot ticks.

Analyses write caveats into ``notes`` columns, prose describes results, the HTML
report shows tables and plots label their ticks; all of them format numbers
here, so a value reads the same everywhere.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def is_number(v) -> bool:
    """True for a finite int or float (not NaN, not ``pd.NA``, not bool)."""
    if v is None or v is pd.NA or isinstance(v, (bool, np.bool_)):
        return False
    try:
        return math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def as_text(v) -> str:
    """A table cell as text: ``""`` for a missing value (None, NaN, ``pd.NA``), else ``str(v)``."""
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) or pd.isna(v) else str(v)


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


def fmt_cell(v: float) -> str:
    """A number in a table cell: thousands separators, no exponent, at most 6 significant decimals; ``""`` for NaN."""
    if v != v:  # NaN
        return ""
    if float(v).is_integer():
        return f"{v:,.0f}"
    if abs(v) >= 1000:
        return f"{v:,.2f}"
    return np.format_float_positional(v, precision=6, unique=False, fractional=False, trim="-")


def fmt_tick(v: float, money: bool = False) -> str:
    """A log-axis tick as a plain number (1,000 rather than 10³); money as ``5 m``, ``1 bn``."""
    if money:
        if v >= 1e9:
            return f"{v / 1e9:g} bn"
        if v >= 1e6:
            return f"{v / 1e6:g} m"
        return f"{v:,.0f}"
    return f"{v:,.0f}" if v >= 1 else f"{v:g}"


def _trim(s: str) -> str:
    """``s`` without trailing decimal zeros: ``57.90`` → ``57.9``, ``7,368.00`` → ``7,368``."""
    if "." not in s:
        return s
    head, dec = s.split(".", 1)
    dec = dec.rstrip("0")
    return f"{head}.{dec}" if dec else head


def fmt_amount_zh(v, unit: str = "", digits: int = 2) -> str:
    """A quantity as a Chinese text writes it: in 亿 from 1e8, in 万 from 1e4, else as it is; then ``unit``.

    ``digits`` decimals with trailing zeros dropped, and thousands separators:
    ``5.793e9`` → ``57.93亿``, ``413088300`` → ``4.13亿``, ``89208200`` →
    ``8,920.82万``, ``700000`` → ``70万``, ``8275.714`` → ``8,275.71``,
    ``7368`` → ``7,368``; ``"–"`` when missing.

    Examples
    --------
    >>> fmt_amount_zh(5.793e9, "元"), fmt_amount_zh(7e5, "人"), fmt_amount_zh(1655.1428, "元")
    ('57.93亿元', '70万人', '1,655.14元')
    """
    if not is_number(v):
        return "–"
    v = float(v)
    for scale, word in ((1e8, "亿"), (1e4, "万")):
        if round(abs(v) / scale, digits) >= 1:
            return f"{_trim(f'{v / scale:,.{digits}f}')}{word}{unit}"
    return f"{_trim(f'{v:,.{digits}f}')}{unit}"


def fmt_cny_zh(v, digits: int = 2) -> str:
    """An amount of yuan in 亿元, 万元 or 元 (:func:`fmt_amount_zh`): ``5.793e9`` → ``57.93亿元``."""
    return fmt_amount_zh(v, "元", digits)


def fmt_cny_en(v) -> str:
    """An amount of yuan for an English sentence, four significant digits in millions and billions.

    ``5.793e9`` → ``CNY 5.793 billion``, ``866236200`` → ``CNY 866.2 million``,
    ``8275.714`` → ``CNY 8,275.71``; ``"–"`` when missing.
    """
    if not is_number(v):
        return "–"
    v = float(v)
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        x = abs(v) / scale
        if float(f"{x:.4g}") >= 1:
            decimals = max(0, 3 - int(math.floor(math.log10(x))))
            return f"CNY {_trim(f'{v / scale:,.{decimals}f}')} {word}"
    return f"CNY {_trim(f'{v:,.2f}')}"


def fmt_percent(v, digits: int = 1) -> str:
    """A fraction as a percentage, ``digits`` decimals, no space (``0.14953`` → ``15.0%``); ``"–"`` when missing."""
    return f"{float(v) * 100:.{digits}f}%" if is_number(v) else "–"


def fmt_count(n: int, noun: str) -> str:
    """``n`` and an English ``noun``, plural unless ``n`` is 1 (nouns that take an -s).

    Examples
    --------
    >>> fmt_count(1, "report"), fmt_count(3, "report"), fmt_count(0, "report")
    ('1 report', '3 reports', '0 reports')
    """
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
