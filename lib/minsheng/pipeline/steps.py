"""The pipeline's steps as plain functions, for running many reports without a kernel each.

Each function does what its notebook does, minus the prose: the same library
calls with the same parameters, writing the same tables and plots. ``minsheng
run`` uses them when it runs several reports (one process, no kernel start-up
per notebook) and the notebooks when it runs one report or when asked with
``--notebooks``. A test checks that both give byte-identical tables.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # files only; never a window

from minsheng import tables  # noqa: E402
from minsheng.analysis import metrics, models, reference, standards
from minsheng.analysis import per_beneficiary as per_beneficiary_mod
from minsheng.analysis import per_goal as per_goal_mod
from minsheng.extraction import clean
from minsheng.extraction.reading import read_report  # noqa: E402
from minsheng.paths import resolve  # noqa: E402
from minsheng.reporting import plots

DEFAULT_CPI = "data/raw/reference/cpi_cn_yoy.csv"


def clean_figures(report: str, doc_id: str, out_dir: str) -> None:
    """Notebook 10: ``figures.csv`` of one report."""
    doc = read_report(resolve(report), doc_id or None)
    clean.write_figures(clean.figures_table(doc), resolve(out_dir))


def per_beneficiary(figures_csv: str, out_dir: str, fig_dir: str) -> None:
    """Notebook 20: ``programs.csv`` and its two plots."""
    figures = tables.read_figures(resolve(figures_csv))
    programs = per_beneficiary_mod.programs_table(figures)
    tables.write_csv(programs, resolve(out_dir) / "programs.csv")
    plots.render(plots.cost_per_beneficiary_year, programs, resolve(fig_dir) / "cost_per_beneficiary_year.png")
    fit = models.fit_spending_on_beneficiaries(programs)
    line = models.fit_line(fit, programs)
    plots.render(plots.spending_vs_beneficiaries, programs, resolve(fig_dir) / "spending_vs_beneficiaries.png",
                 line=line)


def per_goal(figures_csv: str, out_dir: str, fig_dir: str) -> None:
    """Notebook 21: ``goals.csv`` and its plot."""
    figures = tables.read_figures(resolve(figures_csv))
    totals = per_goal_mod.totals(figures)
    goals_table = per_goal_mod.goals_table(figures)
    tables.write_csv(goals_table, resolve(out_dir) / "goals.csv")
    plots.render(plots.spending_by_goal, goals_table, resolve(fig_dir) / "spending_by_goal.png",
                 total_cny=totals["total_spending_cny"])


def benefit_standards(figures_csv: str, out_dir: str, fig_dir: str, cpi_csv: str = DEFAULT_CPI) -> None:
    """Notebook 22: ``standards.csv`` and its plot."""
    figures = tables.read_figures(resolve(figures_csv))
    cpi = reference.load_cpi(resolve(cpi_csv))
    standards_table = standards.standards_table(figures, cpi)
    tables.write_csv(standards_table, resolve(out_dir) / "standards.csv")
    plots.render(plots.standard_growth, standards_table, resolve(fig_dir) / "standard_growth.png")


def headline_metrics(figures_csv: str, programs_csv: str, goals_csv: str, standards_csv: str,
                     out_dir: str, fig_dir: str = "") -> None:
    """Notebook 29: ``metrics.json``."""
    headline = metrics.headline_metrics(
        tables.read_figures(resolve(figures_csv)),
        per_beneficiary_mod.read_programs(resolve(programs_csv)),
        per_goal_mod.read_goals(resolve(goals_csv)),
        standards.read_standards(resolve(standards_csv)),
    )
    metrics.write_metrics(headline, resolve(out_dir) / "metrics.json")
