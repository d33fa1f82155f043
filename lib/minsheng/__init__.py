"""minsheng: figures from Chinese livelihood-project (民生工程) reports, with provenance.

The package is organised by stage: :mod:`minsheng.extraction.reading` reads a report,
:mod:`minsheng.extraction.find` finds its figures, :mod:`minsheng.extraction.classify` gives each
one a period, program, goal and metric, :mod:`minsheng.extraction.clean` assembles the
``figures.csv`` table and :mod:`minsheng.extraction.checks` validates it.
"""

__version__ = "0.1.0"
