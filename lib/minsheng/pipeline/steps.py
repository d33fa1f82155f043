"""The pipeline's steps: the only implementation of each one.

Each function reads its inputs, calls the library, writes its products (tables
and plots) and returns what it made, so that its notebook shows and explains
the result and an in-process batch run calls exactly the same code. The runner
validates every product against its schema after each step, whichever way it
ran. Paths relative to the project root are taken from there
(:func:`minsheng.paths.resolve`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; never a window

import pandas as pd  # noqa: E402

from minsheng import io, schema  # noqa: E402
from minsheng.analysis import compare, metrics, models, panel, population, reference, standards  # noqa: E402
from minsheng.analysis import per_beneficiary as per_beneficiary_analysis
from minsheng.analysis import per_goal as per_goal_analysis  # noqa: E402
from minsheng.errors import CheckError, InputError  # noqa: E402
from minsheng.extraction import clean  # noqa: E402
from minsheng.extraction.document import describe  # noqa: E402
from minsheng.extraction.reading import Report, read_report  # noqa: E402
from minsheng.paths import resolve  # noqa: E402
from minsheng.pipeline import collect  # noqa: E402
from minsheng.reporting import datapackage, html, plots  # noqa: E402

#: What a drawn plot became: the PNG's path, or the reason nothing was drawn.
Plot = Path | str


#: Beside each report's tables: the text its figures' offsets index, and what the report is.
TEXT_FILE, DOCUMENT_FILE = "text.txt", "document.json"

#: The values of the ``labels`` parameter: plot labels in Chinese (the default) or in English.
LABELS = ("zh", "en")


def _chinese(labels: str) -> bool:
    """``labels`` (``zh`` or ``en``) as the plots' ``chinese`` flag; anything else is an :class:`InputError`."""
    if labels not in LABELS:
        raise InputError(f"labels={labels!r} is not known; give labels=zh (Chinese, the default) or labels=en")
    return labels == "zh"


def _draw(plot, data, path: Path, **kwargs) -> Plot:
    out = plots.render(plot, data, path, **kwargs)
    return path if path.is_file() else getattr(out, "data", str(out))


@dataclass(frozen=True)
class CleanResult:
    report: Report
    figures: pd.DataFrame
    written: Path
    corrections: object = None  # minsheng.extraction.corrections.Applied
    document: dict = field(default_factory=dict)  #: what document.json holds


def clean_figures(report: str, doc_id: str, out_dir: str, corrections: str = "") -> CleanResult:
    """Step 10: ``figures.csv`` of one report (validated against the text before it is written), with
    ``text.txt`` (the text its offsets index) and ``document.json`` (what the report is) beside it.

    ``corrections``: the folder of corrections files (``""``: ``data/corrections/``;
    ``none``: none); the report's ``<doc_id>.csv`` there, if any, is applied first.
    """
    doc = read_report(resolve(report), doc_id or None)
    figures, applied = clean.corrected_table(doc, corrections)
    record = schema.validate_document(describe(doc), where=doc.doc_id)
    out = resolve(out_dir)
    io.write_text_atomic(out / TEXT_FILE, doc.text)
    io.write_json(record, out / DOCUMENT_FILE)
    return CleanResult(doc, figures, clean.write_figures(figures, out), applied, record)


@dataclass(frozen=True)
class PerBeneficiaryResult:
    figures: pd.DataFrame
    programs: pd.DataFrame
    unpaired: pd.DataFrame
    fit: object
    line: pd.DataFrame | None
    plots: dict[str, Plot] = field(default_factory=dict)


def per_beneficiary(figures_csv: str, out_dir: str, fig_dir: str, labels: str = "zh") -> PerBeneficiaryResult:
    """Step 20: ``programs.csv``, the log-log fit where it is honest, and two plots."""
    chinese = _chinese(labels)
    figures = io.read_figures(resolve(figures_csv))
    programs = per_beneficiary_analysis.programs_table(figures)
    io.write_csv(programs, resolve(out_dir) / schema.table("programs").file)
    fit = models.fit_spending_on_beneficiaries(programs)
    line = models.fit_line(fit, programs)
    figs = resolve(fig_dir)
    drawn = {
        "cost_per_beneficiary_year": _draw(plots.cost_per_beneficiary_year, programs,
                                           figs / "cost_per_beneficiary_year.png", chinese=chinese),
        "spending_vs_beneficiaries": _draw(plots.spending_vs_beneficiaries, programs,
                                           figs / "spending_vs_beneficiaries.png", line=line, chinese=chinese),
    }
    return PerBeneficiaryResult(figures, programs, per_beneficiary_analysis.unpaired(figures), fit, line, drawn)


@dataclass(frozen=True)
class PerGoalResult:
    figures: pd.DataFrame
    counted: pd.DataFrame
    totals: dict
    goals: pd.DataFrame
    outputs: pd.DataFrame
    plots: dict[str, Plot] = field(default_factory=dict)


def per_goal(figures_csv: str, out_dir: str, fig_dir: str, labels: str = "zh") -> PerGoalResult:
    """Step 21: ``goals.csv``, the report's totals and the plot of spending by goal."""
    chinese = _chinese(labels)
    figures = io.read_figures(resolve(figures_csv))
    with per_goal_analysis.reuse():
        totals = per_goal_analysis.totals(figures)
        goals = per_goal_analysis.goals_table(figures)
        counted = per_goal_analysis.counted_spending(figures)
    io.write_csv(goals, resolve(out_dir) / schema.table("goals").file)
    drawn = {"spending_by_goal": _draw(plots.spending_by_goal, goals, resolve(fig_dir) / "spending_by_goal.png",
                                       total_cny=totals["total_spending_cny"], chinese=chinese)}
    return PerGoalResult(figures, counted, totals, goals, per_goal_analysis.outputs_table(figures), drawn)


@dataclass(frozen=True)
class StandardsResult:
    figures: pd.DataFrame
    cpi: pd.DataFrame
    cpi_path: Path
    standards: pd.DataFrame
    plots: dict[str, Plot] = field(default_factory=dict)


def benefit_standards(figures_csv: str, out_dir: str, fig_dir: str, cpi_csv: str = "data/raw/reference/cpi_cn_yoy.csv",
                      labels: str = "zh") -> StandardsResult:
    """Step 22: ``standards.csv`` (nominal and real growth) and its plot."""
    chinese = _chinese(labels)
    figures = io.read_figures(resolve(figures_csv))
    cpi = reference.load_cpi(resolve(cpi_csv))
    table = standards.standards_table(figures, cpi)
    io.write_csv(table, resolve(out_dir) / schema.table("standards").file)
    drawn = {"standard_growth": _draw(plots.standard_growth, table, resolve(fig_dir) / "standard_growth.png", chinese=chinese)}
    return StandardsResult(figures, cpi, resolve(cpi_csv), table, drawn)


def headline_metrics(figures_csv: str, programs_csv: str, goals_csv: str, standards_csv: str,
                     out_dir: str, fig_dir: str = "", document_json: str = "") -> dict:
    """Step 29: ``metrics.json``, after checking the analysis tables against the figures they came from;
    with ``document_json``, the census population of the report's place beside its stated one."""
    with per_goal_analysis.reuse():
        headline = metrics.headline_metrics(
            io.read_figures(resolve(figures_csv)),
            io.read_table(resolve(programs_csv), "programs"),
            io.read_table(resolve(goals_csv), "goals"),
            io.read_table(resolve(standards_csv), "standards"),
        )
    headline.update(population.census_metrics(_read_document(document_json), headline))
    io.write_json(schema.validate_metrics(headline), resolve(out_dir) / "metrics.json")
    return headline


def _read_document(path: str) -> dict | None:
    """A report's ``document.json`` (None where ``path`` is empty); a missing or broken file is an :class:`InputError`."""
    if not path:
        return None
    import json

    p = resolve(path)
    try:
        return schema.validate_document(json.loads(p.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise InputError(f"{p}: no such file; run 10-clean-figures (minsheng run) on the report first") from None
    except (ValueError, CheckError) as exc:
        raise InputError(f"{p} is not a valid document.json ({exc}); run 10-clean-figures on the report again") from None


@dataclass(frozen=True)
class CompareResult:
    folders: list[Path]
    stacked: dict[str, pd.DataFrame]
    programs: pd.DataFrame
    standards: pd.DataFrame
    goals: pd.DataFrame
    cpi: pd.DataFrame
    cpi_path: Path
    price_year: int
    points: pd.DataFrame
    fit: object
    leave_one_out: pd.DataFrame
    plots: dict[str, Plot] = field(default_factory=dict)
    documents: pd.DataFrame | None = None  #: documents.csv: one row per report, same place and period flagged
    same_place: pd.DataFrame | None = None  #: same_place_figures.csv: common figures of one place and period


def compare_reports(runs_dir: str, out_dir: str, fig_dir: str, labels: str = "zh",
                    cpi_csv: str = "data/raw/reference/cpi_cn_yoy.csv", price_year: int = compare.PRICE_YEAR,
                    seed: int = 20240611) -> CompareResult:
    """Step 30: every report folder under ``runs_dir`` side by side (``compare_*.csv``, ``documents.csv`` and four plots).

    Amounts are also given in ``price_year`` prices (CPI of ``cpi_csv``); the
    model across reports is the fixed-effects slope on comparable points, its
    bootstrap (where used) seeded with ``seed``.
    """
    chinese = _chinese(labels)
    runs, out, figs = resolve(runs_dir), resolve(out_dir), resolve(fig_dir)
    cpi = reference.load_cpi(resolve(cpi_csv))
    folders = collect.report_folders(runs)
    stacked = collect.stack(runs)
    documents = compare.documents_comparison(stacked["documents"], stacked["metrics"])
    cmp_programs = compare.programs_comparison(stacked["programs"], cpi, price_year, documents)
    cmp_standards = compare.standards_comparison(stacked["standards"], documents)
    cmp_goals = compare.goals_comparison(stacked["goals"], stacked["metrics"], cpi, price_year, documents)
    cmp_metrics = panel.with_places(stacked["metrics"], documents, "compare_metrics")
    same_place = panel.same_place_figures(documents, stacked["figures"])
    for name, df in (("compare_metrics", cmp_metrics), ("compare_programs", cmp_programs),
                     ("compare_standards", cmp_standards), ("compare_goals", cmp_goals),
                     ("compare_documents", documents), ("compare_same_place", same_place)):
        io.write_csv(df, out / schema.table(name).file)
    points = compare.model_points(stacked["programs"], stacked["figures"])
    fit = models.fit_fixed_effects(points, seed=seed)
    loo = models.leave_one_out(points)
    drawn = {
        "cost_per_beneficiary_year_by_report": _draw(plots.cost_per_beneficiary_year_by_report, cmp_programs,
                                                     figs / "cost_per_beneficiary_year_by_report.png",
                                                     figsize=plots.across_figsize(cmp_programs), chinese=chinese),
        "standards_cagr_by_report": _draw(plots.standards_cagr_by_report, cmp_standards,
                                          figs / "standards_cagr_by_report.png",
                                          figsize=plots.across_figsize(cmp_standards), chinese=chinese),
        "goal_shares_by_report": _draw(plots.goal_shares_by_report, cmp_goals, figs / "goal_shares_by_report.png",
                                       figsize=plots.across_figsize(cmp_goals) or plots.report_figsize(cmp_goals),
                                       chinese=chinese),
        "spending_vs_beneficiaries_across_reports": _draw(plots.spending_vs_beneficiaries_by_report, points,
                                                          figs / "spending_vs_beneficiaries_across_reports.png",
                                                          figsize=plots.across_figsize(points), fit=fit,
                                                          chinese=chinese),
    }
    return CompareResult(folders, stacked, cmp_programs, cmp_standards, cmp_goals, cpi, resolve(cpi_csv), price_year,
                         points, fit, loo, drawn, documents, same_place)


@dataclass(frozen=True)
class PanelResult:
    documents: pd.DataFrame  #: documents.csv of the batch
    coverage: panel.Coverage
    standards: pd.DataFrame  #: panel_standards.csv
    growth: pd.DataFrame  #: panel_growth.csv
    costs: pd.DataFrame  #: cost per recipient-year of one year, by place and year (from compare_programs)
    fits: dict  #: standard -> (PanelFit or None, why not)
    cpi_path: Path
    price_year: int
    plots: dict[str, Plot] = field(default_factory=dict)


def panel_reports(runs_dir: str, out_dir: str, fig_dir: str, labels: str = "zh",
                  cpi_csv: str = "data/raw/reference/cpi_cn_yoy.csv",
                  price_year: int = compare.PRICE_YEAR) -> PanelResult:
    """Step 31: the reports under ``runs_dir`` as a panel of places and years (``panel_*.csv`` and two plots).

    Run after step 30 when the reports cover two or more places or periods
    (:attr:`minsheng.analysis.panel.Coverage.is_panel`). Levels in ``price_year``
    prices (CPI of ``cpi_csv``); a model for every standard that enough places
    state in two or more years.
    """
    chinese = _chinese(labels)
    runs, out, figs = resolve(runs_dir), resolve(out_dir), resolve(fig_dir)
    cpi = reference.load_cpi(resolve(cpi_csv))
    stacked = collect.stack(runs)
    documents = compare.documents_comparison(stacked["documents"], stacked["metrics"])
    levels = panel.standards_panel(documents, stacked["figures"], cpi, price_year)
    growth = panel.standards_growth(levels)
    costs = panel.costs_panel(compare.programs_comparison(stacked["programs"], cpi, price_year, documents))
    io.write_csv(levels, out / schema.table("compare_panel_standards").file)
    io.write_csv(growth, out / schema.table("compare_panel_growth").file)
    fits = {word: panel.fit_standards_panel(levels, word) for word in sorted(set(levels["standard"]))}
    drawn = {
        "standards_by_place": _draw(plots.standards_by_place, levels, figs / "standards_by_place.png",
                                    figsize=(8.0, 4.8), chinese=chinese),
        "cost_per_recipient_by_place": _draw(plots.cost_per_recipient_by_place, costs,
                                             figs / "cost_per_recipient_by_place.png", figsize=(8.0, 4.8),
                                             chinese=chinese),
    }
    return PanelResult(documents, panel.coverage(documents), levels, growth, costs, fits, resolve(cpi_csv),
                       price_year, drawn)


def finish_report(folder: Path, doc_id: str, report_path, corrections: str = "") -> None:
    """After the steps: ``datapackage.json``, the executed notebooks as HTML, ``_build/report.html`` and
    ``_build/summary.json`` (the report's row of the batch's page).

    ``corrections``: the folder of corrections files the clean step took (named as a source and on the page).
    """
    folder = Path(folder)
    datapackage.write_datapackage(folder, doc_id, report_path, corrections)
    html.render_notebooks(folder / "_build")
    page, summary = html.report_page(folder, doc_id, report_path, corrections)
    io.write_text_atomic(folder / "_build" / "report.html", page)
    html.write_index_summary(folder, summary)
