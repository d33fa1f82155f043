"""Shared fixtures: paths anchored on this file, never on the current folder."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "raw" / "yingquan_minsheng_2016_2020.txt"
#: The bundled report's figures, reviewed line by line against the report (and by a second reviewer): the
#: committed dataset is the one reviewed baseline. A change to it is reviewed and committed with its cause.
REVIEWED_FIGURES = ROOT / "data" / "processed" / "yingquan_minsheng_2016_2020" / "figures.csv"
FIXTURES = ROOT / "tests" / "fixtures"


def run_cli(*args, cwd=None, timeout=600, env=None):
    """Run ``python -m minsheng.cli ARGS`` in a subprocess; return the CompletedProcess."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "minsheng.cli", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, timeout=timeout, env=full_env,
    )


@contextlib.contextmanager
def _minsheng_logger_kept():
    """Put the ``minsheng`` logger back as it was: ``cli.main`` configures it (a handler on the stderr of the
    moment, no propagation), which must not outlive an in-process call."""
    logger = logging.getLogger("minsheng")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    try:
        yield
    finally:
        logger.handlers[:] = saved[0]
        logger.setLevel(saved[1])
        logger.propagate = saved[2]


@pytest.fixture(autouse=True)
def _minsheng_logger_restored():
    with _minsheng_logger_kept():
        yield


def _main(args) -> int:
    from minsheng.cli import main

    try:
        return main([str(a) for a in args])
    except SystemExit as exc:  # argparse's --help and --version exit; the real process would too
        return exc.code if isinstance(exc.code, int) else 1


@pytest.fixture
def cli(capsys):
    """``cli(*args)``: ``minsheng.cli.main(args)`` in this process, its stdout and stderr read with capsys.

    Returns what :func:`run_cli` returns (``returncode``, ``stdout``, ``stderr``) without starting a Python
    process and importing the package again (about 0.7 s a call). Tests about the process itself (signals,
    pipes, the real process's encoding and environment) use :func:`run_cli`.
    """
    def call(*args):
        capsys.readouterr()  # what the test printed before is not the command's
        with _minsheng_logger_kept():
            code = _main(args)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["minsheng", *map(str, args)], code, out, err)

    return call


def run_in_process(*args):
    """``minsheng.cli.main(args)`` in this process with stdout and stderr captured, for fixtures wider than a
    test (capsys is per test); returns what :func:`run_cli` returns."""
    out, err = io.StringIO(), io.StringIO()
    with _minsheng_logger_kept(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = _main(args)
    return subprocess.CompletedProcess(["minsheng", *map(str, args)], code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def bundled_run(tmp_path_factory) -> Path:
    """The bundled report's folder after one ``minsheng run`` with notebooks, shared by the whole session.

    Every notebook of the pipeline runs once, in fresh kernels; tests read its products and never write
    into the folder. A test that compares two runs makes its own second run.
    """
    out = tmp_path_factory.mktemp("bundled_run")
    proc = run_in_process("run", "--out", out)
    assert proc.returncode == 0, proc.stderr
    return out / "yingquan_minsheng_2016_2020"


@pytest.fixture
def bundled_text() -> str:
    return BUNDLED.read_text(encoding="utf-8")


@pytest.fixture
def ax():
    """A fresh Axes, closed after the test."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots()
    yield axes
    plt.close(fig)


def axes_texts(ax) -> list[str]:
    """Every text a reader sees on ``ax``: titles, axis labels, tick labels, annotations, legend."""
    out = [ax.get_title(loc=loc) for loc in ("left", "center", "right")] + [ax.get_xlabel(), ax.get_ylabel()]
    out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    out += [t.get_text() for t in ax.texts]
    if ax.get_legend():
        out += [t.get_text() for t in ax.get_legend().get_texts()]
        out.append(ax.get_legend().get_title().get_text())
    return out


def markdown_outputs(nb_path) -> str:
    """The Markdown a notebook displayed, asserting that no cell failed."""
    import nbformat

    out = []
    for c in nbformat.read(nb_path, as_version=4).cells:
        for o in c.get("outputs", []):
            assert o.output_type != "error"
            out.append(o.get("data", {}).get("text/markdown", ""))
    return "\n".join(out)


S1 = "五年来，累计发放低保金100万元、受益200人次，为50名孤儿拨付生活保障补助60万元。"


def make_figures(*rows: dict, doc_id: str = "tiny") -> pd.DataFrame:
    """A figures table from a few hand-written rows (missing columns get plain defaults).

    Each row needs figure_id, value_norm, unit_norm, metric and program; ``start``
    defaults to the row's position × 10, ``sentence`` to S1, ``period`` to 2016-2020.
    """
    from minsheng.extraction.clean import typed

    full = []
    sentence_ids: dict[str, int] = {}  # one made-up offset per distinct sentence
    for i, r in enumerate(rows):
        d = {
            "doc_id": doc_id, "start": i * 10, "end": i * 10 + 3, "text": str(r.get("text", r["value_norm"])),
            "value": r["value_norm"], "unit_raw": "", "qualifier": "exact", "period": "2016-2020",
            "goal": "social_assistance", "program_en": "", "sentence": S1, "pair_role": "", "pair_figure_id": "",
            "months": None, "status": "actual", "parent_figure_id": "", "relation": "", "inferred": "",
            "source": "rule", "page": None,
        }
        d.update(r)
        d.setdefault("period_kind", "" if not d["period"] else ("span" if "-" in d["period"] else "year"))
        k = sentence_ids.setdefault(d["sentence"], len(sentence_ids))
        d.setdefault("sentence_start", 100_000 * k)
        d.setdefault("sentence_end", 100_000 * k + len(d["sentence"]))
        full.append(d)
    return typed(pd.DataFrame(full))


@pytest.fixture(scope="session")
def bundled_figures() -> pd.DataFrame:
    from minsheng.extraction.clean import figures_table
    from minsheng.extraction.reading import read_report

    return figures_table(read_report(BUNDLED))


@pytest.fixture
def no_cjk_font(monkeypatch):
    """Plots as on a machine without a CJK font: English labels."""
    from minsheng.reporting import plot_style

    monkeypatch.setattr(plot_style, "cjk_font", lambda: None)


@pytest.fixture
def fake_cjk_font(monkeypatch):
    """Pretend a CJK font is installed (labels only: nothing is drawn to pixels)."""
    from minsheng.reporting import plot_style

    monkeypatch.setattr(plot_style, "cjk_font", lambda: "DejaVu Sans")


def run_steps(report, doc_id: str, runs: Path) -> Path:
    """A report's tables in ``runs/<doc_id>/`` after every step, in-process (no kernel, no finish_report)."""
    from minsheng.pipeline import steps

    out = runs / doc_id
    figs = str(out / "_build" / "figures")
    steps.clean_figures(str(report), doc_id, str(out))
    fc = str(out / "figures.csv")
    steps.per_beneficiary(fc, str(out), figs)
    steps.per_goal(fc, str(out), figs)
    steps.benefit_standards(fc, str(out), figs)
    steps.headline_metrics(fc, str(out / "programs.csv"), str(out / "goals.csv"), str(out / "standards.csv"),
                           str(out), document_json=str(out / "document.json"))
    return out


def make_report(text_or_path, out: Path, doc_id: str) -> Path:
    """A report's folder after every step and finish_report, in-process (no kernel).

    ``text_or_path``: a report file, or a text written to ``<doc_id>.txt`` beside ``out``.
    """
    from minsheng.pipeline import steps

    report = Path(text_or_path) if isinstance(text_or_path, Path) else out.parent / f"{doc_id}.txt"
    if not isinstance(text_or_path, Path):
        report.write_text(text_or_path, encoding="utf-8")
    build = out / "_build"
    steps.clean_figures(str(report), doc_id, str(out))
    figures = str(out / "figures.csv")
    steps.per_beneficiary(figures, str(out), str(build / "figures"))
    steps.per_goal(figures, str(out), str(build / "figures"))
    steps.benefit_standards(figures, str(out), str(build / "figures"))
    steps.headline_metrics(figures, str(out / "programs.csv"), str(out / "goals.csv"), str(out / "standards.csv"),
                           str(out), document_json=str(out / "document.json"))
    steps.finish_report(out, doc_id, report)
    return out


#: A short 政府工作报告 delivered in 2027: a past-year and a five-year review, then 2027 targets (tests of the document reading and of each figure's period and status).
WORK_REPORT = (
    "云岭市人民政府工作报告\n"
    "——2027年1月12日在云岭市第九届人民代表大会第三次会议上\n"
    "各位代表：\n"
    "一、过去一年和过去五年工作回顾\n"
    "过去一年，全市城镇新增就业5.6万人，发放城乡低保金4.2亿元。\n"
    "新建、改扩建中小学11所。\n"
    "过去五年，累计改造农村危房1.8万户。\n"
    "二、2027年工作安排\n"
    "今年全市经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，城镇新增就业5万人以上。\n"
    "新建普惠性幼儿园8所，新增养老床位1200张。\n"
)
