"""The census population beside the report's own: metrics that divide by the 2020 census.

A report's stated population (``metrics.json`` ``population``: "惠及全区70多万城乡居民")
may count registered residents (户籍人口) or round up; the census counts resident
population (常住人口) at 2020-11-01. Both are kept side by side and each ratio
says which one it uses: ``spending_per_resident_cny`` divides by the stated one,
``spending_per_resident_census_cny`` by the census. Kept apart from
:mod:`minsheng.analysis.metrics` so the headline metrics do not depend on the
place match.
"""

from __future__ import annotations

#: The keys this module adds to metrics.json, in the schema's order.
KEYS = ("population_census_2020", "spending_per_resident_census_cny", "spending_per_resident_year_census_cny")


def census_metrics(document: dict | None, headline: dict) -> dict:
    """The census metrics of one report from its ``document.json`` record and its headline metrics.

    Examples
    --------
    >>> census_metrics({"population_census_2020": 598004}, {"total_spending_cny": 5793000000.0, "total_years": 5})
    {'population_census_2020': 598004, 'spending_per_resident_census_cny': 9687.226172400184, \
'spending_per_resident_year_census_cny': 1937.4452344800368}
    >>> census_metrics(None, {"total_spending_cny": 1.0, "total_years": 1})["population_census_2020"] is None
    True
    """
    pop = (document or {}).get("population_census_2020")
    total, years = headline.get("total_spending_cny"), headline.get("total_years")
    per = total / pop if pop and total is not None else None
    per_year = per / years if per is not None and years else None
    return dict(zip(KEYS, (pop, per, per_year)))
