"""The analysis notebooks (20, 21, 22, 29): their shape, and runs under papermill on two reports.

One report is the bundled one (the session's ``minsheng run``, the ``bundled_run`` fixture of
conftest); the other is a small hand-written report with no standard, no stated total and no
spending/beneficiaries pair, where every notebook must say so in prose instead of failing or
drawing an empty plot.
"""

from __future__ import annotations

import ast
import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from conftest import ROOT, markdown_outputs
from minsheng import io
from minsheng.pipeline.runner import ipc_kernel_manager

NOTEBOOKS = ROOT / "notebooks"
ANALYSES = ("20-per-beneficiary", "21-per-goal", "22-benefit-standards")
HEADLINE = "29-headline-metrics"
DEFAULT_DIR = "data/processed/yingquan_minsheng_2016_2020"  # read only: the committed dataset
BUILD_DIR = "build/notebooks/yingquan_minsheng_2016_2020"  # git-ignored: where a notebook run by hand writes
EXPECTED_PARAMETERS = {
    "20-per-beneficiary": {"figures_csv": f"{DEFAULT_DIR}/figures.csv", "out_dir": BUILD_DIR,
                           "fig_dir": f"{BUILD_DIR}/figures", "labels": "zh"},
    "21-per-goal": {"figures_csv": f"{DEFAULT_DIR}/figures.csv", "out_dir": BUILD_DIR,
                    "fig_dir": f"{BUILD_DIR}/figures", "labels": "zh"},
    "22-benefit-standards": {"figures_csv": f"{DEFAULT_DIR}/figures.csv", "out_dir": BUILD_DIR,
                             "fig_dir": f"{BUILD_DIR}/figures",
                             "cpi_csv": "data/raw/reference/cpi_cn_yoy.csv", "labels": "zh"},
    "29-headline-metrics": {"figures_csv": f"{DEFAULT_DIR}/figures.csv", "out_dir": BUILD_DIR,
                            "fig_dir": f"{BUILD_DIR}/figures",
                            "programs_csv": f"{DEFAULT_DIR}/programs.csv", "goals_csv": f"{DEFAULT_DIR}/goals.csv",
                            "standards_csv": f"{DEFAULT_DIR}/standards.csv",
                            "document_json": f"{DEFAULT_DIR}/document.json"},
}


def test_no_notebook_writes_into_the_committed_dataset_by_default():
    for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
        params = [c for c in nbformat.read(nb, as_version=4).cells if "parameters" in c.metadata.get("tags", [])][0]
        for node in ast.parse(params.source).body:
            name, value = node.targets[0].id, node.value.value
            if name in ("out_dir", "fig_dir"):
                assert value.startswith("build/"), f"{nb.name}: {name} = {value!r} is not under the git-ignored build/"
    assert "build/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


# no 由…提高到 standard, no overall total, no spending next to its recipients;
# one budget total (outside scope) and a few outputs
TINY_REPORT = """某县2021年民生实事进展情况
2021年，全县新建幼儿园3所，开展技能培训1200人次，改造农村危房120户。
全年全县医疗卫生支出2.5亿元，城乡居民医疗服务水平逐步提升。
"""


def _cells(name):
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4).cells


@pytest.mark.parametrize("name", [*ANALYSES, HEADLINE])
def test_notebook_shape(name):
    cells = _cells(name)
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    assert "Purpose" in cells[0].source and "Input" in cells[0].source and "Output" in cells[0].source
    ids = [c.id for c in cells]
    assert len(set(ids)) == len(ids)
    params = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    tree = ast.parse(params[0].source)
    values = {}
    for node in tree.body:  # literals only: a derived value would not follow an override
        assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant), ast.dump(node)
        values[node.targets[0].id] = node.value.value
    assert values == EXPECTED_PARAMETERS[name]
    for c in cells:
        if c.cell_type == "code":
            assert not c.outputs and c.execution_count is None  # committed without outputs
            assert not any(isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                           for n in ast.walk(ast.parse(c.source)))


def _papermill(name, out_nb, params, km):
    """Execute one notebook in-process (papermill is imported once); return the error or None."""
    import papermill

    try:
        papermill.execute_notebook(
            str(NOTEBOOKS / f"{name}.ipynb"), str(out_nb), parameters={k: str(v) for k, v in params.items()},
            cwd=str(ROOT), progress_bar=False, log_output=False, kernel_manager_class=km,
        )
    except Exception as exc:  # reported by the fixture with the notebook's name
        return f"{type(exc).__name__}: {exc}"
    return None


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Execute the four notebooks on the tiny report; ``{report: folder}``."""
    from minsheng.extraction.clean import figures_table, write_figures
    from minsheng.extraction.reading import read_report

    root = tmp_path_factory.mktemp("analysis")
    tiny = root / "tiny_county_2021.txt"
    tiny.write_text(TINY_REPORT, encoding="utf-8")
    folders = {"tiny": root / "tiny"}  # the bundled report's run is the session's (bundled_run)
    write_figures(figures_table(read_report(tiny)), folders["tiny"])
    jobs = []
    for key, d in folders.items():
        base = {"figures_csv": d / "figures.csv", "out_dir": d, "fig_dir": d / "figures"}
        for name in ANALYSES:
            jobs.append((key, name, base))
    sockets = tempfile.TemporaryDirectory(prefix="mskt-")  # short path: unix sockets have a length limit
    km = ipc_kernel_manager(sockets.name)

    def run(job):
        key, name, params = job
        return job, _papermill(name, folders[key] / f"{name}.ipynb", params, km)

    workers = max(2, min(6, os.cpu_count() or 2))
    with sockets, ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(run, jobs))
        heads = [(key, HEADLINE, {"figures_csv": d / "figures.csv", "programs_csv": d / "programs.csv",
                                  "goals_csv": d / "goals.csv", "standards_csv": d / "standards.csv",
                                  "out_dir": d, "fig_dir": d / "figures"}) for key, d in folders.items()]
        results += list(pool.map(run, heads))
    for (key, name, _p), error in results:
        assert error is None, f"{name} on {key} failed: {error[-3000:]}"
    return folders


def _pngs(nb_path) -> int:
    nb = nbformat.read(nb_path, as_version=4)
    return sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.notebooks
def test_bundled_report_products(bundled_run):
    import pandas as pd

    from minsheng.analysis import metrics, population
    from minsheng.io import read_figures

    d, executed = bundled_run, bundled_run / "_build" / "notebooks"  # the runner's layout: notebooks, plots in _build
    programs = io.read_table(d / "programs.csv", "programs")
    goal_table = io.read_table(d / "goals.csv", "goals")
    standards_table = io.read_table(d / "standards.csv", "standards")
    assert len(programs) == 6 and len(standards_table) == 4
    assert {p.name for p in (d / "_build" / "figures").iterdir()} == {
        "cost_per_beneficiary_year.png", "spending_vs_beneficiaries.png", "spending_by_goal.png", "standard_growth.png"}
    for name in ANALYSES:
        assert _pngs(executed / f"{name}.ipynb") >= 1
    # metrics.json is what the library computes from the same tables
    m = json.loads((d / "metrics.json").read_text(encoding="utf-8"))
    figures = read_figures(d / "figures.csv")
    headline = metrics.headline_metrics(figures, programs, goal_table, standards_table)
    document = json.loads((d / "document.json").read_text(encoding="utf-8"))
    assert m == {**headline, **population.census_metrics(document, headline)}
    assert m["population_census_2020"] == 598004 and m["population"] == 700000  # the census beside the stated 70多万
    assert m["total_spending_cny"] == pytest.approx(5_793_000_000)
    # CSV format of the contract: \n line ends, no index, header first
    raw = (d / "programs.csv").read_bytes()
    assert b"\r\n" not in raw and raw.startswith(b"doc_id,goal,program,program_en,spending_cny")
    assert pd.read_csv(d / "goals.csv").columns[:5].tolist() == [
        "doc_id", "goal", "spending_cny", "share_of_total", "n_figures"]
    text = markdown_outputs(executed / "20-per-beneficiary.ipynb")
    assert "person-times" in text and "n = 6" in text and "cannot tell" in text


@pytest.mark.notebooks
def test_tiny_report_says_what_is_missing(runs):

    d = runs["tiny"]
    assert io.read_table(d / "programs.csv", "programs").empty
    assert io.read_table(d / "standards.csv", "standards").empty
    goal_table = io.read_table(d / "goals.csv", "goals")
    assert goal_table.set_index("goal").loc["health", "outside_scope_cny"] == pytest.approx(250_000_000)
    assert not (d / "figures").exists() or not any((d / "figures").iterdir())  # no empty plots
    for name in (*ANALYSES, HEADLINE):
        assert _pngs(d / f"{name}.ipynb") == 0
    assert "states no program with both" in markdown_outputs(d / "20-per-beneficiary.ipynb")
    assert "No model" in markdown_outputs(d / "20-per-beneficiary.ipynb")
    t21 = markdown_outputs(d / "21-per-goal.ipynb")
    assert "states no total" in t21 and "No plot of spending by goal" in t21
    assert "no benefit standard" in markdown_outputs(d / "22-benefit-standards.ipynb")
    m = json.loads((d / "metrics.json").read_text(encoding="utf-8"))
    assert m["total_spending_cny"] is None and m["n_programs"] == 0 and m["n_standards"] == 0
    assert m["outside_scope_cny"] == pytest.approx(250_000_000)
