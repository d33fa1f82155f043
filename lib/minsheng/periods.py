"""Periods as the figures table writes them: ``"2020"`` (a year) or ``"2016-2020"`` (a span), or empty.

The one place where a period string is read; the schema's pattern for the
``period`` column (``schema/tables.yaml``) accepts exactly these forms.
"""

from __future__ import annotations

import re

_YEAR = re.compile(r"(?:19|20)\d{2}")
_SPAN = re.compile(r"((?:19|20)\d{2})-((?:19|20)\d{2})")


def bounds(period: str) -> tuple[int, int] | None:
    """First and last calendar year of a period (``"2016-2020"`` → (2016, 2020), ``"2020"`` → (2020, 2020)).

    ``None`` for an empty or unreadable period, and for a span that runs backwards.
    """
    period = (period or "").strip()
    if _YEAR.fullmatch(period):
        return int(period), int(period)
    m = _SPAN.fullmatch(period)
    if m and int(m.group(1)) <= int(m.group(2)):
        return int(m.group(1)), int(m.group(2))
    return None


def years(period: str) -> int | None:
    """The number of calendar years a period spans.

    Examples
    --------
    >>> years("2016-2020"), years("2020"), years(""), years("2020-2016")
    (5, 1, None, None)
    """
    b = bounds(period)
    return None if b is None else b[1] - b[0] + 1


def single_year(period: str) -> int | None:
    """The year of a one-year period (``"2016"`` → 2016); ``None`` for a span or empty."""
    b = bounds(period)
    return b[0] if b and b[0] == b[1] else None
