"""Analysis: pure functions from DataFrames to DataFrames.

Every function takes the figures table (or tables derived from it) and returns
new frames or plain dicts, never writes a file and never prints:
``per_beneficiary`` (programs.csv), ``per_goal`` (goals.csv), ``standards``
(standards.csv), ``metrics`` (metrics.json), ``models`` (statsmodels fits where
a model honestly fits), ``reference`` (the CPI deflator) and ``compare`` (the
tables of several reports side by side). Prose about results lives in
``minsheng.reporting.prose``, not here.
"""
