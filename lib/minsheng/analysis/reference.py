"""Reference data: the consumer price index, and deflating with it.

The deflator is a CSV of year-on-year CPI changes in percent (``year,
cpi_yoy_pct``), kept as received in ``data/raw/reference/`` with a
``sources.csv`` beside it (title, issuer, citation, sha256). Notebooks take its
path as a parameter, so another series (a province's CPI) is one argument away.

A CPI index from year ``a`` to year ``b`` (``a < b``) is the product of
``1 + yoy/100`` over the years ``a+1 … b``: the price level of ``b`` in units of
the price level of ``a``. Where a year is missing the index is ``None``:
never guessed.
"""

from __future__ import annotations

import csv
import hashlib
import math
from pathlib import Path

import pandas as pd

from minsheng.errors import InputError
from minsheng.paths import REFERENCE_DIR

#: The bundled deflator: China's national CPI, year on year, 2000–2025 (NBS communiqués;
#: per-year sources and which values were checked in ``cpi_cn_yoy_citations.csv``).
DEFAULT_CPI = REFERENCE_DIR / "cpi_cn_yoy.csv"

CPI_COLUMNS = ("year", "cpi_yoy_pct")
_PLAUSIBLE_YOY = (-50.0, 100.0)  # a value outside is a typing error, not an economy


def load_cpi(path: str | Path = DEFAULT_CPI) -> pd.DataFrame:
    """Read and check a CPI series of year-on-year changes.

    Parameters
    ----------
    path : str or pathlib.Path
        CSV with columns ``year`` (whole years) and ``cpi_yoy_pct`` (percent
        change on the previous year, e.g. ``2.0``).

    Returns
    -------
    pandas.DataFrame
        Columns ``year`` (int64) and ``cpi_yoy_pct`` (float64), sorted by year.

    Raises
    ------
    minsheng.errors.InputError
        If the file is missing, a column is missing, a year repeats or a value
        is not a finite number within -50 … 100 %; the message names the row.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"CPI series: no such file {p}")
    raw = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in CPI_COLUMNS if c not in raw.columns]
    if missing:
        raise InputError(f"{p.name} lacks the column(s) {', '.join(missing)}; expected year,cpi_yoy_pct")
    years, values = [], []
    for i, row in enumerate(raw.itertuples(index=False), start=2):
        try:
            year = int(str(row.year).strip())
            value = float(str(row.cpi_yoy_pct).strip())
        except ValueError:
            raise InputError(f"{p.name} line {i}: {row.year!r}, {row.cpi_yoy_pct!r} is not a year and a number") from None
        if not math.isfinite(value) or not _PLAUSIBLE_YOY[0] <= value <= _PLAUSIBLE_YOY[1]:
            raise InputError(f"{p.name} line {i}: cpi_yoy_pct {value} is not a plausible percent change")
        years.append(year)
        values.append(value)
    if len(set(years)) != len(years):
        dup = sorted({y for y in years if years.count(y) > 1})
        raise InputError(f"{p.name}: year(s) {dup} appear more than once")
    out = pd.DataFrame({"year": pd.Series(years, dtype="int64"), "cpi_yoy_pct": pd.Series(values, dtype="float64")})
    return out.sort_values("year", ignore_index=True)


def cpi_index(cpi: pd.DataFrame, base_year, final_year) -> float | None:
    """The price level of ``final_year`` relative to ``base_year`` (1.0 = same prices).

    Parameters
    ----------
    cpi : pandas.DataFrame
        A series from :func:`load_cpi`.
    base_year, final_year : int
        The years compared.

    Returns
    -------
    float or None
        ``prod(1 + cpi_yoy_pct/100 for year in base_year+1 … final_year)``;
        ``1.0`` when the years are equal; ``None`` when a year is missing
        from the series, a year is missing, or ``final_year < base_year``.
    """
    if not _is_year(base_year) or not _is_year(final_year):
        return None
    a, b = int(base_year), int(final_year)
    if b < a:
        return None
    yoy = dict(zip(cpi["year"].astype(int), cpi["cpi_yoy_pct"].astype(float)))
    index = 1.0
    for year in range(a + 1, b + 1):
        if year not in yoy:
            return None
        index *= 1.0 + yoy[year] / 100.0
    return index


def deflate(value, year, base_year, cpi: pd.DataFrame) -> float | None:
    """``value`` of ``year`` expressed in prices of ``base_year``.

    Parameters
    ----------
    value : float
        A nominal amount of ``year``.
    year, base_year : int
        Its year and the year whose prices to express it in (``base_year <= year``).
    cpi : pandas.DataFrame
        A series from :func:`load_cpi`.

    Returns
    -------
    float or None
        ``value / cpi_index(cpi, base_year, year)``; ``None`` where the CPI does
        not cover the years or ``value`` is missing.
    """
    index = cpi_index(cpi, base_year, year)
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    if index is None or not math.isfinite(v):
        return None
    return v / index


def relative_price(cpi: pd.DataFrame, year, price_year) -> float | None:
    """How many yuan of ``price_year`` one yuan of ``year`` buys the same as: ``P(price_year) / P(year)``.

    Either year may be the later one (``price_year`` before ``year`` deflates,
    after it inflates). ``None`` where the CPI does not cover the years between.
    """
    if not _is_year(year) or not _is_year(price_year):
        return None
    y, p = int(year), int(price_year)
    if y <= p:
        return cpi_index(cpi, y, p)
    index = cpi_index(cpi, p, y)
    return None if index is None else 1.0 / index


def period_years(period) -> tuple[int, int] | None:
    """``(first, last)`` year of a period written ``2013`` or ``2016-2020``; ``None`` for anything else."""
    text = "" if period is None or (isinstance(period, float) and math.isnan(period)) else str(period).strip()
    parts = text.split("-")
    if len(parts) not in (1, 2) or not all(x.isdigit() and len(x) == 4 for x in parts):
        return None
    first, last = int(parts[0]), int(parts[-1])
    return (first, last) if first <= last else None


def price_factor(cpi: pd.DataFrame, period, price_year) -> float | None:
    """The factor that turns a nominal amount of ``period`` into prices of ``price_year``.

    For one year ``y``: :func:`relative_price` ``(y, price_year)``. For a span
    ``a-b`` (a total over several years whose yearly amounts the report does not
    give), the mean of the yearly factors: exact when the same nominal amount was
    spent in each year of the span, an approximation otherwise (the notes of the
    comparison tables say so).

    Returns
    -------
    float or None
        ``None`` where the period is not a year or a span, ``price_year`` is not a
        year, or the CPI does not cover every year needed: never guessed.
    """
    years = period_years(period)
    if years is None:
        return None
    factors = [relative_price(cpi, y, price_year) for y in range(years[0], years[1] + 1)]
    if any(f is None for f in factors):
        return None
    return sum(factors) / len(factors)


def covered_years(cpi: pd.DataFrame) -> str:
    """The years a CPI series covers, for prose: ``2016-2020`` (or a list where it has gaps)."""
    years = sorted(int(y) for y in cpi["year"])
    if not years:
        return "no years"
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    return ", ".join(map(str, years))


def sha256(path: str | Path) -> str:
    """The SHA-256 hex digest of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def source_of(path: str | Path) -> dict[str, str] | None:
    """The ``sources.csv`` row (beside the file) that documents a reference file.

    Parameters
    ----------
    path : str or pathlib.Path
        A reference data file, e.g. ``data/raw/reference/cpi_cn_yoy.csv``.

    Returns
    -------
    dict or None
        The row (``file, title, issuer, citation, covers, sha256, notes``), or
        ``None`` when there is no ``sources.csv`` beside the file or it does not
        list the file.

    Raises
    ------
    minsheng.errors.InputError
        If the file is listed but its bytes do not match the recorded sha256:
        reference data is kept as received.
    """
    p = Path(path)
    sources = p.parent / "sources.csv"
    if not sources.is_file():
        return None
    with sources.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("file") == p.name]
    if not rows:
        return None
    row = rows[0]
    if row.get("sha256") and row["sha256"] != sha256(p):
        raise InputError(
            f"{p.name} does not match the sha256 recorded in {sources}: reference data "
            "is kept as received; record a new file under a new name with its source"
        )
    return row


def _is_year(v) -> bool:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return False
    return math.isfinite(f) and f.is_integer() and 1900 <= f <= 2100
