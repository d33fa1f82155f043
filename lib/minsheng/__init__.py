"""minsheng: figures from Chinese livelihood-project (民生工程) reports, with provenance.

The package is organised by stage: :mod:`minsheng.report` reads a report,
:mod:`minsheng.extract` finds its figures, :mod:`minsheng.classify` gives each
one a period, program, goal and metric, :mod:`minsheng.clean` assembles the
``figures.csv`` table and :mod:`minsheng.checks` validates it.
"""

__version__ = "0.1.0"
